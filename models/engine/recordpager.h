#pragma once

#include "engine.h"

#include <optional>

namespace grumble {

//! Reads the result of a findAll a page of root records at a time, with the same include tree on
//! every page, so a caller can show the first records of a query of any size at once.
//!
//! The window is the one the options describe: `offset` skips root records, `limit` caps them (no
//! limit: every root record). Page k holds the window's rows [k * pageSize, (k + 1) * pageSize).
//! Each page is one findAll, so it costs one statement per include level whatever its number;
//! roots come in primary-key order (the engine's tie-break after any `order` of the options).
//! Without an `order` on a single-column key a page is read by key after the page before it
//! (`where: {$and: [where, {id: {$gt: last}}]}`), a page in the second half of a counted window by
//! counting from its end in the reversed order, and any other page by limit/offset.
class RecordPager
{
public:
    RecordPager(Engine &engine, const Model &model, const FindOptions &options, int pageSize = 500);

    const Model &model() const { return *m_model; }
    const FindOptions &options() const { return m_options; }
    int pageSize() const { return m_pageSize; }
    //! Whether pages can be read by key (no `order`, a single-column key that is selected).
    bool byKey() const { return !m_pk.isEmpty(); }
    //! The key attribute pages are read by (empty when !byKey()).
    QString keyAttribute() const { return m_pk; }

    //! The number of rows in the window: min(limit, count - offset); runs one COUNT (which honours
    //! the where and the required includes) the first time.
    Result<qint64> total();
    //! total() if it has run (or setTotal()).
    std::optional<qint64> knownTotal() const { return m_total; }
    //! Whether total() ran a COUNT (lastSql() is then the count's until the next read()).
    bool counted() const { return m_counted; }
    //! Sets the window's size when the caller found it out (a short first page) without a COUNT.
    void setTotal(qint64 rows)
    {
        m_total = rows;
        m_count = m_options.offset.value_or(0) + rows;
    }
    //! The rows page `k` holds when the total is known, else at most (pageSize or the limit's rest).
    qint64 pageRows(int k) const;
    int pageCount() const;

    //! Reads page `k`. `after` is the key of the last record of page k - 1 when the caller has it:
    //! the page is then read by key.
    Result<RecordList> read(int k, const QVariant &after = QVariant());
    //! The options read() used for page k (for display).
    FindOptions pageOptions(int k, const QVariant &after, bool *reversed = nullptr) const;

    //! Statements run so far (pages and the count).
    quint64 statements() const { return m_statements; }
    //! The statements of the last read() or total(), each with its bindings.
    QStringList lastSql() const { return m_lastSql; }

private:
    Engine &m_engine;
    const Model *m_model;
    FindOptions m_options;
    int m_pageSize;
    QString m_pk;
    std::optional<qint64> m_total;
    bool m_counted = false;
    qint64 m_count = 0; //!< rows matching the where (before offset and limit)
    quint64 m_statements = 0;
    QStringList m_lastSql;
};

} // namespace grumble

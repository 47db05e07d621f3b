#pragma once

#include "cursor.h"

#include <QByteArray>
#include <QVarLengthArray>

#include <sqlite3.h>

#include <utility>

namespace grumble {

//! SQLite through its own API on the handle QSQLITE opened: no per-row copies into Qt's cache, no
//! UTF-16 round trip, and binding without placeholder-name lookups. Built only with SQLite3.
class SqliteCursor final : public Cursor
{
public:
    //! Takes ownership of `statement` (finalized in the destructor).
    SqliteCursor(sqlite3 *db, sqlite3_stmt *statement, const Dialect &dialect);
    ~SqliteCursor() override;

    bool run(const QVariantList &bindings, DriverError *error) override;
    bool next() override;
    bool isNull(int column) const override
    {
        return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
    }
    QVariant value(int column) const override;
    QVariant typed(int column, DataType type) const override;
    qint64 integer(int column) const override;
    void read(int column, DataType type, ValuesBuilder &out, int index) const override;
    int numRowsAffected() const override { return m_changes; }
    bool rowsAffectedPending() const override { return m_changesPending; }
    void finish() override;
    bool isSelect() const override { return sqlite3_stmt_readonly(m_statement) != 0; }

private:
    //! UTF-8 of the texts bound in one run, so a QString shared by many bindings (a bulk insert's
    //! timestamps) is converted once.
    using TextCache = QVarLengthArray<std::pair<QString, QByteArray>, 8>;

    //! Binds one value to placeholder `index` (1-based); an SQLite result code.
    int bind(int index, const QVariant &value, TextCache &texts);
    int bindText(int index, const QString &text, TextCache &texts);
    //! The first step after binding: a row, done, or an error.
    bool step(DriverError *error);
    //! Whether read() could store the column without a QVariant; false leaves `out` untouched.
    bool readNative(int column, DataType type, ValuesBuilder &out, int index) const;
    //! The native value for an attribute type, or an invalid QVariant when the dialect must decode.
    QVariant typedNative(int column, int storage, DataType type) const;
    QString text(int column) const;
    const char *utf8(int column) const
    {
        return reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    }
    bool fail(DriverError *error) const;

    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    const Dialect &m_dialect;
    bool m_pending = false; //!< the first row is already stepped to
    bool m_done = true;
    int m_changes = 0;
    bool m_changesPending = false; //!< a write's RETURNING rows are being read: changes still to count
    //! The changes of a completed write with RETURNING, told to rowsAffectedKnown.
    void countChanges();
};

} // namespace grumble

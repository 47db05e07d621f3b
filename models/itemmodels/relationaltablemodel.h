#pragma once

#include "engine.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVector>

#include <memory>

class QSqlRelationalTableModel;

namespace grumble {

//! The table of one model, read a window at a time. The columns and the foreign-key relations are
//! those of a QSqlRelationalTableModel in LeftJoin mode (definition(), never selected over the whole
//! table): a foreign key shows its parent's display column, rows with a NULL key stay visible, and
//! the raw key values sit in hidden trailing columns so a row can always be traced back to its
//! record. Rows come from a page cache: the first page is read first (a short one is the whole
//! table, no COUNT), then rowCount() is one COUNT(*), which selectFirstPage() leaves for later (a
//! view shows the first rows before a million are counted); each page of pageSize() rows is
//! one statement (keyset `WHERE pk > ?` after the page before it, otherwise the page's keys by
//! LIMIT/OFFSET over the primary key alone, then the LEFT JOINed rows for those keys; in the second
//! half in the reversed order from the end, so the last page is as cheap as the first), and pages
//! away from the ones read last are evicted, so memory stays bounded whatever the table's size.
//! Values, filter text included, are always bound; identifiers are quoted by the engine's dialect.
//! Read-only by intent: edits go through the engine (a session), then the model re-selects.
class RelationalTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    RelationalTableModel(Engine &engine, const Model &model, QObject *parent = nullptr);
    ~RelationalTableModel() override;

    const Model &schemaModel() const { return *m_model; }
    //! The column/relation definition: a QSqlRelationalTableModel in LeftJoin mode (not selected).
    const QSqlRelationalTableModel &definition() const { return *m_definition; }
    //! The column showing an attribute (-1 if none).
    int columnOf(const QString &attribute) const { return m_columnOf.value(attribute, -1); }
    //! The attribute a column shows; empty for the hidden key columns.
    QString attributeAt(int column) const;
    //! Columns that show attributes; the hidden key columns follow them.
    int attributeColumnCount() const { return int(m_fields.size()); }
    //! The stored value of an attribute in a row (the id, not the parent's name).
    QVariant rawValue(int row, const QString &attribute) const;
    //! The primary key of a row as {attribute: value}.
    QVariantMap keyOf(int row) const;
    //! The row with this key, or -1. Counts the rows before it in the current order (one COUNT);
    //! for a composite key it looks among the first `limit` rows.
    int findRow(const QVariantMap &key, int limit = 100000);

    //! Keeps rows whose `attribute` contains `text` (bound, wildcards escaped); empty clears.
    void setTextFilter(const QString &attribute, const QString &text);
    bool isFiltered() const { return !m_filterField.isEmpty(); }
    //! Whether select() has run (rowCount() is then the table's count, unless filtered or
    //! isCountPending()).
    bool isSelected() const { return m_selected; }
    //! Orders by a column (a foreign key by its parent's display value), then by the primary key;
    //! -1: by the primary key. Takes effect on the next select().
    void setSort(int column, Qt::SortOrder order);
    int sortColumn() const { return m_sortColumn; }
    //! Drops every cached page, reads the first one and counts the rows unless that page was short
    //! (a model reset).
    bool select();
    //! select() without the COUNT: rowCount() is the first page's rows until fetchCount() runs it
    //! and inserts the rest (canFetchMore()/fetchMore() too, which a view calls when its last row
    //! shows; RecordTableView calls it after its first paint). A short first page needs no count.
    bool selectFirstPage();
    //! Whether the rows past the first page are still to be counted.
    bool isCountPending() const { return m_countPending; }
    //! Runs the pending COUNT and inserts the rows it found; true when nothing is pending.
    bool fetchCount();
    QSqlError lastError() const { return m_lastError; }

    //! Rows per page (default 256) and pages kept (default 48); changing them drops the cache.
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    void setMaxCachedPages(int pages);
    int maxCachedPages() const { return m_maxPages; }
    int cachedPageCount() const { return int(m_pages.size()); }
    //! Statements the model has run (counts and pages), for tests and benchmarks.
    quint64 statementCount() const { return m_statements; }
    //! The page statements as prepared, for tests ({offset page, keyset page, count}).
    QStringList statements() const { return { m_pageSql, m_keysetSql, m_countSql }; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    //! Re-reads in the new order from the first page; the count follows (as selectFirstPage()).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    //! The COUNT ran: rowCount() is the table's (filtered) size.
    void counted(int rows);

private:
    struct Page
    {
        QVector<QVector<QVariant>> rows;
        quint64 used = 0;
    };
    const QVector<QVariant> *rowAt(int row) const;
    const Page &page(int number) const;
    void loadPage(int number, Page &into) const;
    //! The reset of select() / selectFirstPage(): the first page, and the count when `count`.
    bool reselect(bool count);
    bool runCount(qint64 *rows);
    bool runQuery(QSqlQuery &q, const QString &sql, const QVariantList &bindings) const;
    void buildStatements();
    bool orderedByKey() const;
    QString qualified(const QString &field) const;

    Engine &m_engine;
    const Model *m_model;
    std::unique_ptr<QSqlRelationalTableModel> m_definition;
    QHash<QString, int> m_columnOf;
    QStringList m_fields;        //!< the table's columns, in order
    QStringList m_keyAttributes; //!< attributes with a hidden raw column, in order
    QString m_filterField;
    QString m_filterPattern;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_pageSize = 256;
    int m_maxPages = 48;
    int m_rows = 0;
    bool m_selected = false;
    bool m_countPending = false; //!< rowCount() is the first page's size; the COUNT is still to run

    QString m_pageSql, m_reversedPageSql, m_keysetSql, m_countSql, m_positionSql, m_positionNullSql, m_sortValueSql;
    mutable QSqlQuery m_pageQuery, m_keysetQuery;
    mutable QHash<int, Page> m_pages;
    mutable quint64 m_clock = 0;
    mutable quint64 m_statements = 0;
    mutable int m_lastPageNumber = -1;
    mutable const Page *m_lastPage = nullptr;
    mutable QSqlError m_lastError;
};

} // namespace grumble

#pragma once

#include "engine.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

#include <atomic>
#include <memory>
#include <optional>

class QSqlRelationalTableModel;

namespace grumble {

class BackgroundReader;
struct BackgroundAnswer;

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
//! Every statement runs through the engine's Connection (its prepared-statement cache), under an
//! action name in the SQL log ("pugs table page 3", "pugs table count", "pugs table position"),
//! and fails with the engine's typed Error. Cells are typed the engine's way (Cursor::typed() with
//! the attribute's type; a relation's display column with the parent's display attribute type), so
//! a DATE is a UTC QDateTime on every database.
//! With a BackgroundReader and a table larger than synchronousRowLimit() rows, no read runs on the
//! UI thread: a page not in memory shows empty cells until the reader brings it (dataChanged,
//! rowsRead()), a new sort or filter keeps the old rows on screen until its first page comes
//! (isReading(), then a reset), and reread() refreshes the rows in place after a change.
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
    //! a composite key is found by numbering the rows (one statement). Never walks pages; `limit`
    //! is ignored (kept for callers).
    int findRow(const QVariantMap &key, int limit = 100000);
    //! The first row at or after `from` (wrapping to the top with Qt::MatchWrap) whose shown value in
    //! `column` (a foreign key's parent name) matches `text` as `flags` say (starts with, contains,
    //! ends with, the whole text; case-insensitive unless Qt::MatchCaseSensitive), in the current
    //! order and filter: ONE statement, whatever the table's size; -1 when none.
    int findText(int column, const QString &text, int from, Qt::MatchFlags flags);
    //! Type-to-search (hits 1, a display or edit role, a match LIKE can say) is findText(); any
    //! other match looks only at the rows in memory: never a page-by-page walk of the table.
    QModelIndexList match(const QModelIndex &start, int role, const QVariant &value, int hits,
                          Qt::MatchFlags flags) const override;

    //! Roles besides Display/Edit: NullRole is true for an SQL NULL cell (shown as an italic "NULL";
    //! an empty string stays empty).
    enum Roles { NullRole = Qt::UserRole + 1 };

    //! Keeps rows whose `attribute` contains `text` (bound, wildcards escaped); empty clears. A
    //! foreign key matches what its column shows: the parent's display attribute, not the id.
    void setTextFilter(const QString &attribute, const QString &text);
    bool isFiltered() const { return m_filterColumn >= 0; }
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
    //! Reads counts and searches on `reader`'s connection in its thread (nullptr: on the UI
    //! thread, through the engine's connection), and pages too once the table is known to have
    //! more than synchronousRowLimit() rows; the model does not own it.
    void setBackgroundReader(BackgroundReader *reader);
    //! Tables of at most this many rows (default 20,000) read their pages on the UI thread (a few
    //! milliseconds whatever the sort): their rows are there when a call returns.
    void setSynchronousRowLimit(int rows) { m_syncRowLimit = rows; }
    int synchronousRowLimit() const { return m_syncRowLimit; }
    //! Whether pages, sorts, filters and re-reads go to the background reader: there is one, the
    //! first page was read, and the table is larger than synchronousRowLimit() (or not counted).
    bool readsInBackground() const;
    //! Whether the first page of a new sort or filter is on its way (the old rows show meanwhile).
    bool isReading() const { return m_readingTicket != 0; }
    //! Whether any background read is on its way (a page, a count, a search, a key's row).
    bool isBusy() const
    {
        return m_readingTicket || m_countTicket || m_searchTicket || m_findTicket || !m_pageTickets.isEmpty();
    }
    //! Whether a row's values are in memory (data() is empty for a row whose page is being read).
    bool isRowLoaded(int row) const;
    //! Makes a row's page come: at once on the UI thread, or in the background (rowsRead()).
    void fetchRow(int row);
    //! The read after a change (the session's): select() for a table read on the UI thread;
    //! otherwise the rows in memory stay on screen while the count and the pages last used are
    //! read again in the background, each replaced as it comes (no reset: the view keeps its
    //! scroll position and current row).
    void reread();
    //! findRow() in the background (at once without it): rowFound() follows.
    void findRowInBackground(const QVariantMap &key);
    bool hasBackgroundReader() const { return m_reader != nullptr; }
    //! Whether a background COUNT is on its way.
    bool isCounting() const { return m_countTicket != 0; }
    //! fetchCount() in the background: counted() follows; at once without a reader.
    void fetchCountInBackground();
    //! findText() in the background (after the pending count): textFound() follows, unless another
    //! search, a select() or a sort came first. At once without a reader.
    void findTextInBackground(int column, const QString &text, int from, Qt::MatchFlags flags);
    //! The engine's error of the last statement that failed since the last select(); none when
    //! every statement ran.
    const std::optional<Error> &lastError() const { return m_lastError; }

    //! Rows per page (default 256) and pages kept (default 48); changing them drops the cache.
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    void setMaxCachedPages(int pages);
    int maxCachedPages() const { return m_maxPages; }
    int cachedPageCount() const { return int(m_pages.size()); }
    //! Statements the model has run (counts and pages), for tests and benchmarks; each is also
    //! counted by the engine's Connection::statementCount().
    quint64 statementCount() const { return m_statements; }
    //! The page statements as prepared, for tests ({offset page, keyset page, count}).
    QStringList statements() const { return { m_sql.page.text, m_sql.keyset.text, m_sql.count.text }; }

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
    //! The answer of findTextInBackground(): the row (-1: none) in `column`.
    void textFound(int row, int column);
    //! The answer of findRowInBackground(): the key's row, -1 when it is not among the rows.
    void rowFound(const QVariantMap &key, int row);
    //! Rows `first` to `last` came from the background reader (after their dataChanged()).
    void rowsRead(int first, int last);
    //! isReading() changed: a new order's or filter's first page is on its way, or came.
    void readingChanged(bool reading);

private:
    //! One page of rows, each row its cells in column order (attribute columns, then raw keys).
    struct Page
    {
        QVector<QVector<QVariant>> rows;
        quint64 used = 0;
        bool stale = false; //!< shown until reread() brings it again
    };
    //! How a column's cells are read: typed as an attribute type, or raw (a column no attribute
    //! describes).
    struct ColumnType
    {
        DataType type = DataType::String;
        bool typed = false;
    };
    //! The statements for the current sort and filter, each with the filter's binding (if any);
    //! the callers append the rest. Built once per change of sort or filter.
    struct Statements
    {
        SqlFragment page;          //!< LIMIT ? OFFSET ? (by the keys alone when the key is single)
        SqlFragment reversedPage;  //!< the same in the reversed order, for pages past the middle
        SqlFragment keyset;        //!< rows after a key, LIMIT ? (ordered by the key only)
        SqlFragment count;         //!< COUNT(*)
        SqlFragment position;      //!< rows before a key (or before a sort value and key)
        SqlFragment positionNull;  //!< rows before a key whose sort value is NULL
        SqlFragment sortValue;     //!< a row's sort value, by key
    };
    //! The parts every statement of a sort and filter shares.
    struct SelectParts
    {
        QString table;          //!< the quoted table name
        QString select;         //!< SELECT every column FROM the table LEFT JOIN the relations
        QString sortExpression; //!< the sort column's expression; empty when ordered by key
        QString sortJoin;       //!< the LEFT JOIN the sort expression needs, if any
        QString from;           //!< the table with the joins the sort and the filter need
        SqlFragment filter;     //!< the text filter's condition with its bound pattern
        QList<int> joinedColumns; //!< the relation columns `from` joins (and -1)
    };

    void defineColumns();
    void defineRelations();
    void defineColumnTypes();
    const QVector<QVariant> *rowAt(int row) const;
    const Page &page(int number) const;
    void loadPage(int number, Page &into) const;
    SqlFragment pageStatement(int number, bool *reversed) const;
    void readRows(Cursor &cursor, QVector<QVector<QVariant>> &rows) const;
    static void readTypedRows(Cursor &cursor, const QVector<ColumnType> &types, int pageSize,
                              QVector<QVector<QVariant>> &rows);
    //! The LIKE pattern (wildcards escaped with '\\') for a match type: starts with, contains,
    //! ends with, the whole text; lower-cased unless Qt::MatchCaseSensitive (tablesearch.cpp).
    static QString likePattern(const QString &text, Qt::MatchFlags flags);
    // background reads (backgroundreads.cpp)
    void backgroundAnswered(quint64 ticket, const BackgroundAnswer &answer);
    quint64 submitPageRead(const SqlFragment &statement, bool reversed);
    void requestPage(int number);
    void pageAnswered(int number, const BackgroundAnswer &answer);
    bool reselectInBackground(bool count);
    void firstPageAnswered(const BackgroundAnswer &answer);
    void settle();
    void submitCount();
    void newGeneration();
    //! The reset of select() / selectFirstPage(): the first page, and the count when `count`.
    bool reselect(bool count);
    bool reselectHere(bool count);
    void noteCount(qint64 rows);
    bool runCount(qint64 *rows);
    void applyCount(qint64 rows);
    SqlFragment searchStatement(int column, const QString &text, int from, Qt::MatchFlags flags) const;
    Cursor *run(const QString &action, const SqlFragment &statement) const;
    std::optional<qint64> countOf(const QString &action, const SqlFragment &statement) const;
    int countedRow(const QVariantMap &key) const;
    std::optional<QVariant> sortValueOf(const QVariant &key) const;
    bool rowHasKey(int row, const QVariantMap &key) const;
    void buildStatements();
    SelectParts selectParts() const;
    QString displayExpression(int column) const;
    QString relationJoin(int column) const;
    QString joinOnce(SelectParts &parts, int column) const;
    SqlFragment numberedRows(SelectParts &parts, const QString &columns) const;
    int numberedRowOf(const QVariantMap &key) const;
    SqlFragment numberedRowStatement(const QVariantMap &key) const;
    QModelIndexList matchInMemory(const QModelIndex &start, int role, const QVariant &value, int hits,
                                  Qt::MatchFlags flags) const;
    QString orderBy(const SelectParts &parts, bool reversed) const;
    void buildKeyedStatements(const SelectParts &parts);
    void buildSortedPositionStatements(const SelectParts &parts, const QString &key);
    bool orderedByKey() const;
    QString qualified(const QString &field) const;

    Engine &m_engine;
    const Model *m_model;
    std::unique_ptr<QSqlRelationalTableModel> m_definition;
    QHash<QString, int> m_columnOf;
    QStringList m_fields;        //!< the table's columns, in order
    QStringList m_keyAttributes; //!< attributes with a hidden raw column, in order
    QVector<ColumnType> m_columnTypes; //!< per column: the fields, then the hidden keys
    int m_keyColumn = -1;        //!< the hidden column of a single primary key
    int m_filterColumn = -1;     //!< the filtered column, -1: none
    QString m_filterPattern;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_pageSize = 256;
    int m_maxPages = 48;
    int m_rows = 0;
    bool m_selected = false;
    bool m_countPending = false; //!< rowCount() is the first page's size; the COUNT is still to run

    Statements m_sql;
    BackgroundReader *m_reader = nullptr;
    quint64 m_countTicket = 0;   //!< the background COUNT being waited for (0: none)
    quint64 m_searchTicket = 0;  //!< the background search being waited for (0: none)
    int m_searchColumn = -1;
    quint64 m_findTicket = 0;    //!< the background findRow being waited for (0: none)
    QVariantMap m_findKey;
    quint64 m_readingTicket = 0; //!< the first page of a new sort or filter (0: none)
    bool m_countAfterReading = false;
    bool m_recount = false;      //!< m_countTicket re-counts after reread(): rows may go too
    qint64 m_knownRows = -1;     //!< the table's rows as last counted (any filter: at least); -1: unknown
    int m_syncRowLimit = 20000;
    //! Background reads of an older select, sort, filter or re-read are skipped (their generation
    //! is gone); searches and key lookups only when the order or the filter changed (a re-read
    //! after a change elsewhere does not cancel a search being typed).
    std::shared_ptr<std::atomic<quint64>> m_generation = std::make_shared<std::atomic<quint64>>(0);
    std::shared_ptr<std::atomic<quint64>> m_orderGeneration = std::make_shared<std::atomic<quint64>>(0);
    //! Bumped by every search: a queued search that a newer one replaced is skipped.
    std::shared_ptr<std::atomic<quint64>> m_searchGeneration = std::make_shared<std::atomic<quint64>>(0);
    mutable QHash<quint64, int> m_pageTickets; //!< ticket → page number, for pages on their way
    mutable bool m_waitForRows = false;        //!< rowAt() reads a missing page on the UI thread
    mutable QHash<int, Page> m_pages;
    mutable quint64 m_clock = 0;
    mutable quint64 m_statements = 0;
    mutable int m_lastPageNumber = -1;
    mutable const Page *m_lastPage = nullptr;
    mutable std::optional<Error> m_lastError;
};

} // namespace grumble

// RelationalTableModel's reads in the background reader's thread: counts, searches, a key's row,
// pages, the first page of a new sort or filter and the re-read after a change. The UI thread
// never waits for them; each answer belongs to a generation (a sort, a filter, a re-read) and
// answers of an older one are dropped (their jobs skipped if their turn comes after the change).
#include "relationaltablemodel.h"

#include "backgroundreader.h"
#include "connection.h"
#include "pagecache.h"

#include <algorithm>

namespace grumble {

namespace {

//! A page statement's rows, typed, in the model's order (a reversed read turned round).
template <typename ReadRows>
BackgroundAnswer readPage(Connection &connection, const SqlFragment &statement, bool reversed, ReadRows readRows)
{
    BackgroundAnswer answer;
    auto cursor = connection.exec(statement.text, statement.bindings);
    if (!cursor) {
        answer.ok = false;
        answer.error = cursor.error();
        return answer;
    }
    readRows(**cursor, answer.rows);
    if (reversed)
        std::reverse(answer.rows.begin(), answer.rows.end());
    return answer;
}

//! The statements a key's position needs, copied for the reader's thread.
struct PositionStatements
{
    SqlFragment position;
    SqlFragment positionNull;
    SqlFragment sortValue;
    SqlFragment numbered; //!< instead of the others: a composite key
};

//! A key's row: counted (the sort value first when sorted by a column), or numbered.
BackgroundAnswer readPosition(Connection &connection, PositionStatements s, const QVariant &key)
{
    if (!s.numbered.isEmpty())
        return BackgroundReader::readNumber(connection, s.numbered);
    if (s.sortValue.isEmpty())
        return BackgroundReader::readNumber(connection, s.position << SqlFragment(QString(), { key }));
    s.sortValue.bindings << key;
    auto cursor = connection.exec(s.sortValue.text, s.sortValue.bindings);
    if (!cursor) {
        BackgroundAnswer failed;
        failed.ok = false;
        failed.error = cursor.error();
        return failed;
    }
    if (!(*cursor)->next()) {
        (*cursor)->finish();
        return BackgroundAnswer(); // no such record: -1
    }
    const QVariant value = (*cursor)->value(0);
    (*cursor)->finish();
    SqlFragment statement = value.isNull() ? s.positionNull : s.position;
    if (!value.isNull())
        statement.bindings << value << value;
    statement.bindings << key;
    return BackgroundReader::readNumber(connection, statement);
}

} // namespace

void RelationalTableModel::setBackgroundReader(BackgroundReader *reader)
{
    if (m_reader)
        disconnect(m_reader, nullptr, this, nullptr);
    newGeneration();
    m_reader = reader;
    if (m_reader)
        connect(m_reader, &BackgroundReader::answered, this, &RelationalTableModel::backgroundAnswered);
}

bool RelationalTableModel::readsInBackground() const
{
    return m_reader && m_selected && (m_knownRows < 0 || m_knownRows > m_syncRowLimit);
}

bool RelationalTableModel::isRowLoaded(int row) const
{
    if (row < 0 || row >= m_rows)
        return false;
    auto it = m_pages.constFind(row / m_pageSize);
    return it != m_pages.constEnd() && row % m_pageSize < it->rows.size();
}

void RelationalTableModel::fetchRow(int row)
{
    if (row >= 0 && row < m_rows && !isRowLoaded(row))
        rowAt(row); // read here, or asked of the reader
}

//! Answers of earlier pages and counts no longer apply: drops their tickets, skips their jobs not
//! yet run. Searches and key lookups go on (a sort or a filter ends them: buildStatements()).
void RelationalTableModel::newGeneration()
{
    ++*m_generation;
    m_pageTickets.clear();
    m_countTicket = 0;
    m_readingTicket = 0;
    m_recount = false;
}

void RelationalTableModel::fetchCountInBackground()
{
    if (!m_reader) {
        fetchCount();
        return;
    }
    if (m_countPending && !m_countTicket)
        submitCount();
}

//! The COUNT on the reader's connection (applyCount() when it comes).
void RelationalTableModel::submitCount()
{
    ++m_statements;
    const SqlFragment count = m_sql.count;
    m_countTicket = m_reader->submit([count](Connection &c) { return BackgroundReader::readNumber(c, count); },
                                     m_generation, m_generation->load());
}

void RelationalTableModel::findTextInBackground(int column, const QString &text, int from, Qt::MatchFlags flags)
{
    if (!m_reader) {
        emit textFound(findText(column, text, from, flags), column);
        return;
    }
    fetchCountInBackground(); // answered first: the row found may be past the first page
    const SqlFragment statement = searchStatement(column, text, from, flags);
    if (statement.isEmpty() || isReading()) {
        emit textFound(-1, column);
        return;
    }
    ++m_statements;
    m_searchColumn = column;
    // Each typed key asks again: a search still queued when a newer one comes is skipped (its own
    // generation), as is one whose order or filter changed (checked when its turn comes).
    const BackgroundReader::Generation order = m_orderGeneration;
    const quint64 wantedOrder = order->load();
    auto job = [statement, order, wantedOrder](Connection &c) {
        if (order->load() != wantedOrder) {
            BackgroundAnswer skipped;
            skipped.skipped = true;
            return skipped;
        }
        return BackgroundReader::readNumber(c, statement);
    };
    m_searchTicket = m_reader->submit(job, m_searchGeneration, ++*m_searchGeneration);
}

void RelationalTableModel::findRowInBackground(const QVariantMap &key)
{
    if (!readsInBackground() || isReading()) {
        emit rowFound(key, isReading() ? -1 : findRow(key));
        return;
    }
    fetchCountInBackground(); // answered first: the row may be past the first page
    PositionStatements s;
    if (!m_sql.position.isEmpty() && key.size() == 1 && key.contains(m_model->primaryKey.first())) {
        s = { m_sql.position, m_sql.positionNull, m_sql.sortValue, {} };
        m_statements += s.sortValue.isEmpty() ? 1 : 2;
    } else {
        s.numbered = numberedRowStatement(key);
        ++m_statements;
    }
    m_findKey = key;
    const QVariant value = key.isEmpty() ? QVariant() : key.first();
    m_findTicket = m_reader->submit([s, value](Connection &c) { return readPosition(c, s, value); },
                                    m_orderGeneration, m_orderGeneration->load());
}

//! The page read on the reader's connection; counted as one statement.
quint64 RelationalTableModel::submitPageRead(const SqlFragment &statement, bool reversed)
{
    ++m_statements;
    const QVector<ColumnType> types = m_columnTypes;
    const int pageSize = m_pageSize;
    auto job = [statement, reversed, types, pageSize](Connection &c) {
        return readPage(c, statement, reversed, [&](Cursor &cursor, QVector<QVector<QVariant>> &rows) {
            readTypedRows(cursor, types, pageSize, rows);
        });
    };
    return m_reader->submit(job, m_generation, m_generation->load());
}

//! Asks the reader for a page unless it is on its way (or a new order's first page is).
void RelationalTableModel::requestPage(int number)
{
    if (!m_reader || isReading() || std::find(m_pageTickets.cbegin(), m_pageTickets.cend(), number) != m_pageTickets.cend())
        return;
    bool reversed = false;
    const SqlFragment statement = pageStatement(number, &reversed);
    if (!statement.isEmpty())
        m_pageTickets.insert(submitPageRead(statement, reversed), number);
}

//! A page came: it replaces what showed (nothing, or the stale rows), and the views repaint it.
void RelationalTableModel::pageAnswered(int number, const BackgroundAnswer &answer)
{
    if (!answer.ok && answer.error)
        m_lastError = answer.error;
    Page fresh;
    fresh.rows = answer.rows; // a failed read keeps an empty page: asked again only after a change
    fresh.used = ++m_clock;
    m_pages.remove(number);
    evictLeastUsed(m_pages, m_maxPages - 1);
    m_pages.insert(number, std::move(fresh));
    m_lastPage = nullptr; // the hash may have moved its pages
    m_lastPageNumber = -1;
    const int first = number * m_pageSize;
    const int last = qMin(first + m_pageSize, m_rows) - 1;
    if (last < first)
        return;
    emit dataChanged(index(first, 0), index(last, columnCount() - 1));
    emit rowsRead(first, last);
}

//! A new sort or filter: its first page in the background; the old rows show until it comes.
bool RelationalTableModel::reselectInBackground(bool count)
{
    const bool wasReading = isReading();
    newGeneration();
    m_lastError.reset();
    m_countAfterReading = count;
    SqlFragment first = m_sql.page;
    first.bindings << m_pageSize << 0;
    m_readingTicket = submitPageRead(first, false);
    if (!wasReading)
        emit readingChanged(true);
    return true;
}

//! The new order's first page came: a reset with it (a short one is the whole result).
void RelationalTableModel::firstPageAnswered(const BackgroundAnswer &answer)
{
    beginResetModel();
    m_pages.clear();
    m_lastPage = nullptr;
    m_lastPageNumber = -1;
    m_lastError = answer.error;
    m_rows = int(answer.rows.size());
    Page first;
    first.rows = answer.rows;
    first.used = ++m_clock;
    m_pages.insert(0, std::move(first));
    m_countPending = answer.ok && m_rows == m_pageSize;
    if (answer.ok && !m_countPending)
        noteCount(m_rows);
    endResetModel();
    emit readingChanged(false);
    if (m_countAfterReading)
        fetchCountInBackground();
}

//! A call that needs the new order's rows now (findRow(), fetchCount()): the first page is
//! read here instead of waiting for the reader.
void RelationalTableModel::settle()
{
    if (isReading())
        reselectHere(false);
}

void RelationalTableModel::reread()
{
    if (!readsInBackground()) {
        select();
        return;
    }
    if (isReading()) {
        reselectInBackground(true);
        return;
    }
    const QList<int> onTheirWay = m_pageTickets.values(); // asked for (a row to go to): asked again
    newGeneration();
    m_lastError.reset();
    // The pages used last (those on screen) are read again; the others are dropped, read when shown.
    QList<int> numbers = m_pages.keys();
    std::sort(numbers.begin(), numbers.end(), [this](int a, int b) { return m_pages[a].used > m_pages[b].used; });
    for (int i = 0; i < numbers.size(); ++i) {
        if (i < 2)
            m_pages[numbers.at(i)].stale = true;
        else
            m_pages.remove(numbers.at(i));
    }
    m_lastPage = nullptr;
    m_lastPageNumber = -1;
    for (int i = 0; i < qMin<qsizetype>(2, numbers.size()); ++i)
        requestPage(numbers.at(i));
    for (int number : onTheirWay)
        requestPage(number);
    if (m_countPending) {
        fetchCountInBackground();
    } else {
        m_recount = true; // rows may have come or gone
        submitCount();
    }
}

void RelationalTableModel::backgroundAnswered(quint64 ticket, const BackgroundAnswer &answer)
{
    if (!ticket || answer.skipped)
        return;
    if (ticket == m_readingTicket) {
        m_readingTicket = 0;
        firstPageAnswered(answer);
    } else if (m_pageTickets.contains(ticket)) {
        pageAnswered(m_pageTickets.take(ticket), answer);
    } else if (ticket == m_countTicket) {
        m_countTicket = 0;
        if (answer.ok && (m_countPending || m_recount))
            applyCount(answer.value);
        m_recount = false;
    } else if (ticket == m_searchTicket) {
        m_searchTicket = 0;
        const qint64 row = answer.ok ? answer.value : -1;
        emit textFound(row >= 0 && row < m_rows ? int(row) : -1, m_searchColumn);
    } else if (ticket == m_findTicket) {
        m_findTicket = 0;
        const qint64 row = answer.ok ? answer.value : -1;
        emit rowFound(m_findKey, row >= 0 && row < m_rows ? int(row) : -1);
    }
}

} // namespace grumble

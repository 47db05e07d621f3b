#include "relationaltablemodel.h"

#include "backgroundreader.h"
#include "pagecache.h"

#include <QScopedValueRollback>
#include <QSqlRecord>
#include <QSqlRelation>
#include <QSqlRelationalTableModel>

#include <algorithm>

namespace grumble {

namespace {

QString relationAlias(int column)
{
    return QStringLiteral("grumble_r%1").arg(column);
}

} // namespace

RelationalTableModel::RelationalTableModel(Engine &engine, const Model &model, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine), m_model(&model),
      m_definition(std::make_unique<QSqlRelationalTableModel>(nullptr, engine.connection().database()))
{
    m_definition->setJoinMode(QSqlRelationalTableModel::LeftJoin);
    m_definition->setEditStrategy(QSqlTableModel::OnManualSubmit);
    m_definition->setTable(model.tableName);
    defineColumns();
    defineRelations();
    defineColumnTypes();
    buildStatements();
}

RelationalTableModel::~RelationalTableModel() = default;

//! The table's columns as the definition reads them, the attribute each shows, and the attributes
//! that get a hidden raw column (the primary key and the foreign keys).
void RelationalTableModel::defineColumns()
{
    const QSqlRecord base = m_definition->record();
    for (int i = 0; i < base.count(); ++i)
        m_fields << base.fieldName(i);
    for (const Attribute &a : m_model->attributes) {
        const int column = int(m_fields.indexOf(a.field));
        if (column >= 0)
            m_columnOf.insert(a.name, column);
        if (a.primaryKey || !a.referencesModel.isEmpty())
            m_keyAttributes << a.name;
    }
    const int key = int(m_keyAttributes.indexOf(m_model->primaryKey.value(0)));
    m_keyColumn = key < 0 ? -1 : int(m_fields.size()) + key;
}

//! A foreign key's column shows its parent's display attribute (a LeftJoin relation).
void RelationalTableModel::defineRelations()
{
    for (const Attribute &a : m_model->attributes) {
        if (a.referencesModel.isEmpty() || !m_columnOf.contains(a.name))
            continue;
        const Model *parentModel = m_engine.schema().model(a.referencesModel);
        if (!parentModel)
            continue;
        const Attribute *key = parentModel->attribute(a.referencesKey.isEmpty() ? QStringLiteral("id") : a.referencesKey);
        const Attribute *display = parentModel->attribute(parentModel->displayAttribute());
        if (!key || !display)
            continue;
        m_definition->setRelation(m_columnOf.value(a.name), QSqlRelation(parentModel->tableName, key->field, display->field));
    }
}

//! The type each column is read as: its attribute's, a relation's parent display attribute's, a
//! hidden key's; raw for a column no attribute describes.
void RelationalTableModel::defineColumnTypes()
{
    m_columnTypes.fill(ColumnType(), m_fields.size() + m_keyAttributes.size());
    for (const Attribute &a : m_model->attributes) {
        const int column = columnOf(a.name);
        if (column < 0)
            continue;
        const Model *parentModel = a.referencesModel.isEmpty() ? nullptr : m_engine.schema().model(a.referencesModel);
        const Attribute *display = parentModel ? parentModel->attribute(parentModel->displayAttribute()) : nullptr;
        if (m_definition->relation(column).isValid() && display)
            m_columnTypes[column] = { display->type, true };
        else
            m_columnTypes[column] = { a.type, true };
    }
    for (int k = 0; k < m_keyAttributes.size(); ++k)
        m_columnTypes[m_fields.size() + k] = { m_model->attribute(m_keyAttributes.at(k))->type, true };
}

QString RelationalTableModel::attributeAt(int column) const
{
    for (auto it = m_columnOf.begin(); it != m_columnOf.end(); ++it) {
        if (it.value() == column)
            return it.key();
    }
    return QString();
}

//! `"table"."field"` in the dialect's quoting.
QString RelationalTableModel::qualified(const QString &field) const
{
    const Dialect &d = m_engine.dialect();
    return d.quote(m_model->tableName) + QLatin1Char('.') + d.quote(field);
}

//! Whether rows are in primary-key order (so the keyset page and the key's position apply).
bool RelationalTableModel::orderedByKey() const
{
    if (m_model->primaryKey.size() != 1)
        return false;
    return m_sortColumn < 0 || m_sortColumn == columnOf(m_model->primaryKey.first());
}

// ---- statements ----

//! What column `c` shows: a relation's joined display column, otherwise the table's column.
QString RelationalTableModel::displayExpression(int column) const
{
    const Dialect &d = m_engine.dialect();
    const QSqlRelation relation = m_definition->relation(column);
    if (!relation.isValid())
        return qualified(m_fields.at(column));
    return d.quote(relationAlias(column)) + QLatin1Char('.') + d.quote(relation.displayColumn());
}

//! The LEFT JOIN a relation column's display expression needs; empty for a plain column.
QString RelationalTableModel::relationJoin(int column) const
{
    const Dialect &d = m_engine.dialect();
    const QSqlRelation relation = column >= 0 ? m_definition->relation(column) : QSqlRelation();
    if (!relation.isValid())
        return QString();
    return QStringLiteral(" LEFT JOIN %1 AS %2 ON %2.%3 = %4")
            .arg(d.quote(relation.tableName()), d.quote(relationAlias(column)), d.quote(relation.indexColumn()),
                 qualified(m_fields.at(column)));
}

RelationalTableModel::SelectParts RelationalTableModel::selectParts() const
{
    SelectParts parts;
    parts.table = m_engine.dialect().quote(m_model->tableName);
    QStringList columns;
    QString joins;
    for (int c = 0; c < m_fields.size(); ++c) {
        columns << displayExpression(c);
        joins += relationJoin(c);
    }
    if (m_sortColumn >= 0) {
        parts.sortExpression = displayExpression(m_sortColumn);
        parts.sortJoin = relationJoin(m_sortColumn);
    }
    for (const QString &name : m_keyAttributes)
        columns << qualified(m_model->attribute(name)->field);
    parts.select = QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM ") + parts.table + joins;
    parts.from = parts.table + parts.sortJoin;
    parts.joinedColumns << m_sortColumn;
    if (m_filterColumn >= 0) {
        // A foreign key filters on the names it shows (its parent's display column), not on ids.
        parts.filter = SqlFragment(QStringLiteral("CAST(%1 AS TEXT) LIKE ? ESCAPE '\\'").arg(displayExpression(m_filterColumn)),
                                   { m_filterPattern });
        parts.from += joinOnce(parts, m_filterColumn);
    }
    return parts;
}

//! The join a column's display expression needs unless `parts` has it already (then empty).
QString RelationalTableModel::joinOnce(SelectParts &parts, int column) const
{
    if (parts.joinedColumns.contains(column))
        return QString();
    parts.joinedColumns << column;
    return relationJoin(column);
}

//! ` ORDER BY` the sort expression (NULLs first ascending on every database; PostgreSQL would put
//! them last), then the primary key; `reversed` flips every direction.
QString RelationalTableModel::orderBy(const SelectParts &parts, bool reversed) const
{
    const bool ascending = (m_sortOrder == Qt::AscendingOrder) != reversed;
    const QString direction = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    QStringList order;
    if (!parts.sortExpression.isEmpty()) {
        const Attribute *a = m_model->attribute(attributeAt(m_sortColumn));
        if (m_definition->relation(m_sortColumn).isValid() || !a || a->allowNull)
            order << parts.sortExpression + QStringLiteral(" IS NULL") + (ascending ? QStringLiteral(" DESC") : QStringLiteral(" ASC"));
        order << parts.sortExpression + direction;
    }
    for (const QString &k : m_model->primaryKey) {
        const QString term = qualified(m_model->attribute(k)->field) + direction;
        if (!order.contains(term))
            order << term;
    }
    return order.isEmpty() ? QString() : QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
}

void RelationalTableModel::buildStatements()
{
    ++*m_orderGeneration; // searches and key lookups of the old order no longer apply
    m_searchTicket = 0;
    m_findTicket = 0;
    const SelectParts parts = selectParts();
    const SqlFragment where = parts.filter.wrapped(QStringLiteral(" WHERE "));
    m_sql = Statements();
    m_sql.count = SqlFragment(QStringLiteral("SELECT COUNT(*) FROM ") + parts.from) << where;
    if (m_model->primaryKey.size() == 1) {
        buildKeyedStatements(parts);
        return;
    }
    const QString limitOffset = m_engine.dialect().limitOffset(true, true);
    m_sql.page = SqlFragment(parts.select) << where << orderBy(parts, false) + limitOffset;
    m_sql.reversedPage = SqlFragment(parts.select) << where << orderBy(parts, true) + limitOffset;
}

//! The statements of a table with a single primary key: pages by a deferred join (the page's keys
//! by LIMIT/OFFSET over the key and the sort column alone, then the joined rows for those keys),
//! keyset pages and the key's position when ordered by the key, or the position by sort value.
void RelationalTableModel::buildKeyedStatements(const SelectParts &parts)
{
    const Dialect &d = m_engine.dialect();
    const QString key = qualified(m_model->attribute(m_model->primaryKey.first())->field);
    const SqlFragment where = parts.filter.wrapped(QStringLiteral(" WHERE "));
    for (bool reversed : { false, true }) {
        const QString order = orderBy(parts, reversed);
        SqlFragment page(parts.select + QStringLiteral(" WHERE ") + key + QStringLiteral(" IN (SELECT ") + key
                         + QStringLiteral(" FROM ") + parts.from);
        page << where << order + d.limitOffset(true, true) + QLatin1Char(')') + order;
        (reversed ? m_sql.reversedPage : m_sql.page) = page;
    }
    if (!orderedByKey()) {
        if (!parts.sortExpression.isEmpty())
            buildSortedPositionStatements(parts, key);
        return;
    }
    const bool ascending = m_sortOrder == Qt::AscendingOrder;
    const SqlFragment conditions = parts.filter.isEmpty() ? SqlFragment(QStringLiteral(" WHERE "))
                                                          : parts.filter.wrapped(QStringLiteral(" WHERE "), QStringLiteral(" AND "));
    m_sql.keyset = SqlFragment(parts.select) << conditions
            << key + (ascending ? QStringLiteral(" > ?") : QStringLiteral(" < ?")) + orderBy(parts, false) + d.limitOffset(true, false);
    m_sql.position = SqlFragment(QStringLiteral("SELECT COUNT(*) FROM ") + parts.from) << conditions
            << key + (ascending ? QStringLiteral(" < ?") : QStringLiteral(" > ?"));
}

//! A row's position in (sort value, key) order, NULLs first ascending and last descending: its
//! sort value, then the rows before it (one scan, not a page-by-page search).
void RelationalTableModel::buildSortedPositionStatements(const SelectParts &parts, const QString &key)
{
    const QString value = parts.sortExpression;
    m_sql.sortValue = SqlFragment(QStringLiteral("SELECT ") + value + QStringLiteral(" FROM ") + parts.table + parts.sortJoin
                                  + QStringLiteral(" WHERE ") + key + QStringLiteral(" = ?"));
    const SqlFragment conditions = parts.filter.isEmpty() ? SqlFragment(QStringLiteral(" WHERE "))
                                                          : parts.filter.wrapped(QStringLiteral(" WHERE "), QStringLiteral(" AND "));
    const SqlFragment count = SqlFragment(QStringLiteral("SELECT COUNT(*) FROM ") + parts.from) << conditions;
    m_sql.position = count;
    m_sql.positionNull = count;
    if (m_sortOrder == Qt::AscendingOrder) {
        m_sql.position << QStringLiteral("(%1 IS NULL OR %1 < ? OR (%1 = ? AND %2 < ?))").arg(value, key);
        m_sql.positionNull << QStringLiteral("(%1 IS NULL AND %2 < ?)").arg(value, key);
    } else {
        m_sql.position << QStringLiteral("(%1 > ? OR (%1 = ? AND %2 > ?))").arg(value, key);
        m_sql.positionNull << QStringLiteral("(%1 IS NOT NULL OR %2 > ?)").arg(value, key);
    }
}

// ---- running statements ----

//! Runs a statement through the engine's connection under the action "<table> table <action>";
//! counts it. Null (and lastError()) on a failure. The cursor is valid until the same text runs.
Cursor *RelationalTableModel::run(const QString &action, const SqlFragment &statement) const
{
    Connection &connection = m_engine.connection();
    ContextScope scope(connection, m_model->tableName + QStringLiteral(" table ") + action);
    ++m_statements;
    Result<Cursor *> cursor = connection.exec(statement.text, statement.bindings);
    if (!cursor) {
        m_lastError = cursor.error();
        return nullptr;
    }
    return *cursor;
}

//! The single number a COUNT statement returns; none on a failure.
std::optional<qint64> RelationalTableModel::countOf(const QString &action, const SqlFragment &statement) const
{
    Cursor *cursor = run(action, statement);
    if (!cursor)
        return std::nullopt;
    std::optional<qint64> count;
    if (cursor->next())
        count = cursor->integer(0);
    cursor->finish();
    return count;
}

bool RelationalTableModel::runCount(qint64 *rows)
{
    const std::optional<qint64> count = countOf(QStringLiteral("count"), m_sql.count);
    if (count)
        *rows = qMin<qint64>(*count, std::numeric_limits<int>::max());
    return count.has_value();
}

bool RelationalTableModel::reselect(bool count)
{
    return readsInBackground() ? reselectInBackground(count) : reselectHere(count);
}

//! reselect() on the UI thread: the first page, then the count when `count`.
bool RelationalTableModel::reselectHere(bool count)
{
    const bool wasReading = isReading();
    newGeneration();
    beginResetModel();
    m_pages.clear();
    m_lastPage = nullptr;
    m_lastPageNumber = -1;
    m_rows = 0;
    m_lastError.reset();
    m_selected = true;
    // The first page before the count: a short one is the whole table.
    m_countPending = true;
    const QScopedValueRollback<bool> wait(m_waitForRows, true);
    const Page &first = page(0);
    bool ok = !m_lastError;
    m_rows = int(first.rows.size());
    m_countPending = ok && m_rows == m_pageSize;
    if (ok && !m_countPending)
        noteCount(m_rows);
    if (m_countPending && count) {
        qint64 n = 0;
        ok = runCount(&n);
        m_rows = ok ? int(qMax<qint64>(n, m_rows)) : m_rows;
        m_countPending = false;
        if (ok)
            noteCount(n);
    }
    endResetModel();
    if (wasReading)
        emit readingChanged(false);
    return ok;
}

bool RelationalTableModel::select()
{
    return reselect(true);
}

bool RelationalTableModel::selectFirstPage()
{
    return reselect(false);
}

bool RelationalTableModel::fetchCount()
{
    settle();
    if (!m_countPending)
        return true;
    m_countPending = false;
    m_countTicket = 0;
    qint64 n = 0;
    if (!runCount(&n))
        return false;
    applyCount(n);
    return true;
}

//! Inserts the rows a COUNT found past those known, or removes those it did not find (deleted
//! since); emits counted().
void RelationalTableModel::applyCount(qint64 n)
{
    n = qMin<qint64>(n, std::numeric_limits<int>::max());
    m_countPending = false;
    noteCount(n);
    if (n > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, int(n) - 1);
        m_rows = int(n);
        endInsertRows();
    } else if (n < m_rows) {
        beginRemoveRows(QModelIndex(), int(n), m_rows - 1);
        m_rows = int(n);
        endRemoveRows();
    }
    emit counted(m_rows);
}

//! What a count says of the table's size: all of it unfiltered, at least that much filtered.
void RelationalTableModel::noteCount(qint64 rows)
{
    m_knownRows = m_filterColumn < 0 ? rows : qMax(m_knownRows, rows);
}

bool RelationalTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_countPending;
}

void RelationalTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    if (readsInBackground())
        fetchCountInBackground(); // a view asks as its last row shows: never a wait
    else
        fetchCount();
}

void RelationalTableModel::setTextFilter(const QString &attribute, const QString &text)
{
    const int column = columnOf(attribute);
    if (column < 0 || text.isEmpty()) {
        m_filterColumn = -1;
        m_filterPattern.clear();
    } else {
        m_filterColumn = column;
        m_filterPattern = likePattern(text, Qt::MatchContains | Qt::MatchCaseSensitive);
    }
    buildStatements();
}

void RelationalTableModel::setSort(int column, Qt::SortOrder order)
{
    m_sortColumn = column >= 0 && column < m_fields.size() ? column : -1;
    m_sortOrder = order;
    buildStatements();
}

void RelationalTableModel::sort(int column, Qt::SortOrder order)
{
    const int c = column >= 0 && column < m_fields.size() ? column : -1;
    if (c == m_sortColumn && order == m_sortOrder && m_selected)
        return;
    setSort(c, order);
    if (m_selected)
        selectFirstPage();
}

void RelationalTableModel::setPageSize(int rows)
{
    newGeneration();
    beginResetModel();
    m_pageSize = qMax(1, rows);
    m_pages.clear();
    m_lastPage = nullptr;
    m_lastPageNumber = -1;
    endResetModel();
}

void RelationalTableModel::setMaxCachedPages(int pages)
{
    m_maxPages = qMax(2, pages);
    evictLeastUsed(m_pages, m_maxPages);
    m_lastPage = nullptr;
    m_lastPageNumber = -1;
}

//! The statement reading page `number` with its bindings (empty when there is nothing to read),
//! and whether it reads the page in the reversed order.
SqlFragment RelationalTableModel::pageStatement(int number, bool *reversed) const
{
    *reversed = false;
    const qint64 offset = qint64(number) * m_pageSize;
    if (m_countPending ? number != 0 : offset >= m_rows)
        return {}; // before the count only the first page is read (forward, from the top)
    auto before = m_pages.constFind(number - 1);
    if (!m_sql.keyset.isEmpty() && before != m_pages.constEnd() && !before->stale && before->rows.size() == m_pageSize) {
        // Scrolling on: the rows after the previous page's last key.
        SqlFragment keyset = m_sql.keyset;
        keyset.bindings << before->rows.last().value(m_keyColumn) << m_pageSize;
        return keyset;
    }
    if (!m_countPending && offset + m_pageSize / 2 > m_rows / 2 && !m_sql.reversedPage.isEmpty()) {
        // In the second half, count from the end in the reversed order: the last page of a sort
        // by an unindexed column costs a top-n sort of one page, not of the whole table.
        const qint64 limit = qMin<qint64>(m_pageSize, m_rows - offset);
        SqlFragment fromTheEnd = m_sql.reversedPage;
        fromTheEnd.bindings << limit << (m_rows - offset - limit);
        *reversed = true;
        return fromTheEnd;
    }
    SqlFragment page = m_sql.page;
    page.bindings << m_pageSize << offset;
    return page;
}

void RelationalTableModel::loadPage(int number, Page &into) const
{
    into.rows.clear();
    bool reversed = false;
    const SqlFragment statement = pageStatement(number, &reversed);
    if (statement.isEmpty())
        return;
    Cursor *cursor = run(QStringLiteral("page %1").arg(number + 1), statement);
    if (!cursor)
        return;
    readRows(*cursor, into.rows);
    if (reversed)
        std::reverse(into.rows.begin(), into.rows.end());
}

//! Every row of a page statement, each cell typed by its column; finishes the cursor.
void RelationalTableModel::readRows(Cursor &cursor, QVector<QVector<QVariant>> &rows) const
{
    readTypedRows(cursor, m_columnTypes, m_pageSize, rows);
}

//! readRows() with the column types given (in the background reader's thread too).
void RelationalTableModel::readTypedRows(Cursor &cursor, const QVector<ColumnType> &columnTypes, int pageSize,
                                         QVector<QVector<QVariant>> &rows)
{
    const int columns = int(columnTypes.size());
    const ColumnType *types = columnTypes.constData();
    rows.reserve(pageSize);
    while (cursor.next()) {
        QVector<QVariant> row(columns);
        QVariant *cells = row.data();
        for (int c = 0; c < columns; ++c)
            cells[c] = types[c].typed ? cursor.typed(c, types[c].type) : cursor.value(c);
        rows << std::move(row);
    }
    cursor.finish();
}

const RelationalTableModel::Page &RelationalTableModel::page(int number) const
{
    if (m_lastPage && m_lastPageNumber == number)
        return *m_lastPage;
    auto it = m_pages.find(number);
    const bool missing = it == m_pages.end() || it->stale;
    if (missing && readsInBackground() && !m_waitForRows) {
        // Never a wait on the UI thread: the reader brings it (a stale page shows meanwhile).
        const_cast<RelationalTableModel *>(this)->requestPage(number);
        static const Page none;
        if (it == m_pages.end())
            return none;
        it->used = ++m_clock;
        return *it;
    }
    if (missing) {
        Page fresh;
        loadPage(number, fresh);
        if (it != m_pages.end())
            m_pages.erase(it);
        evictLeastUsed(m_pages, m_maxPages - 1); // room for the new page
        it = m_pages.insert(number, std::move(fresh));
    }
    it->used = ++m_clock;
    m_lastPage = &*it;
    m_lastPageNumber = number;
    return *it;
}

const QVector<QVariant> *RelationalTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rows)
        return nullptr;
    const Page &p = page(row / m_pageSize);
    const int i = row % m_pageSize;
    return i < p.rows.size() ? &p.rows.at(i) : nullptr;
}

int RelationalTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int RelationalTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size() + m_keyAttributes.size());
}

QVariant RelationalTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)
        || (role != Qt::DisplayRole && role != Qt::EditRole && role != NullRole))
        return QVariant();
    const QVector<QVariant> *row = rowAt(index.row());
    if (role == NullRole) {
        const QVariant cell = row ? row->value(index.column()) : QVariant();
        return row && (!cell.isValid() || cell.isNull());
    }
    return row ? row->value(index.column()) : QVariant();
}

QVariant RelationalTableModel::rawValue(int row, const QString &attribute) const
{
    const QVector<QVariant> *r = rowAt(row);
    if (!r)
        return QVariant();
    const int k = int(m_keyAttributes.indexOf(attribute));
    if (k >= 0)
        return r->value(m_fields.size() + k);
    const int col = columnOf(attribute);
    return col < 0 ? QVariant() : r->value(col);
}

QVariantMap RelationalTableModel::keyOf(int row) const
{
    QVariantMap key;
    for (const QString &k : m_model->primaryKey)
        key.insert(k, rawValue(row, k));
    return key;
}

namespace {
//! countedRow(): the count could not tell, search the rows.
constexpr int searchNeeded = -2;
} // namespace

int RelationalTableModel::findRow(const QVariantMap &key, int)
{
    fetchCount(); // rows are counted from the table's
    const QScopedValueRollback<bool> wait(m_waitForRows, true); // checks the row found
    if (!m_sql.position.isEmpty() && key.size() == 1 && key.contains(m_model->primaryKey.first())) {
        const int row = countedRow(key);
        if (row != searchNeeded)
            return row;
    }
    // A composite key, or a sort value that does not compare equal once bound again.
    return numberedRowOf(key);
}

//! The row of a single-key record by counting the rows before it (its sort value first when
//! sorted by a column): the row, -1 when there is no such record, or searchNeeded.
int RelationalTableModel::countedRow(const QVariantMap &key) const
{
    const QVariant keyValue = key.first();
    SqlFragment statement = m_sql.position;
    if (m_sql.sortValue.isEmpty()) {
        statement.bindings << keyValue;
    } else {
        const std::optional<QVariant> value = sortValueOf(keyValue);
        if (!value)
            return -1; // no such record
        if (value->isNull())
            statement = m_sql.positionNull;
        else
            statement.bindings << *value << *value;
        statement.bindings << keyValue;
    }
    const std::optional<qint64> before = countOf(QStringLiteral("position"), statement);
    if (before && *before < m_rows && rowHasKey(int(*before), key))
        return int(*before);
    return before && m_sql.sortValue.isEmpty() ? -1 : searchNeeded;
}

//! A record's sort value as the database gives it (raw, to be bound again as it came); none when
//! there is no such record.
std::optional<QVariant> RelationalTableModel::sortValueOf(const QVariant &key) const
{
    SqlFragment statement = m_sql.sortValue;
    statement.bindings << key;
    Cursor *cursor = run(QStringLiteral("sort value"), statement);
    if (!cursor)
        return std::nullopt;
    std::optional<QVariant> value;
    if (cursor->next())
        value = cursor->value(0);
    cursor->finish();
    return value;
}

//! Whether a row's raw values are those of a key.
bool RelationalTableModel::rowHasKey(int row, const QVariantMap &key) const
{
    if (!rowAt(row))
        return false;
    for (auto it = key.begin(); it != key.end(); ++it) {
        const QVariant v = rawValue(row, it.key());
        if (v.isNull() || v.toString() != it.value().toString())
            return false;
    }
    return true;
}

Qt::ItemFlags RelationalTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    const Attribute *a = m_model->attribute(attributeAt(index.column()));
    // A saved row's primary key is never changed (Engine::update ignores it, as Sequelize does):
    // key columns, a join table's foreign keys among them, are read-only (ui/keycolumnhint says why).
    if (a && !a->autoIncrement && !a->timestamp && !a->primaryKey)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant RelationalTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section < 0 || section >= columnCount())
        return QVariant();
    const QString name = attributeAt(section);
    const Attribute *a = name.isEmpty() ? nullptr : m_model->attribute(name);
    if (role == Qt::DisplayRole) {
        if (!a) {
            const QString key = m_keyAttributes.value(section - m_fields.size());
            const Attribute *k = m_model->attribute(key);
            return k ? QStringLiteral("grumble_key_") + k->field : m_fields.value(section);
        }
        if (!a->referencesModel.isEmpty()) {
            const Model *p = m_engine.schema().model(a->referencesModel);
            return p ? QStringLiteral("%1 → %2").arg(name, p->singular) : name;
        }
        return name;
    }
    if (role == Qt::ToolTipRole && a) {
        QString tip = QStringLiteral("%1 %2").arg(a->field, attributeTypeName(*a));
        if (a->primaryKey)
            tip += QStringLiteral(", primary key");
        if (!a->referencesModel.isEmpty())
            tip += QStringLiteral(", references %1 (ON DELETE %2)").arg(a->referencesModel, a->onDelete);
        if (!a->allowNull)
            tip += QStringLiteral(", NOT NULL");
        return tip;
    }
    return QVariant();
}

} // namespace grumble

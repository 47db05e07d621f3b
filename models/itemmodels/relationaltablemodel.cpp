#include "relationaltablemodel.h"

#include "pagecache.h"

#include <QSqlRecord>
#include <QSqlRelation>
#include <QSqlRelationalTableModel>

#include <algorithm>

namespace grumble {

namespace {

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

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
    const QSqlRecord base = m_definition->record();
    for (int i = 0; i < base.count(); ++i)
        m_fields << base.fieldName(i);
    for (const Attribute &a : model.attributes) {
        const int col = int(m_fields.indexOf(a.field));
        if (col >= 0)
            m_columnOf.insert(a.name, col);
        if (a.primaryKey || !a.referencesModel.isEmpty())
            m_keyAttributes << a.name;
    }
    for (const Attribute &a : model.attributes) {
        if (a.referencesModel.isEmpty() || !m_columnOf.contains(a.name))
            continue;
        const Model *parentModel = engine.schema().model(a.referencesModel);
        if (!parentModel)
            continue;
        const Attribute *key = parentModel->attribute(a.referencesKey.isEmpty() ? QStringLiteral("id") : a.referencesKey);
        const Attribute *display = parentModel->attribute(parentModel->displayAttribute());
        if (!key || !display)
            continue;
        m_definition->setRelation(m_columnOf.value(a.name), QSqlRelation(parentModel->tableName, key->field, display->field));
    }
    const QSqlDatabase db = engine.connection().database();
    m_pageQuery = QSqlQuery(db);
    m_pageQuery.setForwardOnly(true);
    m_keysetQuery = QSqlQuery(db);
    m_keysetQuery.setForwardOnly(true);
    buildStatements();
}

RelationalTableModel::~RelationalTableModel() = default;

QString RelationalTableModel::attributeAt(int column) const
{
    for (auto it = m_columnOf.begin(); it != m_columnOf.end(); ++it) {
        if (it.value() == column)
            return it.key();
    }
    return QString();
}

QString RelationalTableModel::qualified(const QString &field) const
{
    const Dialect &d = m_engine.dialect();
    return d.quote(m_model->tableName) + QLatin1Char('.') + d.quote(field);
}

bool RelationalTableModel::orderedByKey() const
{
    if (m_model->primaryKey.size() != 1)
        return false;
    return m_sortColumn < 0 || m_sortColumn == columnOf(m_model->primaryKey.first());
}

void RelationalTableModel::buildStatements()
{
    const Dialect &d = m_engine.dialect();
    const QString table = d.quote(m_model->tableName);
    QStringList columns;
    QString joins;
    QString sortJoin;
    QString sortExpr;
    for (int c = 0; c < m_fields.size(); ++c) {
        const QSqlRelation r = m_definition->relation(c);
        if (!r.isValid()) {
            columns << qualified(m_fields.at(c));
            if (c == m_sortColumn)
                sortExpr = columns.last();
            continue;
        }
        const QString alias = d.quote(relationAlias(c));
        columns << alias + QLatin1Char('.') + d.quote(r.displayColumn());
        const QString join = QStringLiteral(" LEFT JOIN %1 AS %2 ON %2.%3 = %4")
                                     .arg(d.quote(r.tableName()), alias, d.quote(r.indexColumn()), qualified(m_fields.at(c)));
        joins += join;
        if (c == m_sortColumn) {
            sortExpr = columns.last();
            sortJoin = join;
        }
    }
    for (const QString &name : m_keyAttributes)
        columns << qualified(m_model->attribute(name)->field);

    auto orderBy = [&](bool reversed) {
        const bool ascending = (m_sortOrder == Qt::AscendingOrder) != reversed;
        const QString dir = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
        QStringList order;
        if (!sortExpr.isEmpty()) {
            // NULLs first when ascending on every database (PostgreSQL would put them last).
            const Attribute *a = m_model->attribute(attributeAt(m_sortColumn));
            if (m_definition->relation(m_sortColumn).isValid() || !a || a->allowNull)
                order << sortExpr + QStringLiteral(" IS NULL") + (ascending ? QStringLiteral(" DESC") : QStringLiteral(" ASC"));
            order << sortExpr + dir;
        }
        for (const QString &k : m_model->primaryKey) {
            const QString term = qualified(m_model->attribute(k)->field) + dir;
            if (!order.contains(term))
                order << term;
        }
        return order.isEmpty() ? QString() : QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
    };
    const QString filter = m_filterField.isEmpty()
            ? QString()
            : QStringLiteral("CAST(%1 AS TEXT) LIKE ? ESCAPE '\\'").arg(qualified(m_filterField));
    const QString where = filter.isEmpty() ? QString() : QStringLiteral(" WHERE ") + filter;
    const QString select = QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM ") + table + joins;

    m_countSql = QStringLiteral("SELECT COUNT(*) FROM ") + table + where;
    m_keysetSql.clear();
    m_positionSql.clear();
    m_positionNullSql.clear();
    m_sortValueSql.clear();
    m_reversedPageSql.clear();
    if (m_model->primaryKey.size() == 1) {
        // Deferred join: the page's keys by LIMIT/OFFSET over the key (and the sort column) alone,
        // then the joined rows for just those keys.
        const QString pk = qualified(m_model->attribute(m_model->primaryKey.first())->field);
        auto page = [&](bool reversed) {
            return select + QStringLiteral(" WHERE ") + pk + QStringLiteral(" IN (SELECT ") + pk + QStringLiteral(" FROM ") + table
                    + sortJoin + where + orderBy(reversed) + d.limitOffset(true, true) + QLatin1Char(')') + orderBy(reversed);
        };
        m_pageSql = page(false);
        m_reversedPageSql = page(true);
        if (orderedByKey()) {
            const QString cmp = m_sortOrder == Qt::AscendingOrder ? QStringLiteral(" > ?") : QStringLiteral(" < ?");
            const QString prefix = filter.isEmpty() ? QStringLiteral(" WHERE ") : where + QStringLiteral(" AND ");
            m_keysetSql = select + prefix + pk + cmp + orderBy(false) + d.limitOffset(true, false);
            const QString before = m_sortOrder == Qt::AscendingOrder ? QStringLiteral(" < ?") : QStringLiteral(" > ?");
            m_positionSql = QStringLiteral("SELECT COUNT(*) FROM ") + table + prefix + pk + before;
        } else if (!sortExpr.isEmpty()) {
            // A row's position in (sort value, key) order, NULLs first ascending and last descending:
            // its sort value, then the rows before it (one scan, not a page-by-page search).
            const QString prefix = filter.isEmpty() ? QStringLiteral(" WHERE ") : where + QStringLiteral(" AND ");
            m_sortValueSql = QStringLiteral("SELECT ") + sortExpr + QStringLiteral(" FROM ") + table + sortJoin
                    + QStringLiteral(" WHERE ") + pk + QStringLiteral(" = ?");
            const QString count = QStringLiteral("SELECT COUNT(*) FROM ") + table + sortJoin + prefix;
            const QString v = sortExpr;
            if (m_sortOrder == Qt::AscendingOrder) {
                m_positionSql = count + QStringLiteral("(%1 IS NULL OR %1 < ? OR (%1 = ? AND %2 < ?))").arg(v, pk);
                m_positionNullSql = count + QStringLiteral("(%1 IS NULL AND %2 < ?)").arg(v, pk);
            } else {
                m_positionSql = count + QStringLiteral("(%1 > ? OR (%1 = ? AND %2 > ?))").arg(v, pk);
                m_positionNullSql = count + QStringLiteral("(%1 IS NOT NULL OR %2 > ?)").arg(v, pk);
            }
        }
    } else {
        m_pageSql = select + where + orderBy(false) + d.limitOffset(true, true);
        m_reversedPageSql = select + where + orderBy(true) + d.limitOffset(true, true);
    }
}

bool RelationalTableModel::runQuery(QSqlQuery &q, const QString &sql, const QVariantList &bindings) const
{
    if (q.lastQuery() != sql && !q.prepare(sql)) {
        m_lastError = q.lastError();
        return false;
    }
    for (int i = 0; i < bindings.size(); ++i)
        q.bindValue(i, bindings.at(i));
    ++m_statements;
    if (!q.exec()) {
        m_lastError = q.lastError();
        return false;
    }
    return true;
}

bool RelationalTableModel::runCount(qint64 *rows)
{
    QSqlQuery count(m_engine.connection().database());
    count.setForwardOnly(true);
    QVariantList bindings;
    if (!m_filterField.isEmpty())
        bindings << m_filterPattern;
    if (!runQuery(count, m_countSql, bindings) || !count.next())
        return false;
    *rows = qMin<qint64>(count.value(0).toLongLong(), std::numeric_limits<int>::max());
    return true;
}

bool RelationalTableModel::reselect(bool count)
{
    beginResetModel();
    m_pages.clear();
    m_lastPage = nullptr;
    m_lastPageNumber = -1;
    m_rows = 0;
    m_lastError = QSqlError();
    m_pageQuery.finish();
    m_keysetQuery.finish();
    m_selected = true;
    // The first page before the count: a short one is the whole table.
    m_countPending = true;
    const Page &first = page(0);
    bool ok = !m_lastError.isValid();
    m_rows = int(first.rows.size());
    m_countPending = ok && m_rows == m_pageSize;
    if (m_countPending && count) {
        qint64 n = 0;
        ok = runCount(&n);
        m_rows = ok ? int(qMax<qint64>(n, m_rows)) : m_rows;
        m_countPending = false;
    }
    endResetModel();
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
    if (!m_countPending)
        return true;
    m_countPending = false;
    qint64 n = 0;
    if (!runCount(&n))
        return false;
    if (n > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, int(n) - 1);
        m_rows = int(n);
        endInsertRows();
    }
    // Fewer rows than the first page (deleted meanwhile): the next select() shows them.
    emit counted(m_rows);
    return true;
}

bool RelationalTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_countPending;
}

void RelationalTableModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        fetchCount();
}

void RelationalTableModel::setTextFilter(const QString &attribute, const QString &text)
{
    const Attribute *a = m_model->attribute(attribute);
    if (!a || text.isEmpty()) {
        m_filterField.clear();
        m_filterPattern.clear();
    } else {
        m_filterField = a->field;
        m_filterPattern = likePattern(text);
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

void RelationalTableModel::loadPage(int number, Page &into) const
{
    into.rows.clear();
    const qint64 offset = qint64(number) * m_pageSize;
    if (m_countPending) {
        // Before the count only the first page is read (forward, from the top).
        if (number != 0)
            return;
    } else if (offset >= m_rows) {
        return;
    }
    QVariantList bindings;
    if (!m_filterField.isEmpty())
        bindings << m_filterPattern;
    QSqlQuery *q = &m_pageQuery;
    const QString *sql = &m_pageSql;
    bool reversed = false;
    const int keyColumn = int(m_fields.size() + m_keyAttributes.indexOf(m_model->primaryKey.value(0)));
    auto before = m_pages.constFind(number - 1);
    if (!m_keysetSql.isEmpty() && before != m_pages.constEnd() && before->rows.size() == m_pageSize) {
        // Scrolling on: the rows after the previous page's last key.
        bindings << before->rows.last().value(keyColumn) << m_pageSize;
        q = &m_keysetQuery;
        sql = &m_keysetSql;
    } else if (!m_countPending && offset + m_pageSize / 2 > m_rows / 2 && !m_reversedPageSql.isEmpty()) {
        // In the second half, count from the end in the reversed order: the last page of a sort
        // by an unindexed column costs a top-n sort of one page, not of the whole table.
        const qint64 limit = qMin<qint64>(m_pageSize, m_rows - offset);
        bindings << limit << (m_rows - offset - limit);
        sql = &m_reversedPageSql;
        reversed = true;
    } else {
        bindings << m_pageSize << offset;
    }
    if (!runQuery(*q, *sql, bindings))
        return;
    const int columns = int(m_fields.size() + m_keyAttributes.size());
    into.rows.reserve(m_pageSize);
    while (q->next()) {
        QVector<QVariant> row(columns);
        for (int c = 0; c < columns; ++c)
            row[c] = q->value(c);
        into.rows << std::move(row);
    }
    q->finish();
    if (reversed)
        std::reverse(into.rows.begin(), into.rows.end());
}

const RelationalTableModel::Page &RelationalTableModel::page(int number) const
{
    if (m_lastPage && m_lastPageNumber == number)
        return *m_lastPage;
    auto it = m_pages.find(number);
    if (it == m_pages.end()) {
        Page fresh;
        loadPage(number, fresh);
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
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || (role != Qt::DisplayRole && role != Qt::EditRole))
        return QVariant();
    const QVector<QVariant> *row = rowAt(index.row());
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

int RelationalTableModel::findRow(const QVariantMap &key, int limit)
{
    fetchCount(); // rows are counted from the table's

    auto matches = [this, &key](int row) {
        const QVector<QVariant> *r = rowAt(row);
        if (!r)
            return false;
        for (auto it = key.begin(); it != key.end(); ++it) {
            const QVariant v = rawValue(row, it.key());
            if (v.isNull() || v.toString() != it.value().toString())
                return false;
        }
        return true;
    };
    if (!m_positionSql.isEmpty() && key.size() == 1 && key.contains(m_model->primaryKey.first())) {
        QSqlQuery q(m_engine.connection().database());
        q.setForwardOnly(true);
        QVariantList bindings;
        if (!m_filterField.isEmpty())
            bindings << m_filterPattern;
        const QString *sql = &m_positionSql;
        if (m_sortValueSql.isEmpty()) {
            bindings << key.first();
        } else {
            QSqlQuery value(m_engine.connection().database());
            value.setForwardOnly(true);
            if (!runQuery(value, m_sortValueSql, { key.first() }))
                return -1;
            if (!value.next())
                return -1; // no such record
            const QVariant v = value.value(0);
            value.finish();
            if (v.isNull()) {
                sql = &m_positionNullSql;
                bindings << key.first();
            } else {
                bindings << v << v << key.first();
            }
        }
        if (runQuery(q, *sql, bindings) && q.next()) {
            const int row = q.value(0).toInt();
            if (row < m_rows && matches(row))
                return row;
            if (m_sortValueSql.isEmpty())
                return -1;
        }
        // A sort value that does not compare equal once bound again (a timestamp's precision):
        // look near the top only.
        limit = qMin(limit, 8 * m_pageSize);
    }
    const int end = qMin(limit, m_rows);
    for (int row = 0; row < end; ++row) {
        if (matches(row))
            return row;
    }
    return -1;
}

Qt::ItemFlags RelationalTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    const Attribute *a = m_model->attribute(attributeAt(index.column()));
    if (a && !a->autoIncrement && !a->timestamp)
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
        QString tip = QStringLiteral("%1 %2").arg(a->field, dataTypeName(a->type));
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

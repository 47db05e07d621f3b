#include "relationaltablemodel.h"

#include <QSqlDriver>
#include <QSqlField>
#include <QSqlRecord>
#include <QSqlRelation>

namespace grumble {

RelationalTableModel::RelationalTableModel(Engine &engine, const Model &model, QObject *parent)
    : QSqlRelationalTableModel(parent, engine.connection().database()), m_engine(engine), m_model(&model)
{
    setJoinMode(QSqlRelationalTableModel::LeftJoin);
    setEditStrategy(QSqlTableModel::OnManualSubmit);
    setTable(model.tableName);
    const QSqlRecord base = record();
    for (const Attribute &a : model.attributes) {
        const int col = base.indexOf(a.field);
        if (col >= 0)
            m_columnOf.insert(a.name, col);
        if (a.primaryKey || !a.referencesModel.isEmpty())
            m_keyAttributes << a.name;
    }
    m_attributeColumns = base.count();
    for (int i = 0; i < base.count(); ++i)
        m_fields << base.fieldName(i);
    for (const Attribute &a : model.attributes) {
        if (a.referencesModel.isEmpty() || !m_columnOf.contains(a.name))
            continue;
        const Model *parentModel = engine.schema().model(a.referencesModel);
        if (!parentModel)
            continue;
        const Attribute *key = parentModel->attribute(a.referencesKey.isEmpty() ? QStringLiteral("id") : a.referencesKey);
        const Attribute *display = parentModel->attribute(displayAttribute(*parentModel));
        if (!key || !display)
            continue;
        setRelation(m_columnOf.value(a.name), QSqlRelation(parentModel->tableName, key->field, display->field));
        m_hasRelations = true;
    }
}

QString RelationalTableModel::displayAttribute(const Model &m)
{
    if (m.attribute(QStringLiteral("name")))
        return QStringLiteral("name");
    for (const Attribute &a : m.attributes) {
        if ((a.type == DataType::String || a.type == DataType::Text) && a.referencesModel.isEmpty())
            return a.name;
    }
    if (const Attribute *pk = m.pk())
        return pk->name;
    return m.attributes.isEmpty() ? QString() : m.attributes.first().name;
}

QString RelationalTableModel::attributeAt(int column) const
{
    for (auto it = m_columnOf.begin(); it != m_columnOf.end(); ++it) {
        if (it.value() == column)
            return it.key();
    }
    return QString();
}

QString RelationalTableModel::selectStatement() const
{
    const Dialect &d = m_engine.dialect();
    if (!m_hasRelations) {
        // QSqlTableModel would list the columns of the last result, hidden key columns included.
        QStringList cols;
        for (const QString &f : m_fields)
            cols << d.quote(m_model->tableName) + QLatin1Char('.') + d.quote(f);
        QString sql = QStringLiteral("SELECT ") + cols.join(QStringLiteral(", "));
        for (const QString &name : m_keyAttributes) {
            const Attribute *a = m_model->attribute(name);
            sql += QStringLiteral(", ") + d.quote(m_model->tableName) + QLatin1Char('.') + d.quote(a->field)
                    + QStringLiteral(" AS ") + d.quote(QStringLiteral("grumble_key_") + a->field);
        }
        sql += QStringLiteral(" FROM ") + d.quote(m_model->tableName);
        if (!filter().isEmpty())
            sql += QStringLiteral(" WHERE ") + filter();
        const QString order = orderByClause();
        if (!order.isEmpty())
            sql += QLatin1Char(' ') + order;
        return sql;
    }
    QString sql = QSqlRelationalTableModel::selectStatement();
    if (sql.isEmpty() || m_keyAttributes.isEmpty())
        return sql;
    const int from = sql.indexOf(QLatin1String(" FROM "));
    if (from < 0)
        return sql;
    QString extra;
    for (const QString &name : m_keyAttributes) {
        const Attribute *a = m_model->attribute(name);
        extra += QStringLiteral(", ") + d.quote(m_model->tableName) + QLatin1Char('.') + d.quote(a->field)
                + QStringLiteral(" AS ") + d.quote(QStringLiteral("grumble_key_") + a->field);
    }
    sql.insert(from, extra);
    return sql;
}

QVariant RelationalTableModel::rawValue(int row, const QString &attribute) const
{
    const int k = m_keyAttributes.indexOf(attribute);
    if (k >= 0)
        return QSqlQueryModel::data(QSqlQueryModel::index(row, m_attributeColumns + k), Qt::EditRole);
    const int col = columnOf(attribute);
    return col < 0 ? QVariant() : QSqlQueryModel::data(QSqlQueryModel::index(row, col), Qt::EditRole);
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
    for (int row = 0;; ++row) {
        if (row >= rowCount()) {
            if (row >= limit || !canFetchMore())
                return -1;
            fetchMore();
            if (row >= rowCount())
                return -1;
        }
        bool match = true;
        for (auto it = key.begin(); it != key.end() && match; ++it)
            match = rawValue(row, it.key()).toString() == it.value().toString();
        if (match)
            return row;
    }
}

void RelationalTableModel::setTextFilter(const QString &attribute, const QString &text)
{
    const Attribute *a = m_model->attribute(attribute);
    if (!a || text.isEmpty()) {
        setFilter(QString());
        return;
    }
    QString pattern = text;
    pattern.replace(QLatin1Char('%'), QString()).replace(QLatin1Char('_'), QString());
    QSqlField literal(QString(), QMetaType(QMetaType::QString));
    literal.setValue(QLatin1Char('%') + pattern + QLatin1Char('%'));
    const Dialect &d = m_engine.dialect();
    setFilter(QStringLiteral("CAST(%1.%2 AS TEXT) LIKE %3")
                      .arg(d.quote(m_model->tableName), d.quote(a->field), database().driver()->formatValue(literal)));
}

Qt::ItemFlags RelationalTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QSqlRelationalTableModel::flags(index);
    Qt::ItemFlags f = QSqlRelationalTableModel::flags(index);
    const Attribute *a = m_model->attribute(attributeAt(index.column()));
    if (!a || a->autoIncrement || a->timestamp)
        f &= ~Qt::ItemIsEditable;
    return f | Qt::ItemIsDragEnabled;
}

QVariant RelationalTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        const QString name = attributeAt(section);
        if (!name.isEmpty()) {
            const Attribute *a = m_model->attribute(name);
            if (a && !a->referencesModel.isEmpty()) {
                const Model *p = m_engine.schema().model(a->referencesModel);
                return p ? QStringLiteral("%1 → %2").arg(name, p->singular) : name;
            }
            return name;
        }
    }
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        const Attribute *a = m_model->attribute(attributeAt(section));
        if (a) {
            QString tip = QStringLiteral("%1 %2").arg(a->field, dataTypeName(a->type));
            if (a->primaryKey)
                tip += QStringLiteral(", primary key");
            if (!a->referencesModel.isEmpty())
                tip += QStringLiteral(", references %1 (ON DELETE %2)").arg(a->referencesModel, a->onDelete);
            if (!a->allowNull)
                tip += QStringLiteral(", NOT NULL");
            return tip;
        }
    }
    return QSqlRelationalTableModel::headerData(section, orientation, role);
}

} // namespace grumble

// DDL: CREATE TABLE / CREATE INDEX per model, sync() in dependency order, the tables that exist.

#include "enginecore.h"

namespace grumble {

namespace {

QString sqlLiteral(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Double:
        return v.toString();
    default: {
        QString s = v.toString();
        s.replace(QLatin1Char('\''), QStringLiteral("''"));
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    }
}

//! One column of CREATE TABLE: name, type, constraints and the foreign key it references.
QString columnDefinition(const Dialect &dl, const Schema &schema, const Model &m,
                         const Attribute &a)
{
    const bool inlinePk = dl.inlineAutoIncrementKey();
    QString def = dl.quote(a.field) + QLatin1Char(' ');
    if (a.primaryKey && a.autoIncrement && m.primaryKey.size() == 1) {
        def += dl.autoIncrementPrimaryKey(a);
    } else {
        def += dl.columnType(a);
        if (!a.allowNull)
            def += QStringLiteral(" NOT NULL");
        if (a.unique)
            def += QStringLiteral(" UNIQUE");
        if (a.primaryKey && m.primaryKey.size() == 1 && inlinePk)
            def += QStringLiteral(" PRIMARY KEY");
        if (a.defaultValue.isValid() && !a.defaultValue.isNull() && a.type != DataType::Json)
            def += QStringLiteral(" DEFAULT ")
                    + sqlLiteral(a.type == DataType::Boolean ? QVariant(a.defaultValue.toBool())
                                                             : dl.toDb(a.type, a.defaultValue));
        else if (!a.defaultSql.isEmpty())
            def += QStringLiteral(" DEFAULT (") + a.defaultSql + QLatin1Char(')');
    }
    if (!a.referencesModel.isEmpty() && a.constraint) {
        const Model *ref = schema.model(a.referencesModel);
        const Attribute *refKey = ref ? ref->attribute(a.referencesKey) : nullptr;
        if (ref && refKey) {
            def += QStringLiteral(" REFERENCES ") + dl.quote(ref->tableName) + QStringLiteral(" (")
                    + dl.quote(refKey->field) + QLatin1Char(')');
            if (!a.onDelete.isEmpty())
                def += QStringLiteral(" ON DELETE ") + a.onDelete;
            if (!a.onUpdate.isEmpty())
                def += QStringLiteral(" ON UPDATE ") + a.onUpdate;
        }
    }
    return def;
}

} // namespace

QStringList Engine::createTableSql(const Model &m) const
{
    const Dialect &dl = dialect();
    QStringList defs;
    const bool inlinePk = dl.inlineAutoIncrementKey();
    for (const Attribute &a : m.attributes)
        defs << columnDefinition(dl, m_schema, m, a);
    const bool separatePk = m.primaryKey.size() > 1 || (!inlinePk && !m.primaryKey.isEmpty());
    if (separatePk) {
        QStringList cols;
        for (const QString &k : m.primaryKey)
            cols << dl.quote(m.attribute(k)->field);
        defs << QStringLiteral("PRIMARY KEY (") + cols.join(QStringLiteral(", "))
                        + QLatin1Char(')');
    }
    QStringList out;
    out << QStringLiteral("CREATE TABLE IF NOT EXISTS ") + dl.quote(m.tableName)
                    + QStringLiteral(" (") + defs.join(QStringLiteral(", ")) + QLatin1Char(')');
    // Grumble's own indexes on foreign keys (Sequelize creates none). A key that leads the
    // primary key is already indexed.
    for (const Attribute &a : m.attributes) {
        if (a.referencesModel.isEmpty() || !a.indexed
            || (a.primaryKey && m.primaryKey.value(0) == a.name))
            continue;
        QString name = QStringLiteral("grumble_idx_") + m.tableName + QLatin1Char('_') + a.field;
        if (const int max = dl.maxIdentifierLength(); max && name.toUtf8().size() > max)
            name = QStringLiteral("grumble_idx_%1").arg(qHash(m.tableName + a.field), 0, 16);
        out << QStringLiteral("CREATE INDEX IF NOT EXISTS ") + dl.quote(name)
                        + QStringLiteral(" ON ") + dl.quote(m.tableName) + QStringLiteral(" (")
                        + dl.quote(a.field) + QLatin1Char(')');
    }
    return out;
}

Result<QStringList> Engine::existingTables()
{
    auto r = m_conn->exec(dialect().listTablesSql());
    if (!r)
        return r.error();
    QStringList out;
    while ((*r)->next())
        out << (*r)->value(0).toString();
    (*r)->finish();
    return out;
}

Result<bool> Engine::hasTables()
{
    auto tables = existingTables();
    if (!tables)
        return tables.error();
    return !tables->isEmpty();
}

Result<void> Engine::prepareNewDatabase()
{
    auto tables = existingTables();
    if (!tables)
        return tables.error();
    if (!tables->isEmpty() || m_conn->inTransaction())
        return {};
    // An empty database becomes Grumble's: WAL (outside any transaction, which SQLite requires).
    for (const QString &statement : dialect().newDatabaseSetup())
        GRUMBLE_TRY(m_conn->execControl(statement));
    return {};
}

Result<void> Engine::sync(bool force)
{
    ContextScope scope(*m_conn,
                       force ? QStringLiteral("sync({force: true})") : QStringLiteral("sync()"));
    m_conn->clearStatementCache();
    GRUMBLE_TRY(prepareNewDatabase());
    Transaction tx(*m_conn);
    GRUMBLE_TRY(tx.start());
    const QVector<const Model *> order = m_schema.creationOrder();
    if (force) {
        for (int i = order.size() - 1; i >= 0; --i)
            GRUMBLE_TRY(m_conn->execDirect(dialect().dropTable(order.at(i)->tableName)));
    }
    for (const Model *m : order) {
        for (const QString &sql : createTableSql(*m))
            GRUMBLE_TRY(m_conn->execDirect(sql));
    }
    GRUMBLE_TRY(tx.commit());
    m_conn->clearStatementCache();
    return {};
}

} // namespace grumble

// DDL: CREATE TABLE / CREATE INDEX per model, sync() in dependency order, the tables that exist.

#include "enginecore.h"

#include <QSet>

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

//! " REFERENCES table (column) ON DELETE … ON UPDATE …" of a foreign key; empty when the
//! attribute has no constraint (or references nothing the schema has).
QString referencesClause(const Dialect &dl, const Schema &schema, const Attribute &a)
{
    if (a.referencesModel.isEmpty() || !a.constraint)
        return QString();
    const Model *ref = schema.model(a.referencesModel);
    const Attribute *refKey = ref ? ref->attribute(a.referencesKey) : nullptr;
    if (!ref || !refKey)
        return QString();
    QString clause = QStringLiteral(" REFERENCES ") + dl.quote(ref->tableName) + QStringLiteral(" (")
            + dl.quote(refKey->field) + QLatin1Char(')');
    if (!a.onDelete.isEmpty())
        clause += QStringLiteral(" ON DELETE ") + a.onDelete;
    if (!a.onUpdate.isEmpty())
        clause += QStringLiteral(" ON UPDATE ") + a.onUpdate;
    return clause;
}

//! An identifier `name`, or a hashed one with `prefix` when the dialect's limit is shorter.
QString boundedName(const Dialect &dl, const QString &prefix, const QString &name, const QString &hashed)
{
    if (const int max = dl.maxIdentifierLength(); max && name.toUtf8().size() > max)
        return prefix + QString::number(qHash(hashed), 16);
    return name;
}

//! One column of CREATE TABLE: name, type, constraints and (unless `withoutReference`) the foreign
//! key it references.
QString columnDefinition(const Dialect &dl, const Schema &schema, const Model &m, const Attribute &a,
                         bool withoutReference = false)
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
    if (!withoutReference)
        def += referencesClause(dl, schema, a);
    return def;
}

//! ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY for a reference CREATE TABLE left out (named as
//! PostgreSQL names it: table_column_fkey).
QString addForeignKeySql(const Dialect &dl, const Schema &schema, const Model &m, const Attribute &a)
{
    const QString name = boundedName(dl, QStringLiteral("grumble_fk_"), m.tableName + QLatin1Char('_') + a.field
                                             + QStringLiteral("_fkey"), m.tableName + a.field);
    return QStringLiteral("ALTER TABLE ") + dl.quote(m.tableName) + QStringLiteral(" ADD CONSTRAINT ") + dl.quote(name)
            + QStringLiteral(" FOREIGN KEY (") + dl.quote(a.field) + QLatin1Char(')') + referencesClause(dl, schema, a);
}

//! The foreign keys of `m` that reference a table not created before it (a cycle of references),
//! which PostgreSQL refuses in CREATE TABLE: they are added once every table exists. SQLite checks
//! references only when rows are written (and cannot add a constraint later), so it keeps them inline.
QSet<QString> laterForeignKeys(const Dialect &dl, const Model &m, const QSet<QString> &createdModels)
{
    QSet<QString> later;
    if (dl.name() == QLatin1String("sqlite"))
        return later;
    for (const Attribute &a : m.attributes) {
        if (!a.referencesModel.isEmpty() && a.constraint && a.referencesModel != m.name
            && !createdModels.contains(a.referencesModel))
            later.insert(a.name);
    }
    return later;
}

//! CREATE TABLE and CREATE INDEX of a model; the foreign keys named in `withoutReferences` left out.
QStringList tableSql(const Dialect &dl, const Schema &schema, const Model &m, const QSet<QString> &withoutReferences)
{
    QStringList defs;
    const bool inlinePk = dl.inlineAutoIncrementKey();
    for (const Attribute &a : m.attributes)
        defs << columnDefinition(dl, schema, m, a, withoutReferences.contains(a.name));
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
        const QString name = boundedName(dl, QStringLiteral("grumble_idx_"),
                                         QStringLiteral("grumble_idx_") + m.tableName + QLatin1Char('_') + a.field,
                                         m.tableName + a.field);
        out << QStringLiteral("CREATE INDEX IF NOT EXISTS ") + dl.quote(name)
                        + QStringLiteral(" ON ") + dl.quote(m.tableName) + QStringLiteral(" (")
                        + dl.quote(a.field) + QLatin1Char(')');
    }
    return out;
}

//! CREATE TABLE of every model in `order`, then the foreign keys of reference cycles.
Result<void> createTables(Connection &conn, const Dialect &dl, const Schema &schema,
                          const QVector<const Model *> &order, const QStringList &existing)
{
    QSet<QString> created;
    QStringList addedLater; // the foreign keys of reference cycles, once every table exists
    for (const Model *m : order) {
        const QSet<QString> later = laterForeignKeys(dl, *m, created);
        for (const QString &sql : tableSql(dl, schema, *m, later))
            GRUMBLE_TRY(conn.execDirect(sql));
        created.insert(m->name);
        if (existing.contains(m->tableName))
            continue; // CREATE TABLE IF NOT EXISTS changed nothing: neither do its constraints
        for (const Attribute &a : m->attributes) {
            if (later.contains(a.name))
                addedLater << addForeignKeySql(dl, schema, *m, a);
        }
    }
    for (const QString &sql : std::as_const(addedLater))
        GRUMBLE_TRY(conn.execDirect(sql));
    return {};
}

} // namespace

QStringList Engine::createTableSql(const Model &m) const
{
    return tableSql(dialect(), m_schema, m, {});
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
    auto existing = existingTables();
    if (!existing)
        return existing.error();
    GRUMBLE_TRY(createTables(*m_conn, dialect(), m_schema, order, *existing));
    GRUMBLE_TRY(tx.commit());
    m_conn->clearStatementCache();
    return {};
}

} // namespace grumble

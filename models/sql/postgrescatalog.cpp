// readPostgresCatalog(): one PostgreSQL schema's tables in three SELECTs on pg_catalog (columns,
// primary and foreign keys, indexes), whatever the number of tables. Nothing is written.
#include "catalogreader.h"
#include "connection.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace grumble {

namespace {

//! Ordinary and partitioned tables of the schema; partitions are left out (their parent is listed).
const QString kTableFilter = QStringLiteral("c.relkind IN ('r', 'p') AND NOT c.relispartition");

//! The column names of attribute numbers `keys` of relation `rel`, as a JSON array in key order;
//! null for an expression (attribute number 0). `extra` further restricts the key positions.
QString columnNamesJson(const QString &keys, const QString &rel, const QString &extra = QString())
{
    return QStringLiteral(
                   "(SELECT pg_catalog.json_agg(a.attname ORDER BY u.i) FROM pg_catalog.unnest(%1)"
                   " WITH ORDINALITY AS u(n, i) LEFT JOIN pg_catalog.pg_attribute AS a"
                   " ON a.attrelid = %2 AND a.attnum = u.n%3)::text")
            .arg(keys, rel, extra);
}

// From the namespace outwards, so a schema without tables gives one row of NULLs and a schema that
// does not exist gives none.
const QString kColumnsSql =
        QStringLiteral(
                "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                " a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid),"
                " a.attidentity::text, a.attgenerated::text"
                " FROM pg_catalog.pg_namespace AS n"
                " LEFT JOIN pg_catalog.pg_class AS c ON c.relnamespace = n.oid AND %1"
                " LEFT JOIN pg_catalog.pg_attribute AS a"
                " ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                " LEFT JOIN pg_catalog.pg_attrdef AS d"
                " ON d.adrelid = c.oid AND d.adnum = a.attnum"
                " WHERE n.nspname = ? ORDER BY c.relname, a.attnum")
                .arg(kTableFilter);

// Primary and foreign keys; conparentid = 0 leaves out the copies PostgreSQL makes for partitions.
const QString kKeysSql =
        QStringLiteral("SELECT c.relname, k.conname, k.contype::text, k.confdeltype::text,"
                       " k.confupdtype::text, rn.nspname, rc.relname, %2, %3"
                       " FROM pg_catalog.pg_constraint AS k"
                       " JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid"
                       " JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace"
                       " LEFT JOIN pg_catalog.pg_class AS rc ON rc.oid = k.confrelid"
                       " LEFT JOIN pg_catalog.pg_namespace AS rn ON rn.oid = rc.relnamespace"
                       " WHERE n.nspname = ? AND k.contype IN ('p', 'f') AND k.conparentid = 0"
                       " AND %1 ORDER BY c.relname, k.oid")
                .arg(kTableFilter,
                     columnNamesJson(QStringLiteral("k.conkey"), QStringLiteral("k.conrelid")),
                     columnNamesJson(QStringLiteral("k.confkey"), QStringLiteral("k.confrelid")));

// Every index but the primary key's; a UNIQUE constraint is the index it owns (contype 'u').
const QString kIndexesSql =
        QStringLiteral("SELECT c.relname, i.relname, x.indisunique, x.indpred IS NOT NULL,"
                       " k.oid IS NOT NULL, %2"
                       " FROM pg_catalog.pg_index AS x"
                       " JOIN pg_catalog.pg_class AS c ON c.oid = x.indrelid"
                       " JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid"
                       " JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace"
                       " LEFT JOIN pg_catalog.pg_constraint AS k ON k.conindid = x.indexrelid"
                       " AND k.conrelid = x.indrelid AND k.contype = 'u'"
                       " WHERE n.nspname = ? AND NOT x.indisprimary AND %1"
                       " ORDER BY c.relname, i.relname")
                .arg(kTableFilter,
                     columnNamesJson(QStringLiteral("x.indkey::int2[]"),
                                     QStringLiteral("x.indrelid"),
                                     QStringLiteral(" WHERE u.i <= x.indnkeyatts")));

//! The catalog being built, with its tables by name.
struct Builder
{
    Catalog catalog;
    QHash<QString, int> tableIndex;

    CatalogTable *table(const QString &name)
    {
        auto it = tableIndex.constFind(name);
        return it == tableIndex.constEnd() ? nullptr : &catalog.tables[*it];
    }
};

//! Runs one of the SELECTs above for the schema and hands each row to `row`; the number of rows.
template<typename RowFn>
Result<int> eachRow(Connection &connection, const QString &sql, const QString &schema, RowFn row)
{
    auto cursor = connection.exec(sql, { schema });
    if (!cursor)
        return cursor.error();
    int rows = 0;
    while ((*cursor)->next()) {
        row(**cursor);
        ++rows;
    }
    (*cursor)->finish();
    return rows;
}

//! A JSON array of column names; empty when it is NULL or holds an expression (a null).
QStringList columnNames(const QVariant &json)
{
    QStringList names;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue &name : array) {
        if (!name.isString())
            return {};
        names << name.toString();
    }
    return names;
}

//! "NO ACTION" ... for pg_constraint's confdeltype / confupdtype letter.
QString referentialAction(const QString &letter)
{
    switch (letter.isEmpty() ? 'a' : letter.at(0).toLatin1()) {
    case 'r':
        return QStringLiteral("RESTRICT");
    case 'c':
        return QStringLiteral("CASCADE");
    case 'n':
        return QStringLiteral("SET NULL");
    case 'd':
        return QStringLiteral("SET DEFAULT");
    default:
        return QStringLiteral("NO ACTION");
    }
}

//! One column from a row of kColumnsSql (serial and identity columns are autoIncrement).
CatalogColumn columnFrom(const Cursor &c)
{
    CatalogColumn column;
    column.name = c.value(1).toString();
    column.sqlType = c.value(2).toString();
    column.notNull = c.value(3).toBool();
    const bool generated = !c.value(6).toString().isEmpty(); // its expression is no default
    column.hasDefault = !c.isNull(4) && !generated;
    if (column.hasDefault)
        column.defaultSql = c.value(4).toString();
    const QString identity = c.value(5).toString();
    column.autoIncrement = identity == QLatin1String("a") || identity == QLatin1String("d")
            || column.defaultSql.startsWith(QLatin1String("nextval("));
    return column;
}

Result<void> readColumns(Connection &connection, const QString &schema, Builder &b)
{
    auto rows = eachRow(connection, kColumnsSql, schema, [&](const Cursor &c) {
        if (c.isNull(0))
            return; // the schema has no tables
        const QString tableName = c.value(0).toString();
        if (!b.tableIndex.contains(tableName)) {
            b.tableIndex.insert(tableName, int(b.catalog.tables.size()));
            b.catalog.tables.append(CatalogTable{ tableName, {}, {}, {}, {} });
        }
        if (!c.isNull(1)) // else a table without columns
            b.table(tableName)->columns.append(columnFrom(c));
    });
    if (!rows)
        return rows.error();
    if (*rows == 0 && !connection.isOffline())
        return makeError(
                ErrorKind::Connection,
                QStringLiteral(
                        "The schema '%1' does not exist in the database %2 (see ?schema=NAME)")
                        .arg(schema, connection.url().display()));
    return {};
}

Result<void> readKeys(Connection &connection, const QString &schema, Builder &b)
{
    auto rows = eachRow(connection, kKeysSql, schema, [&](const Cursor &c) {
        CatalogTable *table = b.table(c.value(0).toString());
        if (!table)
            return;
        if (c.value(2).toString() == QLatin1String("p")) {
            table->primaryKey = columnNames(c.value(7));
            return;
        }
        CatalogForeignKey key;
        key.name = c.value(1).toString();
        key.onDelete = referentialAction(c.value(3).toString());
        key.onUpdate = referentialAction(c.value(4).toString());
        const QString referencedSchema = c.value(5).toString();
        key.referencedTable = referencedSchema == schema
                ? c.value(6).toString()
                : referencedSchema + QLatin1Char('.') + c.value(6).toString();
        key.columns = columnNames(c.value(7));
        key.referencedColumns = columnNames(c.value(8));
        table->foreignKeys.append(key);
    });
    if (!rows)
        return rows.error();
    return {};
}

Result<void> readIndexes(Connection &connection, const QString &schema, Builder &b)
{
    auto rows = eachRow(connection, kIndexesSql, schema, [&](const Cursor &c) {
        CatalogTable *table = b.table(c.value(0).toString());
        if (!table)
            return;
        CatalogIndex index;
        index.name = c.value(1).toString();
        index.unique = c.value(2).toBool();
        index.partial = c.value(3).toBool();
        index.constraint = c.value(4).toBool();
        index.columns = columnNames(c.value(5));
        table->indexes.append(index);
    });
    if (!rows)
        return rows.error();
    return {};
}

} // namespace

Result<Catalog> readPostgresCatalog(Connection &connection, const QString &namespaceName)
{
    ContextScope scope(connection, QStringLiteral("read catalog"));
    Builder b;
    b.catalog.dialect = QStringLiteral("postgres");
    b.catalog.namespaceName = namespaceName;
    GRUMBLE_TRY(readColumns(connection, namespaceName, b));
    GRUMBLE_TRY(readKeys(connection, namespaceName, b));
    GRUMBLE_TRY(readIndexes(connection, namespaceName, b));
    return std::move(b.catalog);
}

} // namespace grumble

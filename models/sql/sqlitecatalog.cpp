// readSqliteCatalog(): a SQLite database's tables in three SELECTs, each joining sqlite_master with
// one of the table-valued pragma functions (columns, foreign keys, indexes). Nothing is written.
#include "catalogreader.h"
#include "connection.h"

#include <QHash>
#include <QMap>
#include <QSet>

namespace grumble {

namespace {

//! The tables a SQLite catalog lists: ordinary tables of "main", not SQLite's own, not virtual.
const QString kTables = QStringLiteral(" FROM sqlite_master AS m %1 WHERE m.type = 'table'"
                                       " AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                                       " AND m.sql NOT LIKE 'CREATE VIRTUAL %'");

const QString kColumnsSql =
        QStringLiteral("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden")
        + kTables.arg(QStringLiteral("JOIN pragma_table_xinfo(m.name, 'main') AS p"))
        + QStringLiteral(" ORDER BY m.name, p.cid");

// pragma_foreign_key_list numbers the keys from the last declared: id DESC is declaration order.
const QString kForeignKeysSql =
        QStringLiteral("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update,"
                       " f.on_delete")
        + kTables.arg(QStringLiteral("JOIN pragma_foreign_key_list(m.name, 'main') AS f"))
        + QStringLiteral(" ORDER BY m.name, f.id DESC, f.seq");

const QString kIndexesSql =
        QStringLiteral("SELECT m.name, l.name, l.\"unique\", l.origin, l.partial, i.cid, i.name")
        + kTables.arg(QStringLiteral("JOIN pragma_index_list(m.name, 'main') AS l"
                                     " LEFT JOIN pragma_index_info(l.name, 'main') AS i"))
        + QStringLiteral(" ORDER BY m.name, l.name, i.seqno");

//! The catalog being built, with its tables by name.
struct Builder
{
    Catalog catalog;
    QHash<QString, int> tableIndex;
    //! Tables whose primary key has its own index (origin "pk"): not a rowid alias.
    QSet<QString> keyIndexed;

    CatalogTable *table(const QString &name)
    {
        auto it = tableIndex.constFind(name);
        return it == tableIndex.constEnd() ? nullptr : &catalog.tables[*it];
    }
};

//! Runs one of the SELECTs above and hands each row to `row`.
template<typename RowFn>
Result<void> eachRow(Connection &connection, const QString &sql, RowFn row)
{
    auto cursor = connection.exec(sql);
    if (!cursor)
        return cursor.error();
    while ((*cursor)->next())
        row(**cursor);
    (*cursor)->finish();
    return {};
}

//! Tables and their columns, the primary key from the columns' pk positions.
Result<void> readColumns(Connection &connection, Builder &b)
{
    QHash<QString, QMap<int, QString>> keyPositions;
    auto read = eachRow(connection, kColumnsSql, [&](const Cursor &c) {
        const QString tableName = c.value(0).toString();
        if (c.value(6).toInt() == 1)
            return; // a virtual table's hidden column
        if (!b.tableIndex.contains(tableName)) {
            b.tableIndex.insert(tableName, int(b.catalog.tables.size()));
            b.catalog.tables.append(CatalogTable{ tableName, {}, {}, {}, {} });
        }
        CatalogColumn column;
        column.name = c.value(1).toString();
        column.sqlType = c.value(2).toString();
        column.notNull = c.value(3).toInt() != 0;
        column.hasDefault = !c.isNull(4);
        column.defaultSql = c.value(4).toString();
        b.table(tableName)->columns.append(column);
        if (const int position = c.value(5).toInt(); position > 0)
            keyPositions[tableName].insert(position, column.name);
    });
    GRUMBLE_TRY(read);
    for (auto it = keyPositions.constBegin(); it != keyPositions.constEnd(); ++it)
        b.table(it.key())->primaryKey = it.value().values();
    return {};
}

//! Foreign keys: one row per column, in key order.
Result<void> readForeignKeys(Connection &connection, Builder &b)
{
    QHash<QString, qint64> lastId; // the key the previous row of a table belonged to
    return eachRow(connection, kForeignKeysSql, [&](const Cursor &c) {
        CatalogTable *table = b.table(c.value(0).toString());
        if (!table)
            return;
        const qint64 id = c.value(1).toLongLong();
        if (table->foreignKeys.isEmpty() || lastId.value(table->name) != id) {
            CatalogForeignKey key;
            key.referencedTable = c.value(2).toString();
            key.onUpdate = c.value(5).toString().toUpper();
            key.onDelete = c.value(6).toString().toUpper();
            table->foreignKeys.append(key);
            lastId.insert(table->name, id);
        }
        CatalogForeignKey &key = table->foreignKeys.last();
        key.columns << c.value(3).toString();
        if (!c.isNull(4))
            key.referencedColumns << c.value(4).toString();
    });
}

//! Indexes and UNIQUE constraints (not the primary key's own index, origin "pk").
Result<void> readIndexes(Connection &connection, Builder &b)
{
    QSet<QString> expressionIndexes;
    auto read = eachRow(connection, kIndexesSql, [&](const Cursor &c) {
        CatalogTable *table = b.table(c.value(0).toString());
        if (!table)
            return;
        const QString origin = c.value(3).toString();
        if (origin == QLatin1String("pk")) {
            b.keyIndexed.insert(table->name);
            return;
        }
        const QString name = c.value(1).toString();
        if (table->indexes.isEmpty() || table->indexes.last().name != name) {
            CatalogIndex index;
            index.name = name;
            index.unique = c.value(2).toInt() != 0;
            index.constraint = origin == QLatin1String("u");
            index.partial = c.value(4).toInt() != 0;
            table->indexes.append(index);
        }
        if (c.isNull(6)) // an expression (cid -2) or the rowid (cid -1)
            expressionIndexes.insert(table->name + QLatin1Char('\0') + name);
        else
            table->indexes.last().columns << c.value(6).toString();
    });
    GRUMBLE_TRY(read);
    for (CatalogTable &table : b.catalog.tables) {
        for (CatalogIndex &index : table.indexes) {
            if (expressionIndexes.contains(table.name + QLatin1Char('\0') + index.name))
                index.columns.clear();
        }
    }
    return {};
}

//! What the pragmas leave implicit: the rowid alias (a lone INTEGER PRIMARY KEY without its own
//! index, which never holds NULL) and referenced columns left out (= the referenced primary key).
void completeKeys(Builder &b)
{
    for (CatalogTable &table : b.catalog.tables) {
        if (table.primaryKey.size() == 1 && !b.keyIndexed.contains(table.name)) {
            for (CatalogColumn &column : table.columns) {
                if (column.name == table.primaryKey.first()
                    && column.sqlType.compare(QLatin1String("INTEGER"), Qt::CaseInsensitive) == 0) {
                    column.autoIncrement = true;
                    column.notNull = true;
                }
            }
        }
    }
    for (CatalogTable &table : b.catalog.tables) {
        for (CatalogForeignKey &key : table.foreignKeys) {
            const CatalogTable *referenced = b.catalog.table(key.referencedTable);
            if (!referenced)
                continue;
            key.referencedTable = referenced->name;
            if (key.referencedColumns.isEmpty())
                key.referencedColumns = referenced->primaryKey;
        }
    }
}

} // namespace

Result<Catalog> readSqliteCatalog(Connection &connection)
{
    ContextScope scope(connection, QStringLiteral("read catalog"));
    Builder b;
    b.catalog.dialect = QStringLiteral("sqlite");
    b.catalog.namespaceName = QStringLiteral("main");
    GRUMBLE_TRY(readColumns(connection, b));
    GRUMBLE_TRY(readForeignKeys(connection, b));
    GRUMBLE_TRY(readIndexes(connection, b));
    completeKeys(b);
    return std::move(b.catalog);
}

} // namespace grumble

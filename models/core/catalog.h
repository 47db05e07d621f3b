#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace grumble {

//! The element of `items` whose `name` is `name`: exact, then case-insensitive; nullptr when none.
template <typename Item>
const Item *findByName(const QVector<Item> &items, const QString &name)
{
    for (const Item &item : items) {
        if (item.name == name)
            return &item;
    }
    for (const Item &item : items) {
        if (item.name.compare(name, Qt::CaseInsensitive) == 0)
            return &item;
    }
    return nullptr;
}

//! One column of a table as the database reports it.
struct CatalogColumn
{
    QString name;
    QString sqlType;        //!< verbatim, as declared/reported ("VARCHAR(255)", "timestamp with time zone", "GEOMETRY")
    bool notNull = false;
    bool hasDefault = false;
    QString defaultSql;     //!< the default expression verbatim ("'member'", "0", "nextval('users_id_seq'::regclass)")
    bool autoIncrement = false; //!< SQLite INTEGER PRIMARY KEY AUTOINCREMENT / rowid alias, PostgreSQL serial or identity
};

//! A foreign key constraint (one or more columns).
struct CatalogForeignKey
{
    QString name;               //!< constraint name (SQLite: empty unless named)
    QStringList columns;        //!< referencing columns, in key order
    QString referencedTable;
    QStringList referencedColumns; //!< in key order; SQLite may report them empty (= the referenced primary key)
    QString onDelete;           //!< upper case: "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"
    QString onUpdate;           //!< as onDelete
};

//! An index or a UNIQUE constraint (the primary key is CatalogTable::primaryKey, not listed here).
struct CatalogIndex
{
    QString name;
    QStringList columns;    //!< in index order; empty for an expression index
    bool unique = false;
    bool constraint = false; //!< a UNIQUE constraint (PostgreSQL) / declared inline UNIQUE (SQLite "u" origin)
    bool partial = false;    //!< has a WHERE clause (not a uniqueness guarantee for the whole table)
};

//! A table (views are not listed).
struct CatalogTable
{
    QString name;
    QVector<CatalogColumn> columns; //!< in column order
    QStringList primaryKey;         //!< column names in key order; empty: no primary key
    QVector<CatalogForeignKey> foreignKeys;
    QVector<CatalogIndex> indexes;

    //! The column called `name` (exact, then case-insensitive), nullptr when there is none.
    const CatalogColumn *column(const QString &name) const { return findByName(columns, name); }
    //! Whether the rows are unique on exactly these columns (in any order): the primary key, a
    //! UNIQUE constraint, or a unique index without WHERE.
    bool isUniqueOn(const QStringList &cols) const
    {
        auto same = [&](const QStringList &other) {
            if (other.size() != cols.size())
                return false;
            for (const QString &c : cols) {
                if (!other.contains(c))
                    return false;
            }
            return true;
        };
        if (!primaryKey.isEmpty() && same(primaryKey))
            return true;
        for (const CatalogIndex &index : indexes) {
            if (index.unique && !index.partial && same(index.columns))
                return true;
        }
        return false;
    }
};

//! What a database holds: its tables with their keys and indexes, read in a few statements.
struct Catalog
{
    QString dialect;    //!< "sqlite" / "postgres"
    QString namespaceName; //!< PostgreSQL schema read ("public" by default); "main" for SQLite
    QVector<CatalogTable> tables; //!< ordered by name

    //! The table called `name` (exact, then case-insensitive), nullptr when there is none.
    const CatalogTable *table(const QString &name) const { return findByName(tables, name); }
};

} // namespace grumble

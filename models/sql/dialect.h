#pragma once

#include "error.h"
#include "schema.h"
#include "timestamps.h"

#include <QDateTime>
#include <QString>
#include <QVariant>

#include <memory>

class QSqlDatabase;

namespace grumble {

struct DatabaseUrl;

//! What differs between SQLite and PostgreSQL. The engine asks; it never tests the driver itself.
class Dialect
{
public:
    virtual ~Dialect() = default;

    virtual QString name() const = 0;           //!< "sqlite" / "postgres"
    virtual QString qtDriver() const = 0;       //!< "QSQLITE" / "QPSQL"
    //! Quotes an identifier, doubling the quote character inside it.
    virtual QString quote(const QString &identifier) const = 0;
    //! The column type for an attribute ("VARCHAR(255)", "TIMESTAMP WITH TIME ZONE" ...); the
    //! base gives the SQL standard names, dialects override where they differ.
    virtual QString columnType(const Attribute &a) const;
    //! The full definition of an auto-increment primary key column, without the name.
    virtual QString autoIncrementPrimaryKey(const Attribute &a) const = 0;
    //! Whether the auto-increment key is declared inline ("INTEGER PRIMARY KEY AUTOINCREMENT").
    virtual bool inlineAutoIncrementKey() const = 0;
    //! Statements run on every new connection, outside any transaction.
    virtual QStringList connectionSetup() const = 0;
    //! Statements that change the database itself (SQLite: journal_mode = WAL), run only when
    //! Grumble creates the tables of an empty database, never on someone else's database.
    virtual QStringList newDatabaseSetup() const { return {}; }
    //! The statement that opens a write transaction.
    virtual QString beginWrite() const = 0;
    //! Longest identifier the server keeps (0: unlimited).
    virtual int maxIdentifierLength() const = 0;
    //! Most bound parameters one statement may carry.
    virtual int maxBindParameters() const = 0;
    //! How many parameters a multi-row INSERT should carry for speed (QSQLITE binds in O(n^2)).
    virtual int preferredBindParameters() const { return maxBindParameters(); }
    //! SQL matching `column` against a whole list of keys bound as ONE parameter.
    virtual QString inKeyList(const QString &quotedColumn, DataType keyType) const = 0;
    //! The binding for inKeyList().
    virtual QVariant keyListBinding(const QVariantList &keys, DataType keyType) const = 0;
    //! How a SELECT list reads a column of this type (PostgreSQL: timestamps as text, which the
    //! engine parses far faster than the driver's QDateTime::fromString).
    virtual QString selectColumn(const QString &expr, DataType) const { return expr; }
    //! Appended to an INSERT so rows whose key already exists are skipped.
    virtual QString onConflictDoNothing() const { return QStringLiteral(" ON CONFLICT DO NOTHING"); }
    //! " LIMIT ? OFFSET ?" for the parts present (bindings appended by the caller in that order).
    virtual QString limitOffset(bool hasLimit, bool hasOffset) const = 0;
    //! Query listing the user's tables (one column: the name).
    virtual QString listTablesSql() const = 0;
    //! DROP TABLE for force-sync.
    virtual QString dropTable(const QString &table) const = 0;
    //! Converts a value for binding to a column of this type.
    virtual QVariant toDb(DataType type, const QVariant &value) const;
    //! Converts a value read from the database into the engine's representation.
    virtual QVariant fromDb(DataType type, const QVariant &value) const;


    // ---- the driver ----
    //! The Debian package holding the Qt driver, named when the driver is missing.
    virtual QString driverPackage() const = 0;
    //! What must hold before the driver opens a URL (SQLite: the file's folder exists).
    virtual Result<void> checkBeforeOpen(const DatabaseUrl &) const { return {}; }
    //! Whether the driver opens a URL for reading only (SQLite: a file, or its folder, that is not
    //! writable); configure() then asks the driver for a read-only connection.
    virtual bool opensReadOnly(const DatabaseUrl &) const { return false; }
    //! The Qt driver's connect options ("QSQLITE_BUSY_TIMEOUT=5000", "connect_timeout=5").
    virtual QString connectOptions() const = 0;
    //! Points a new QSqlDatabase at the database a URL names, with connectOptions(). A dialect
    //! may remember what connectionSetup() needs from the URL (PostgreSQL: its schema).
    virtual void configure(QSqlDatabase &db, const DatabaseUrl &url) const = 0;
    //! The kind of a failed statement from the driver's native code (SQLSTATE, SQLite's extended
    //! result code) and message: constraint violations and invalid values, else Database.
    virtual ErrorKind classifyError(const QString &code, const QString &text) const = 0;

    //! A dialect for a Qt driver name ("QSQLITE", "QPSQL").
    static std::unique_ptr<Dialect> forDriver(const QString &driver);
    //! A dialect by name() ("sqlite", "postgres"); nullptr for any other name.
    static std::unique_ptr<Dialect> forName(const QString &name);
};

// Made in sqlitedialect.cpp and postgresdialect.cpp.
std::unique_ptr<Dialect> makeSqliteDialect();
std::unique_ptr<Dialect> makePostgresDialect();

} // namespace grumble

#pragma once

#include "schema.h"
#include "values.h"

#include <QString>
#include <QVariant>

#include <functional>
#include <memory>

namespace grumble {

class Dialect;

//! What a driver said when a statement failed: its message and its native error code (SQLSTATE
//! for PostgreSQL, the extended result code for SQLite). The dialect classifies it.
struct DriverError
{
    QString text;
    QString code;
};

//! The rows of one executed statement. Owned by the connection's statement cache; valid until
//! the same SQL runs again. Read it, then finish() it.
class Cursor
{
public:
    virtual ~Cursor() = default;
    //! Moves to the next row; false after the last one.
    virtual bool next() = 0;
    //! Whether a column of the current row is NULL.
    virtual bool isNull(int column) const = 0;
    //! The raw value as the driver gives it.
    virtual QVariant value(int column) const = 0;
    //! The column decoded into the engine's representation for an attribute type.
    virtual QVariant typed(int column, DataType type) const = 0;
    //! An integer column (a key) without a QVariant; 0 for NULL.
    virtual qint64 integer(int column) const
    {
        return typed(column, DataType::BigInt).toLongLong();
    }
    //! typed(), written straight into value `index` of a row being built.
    virtual void read(int column, DataType type, ValuesBuilder &out, int index) const
    {
        out.set(index, typed(column, type));
    }
    //! Rows changed by the statement (writes).
    virtual int numRowsAffected() const = 0;
    //! Whether numRowsAffected() is still to come: SQLite counts the changes of an
    //! `INSERT/UPDATE/DELETE … RETURNING` when the statement completes, after its rows were read.
    //! The cursor then calls rowsAffectedKnown once, when it knows them (last row read, or finish()).
    virtual bool rowsAffectedPending() const { return false; }
    std::function<void(int rows)> rowsAffectedKnown;
    //! Releases the rows (and any lock a pending read holds).
    virtual void finish() = 0;

    // ---- used by Connection ----
    //! Binds the values in placeholder order and executes; on failure fills `error`.
    virtual bool run(const QVariantList &bindings, DriverError *error) = 0;
    //! Whether the statement returns rows rather than changing them.
    virtual bool isSelect() const = 0;
};

//! Makes the cursors of one open database: a statement is prepared once, its cursor cached by
//! the connection and run again and again. One factory per driver API (cursorfactory.h).
class CursorFactory
{
public:
    virtual ~CursorFactory() = default;
    //! "sqlite3", "libpq" or "qt" (Connection::cursorKind()).
    virtual QString kind() const = 0;
    //! A prepared statement, or nullptr with `error` filled.
    virtual Cursor *prepare(const QString &sql, const Dialect &dialect, DriverError *error) = 0;
};

} // namespace grumble

#pragma once

#include "cursor.h"
#include "databaseurl.h"
#include "dialect.h"
#include "error.h"
#include "sqlfragment.h"
#include "values.h"

#include <QDateTime>
#include <QHash>
#include <QMetaMethod>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <memory>
#include <optional>

namespace grumble {

//! One statement the engine ran, as observers of the SQL log see it.
struct SqlLogEntry
{
    quint64 sequence = 0;
    QString sql;
    QVariantList bindings;
    qint64 micros = 0;      //!< duration
    QString context;        //!< the action that caused it ("pug#1.setOwner")
    int rows = -1;          //!< rows affected (writes) or -1
    bool ok = true;
    bool control = false;   //!< BEGIN / COMMIT / ROLLBACK / PRAGMA
    bool pretended = false; //!< recorded in pretend mode and not run (micros 0, rows 0 for writes)
    QString error;
    QDateTime at;
};

//! Emits every statement a Connection runs.
class SqlLog : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    //! Whether anyone listens (the engine skips building entries otherwise).
    bool hasObservers() const { return isSignalConnected(QMetaMethod::fromSignal(&SqlLog::executed)); }
signals:
    void executed(const grumble::SqlLogEntry &entry);
};

//! One open database connection with a prepared-statement cache and the SQL log.
class Connection
{
public:
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    //! Opens (and for SQLite creates) the database a URL names. Statements run through the fastest
    //! cursor the build has for its driver (cursorfactory.h).
    static Result<std::unique_ptr<Connection>> open(const QString &url);
    //! A connection with a dialect ("sqlite" / "postgres") and no database: always pretending
    //! (see setPretending()); every statement is recorded, none runs, reads return no rows.
    static Result<std::unique_ptr<Connection>> openOffline(const QString &dialectName);

    // ---- pretend mode ----
    //! While pretending, statements that could change something (writes, DDL, transaction
    //! control) are recorded and not run: their cursor has no rows and numRowsAffected() 0.
    //! Reads still run on a real database (an offline connection returns no rows). Every
    //! statement, read or not, is recorded in order and still reaches the SQL log.
    void setPretending(bool on);
    bool isPretending() const;
    //! Whether there is no database behind this connection (openOffline()).
    bool isOffline() const;
    //! The statements recorded since the last call, in order; clears the record.
    QList<SqlFragment> takePretended();

    const Dialect &dialect() const { return *m_dialect; }
    const DatabaseUrl &url() const { return m_url; }
    //! The Qt connection (an invalid QSqlDatabase when offline).
    QSqlDatabase database() const;
    QString connectionName() const { return m_name; }

    //! Runs a statement (prepared once, reused by its text). The returned query stays valid until
    //! the same text runs again; read it, then let it go.
    Result<Cursor *> exec(const QString &sql, const QVariantList &bindings = {});
    //! Runs a statement and returns the number of rows it changed.
    Result<int> execAffected(const QString &sql, const QVariantList &bindings = {});
    //! Runs a statement without preparing it (DDL); counted and logged.
    Result<void> execDirect(const QString &sql);
    //! Transaction control and session statements; logged, not counted.
    Result<void> execControl(const QString &sql);

    //! How statements run: "sqlite3" or "libpq" (the engine's own fast paths on the driver's
    //! handle), "qt" (QSqlQuery), or "offline" without a database (openOffline()).
    QString cursorKind() const;
    //! Statements run (or recorded while pretending) so far, transaction control not included.
    quint64 statementCount() const { return m_statements; }
    SqlLog *log() const { return m_log.get(); }
    //! The action named in the log for the statements that follow.
    QString context() const { return m_context; }
    void setContext(const QString &c) { m_context = c; }

    //! A line in the SQL log that is no statement ("-- retry 2 of 5 after deadlock detected"):
    //! an entry with `text` as its SQL, marked control, nothing run.
    void logNote(const QString &text);

    Result<void> begin();
    Result<void> commit();
    void rollback();
    bool inTransaction() const { return m_depth > 0; }
    //! Whether the database was opened for reading only (a SQLite file that is not writable):
    //! statements that would change something fail with a Database error naming the file.
    bool isReadOnly() const { return m_readOnly; }
    //! Drops every cached prepared statement (needed before DDL on some drivers).
    void clearStatementCache();

private:
    Connection() = default;
    //! Adds and opens the QSqlDatabase for m_url.
    Result<void> openDatabase();
    //! The dialect's connectionSetup() statements.
    Result<void> runConnectionSetup();
    //! The cached cursor for a statement, prepared on first use.
    Result<Cursor *> cursorFor(const QString &sql);
    //! exec() while pretending: recorded; run only when it reads from a real database.
    Result<Cursor *> execPretending(const QString &sql, const QVariantList &bindings);
    Result<void> runUnprepared(const QString &sql, bool control);
    //! On a read-only connection, the error for a statement that could change something.
    std::optional<Error> refusedAsReadOnly(const QString &sql, const QVariantList &bindings) const;
    //! Whether a statement runs although the connection pretends (a read on a real database).
    bool runsWhilePretending(const QString &sql) const;
    Error errorFrom(const DriverError &driverError, const QString &sql, const QVariantList &bindings) const;
    //! A failed statement: logged, and inside a transaction it makes the commit roll back.
    Error failed(Error error, qint64 micros, bool control);
    //! A log entry for a statement, context and sequence filled in by emitLog().
    static SqlLogEntry entry(const QString &sql, const QVariantList &bindings, qint64 micros, int rows);
    //! Sends an entry to the log's observers (none: nothing is built).
    void emitLog(SqlLogEntry entry);
    //! A statement recorded in pretend mode and not run: logged as pretended.
    //! Logs a statement that ran; a write whose rows affected are still to come once they are.
    void logExecuted(Cursor *cursor, SqlLogEntry e);
    void logPretended(const QString &sql, const QVariantList &bindings, int rows, bool control);

    QString m_name;
    bool m_readOnly = false;
    DatabaseUrl m_url;
    std::unique_ptr<Dialect> m_dialect;
    std::unique_ptr<SqlLog> m_log;
    std::unique_ptr<CursorFactory> m_cursors; //!< null when offline
    QHash<QString, Cursor *> m_cache;
    quint64 m_statements = 0;
    quint64 m_sequence = 0;
    QString m_context;
    int m_depth = 0;
    bool m_failed = false;
    bool m_offline = false;
    bool m_pretending = false;
    QList<SqlFragment> m_pretended;
    std::unique_ptr<Cursor> m_noRows; //!< what statements recorded in pretend mode return
};

//! Sets the log context for a scope.
class ContextScope
{
public:
    //! An outer scope wins: statements of setOwner stay "pug#1.setOwner", not its inner update.
    ContextScope(Connection &c, const QString &context) : m_c(c), m_old(c.context())
    {
        if (m_old.isEmpty())
            c.setContext(context);
    }
    ~ContextScope() { m_c.setContext(m_old); }

private:
    Connection &m_c;
    QString m_old;
};

//! All-or-nothing: begins on start(), rolls back in the destructor unless commit() ran. Nests.
class Transaction
{
public:
    explicit Transaction(Connection &c) : m_c(c) { }
    ~Transaction()
    {
        if (m_started && !m_done)
            m_c.rollback();
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    Result<void> start()
    {
        auto r = m_c.begin();
        m_started = r.ok();
        return r;
    }
    Result<void> commit()
    {
        m_done = true;
        return m_c.commit();
    }

private:
    Connection &m_c;
    bool m_started = false;
    bool m_done = false;
};

} // namespace grumble

Q_DECLARE_METATYPE(grumble::SqlLogEntry)

#pragma once

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

//! The rows of one executed statement. Owned by the connection's statement cache; valid until
//! the same SQL runs again. Read it, then finish() it.
class Cursor
{
public:
    virtual ~Cursor() = default;
    virtual bool next() = 0;
    virtual bool isNull(int column) const = 0;
    //! The raw value as the driver gives it.
    virtual QVariant value(int column) const = 0;
    //! The column decoded into the engine's representation for an attribute type.
    virtual QVariant typed(int column, DataType type) const = 0;
    //! An integer column (a key) without a QVariant; 0 for NULL.
    virtual qint64 integer(int column) const { return typed(column, DataType::BigInt).toLongLong(); }
    //! typed(), written straight into value `index` of a row being built.
    virtual void read(int column, DataType type, ValuesBuilder &out, int index) const
    {
        out.set(index, typed(column, type));
    }
    //! Rows changed by the statement (writes).
    virtual int numRowsAffected() const = 0;
    virtual void finish() = 0;

    // used by Connection
    virtual bool run(const QVariantList &bindings, QString *error, QString *code) = 0;
    virtual bool isSelect() const = 0;
};

//! Where a database lives, parsed from a URL.
struct DatabaseUrl
{
    QString driver;     //!< "QSQLITE" or "QPSQL"
    QString path;       //!< SQLite file or ":memory:"
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString original;
    //! The URL without its password, for titles and logs.
    QString display() const;

    //! `:memory:`, `sqlite::memory:`, `sqlite:PATH`, a file path, `postgresql://user[:pw]@host[:port]/db`.
    static Result<DatabaseUrl> parse(const QString &url);
};

//! One open database connection with a prepared-statement cache and the SQL log.
class Connection
{
public:
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    //! Opens (and for SQLite creates) the database a URL names.
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
    //! handle) or "qt" (QSqlQuery).
    QString cursorKind() const
    {
        return m_sqlite ? QStringLiteral("sqlite3") : m_pq ? QStringLiteral("libpq") : QStringLiteral("qt");
    }
    //! Statements run so far, transaction control not included.
    quint64 statementCount() const { return m_statements; }
    SqlLog *log() const { return m_log.get(); }
    //! The action named in the log for the statements that follow.
    QString context() const { return m_context; }
    void setContext(const QString &c) { m_context = c; }

    Result<void> begin();
    Result<void> commit();
    void rollback();
    bool inTransaction() const { return m_depth > 0; }
    //! Drops every cached prepared statement (needed before DDL on some drivers).
    void clearStatementCache();

private:
    Connection() = default;
    Result<void> runUnprepared(const QString &sql, bool control);
    Error errorFrom(const QSqlError &e, const QString &sql, const QVariantList &bindings) const;
    Error errorFrom(const QString &text, const QString &code, const QString &sql, const QVariantList &bindings) const;
    Result<Cursor *> prepare(const QString &sql);
    void emitLog(const QString &sql, const QVariantList &b, qint64 micros, int rows, bool ok,
                 const QString &err, bool control);

    QString m_name;
    DatabaseUrl m_url;
    std::unique_ptr<Dialect> m_dialect;
    std::unique_ptr<SqlLog> m_log;
    QHash<QString, Cursor *> m_cache;
    void *m_sqlite = nullptr; //!< the native sqlite3 handle when the fast path is available
    void *m_pq = nullptr;     //!< the native PGconn handle when the fast path is available
    quint64 m_prepared = 0;
    quint64 m_statements = 0;
    quint64 m_sequence = 0;
    QString m_context;
    int m_depth = 0;
    bool m_failed = false;
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

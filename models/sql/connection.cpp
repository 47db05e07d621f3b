#include "connection.h"

#include "cursorfactory.h"
#include "pretendcursor.h"
#include "statementkind.h"

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace grumble {

namespace {
QAtomicInt g_connectionCounter;
} // namespace

Connection::~Connection()
{
    clearStatementCache();
    m_cursors.reset(); // it may hold a QSqlDatabase copy, which removeDatabase() would complain
                       // about
    if (m_offline)
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Connection::database() const
{
    return m_offline ? QSqlDatabase() : QSqlDatabase::database(m_name, false);
}

QString Connection::cursorKind() const
{
    return m_cursors ? m_cursors->kind() : QStringLiteral("offline");
}

Result<std::unique_ptr<Connection>> Connection::open(const QString &urlText)
{
    auto url = DatabaseUrl::parse(urlText);
    if (!url)
        return url.error();
    std::unique_ptr<Connection> c(new Connection);
    c->m_url = *url;
    c->m_dialect = Dialect::forDriver(url->driver);
    c->m_log = std::make_unique<SqlLog>();
    c->m_name = QStringLiteral("grumble-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    if (auto opened = c->openDatabase(); !opened)
        return opened.error();
    c->m_cursors = makeCursorFactory(c->database());
    if (auto setup = c->runConnectionSetup(); !setup)
        return setup.error();
    return c;
}

Result<void> Connection::openDatabase()
{
    if (!QSqlDatabase::isDriverAvailable(m_url.driver))
        return makeError(ErrorKind::Connection,
                         QStringLiteral("The Qt SQL driver %1 is not installed (Debian: %2)")
                                 .arg(m_url.driver, m_dialect->driverPackage()));
    QSqlDatabase db = QSqlDatabase::addDatabase(m_url.driver, m_name);
    if (auto check = m_dialect->checkBeforeOpen(m_url); !check)
        return check;
    m_readOnly = m_dialect->opensReadOnly(m_url);
    m_dialect->configure(db, m_url);
    if (!db.open())
        return makeError(ErrorKind::Connection,
                         QStringLiteral("Cannot open %1: %2")
                                 .arg(m_url.display(), db.lastError().text().trimmed()));
    return {};
}

Result<void> Connection::runConnectionSetup()
{
    for (const QString &statement : m_dialect->connectionSetup()) {
        // WAL is not available for :memory:, which reports "memory"; that is fine.
        if (auto r = execControl(statement); !r)
            return r;
    }
    return {};
}

Result<std::unique_ptr<Connection>> Connection::openOffline(const QString &dialectName)
{
    auto dialect = Dialect::forName(dialectName);
    if (!dialect)
        return makeError(ErrorKind::Connection,
                         QStringLiteral("Unknown dialect '%1' (expected sqlite or postgres)")
                                 .arg(dialectName));
    std::unique_ptr<Connection> c(new Connection);
    c->m_url.driver = dialect->qtDriver();
    c->m_url.original = QStringLiteral("offline:") + dialectName;
    c->m_dialect = std::move(dialect);
    c->m_log = std::make_unique<SqlLog>();
    c->m_offline = true;
    c->setPretending(true);
    return c;
}

void Connection::clearStatementCache()
{
    qDeleteAll(m_cache);
    m_cache.clear();
}

// ---- pretend mode ----

void Connection::setPretending(bool on)
{
    m_pretending = on || m_offline;
    if (m_pretending && !m_noRows)
        m_noRows = std::make_unique<PretendCursor>();
}

bool Connection::isPretending() const
{
    return m_pretending;
}

bool Connection::isOffline() const
{
    return m_offline;
}

QList<SqlFragment> Connection::takePretended()
{
    return std::exchange(m_pretended, {});
}

bool Connection::runsWhilePretending(const QString &sql) const
{
    return !m_offline && isReadStatement(sql);
}

Result<Cursor *> Connection::execPretending(const QString &sql, const QVariantList &bindings)
{
    m_pretended.append(SqlFragment(sql, bindings));
    if (runsWhilePretending(sql)) {
        m_pretending = false; // run it as usual, then pretend again
        auto cursor = exec(sql, bindings);
        m_pretending = true;
        return cursor;
    }
    ++m_statements;
    logPretended(sql, bindings, isReadStatement(sql) ? -1 : 0, false);
    return m_noRows.get();
}

void Connection::logPretended(const QString &sql, const QVariantList &bindings, int rows,
                              bool control)
{
    if (!m_log->hasObservers())
        return;
    SqlLogEntry e = entry(sql, bindings, 0, rows);
    e.control = control;
    e.pretended = true;
    emitLog(std::move(e));
}

// ---- running statements ----

Error Connection::errorFrom(const DriverError &driverError, const QString &sql,
                            const QVariantList &bindings) const
{
    Error err;
    err.sql = sql;
    err.bindings = bindings;
    err.message = driverError.text.trimmed();
    err.code = driverError.code;
    err.kind = m_dialect->classifyError(driverError.code, driverError.text);
    return err;
}

Error Connection::failed(Error error, qint64 micros, bool control)
{
    SqlLogEntry e = entry(error.sql, error.bindings, micros, -1);
    e.ok = false;
    e.error = error.message;
    e.control = control;
    emitLog(std::move(e));
    if (!control && m_depth > 0)
        m_failed = true;
    return error;
}

SqlLogEntry Connection::entry(const QString &sql, const QVariantList &bindings, qint64 micros,
                              int rows)
{
    SqlLogEntry e;
    e.sql = sql;
    e.bindings = bindings;
    e.micros = micros;
    e.rows = rows;
    return e;
}

void Connection::logExecuted(Cursor *cursor, SqlLogEntry e)
{
    cursor->rowsAffectedKnown = nullptr;
    if (!cursor->rowsAffectedPending()) {
        emitLog(std::move(e));
        return;
    }
    // Logged when the cursor knows its rows affected, with the context and time of now.
    e.sequence = ++m_sequence;
    e.context = m_context;
    e.at = QDateTime::currentDateTimeUtc();
    SqlLog *log = m_log.get();
    cursor->rowsAffectedKnown = [log, e](int rows) mutable {
        e.rows = rows;
        emit log->executed(e);
    };
}

void Connection::emitLog(SqlLogEntry e)
{
    if (!m_log->hasObservers())
        return;
    e.sequence = ++m_sequence;
    e.context = m_context;
    e.at = QDateTime::currentDateTimeUtc();
    emit m_log->executed(e);
}

Result<Cursor *> Connection::cursorFor(const QString &sql)
{
    if (Cursor *cached = m_cache.value(sql)) {
        cached->finish();
        return cached;
    }
    if (m_cache.size() > 200)
        clearStatementCache();
    DriverError error;
    Cursor *prepared = m_cursors->prepare(sql, *m_dialect, &error);
    if (!prepared)
        return errorFrom(error, sql, {});
    m_cache.insert(sql, prepared);
    return prepared;
}

Result<Cursor *> Connection::exec(const QString &sql, const QVariantList &bindings)
{
    if (m_pretending)
        return execPretending(sql, bindings);
    if (auto refused = refusedAsReadOnly(sql, bindings))
        return failed(std::move(*refused), 0, false);
    QElapsedTimer timer;
    timer.start();
    ++m_statements;
    auto cursor = cursorFor(sql);
    if (!cursor) {
        Error e = cursor.error();
        e.bindings = bindings;
        return failed(std::move(e), timer.nsecsElapsed() / 1000, false);
    }
    Cursor *q = *cursor;
    DriverError error;
    const bool ok = q->run(bindings, &error);
    const qint64 micros = timer.nsecsElapsed() / 1000;
    if (!ok) {
        q->finish();
        return failed(errorFrom(error, sql, bindings), micros, false);
    }
    if (m_log->hasObservers())
        logExecuted(q, entry(sql, bindings, micros, q->isSelect() ? -1 : q->numRowsAffected()));
    return q;
}

Result<int> Connection::execAffected(const QString &sql, const QVariantList &bindings)
{
    auto r = exec(sql, bindings);
    if (!r)
        return r.error();
    const int n = (*r)->numRowsAffected();
    (*r)->finish();
    return n;
}

Result<void> Connection::execDirect(const QString &sql)
{
    return runUnprepared(sql, false);
}

Result<void> Connection::execControl(const QString &sql)
{
    return runUnprepared(sql, true);
}

Result<void> Connection::runUnprepared(const QString &sql, bool control)
{
    if (!control)
        ++m_statements;
    if (m_pretending) {
        m_pretended.append(SqlFragment(sql));
        if (!runsWhilePretending(sql)) {
            logPretended(sql, {}, -1, control && isControlStatement(sql));
            return {};
        }
    }
    if (auto refused = refusedAsReadOnly(sql, {}))
        return failed(std::move(*refused), 0, control);
    QElapsedTimer timer;
    timer.start();
    QSqlQuery q(database());
    const bool ok = q.exec(sql);
    const qint64 micros = timer.nsecsElapsed() / 1000;
    if (!ok) {
        const QSqlError e = q.lastError();
        return failed(errorFrom({ e.databaseText().isEmpty() ? e.text() : e.databaseText(),
                                  e.nativeErrorCode() },
                                sql, {}),
                      micros, control);
    }
    SqlLogEntry e = entry(sql, {}, micros, -1);
    e.control = control && isControlStatement(sql);
    emitLog(std::move(e));
    return {};
}

std::optional<Error> Connection::refusedAsReadOnly(const QString &sql, const QVariantList &bindings) const
{
    // Transaction control and the connection's settings run; switching the journal mode writes.
    const bool writesFile = sql.startsWith(QLatin1String("PRAGMA journal_mode"), Qt::CaseInsensitive);
    if (!m_readOnly || isReadStatement(sql) || (isControlStatement(sql) && !writesFile))
        return std::nullopt;
    Error error = makeError(ErrorKind::Database,
                            QStringLiteral("%1 is opened read-only (the file or its folder is not writable): "
                                           "nothing can be changed")
                                    .arg(m_url.path.isEmpty() ? m_url.display() : m_url.path));
    error.sql = sql;
    error.bindings = bindings;
    return error;
}

void Connection::logNote(const QString &text)
{
    SqlLogEntry e = entry(text, {}, 0, -1);
    e.control = true;
    emitLog(std::move(e));
}

// ---- transactions ----

Result<void> Connection::begin()
{
    if (m_depth++ > 0)
        return {};
    m_failed = false;
    // A read-only connection reads in a plain (deferred) transaction; its writes are refused.
    auto r = execControl(m_readOnly ? QStringLiteral("BEGIN") : m_dialect->beginWrite());
    if (!r)
        m_depth = 0;
    return r;
}

Result<void> Connection::commit()
{
    if (m_depth <= 0)
        return {};
    if (--m_depth > 0)
        return {};
    // finish open SELECTs so COMMIT is not blocked by a pending statement
    for (Cursor *q : std::as_const(m_cache))
        q->finish();
    if (m_failed) {
        (void)execControl(QStringLiteral("ROLLBACK"));
        return makeError(
                ErrorKind::Database,
                QStringLiteral("The transaction was rolled back: a statement inside it failed"));
    }
    auto r = execControl(QStringLiteral("COMMIT"));
    if (!r)
        (void)execControl(QStringLiteral("ROLLBACK"));
    return r;
}

void Connection::rollback()
{
    if (m_depth <= 0)
        return;
    if (--m_depth > 0) {
        m_failed = true;
        return;
    }
    for (Cursor *q : std::as_const(m_cache))
        q->finish();
    (void)execControl(QStringLiteral("ROLLBACK"));
}

} // namespace grumble

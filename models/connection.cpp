#include "connection.h"

#include <QAtomicInt>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>

namespace grumble {

namespace {
QAtomicInt g_connectionCounter;

bool isControl(const QString &sql)
{
    return sql.startsWith(QLatin1String("BEGIN")) || sql.startsWith(QLatin1String("COMMIT"))
            || sql.startsWith(QLatin1String("ROLLBACK")) || sql.startsWith(QLatin1String("PRAGMA"))
            || sql.startsWith(QLatin1String("SET "));
}
} // namespace

QString DatabaseUrl::display() const
{
    if (driver == QLatin1String("QSQLITE"))
        return path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    DatabaseUrl u;
    u.original = text;
    const QString t = text.trimmed();
    if (t.isEmpty())
        return makeError(ErrorKind::Connection, QStringLiteral("Empty database URL"));
    if (t.startsWith(QLatin1String("postgresql://")) || t.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(t, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return makeError(ErrorKind::Connection,
                             QStringLiteral("Malformed PostgreSQL URL '%1' (expected postgresql://user@host:port/db)").arg(t));
        u.driver = QStringLiteral("QPSQL");
        u.host = url.host();
        u.port = url.port(5432);
        u.user = url.userName().isEmpty() ? QStringLiteral("postgres") : url.userName();
        u.password = url.password();
        u.database = url.path().mid(1);
        if (u.database.isEmpty())
            u.database = u.user;
        return u;
    }
    u.driver = QStringLiteral("QSQLITE");
    QString path = t;
    if (path.startsWith(QLatin1String("sqlite://")))
        path = path.mid(9);
    else if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    if (path.isEmpty())
        return makeError(ErrorKind::Connection, QStringLiteral("SQLite URL '%1' names no file").arg(t));
    if (path.contains(QLatin1String("://")))
        return makeError(ErrorKind::Connection,
                         QStringLiteral("Unsupported database URL '%1' (use a file path, sqlite:PATH, :memory: "
                                        "or postgresql://user@host:port/db)").arg(t));
    u.path = path;
    return u;
}

Connection::~Connection()
{
    clearStatementCache();
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Connection::database() const
{
    return QSqlDatabase::database(m_name, false);
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
    if (!QSqlDatabase::isDriverAvailable(url->driver))
        return makeError(ErrorKind::Connection,
                         QStringLiteral("The Qt SQL driver %1 is not installed (Debian: %2)")
                                 .arg(url->driver, url->driver == QLatin1String("QPSQL")
                                              ? QStringLiteral("libqt6sql6-psql") : QStringLiteral("libqt6sql6-sqlite")));
    QSqlDatabase db = QSqlDatabase::addDatabase(url->driver, c->m_name);
    if (url->driver == QLatin1String("QSQLITE")) {
        if (url->path != QLatin1String(":memory:")) {
            const QFileInfo fi(url->path);
            if (!fi.absoluteDir().exists())
                return makeError(ErrorKind::Connection,
                                 QStringLiteral("Cannot open '%1': the folder %2 does not exist")
                                         .arg(url->path, fi.absolutePath()));
        }
        db.setDatabaseName(url->path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(url->host);
        db.setPort(url->port);
        db.setUserName(url->user);
        db.setPassword(url->password);
        db.setDatabaseName(url->database);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open())
        return makeError(ErrorKind::Connection, QStringLiteral("Cannot open %1: %2")
                                                        .arg(url->display(), db.lastError().text().trimmed()));
    for (const QString &s : c->m_dialect->connectionSetup()) {
        // WAL is not available for :memory:, which reports "memory"; that is fine.
        auto r = c->execControl(s);
        if (!r)
            return r.error();
    }
    return c;
}

void Connection::clearStatementCache()
{
    for (QSqlQuery *q : std::as_const(m_cache))
        delete q;
    m_cache.clear();
}

Error Connection::errorFrom(const QSqlError &e, const QString &sql, const QVariantList &bindings) const
{
    Error err;
    err.sql = sql;
    err.bindings = bindings;
    const QString text = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    const QString code = e.nativeErrorCode();
    err.message = text.trimmed();
    if (code == QLatin1String("23503") || text.contains(QLatin1String("FOREIGN KEY constraint failed")))
        err.kind = ErrorKind::ForeignKey;
    else if (code == QLatin1String("23505") || text.contains(QLatin1String("UNIQUE constraint failed")))
        err.kind = ErrorKind::UniqueConstraint;
    else if (code == QLatin1String("23502") || text.contains(QLatin1String("NOT NULL constraint failed")))
        err.kind = ErrorKind::Validation;
    else if (code == QLatin1String("22P02") || code == QLatin1String("22003") || code == QLatin1String("22001"))
        err.kind = ErrorKind::Validation;
    else
        err.kind = ErrorKind::Database;
    return err;
}

void Connection::emitLog(const QString &sql, const QVariantList &b, qint64 micros, int rows, bool ok,
                         const QString &err, bool control)
{
    if (!m_log->hasObservers())
        return;
    SqlLogEntry e;
    e.sequence = ++m_sequence;
    e.sql = sql;
    e.bindings = b;
    e.micros = micros;
    e.context = m_context;
    e.rows = rows;
    e.ok = ok;
    e.error = err;
    e.control = control;
    e.at = QDateTime::currentDateTimeUtc();
    emit m_log->executed(e);
}

Result<QSqlQuery *> Connection::exec(const QString &sql, const QVariantList &bindings)
{
    QElapsedTimer timer;
    timer.start();
    QSqlQuery *q = m_cache.value(sql);
    if (!q) {
        if (m_cache.size() > 200)
            clearStatementCache();
        q = new QSqlQuery(database());
        q->setForwardOnly(true);
        if (!q->prepare(sql)) {
            Error e = errorFrom(q->lastError(), sql, bindings);
            delete q;
            ++m_statements;
            emitLog(sql, bindings, timer.nsecsElapsed() / 1000, -1, false, e.message, false);
            if (m_depth > 0)
                m_failed = true;
            return e;
        }
        m_cache.insert(sql, q);
    } else {
        q->finish();
    }
    for (int i = 0; i < bindings.size(); ++i)
        q->bindValue(i, bindings.at(i));
    ++m_statements;
    const bool ok = q->exec();
    const qint64 micros = timer.nsecsElapsed() / 1000;
    if (!ok) {
        Error e = errorFrom(q->lastError(), sql, bindings);
        emitLog(sql, bindings, micros, -1, false, e.message, false);
        q->finish();
        if (m_depth > 0)
            m_failed = true;
        return e;
    }
    emitLog(sql, bindings, micros, q->isSelect() ? -1 : q->numRowsAffected(), true, QString(), false);
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
    QElapsedTimer timer;
    timer.start();
    QSqlQuery q(database());
    const bool ok = q.exec(sql);
    const qint64 micros = timer.nsecsElapsed() / 1000;
    if (!ok) {
        Error e = errorFrom(q.lastError(), sql, {});
        emitLog(sql, {}, micros, -1, false, e.message, control);
        if (!control && m_depth > 0)
            m_failed = true;
        return e;
    }
    emitLog(sql, {}, micros, -1, true, QString(), control && isControl(sql));
    return {};
}

Result<void> Connection::begin()
{
    if (m_depth++ > 0)
        return {};
    m_failed = false;
    auto r = execControl(m_dialect->beginWrite());
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
    for (QSqlQuery *q : std::as_const(m_cache))
        q->finish();
    if (m_failed) {
        (void)execControl(QStringLiteral("ROLLBACK"));
        return makeError(ErrorKind::Database,
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
    for (QSqlQuery *q : std::as_const(m_cache))
        q->finish();
    (void)execControl(QStringLiteral("ROLLBACK"));
}

} // namespace grumble

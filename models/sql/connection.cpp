#include "connection.h"

#include <QAtomicInt>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVarLengthArray>

#ifdef GRUMBLE_NATIVE_SQLITE
#include <sqlite3.h>
#endif
#ifdef GRUMBLE_NATIVE_PQ
#include <libpq-fe.h>
#endif

#include <cstdlib>

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

namespace {

// Any driver, through QSqlQuery.
class QtCursor final : public Cursor
{
public:
    QtCursor(const QSqlDatabase &db, const Dialect &d) : m_q(db), m_d(d) { m_q.setForwardOnly(true); }
    bool prepare(const QString &sql, QString *error, QString *code)
    {
        if (m_q.prepare(sql))
            return true;
        *error = m_q.lastError().databaseText().isEmpty() ? m_q.lastError().text() : m_q.lastError().databaseText();
        *code = m_q.lastError().nativeErrorCode();
        return false;
    }
    bool run(const QVariantList &bindings, QString *error, QString *code) override
    {
        for (int i = 0; i < bindings.size(); ++i)
            m_q.bindValue(i, bindings.at(i));
        if (m_q.exec())
            return true;
        *error = m_q.lastError().databaseText().isEmpty() ? m_q.lastError().text() : m_q.lastError().databaseText();
        *code = m_q.lastError().nativeErrorCode();
        m_q.finish();
        return false;
    }
    bool next() override { return m_q.next(); }
    bool isNull(int c) const override { return m_q.isNull(c); }
    QVariant value(int c) const override { return m_q.value(c); }
    QVariant typed(int c, DataType t) const override { return m_d.fromDb(t, m_q.value(c)); }
    int numRowsAffected() const override { return m_q.numRowsAffected(); }
    void finish() override { m_q.finish(); }
    bool isSelect() const override { return m_q.isSelect(); }

private:
    QSqlQuery m_q;
    const Dialect &m_d;
};

#ifdef GRUMBLE_NATIVE_SQLITE
// SQLite through its own API on the handle QSQLITE opened: no per-row copies into Qt's cache, no
// UTF-16 round trip, and binding without placeholder-name lookups.
class SqliteCursor final : public Cursor
{
public:
    SqliteCursor(sqlite3 *db, sqlite3_stmt *stmt, const Dialect &d) : m_db(db), m_stmt(stmt), m_d(d) { }
    ~SqliteCursor() override { sqlite3_finalize(m_stmt); }

    bool run(const QVariantList &bindings, QString *error, QString *code) override
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        QVarLengthArray<std::pair<QString, QByteArray>, 8> textCache;
        for (int i = 0; i < bindings.size(); ++i) {
            const QVariant &v = bindings.at(i);
            int rc = SQLITE_OK;
            if (v.isNull()) {
                rc = sqlite3_bind_null(m_stmt, i + 1);
            } else {
                switch (v.metaType().id()) {
                case QMetaType::Bool:
                case QMetaType::Int:
                case QMetaType::UInt:
                case QMetaType::LongLong:
                case QMetaType::ULongLong:
                case QMetaType::Long:
                case QMetaType::Short: rc = sqlite3_bind_int64(m_stmt, i + 1, v.toLongLong()); break;
                case QMetaType::Double:
                case QMetaType::Float: rc = sqlite3_bind_double(m_stmt, i + 1, v.toDouble()); break;
                case QMetaType::QByteArray: {
                    const QByteArray b = v.toByteArray();
                    rc = sqlite3_bind_blob(m_stmt, i + 1, b.constData(), int(b.size()), SQLITE_TRANSIENT);
                    break;
                }
                case QMetaType::QString: {
                    // The same text bound many times (a bulk insert's timestamps share one QString)
                    // is converted to UTF-8 once per statement.
                    const QString *s = static_cast<const QString *>(v.constData());
                    const QByteArray *u = nullptr;
                    for (const auto &[text, utf8] : textCache) {
                        if (text.constData() == s->constData() && text.size() == s->size())
                            u = &utf8;
                    }
                    if (!u) {
                        if (!s->isDetached() && textCache.size() < 8) {
                            textCache.append({ *s, s->toUtf8() });
                            u = &textCache.last().second;
                        }
                    }
                    if (u) {
                        rc = sqlite3_bind_text(m_stmt, i + 1, u->constData(), int(u->size()), SQLITE_TRANSIENT);
                    } else {
                        const QByteArray once = s->toUtf8();
                        rc = sqlite3_bind_text(m_stmt, i + 1, once.constData(), int(once.size()), SQLITE_TRANSIENT);
                    }
                    break;
                }
                default: {
                    const QByteArray u = v.toString().toUtf8();
                    rc = sqlite3_bind_text(m_stmt, i + 1, u.constData(), int(u.size()), SQLITE_TRANSIENT);
                }
                }
            }
            if (rc != SQLITE_OK)
                return fail(error, code);
        }
        m_changes = 0;
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            m_pending = true;
            m_done = false;
            m_changes = sqlite3_changes(m_db);
            return true;
        }
        if (rc == SQLITE_DONE) {
            m_pending = false;
            m_done = true;
            m_changes = sqlite3_changes(m_db);
            return true;
        }
        const bool r = fail(error, code);
        sqlite3_reset(m_stmt);
        return r;
    }
    bool next() override
    {
        if (m_pending) {
            m_pending = false;
            return true;
        }
        if (m_done)
            return false;
        if (sqlite3_step(m_stmt) == SQLITE_ROW)
            return true;
        m_done = true;
        return false;
    }
    bool isNull(int c) const override { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
    QVariant value(int c) const override
    {
        switch (sqlite3_column_type(m_stmt, c)) {
        case SQLITE_NULL: return QVariant();
        case SQLITE_INTEGER: return QVariant(qint64(sqlite3_column_int64(m_stmt, c)));
        case SQLITE_FLOAT: return QVariant(sqlite3_column_double(m_stmt, c));
        case SQLITE_BLOB:
            return QByteArray(static_cast<const char *>(sqlite3_column_blob(m_stmt, c)), sqlite3_column_bytes(m_stmt, c));
        default: return text(c);
        }
    }
    QVariant typed(int c, DataType t) const override
    {
        const int type = sqlite3_column_type(m_stmt, c);
        if (type == SQLITE_NULL)
            return QVariant();
        switch (t) {
        case DataType::Integer:
        case DataType::BigInt:
            if (type == SQLITE_INTEGER)
                return QVariant(qint64(sqlite3_column_int64(m_stmt, c)));
            break;
        case DataType::String:
        case DataType::Text: return text(c);
        case DataType::Date:
            if (type == SQLITE_TEXT) {
                const char *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
                return parseTimestamp(p, sqlite3_column_bytes(m_stmt, c));
            }
            break;
        case DataType::Float:
        case DataType::Double:
            if (type != SQLITE_TEXT)
                return QVariant(sqlite3_column_double(m_stmt, c));
            break;
        case DataType::Boolean:
            if (type == SQLITE_INTEGER)
                return QVariant(sqlite3_column_int64(m_stmt, c) != 0);
            break;
        default: break;
        }
        return m_d.fromDb(t, value(c));
    }
    qint64 integer(int c) const override
    {
        if (sqlite3_column_type(m_stmt, c) == SQLITE_INTEGER)
            return sqlite3_column_int64(m_stmt, c);
        return Cursor::integer(c);
    }
    void read(int c, DataType t, ValuesBuilder &out, int index) const override
    {
        const int type = sqlite3_column_type(m_stmt, c);
        switch (type) {
        case SQLITE_NULL: out.setNull(index); return;
        case SQLITE_INTEGER:
            if (t == DataType::Integer || t == DataType::BigInt) {
                out.setInt(index, sqlite3_column_int64(m_stmt, c));
                return;
            }
            if (t == DataType::Boolean) {
                out.setBool(index, sqlite3_column_int64(m_stmt, c) != 0);
                return;
            }
            break;
        case SQLITE_FLOAT:
            if (t == DataType::Float || t == DataType::Double) {
                out.setReal(index, sqlite3_column_double(m_stmt, c));
                return;
            }
            break;
        case SQLITE_TEXT:
            if (t == DataType::String || t == DataType::Text) {
                const char *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
                out.setUtf8(index, p, sqlite3_column_bytes(m_stmt, c));
                return;
            }
            if (t == DataType::Date) {
                const char *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
                qint64 ms = 0;
                if (parseTimestampMsecs(p, sqlite3_column_bytes(m_stmt, c), &ms)) {
                    out.setTimestamp(index, ms);
                    return;
                }
            }
            break;
        default: break;
        }
        out.set(index, typed(c, t));
    }
    int numRowsAffected() const override { return m_changes; }
    void finish() override
    {
        sqlite3_reset(m_stmt);
        m_pending = false;
        m_done = true;
    }
    bool isSelect() const override { return sqlite3_stmt_readonly(m_stmt) != 0; }

private:
    QString text(int c) const
    {
        const char *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
        return QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, c));
    }
    bool fail(QString *error, QString *code)
    {
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        *code = QString::number(sqlite3_extended_errcode(m_db));
        return false;
    }

    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
    const Dialect &m_d;
    bool m_pending = false;
    bool m_done = true;
    int m_changes = 0;
};
#endif

#ifdef GRUMBLE_NATIVE_PQ
// PostgreSQL through libpq on the connection QPSQL opened: server-side prepared statements with
// text parameters, values decoded straight from the result's text.
class PgCursor final : public Cursor
{
public:
    PgCursor(PGconn *conn, QByteArray name, const Dialect &d) : m_conn(conn), m_name(std::move(name)), m_d(d) { }
    ~PgCursor() override
    {
        finish();
        PQclear(PQexec(m_conn, ("DEALLOCATE " + m_name).constData()));
    }

    //! "?" placeholders become $1, $2 ... (outside quotes and identifiers).
    static QByteArray numberPlaceholders(const QString &sql, int *count)
    {
        QByteArray out;
        const QByteArray in = sql.toUtf8();
        char quote = 0;
        int n = 0;
        for (char c : in) {
            if (quote) {
                if (c == quote)
                    quote = 0;
                out += c;
            } else if (c == '\'' || c == '"') {
                quote = c;
                out += c;
            } else if (c == '?') {
                out += '$' + QByteArray::number(++n);
            } else {
                out += c;
            }
        }
        *count = n;
        return out;
    }

    bool run(const QVariantList &bindings, QString *error, QString *code) override
    {
        finish();
        QVector<QByteArray> texts(bindings.size());
        QVector<const char *> values(bindings.size());
        for (int i = 0; i < bindings.size(); ++i) {
            const QVariant &v = bindings.at(i);
            if (v.isNull()) {
                values[i] = nullptr;
                continue;
            }
            switch (v.metaType().id()) {
            case QMetaType::Bool: texts[i] = v.toBool() ? "true" : "false"; break;
            case QMetaType::Double:
            case QMetaType::Float: texts[i] = QByteArray::number(v.toDouble(), 'g', 17); break;
            case QMetaType::QDateTime: texts[i] = formatTimestampIso(v.toDateTime()).toLatin1(); break;
            case QMetaType::QDate: texts[i] = v.toDate().toString(Qt::ISODate).toLatin1(); break;
            default: texts[i] = v.toString().toUtf8();
            }
            values[i] = texts[i].constData();
        }
        m_res = PQexecPrepared(m_conn, m_name.constData(), int(values.size()), values.constData(), nullptr, nullptr, 0);
        const ExecStatusType st = PQresultStatus(m_res);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            *error = QString::fromUtf8(PQresultErrorMessage(m_res));
            *code = QString::fromLatin1(PQresultErrorField(m_res, PG_DIAG_SQLSTATE));
            finish();
            return false;
        }
        m_rows = PQntuples(m_res);
        m_row = -1;
        m_select = st == PGRES_TUPLES_OK;
        return true;
    }
    bool next() override { return m_res && ++m_row < m_rows; }
    bool isNull(int c) const override { return PQgetisnull(m_res, m_row, c); }
    QVariant value(int c) const override
    {
        if (isNull(c))
            return QVariant();
        const char *p = PQgetvalue(m_res, m_row, c);
        switch (PQftype(m_res, c)) {
        case 20: // int8
        case 21: // int2
        case 23: // int4
            return QVariant(qint64(std::strtoll(p, nullptr, 10)));
        case 700: // float4
        case 701: // float8
            return QVariant(std::strtod(p, nullptr));
        case 16: // bool
            return QVariant(p[0] == 't');
        default: return QString::fromUtf8(p, PQgetlength(m_res, m_row, c));
        }
    }
    QVariant typed(int c, DataType t) const override
    {
        if (isNull(c))
            return QVariant();
        const char *p = PQgetvalue(m_res, m_row, c);
        switch (t) {
        case DataType::Integer:
        case DataType::BigInt: return QVariant(qint64(std::strtoll(p, nullptr, 10)));
        case DataType::String:
        case DataType::Text: return QString::fromUtf8(p, PQgetlength(m_res, m_row, c));
        case DataType::Date: return parseTimestamp(p, PQgetlength(m_res, m_row, c));
        case DataType::Boolean: return QVariant(p[0] == 't' || p[0] == '1');
        case DataType::Float:
        case DataType::Double: return QVariant(std::strtod(p, nullptr));
        default: return m_d.fromDb(t, value(c));
        }
    }
    qint64 integer(int c) const override
    {
        return isNull(c) ? 0 : std::strtoll(PQgetvalue(m_res, m_row, c), nullptr, 10);
    }
    void read(int c, DataType t, ValuesBuilder &out, int index) const override
    {
        if (isNull(c)) {
            out.setNull(index);
            return;
        }
        const char *p = PQgetvalue(m_res, m_row, c);
        switch (t) {
        case DataType::Integer:
        case DataType::BigInt: out.setInt(index, std::strtoll(p, nullptr, 10)); return;
        case DataType::String:
        case DataType::Text: out.setUtf8(index, p, PQgetlength(m_res, m_row, c)); return;
        case DataType::Date: {
            qint64 ms = 0;
            if (parseTimestampMsecs(p, PQgetlength(m_res, m_row, c), &ms)) {
                out.setTimestamp(index, ms);
                return;
            }
            break;
        }
        case DataType::Boolean: out.setBool(index, p[0] == 't' || p[0] == '1'); return;
        case DataType::Float:
        case DataType::Double: out.setReal(index, std::strtod(p, nullptr)); return;
        default: break;
        }
        out.set(index, typed(c, t));
    }
    int numRowsAffected() const override { return m_res ? std::atoi(PQcmdTuples(m_res)) : -1; }
    void finish() override
    {
        if (m_res)
            PQclear(m_res);
        m_res = nullptr;
        m_rows = 0;
        m_row = -1;
    }
    bool isSelect() const override { return m_select; }

private:
    PGconn *m_conn;
    QByteArray m_name;
    const Dialect &m_d;
    PGresult *m_res = nullptr;
    int m_rows = 0;
    int m_row = -1;
    bool m_select = false;
};
#endif

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
#ifdef GRUMBLE_NATIVE_SQLITE
    if (url->driver == QLatin1String("QSQLITE") && !qEnvironmentVariableIsSet("GRUMBLE_NO_NATIVE_SQLITE")) {
        const QVariant h = db.driver()->handle();
        if (h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0)
            c->m_sqlite = *static_cast<sqlite3 *const *>(h.constData());
    }
#endif
#ifdef GRUMBLE_NATIVE_PQ
    if (url->driver == QLatin1String("QPSQL") && !qEnvironmentVariableIsSet("GRUMBLE_NO_NATIVE_PQ")) {
        const QVariant h = db.driver()->handle();
        // QPSQL registers the handle as "pg_conn*" (PGconn is a typedef of struct pg_conn).
        if (h.isValid() && (qstrcmp(h.typeName(), "pg_conn*") == 0 || qstrcmp(h.typeName(), "PGconn*") == 0))
            c->m_pq = *static_cast<PGconn *const *>(h.constData());
    }
#endif
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
    qDeleteAll(m_cache);
    m_cache.clear();
}

Error Connection::errorFrom(const QSqlError &e, const QString &sql, const QVariantList &bindings) const
{
    return errorFrom(e.databaseText().isEmpty() ? e.text() : e.databaseText(), e.nativeErrorCode(), sql, bindings);
}

Error Connection::errorFrom(const QString &text, const QString &code, const QString &sql, const QVariantList &bindings) const
{
    Error err;
    err.sql = sql;
    err.bindings = bindings;
    err.message = text.trimmed();
    if (code == QLatin1String("23503") || code == QLatin1String("787") || text.contains(QLatin1String("FOREIGN KEY constraint failed")))
        err.kind = ErrorKind::ForeignKey;
    else if (code == QLatin1String("23505") || code == QLatin1String("2067") || code == QLatin1String("1555")
             || text.contains(QLatin1String("UNIQUE constraint failed")))
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

Result<Cursor *> Connection::prepare(const QString &sql)
{
    QString error, code;
#ifdef GRUMBLE_NATIVE_SQLITE
    if (m_sqlite) {
        sqlite3 *db = static_cast<sqlite3 *>(m_sqlite);
        sqlite3_stmt *stmt = nullptr;
        const QByteArray u = sql.toUtf8();
        if (sqlite3_prepare_v2(db, u.constData(), int(u.size()), &stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt);
            return errorFrom(QString::fromUtf8(sqlite3_errmsg(db)), QString::number(sqlite3_extended_errcode(db)), sql, {});
        }
        return static_cast<Cursor *>(new SqliteCursor(db, stmt, *m_dialect));
    }
#endif
#ifdef GRUMBLE_NATIVE_PQ
    if (m_pq) {
        PGconn *conn = static_cast<PGconn *>(m_pq);
        int params = 0;
        const QByteArray text = PgCursor::numberPlaceholders(sql, &params);
        const QByteArray name = "grumble_" + QByteArray::number(++m_prepared);
        PGresult *r = PQprepare(conn, name.constData(), text.constData(), params, nullptr);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            Error e = errorFrom(QString::fromUtf8(PQresultErrorMessage(r)),
                                QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE)), sql, {});
            PQclear(r);
            return e;
        }
        PQclear(r);
        return static_cast<Cursor *>(new PgCursor(conn, name, *m_dialect));
    }
#endif
    auto *q = new QtCursor(database(), *m_dialect);
    if (!q->prepare(sql, &error, &code)) {
        delete q;
        return errorFrom(error, code, sql, {});
    }
    return static_cast<Cursor *>(q);
}

Result<Cursor *> Connection::exec(const QString &sql, const QVariantList &bindings)
{
    QElapsedTimer timer;
    timer.start();
    ++m_statements;
    Cursor *q = m_cache.value(sql);
    if (!q) {
        if (m_cache.size() > 200)
            clearStatementCache();
        auto p = prepare(sql);
        if (!p) {
            Error e = p.error();
            e.bindings = bindings;
            emitLog(sql, bindings, timer.nsecsElapsed() / 1000, -1, false, e.message, false);
            if (m_depth > 0)
                m_failed = true;
            return e;
        }
        q = *p;
        m_cache.insert(sql, q);
    } else {
        q->finish();
    }
    QString error, code;
    const bool ok = q->run(bindings, &error, &code);
    const qint64 micros = timer.nsecsElapsed() / 1000;
    if (!ok) {
        Error e = errorFrom(error, code, sql, bindings);
        emitLog(sql, bindings, micros, -1, false, e.message, false);
        q->finish();
        if (m_depth > 0)
            m_failed = true;
        return e;
    }
    if (m_log->hasObservers())
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
    for (Cursor *q : std::as_const(m_cache))
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
    for (Cursor *q : std::as_const(m_cache))
        q->finish();
    (void)execControl(QStringLiteral("ROLLBACK"));
}

} // namespace grumble

// ---- pretend mode (placeholder until implemented; see connection.h) ----
namespace grumble {
Result<std::unique_ptr<Connection>> Connection::openOffline(const QString &dialectName)
{
    return makeError(ErrorKind::Connection, QStringLiteral("offline connections (%1) are not implemented yet").arg(dialectName));
}
void Connection::setPretending(bool) { }
bool Connection::isPretending() const { return false; }
bool Connection::isOffline() const { return false; }
QList<SqlFragment> Connection::takePretended() { return {}; }
} // namespace grumble

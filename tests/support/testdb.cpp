#include "testdb.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QProcess>

#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QSqlError>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <utility>
#include <vector>

namespace grumble::test {

namespace {

struct CreatedDatabase
{
    PgParts server; // the admin connection it was created through
    QString name;
};

struct State
{
    QTemporaryDir sqliteDir{ QDir::tempPath() + QStringLiteral("/grumble-test-XXXXXX") };
    int counter = 0;
    std::vector<CreatedDatabase> created;
    bool cleanupRegistered = false;
    QString lastError;
};

State &state()
{
    static State s;
    return s;
}

QString adminConnectionName(const PgParts &server)
{
    return QStringLiteral("grumble-test-admin ") + toPgUrl(server);
}

QSqlDatabase adminConnection(const PgParts &server)
{
    const QString name = adminConnectionName(server);
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                   : openDatabase(toPgUrl(server), name);
    if (!db.isOpen())
        db.open();
    return db;
}

void dropCreatedDatabases()
{
    State &s = state();
    QStringList connections;
    for (const CreatedDatabase &created : std::as_const(s.created)) {
        QSqlDatabase admin = adminConnection(created.server);
        connections.append(admin.connectionName());
        QSqlQuery query(admin);
        // WITH (FORCE) ends connections a test left open.
        const QString sql = QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)");
        if (!query.exec(sql.arg(created.name)))
            qWarning().noquote() << "could not drop test database" << created.name << ":"
                                 << describeFailure(query);
    }
    s.created.clear();
    connections.removeDuplicates();
    for (const QString &name : std::as_const(connections))
        QSqlDatabase::removeDatabase(name);
}

QString createPgDatabase(const PgParts &server)
{
    State &s = state();
    QSqlDatabase admin = adminConnection(server);
    if (!admin.isOpen()) {
        s.lastError = QStringLiteral("cannot connect to PostgreSQL at %1: %2")
                              .arg(toPgUrl(server), admin.lastError().text());
        return {};
    }
    // Only digits go into the name, so it needs no quoting.
    const QString name = QStringLiteral("grumble_t_%1_%2")
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(++s.counter);
    QSqlQuery query(admin);
    if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(name))) {
        s.lastError = QStringLiteral("cannot create a test database: ") + describeFailure(query);
        return {};
    }
    if (!s.cleanupRegistered) {
        qAddPostRoutine(dropCreatedDatabases);
        s.cleanupRegistered = true;
    }
    s.created.push_back({ server, name });
    PgParts fresh = server;
    fresh.db = name;
    return toPgUrl(fresh);
}

} // namespace

std::optional<PgParts> parsePgUrl(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme();
    if (!parsed.isValid()
        || (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres")))
        return std::nullopt;
    PgParts parts;
    parts.host = parsed.host();
    parts.port = parsed.port(5432);
    parts.user = parsed.userName();
    parts.password = parsed.password();
    parts.db = parsed.path();
    if (parts.db.startsWith(QLatin1Char('/')))
        parts.db.remove(0, 1);
    return parts;
}

QString toPgUrl(const PgParts &parts)
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(parts.user);
    url.setPassword(parts.password);
    url.setHost(parts.host);
    url.setPort(parts.port);
    url.setPath(QLatin1Char('/') + parts.db);
    return url.toString(QUrl::FullyEncoded);
}

bool isSqliteMemoryUrl(const QString &url)
{
    return url == QLatin1String(":memory:") || url == QLatin1String("sqlite::memory:");
}

QString sqlitePath(const QString &url)
{
    if (isSqliteMemoryUrl(url))
        return QStringLiteral(":memory:");
    if (url.startsWith(QLatin1String("sqlite:")))
        return url.mid(7);
    return url;
}

QString pgServerUrl()
{
    return qEnvironmentVariable("GRUMBLE_PG_URL").trimmed();
}

bool inCi()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

void addDatabaseRows()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("sqlite-memory") << QStringLiteral(":memory:");
    const QString sqliteFile = state().sqliteDir.filePath(QStringLiteral("db.sqlite"));
    QTest::newRow("sqlite-file") << QStringLiteral("sqlite:") + sqliteFile;
    QTest::newRow("postgresql") << pgServerUrl();
}

QString freshUrl(const QString &rowUrl)
{
    State &s = state();
    s.lastError.clear();
    if (rowUrl.isEmpty()) {
        s.lastError = QStringLiteral("no database URL (is GRUMBLE_PG_URL set?)");
        return {};
    }
    if (isSqliteMemoryUrl(rowUrl))
        return QStringLiteral(":memory:");
    if (const std::optional<PgParts> server = parsePgUrl(rowUrl))
        return createPgDatabase(*server);
    if (rowUrl == pgServerUrl()) {
        s.lastError = QStringLiteral("GRUMBLE_PG_URL is not a postgresql:// URL: ") + rowUrl;
        return {};
    }
    if (!s.sqliteDir.isValid()) {
        s.lastError = QStringLiteral("no temporary directory: ") + s.sqliteDir.errorString();
        return {};
    }
    return QStringLiteral("sqlite:")
            + s.sqliteDir.filePath(QStringLiteral("db-%1.sqlite").arg(++s.counter));
}

QString lastError()
{
    return state().lastError;
}

QSqlDatabase openDatabase(const QString &url, const QString &connectionName)
{
    QSqlDatabase db;
    if (const std::optional<PgParts> pg = parsePgUrl(url)) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(pg->host);
        db.setPort(pg->port);
        db.setUserName(pg->user);
        db.setPassword(pg->password);
        db.setDatabaseName(pg->db);
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(sqlitePath(url));
    }
    db.open();
    return db;
}

QString describeFailure(const QSqlQuery &query)
{
    const QSqlError error = query.lastError();
    QString text;
    QDebug out(&text);
    out.noquote().nospace() << "SQL error: " << error.text();
    if (!error.nativeErrorCode().isEmpty())
        out << " (code " << error.nativeErrorCode() << ')';
    out << "\n   SQL: " << query.lastQuery();
    const QVariantList values = query.boundValues();
    if (!values.isEmpty())
        out << "\n   bindings: " << values;
    return text;
}

QString screenshotDir()
{
    QString dir = qEnvironmentVariable("GRUMBLE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QString::fromUtf8(GRUMBLE_TEST_BUILD_DIR) + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return QDir(dir).absolutePath();
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

ProcessRun runProcess(const QString &program, const QStringList &args, const QProcessEnvironment &environment,
                      const QByteArray &input, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, args);
    ProcessRun result;
    if (!process.waitForStarted()) {
        result.err = QStringLiteral("%1 did not start: %2").arg(program, process.errorString());
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("%1 did not finish in %2 ms").arg(program).arg(timeoutMs);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QString sequelizeUnavailable()
{
    const QString dir = qEnvironmentVariable("GRUMBLE_SEQUELIZE_DIR");
    if (dir.isEmpty() || !QFileInfo::exists(dir + QStringLiteral("/node_modules/sequelize")))
        return QStringLiteral("GRUMBLE_SEQUELIZE_DIR (a folder whose node_modules has sequelize, pg and sqlite3; "
                              "scripts/test installs it) is not set or has no node_modules/sequelize");
    if (qEnvironmentVariable("GRUMBLE_NODE", QStandardPaths::findExecutable(QStringLiteral("node"))).isEmpty())
        return QStringLiteral("node is not installed (apt-get install nodejs npm)");
    return QString();
}

QProcessEnvironment sequelizeEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NODE_PATH"),
                       qEnvironmentVariable("GRUMBLE_SEQUELIZE_DIR") + QStringLiteral("/node_modules"));
    return environment;
}

} // namespace grumble::test

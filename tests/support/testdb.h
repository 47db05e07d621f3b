#pragma once

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtTest/QTest>

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

// The database matrix every functional test runs on.
//
//     void initTestCase_data() { grumble::test::addDatabaseRows(); }
//
//     void someTest()
//     {
//         QFETCH_GLOBAL(QString, url);
//         const QString dbUrl = grumble::test::freshUrl(url);
//         GRUMBLE_REQUIRE_DB(dbUrl);
//         ... open dbUrl with the engine ...
//     }
//
// URLs the engine accepts: ":memory:", "sqlite::memory:", "sqlite:PATH", a plain file path,
// "postgresql://user[:password]@host[:port]/db" (also "postgres://").
// These helpers use the test thread's QSqlDatabase connections; call them from that thread.

namespace grumble::test {

/// The parts of a postgresql:// URL; port is 5432 when the URL names none.
struct PgParts
{
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString db;
};

/// Parses a postgresql:// or postgres:// URL; nullopt for anything else.
std::optional<PgParts> parsePgUrl(const QString &url);

/// Builds a postgresql:// URL from its parts (percent-encoding user and password).
QString toPgUrl(const PgParts &parts);

/// True for ":memory:" and "sqlite::memory:".
bool isSqliteMemoryUrl(const QString &url);

/// The SQLite database name for a non-PostgreSQL URL: ":memory:" or the file path.
QString sqlitePath(const QString &url);

/// GRUMBLE_PG_URL, or an empty string when no PostgreSQL server is configured.
QString pgServerUrl();

/// True when the environment variable CI is "true".
bool inCi();

/// Adds the QString column "url" and the rows sqlite-memory, sqlite-file and postgresql.
/// Call it from initTestCase_data(). The postgresql row's url is empty without GRUMBLE_PG_URL.
void addDatabaseRows();

/// A URL naming a new, empty database for one test function, made from a row's url.
/// SQLite in memory: ":memory:" (every connection is its own database). SQLite file: a new file in
/// a temporary directory that lives as long as the process. PostgreSQL: a new database
/// grumble_t_<pid>_<n> on the row's server, dropped when the QCoreApplication is destroyed.
/// Returns an empty string when there is no server or the database could not be made
/// (see lastError()); GRUMBLE_REQUIRE_DB turns that into a skip or a failure.
QString freshUrl(const QString &rowUrl);

/// Why the last freshUrl() returned an empty string.
QString lastError();

/// Opens a QSqlDatabase (QSQLITE or QPSQL) for a URL under connectionName; check isOpen().
QSqlDatabase openDatabase(const QString &url, const QString &connectionName);

/// A failure message for a QSqlQuery: the error, the SQL and the bound values.
QString describeFailure(const QSqlQuery &query);

/// The directory GUI tests save their PNGs in: GRUMBLE_SCREENSHOT_DIR, else <build>/screenshots.
/// It is created if missing.
QString screenshotDir();

//! What a command printed and how it ended.
struct ProcessRun
{
    int exitCode = -1;  //!< -1: it did not start, crashed or did not finish in time
    QByteArray out;     //!< standard output
    QString err;        //!< standard error (or why it did not run)
    //! The non-empty lines of standard output.
    QStringList lines() const { return QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
};

//! Runs `program` with `args` and `environment`, writes `input` to its standard input and waits
//! at most `timeoutMs` for it to finish (killing it then).
ProcessRun runProcess(const QString &program, const QStringList &args,
                      const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                      const QByteArray &input = QByteArray(), int timeoutMs = 180000);

//! Why the real Sequelize cannot run here, empty when it can: GRUMBLE_SEQUELIZE_DIR (scripts/test
//! installs it) must hold node_modules/sequelize, and node must be found (GRUMBLE_NODE or PATH).
QString sequelizeUnavailable();
//! The environment for node with the installed Sequelize on NODE_PATH.
QProcessEnvironment sequelizeEnvironment();

//! When sequelizeUnavailable() says why: fails the test under CI=true (a missing component is a
//! failure there), skips it elsewhere.
#define GRUMBLE_REQUIRE_SEQUELIZE()                                  \
    do {                                                             \
        const QString whyNot = grumble::test::sequelizeUnavailable(); \
        if (!whyNot.isEmpty()) {                                     \
            if (grumble::test::inCi())                               \
                QFAIL(qPrintable(whyNot));                           \
            QSKIP(qPrintable(whyNot));                               \
        }                                                            \
    } while (false)

//! The SHA-256 of a file's bytes (hex), empty when it cannot be read: "this file did not change".
QByteArray fileSha256(const QString &path);

} // namespace grumble::test

/// Skips the current test when the postgresql row has no server; fails instead in CI, or when a
/// server is configured but freshUrl() could not make a database on it.
#define GRUMBLE_REQUIRE_DB(url)                                                  \
    do {                                                                         \
        if ((url).isEmpty()) {                                                   \
            if (!::grumble::test::pgServerUrl().isEmpty())                       \
                QFAIL(qPrintable(::grumble::test::lastError()));                 \
            if (::grumble::test::inCi())                                         \
                QFAIL("no PostgreSQL server in CI (GRUMBLE_PG_URL is not set)"); \
            QSKIP("no PostgreSQL server (set GRUMBLE_PG_URL)");                  \
        }                                                                        \
    } while (false)

/// QVERIFY for a QSqlQuery call that prints the SQL error, the statement and its bindings:
/// QVERIFY_SQL(query, exec(QStringLiteral("CREATE TABLE t (id INTEGER)")));
#define QVERIFY_SQL(query, stmt) \
    QVERIFY2((query).stmt, qPrintable(::grumble::test::describeFailure(query)))

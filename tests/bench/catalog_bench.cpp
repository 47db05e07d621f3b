// grumble-catalog-bench: how long readCatalog() takes on a database of N tables (default 500), each
// with six columns, a foreign key to the previous table and a unique index, on a SQLite file and on
// PostgreSQL (GRUMBLE_PG_URL or --pg URL; the tables go into a throwaway schema, dropped at the
// end). Prints one JSON line per database:
//   {"bench":"catalog","dialect":"postgres","tables":500,"ms":...,"statements":3,...}
// "ms" is the median of --runs reads (default 5), "msFirst" the first (cold statement cache).
#include "benchutil.h"
#include "catalogreader.h"
#include "connection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <vector>

using namespace grumble;
using namespace grumble::bench;

namespace {

struct Args
{
    int tables = 500;
    int runs = 5;
    QString pg = qEnvironmentVariable("GRUMBLE_PG_URL");
    QString sqlite; //!< empty: a temporary file
};

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "grumble-catalog-bench: %s\n", qPrintable(message));
    std::exit(2);
}

Args parseArgs(const QStringList &argv)
{
    Args a;
    for (int i = 1; i < argv.size(); ++i) {
        const QString key = argv.at(i);
        if (key == QLatin1String("--help") || i + 1 >= argv.size()) {
            std::printf("usage: grumble-catalog-bench [--tables N] [--runs R] [--pg URL|none]"
                        " [--sqlite FILE]\n");
            std::exit(key == QLatin1String("--help") ? 0 : 2);
        }
        const QString value = argv.at(++i);
        if (key == QLatin1String("--tables"))
            a.tables = value.toInt();
        else if (key == QLatin1String("--runs"))
            a.runs = std::max(1, value.toInt());
        else if (key == QLatin1String("--pg"))
            a.pg = value == QLatin1String("none") ? QString() : value;
        else if (key == QLatin1String("--sqlite"))
            a.sqlite = value;
        else
            die(QStringLiteral("unknown option %1").arg(key));
    }
    return a;
}

template<typename T>
T check(Result<T> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QString::fromUtf8(what), r.error().toString()));
    return std::move(*r);
}

void check(Result<void> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QString::fromUtf8(what), r.error().toString()));
}

//! CREATE TABLE for table i: six columns, a foreign key to table i - 1, a unique index.
QStringList tableDdl(const Dialect &dialect, int i)
{
    const QString name = QStringLiteral("t%1").arg(i, 4, 10, QLatin1Char('0'));
    const QString previous = QStringLiteral("t%1").arg(std::max(0, i - 1), 4, 10, QLatin1Char('0'));
    const QString stamp = dialect.name() == QLatin1String("postgres")
            ? QStringLiteral("TIMESTAMP WITH TIME ZONE")
            : QStringLiteral("DATETIME");
    return { QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                            " email VARCHAR(255), score INTEGER DEFAULT 0, \"createdAt\" %2,"
                            " \"prevId\" INTEGER REFERENCES %3 (id) ON DELETE SET NULL)")
                     .arg(name, stamp, previous),
             QStringLiteral("CREATE UNIQUE INDEX %1_email ON %1 (email)").arg(name) };
}

void createTables(Connection &connection, int count)
{
    check(connection.begin(), "begin");
    for (int i = 0; i < count; ++i) {
        for (const QString &sql : tableDdl(connection.dialect(), i))
            check(connection.execDirect(sql), "create table");
    }
    check(connection.commit(), "commit");
}

//! Reads the catalog `runs` times and prints the JSON line.
void measure(Connection &connection, const Args &a, const QString &storage)
{
    std::vector<double> millis;
    quint64 statements = 0;
    Catalog catalog;
    for (int run = 0; run < a.runs; ++run) {
        const quint64 before = connection.statementCount();
        QElapsedTimer timer;
        timer.start();
        catalog = check(readCatalog(connection), "readCatalog");
        millis.push_back(double(timer.nsecsElapsed()) / 1e6);
        statements = connection.statementCount() - before;
    }
    int columns = 0, foreignKeys = 0, indexes = 0;
    for (const CatalogTable &t : catalog.tables) {
        columns += int(t.columns.size());
        foreignKeys += int(t.foreignKeys.size());
        indexes += int(t.indexes.size());
    }
    if (catalog.tables.size() != a.tables)
        die(QStringLiteral("read %1 tables, made %2").arg(catalog.tables.size()).arg(a.tables));
    JsonLine line;
    line.add("bench", "catalog")
            .add("dialect", connection.dialect().name())
            .add("tables", a.tables);
    line.add("ms", median(millis)).add("msFirst", millis.front()).add("statements", statements);
    line.add("runs", a.runs).add("columns", columns).add("foreignKeys", foreignKeys);
    line.add("indexes", indexes).add("cursor", connection.cursorKind()).add("storage", storage);
    std::printf("%s\n", line.text().constData());
    std::fflush(stdout);
}

void benchSqlite(const Args &a)
{
    QTemporaryDir dir;
    const QString path =
            a.sqlite.isEmpty() ? dir.filePath(QStringLiteral("catalog.sqlite")) : a.sqlite;
    auto connection = check(Connection::open(path), "open sqlite");
    createTables(*connection, a.tables);
    measure(*connection, a, QStringLiteral("sqlite file"));
}

//! Drops the bench's schema, its tables a hundred at a time (one DROP SCHEMA ... CASCADE of
//! thousands of tables runs out of lock slots).
void dropSchema(Connection &admin, const QString &schema, int tables)
{
    for (int first = 0; first < tables; first += 100) {
        QStringList names;
        for (int i = first; i < std::min(tables, first + 100); ++i)
            names << schema + QStringLiteral(".t%1").arg(i, 4, 10, QLatin1Char('0'));
        check(admin.execDirect(
                      QStringLiteral("DROP TABLE %1 CASCADE").arg(names.join(QLatin1Char(',')))),
              "drop tables");
    }
    check(admin.execDirect(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(schema)), "drop schema");
}

void benchPostgres(const Args &a)
{
    const QString schema = QStringLiteral("grumble_catalog_bench");
    auto admin = check(Connection::open(a.pg), "open postgresql");
    check(admin->execDirect(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(schema)),
          "drop");
    check(admin->execDirect(QStringLiteral("CREATE SCHEMA %1").arg(schema)), "create schema");
    const QString separator =
            a.pg.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?");
    {
        auto connection =
                check(Connection::open(a.pg + separator + QStringLiteral("schema=") + schema),
                      "open schema");
        createTables(*connection, a.tables);
        check(connection->execDirect(QStringLiteral("ANALYZE")), "analyze");
        measure(*connection, a, QStringLiteral("postgresql schema ") + schema);
    }
    dropSchema(*admin, schema, a.tables);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Args a = parseArgs(app.arguments());
    if (a.tables < 1)
        die(QStringLiteral("--tables must be at least 1"));
    benchSqlite(a);
    if (a.pg.isEmpty())
        std::fprintf(stderr,
                     "grumble-catalog-bench: no PostgreSQL (set GRUMBLE_PG_URL or --pg URL)\n");
    else
        benchPostgres(a);
    return 0;
}

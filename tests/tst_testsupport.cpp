#include "testdb.h"

#include <QFileInfo>
#include <QSqlError>
#include <QtTest/QtTest>

using namespace grumble::test;

namespace {

// A named connection that is removed again when the test function ends.
class Connection
{
public:
    Connection(const QString &url, const QString &name) : m_name(name)
    {
        m_db = openDatabase(url, name);
    }
    ~Connection()
    {
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

QString connectionName(const char *suffix)
{
    return QString::fromLatin1(QTest::currentTestFunction()) + QLatin1Char(' ')
            + QLatin1String(suffix);
}

} // namespace

class TestSupportTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();

    void freshDatabaseIsEmptyAndWritable();
    void freshDatabasesAreDistinct();
    void parsePgUrl_data();
    void parsePgUrl();
    void sqlitePathOfUrl_data();
    void sqlitePathOfUrl();
    void failureNamesErrorAndSql();
    void screenshotDirExists();
};

void TestSupportTest::initTestCase_data()
{
    addDatabaseRows();
}

void TestSupportTest::freshDatabaseIsEmptyAndWritable()
{
    QFETCH_GLOBAL(QString, url);
    const QString fresh = freshUrl(url);
    GRUMBLE_REQUIRE_DB(fresh);

    Connection connection(fresh, connectionName("a"));
    QSqlDatabase &db = connection.db();
    QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
    QCOMPARE(db.tables(), QStringList());

    QSqlQuery query(db);
    QVERIFY_SQL(query,
                exec(QStringLiteral("CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT)")));
    QVERIFY_SQL(query, prepare(QStringLiteral("INSERT INTO owners (id, name) VALUES (?, ?)")));
    query.addBindValue(1);
    query.addBindValue(QStringLiteral("Ada"));
    QVERIFY_SQL(query, exec());
    QVERIFY_SQL(query, exec(QStringLiteral("SELECT name FROM owners WHERE id = 1")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("Ada"));
    QCOMPARE(db.tables(), QStringList{ QStringLiteral("owners") });

    if (const auto pg = grumble::test::parsePgUrl(fresh)) {
        QVERIFY(pg->db.startsWith(QStringLiteral("grumble_t_")));
        QVERIFY_SQL(query, exec(QStringLiteral("SELECT current_database()")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), pg->db);
    }
}

void TestSupportTest::freshDatabasesAreDistinct()
{
    QFETCH_GLOBAL(QString, url);
    const QString first = freshUrl(url);
    GRUMBLE_REQUIRE_DB(first);
    const QString second = freshUrl(url);
    GRUMBLE_REQUIRE_DB(second);
    if (!isSqliteMemoryUrl(url))
        QVERIFY2(first != second, qPrintable(first));

    Connection a(first, connectionName("a"));
    Connection b(second, connectionName("b"));
    QVERIFY2(a.db().isOpen(), qPrintable(a.db().lastError().text()));
    QVERIFY2(b.db().isOpen(), qPrintable(b.db().lastError().text()));

    QSqlQuery query(a.db());
    QVERIFY_SQL(query, exec(QStringLiteral("CREATE TABLE only_in_first (id INTEGER)")));
    QCOMPARE(a.db().tables(), QStringList{ QStringLiteral("only_in_first") });
    QCOMPARE(b.db().tables(), QStringList());
}

void TestSupportTest::parsePgUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isPg");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("db");

    QTest::newRow("full") << QStringLiteral("postgresql://alice:s3cret@db.local:6543/grumble")
                          << true << QStringLiteral("db.local") << 6543 << QStringLiteral("alice")
                          << QStringLiteral("s3cret") << QStringLiteral("grumble");
    QTest::newRow("short scheme, default port")
            << QStringLiteral("postgres://bob@127.0.0.1/x") << true << QStringLiteral("127.0.0.1")
            << 5432 << QStringLiteral("bob") << QString() << QStringLiteral("x");
    QTest::newRow("encoded password")
            << QStringLiteral("postgresql://u:p%40ss%2Fw@h:1/d") << true << QStringLiteral("h") << 1
            << QStringLiteral("u") << QStringLiteral("p@ss/w") << QStringLiteral("d");
    QTest::newRow("memory") << QStringLiteral(":memory:") << false << QString() << 0 << QString()
                            << QString() << QString();
    QTest::newRow("sqlite file") << QStringLiteral("sqlite:/tmp/a.sqlite") << false << QString()
                                 << 0 << QString() << QString() << QString();
    QTest::newRow("plain path") << QStringLiteral("/tmp/a.sqlite") << false << QString() << 0
                                << QString() << QString() << QString();
}

void TestSupportTest::parsePgUrl()
{
    QFETCH(QString, text);
    QFETCH(bool, isPg);

    const std::optional<PgParts> parts = grumble::test::parsePgUrl(text);
    QCOMPARE(parts.has_value(), isPg);
    if (!parts)
        return;
    QTEST(parts->host, "host");
    QTEST(parts->port, "port");
    QTEST(parts->user, "user");
    QTEST(parts->password, "password");
    QTEST(parts->db, "db");

    const std::optional<PgParts> again = grumble::test::parsePgUrl(toPgUrl(*parts));
    QVERIFY(again);
    QCOMPARE(again->password, parts->password);
    QCOMPARE(again->db, parts->db);
}

void TestSupportTest::sqlitePathOfUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::newRow(":memory:") << QStringLiteral(":memory:") << QStringLiteral(":memory:");
    QTest::newRow("sqlite::memory:")
            << QStringLiteral("sqlite::memory:") << QStringLiteral(":memory:");
    QTest::newRow("sqlite:PATH") << QStringLiteral("sqlite:/tmp/x.db")
                                 << QStringLiteral("/tmp/x.db");
    QTest::newRow("plain path") << QStringLiteral("rel/x.db") << QStringLiteral("rel/x.db");
}

void TestSupportTest::sqlitePathOfUrl()
{
    QFETCH(QString, text);
    QTEST(sqlitePath(text), "path");
}

void TestSupportTest::failureNamesErrorAndSql()
{
    Connection connection(QStringLiteral(":memory:"), connectionName("a"));
    QSqlQuery query(connection.db());
    const QString sql = QStringLiteral("SELECT * FROM no_such_table");
    QVERIFY(!query.exec(sql));
    const QString message = describeFailure(query);
    QVERIFY2(message.contains(QStringLiteral("no_such_table")), qPrintable(message));
    QVERIFY2(message.contains(sql), qPrintable(message));
}

void TestSupportTest::screenshotDirExists()
{
    const QFileInfo dir(screenshotDir());
    QVERIFY2(dir.isDir(), qPrintable(dir.filePath()));
    QVERIFY(dir.isWritable());
}

QTEST_GUILESS_MAIN(TestSupportTest)
#include "tst_testsupport.moc"

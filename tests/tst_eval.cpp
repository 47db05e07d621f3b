// `grumble eval` run as a process: arguments and stdin, output lines, errors, exit codes.
#include "schema.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QCryptographicHash>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = grumble::test::ProcessRun;

Run runGrumble(const QStringList &args, const QByteArray &input = QByteArray())
{
    return grumble::test::runProcess(QStringLiteral(GRUMBLE_EXE), args, QProcessEnvironment::systemEnvironment(),
                                     input, 60000);
}

QJsonValue json(const QString &line)
{
    return QJsonDocument::fromJson((QStringLiteral("[") + line + QStringLiteral("]")).toUtf8()).array().at(0);
}

} // namespace

class tst_Eval : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data() { grumble::test::addDatabaseRows(); }
    void seedExamples();
    void stdinAndComments();
    void errorsKeepGoing();
    void persistsAndForce();
    void someonesDatabaseIsOpenedAsItIs();
    void usageErrors_data();
    void usageErrors();
    void help();
    void schemaFileNormalized();
    void log();
};

void tst_Eval::seedExamples()
{
    QFETCH_GLOBAL(QString, url);
    const QString db = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(db);
    const Run r = runGrumble({ QStringLiteral("eval"), QStringLiteral("--db"), db,
                            QStringLiteral("Owner.create({\"name\": \"Tom\"})"),
                            QStringLiteral("Pug.bulkCreate([{\"name\": \"Cody\"}, {\"name\": \"Rex\"}])"),
                            QStringLiteral("Friend.create({\"name\": \"CodyFan <3\"})"),
                            QStringLiteral("Pug#1.setOwner(Owner#1)"),
                            QStringLiteral("Pug#1.addFriend(Friend#1)"),
                            QStringLiteral("Pug.findAll({\"include\": [{\"model\": \"Owner\"}]})"),
                            QStringLiteral("Owner.findAll({\"include\": [{\"model\": \"Pug\"}]})"),
                            QStringLiteral("Pug.findAll({\"include\": [{\"model\": \"Friend\"}]})"),
                            QStringLiteral("Owner.findAll({\"include\": [{\"model\": \"Pug\", \"include\": [\"Friend\"]}], \"order\": [[\"name\", \"DESC\"]]})"),
                            QStringLiteral("Pug.findByPk(1, {\"include\": [\"owner\", \"friends\"]})"),
                            QStringLiteral("Owner#1.hasPugs([Pug#1, 2])"),
                            QStringLiteral("Owner#1.removePugs([Pug#1, Pug#2])"),
                            QStringLiteral("Pug.count({\"where\": {\"ownerId\": 1}})"),
                            QStringLiteral("Pug#1.getOwner()") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.lines().join(QLatin1Char('\n'))));
    QCOMPARE(r.lines().size(), 14);
    QCOMPARE(json(r.lines().at(0)).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Tom"));
    QCOMPARE(json(r.lines().at(1)).toArray().size(), 2);
    QCOMPARE(json(r.lines().at(3)).toObject().value(QStringLiteral("ownerId")).toInt(), 1); // setOwner returns the pug
    QCOMPARE(json(r.lines().at(4)).toArray().at(0).toObject().value(QStringLiteral("friendId")).toInt(), 1);
    const QJsonArray pugs = json(r.lines().at(5)).toArray();
    QCOMPARE(pugs.at(0).toObject().value(QStringLiteral("owner")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Tom"));
    QVERIFY(pugs.at(1).toObject().value(QStringLiteral("owner")).isNull());
    QVERIFY(r.lines().at(5).startsWith(QLatin1String("[{\"id\":1,\"name\":\"Cody\",\"createdAt\":\"")));
    QCOMPARE(json(r.lines().at(6)).toArray().at(0).toObject().value(QStringLiteral("pugs")).toArray().size(), 1);
    const QJsonObject cody = json(r.lines().at(7)).toArray().at(0).toObject();
    QCOMPARE(cody.value(QStringLiteral("friends")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("CodyFan <3"));
    QVERIFY(cody.value(QStringLiteral("friends")).toArray().at(0).toObject().contains(QStringLiteral("friendship")));
    QVERIFY(r.lines().at(8).contains(QLatin1String("\"pugs\":[{\"id\":1,\"name\":\"Cody\"")));
    QVERIFY(r.lines().at(9).contains(QLatin1String("\"owner\":{\"id\":1,\"name\":\"Tom\"")));
    QCOMPARE(r.lines().at(10), QStringLiteral("false"));
    QCOMPARE(r.lines().at(11), QStringLiteral("1")); // removePugs on a hasMany: records changed
    QCOMPARE(r.lines().at(12), QStringLiteral("0"));
    QCOMPARE(r.lines().at(13), QStringLiteral("null"));
}

void tst_Eval::stdinAndComments()
{
    QFETCH_GLOBAL(QString, url);
    const QString db = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(db);
    const Run r = runGrumble({ QStringLiteral("eval"), QStringLiteral("--db"), db },
                          "// the seeds\n\nOwner.create({\"name\": \"Tom\"})\n   \n  Owner.count()\n// done\n");
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.lines().size(), 2);
    QCOMPARE(r.lines().at(1), QStringLiteral("1"));
}

void tst_Eval::errorsKeepGoing()
{
    const Run r = runGrumble({ QStringLiteral("eval"), QStringLiteral("Owner.create({\"name\": \"Tom\"})"),
                            QStringLiteral("Pug#1.setOwner(Owner#1)"), QStringLiteral("Pug.create({\"name\": 5.5e0, })"),
                            QStringLiteral("Owner#1.setPugs([Pug#1"), QStringLiteral("Owner#1.fly()"),
                            QStringLiteral("Cat.findAll()"), QStringLiteral("Owner#1.addPugs([42])"),
                            QStringLiteral("Owner.create({\"name\": true})"), QStringLiteral("Owner.count()") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.lines().size(), 9);
    auto kind = [&](int i) { return json(r.lines().at(i)).toObject().value(QStringLiteral("error")).toObject().value(QStringLiteral("kind")).toString(); };
    auto message = [&](int i) { return json(r.lines().at(i)).toObject().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(); };
    QCOMPARE(kind(1), QStringLiteral("NotFound"));
    QCOMPARE(kind(2), QStringLiteral("Syntax"));
    QVERIFY2(message(2).startsWith(QLatin1String("column 28:")), qPrintable(message(2)));
    QCOMPARE(kind(3), QStringLiteral("Syntax"));
    QVERIFY2(message(3).startsWith(QLatin1String("column 23:")), qPrintable(message(3)));
    QCOMPARE(kind(4), QStringLiteral("UnknownAssociation"));
    QCOMPARE(kind(5), QStringLiteral("UnknownModel"));
    QCOMPARE(kind(6), QStringLiteral("NotFound"));
    QCOMPARE(kind(7), QStringLiteral("Validation"));
    QCOMPARE(r.lines().at(8), QStringLiteral("1"));
}

void tst_Eval::persistsAndForce()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("pugs.sqlite"));
    QCOMPARE(runGrumble({ QStringLiteral("eval"), QStringLiteral("--db"), db, QStringLiteral("Owner.create({\"name\": \"Tom\"})") }).exitCode, 0);
    Run again = runGrumble({ QStringLiteral("eval"), QStringLiteral("--db"), db, QStringLiteral("Owner.count()") });
    QCOMPARE(again.lines(), QStringList({ QStringLiteral("1") }));
    Run forced = runGrumble({ QStringLiteral("eval"), QStringLiteral("--force"), QStringLiteral("--db=") + db, QStringLiteral("Owner.count()") });
    QCOMPARE(forced.lines(), QStringList({ QStringLiteral("0") }));
    // another schema
    QFile schema(dir.filePath(QStringLiteral("s.json")));
    QVERIFY(schema.open(QIODevice::WriteOnly));
    schema.write("{\"models\": [{\"name\": \"cat\", \"attributes\": [{\"name\": \"name\", \"type\": \"STRING\"}]}, {\"name\": \"toy\"}], "
                 "\"associations\": [{\"source\": \"cat\", \"type\": \"hasMany\", \"target\": \"toy\"}]}");
    schema.close();
    Run cats = runGrumble({ QStringLiteral("eval"), QStringLiteral("--schema"), schema.fileName(), QStringLiteral("Cat.create({\"name\": \"Tom\"})"),
                         QStringLiteral("Cat#1.createToy({})"), QStringLiteral("Cat#1.countToys()") });
    QVERIFY2(cats.exitCode == 0, qPrintable(cats.lines().join(QLatin1Char('\n')) + cats.err));
    QCOMPARE(cats.lines().last(), QStringLiteral("1"));
}

namespace {

QStringList tablesOf(const QString &url)
{
    QStringList tables;
    {
        QSqlDatabase db = grumble::test::openDatabase(url, QStringLiteral("tables-of"));
        tables = db.tables();
        tables.sort();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tables-of"));
    return tables;
}

} // namespace

// A database that has tables is someone's: `grumble eval` opens it as it is (no demo tables, no
// journal-mode change, the file byte for byte the same) and creates tables only with --sync.
void tst_Eval::someonesDatabaseIsOpenedAsItIs()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    if (grumble::test::isSqliteMemoryUrl(dbUrl)) {
        // Each process has its own empty :memory: database, which gets the schema's tables.
        Run empty = runGrumble({ QStringLiteral("eval"), QStringLiteral("--db"), dbUrl, QStringLiteral("Owner.count()") });
        QCOMPARE(empty.lines(), QStringList({ QStringLiteral("0") }));
        return;
    }
    {
        QSqlDatabase db = grumble::test::openDatabase(dbUrl, QStringLiteral("theirs"));
        QVERIFY(db.isOpen());
        QSqlQuery q(db);
        QVERIFY_SQL(q, exec(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255))")));
        QVERIFY_SQL(q, exec(QStringLiteral("CREATE TABLE posts (id INTEGER PRIMARY KEY, \"userId\" INTEGER REFERENCES users (id))")));
        QVERIFY_SQL(q, exec(QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'Ann')")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("theirs"));
    const bool sqlite = !grumble::test::parsePgUrl(dbUrl).has_value();
    const QString path = sqlite ? grumble::test::sqlitePath(dbUrl) : QString();
    const QByteArray hashBefore = sqlite ? grumble::test::fileSha256(path) : QByteArray();
    const QStringList theirTables = { QStringLiteral("posts"), QStringLiteral("users") };
    QCOMPARE(tablesOf(dbUrl), theirTables);

    // Their schema is read from their tables: user and post, post.belongsTo(user), user.hasMany(post).
    const struct
    {
        const char *expression;
        int exitCode;
        const char *output;
    } runs[] = { { "User.findAll()", 0, "[{\"id\":1,\"name\":\"Ann\"}]" },
                 { "User#1.getPosts()", 0, "[]" },
                 { "Post.findAll({\"include\": [\"user\"]})", 0, "[]" },
                 { "User.findAll({\"include\": [\"posts\"]})", 0, "[{\"id\":1,\"name\":\"Ann\",\"posts\":[]}]" },
                 { "Owner.findAll()", 1, "{\"error\":{\"kind\":\"UnknownModel\"" },
                 { "Pug.create({\"name\": \"Cody\"})", 1, "{\"error\":{\"kind\":\"UnknownModel\"" } };
    for (const auto &run : runs) {
        Run r = runGrumble({ QStringLiteral("eval"), QStringLiteral("--db"), dbUrl, QString::fromLatin1(run.expression) });
        QCOMPARE(r.exitCode, run.exitCode);
        QVERIFY2(r.lines().value(0).startsWith(QLatin1String(run.output)), qPrintable(r.lines().join(QLatin1Char('\n')) + r.err));
        QCOMPARE(tablesOf(dbUrl), theirTables);
        if (sqlite) {
            QCOMPARE(grumble::test::fileSha256(path), hashBefore);
            QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        }
    }
    // grumble schema prints it, and reads only.
    Run schema = runGrumble({ QStringLiteral("schema"), QStringLiteral("--db"), dbUrl });
    QCOMPARE(schema.exitCode, 0);
    const QJsonObject printed = QJsonDocument::fromJson(schema.lines().join(QLatin1Char('\n')).toUtf8()).object();
    QCOMPARE(printed.value(QStringLiteral("models")).toArray().size(), 2);
    QVERIFY2(schema.err.contains(QStringLiteral("note: posts.userId → users: post.belongsTo(user, {foreignKey: 'userId'})")), qPrintable(schema.err));
    QCOMPARE(tablesOf(dbUrl), theirTables);
    if (sqlite)
        QCOMPARE(grumble::test::fileSha256(path), hashBefore);
    // Asked for: the schema's tables are added, theirs stay.
    QTemporaryDir dir;
    const QString pugsFile = dir.filePath(QStringLiteral("pugs.json"));
    {
        QFile f(pugsFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(grumble::Schema::pugs().toJson()).toJson());
    }
    Run synced = runGrumble({ QStringLiteral("eval"), QStringLiteral("--sync"), QStringLiteral("--schema"), pugsFile,
                              QStringLiteral("--db"), dbUrl, QStringLiteral("Owner.count()") });
    QCOMPARE(synced.lines(), QStringList({ QStringLiteral("0") }));
    const QStringList after = tablesOf(dbUrl);
    QVERIFY(after.contains(QStringLiteral("owners")) && after.contains(QStringLiteral("users")));
    if (sqlite) { // still their journal mode
        QSqlDatabase db = grumble::test::openDatabase(dbUrl, QStringLiteral("journal"));
        QSqlQuery q(db);
        QVERIFY_SQL(q, exec(QStringLiteral("PRAGMA journal_mode")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("delete"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("journal"));
}

void tst_Eval::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown flag") << QStringList({ "eval", "--fast" }) << "unknown option '--fast'";
    QTest::newRow("missing value") << QStringList({ "eval", "--db" }) << "--db needs a value";
    QTest::newRow("unreadable schema") << QStringList({ "eval", "--schema", "/nonexistent/s.json", "Owner.count()" }) << "Cannot read schema file";
    QTest::newRow("malformed schema") << QStringList({ "eval", "--schema", "MALFORMED", "Owner.count()" }) << "malformed";
    QTest::newRow("unreachable database") << QStringList({ "eval", "--db", "postgresql://nobody@127.0.0.1:1/none", "Owner.count()" }) << "Cannot open";
    QTest::newRow("missing folder") << QStringList({ "eval", "--db", "/nonexistent/dir/x.sqlite", "Owner.count()" }) << "does not exist";
    QTest::newRow("schema without a source") << QStringList({ "schema" }) << "give --db URL or --schema FILE";
    QTest::newRow("schema unknown flag") << QStringList({ "schema", "--fast" }) << "unknown argument '--fast'";
    QTest::newRow("schema unreadable file") << QStringList({ "schema", "--schema", "/nonexistent/s.json" }) << "Cannot read schema file";
    QTest::newRow("schema unreachable database") << QStringList({ "schema", "--db", "postgresql://nobody@127.0.0.1:1/none" }) << "Cannot open";
}

void tst_Eval::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    if (args.contains(QStringLiteral("MALFORMED"))) {
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"models\": [ {\"name\": ");
        f.close();
        args.replace(args.indexOf(QStringLiteral("MALFORMED")), path);
    }
    const Run r = runGrumble(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.lines().isEmpty());
}

void tst_Eval::help()
{
    const Run r = runGrumble({ QStringLiteral("eval"), QStringLiteral("--help") });
    QCOMPARE(r.exitCode, 0);
    const QString text = r.lines().join(QLatin1Char('\n'));
    for (const char *needle : { "--db URL", "--schema FILE", "--force", "--log", "Pug#1.setOwner(Owner#1)", "Exit status" })
        QVERIFY2(text.contains(QLatin1String(needle)), needle);
    const Run main = runGrumble({ QStringLiteral("--help") });
    QCOMPARE(main.exitCode, 0);
    QVERIFY(main.lines().join(QLatin1Char('\n')).contains(QLatin1String("--screenshot FILE")));
    QVERIFY(main.lines().join(QLatin1Char('\n')).contains(QLatin1String("grumble schema --db URL | --schema FILE")));
    const Run schema = runGrumble({ QStringLiteral("schema"), QStringLiteral("--help") });
    QCOMPARE(schema.exitCode, 0);
    for (const char *needle : { "--db URL", "--schema FILE", "note: ", "Nothing is written", "Exit status" })
        QVERIFY2(schema.lines().join(QLatin1Char('\n')).contains(QLatin1String(needle)), needle);
}

void tst_Eval::schemaFileNormalized()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("people.json"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        auto people = grumble::Schema::builtin(QStringLiteral("people"));
        QVERIFY(people.ok());
        f.write(QJsonDocument(people->toJson()).toJson(QJsonDocument::Compact));
    }
    const Run r = runGrumble({ QStringLiteral("schema"), QStringLiteral("--schema"), path });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.lines().size() > 10); // indented
    auto again = grumble::Schema::fromJson(r.lines().join(QLatin1Char('\n')).toUtf8());
    QVERIFY2(again.ok(), qPrintable(r.lines().join(QLatin1Char('\n'))));
    QCOMPARE(again->models().size(), grumble::Schema::builtin(QStringLiteral("people"))->models().size());
    QCOMPARE(again->associations().size(), grumble::Schema::builtin(QStringLiteral("people"))->associations().size());
    // Printing the normalized form again gives the same bytes.
    const QString normalized = dir.filePath(QStringLiteral("normalized.json"));
    {
        QFile f(normalized);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r.lines().join(QLatin1Char('\n')).toUtf8());
    }
    QCOMPARE(runGrumble({ QStringLiteral("schema"), QStringLiteral("--schema"), normalized }).lines(), r.lines());
}

void tst_Eval::log()
{
    const Run r = runGrumble({ QStringLiteral("eval"), QStringLiteral("--log"), QStringLiteral("Owner.create({\"name\": \"Tom\"})"),
                            QStringLiteral("Owner#1.countPugs()") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QLatin1String("[sql] INSERT INTO `owners`")), qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("Tom")));
    QVERIFY(r.err.contains(QLatin1String("owner#1.countPugs")));
    QCOMPARE(r.lines().size(), 2); // the log never reaches stdout
}

QTEST_GUILESS_MAIN(tst_Eval)
#include "tst_eval.moc"

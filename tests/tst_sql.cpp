// The SQL layer: SqlFragment, which statements pretend mode runs, the offline connection, and the
// statements the engine produces per dialect in pretend mode (a create, a findAll with includes,
// two accessors on a hand-made record), checked offline and on every database of the matrix,
// where the database must stay unchanged.
#include "enginefixture.h"
#include "statementlog.h"
#include "statementkind.h"

#include <QRegularExpression>

using namespace grumble;
using namespace grumble::test;

namespace {

//! One binding as the expectations spell it; timestamps (which hold "now") as <now>.
QString describeBinding(const QVariant &v)
{
    static const QRegularExpression timestamp(
            QStringLiteral("^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d"));
    if (v.isNull())
        return QStringLiteral("null");
    if (v.metaType().id() == QMetaType::QDateTime || timestamp.match(v.toString()).hasMatch())
        return QStringLiteral("<now>");
    if (v.metaType().id() == QMetaType::QString)
        return QLatin1Char('\'') + v.toString() + QLatin1Char('\'');
    return v.toString();
}

//! "SQL" or "SQL  [binding, ...]".
QString describeFragment(const SqlFragment &f)
{
    if (f.bindings.isEmpty())
        return f.text;
    QStringList values;
    for (const QVariant &v : f.bindings)
        values << describeBinding(v);
    return f.text + QStringLiteral("  [") + values.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QStringList describeAll(const QList<SqlFragment> &fragments)
{
    QStringList out;
    for (const SqlFragment &f : fragments)
        out << describeFragment(f);
    return out;
}

//! The logged statements as describeFragment() writes them.
QStringList described(const test::StatementLog &log)
{
    QStringList out;
    for (const SqlLogEntry &e : log.entries())
        out << describeFragment(SqlFragment(e.sql, e.bindings));
    return out;
}

//! The statements that could change something (the ones pretend mode never runs).
QStringList writesOf(const QStringList &described)
{
    QStringList out;
    for (const QString &s : described) {
        if (!isReadStatement(s))
            out << s;
    }
    return out;
}

//! Both lists in full when they differ, one statement a line.
QString mismatch(const QStringList &actual, const QStringList &expected)
{
    return QStringLiteral("\nactual:\n  ") + actual.join(QStringLiteral("\n  "))
            + QStringLiteral("\nexpected:\n  ") + expected.join(QStringLiteral("\n  "));
}

//! Pug 1 "Cody" as a caller would hold it, without reading the database.
Record handMadePug(const Engine &engine)
{
    Record pug;
    pug.model = engine.schema().model(QStringLiteral("pug"));
    pug.setValue(QStringLiteral("id"), 1);
    pug.setValue(QStringLiteral("name"), QStringLiteral("Cody"));
    return pug;
}

//! Only whether a call worked.
template<typename T>
Result<void> toStatus(const Result<T> &r)
{
    if (!r)
        return r.error();
    return {};
}

//! What a scenario of the pretend tests does on an engine.
Result<void> runScenario(Engine &engine, const QString &scenario)
{
    if (scenario == QLatin1String("create"))
        return toStatus(engine.create(QStringLiteral("owner"),
                                      { { QStringLiteral("name"), QStringLiteral("Dana") } }));
    if (scenario == QLatin1String("findAll")) {
        const QVariantMap options{ { QStringLiteral("include"),
                                     QVariantList{ QStringLiteral("owner"),
                                                   QStringLiteral("friends") } } };
        auto find = FindOptions::fromVariant(options);
        if (!find)
            return find.error();
        return toStatus(engine.findAll(QStringLiteral("pug"), *find));
    }
    if (scenario == QLatin1String("setOwner"))
        return toStatus(engine.call(handMadePug(engine), QStringLiteral("setOwner"), { 2 }));
    if (scenario == QLatin1String("addFriends"))
        return toStatus(
                engine.call(handMadePug(engine), QStringLiteral("addFriends"), { arr({ 1, 2 }) }));
    return makeError(ErrorKind::Syntax, QStringLiteral("no scenario ") + scenario);
}

//! Rows, owners and friendships: what must not change while pretending.
QString databaseState(Db &db)
{
    QStringList counts;
    for (const char *model : { "owner", "pug", "friend", "friendship" }) {
        auto n = db->count(QString::fromLatin1(model));
        counts << QString::fromLatin1(model) + QLatin1Char('=')
                        + (n ? QString::number(*n) : n.error().toString());
    }
    return counts.join(QLatin1Char(' ')) + QLatin1String(" | ") + db.owners() + QLatin1String(" | ")
            + db.friendships();
}

//! The rows of the database matrix (as addDatabaseRows()), for _data functions that add columns.
QList<QPair<QString, QString>> databases()
{
    return { { QStringLiteral("sqlite-memory"), QStringLiteral(":memory:") },
             { QStringLiteral("sqlite-file"), QStringLiteral("sqlite:db.sqlite") },
             { QStringLiteral("postgresql"), pgServerUrl() } };
}

QString dialectOf(const QString &url)
{
    return parsePgUrl(url) ? QStringLiteral("postgres") : QStringLiteral("sqlite");
}

//! The expected statements of each scenario per dialect (taken from the engine's real runs).
QStringList expectedStatements(const QString &dialect, const QString &scenario);

} // namespace

class tst_Sql : public QObject
{
    Q_OBJECT
private slots:
    void fragmentAppend();
    void fragmentBind();
    void fragmentWrapped();
    void fragmentJoin_data();
    void fragmentJoin();
    void fragmentBindingOrder();
    void statementKind_data();
    void statementKind();
    void offlineConnection();
    void offlineTransactions();
    void unknownDialect();
    void liveConnectionPretends_data();
    void liveConnectionPretends();
    void pretendRestoresAndRefusesNesting();
    void offlineStatements_data();
    void offlineStatements();
    void liveStatements_data();
    void liveStatements();
};

// ---- SqlFragment ----

void tst_Sql::fragmentAppend()
{
    SqlFragment f(QStringLiteral("SELECT * FROM t"));
    f << QStringLiteral(" WHERE ") << SqlFragment(QStringLiteral("a = ?"), { 1 });
    f << QLatin1String(" AND ") << SqlFragment(QStringLiteral("b = ?"), { QStringLiteral("x") });
    QCOMPARE(f.text, QStringLiteral("SELECT * FROM t WHERE a = ? AND b = ?"));
    QCOMPARE(f.bindings, (QVariantList{ 1, QStringLiteral("x") }));
    const SqlFragment sum = SqlFragment(QStringLiteral("x = ?"), { 3 })
            + SqlFragment(QStringLiteral(", y = ?"), { 4 });
    QCOMPARE(sum.text, QStringLiteral("x = ?, y = ?"));
    QCOMPARE(sum.bindings, (QVariantList{ 3, 4 }));
    QVERIFY(SqlFragment().isEmpty());
    QVERIFY(!SqlFragment("1").isEmpty());
}

void tst_Sql::fragmentBind()
{
    SqlFragment f("UPDATE t SET ");
    f.bind(QStringLiteral("a = ?"), 7).bind(QStringLiteral(", b = ?"), QVariant());
    QCOMPARE(f.text, QStringLiteral("UPDATE t SET a = ?, b = ?"));
    QCOMPARE(f.bindings.size(), 2);
    QCOMPARE(f.bindings.at(0), QVariant(7));
    QVERIFY(f.bindings.at(1).isNull());
}

void tst_Sql::fragmentWrapped()
{
    const SqlFragment where(QStringLiteral("a = ?"), { 1 });
    const SqlFragment wrapped = where.wrapped(QStringLiteral(" WHERE ("), QStringLiteral(")"));
    QCOMPARE(wrapped.text, QStringLiteral(" WHERE (a = ?)"));
    QCOMPARE(wrapped.bindings, QVariantList{ 1 });
    QVERIFY(SqlFragment().wrapped(QStringLiteral(" WHERE ")).isEmpty());
    QVERIFY(SqlFragment().wrapped(QStringLiteral(" WHERE ")).bindings.isEmpty());
}

void tst_Sql::fragmentJoin_data()
{
    QTest::addColumn<QList<SqlFragment>>("parts");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVariantList>("bindings");
    const SqlFragment a(QStringLiteral("a = ?"), { 1 });
    const SqlFragment b(QStringLiteral("b = ?"), { 2 });
    const SqlFragment c(QStringLiteral("c IS NULL"));
    QTest::newRow("none") << QList<SqlFragment>{} << QString() << QVariantList{};
    QTest::newRow("only empty") << QList<SqlFragment>{ SqlFragment(), SqlFragment() } << QString()
                                << QVariantList{};
    QTest::newRow("one") << QList<SqlFragment>{ a } << QStringLiteral("a = ?") << QVariantList{ 1 };
    QTest::newRow("two") << QList<SqlFragment>{ a, b } << QStringLiteral("a = ? AND b = ?")
                         << QVariantList{ 1, 2 };
    QTest::newRow("empty skipped")
            << QList<SqlFragment>{ SqlFragment(), a, SqlFragment(), c, b, SqlFragment() }
            << QStringLiteral("a = ? AND c IS NULL AND b = ?") << QVariantList{ 1, 2 };
}

void tst_Sql::fragmentJoin()
{
    QFETCH(QList<SqlFragment>, parts);
    QFETCH(QString, text);
    QFETCH(QVariantList, bindings);
    const SqlFragment joined = SqlFragment::join(parts, QStringLiteral(" AND "));
    QCOMPARE(joined.text, text);
    QCOMPARE(joined.bindings, bindings);
}

void tst_Sql::fragmentBindingOrder()
{
    // Bindings follow the placeholders however the parts were built: a subquery put in the
    // middle of a statement brings its bindings to the middle.
    SqlFragment select("SELECT * FROM pugs WHERE ");
    SqlFragment sub("ownerId IN (SELECT id FROM owners WHERE name = ?)",
                    { QStringLiteral("Alice") });
    SqlFragment conditions =
            SqlFragment::join({ SqlFragment("age > ?", { 2 }), sub, SqlFragment("id < ?", { 9 }) },
                              QStringLiteral(" AND "));
    select << conditions << SqlFragment(" LIMIT ?", { 5 });
    QCOMPARE(select.text.count(QLatin1Char('?')), select.bindings.size());
    QCOMPARE(select.bindings, (QVariantList{ 2, QStringLiteral("Alice"), 9, 5 }));
}

// ---- statement kinds ----

void tst_Sql::statementKind_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("read");
    QTest::newRow("select") << QStringLiteral("SELECT 1") << true;
    QTest::newRow("select lower case, blanks") << QStringLiteral("  \n select * from t") << true;
    QTest::newRow("parenthesized") << QStringLiteral("(SELECT 1) UNION (SELECT 2)") << true;
    QTest::newRow("with select") << QStringLiteral("WITH x AS (SELECT 1) SELECT * FROM x") << true;
    QTest::newRow("with delete") << QStringLiteral(
            "WITH x AS (DELETE FROM t RETURNING id) SELECT * FROM x")
                                 << false;
    QTest::newRow("with update") << QStringLiteral("with x as (select 1) update t set a = 1")
                                 << false;
    QTest::newRow("insert") << QStringLiteral("INSERT INTO t VALUES (1)") << false;
    QTest::newRow("update") << QStringLiteral("UPDATE t SET a = 1") << false;
    QTest::newRow("delete") << QStringLiteral("DELETE FROM t") << false;
    QTest::newRow("create") << QStringLiteral("CREATE TABLE t (a INTEGER)") << false;
    QTest::newRow("begin") << QStringLiteral("BEGIN IMMEDIATE") << false;
    QTest::newRow("commit") << QStringLiteral("COMMIT") << false;
    QTest::newRow("savepoint") << QStringLiteral("SAVEPOINT s1") << false;
    QTest::newRow("pragma") << QStringLiteral("PRAGMA foreign_keys = ON") << false;
    QTest::newRow("set") << QStringLiteral("SET TIME ZONE 'UTC'") << false;
    QTest::newRow("selected (not a select)") << QStringLiteral("SELECTED") << false;
}

void tst_Sql::statementKind()
{
    QFETCH(QString, sql);
    QFETCH(bool, read);
    QCOMPARE(isReadStatement(sql), read);
}

// ---- the offline connection ----

void tst_Sql::offlineConnection()
{
    auto opened = Connection::openOffline(QStringLiteral("postgres"));
    GRUMBLE_VERIFY_OK(opened);
    Connection &c = **opened;
    QVERIFY(c.isOffline());
    QVERIFY(c.isPretending());
    c.setPretending(false);
    QVERIFY2(c.isPretending(), "an offline connection always pretends");
    QCOMPARE(c.dialect().name(), QStringLiteral("postgres"));
    QCOMPARE(c.cursorKind(), QStringLiteral("offline"));
    QVERIFY(!c.database().isValid());

    QList<SqlLogEntry> log;
    QObject::connect(c.log(), &SqlLog::executed, [&](const SqlLogEntry &e) { log << e; });
    auto read = c.exec(QStringLiteral("SELECT id FROM pugs WHERE name = ?"),
                       { QStringLiteral("Cody") });
    GRUMBLE_VERIFY_OK(read);
    QVERIFY(!(*read)->next());
    auto changed = c.execAffected(QStringLiteral("UPDATE pugs SET name = ? WHERE id = ?"),
                                  { QStringLiteral("Rex"), 1 });
    GRUMBLE_VERIFY_OK(changed);
    QCOMPARE(*changed, 0);
    GRUMBLE_VERIFY_OK(c.execDirect(QStringLiteral("CREATE TABLE t (a INTEGER)")));
    QCOMPARE(c.statementCount(), 3u);

    const QList<SqlFragment> pretended = c.takePretended();
    QCOMPARE(describeAll(pretended),
             (QStringList{ QStringLiteral("SELECT id FROM pugs WHERE name = ?  ['Cody']"),
                           QStringLiteral("UPDATE pugs SET name = ? WHERE id = ?  ['Rex', 1]"),
                           QStringLiteral("CREATE TABLE t (a INTEGER)") }));
    QVERIFY(c.takePretended().isEmpty());
    QCOMPARE(log.size(), 3);
    for (const SqlLogEntry &e : std::as_const(log)) {
        QVERIFY(e.pretended);
        QVERIFY(e.ok);
    }
    QCOMPARE(log.at(1).rows, 0);
    QCOMPARE(log.at(0).rows, -1);
}

void tst_Sql::offlineTransactions()
{
    auto opened = Connection::openOffline(QStringLiteral("sqlite"));
    GRUMBLE_VERIFY_OK(opened);
    Connection &c = **opened;
    {
        Transaction outer(c);
        GRUMBLE_VERIFY_OK(outer.start());
        QVERIFY(c.inTransaction());
        {
            Transaction inner(c);
            GRUMBLE_VERIFY_OK(inner.start());
            GRUMBLE_VERIFY_OK(c.execAffected(QStringLiteral("DELETE FROM pugs")));
            GRUMBLE_VERIFY_OK(inner.commit());
        }
        QVERIFY(c.inTransaction());
        GRUMBLE_VERIFY_OK(outer.commit());
    }
    QVERIFY(!c.inTransaction());
    {
        Transaction abandoned(c);
        GRUMBLE_VERIFY_OK(abandoned.start());
    }
    QVERIFY(!c.inTransaction());
    QCOMPARE(describeAll(c.takePretended()),
             (QStringList{ QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("DELETE FROM pugs"),
                           QStringLiteral("COMMIT"), QStringLiteral("BEGIN IMMEDIATE"),
                           QStringLiteral("ROLLBACK") }));
    QCOMPARE(c.statementCount(), 1u);
}

void tst_Sql::unknownDialect()
{
    auto connection = Connection::openOffline(QStringLiteral("mysql"));
    QVERIFY(!connection);
    QCOMPARE(connection.error().kind, ErrorKind::Connection);
    QVERIFY(connection.error().message.contains(QLatin1String("mysql")));
    auto engine = Engine::openOffline(QStringLiteral("oracle"));
    QVERIFY(!engine);
    QCOMPARE(engine.error().kind, ErrorKind::Connection);
}

// ---- pretending on a real database ----

void tst_Sql::liveConnectionPretends_data()
{
    QTest::addColumn<QString>("url");
    for (const auto &[tag, url] : databases())
        QTest::newRow(qPrintable(tag)) << url;
}

void tst_Sql::liveConnectionPretends()
{
    QFETCH(QString, url);
    const QString dbUrl = freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    auto opened = Connection::open(dbUrl);
    GRUMBLE_VERIFY_OK(opened);
    Connection &c = **opened;
    GRUMBLE_VERIFY_OK(c.execDirect(QStringLiteral("CREATE TABLE pretend_t (a INTEGER)")));
    GRUMBLE_VERIFY_OK(
            c.execAffected(QStringLiteral("INSERT INTO pretend_t (a) VALUES (?)"), { 1 }));
    (void)c.takePretended();

    c.setPretending(true);
    QVERIFY(!c.isOffline());
    QList<SqlLogEntry> log;
    QObject::connect(c.log(), &SqlLog::executed, [&](const SqlLogEntry &e) { log << e; });
    GRUMBLE_VERIFY_OK(c.begin());
    auto inserted = c.execAffected(QStringLiteral("INSERT INTO pretend_t (a) VALUES (?)"), { 2 });
    GRUMBLE_VERIFY_OK(inserted);
    QCOMPARE(*inserted, 0);
    auto count = c.exec(QStringLiteral("SELECT COUNT(*) FROM pretend_t"));
    GRUMBLE_VERIFY_OK(count);
    QVERIFY((*count)->next());
    QCOMPARE((*count)->integer(0), 1); // the read ran; the insert did not
    (*count)->finish();
    GRUMBLE_VERIFY_OK(c.execDirect(QStringLiteral("DROP TABLE pretend_t")));
    GRUMBLE_VERIFY_OK(c.commit());
    c.setPretending(false);

    QCOMPARE(c.takePretended().size(), 5);
    QCOMPARE(log.size(), 5);
    QVERIFY(log.at(0).pretended && log.at(0).control);
    QVERIFY(log.at(1).pretended);
    QVERIFY2(!log.at(2).pretended, "the read ran on the database");
    QVERIFY(log.at(3).pretended && log.at(4).pretended);
    auto after = c.exec(QStringLiteral("SELECT COUNT(*) FROM pretend_t"));
    GRUMBLE_VERIFY_OK(after); // the DROP was not run either
    QVERIFY((*after)->next());
    QCOMPARE((*after)->integer(0), 1);
    (*after)->finish();
}

void tst_Sql::pretendRestoresAndRefusesNesting()
{
    auto opened = Engine::open(QStringLiteral(":memory:"));
    GRUMBLE_VERIFY_OK(opened);
    Engine &engine = **opened;
    GRUMBLE_VERIFY_OK(engine.sync());

    auto failing = engine.pretend([&]() -> Result<void> {
        (void)engine.connection().execAffected(QStringLiteral("DELETE FROM pugs"));
        return makeError(ErrorKind::NotFound, QStringLiteral("work failed"));
    });
    QVERIFY(!failing);
    QCOMPARE(failing.error().message, QStringLiteral("work failed"));
    QVERIFY2(!engine.connection().isPretending(), "pretend() restores the state after an error");
    QVERIFY2(engine.connection().takePretended().isEmpty(),
             "a failed pretend() leaves nothing recorded");

    Result<QList<SqlFragment>> inner = QList<SqlFragment>{};
    bool pretendingAfterInner = false;
    auto outer = engine.pretend([&]() -> Result<void> {
        (void)engine.connection().execAffected(QStringLiteral("DELETE FROM owners"));
        inner = engine.pretend([] { return Result<void>(); });
        pretendingAfterInner = engine.connection().isPretending();
        return {};
    });
    GRUMBLE_VERIFY_OK(outer);
    QVERIFY(!inner);
    QVERIFY2(pretendingAfterInner, "a refused nested pretend() leaves the outer one pretending");
    QVERIFY(inner.error().message.contains(QLatin1String("nested")));
    QCOMPARE(describeAll(*outer), QStringList{ QStringLiteral("DELETE FROM owners") });
    QVERIFY(!engine.connection().isPretending());

    auto offline = Engine::openOffline(QStringLiteral("sqlite"));
    GRUMBLE_VERIFY_OK(offline);
    GRUMBLE_VERIFY_OK((*offline)->pretend([] { return Result<void>(); }));
    QVERIFY2((*offline)->connection().isPretending(), "an offline engine keeps pretending");
}

// ---- the engine's statements per dialect ----

void tst_Sql::offlineStatements_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QString>("scenario");
    for (const char *dialect : { "sqlite", "postgres" }) {
        for (const char *scenario : { "create", "findAll", "setOwner", "addFriends" })
            QTest::addRow("%s %s", dialect, scenario)
                    << QString::fromLatin1(dialect) << QString::fromLatin1(scenario);
    }
}

void tst_Sql::offlineStatements()
{
    QFETCH(QString, dialect);
    QFETCH(QString, scenario);
    auto opened = Engine::openOffline(dialect);
    GRUMBLE_VERIFY_OK(opened);
    Engine &engine = **opened;
    test::StatementLog log(engine.connection());

    auto pretended = engine.pretend([&] { return runScenario(engine, scenario); });
    // The log has every statement even when the engine gives up half way.
    const QStringList logged = described(log);
    const QStringList expected = expectedStatements(dialect, scenario);
    QVERIFY2(logged == expected, qPrintable(mismatch(logged, expected)));
    QCOMPARE(log.pretendedCount(), logged.size());
    QCOMPARE(engine.connection().statementCount(), quint64(log.nonControlCount()));
    GRUMBLE_VERIFY_OK(pretended);
    if (pretended)
        QCOMPARE(describeAll(*pretended), logged);
}

void tst_Sql::liveStatements_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("scenario");
    for (const auto &[tag, url] : databases()) {
        for (const char *scenario : { "create", "findAll", "setOwner", "addFriends" })
            QTest::addRow("%s %s", qPrintable(tag), scenario)
                    << url << QString::fromLatin1(scenario);
    }
}

void tst_Sql::liveStatements()
{
    QFETCH(QString, url);
    QFETCH(QString, scenario);
    const QString dbUrl = freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    Db db;
    QVERIFY2(db.open(dbUrl), qPrintable(db.error()));
    QVERIFY(db.seed());
    const QString before = databaseState(db);
    const quint64 statementsBefore = db.statements();
    auto log = std::make_unique<StatementLog>(db->connection());

    auto pretended = db->pretend([&] { return runScenario(*db.engine, scenario); });
    const quint64 counted = db.statements() - statementsBefore;
    const QStringList logged = described(*log);
    QCOMPARE(counted, quint64(log->nonControlCount()));
    log.reset();
    QVERIFY(!db->connection().isPretending());
    QCOMPARE(databaseState(db), before);
    // Reads ran and steer what follows (findAll reads the friends of the pugs it found); the
    // writes must be the ones the dialect gets offline.
    const QStringList expectedWrites = writesOf(expectedStatements(dialectOf(dbUrl), scenario));
    QVERIFY2(writesOf(logged) == expectedWrites,
             qPrintable(mismatch(writesOf(logged), expectedWrites)));
    GRUMBLE_VERIFY_OK(pretended);
    if (pretended)
        QCOMPARE(describeAll(*pretended), logged);
}

namespace {

//! The statements as the engine runs them on a real database (grumble eval --log), timestamps
//! (createdAt/updatedAt: now) as <now>. Offline, reads find no rows, so findAll stops after its
//! first statement (the friends of no pugs are not read).
QStringList expectedStatements(const QString &dialect, const QString &scenario)
{
    static const QHash<QString, QStringList> statements{
        { QStringLiteral("sqlite create"),
          { QStringLiteral("INSERT INTO `owners` (`name`, `createdAt`, `updatedAt`) VALUES (?, ?, "
                           "?) RETURNING `id`  "
                           "['Dana', <now>, <now>]") } },
        { QStringLiteral("sqlite findAll"),
          { QStringLiteral("SELECT `pug`.`id`, `pug`.`name`, `pug`.`createdAt`, `pug`.`updatedAt`, "
                           "`pug`.`ownerId`, "
                           "`owner`.`id`, `owner`.`name`, `owner`.`createdAt`, `owner`.`updatedAt` "
                           "FROM `pugs` AS `pug` "
                           "LEFT OUTER JOIN `owners` AS `owner` ON `pug`.`ownerId` = `owner`.`id` "
                           "ORDER BY `pug`.`id` ASC") } },
        { QStringLiteral("sqlite setOwner"),
          { QStringLiteral("UPDATE `pugs` SET `ownerId` = ?, `updatedAt` = ? WHERE `id` = ? "
                           "RETURNING `id`, `name`, "
                           "`createdAt`, `updatedAt`, `ownerId`  [2, <now>, 1]") } },
        { QStringLiteral("sqlite addFriends"),
          { QStringLiteral("INSERT INTO `friendship` (`createdAt`, `updatedAt`, `friendId`, "
                           "`pugId`) VALUES (?, ?, ?, ?), "
                           "(?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING `createdAt`, "
                           "`updatedAt`, `friendId`, `pugId`  "
                           "[<now>, <now>, 1, 1, <now>, <now>, 2, 1]") } },
        { QStringLiteral("postgres create"),
          { QStringLiteral("INSERT INTO \"owners\" (\"name\", \"createdAt\", \"updatedAt\") VALUES "
                           "(?, ?, ?) "
                           "RETURNING \"id\"  ['Dana', <now>, <now>]") } },
        { QStringLiteral("postgres findAll"),
          { QStringLiteral(
                  "SELECT \"pug\".\"id\", \"pug\".\"name\", CAST(\"pug\".\"createdAt\" AS TEXT), "
                  "CAST(\"pug\".\"updatedAt\" AS TEXT), \"pug\".\"ownerId\", \"owner\".\"id\", "
                  "\"owner\".\"name\", "
                  "CAST(\"owner\".\"createdAt\" AS TEXT), CAST(\"owner\".\"updatedAt\" AS TEXT) "
                  "FROM \"pugs\" AS \"pug\" "
                  "LEFT OUTER JOIN \"owners\" AS \"owner\" ON \"pug\".\"ownerId\" = "
                  "\"owner\".\"id\" "
                  "ORDER BY \"pug\".\"id\" ASC") } },
        { QStringLiteral("postgres setOwner"),
          { QStringLiteral("UPDATE \"pugs\" SET \"ownerId\" = ?, \"updatedAt\" = ? WHERE \"id\" = "
                           "? RETURNING \"id\", "
                           "\"name\", CAST(\"createdAt\" AS TEXT), CAST(\"updatedAt\" AS TEXT), "
                           "\"ownerId\"  [2, <now>, 1]") } },
        { QStringLiteral("postgres addFriends"),
          { QStringLiteral("INSERT INTO \"friendship\" (\"createdAt\", \"updatedAt\", "
                           "\"friendId\", \"pugId\") VALUES "
                           "(?, ?, ?, ?), (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING "
                           "CAST(\"createdAt\" AS TEXT), "
                           "CAST(\"updatedAt\" AS TEXT), \"friendId\", \"pugId\"  [<now>, <now>, "
                           "1, 1, <now>, <now>, 2, 1]") } },
    };
    return statements.value(dialect + QLatin1Char(' ') + scenario);
}

} // namespace

QTEST_GUILESS_MAIN(tst_Sql)
#include "tst_sql.moc"

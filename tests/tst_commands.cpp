// The undo commands without widgets (grumble_session needs Qt Gui only): every accessor kind, and the
// record commands, done through the Session, undone and redone on every database of the matrix. After
// an undo every table holds what it held before the command; after a redo what the command made.
// Timestamps are left out of the comparison (issue 14: undo writes new ones).
#include "session.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUndoStack>
#include <QtTest>

using namespace grumble;
using namespace grumble::ui;

namespace {

//! Every table of the schema as JSON, rows in key order, without timestamps.
QByteArray snapshot(Engine &engine)
{
    QJsonObject tables;
    for (const Model &m : engine.schema().models()) {
        FindOptions o;
        for (const QString &k : m.primaryKey)
            o.order << QVariant(QVariantList{ k, QStringLiteral("ASC") });
        auto rows = engine.findAll(m.name, o);
        if (!rows)
            return "error: " + rows.error().message.toUtf8();
        QJsonArray list;
        for (const Record &r : *rows) {
            QJsonObject row = QJsonDocument::fromJson(toJson(r)).object();
            row.remove(QStringLiteral("createdAt"));
            row.remove(QStringLiteral("updatedAt"));
            list.append(row);
        }
        tables.insert(m.tableName, list);
    }
    return QJsonDocument(tables).toJson(QJsonDocument::Indented);
}

//! A JSON argument list ("[2]", "[[3, 5]]", "[{\"name\": \"Rex\"}]") as QVariants.
QVariantList args(const char *json)
{
    return QJsonDocument::fromJson(json).array().toVariantList();
}

//! The people schema with a few rows: persons 1-3, passports 1-2 held by persons 1 and 2, a team.
Result<void> seedPeople(Engine &e)
{
    for (const char *n : { "Ann", "Bob", "Cleo" })
        GRUMBLE_TRY(e.create(QStringLiteral("person"), { { QStringLiteral("name"), QString::fromLatin1(n) } }));
    for (int i = 1; i <= 2; ++i)
        GRUMBLE_TRY(e.create(QStringLiteral("passport"), { { QStringLiteral("number"), QStringLiteral("P%1").arg(i) },
                                                             { QStringLiteral("holderId"), i } }));
    GRUMBLE_TRY(e.create(QStringLiteral("team"), { { QStringLiteral("title"), QStringLiteral("Core") },
                                                   { QStringLiteral("captainId"), 1 } }));
    return {};
}

} // namespace

class TestCommands : public QObject
{
    Q_OBJECT

    std::unique_ptr<Session> m_session;

    //! Opens a fresh database (freshUrl() of the current row) with the schema and its demo rows.
    bool open(const QString &dbUrl, const QString &schemaName)
    {
        auto schema = Schema::builtin(schemaName);
        if (!schema) {
            qWarning("%s", qPrintable(schema.error().message));
            return false;
        }
        auto s = Session::open(dbUrl, *schema);
        if (!s) {
            qWarning("%s", qPrintable(s.error().message));
            return false;
        }
        m_session = std::move(*s);
        auto seeded = schemaName == QLatin1String("pugs") ? m_session->seedExample() : seedPeople(m_session->engine());
        if (!seeded)
            qWarning("%s", qPrintable(seeded.error().message));
        m_session->undoStack()->clear();
        return seeded.ok();
    }

    //! Undo gives back `before`, redo `after`, twice over; each step is one undo-stack move.
    void checkUndoRedo(const QByteArray &before, const QByteArray &after)
    {
        QUndoStack *stack = m_session->undoStack();
        QCOMPARE(stack->count(), 1);
        for (int round = 0; round < 2; ++round) {
            stack->undo();
            QCOMPARE(m_session->lastError(), QString());
            QCOMPARE(snapshot(m_session->engine()), before);
            stack->redo();
            QCOMPARE(m_session->lastError(), QString());
            QCOMPARE(snapshot(m_session->engine()), after);
        }
    }

private slots:
    void initTestCase_data() { grumble::test::addDatabaseRows(); }
    void cleanup() { m_session.reset(); }

    void accessorUndoRedo_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("id");
        QTest::addColumn<QString>("accessor");
        QTest::addColumn<QByteArray>("arguments");
        const auto row = [](const char *name, const char *schema, const char *model, qint64 id, const char *accessor,
                            const char *arguments) {
            QTest::newRow(name) << QString::fromLatin1(schema) << QString::fromLatin1(model) << id
                                << QString::fromLatin1(accessor) << QByteArray(arguments);
        };
        // belongsTo
        row("setOwner", "pugs", "pug", 1, "setOwner", "[2]");
        row("setOwner of an orphan", "pugs", "pug", 5, "setOwner", "[4]");
        row("setOwner null", "pugs", "pug", 1, "setOwner", "[null]");
        row("createOwner", "pugs", "pug", 6, "createOwner", R"([{"name": "Newt"}])");
        // hasMany
        row("setPugs", "pugs", "owner", 1, "setPugs", "[[3, 5]]");
        row("setPugs empty", "pugs", "owner", 1, "setPugs", "[[]]");
        row("addPugs from another owner", "pugs", "owner", 1, "addPugs", "[[3, 4]]");
        row("addPug", "pugs", "owner", 4, "addPug", "[6]");
        row("removePug", "pugs", "owner", 1, "removePug", "[1]");
        row("removePugs", "pugs", "owner", 1, "removePugs", "[[1, 2]]");
        row("createPug", "pugs", "owner", 4, "createPug", R"([{"name": "Rex"}])");
        // belongsToMany, both sides
        row("setFriends", "pugs", "pug", 1, "setFriends", "[[3, 4]]");
        row("setFriends empty", "pugs", "pug", 1, "setFriends", "[[]]");
        row("addFriends", "pugs", "pug", 1, "addFriends", "[[2, 3]]");
        row("addFriend", "pugs", "pug", 6, "addFriend", "[4]");
        row("removeFriend", "pugs", "pug", 1, "removeFriend", "[1]");
        row("removeFriends", "pugs", "pug", 1, "removeFriends", "[[1, 2]]");
        row("createFriend", "pugs", "pug", 6, "createFriend", R"([{"name": "Zed"}])");
        row("friend setPugs", "pugs", "friend", 2, "setPugs", "[[6, 1]]");
        // hasOne, aliases, a self-referencing belongsToMany and one with a join-table column
        row("setPassport", "people", "person", 3, "setPassport", "[2]");
        row("setPassport null", "people", "person", 1, "setPassport", "[null]");
        row("createPassport", "people", "person", 3, "createPassport", R"([{"number": "P9"}])");
        row("setHolder", "people", "passport", 1, "setHolder", "[3]");
        row("addFriends (self)", "people", "person", 1, "addFriends", "[[2, 3]]");
        row("setMembers", "people", "team", 1, "setMembers", "[[1, 3]]");
        row("setCaptain", "people", "team", 1, "setCaptain", "[2]");
    }

    void accessorUndoRedo()
    {
        QFETCH(QString, schema);
        QFETCH(QString, model);
        QFETCH(qint64, id);
        QFETCH(QString, accessor);
        QFETCH(QByteArray, arguments);
        QFETCH_GLOBAL(QString, url);
        const QString dbUrl = grumble::test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        QVERIFY(open(dbUrl, schema));
        const Model *m = m_session->schema().model(model);
        QVERIFY(m);
        const QByteArray before = snapshot(m_session->engine());
        auto r = m_session->callAccessor(RecordRef::byPk(*m, id), accessor, args(arguments.constData()));
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().message));
        const QByteArray after = snapshot(m_session->engine());
        QVERIFY2(after != before, "the accessor changed nothing");
        checkUndoRedo(before, after);
    }

    void refusedAccessorIsNotPushed()
    {
        QFETCH_GLOBAL(QString, url);
        const QString dbUrl = grumble::test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        QVERIFY(open(dbUrl, QStringLiteral("pugs")));
        const QByteArray before = snapshot(m_session->engine());
        const Model *pug = m_session->schema().model(QStringLiteral("pug"));
        auto r = m_session->callAccessor(RecordRef::byPk(*pug, 1), QStringLiteral("setOwner"), { 999 });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::ForeignKey);
        QCOMPARE(m_session->undoStack()->count(), 0);
        QCOMPARE(snapshot(m_session->engine()), before);
    }

    void recordCommandsUndoRedo_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("create") << QStringLiteral("create");
        QTest::newRow("update") << QStringLiteral("update");
        QTest::newRow("destroy owner (pugs lose it)") << QStringLiteral("destroy owner");
        QTest::newRow("destroy pug (friendships go)") << QStringLiteral("destroy pug");
    }

    void recordCommandsUndoRedo()
    {
        QFETCH(QString, command);
        QFETCH_GLOBAL(QString, url);
        const QString dbUrl = grumble::test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        QVERIFY(open(dbUrl, QStringLiteral("pugs")));
        const Schema &s = m_session->schema();
        const QByteArray before = snapshot(m_session->engine());
        bool ok = false;
        if (command == QLatin1String("create"))
            ok = m_session->createRecord(QStringLiteral("pug"), { { QStringLiteral("name"), QStringLiteral("Rex") },
                                                                  { QStringLiteral("ownerId"), 2 } }).ok();
        else if (command == QLatin1String("update"))
            ok = m_session->updateRecord(RecordRef::byPk(*s.model(QStringLiteral("pug")), 1),
                                         { { QStringLiteral("name"), QStringLiteral("Cody II") },
                                           { QStringLiteral("ownerId"), 3 } }).ok();
        else if (command == QLatin1String("destroy owner"))
            ok = m_session->destroyRecord(RecordRef::byPk(*s.model(QStringLiteral("owner")), 1)).ok();
        else
            ok = m_session->destroyRecord(RecordRef::byPk(*s.model(QStringLiteral("pug")), 1)).ok();
        QVERIFY2(ok, qPrintable(m_session->lastError()));
        const QByteArray after = snapshot(m_session->engine());
        QVERIFY(after != before);
        checkUndoRedo(before, after);
    }
};

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"

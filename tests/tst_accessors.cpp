// Every accessor of the reference table: return value, effect and statement count, on every
// database of the matrix; errors leave the database unchanged.
#include "enginefixture.h"

using namespace grumble;
using namespace grumble::test;

class tst_Accessors : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data() { addDatabaseRows(); }
    void belongsTo();
    void createOwner();
    void hasManySet();
    void hasManyQueries_data();
    void hasManyQueries();
    void hasManyAddRemoveCreate();
    void belongsToManyAdd();
    void belongsToManyQueries();
    void belongsToManySet();
    void belongsToManyCreate();
    void destroyCascades();
    void records();
    void errorsChangeNothing_data();
    void errorsChangeNothing();
    void transactionsAreAtomic();
    void secondSchema();
    void createdEqualsStored_data();
    void createdEqualsStored();
    void quotedIdentifiers();
    void sqlLog();
    void fastPath();
};

void tst_Accessors::belongsTo()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    Record cody = db.get(QStringLiteral("pug"), 1);
    const Record alice = db.get(QStringLiteral("owner"), 1);

    // getOwner without an owner: null, and no statement at all
    quint64 before = db.statements();
    auto none = db->call(cody, QStringLiteral("getOwner"));
    GRUMBLE_VERIFY_OK(none);
    QVERIFY(none->isNull());
    QCOMPARE(db.statements(), before);

    // setOwner(record) returns the pug with the key set; one UPDATE
    before = db.statements();
    auto set = db->call(cody, QStringLiteral("setOwner"), { rec(alice) });
    GRUMBLE_VERIFY_OK(set);
    QCOMPARE(db.statements() - before, 1u);
    const Record updated = set->value<Record>();
    QCOMPARE(updated.model->name, QStringLiteral("pug"));
    QCOMPARE(updated.value(QStringLiteral("ownerId")).toLongLong(), 1);
    QVERIFY(updated.value(QStringLiteral("updatedAt")).toDateTime() >= cody.value(QStringLiteral("updatedAt")).toDateTime());

    // getOwner: one SELECT by key
    before = db.statements();
    auto owner = db->call(updated, QStringLiteral("getOwner"));
    GRUMBLE_VERIFY_OK(owner);
    QCOMPARE(db.statements() - before, 1u);
    QCOMPARE(owner->value<Record>().value(QStringLiteral("name")).toString(), QStringLiteral("Alice"));

    // setOwner(pk) works as well
    auto byKey = db->call(db.get(QStringLiteral("pug"), 2), QStringLiteral("setOwner"), { 1 });
    GRUMBLE_VERIFY_OK(byKey);
    QCOMPARE(byKey->value<Record>().value(QStringLiteral("ownerId")).toLongLong(), 1);

    // setOwner(null) clears it
    auto cleared = db->call(updated, QStringLiteral("setOwner"), { QVariant() });
    GRUMBLE_VERIFY_OK(cleared);
    QVERIFY(cleared->value<Record>().value(QStringLiteral("ownerId")).isNull());
    QCOMPARE(db.owners(), QStringLiteral("Cody:null Frank:1 Gus:null Rex:null"));
}

void tst_Accessors::createOwner()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record rex = db.get(QStringLiteral("pug"), 4);
    const quint64 before = db.statements();
    auto r = db->call(rex, QStringLiteral("createOwner"),
                      { QVariantMap { { QStringLiteral("name"), QStringLiteral("Dora") } } });
    GRUMBLE_VERIFY_OK(r);
    QCOMPARE(db.statements() - before, 2u); // INSERT owner, UPDATE pug
    const Record dora = r->value<Record>();
    QCOMPARE(dora.model->name, QStringLiteral("owner"));
    QCOMPARE(dora.value(QStringLiteral("id")).toLongLong(), 4);
    QCOMPARE(db.owners(), QStringLiteral("Cody:null Frank:null Gus:null Rex:4"));
}

void tst_Accessors::hasManySet()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record alice = db.get(QStringLiteral("owner"), 1);
    GRUMBLE_VERIFY_OK(db->call(db.get(QStringLiteral("pug"), 1), QStringLiteral("setOwner"), { rec(alice) }));
    GRUMBLE_VERIFY_OK(db->call(db.get(QStringLiteral("pug"), 2), QStringLiteral("setOwner"), { rec(alice) }));
    // the reference: setPugs([frank, gus]) on Alice who owns Cody and Frank
    const Record frank = db.get(QStringLiteral("pug"), 2);
    const Record gus = db.get(QStringLiteral("pug"), 3);
    // PostgreSQL locks the owner's row first (SELECT ... FOR NO KEY UPDATE, rowlocks.h)
    const quint64 lock = db->dialect().name() == QLatin1String("postgres") ? 1 : 0;
    quint64 before = db.statements();
    auto r = db->call(alice, QStringLiteral("setPugs"), { arr({ rec(frank), rec(gus) }) });
    GRUMBLE_VERIFY_OK(r);
    QCOMPARE(db.statements() - before, 3u + lock); // SELECT current, UPDATE obsolete, UPDATE new
    QCOMPARE(r->value<Record>().value(QStringLiteral("name")).toString(), QStringLiteral("Alice")); // the owner
    QCOMPARE(db.owners(), QStringLiteral("Cody:null Frank:1 Gus:1 Rex:null")); // Cody let go, not deleted

    // setPugs([]) on Bob, who owns none: one SELECT
    const Record bob = db.get(QStringLiteral("owner"), 2);
    before = db.statements();
    GRUMBLE_VERIFY_OK(db->call(bob, QStringLiteral("setPugs"), { arr({}) }));
    QCOMPARE(db.statements() - before, 1u + lock);
    // keys and records mixed; null empties
    GRUMBLE_VERIFY_OK(db->call(alice, QStringLiteral("setPugs"), { arr({ 1, rec(db.get(QStringLiteral("pug"), 4)) }) }));
    QCOMPARE(db.owners(), QStringLiteral("Cody:1 Frank:null Gus:null Rex:1"));
    GRUMBLE_VERIFY_OK(db->call(alice, QStringLiteral("setPugs"), { QVariant() }));
    QCOMPARE(db.owners(), QStringLiteral("Cody:null Frank:null Gus:null Rex:null"));
}

void tst_Accessors::hasManyQueries_data()
{
    QTest::addColumn<QString>("accessor");
    QTest::addColumn<QVariant>("arg");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("statements");
    // Alice owns Frank(2) and Gus(3)
    QTest::newRow("hasPug true") << "hasPug" << QVariant(2) << "true" << 1;
    QTest::newRow("hasPug false") << "hasPug" << QVariant(1) << "false" << 1;
    QTest::newRow("hasPugs only one belongs") << "hasPugs" << QVariant(QVariantList { 2, 1 }) << "false" << 1;
    QTest::newRow("hasPugs both belong") << "hasPugs" << QVariant(QVariantList { 2, 3 }) << "true" << 1;
    QTest::newRow("hasPugs duplicates") << "hasPugs" << QVariant(QVariantList { 2, 2, 3 }) << "true" << 1;
    QTest::newRow("hasPugs empty is true") << "hasPugs" << QVariant(QVariantList()) << "true" << 0;
    QTest::newRow("countPugs") << "countPugs" << QVariant() << "2" << 1;
    QTest::newRow("getPugs") << "getPugs" << QVariant() << "Frank,Gus" << 1;
}

void tst_Accessors::hasManyQueries()
{
    QFETCH(QString, accessor);
    QFETCH(QVariant, arg);
    QFETCH(QString, expected);
    QFETCH(int, statements);
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record alice = db.get(QStringLiteral("owner"), 1);
    GRUMBLE_VERIFY_OK(db->call(alice, QStringLiteral("addPugs"), { arr({ 2, 3 }) }));
    const quint64 before = db.statements();
    auto r = db->call(alice, accessor, arg.isValid() ? QVariantList { arg } : QVariantList());
    GRUMBLE_VERIFY_OK(r);
    QCOMPARE(int(db.statements() - before), statements);
    if (accessor == QLatin1String("getPugs"))
        QCOMPARE(names(*r).join(QLatin1Char(',')), expected);
    else
        QCOMPARE(QString::fromUtf8(toJson(*r)), expected);
    // an owner with none
    auto carol = db->call(db.get(QStringLiteral("owner"), 3), QStringLiteral("countPugs"));
    QCOMPARE(carol->toLongLong(), 0);
    auto carolPugs = db->call(db.get(QStringLiteral("owner"), 3), QStringLiteral("getPugs"));
    QCOMPARE(toJson(*carolPugs), QByteArray("[]"));
}

void tst_Accessors::hasManyAddRemoveCreate()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record bob = db.get(QStringLiteral("owner"), 2);
    const Record cody = db.get(QStringLiteral("pug"), 1);
    quint64 before = db.statements();
    auto added = db->call(bob, QStringLiteral("addPug"), { rec(cody) });
    GRUMBLE_VERIFY_OK(added);
    QCOMPARE(db.statements() - before, 1u);
    QCOMPARE(added->value<Record>().value(QStringLiteral("id")).toLongLong(), 2); // returns the owner
    // again, already owned: same single UPDATE
    before = db.statements();
    GRUMBLE_VERIFY_OK(db->call(bob, QStringLiteral("addPug"), { 1 }));
    QCOMPARE(db.statements() - before, 1u);
    GRUMBLE_VERIFY_OK(db->call(bob, QStringLiteral("addPugs"), { arr({ 3, 4 }) }));
    QCOMPARE(db.owners(), QStringLiteral("Cody:2 Frank:null Gus:2 Rex:2"));
    // removePug: the number of records changed; 0 for one that is not owned
    before = db.statements();
    auto removed = db->call(bob, QStringLiteral("removePug"), { 1 });
    GRUMBLE_VERIFY_OK(removed);
    QCOMPARE(removed->toLongLong(), 1);
    QCOMPARE(db.statements() - before, 1u);
    auto notOwned = db->call(bob, QStringLiteral("removePug"), { 2 });
    QCOMPARE(notOwned->toLongLong(), 0);
    auto removedMany = db->call(bob, QStringLiteral("removePugs"), { arr({ 3, 4, 2 }) });
    QCOMPARE(removedMany->toLongLong(), 2);
    QCOMPARE(db.owners(), QStringLiteral("Cody:null Frank:null Gus:null Rex:null"));
    // createPug: the new pug with the key already set, one INSERT
    before = db.statements();
    auto created = db->call(bob, QStringLiteral("createPug"), { QVariantMap { { QStringLiteral("name"), QStringLiteral("Newbie") } } });
    GRUMBLE_VERIFY_OK(created);
    QCOMPARE(db.statements() - before, 1u);
    QCOMPARE(created->value<Record>().value(QStringLiteral("ownerId")).toLongLong(), 2);
    QCOMPARE(created->value<Record>().value(QStringLiteral("id")).toLongLong(), 5);
}

void tst_Accessors::belongsToManyAdd()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record frank = db.get(QStringLiteral("pug"), 2);
    const Record fido = db.get(QStringLiteral("friend"), 1);
    quint64 before = db.statements();
    auto r = db->call(frank, QStringLiteral("addFriend"), { rec(fido) });
    GRUMBLE_VERIFY_OK(r);
    QCOMPARE(db.statements() - before, 1u); // one INSERT ... ON CONFLICT DO NOTHING (the reference runs 2)
    const RecordList rows = r->value<RecordList>();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().model->name, QStringLiteral("friendship"));
    QCOMPARE(rows.first().value(QStringLiteral("pugId")).toLongLong(), 2);
    QCOMPARE(rows.first().value(QStringLiteral("friendId")).toLongLong(), 1);
    QVERIFY(rows.first().value(QStringLiteral("createdAt")).toDateTime().isValid());
    // the same pair again: nothing new, JSON null, one statement
    before = db.statements();
    auto dup = db->call(frank, QStringLiteral("addFriend"), { rec(fido) });
    GRUMBLE_VERIFY_OK(dup);
    QVERIFY(dup->isNull());
    QCOMPARE(db.statements() - before, 1u);
    QCOMPARE(db.friendships(), QStringLiteral("2-1"));
    // addFriends: only the new rows come back
    auto many = db->call(frank, QStringLiteral("addFriends"), { arr({ 1, 2, rec(db.get(QStringLiteral("friend"), 3)) }) });
    GRUMBLE_VERIFY_OK(many);
    QCOMPARE(many->value<RecordList>().size(), 2);
    auto allDup = db->call(frank, QStringLiteral("addFriends"), { arr({ 1, 2 }) });
    QVERIFY(allDup->isNull());
    // the inverse side keeps the key names
    auto inverse = db->call(fido, QStringLiteral("addPug"), { 3 });
    GRUMBLE_VERIFY_OK(inverse);
    QCOMPARE(inverse->value<RecordList>().first().value(QStringLiteral("pugId")).toLongLong(), 3);
    QCOMPARE(db.friendships(), QStringLiteral("2-1 2-2 2-3 3-1"));
}

void tst_Accessors::belongsToManyQueries()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record frank = db.get(QStringLiteral("pug"), 2);
    GRUMBLE_VERIFY_OK(db->call(frank, QStringLiteral("addFriends"), { arr({ 1, 2, 3 }) }));
    quint64 before = db.statements();
    auto friends = db->call(frank, QStringLiteral("getFriends"));
    GRUMBLE_VERIFY_OK(friends);
    QCOMPARE(db.statements() - before, 1u);
    QCOMPARE(names(*friends), QStringList({ "Fido", "Spot", "Max" }));
    const Record spot = friends->value<RecordList>().at(1);
    QVERIFY(spot.hasThrough());
    QCOMPARE(spot.throughKey(), QStringLiteral("friendship"));
    const QByteArray json = toJson(rec(spot));
    QVERIFY2(json.contains("\"friendship\":{\"createdAt\":"), json.constData());
    QVERIFY2(json.endsWith("\"friendId\":2,\"pugId\":2}}"), json.constData());
    // the other side
    auto pugs = db->call(db.get(QStringLiteral("friend"), 1), QStringLiteral("getPugs"));
    QCOMPARE(names(*pugs), QStringList({ "Frank" }));
    const Record gus = db.get(QStringLiteral("pug"), 3);
    before = db.statements();
    QCOMPARE(db->call(frank, QStringLiteral("hasFriend"), { 2 })->toBool(), true);
    QCOMPARE(db->call(gus, QStringLiteral("hasFriends"), { arr({ 1, 3 }) })->toBool(), false);
    QCOMPARE(db->call(frank, QStringLiteral("hasFriends"), { arr({ 1, 3 }) })->toBool(), true);
    QCOMPARE(db->call(frank, QStringLiteral("countFriends"))->toLongLong(), 3);
    QCOMPARE(db.statements() - before, 4u);
    // removeFriend: rows deleted, 0 when none
    before = db.statements();
    QCOMPARE(db->call(frank, QStringLiteral("removeFriend"), { 3 })->toLongLong(), 1);
    QCOMPARE(db->call(frank, QStringLiteral("removeFriend"), { 3 })->toLongLong(), 0);
    QCOMPARE(db.statements() - before, 2u);
    QCOMPARE(db->call(frank, QStringLiteral("removeFriends"), { arr({ 1, 2 }) })->toLongLong(), 2);
    QCOMPARE(db.friendships(), QString());
}

void tst_Accessors::belongsToManySet()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record frank = db.get(QStringLiteral("pug"), 2);
    // PostgreSQL locks the pug's row first (SELECT ... FOR NO KEY UPDATE, rowlocks.h)
    const quint64 lock = db->dialect().name() == QLatin1String("postgres") ? 1 : 0;
    quint64 before = db.statements();
    auto first = db->call(frank, QStringLiteral("setFriends"), { arr({ 1, 2 }) });
    GRUMBLE_VERIFY_OK(first);
    QCOMPARE(db.statements() - before, 2u + lock); // SELECT current, INSERT new
    QVariantList list = first->toList();
    QCOMPARE(list.size(), 1); // [[newRows]]
    QCOMPARE(list.first().value<RecordList>().size(), 2);
    before = db.statements();
    auto replace = db->call(frank, QStringLiteral("setFriends"), { arr({ 2, 3 }) });
    GRUMBLE_VERIFY_OK(replace);
    QCOMPARE(db.statements() - before, 3u + lock); // SELECT, DELETE obsolete, INSERT new
    list = replace->toList();
    QCOMPARE(list.size(), 2); // [deleted, [newRows]]
    QCOMPARE(list.first().toLongLong(), 1);
    QCOMPARE(list.at(1).value<RecordList>().first().value(QStringLiteral("friendId")).toLongLong(), 3);
    QCOMPARE(db.friendships(), QStringLiteral("2-2 2-3"));
    auto same = db->call(frank, QStringLiteral("setFriends"), { arr({ 3, 2 }) });
    QCOMPARE(toJson(*same), QByteArray("[]"));
    auto emptied = db->call(frank, QStringLiteral("setFriends"), { QVariant() });
    QCOMPARE(toJson(*emptied), QByteArray("[2]"));
    QCOMPARE(db.friendships(), QString());
    GRUMBLE_VERIFY_OK(db->call(frank, QStringLiteral("setFriends"), { arr({ 1 }) }));
    GRUMBLE_VERIFY_OK(db->call(frank, QStringLiteral("setFriends"), { arr({}) }));
    QCOMPARE(db.friendships(), QString());
}

void tst_Accessors::belongsToManyCreate()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const quint64 before = db.statements();
    auto r = db->call(db.get(QStringLiteral("pug"), 3), QStringLiteral("createFriend"),
                      { QVariantMap { { QStringLiteral("name"), QStringLiteral("Buddy") } } });
    GRUMBLE_VERIFY_OK(r);
    QVERIFY(db.statements() - before <= 3u); // the reference runs 3; we need 2
    QCOMPARE(r->value<Record>().value(QStringLiteral("name")).toString(), QStringLiteral("Buddy"));
    QCOMPARE(db.friendships(), QStringLiteral("3-4"));
}

void tst_Accessors::destroyCascades()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record alice = db.get(QStringLiteral("owner"), 1);
    GRUMBLE_VERIFY_OK(db->call(alice, QStringLiteral("addPugs"), { arr({ 2, 3 }) }));
    GRUMBLE_VERIFY_OK(db->call(db.get(QStringLiteral("pug"), 2), QStringLiteral("addFriends"), { arr({ 2, 3 }) }));
    GRUMBLE_VERIFY_OK(db->call(db.get(QStringLiteral("pug"), 3), QStringLiteral("addFriends"), { arr({ 1 }) }));
    auto what = db->describeDestroy(alice);
    GRUMBLE_VERIFY_OK(what);
    QCOMPARE(what->join(QLatin1Char(';')), QStringLiteral("2 pugs will lose their owner (ownerId set to NULL)"));
    auto gone = db->destroy(alice);
    GRUMBLE_VERIFY_OK(gone);
    QCOMPARE(gone->value(QStringLiteral("name")).toString(), QStringLiteral("Alice"));
    QCOMPARE(db.owners(), QStringLiteral("Cody:null Frank:null Gus:null Rex:null"));
    auto pugWhat = db->describeDestroy(db.get(QStringLiteral("pug"), 2));
    QCOMPARE(pugWhat->join(QLatin1Char(';')), QStringLiteral("2 friendships will be deleted"));
    GRUMBLE_VERIFY_OK(db->destroy(db.get(QStringLiteral("pug"), 2)));
    QCOMPARE(db.friendships(), QStringLiteral("3-1"));
    GRUMBLE_VERIFY_OK(db->destroy(db.get(QStringLiteral("friend"), 1)));
    QCOMPARE(db.friendships(), QString());
    auto again = db->destroy(alice);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::NotFound);
}

void tst_Accessors::records()
{
    GRUMBLE_OPEN(db);
    auto tom = db->create(QStringLiteral("owner"), { { QStringLiteral("name"), QStringLiteral("Tom") } });
    GRUMBLE_VERIFY_OK(tom);
    QCOMPARE(tom->value(QStringLiteral("id")).toLongLong(), 1);
    const QDateTime created = tom->value(QStringLiteral("createdAt")).toDateTime();
    QVERIFY(qAbs(created.msecsTo(QDateTime::currentDateTimeUtc())) < 60000);
    // every column comes back, null included, in table order
    auto cody = db->create(QStringLiteral("pug"), { { QStringLiteral("name"), QStringLiteral("Cody") } });
    QVERIFY(toJson(rec(*cody)).endsWith(",\"ownerId\":null}"));
    QTest::qWait(5);
    auto renamed = db->update(*cody, { { QStringLiteral("name"), QStringLiteral("Cody II") } });
    GRUMBLE_VERIFY_OK(renamed);
    QCOMPARE(renamed->value(QStringLiteral("name")).toString(), QStringLiteral("Cody II"));
    QVERIFY(renamed->value(QStringLiteral("updatedAt")).toDateTime() > renamed->value(QStringLiteral("createdAt")).toDateTime());
    QCOMPARE(renamed->value(QStringLiteral("createdAt")), cody->value(QStringLiteral("createdAt")));
    auto reloaded = db->reload(*cody);
    QCOMPARE(reloaded->value(QStringLiteral("name")).toString(), QStringLiteral("Cody II"));
    // timestamps survive the round trip with their milliseconds
    QCOMPARE(reloaded->value(QStringLiteral("updatedAt")), renamed->value(QStringLiteral("updatedAt")));
    auto missing = db->findByPk(QStringLiteral("pug"), 42);
    GRUMBLE_VERIFY_OK(missing);
    QVERIFY(!missing->isValid());
    auto count = db->count(QStringLiteral("pug"));
    QCOMPARE(*count, 1);
    auto bulk = db->bulkCreate(QStringLiteral("friend"), { { { QStringLiteral("name"), QStringLiteral("A") } },
                                                          { { QStringLiteral("name"), QStringLiteral("B") } },
                                                          { { QStringLiteral("id"), 10 }, { QStringLiteral("name"), QStringLiteral("C") } } });
    GRUMBLE_VERIFY_OK(bulk);
    QCOMPARE(bulk->size(), 3);
    QCOMPARE(bulk->at(2).value(QStringLiteral("id")).toLongLong(), 10);
}

void tst_Accessors::errorsChangeNothing_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<int>("kind");
    QTest::newRow("addPugs with a dangling key") << "addPugs-dangling" << int(ErrorKind::NotFound);
    QTest::newRow("setPugs with a dangling key") << "setPugs-dangling" << int(ErrorKind::NotFound);
    QTest::newRow("addFriends with a dangling key") << "addFriends-dangling" << int(ErrorKind::ForeignKey);
    QTest::newRow("setFriends with a dangling key") << "setFriends-dangling" << int(ErrorKind::ForeignKey);
    QTest::newRow("setOwner dangling") << "setOwner-dangling" << int(ErrorKind::ForeignKey);
    QTest::newRow("setOwner wrong model") << "setOwner-friend" << int(ErrorKind::Validation);
    QTest::newRow("setOwner wrong type") << "setOwner-string" << int(ErrorKind::Validation);
    QTest::newRow("addPug with an array") << "addPug-array" << int(ErrorKind::Validation);
    QTest::newRow("unknown accessor") << "bogus" << int(ErrorKind::UnknownAssociation);
    QTest::newRow("create wrong type") << "create-type" << int(ErrorKind::Validation);
    QTest::newRow("create unknown attribute") << "create-unknown" << int(ErrorKind::UnknownAttribute);
    QTest::newRow("bulkCreate second row bad") << "bulk-bad" << int(ErrorKind::Validation);
    QTest::newRow("unknown model") << "unknown-model" << int(ErrorKind::UnknownModel);
    QTest::newRow("duplicate join row") << "join-duplicate" << int(ErrorKind::UniqueConstraint);
    QTest::newRow("createFriend bad value") << "createFriend-bad" << int(ErrorKind::Validation);
}

void tst_Accessors::errorsChangeNothing()
{
    QFETCH(QString, expr);
    QFETCH(int, kind);
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record alice = db.get(QStringLiteral("owner"), 1);
    const Record frank = db.get(QStringLiteral("pug"), 2);
    GRUMBLE_VERIFY_OK(db->call(alice, QStringLiteral("addPugs"), { arr({ 2 }) }));
    GRUMBLE_VERIFY_OK(db->call(frank, QStringLiteral("addFriends"), { arr({ 1 }) }));
    const QString ownersBefore = db.owners();
    const QString friendshipsBefore = db.friendships();
    const qint64 friendsBefore = *db->count(QStringLiteral("friend"));
    Error e;
    auto take = [&](const auto &r) {
        QVERIFY(!r.ok());
        e = r.error();
    };
    if (expr == QLatin1String("addPugs-dangling"))
        take(db->call(alice, QStringLiteral("addPugs"), { arr({ 3, 999 }) }));
    else if (expr == QLatin1String("setPugs-dangling"))
        take(db->call(alice, QStringLiteral("setPugs"), { arr({ 3, 999 }) }));
    else if (expr == QLatin1String("addFriends-dangling"))
        take(db->call(frank, QStringLiteral("addFriends"), { arr({ 2, 999 }) }));
    else if (expr == QLatin1String("setFriends-dangling"))
        take(db->call(frank, QStringLiteral("setFriends"), { arr({ 3, 999 }) }));
    else if (expr == QLatin1String("setOwner-dangling"))
        take(db->call(frank, QStringLiteral("setOwner"), { 77 }));
    else if (expr == QLatin1String("setOwner-friend"))
        take(db->call(frank, QStringLiteral("setOwner"), { rec(db.get(QStringLiteral("friend"), 1)) }));
    else if (expr == QLatin1String("setOwner-string"))
        take(db->call(frank, QStringLiteral("setOwner"), { QStringLiteral("Alice") }));
    else if (expr == QLatin1String("addPug-array"))
        take(db->call(alice, QStringLiteral("addPug"), { arr({ 3 }) }));
    else if (expr == QLatin1String("bogus"))
        take(db->call(alice, QStringLiteral("getFriends")));
    else if (expr == QLatin1String("create-type"))
        take(db->create(QStringLiteral("friend"), { { QStringLiteral("name"), QVariantList { 1 } } }));
    else if (expr == QLatin1String("create-unknown"))
        take(db->create(QStringLiteral("friend"), { { QStringLiteral("nick"), QStringLiteral("x") } }));
    else if (expr == QLatin1String("bulk-bad"))
        take(db->bulkCreate(QStringLiteral("friend"), { { { QStringLiteral("name"), QStringLiteral("ok") } },
                                                       { { QStringLiteral("name"), true } } }));
    else if (expr == QLatin1String("unknown-model"))
        take(db->create(QStringLiteral("cat"), {}));
    else if (expr == QLatin1String("join-duplicate"))
        take(db->create(QStringLiteral("friendship"), { { QStringLiteral("pugId"), 2 }, { QStringLiteral("friendId"), 1 } }));
    else if (expr == QLatin1String("createFriend-bad"))
        take(db->call(frank, QStringLiteral("createFriend"), { QVariantMap { { QStringLiteral("name"), QVariantMap() } } }));
    QCOMPARE(int(e.kind), kind);
    QVERIFY(!e.message.isEmpty());
    QVERIFY(!db->connection().inTransaction());
    QCOMPARE(db.owners(), ownersBefore);
    QCOMPARE(db.friendships(), friendshipsBefore);
    QCOMPARE(*db->count(QStringLiteral("friend")), friendsBefore);
    // and the connection still works
    GRUMBLE_VERIFY_OK(db->call(alice, QStringLiteral("countPugs")));
}

void tst_Accessors::transactionsAreAtomic()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    const Record frank = db.get(QStringLiteral("pug"), 2);
    QStringList sql;
    QObject::connect(db->connection().log(), &SqlLog::executed, [&](const SqlLogEntry &e) { sql << e.sql; });
    GRUMBLE_VERIFY_OK(db->call(frank, QStringLiteral("setFriends"), { arr({ 1, 2 }) }));
    QVERIFY(sql.first().startsWith(QLatin1String("BEGIN")));
    QCOMPARE(sql.last(), QStringLiteral("COMMIT"));
    if (db->dialect().name() == QLatin1String("sqlite"))
        QCOMPARE(sql.first(), QStringLiteral("BEGIN IMMEDIATE"));
    sql.clear();
    // replacing with a dangling friend fails after the DELETE ran: it is rolled back
    auto r = db->call(frank, QStringLiteral("setFriends"), { arr({ 3, 999 }) });
    QVERIFY(!r.ok());
    QCOMPARE(sql.last(), QStringLiteral("ROLLBACK"));
    QVERIFY(sql.join(QLatin1Char('\n')).contains(QLatin1String("DELETE FROM")));
    QCOMPARE(db.friendships(), QStringLiteral("2-1 2-2"));
    // createOwner with a bad value creates no owner
    auto bad = db->call(frank, QStringLiteral("createOwner"), { QVariantMap { { QStringLiteral("name"), QVariantList() } } });
    QVERIFY(!bad.ok());
    QCOMPARE(*db->count(QStringLiteral("owner")), 3);
}

void tst_Accessors::createdEqualsStored_data()
{
    // create/bulkCreate build their records from the values they bound plus the keys the database
    // generated; each must equal what reading the row back gives, for every type and input form.
    QTest::addColumn<QVariantMap>("row");
    const auto ts = QStringLiteral("2026-11-22T03:04:05.678+02:00");
    QTest::newRow("nulls") << QVariantMap{ { QStringLiteral("s"), QStringLiteral("x") } };
    QTest::newRow("typed") << QVariantMap{ { QStringLiteral("s"), QStringLiteral("Cödy \"🐶\"") },
                                           { QStringLiteral("t"), QStringLiteral("long\ntext") },
                                           { QStringLiteral("i"), qint64(-7) },
                                           { QStringLiteral("big"), qint64(9007199254740993LL) },
                                           { QStringLiteral("f"), 0.123456789 }, // more digits than a 4-byte float keeps
                                           { QStringLiteral("dbl"), 1.0 / 3 },
                                           { QStringLiteral("b"), false },
                                           { QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(1, Qt::UTC) },
                                           { QStringLiteral("day"), QDate(1999, 12, 31) },
                                           { QStringLiteral("doc"), QVariantMap{ { QStringLiteral("k"), QVariantList{ 1, QStringLiteral("two"), true } } } } };
    QTest::newRow("text forms") << QVariantMap{ { QStringLiteral("s"), 42 },
                                                { QStringLiteral("i"), QStringLiteral(" 12 ") },
                                                { QStringLiteral("f"), QStringLiteral("0.125") },
                                                { QStringLiteral("b"), QStringLiteral("true") },
                                                { QStringLiteral("at"), ts },
                                                { QStringLiteral("day"), QStringLiteral("2020-02-29") },
                                                { QStringLiteral("doc"), 3 } };
    QTest::newRow("defaults") << QVariantMap{};
}

void tst_Accessors::createdEqualsStored()
{
    QFETCH(QVariantMap, row);
    auto schema = Schema::fromJson(R"({"models": [{"name": "thing", "attributes": [
        {"name": "s", "type": "STRING"}, {"name": "t", "type": "TEXT"}, {"name": "i", "type": "INTEGER"},
        {"name": "big", "type": "BIGINT"}, {"name": "f", "type": "FLOAT"}, {"name": "dbl", "type": "DOUBLE"},
        {"name": "b", "type": "BOOLEAN", "defaultValue": true}, {"name": "at", "type": "DATE"},
        {"name": "day", "type": "DATEONLY"}, {"name": "doc", "type": "JSON"},
        {"name": "note", "type": "STRING", "defaultValue": "n/a"}]}]})");
    GRUMBLE_VERIFY_OK(schema);
    GRUMBLE_OPEN(db, *schema);
    auto one = db->create(QStringLiteral("thing"), row);
    GRUMBLE_VERIFY_OK(one);
    auto stored = db->findByPk(QStringLiteral("thing"), one->pk());
    GRUMBLE_VERIFY_OK(stored);
    QCOMPARE(toJson(*one), toJson(*stored));
    for (int i = 0; i < one->values.size(); ++i)
        QCOMPARE(one->values.at(i).metaType(), stored->values.at(i).metaType());
    // Many rows, auto keys and given keys mixed: records come back in the order of the rows.
    QList<QVariantMap> rows;
    for (int k = 0; k < 7; ++k) {
        QVariantMap r = row;
        if (k % 3 == 1)
            r.insert(QStringLiteral("id"), 100 + k);
        rows << r;
    }
    auto many = db->bulkCreate(QStringLiteral("thing"), rows);
    GRUMBLE_VERIFY_OK(many);
    QCOMPARE(many->size(), rows.size());
    QList<qint64> ids;
    for (const Record &r : *many)
        ids << r.pk().toLongLong();
    QCOMPARE(ids, (QList<qint64>{ 2, 101, 3, 4, 104, 5, 6 }));
    for (const Record &r : *many) {
        auto back = db->findByPk(QStringLiteral("thing"), r.pk());
        GRUMBLE_VERIFY_OK(back);
        QCOMPARE(toJson(r), toJson(*back));
    }
}

void tst_Accessors::secondSchema()
{
    auto people = Schema::builtin(QStringLiteral("people"));
    GRUMBLE_VERIFY_OK(people);
    GRUMBLE_OPEN(db, *people);
    auto ann = db->create(QStringLiteral("person"), { { QStringLiteral("name"), QStringLiteral("Ann") },
                                                     { QStringLiteral("email"), QStringLiteral("ann@example.org") },
                                                     { QStringLiteral("born"), QStringLiteral("1990-04-01") } });
    GRUMBLE_VERIFY_OK(ann);
    QCOMPARE(ann->value(QStringLiteral("active")).toBool(), true); // defaultValue
    QCOMPARE(ann->value(QStringLiteral("born")).toDate(), QDate(1990, 4, 1));
    QVERIFY(toJson(rec(*ann)).contains("\"born\":\"1990-04-01\",\"active\":true"));
    auto ben = db->create(QStringLiteral("person"), { { QStringLiteral("name"), QStringLiteral("Ben") } });
    GRUMBLE_VERIFY_OK(ben);
    // NULL where not allowed, and a unique clash
    auto noName = db->create(QStringLiteral("person"), { { QStringLiteral("email"), QStringLiteral("x@y") } });
    QCOMPARE(noName.error().kind, ErrorKind::Validation);
    auto clash = db->create(QStringLiteral("person"), { { QStringLiteral("name"), QStringLiteral("Ann 2") },
                                                       { QStringLiteral("email"), QStringLiteral("ann@example.org") } });
    QCOMPARE(clash.error().kind, ErrorKind::UniqueConstraint);
    QCOMPARE(*db->count(QStringLiteral("person")), 2);
    // self-referencing many-to-many
    auto added = db->call(*ann, QStringLiteral("addFriend"), { rec(*ben) });
    GRUMBLE_VERIFY_OK(added);
    QCOMPARE(added->value<RecordList>().first().value(QStringLiteral("personId")).toLongLong(), 1);
    QCOMPARE(added->value<RecordList>().first().value(QStringLiteral("friendId")).toLongLong(), 2);
    auto annFriends = db->call(*ann, QStringLiteral("getFriends"));
    QCOMPARE(names(*annFriends), QStringList({ "Ben" }));
    auto benFriends = db->call(*ben, QStringLiteral("getFriends"));
    QCOMPARE(names(*benFriends), QStringList()); // directed, as in Sequelize
    // hasOne: create, get, set replaces the previous one
    auto passport = db->call(*ann, QStringLiteral("createPassport"), { QVariantMap { { QStringLiteral("number"), QStringLiteral("P-1") } } });
    GRUMBLE_VERIFY_OK(passport);
    QCOMPARE(passport->value<Record>().value(QStringLiteral("holderId")).toLongLong(), 1);
    auto got = db->call(*ann, QStringLiteral("getPassport"));
    QCOMPARE(got->value<Record>().value(QStringLiteral("number")).toString(), QStringLiteral("P-1"));
    auto p2 = db->create(QStringLiteral("passport"), { { QStringLiteral("number"), QStringLiteral("P-2") } });
    auto set = db->call(*ann, QStringLiteral("setPassport"), { rec(*p2) });
    GRUMBLE_VERIFY_OK(set);
    QCOMPARE(db->findByPk(QStringLiteral("passport"), 1)->value(QStringLiteral("holderId")), QVariant());
    QCOMPARE(db->findByPk(QStringLiteral("passport"), 2)->value(QStringLiteral("holderId")).toLongLong(), 1);
    auto holder = db->call(*p2, QStringLiteral("getHolder"));
    QVERIFY(holder->isNull()); // p2 was loaded before it was set
    auto holder2 = db->call(*db->findByPk(QStringLiteral("passport"), 2), QStringLiteral("getHolder"));
    QCOMPARE(holder2->value<Record>().value(QStringLiteral("name")).toString(), QStringLiteral("Ann"));
    // a through model with an extra column and its default
    auto team = db->create(QStringLiteral("team"), { { QStringLiteral("title"), QStringLiteral("Pugs FC") }, { QStringLiteral("captainId"), 2 } });
    GRUMBLE_VERIFY_OK(team);
    auto members = db->call(*team, QStringLiteral("addMembers"), { arr({ 1, 2 }) });
    GRUMBLE_VERIFY_OK(members);
    QCOMPARE(members->value<RecordList>().first().value(QStringLiteral("role")).toString(), QStringLiteral("member"));
    auto teams = db->call(*ben, QStringLiteral("getTeams"));
    QVERIFY(toJson(*teams).contains("\"membership\":{\"role\":\"member\""));
    // the captain cannot be deleted (RESTRICT)
    auto restricted = db->destroy(*ben);
    QVERIFY(!restricted.ok());
    QCOMPARE(restricted.error().kind, ErrorKind::ForeignKey);
    QCOMPARE(*db->count(QStringLiteral("person")), 2);
}

void tst_Accessors::quotedIdentifiers()
{
    Schema s;
    Attribute odd;
    odd.name = QStringLiteral("na`me \"quoted\"");
    Attribute uni;
    uni.name = QStringLiteral("pâté");
    ModelOptions o;
    o.tableName = QStringLiteral("tab\"le`s");
    QVERIFY(s.define(QStringLiteral("thing"), { odd, uni }, o).ok());
    QVERIFY(s.define(QStringLiteral("chien"), { uni }).ok());
    AssociationOptions as;
    as.as = QStringLiteral("größe");
    QVERIFY(s.hasMany(QStringLiteral("thing"), QStringLiteral("chien"), as).ok());
    GRUMBLE_OPEN(db, s);
    auto t = db->create(QStringLiteral("thing"), { { odd.name, QStringLiteral("x'); DROP TABLE chiens; --") }, { uni.name, QStringLiteral("café") } });
    GRUMBLE_VERIFY_OK(t);
    auto c = db->call(*t, QStringLiteral("createGröße"), { QVariantMap { { uni.name, QStringLiteral("naïve") } } });
    GRUMBLE_VERIFY_OK(c);
    FindOptions f;
    IncludeOptions inc;
    inc.name = QStringLiteral("größe");
    f.include << inc;
    f.where = QVariantMap { { odd.name, QStringLiteral("x'); DROP TABLE chiens; --") } };
    auto all = db->findAll(QStringLiteral("thing"), f);
    GRUMBLE_VERIFY_OK(all);
    QCOMPARE(all->size(), 1);
    QVERIFY(toJson(QVariant::fromValue(*all)).contains("\"größe\":[{\"id\":1,\"pâté\":\"naïve\""));
}

void tst_Accessors::sqlLog()
{
    GRUMBLE_OPEN(db);
    QVERIFY(db.seed());
    QList<SqlLogEntry> entries;
    QObject::connect(db->connection().log(), &SqlLog::executed, [&](const SqlLogEntry &e) { entries << e; });
    GRUMBLE_VERIFY_OK(db->call(db.get(QStringLiteral("pug"), 1), QStringLiteral("setOwner"), { 2 }));
    QVERIFY(!entries.isEmpty());
    const SqlLogEntry &u = entries.last();
    QVERIFY(u.sql.startsWith(QLatin1String("UPDATE")));
    QCOMPARE(u.context, QStringLiteral("pug#1.setOwner"));
    QCOMPARE(u.bindings.first().toLongLong(), 2);
    QVERIFY(u.ok);
    QVERIFY(u.micros >= 0);
    auto bad = db->call(db.get(QStringLiteral("pug"), 1), QStringLiteral("setOwner"), { 99 });
    QVERIFY(!bad.ok());
    QVERIFY(!bad.error().sql.isEmpty());
    bool sawFailure = false;
    for (const SqlLogEntry &e : entries)
        sawFailure |= !e.ok && !e.error.isEmpty();
    QVERIFY(sawFailure);
}

void tst_Accessors::fastPath()
{
    // The engine reads and writes through SQLite's / libpq's own API on the handle Qt opened when
    // it was built with them; a Qt upgrade that renames the handle type must not silently fall
    // back to the slow QSqlQuery path.
    GRUMBLE_OPEN(db);
    const Connection &c = db->connection();
    QString expected = QStringLiteral("qt");
#ifdef GRUMBLE_NATIVE_SQLITE
    if (c.url().driver == QLatin1String("QSQLITE") && !qEnvironmentVariableIsSet("GRUMBLE_NO_NATIVE_SQLITE"))
        expected = QStringLiteral("sqlite3");
#endif
#ifdef GRUMBLE_NATIVE_PQ
    if (c.url().driver == QLatin1String("QPSQL") && !qEnvironmentVariableIsSet("GRUMBLE_NO_NATIVE_PQ"))
        expected = QStringLiteral("libpq");
#endif
    QCOMPARE(c.cursorKind(), expected);
}

QTEST_GUILESS_MAIN(tst_Accessors)
#include "tst_accessors.moc"

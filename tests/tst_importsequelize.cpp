// `grumble import-sequelize` run as a process on the Sequelize projects of
// tests/fixtures/sequelize-projects with the real Sequelize (GRUMBLE_SEQUELIZE_DIR holds its
// node_modules; scripts/test installs it), and its errors.

#include "schema.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "testdb.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace grumble;

namespace {

const QString kFixtures = QStringLiteral(GRUMBLE_FIXTURES_DIR "/sequelize-projects");

using Run = test::ProcessRun;

Run runImport(const QStringList &args, const QProcessEnvironment &environment)
{
    return test::runProcess(QStringLiteral(GRUMBLE_EXE), QStringList { QStringLiteral("import-sequelize") } + args,
                            environment, {}, 120000);
}

// What a schema says, one line a fact: tables, association keys, accessors.
QStringList facts(const Schema &schema)
{
    QStringList lines;
    for (const Model &model : schema.models()) {
        QStringList columns;
        for (const Attribute &attribute : model.attributes)
            columns << attribute.field;
        lines << QStringLiteral("table %1 of %2: %3 key %4")
                         .arg(model.tableName, model.name, columns.join(QLatin1Char(',')),
                              model.primaryKey.join(QLatin1Char(',')));
        QStringList accessors;
        for (const Accessor &accessor : schema.accessorsOf(model.name))
            accessors << accessor.name;
        if (!accessors.isEmpty())
            lines << QStringLiteral("accessors of %1: %2").arg(model.name, accessors.join(QLatin1Char(',')));
    }
    for (const Association &a : schema.associations()) {
        lines << QStringLiteral("%1.%2(%3) as %4 fk %5%6 %7")
                         .arg(a.source, associationKindName(a.kind), a.target, a.as, a.foreignKey,
                              a.through.isEmpty() ? QString() : QStringLiteral(" other %1 through %2").arg(a.otherKey, a.through),
                              a.onDelete);
    }
    return lines;
}

} // namespace

class TestImportSequelize : public QObject
{
    Q_OBJECT

    QProcessEnvironment m_environment;

private slots:
    void initTestCase();
    void importsFixture_data();
    void importsFixture();
    void declaredImplicitAttributesLoad();
    void errors_data();
    void errors();
    void nodeMissing();
    void queriesAtLoadTimeAreRefused();
};

void TestImportSequelize::initTestCase()
{
    GRUMBLE_REQUIRE_SEQUELIZE();
    m_environment = test::sequelizeEnvironment();
}

void TestImportSequelize::importsFixture_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("notHonoured");
    QTest::newRow("pugs: the tutorial's file, PostgreSQL configured and not running")
            << QStringLiteral("pugs/db.js")
            << QStringList {
                   QStringLiteral("table owners of owner: id,name,createdAt,updatedAt key id"),
                   QStringLiteral("table pugs of pug: id,name,createdAt,updatedAt,ownerId key id"),
                   QStringLiteral("table friends of friends: id,name,createdAt,updatedAt key id"),
                   QStringLiteral("table friendship of friendship: createdAt,updatedAt,friendId,pugId key friendId,pugId"),
                   QStringLiteral("pug.belongsTo(owner) as owner fk ownerId SET NULL"),
                   QStringLiteral("owner.hasMany(pug) as pugs fk ownerId SET NULL"),
                   QStringLiteral("friends.belongsToMany(pug) as pugs fk friendId other pugId through friendship CASCADE"),
                   QStringLiteral("pug.belongsToMany(friends) as friends fk pugId other friendId through friendship CASCADE"),
                   QStringLiteral("accessors of pug: getOwner,setOwner,createOwner,getFriends,setFriends,addFriends,"
                                  "addFriend,createFriend,removeFriend,removeFriends,hasFriend,hasFriends,countFriends"),
                   QStringLiteral("accessors of owner: getPugs,setPugs,addPugs,addPug,createPug,removePug,removePugs,"
                                  "hasPug,hasPugs,countPugs"),
               }
            << QStringList();
    QTest::newRow("blog: sequelize-cli models/index.js, SQLite file in a missing folder")
            << QStringLiteral("blog/models")
            << QStringList {
                   QStringLiteral("table users of user: id,username,email,bio,active,createdAt,updatedAt key id"),
                   QStringLiteral("table posts of post: id,title,body,status,publishedAt,createdAt,updatedAt,authorId key id"),
                   QStringLiteral("table follows of follows: createdAt,updatedAt,followedId,followerId key followedId,followerId"),
                   QStringLiteral("post.belongsTo(user) as author fk authorId SET NULL"),
                   QStringLiteral("user.hasMany(post) as articles fk authorId SET NULL"),
                   QStringLiteral("comment.belongsTo(post) as post fk postId NO ACTION"),
                   QStringLiteral("comment.belongsTo(user) as commenter fk commenterId SET NULL"),
                   QStringLiteral("user.hasOne(profile) as profile fk userId SET NULL"),
                   QStringLiteral("post.belongsToMany(tag) as tags fk postId other tagId through post_tag CASCADE"),
                   QStringLiteral("user.belongsToMany(user) as followers fk followedId other followerId through follows CASCADE"),
                   QStringLiteral("user.belongsToMany(user) as following fk followerId other followedId through follows CASCADE"),
                   QStringLiteral("accessors of user: getArticles,setArticles,addArticles,addArticle,createArticle,"
                                  "removeArticle,removeArticles,hasArticle,hasArticles,countArticles,getProfile,"
                                  "setProfile,createProfile,getFollowers,setFollowers,addFollowers,addFollower,"
                                  "createFollower,removeFollower,removeFollowers,hasFollower,hasFollowers,countFollowers,"
                                  "getFollowing,setFollowing,addFollowing,createFollowing,removeFollowing,hasFollowing,"
                                  "countFollowing"),
                   QStringLiteral("accessors of post: getAuthor,setAuthor,createAuthor,getComments,setComments,"
                                  "addComments,addComment,createComment,removeComment,removeComments,hasComment,"
                                  "hasComments,countComments,getTags,setTags,addTags,addTag,createTag,removeTag,"
                                  "removeTags,hasTag,hasTags,countTags"),
               }
            << QStringList { QStringLiteral("not honoured by Grumble: model post.status: ENUM values [\"draft\",\"published\"]"),
                             QStringLiteral("not honoured by Grumble: model user.email: validators isEmail"),
                             QStringLiteral("not honoured by Grumble: post.belongsToMany(tag): through model post_tag has its own primary key") };
    QTest::newRow("shop: class extends Model, associate(), underscored, PostgreSQL host that does not resolve")
            << QStringLiteral("shop/models")
            << QStringList {
                   QStringLiteral("table customers of Customer: id,full_name,email,created_at,updated_at key id"),
                   QStringLiteral("table orders of Order: id,placed_at,total,notes,created_at,updated_at,customer_id key id"),
                   QStringLiteral("table addresses of Address: id,street,city,postal_code,created_at,updated_at,customer_id key id"),
                   QStringLiteral("table order_items of order_items: created_at,updated_at,order_id,product_id key orderId,productId"),
                   QStringLiteral("Customer.hasMany(Order) as orders fk customerId SET NULL"),
                   QStringLiteral("Customer.hasOne(Address) as billingAddress fk customerId SET NULL"),
                   QStringLiteral("Order.belongsTo(Customer) as customer fk customerId SET NULL"),
                   QStringLiteral("Order.belongsToMany(Product) as Products fk orderId other productId through order_items CASCADE"),
                   QStringLiteral("accessors of Customer: getOrders,setOrders,addOrders,addOrder,createOrder,removeOrder,"
                                  "removeOrders,hasOrder,hasOrders,countOrders,getBillingAddress,setBillingAddress,"
                                  "createBillingAddress"),
               }
            << QStringList { QStringLiteral("not honoured by Grumble: Order.belongsTo(Customer, as customer): onDelete: CASCADE is overridden by SET NULL") };
}

void TestImportSequelize::importsFixture()
{
    QFETCH(QString, path);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, notHonoured);
    QTemporaryDir out;
    const QString outFile = out.filePath(QStringLiteral("schema.json"));
    const Run run = runImport({ kFixtures + QLatin1Char('/') + path, QStringLiteral("--out"), outFile }, m_environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    for (const QString &line : notHonoured)
        QVERIFY2(run.err.contains(line), qPrintable(line + QStringLiteral("\n  not in:\n") + run.err));
    if (notHonoured.isEmpty())
        QVERIFY2(!run.err.contains(QStringLiteral("not honoured")), qPrintable(run.err));
    auto schema = Schema::fromFile(outFile);
    QVERIFY2(schema, qPrintable(schema ? QString() : schema.error().message));
    const QStringList actual = facts(*schema);
    QStringList missing;
    for (const QString &fact : expected) {
        if (!actual.contains(fact))
            missing << fact;
    }
    if (!missing.isEmpty()) {
        qWarning().noquote() << QStringLiteral("the imported schema says:\n") + actual.join(QLatin1Char('\n'));
        QFAIL(qPrintable(QStringLiteral("missing:\n") + missing.join(QLatin1Char('\n'))));
    }
    // On stdout without --out: the same schema.
    const Run toStdout = runImport({ kFixtures + QLatin1Char('/') + path }, m_environment);
    QCOMPARE(toStdout.exitCode, 0);
    auto again = Schema::fromJson(toStdout.out);
    QVERIFY(again);
    QCOMPARE(facts(*again), actual);
    // The configured database was not touched (the blog's SQLite folder does not exist).
    QVERIFY(!QFileInfo::exists(kFixtures + QStringLiteral("/blog/models/this-folder-does-not-exist")));
    QVERIFY(!QFileInfo::exists(kFixtures + QStringLiteral("/blog/this-folder-does-not-exist")));
}

// Sequelize's rawAttributes hold the implicit id, the timestamps and the association keys; a schema
// that declares them loads to the same tables, keys and accessors.
void TestImportSequelize::declaredImplicitAttributesLoad()
{
    const Run run = runImport({ kFixtures + QStringLiteral("/pugs/db.js") }, m_environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    auto plain = Schema::fromJson(run.out);
    QVERIFY(plain);
    QJsonObject root = QJsonDocument::fromJson(run.out).object();
    QJsonArray models = root.value(QStringLiteral("models")).toArray();
    for (int i = 0; i < models.size(); ++i) {
        QJsonObject model = models.at(i).toObject();
        QJsonArray attributes = model.value(QStringLiteral("attributes")).toArray();
        attributes.prepend(QJsonObject { { QStringLiteral("name"), QStringLiteral("id") }, { QStringLiteral("type"), QStringLiteral("INTEGER") },
                                         { QStringLiteral("primaryKey"), true }, { QStringLiteral("autoIncrement"), true } });
        if (model.value(QStringLiteral("name")).toString() == QLatin1String("pug"))
            attributes.append(QJsonObject { { QStringLiteral("name"), QStringLiteral("ownerId") }, { QStringLiteral("type"), QStringLiteral("INTEGER") } });
        for (const char *timestamp : { "createdAt", "updatedAt" })
            attributes.append(QJsonObject { { QStringLiteral("name"), QLatin1String(timestamp) }, { QStringLiteral("type"), QStringLiteral("DATE") },
                                            { QStringLiteral("allowNull"), false } });
        model.insert(QStringLiteral("attributes"), attributes);
        models[i] = model;
    }
    root.insert(QStringLiteral("models"), models);
    auto declared = Schema::fromJson(QJsonDocument(root).toJson());
    QVERIFY2(declared, qPrintable(declared ? QString() : declared.error().message));
    QStringList expected = facts(*plain);
    QStringList actual = facts(*declared);
    // The declared timestamps come before the association key in the column order.
    QCOMPARE(actual.filter(QStringLiteral("accessors")), expected.filter(QStringLiteral("accessors")));
    QCOMPARE(actual.filter(QStringLiteral("(")), expected.filter(QStringLiteral("(")));
    QVERIFY(actual.contains(QStringLiteral("table pugs of pug: id,name,ownerId,createdAt,updatedAt key id")));
}

void TestImportSequelize::errors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("messages");
    QTest::newRow("the project's code throws")
            << QStringLiteral("models.js")
            << QByteArray("const Sequelize = require('sequelize');\nfunction load() { throw new Error('boom from the project'); }\n"
                          "module.exports = load();\n")
            << 1
            << QStringList { QStringLiteral("failed while loading"), QStringLiteral("boom from the project"),
                             QStringLiteral("models.js:2") };
    QTest::newRow("no Sequelize instance")
            << QStringLiteral("nothing.cjs") << QByteArray("module.exports = { answer: 42 };\n") << 1
            << QStringList { QStringLiteral("exports no Sequelize instance") };
    QTest::newRow("a Sequelize major version the loader does not know")
            << QStringLiteral("old.js")
            << QByteArray("module.exports = { models: {}, define() {}, getDialect() { return 'sqlite'; },\n"
                          "  constructor: { version: '4.44.4' } };\n")
            << 1 << QStringList { QStringLiteral("Sequelize 4.44.4 is not supported") };
    QTest::newRow("not a JavaScript file") << QStringLiteral("models.txt") << QByteArray("hello\n") << 1
                                           << QStringList { QStringLiteral("expected a .js, .cjs or .mjs file") };
    QTest::newRow("a dialect that is not installed")
            << QStringLiteral("mysql.js")
            << QByteArray("const { Sequelize } = require('sequelize');\nmodule.exports = new Sequelize('mysql://u@db.invalid/x');\n")
            << 1 << QStringList { QStringLiteral("mysql2") };
}

void TestImportSequelize::errors()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, source);
    QFETCH(int, exitCode);
    QFETCH(QStringList, messages);
    QTemporaryDir project;
    QFile script(project.filePath(file));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(source);
    script.close();
    const Run run = runImport({ script.fileName() }, m_environment);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(run.out.isEmpty());
    for (const QString &message : messages)
        QVERIFY2(run.err.contains(message), qPrintable(message + QStringLiteral(" not in: ") + run.err));
}

void TestImportSequelize::nodeMissing()
{
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("PATH"), QString());
    environment.remove(QStringLiteral("GRUMBLE_NODE"));
    const Run run = runImport({ kFixtures + QStringLiteral("/pugs/db.js") }, environment);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("node is not installed: apt-get install nodejs npm")), qPrintable(run.err));
    const Run usage = runImport({}, m_environment);
    QCOMPARE(usage.exitCode, 2);
    QVERIFY(usage.err.contains(QStringLiteral("missing PATH")));
}

// A project that syncs at load time: the query is refused before a connection opens, the import goes
// on, and the SQLite file it configures is never created.
void TestImportSequelize::queriesAtLoadTimeAreRefused()
{
    QTemporaryDir project;
    const QString storage = project.filePath(QStringLiteral("app.sqlite"));
    QFile script(project.filePath(QStringLiteral("db.js")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(QStringLiteral("const { Sequelize, DataTypes } = require('sequelize');\n"
                                "const sequelize = new Sequelize({ dialect: 'sqlite', storage: '%1', logging: false });\n"
                                "const Note = sequelize.define('note', { text: DataTypes.TEXT });\n"
                                "sequelize.authenticate();\nsequelize.sync().catch(() => {});\n"
                                "module.exports = { sequelize, Note };\n")
                         .arg(storage)
                         .toUtf8());
    script.close();
    const Run run = runImport({ script.fileName() }, m_environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("refused")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(storage));
    auto schema = Schema::fromJson(run.out);
    QVERIFY(schema);
    QVERIFY(schema->model(QStringLiteral("note")));
}

QTEST_GUILESS_MAIN(TestImportSequelize)
#include "tst_importsequelize.moc"

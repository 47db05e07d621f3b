// Find options and include semantics as Sequelize 6.37 has them, on a schema beyond the pugs
// (aliases, a hasOne, a "super many-to-many": the join model with belongsTo to both sides and
// hasMany from both). The expected JSON of every row is what the real Sequelize answered on the
// same rows (timestamps left out), measured with node; where Grumble deliberately differs the
// row says so. Results, statement counts and errors, on every database of the matrix.
#include "enginefixture.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace grumble;
using namespace grumble::test;

namespace {

const char *const kSchema = R"({
  "name": "findoptions",
  "models": [
    { "name": "owner", "attributes": [ { "name": "name", "type": "STRING" } ] },
    { "name": "pug", "attributes": [ { "name": "name", "type": "STRING" } ] },
    { "name": "friend", "attributes": [ { "name": "name", "type": "STRING" } ] },
    { "name": "friendship", "attributes": [] },
    { "name": "toy", "attributes": [ { "name": "name", "type": "STRING" } ] },
    { "name": "house", "attributes": [ { "name": "name", "type": "STRING" } ] }
  ],
  "associations": [
    { "source": "pug", "type": "belongsTo", "target": "owner" },
    { "source": "owner", "type": "hasMany", "target": "pug" },
    { "source": "friend", "type": "belongsToMany", "target": "pug", "through": "friendship" },
    { "source": "pug", "type": "belongsToMany", "target": "friend", "through": "friendship" },
    { "source": "friendship", "type": "belongsTo", "target": "pug" },
    { "source": "friendship", "type": "belongsTo", "target": "friend" },
    { "source": "pug", "type": "hasMany", "target": "friendship" },
    { "source": "friend", "type": "hasMany", "target": "friendship" },
    { "source": "toy", "type": "belongsTo", "target": "pug", "as": "holder" },
    { "source": "pug", "type": "hasMany", "target": "toy", "foreignKey": "holderId" },
    { "source": "owner", "type": "hasOne", "target": "house" },
    { "source": "house", "type": "belongsTo", "target": "owner" }
  ]
})";

Schema schema()
{
    auto s = Schema::fromJson(kSchema);
    return s ? *s : Schema();
}

QVariantMap row(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    QVariantMap m;
    for (const auto &[k, v] : values)
        m.insert(QString::fromLatin1(k), v);
    return m;
}

// Owners Tom Ann Bob; pugs Cody, Zed (Tom's), Max (Ann's), Lone; friends F1 F2 F3; friendships
// Cody-F1 Cody-F2 Zed-F1 Max-F3; toys ball rope bone (Cody's), duck (Max's); Tom's house H1.
bool seed(Db &db)
{
    const QList<std::pair<QString, QList<QVariantMap>>> tables = {
        { "owner",
          { row({ { "name", "Tom" } }), row({ { "name", "Ann" } }), row({ { "name", "Bob" } }) } },
        { "pug",
          { row({ { "name", "Cody" }, { "ownerId", 1 } }),
            row({ { "name", "Zed" }, { "ownerId", 1 } }),
            row({ { "name", "Max" }, { "ownerId", 2 } }), row({ { "name", "Lone" } }) } },
        { "friend",
          { row({ { "name", "F1" } }), row({ { "name", "F2" } }), row({ { "name", "F3" } }) } },
        { "friendship",
          { row({ { "pugId", 1 }, { "friendId", 1 } }), row({ { "pugId", 1 }, { "friendId", 2 } }),
            row({ { "pugId", 2 }, { "friendId", 1 } }),
            row({ { "pugId", 3 }, { "friendId", 3 } }) } },
        { "toy",
          { row({ { "name", "ball" }, { "holderId", 1 } }),
            row({ { "name", "rope" }, { "holderId", 1 } }),
            row({ { "name", "bone" }, { "holderId", 1 } }),
            row({ { "name", "duck" }, { "holderId", 3 } }) } },
        { "house", { row({ { "name", "H1" }, { "ownerId", 1 } }) } },
    };
    for (const auto &[model, rows] : tables) {
        if (!db->bulkCreate(model, rows).ok())
            return false;
    }
    return true;
}

// The JSON without createdAt / updatedAt (the measurement's timestamps are not ours).
QByteArray withoutTimestamps(QByteArray json)
{
    static const QRegularExpression stamp(QStringLiteral("\"(createdAt|updatedAt)\":\"[^\"]*\",?"));
    QString s = QString::fromUtf8(json).remove(stamp);
    s.replace(QStringLiteral(",}"), QStringLiteral("}"));
    return s.toUtf8();
}

Result<FindOptions> opts(const QByteArray &json)
{
    return FindOptions::fromVariant(QJsonDocument::fromJson(json).toVariant());
}

} // namespace

class tst_FindOptions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data() { addDatabaseRows(); }
    void asSequelize_data();
    void asSequelize();
    void statementCounts_data();
    void statementCounts();
    void errors_data();
    void errors();
    void superManyToManyAccessors();
    void deliberateDifferences();
};

void tst_FindOptions::asSequelize_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QByteArray>("expected");
    //! Sequelize left the order of a to-many include without `order` to the database (SQLite's
    //! join order, here by name); Grumble reads it by primary key: the expected rows are reordered.
    QTest::addColumn<bool>("reordered");
    QTest::newRow("00 owner.count {'include': ['pugs']}")
            << "owner"
            << "count" << QByteArray(R"({"include": ["pugs"]})") << QByteArray(R"(4)") << false;
    QTest::newRow("01 owner.count {'include': ['pugs'], 'distinct': true}")
            << "owner"
            << "count" << QByteArray(R"({"include": ["pugs"], "distinct": true})")
            << QByteArray(R"(3)") << false;
    QTest::newRow("02 owner.count {'include': [{'model': 'pug', 'required': true}]}")
            << "owner"
            << "count" << QByteArray(R"({"include": [{"model": "pug", "required": true}]})")
            << QByteArray(R"(3)") << false;
    QTest::newRow("03 owner.count {'include': [{'model': 'pug', 'include': ['friends']}]}")
            << "owner"
            << "count" << QByteArray(R"({"include": [{"model": "pug", "include": ["friends"]}]})")
            << QByteArray(R"(5)") << false;
    QTest::newRow("04 pug.count {'include': ['owner']}")
            << "pug"
            << "count" << QByteArray(R"({"include": ["owner"]})") << QByteArray(R"(4)")
            << false;
    QTest::newRow("05 pug.count {'include': ['friends'], 'distinct': true}")
            << "pug"
            << "count" << QByteArray(R"({"include": ["friends"], "distinct": true})")
            << QByteArray(R"(4)") << false;
    QTest::newRow("06 owner.count {'include': [{'model': 'pug', 'where': {'name': 'Cody'}}]}")
            << "owner"
            << "count"
            << QByteArray(R"({"include": [{"model": "pug", "where": {"name": "Cody"}}]})")
            << QByteArray(R"(1)") << false;
    QTest::newRow("07 owner.count {'include': [{'model': 'pug', 'attributes': []}]}")
            << "owner"
            << "count" << QByteArray(R"({"include": [{"model": "pug", "attributes": []}]})")
            << QByteArray(R"(4)") << false;
    QTest::newRow("08 pug.count {'distinct': true, 'col': 'ownerId'}")
            << "pug"
            << "count" << QByteArray(R"({"distinct": true, "col": "ownerId"})")
            << QByteArray(R"(2)") << false;
    QTest::newRow("09 owner.count {'where': {'$pugs.name$': 'Cody'}, 'include': ['pugs']}")
            << "owner"
            << "count" << QByteArray(R"({"where": {"$pugs.name$": "Cody"}, "include": ["pugs"]})")
            << QByteArray(R"(1)") << false;
    QTest::newRow("10 pug.findAll {'where': {'$owner.name$': 'Tom'}, 'include': ['owner']}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"where": {"$owner.name$": "Tom"}, "include": ["owner"]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}},{"id":2,"name":"Zed","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("11 owner.findAll {'where': {'$pugs.name$': 'Cody'}, 'include': ['pugs']}")
            << "owner"
            << "findAll"
            << QByteArray(R"({"where": {"$pugs.name$": "Cody"}, "include": ["pugs"]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1}]}])")
            << false;
    QTest::newRow("12 owner.findAll {'where': {'$pugs.friends.name$': 'F1'}, 'include': [{'model': "
                  "'pug', 'in")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"where": {"$pugs.friends.name$": "F1"}, "include": [{"model": "pug", "include": ["friends"]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1}}]},{"id":2,"name":"Zed","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":2}}]}]}])")
            << false;
    QTest::newRow("13 owner.findAll {'where': {'$or': [{'$pugs.name$': 'Cody'}, {'name': 'Bob'}]}, "
                  "'include':")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"where": {"$or": [{"$pugs.name$": "Cody"}, {"name": "Bob"}]}, "include": ["pugs"]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1}]},{"id":3,"name":"Bob","pugs":[]}])")
            << false;
    QTest::newRow(
            "15 pug.findAll {'where': {'$owner.name$': {'$ne': 'Tom'}}, 'include': ['owner']}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"where": {"$owner.name$": {"$ne": "Tom"}}, "include": ["owner"]})")
            << QByteArray(R"([{"id":3,"name":"Max","ownerId":2,"owner":{"id":2,"name":"Ann"}}])")
            << false;
    QTest::newRow("16 pug.findAll {'attributes': {'exclude': ['createdAt', 'updatedAt']}, 'where': "
                  "{'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"attributes": {"exclude": ["createdAt", "updatedAt"]}, "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1}])") << false;
    QTest::newRow(
            "17 pug.findAll {'attributes': {'include': [['name', 'title']]}, 'where': {'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"attributes": {"include": [["name", "title"]]}, "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"title":"Cody"}])") << false;
    QTest::newRow("18 pug.findAll {'attributes': ['id', ['name', 'title']], 'where': {'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"attributes": ["id", ["name", "title"]], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"title":"Cody"}])") << false;
    QTest::newRow("19 pug.findAll {'attributes': ['name'], 'include': [{'model': 'owner', "
                  "'attributes': ['nam")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"attributes": ["name"], "include": [{"model": "owner", "attributes": ["name"]}], "where": {"id": 1}})")
            << QByteArray(R"([{"name":"Cody","owner":{"name":"Tom"}}])") << false;
    QTest::newRow("20 pug.findAll {'include': [{'model': 'owner', 'attributes': []}], 'where': "
                  "{'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "attributes": []}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1}])") << false;
    QTest::newRow("21 owner.findAll {'include': [{'model': 'pug', 'attributes': []}], 'where': "
                  "{'id': 1}}")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "attributes": []}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Tom"}])") << false;
    QTest::newRow("22 pug.findAll {'include': [{'model': 'friend', 'attributes': []}], 'where': "
                  "{'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "friend", "attributes": []}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1}])") << false;
    QTest::newRow("23 pug.findAll {'include': [{'model': 'owner', 'attributes': {'exclude': "
                  "['createdAt']}}],")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "attributes": {"exclude": ["createdAt"]}}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("24 pug.findAll {'include': [{'model': 'owner', 'attributes': [], 'include': "
                  "['house']}], '")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "attributes": [], "include": ["house"]}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1}])") << false;
    QTest::newRow("25 pug.findAll {'include': [{'all': true}], 'where': {'id': 1}}")
            << "pug"
            << "findAll" << QByteArray(R"({"include": [{"all": true}], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"},"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1}},{"id":2,"name":"F2","friendship":{"friendId":2,"pugId":1}}],"friendships":[{"friendId":1,"pugId":1},{"friendId":2,"pugId":1}],"toys":[{"id":1,"name":"ball","holderId":1},{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]}])")
            << true;
    QTest::newRow(
            "26 owner.findAll {'include': [{'all': true, 'nested': true}], 'where': {'id': 1}}")
            << "owner"
            << "findAll"
            << QByteArray(R"({"include": [{"all": true, "nested": true}], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1},"friendships":[{"friendId":1,"pugId":1},{"friendId":1,"pugId":2}]},{"id":2,"name":"F2","friendship":{"friendId":2,"pugId":1},"friendships":[{"friendId":2,"pugId":1}]}],"friendships":[{"friendId":1,"pugId":1,"friend":{"id":1,"name":"F1"}},{"friendId":2,"pugId":1,"friend":{"id":2,"name":"F2"}}],"toys":[{"id":1,"name":"ball","holderId":1},{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]},{"id":2,"name":"Zed","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":2},"friendships":[{"friendId":1,"pugId":1},{"friendId":1,"pugId":2}]}],"friendships":[{"friendId":1,"pugId":2,"friend":{"id":1,"name":"F1"}}],"toys":[]}],"house":{"id":1,"name":"H1","ownerId":1}}])")
            << true;
    QTest::newRow("27 pug.findAll {'include': [{'all': true, 'nested': true}], 'where': {'id': 3}}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"include": [{"all": true, "nested": true}], "where": {"id": 3}})")
            << QByteArray(
                       R"([{"id":3,"name":"Max","ownerId":2,"owner":{"id":2,"name":"Ann","house":null},"friends":[{"id":3,"name":"F3","friendship":{"friendId":3,"pugId":3},"friendships":[{"friendId":3,"pugId":3}]}],"friendships":[{"friendId":3,"pugId":3,"friend":{"id":3,"name":"F3"}}],"toys":[{"id":4,"name":"duck","holderId":3}]}])")
            << false;
    QTest::newRow("28 pug.findAll {'include': [{'all': 'BelongsTo'}], 'where': {'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"include": [{"all": "BelongsTo"}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("29 pug.findAll {'include': [{'model': 'owner', 'attributes': ['name']}, {'all': "
                  "true}], 'w")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "attributes": ["name"]}, {"all": true}], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"name":"Tom"},"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1}},{"id":2,"name":"F2","friendship":{"friendId":2,"pugId":1}}],"friendships":[{"friendId":1,"pugId":1},{"friendId":2,"pugId":1}],"toys":[{"id":1,"name":"ball","holderId":1},{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]}])")
            << true;
    QTest::newRow("30 pug.findAll {'include': [{'all': true, 'required': true}]}")
            << "pug"
            << "findAll" << QByteArray(R"({"include": [{"all": true, "required": true}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"},"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1}},{"id":2,"name":"F2","friendship":{"friendId":2,"pugId":1}}],"friendships":[{"friendId":1,"pugId":1},{"friendId":2,"pugId":1}],"toys":[{"id":1,"name":"ball","holderId":1},{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]},{"id":3,"name":"Max","ownerId":2,"owner":{"id":2,"name":"Ann"},"friends":[{"id":3,"name":"F3","friendship":{"friendId":3,"pugId":3}}],"friendships":[{"friendId":3,"pugId":3}],"toys":[{"id":4,"name":"duck","holderId":3}]}])")
            << true;
    QTest::newRow("32 pug.findAll {'include': [{'model': 'toy'}], 'where': {'id': 2}}")
            << "pug"
            << "findAll" << QByteArray(R"({"include": [{"model": "toy"}], "where": {"id": 2}})")
            << QByteArray(R"([{"id":2,"name":"Zed","ownerId":1,"toys":[]}])") << false;
    QTest::newRow("34 toy.findAll {'include': ['holder'], 'where': {'id': 1}}")
            << "toy"
            << "findAll" << QByteArray(R"({"include": ["holder"], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"ball","holderId":1,"holder":{"id":1,"name":"Cody","ownerId":1}}])")
            << false;
    QTest::newRow("38 pug.findAll {'include': ['owner', 'owner'], 'where': {'id': 1}}")
            << "pug"
            << "findAll" << QByteArray(R"({"include": ["owner", "owner"], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("39 pug.findAll {'include': [{'model': 'owner'}, {'model': 'owner'}], 'where': "
                  "{'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner"}, {"model": "owner"}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("40 pug.findAll {'include': ['friends', 'friends'], 'where': {'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"include": ["friends", "friends"], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1}},{"id":2,"name":"F2","friendship":{"friendId":2,"pugId":1}}]}])")
            << false;
    QTest::newRow("41 pug.findAll {'include': ['owner', {'model': 'owner'}], 'where': {'id': 1}}")
            << "pug"
            << "findAll"
            << QByteArray(R"({"include": ["owner", {"model": "owner"}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("42 owner.findAll {'include': [{'model': 'pug', 'include': ['friends']}, "
                  "{'model': 'pug', '")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "include": ["friends"]}, {"model": "pug", "include": ["toys"]}], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":1}},{"id":2,"name":"F2","friendship":{"friendId":2,"pugId":1}}],"toys":[{"id":1,"name":"ball","holderId":1},{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]},{"id":2,"name":"Zed","ownerId":1,"friends":[{"id":1,"name":"F1","friendship":{"friendId":1,"pugId":2}}],"toys":[]}]}])")
            << true;
    QTest::newRow("43 pug.findAll {'include': [{'model': 'owner', 'attributes': ['id']}, {'model': "
                  "'owner', '")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "attributes": ["id"]}, {"model": "owner", "attributes": ["name"]}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("44 owner.findAll {'include': [{'model': 'pug', 'where': {'name': 'Cody'}}, "
                  "{'model': 'pug'")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "where": {"name": "Cody"}}, {"model": "pug", "required": false}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1}]},{"id":2,"name":"Ann","pugs":[]},{"id":3,"name":"Bob","pugs":[]}])")
            << false;
    QTest::newRow("45 owner.findAll {'include': [{'model': 'pug', 'include': ['friends']}, "
                  "{'model': 'pug', '")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "include": ["friends"]}, {"model": "pug", "include": ["friends"]}], "where": {"id": 2}})")
            << QByteArray(
                       R"([{"id":2,"name":"Ann","pugs":[{"id":3,"name":"Max","ownerId":2,"friends":[{"id":3,"name":"F3","friendship":{"friendId":3,"pugId":3}}]}]}])")
            << false;
    QTest::newRow("46 owner.findAll {'include': [{'model': 'pug', 'include': [{'model': 'friend', "
                  "'attributes")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "include": [{"model": "friend", "attributes": ["id"]}]}, {"model": "pug", "include": [{"model": "friend", "attributes": ["name"]}]}], "where": {"id": 2}})")
            << QByteArray(
                       R"([{"id":2,"name":"Ann","pugs":[{"id":3,"name":"Max","ownerId":2,"friends":[{"id":3,"name":"F3","friendship":{"friendId":3,"pugId":3}}]}]}])")
            << false;
    QTest::newRow("47 owner.findAll {'include': [{'model': 'pug', 'include': ['friends', "
                  "'friends']}], 'where")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "include": ["friends", "friends"]}], "where": {"id": 2}})")
            << QByteArray(
                       R"([{"id":2,"name":"Ann","pugs":[{"id":3,"name":"Max","ownerId":2,"friends":[{"id":3,"name":"F3","friendship":{"friendId":3,"pugId":3}}]}]}])")
            << false;
    QTest::newRow(
            "48 owner.findAll {'include': [{'model': 'pug', 'required': true}, {'model': 'pug'}]}")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "required": true}, {"model": "pug"}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1},{"id":2,"name":"Zed","ownerId":1}]},{"id":2,"name":"Ann","pugs":[{"id":3,"name":"Max","ownerId":2}]}])")
            << false;
    QTest::newRow("49 pug.findAll {'include': [{'model': 'owner', 'attributes': {'exclude': "
                  "['createdAt']}}, ")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "attributes": {"exclude": ["createdAt"]}}, {"model": "owner", "attributes": {"exclude": ["updatedAt"]}}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}}])")
            << false;
    QTest::newRow("50 pug.findAll {'include': [{'association': 'owner'}, {'association': 'owner', "
                  "'attributes")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"association": "owner"}, {"association": "owner", "attributes": ["name"]}], "where": {"id": 1}})")
            << QByteArray(R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"name":"Tom"}}])")
            << false;
    QTest::newRow("51 owner.count {'include': ['pugs', 'pugs']}")
            << "owner"
            << "count" << QByteArray(R"({"include": ["pugs", "pugs"]})") << QByteArray(R"(4)")
            << false;
    QTest::newRow("52 pug.findAll {'include': [{'model': 'owner', 'include': [{'model': 'house', "
                  "'required': ")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "include": [{"model": "house", "required": true}]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom","house":{"id":1,"name":"H1","ownerId":1}}},{"id":2,"name":"Zed","ownerId":1,"owner":{"id":1,"name":"Tom","house":{"id":1,"name":"H1","ownerId":1}}},{"id":3,"name":"Max","ownerId":2,"owner":null},{"id":4,"name":"Lone","ownerId":null,"owner":null}])")
            << false;
    QTest::newRow("53 pug.findAll {'include': [{'model': 'owner', 'include': [{'model': 'pug', "
                  "'required': tr")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "include": [{"model": "pug", "required": true, "where": {"name": "Zed"}}]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom","pugs":[{"id":2,"name":"Zed","ownerId":1}]}},{"id":2,"name":"Zed","ownerId":1,"owner":{"id":1,"name":"Tom","pugs":[{"id":2,"name":"Zed","ownerId":1}]}},{"id":3,"name":"Max","ownerId":2,"owner":null},{"id":4,"name":"Lone","ownerId":null,"owner":null}])")
            << false;
    QTest::newRow("54 pug.findAll {'include': [{'model': 'owner', 'required': true, 'include': "
                  "[{'model': 'ho")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "required": true, "include": [{"model": "house", "required": true}]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom","house":{"id":1,"name":"H1","ownerId":1}}},{"id":2,"name":"Zed","ownerId":1,"owner":{"id":1,"name":"Tom","house":{"id":1,"name":"H1","ownerId":1}}}])")
            << false;
    QTest::newRow("55 house.findAll {'include': [{'model': 'owner', 'include': [{'model': 'pug', "
                  "'required': ")
            << "house"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "owner", "include": [{"model": "pug", "required": true, "include": [{"model": "toy", "required": true}]}]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"H1","ownerId":1,"owner":{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1,"toys":[{"id":1,"name":"ball","holderId":1},{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]}]}}])")
            << false;
    QTest::newRow("56 owner.findAll {'include': [{'model': 'pug', 'separate': true, 'order': "
                  "[['name', 'DESC'")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "separate": true, "order": [["name", "DESC"]]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":2,"name":"Zed","ownerId":1},{"id":1,"name":"Cody","ownerId":1}]},{"id":2,"name":"Ann","pugs":[{"id":3,"name":"Max","ownerId":2}]},{"id":3,"name":"Bob","pugs":[]}])")
            << false;
    QTest::newRow("57 owner.findAll {'include': [{'model': 'pug', 'separate': true, 'limit': 1, "
                  "'order': [['n")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "separate": true, "limit": 1, "order": [["name", "ASC"]]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1}]},{"id":2,"name":"Ann","pugs":[{"id":3,"name":"Max","ownerId":2}]},{"id":3,"name":"Bob","pugs":[]}])")
            << false;
    QTest::newRow("58 pug.findAll {'include': [{'model': 'toy', 'limit': 2, 'order': [['name', "
                  "'DESC']]}]}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "toy", "limit": 2, "order": [["name", "DESC"]]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"toys":[{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1}]},{"id":2,"name":"Zed","ownerId":1,"toys":[]},{"id":3,"name":"Max","ownerId":2,"toys":[{"id":4,"name":"duck","holderId":3}]},{"id":4,"name":"Lone","ownerId":null,"toys":[]}])")
            << false;
    QTest::newRow("59 owner.findAll {'include': [{'model': 'pug', 'separate': true, 'attributes': "
                  "['name']}]}")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "separate": true, "attributes": ["name"]}]})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"name":"Cody"},{"name":"Zed"}]},{"id":2,"name":"Ann","pugs":[{"name":"Max"}]},{"id":3,"name":"Bob","pugs":[]}])")
            << false;
    QTest::newRow("60 owner.findAll {'attributes': ['name'], 'include': [{'model': 'pug', "
                  "'separate': true, '")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"attributes": ["name"], "include": [{"model": "pug", "separate": true, "attributes": ["name"]}]})")
            << QByteArray(
                       R"([{"name":"Tom","id":1,"pugs":[{"name":"Cody"},{"name":"Zed"}]},{"name":"Ann","id":2,"pugs":[{"name":"Max"}]},{"name":"Bob","id":3,"pugs":[]}])")
            << false;
    QTest::newRow("62 owner.findAll {'include': ['pugs'], 'order': [['pugs', 'name', 'DESC']], "
                  "'where': {'id'")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": ["pugs"], "order": [["pugs", "name", "DESC"]], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":2,"name":"Zed","ownerId":1},{"id":1,"name":"Cody","ownerId":1}]}])")
            << false;
    QTest::newRow("63 owner.findAll {'include': [{'model': 'pug', 'as': 'pugs'}], 'order': "
                  "[[{'model': 'pug',")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "as": "pugs"}], "order": [[{"model": "pug", "as": "pugs"}, "name", "DESC"]], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":2,"name":"Zed","ownerId":1},{"id":1,"name":"Cody","ownerId":1}]}])")
            << false;
    QTest::newRow("64 owner.findAll {'include': [{'model': 'pug', 'include': ['toys']}], 'order': "
                  "[['pugs', '")
            << "owner"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "pug", "include": ["toys"]}], "order": [["pugs", "toys", "name", "DESC"]], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1,"toys":[{"id":2,"name":"rope","holderId":1},{"id":3,"name":"bone","holderId":1},{"id":1,"name":"ball","holderId":1}]},{"id":2,"name":"Zed","ownerId":1,"toys":[]}]}])")
            << false;
    QTest::newRow("66 pug.findAll {'include': ['owner'], 'order': [['owner', 'name', 'DESC'], "
                  "['id', 'ASC']]}")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": ["owner"], "order": [["owner", "name", "DESC"], ["id", "ASC"]]})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"owner":{"id":1,"name":"Tom"}},{"id":2,"name":"Zed","ownerId":1,"owner":{"id":1,"name":"Tom"}},{"id":3,"name":"Max","ownerId":2,"owner":{"id":2,"name":"Ann"}},{"id":4,"name":"Lone","ownerId":null,"owner":null}])")
            << false;
    QTest::newRow("67 pug.findAll {'include': [{'model': 'friendship', 'include': ['friend']}], "
                  "'where': {'id")
            << "pug"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "friendship", "include": ["friend"]}], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"Cody","ownerId":1,"friendships":[{"friendId":1,"pugId":1,"friend":{"id":1,"name":"F1"}},{"friendId":2,"pugId":1,"friend":{"id":2,"name":"F2"}}]}])")
            << false;
    QTest::newRow("68 friend.findAll {'include': [{'model': 'friendship', 'include': ['pug']}], "
                  "'where': {'id")
            << "friend"
            << "findAll"
            << QByteArray(
                       R"({"include": [{"model": "friendship", "include": ["pug"]}], "where": {"id": 1}})")
            << QByteArray(
                       R"([{"id":1,"name":"F1","friendships":[{"friendId":1,"pugId":1,"pug":{"id":1,"name":"Cody","ownerId":1}},{"friendId":1,"pugId":2,"pug":{"id":2,"name":"Zed","ownerId":1}}]}])")
            << false;
    QTest::newRow("70 friendship.count {'include': ['pug']}")
            << "friendship"
            << "count" << QByteArray(R"({"include": ["pug"]})") << QByteArray(R"(4)") << false;
}

void tst_FindOptions::asSequelize()
{
    QFETCH(QString, model);
    QFETCH(QString, method);
    QFETCH(QByteArray, options);
    QFETCH(QByteArray, expected);
    GRUMBLE_OPEN(db, schema());
    QVERIFY(seed(db));
    auto o = opts(options);
    GRUMBLE_VERIFY_OK(o);
    if (method == QLatin1String("count")) {
        auto n = db->count(model, *o);
        GRUMBLE_VERIFY_OK(n);
        QCOMPARE(QByteArray::number(*n), expected);
        return;
    }
    // PostgreSQL sorts NULLs first in DESC, and so does Sequelize there (ORDER BY is passed through):
    // the pug without an owner leads row 66, measured on SQLite where NULLs sort last.
    if (db->dialect().name() == QLatin1String("postgres") && QByteArray(QTest::currentDataTag()).contains("66 pug")) {
        const QByteArray lone = R"({"id":4,"name":"Lone","ownerId":null,"owner":null})";
        expected.replace("," + lone, QByteArray()).replace("[", "[" + lone + ",");
    }
    // Likewise row 64: Zed has no toy, so its joined row (toys.name NULL) comes first there, and
    // Sequelize builds Zed first; the parents' and children's order follows the first joined row.
    if (db->dialect().name() == QLatin1String("postgres") && QByteArray(QTest::currentDataTag()).contains("64 owner")) {
        const QByteArray zed = R"({"id":2,"name":"Zed","ownerId":1,"toys":[]})";
        expected.replace("," + zed, QByteArray()).replace("\"pugs\":[", "\"pugs\":[" + zed + ",");
    }
    auto found = db->findAll(model, *o);
    GRUMBLE_VERIFY_OK(found);
    QCOMPARE(withoutTimestamps(toJson(QVariant::fromValue(*found))), expected);
}

// A find runs 1 statement plus one per to-many include with parents to load (separate ones
// included); a count runs 1; nothing depends on the number of rows.
void tst_FindOptions::statementCounts_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<int>("statements");
    QTest::newRow("to-many") << "owner" << QByteArray(R"({"include": ["pugs"]})") << 2;
    QTest::newRow("nested to-many")
            << "owner" << QByteArray(R"({"include": [{"model": "pug", "include": ["friends"]}]})")
            << 3;
    QTest::newRow("all nested")
            << "pug"
            << QByteArray(R"({"include": [{"all": true, "nested": true}], "where": {"id": 3}})")
            << 5;
    QTest::newRow("$path$ where")
            << "owner"
            << QByteArray(
                       R"({"where": {"$pugs.friends.name$": "F1"}, "include": [{"model": "pug", "include": ["friends"]}]})")
            << 3;
    QTest::newRow("separate limit")
            << "owner"
            << QByteArray(R"({"include": [{"model": "pug", "separate": true, "limit": 1}]})")
            << 2;
    QTest::newRow("attributes [] to-many")
            << "owner" << QByteArray(R"({"include": [{"model": "pug", "attributes": []}]})") << 1;
    QTest::newRow("repeated include")
            << "pug" << QByteArray(R"({"include": ["friends", "friends", "owner", "owner"]})")
            << 2;
    QTest::newRow("required under optional to-one")
            << "pug"
            << QByteArray(
                       R"({"include": [{"model": "owner", "include": [{"model": "pug", "required": true}, {"model": "house", "required": true}]}]})")
            << 2; // the root with owner and house joined, then the owners' pugs
    QTest::newRow("count joined")
            << "owner#count"
            << QByteArray(R"({"include": [{"model": "pug", "include": ["friends"]}]})") << 1;
    QTest::newRow("count distinct")
            << "owner#count" << QByteArray(R"({"include": ["pugs"], "distinct": true})") << 1;
}

void tst_FindOptions::statementCounts()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, options);
    QFETCH(int, statements);
    GRUMBLE_OPEN(db, schema());
    QVERIFY(seed(db));
    auto o = opts(options);
    GRUMBLE_VERIFY_OK(o);
    const quint64 before = db.statements();
    if (model.endsWith(QLatin1String("#count"))) {
        GRUMBLE_VERIFY_OK(db->count(model.section(QLatin1Char('#'), 0, 0), *o));
    } else {
        GRUMBLE_VERIFY_OK(db->findAll(model, *o));
    }
    QCOMPARE(int(db.statements() - before), statements);
}

void tst_FindOptions::errors_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QString>("message"); //!< Sequelize's message, which ours contains
    QTest::newRow("31 toy.findAll {'include': [{'model': 'pug'}]}")
            << "toy" << QByteArray(R"({"include": [{"model": "pug"}]})")
            << QStringLiteral(
                       R"(pug is associated to toy using an alias. You must use the 'as' keyword to specify the alias within your include statement.)");
    QTest::newRow("33 toy.findAll {'include': [{'model': 'pug', 'as': 'owner'}]}")
            << "toy" << QByteArray(R"({"include": [{"model": "pug", "as": "owner"}]})")
            << QStringLiteral(
                       R"(pug is associated to toy using an alias. You've included an alias (owner), but it does not match the alias(es) defined in your association (holder).)");
    QTest::newRow("35 toy.findAll {'include': ['pug']}")
            << "toy" << QByteArray(R"({"include": ["pug"]})")
            << QStringLiteral(
                       R"(pug is associated to toy using an alias. You must use the 'as' keyword to specify the alias within your include statement.)");
    QTest::newRow("36 toy.findAll {'include': [{'model': 'friend'}]}")
            << "toy" << QByteArray(R"({"include": [{"model": "friend"}]})")
            << QStringLiteral(R"(friend is not associated to toy!)");
    QTest::newRow("37 toy.findAll {'include': [{'association': 'pug'}]}")
            << "toy" << QByteArray(R"({"include": [{"association": "pug"}]})")
            << QStringLiteral(R"(Association with alias "pug" does not exist on toy)");
    QTest::newRow("61 pug.findAll {'include': [{'model': 'friend', 'separate': true}]}")
            << "pug" << QByteArray(R"({"include": [{"model": "friend", "separate": true}]})")
            << QStringLiteral(R"(Only HasMany associations support include.separate)");
}

void tst_FindOptions::errors()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, options);
    QFETCH(QString, message);
    GRUMBLE_OPEN(db, schema());
    auto o = opts(options);
    GRUMBLE_VERIFY_OK(o);
    const quint64 before = db.statements();
    auto found = db->findAll(model, *o);
    QVERIFY(!found.ok());
    QVERIFY2(found.error().message.contains(message), qPrintable(found.error().message));
    if (message.contains(QLatin1String("alias")) && model == QLatin1String("toy"))
        QVERIFY2(found.error().message.contains(QLatin1String("holder")),
                 qPrintable(found.error().message));
    QCOMPARE(db.statements(), before); // refused before any statement
}

// The join model used as a model of its own: hasMany to a model whose key is the pair of
// foreign keys, through its accessors.
void tst_FindOptions::superManyToManyAccessors()
{
    GRUMBLE_OPEN(db, schema());
    QVERIFY(seed(db));
    auto friendships = db->call(db.get(QStringLiteral("pug"), 1), QStringLiteral("getFriendships"));
    GRUMBLE_VERIFY_OK(friendships);
    QCOMPARE(withoutTimestamps(toJson(*friendships)),
             QByteArray(R"([{"friendId":1,"pugId":1},{"friendId":2,"pugId":1}])"));
    auto count = db->call(db.get(QStringLiteral("pug"), 1), QStringLiteral("countFriendships"));
    GRUMBLE_VERIFY_OK(count);
    QCOMPARE(count->toLongLong(), 2);
    auto created = db->call(db.get(QStringLiteral("pug"), 3), QStringLiteral("createFriendship"),
                            { QVariantMap{ { QStringLiteral("friendId"), 1 } } });
    GRUMBLE_VERIFY_OK(created);
    QCOMPARE(withoutTimestamps(toJson(*created)), QByteArray(R"({"friendId":1,"pugId":3})"));
    auto f1 = db->findAll(
            QStringLiteral("friend"),
            *opts(R"({"where": {"id": 1}, "include": [{"model": "friendship", "include": ["pug"]}]})"));
    GRUMBLE_VERIFY_OK(f1);
    QCOMPARE(
            withoutTimestamps(toJson(QVariant::fromValue(*f1))),
            QByteArray(
                    R"([{"id":1,"name":"F1","friendships":[{"friendId":1,"pugId":1,"pug":{"id":1,"name":"Cody","ownerId":1}},{"friendId":1,"pugId":2,"pug":{"id":2,"name":"Zed","ownerId":1}},{"friendId":1,"pugId":3,"pug":{"id":3,"name":"Max","ownerId":2}}]}])"));
}

// Where Sequelize fails with an SQL error, Grumble answers (or says what is wrong).
void tst_FindOptions::deliberateDifferences()
{
    GRUMBLE_OPEN(db, schema());
    QVERIFY(seed(db));
    // Sequelize: "no such column: pugs.name" (the where lands in its subquery); Grumble limits
    // parents
    auto limited = db->findAll(
            QStringLiteral("owner"),
            *opts(R"({"where": {"$pugs.name$": "Cody"}, "include": ["pugs"], "limit": 1})"));
    GRUMBLE_VERIFY_OK(limited);
    QCOMPARE(
            withoutTimestamps(toJson(QVariant::fromValue(*limited))),
            QByteArray(R"([{"id":1,"name":"Tom","pugs":[{"id":1,"name":"Cody","ownerId":1}]}])"));
    // Sequelize: "no such column: owner.name"; Grumble: a typed error naming the missing include
    auto notIncluded =
            db->findAll(QStringLiteral("pug"), *opts(R"({"where": {"$owner.name$": "Tom"}})"));
    QVERIFY(!notIncluded.ok());
    QCOMPARE(notIncluded.error().kind, ErrorKind::UnknownAssociation);
    QVERIFY(notIncluded.error().message.contains(QLatin1String("owner")));
}

QTEST_GUILESS_MAIN(tst_FindOptions)
#include "tst_findoptions.moc"

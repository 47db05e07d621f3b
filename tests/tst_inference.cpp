// inferSchema() on catalogs built here (what readCatalog() gives for a database): models, the
// associations and their names, notes, types, defaults; the JSON round trip of every inferred
// schema; and the engine on a table without a primary key (read, but not changed), on the matrix.

#include "enginefixture.h"
#include "inference.h"

#include <QJsonDocument>
#include <QtTest>

using namespace grumble;

Q_DECLARE_METATYPE(grumble::Catalog)

namespace {

CatalogColumn column(const QString &name, const QString &type, bool notNull = false)
{
    CatalogColumn c;
    c.name = name;
    c.sqlType = type;
    c.notNull = notNull;
    return c;
}

CatalogColumn idColumn()
{
    CatalogColumn c = column(QStringLiteral("id"), QStringLiteral("INTEGER"), true);
    c.autoIncrement = true;
    return c;
}

CatalogForeignKey foreignKey(const QString &columnName, const QString &table, const QString &onDelete = QStringLiteral("SET NULL"))
{
    CatalogForeignKey fk;
    fk.columns = QStringList { columnName };
    fk.referencedTable = table;
    fk.referencedColumns = QStringList { QStringLiteral("id") };
    fk.onDelete = onDelete;
    fk.onUpdate = QStringLiteral("CASCADE");
    return fk;
}

CatalogIndex uniqueOn(const QStringList &columns)
{
    CatalogIndex index;
    index.name = columns.join(QLatin1Char('_')) + QStringLiteral("_key");
    index.columns = columns;
    index.unique = true;
    return index;
}

//! A table keyed on `id` with these columns after it and these foreign keys.
CatalogTable table(const QString &name, const QVector<CatalogColumn> &columns,
                   const QVector<CatalogForeignKey> &foreignKeys = {}, bool withId = true)
{
    CatalogTable t;
    t.name = name;
    if (withId) {
        t.columns << idColumn();
        t.primaryKey = QStringList { QStringLiteral("id") };
    }
    t.columns << columns;
    t.foreignKeys = foreignKeys;
    return t;
}

CatalogColumn text(const QString &name)
{
    return column(name, QStringLiteral("VARCHAR(255)"));
}

CatalogColumn integer(const QString &name, bool notNull = false)
{
    return column(name, QStringLiteral("INTEGER"), notNull);
}

Catalog catalog(const QVector<CatalogTable> &tables)
{
    Catalog c;
    c.dialect = QStringLiteral("sqlite");
    c.namespaceName = QStringLiteral("main");
    c.tables = tables;
    std::sort(c.tables.begin(), c.tables.end(),
              [](const CatalogTable &a, const CatalogTable &b) { return a.name < b.name; });
    return c;
}

CatalogTable users()
{
    return table(QStringLiteral("users"), { text(QStringLiteral("name")) });
}

//! A join table keyed on its two foreign keys.
CatalogTable joinTable(const QString &name, const QString &a, const QString &aTable, const QString &b,
                       const QString &bTable, const QVector<CatalogColumn> &extra = {})
{
    CatalogTable t = table(name, { integer(a, true), integer(b, true) },
                           { foreignKey(a, aTable, QStringLiteral("CASCADE")), foreignKey(b, bTable, QStringLiteral("CASCADE")) },
                           false);
    t.columns << extra;
    t.primaryKey = QStringList { a, b };
    return t;
}

//! "post.belongsTo(user) as author fk authorId", with " through x other y" for belongsToMany.
QStringList describe(const Schema &schema)
{
    QStringList out;
    for (const Association &a : schema.associations()) {
        QString line = QStringLiteral("%1.%2(%3) as %4 fk %5")
                               .arg(a.source, associationKindName(a.kind), a.target, a.as, a.foreignKey);
        if (a.kind == AssociationKind::BelongsToMany)
            line += QStringLiteral(" through %1 other %2").arg(a.through, a.otherKey);
        out << line;
    }
    return out;
}

//! Everything that must survive the JSON round trip, one line per model / attribute / association.
QStringList canonical(const Schema &schema)
{
    QStringList out;
    for (const Model &m : schema.models()) {
        out << QStringLiteral("model %1 table %2 pk %3 ts %4 us %5 nopk %6 join %7")
                        .arg(m.name, m.tableName, m.primaryKey.join(QLatin1Char(',')))
                        .arg(m.options.timestamps)
                        .arg(m.options.underscored)
                        .arg(m.options.noPrimaryKey)
                        .arg(m.isJoinModel);
        for (const Attribute &a : m.attributes)
            out << QStringLiteral("  %1 field %2 type %3(%4) %5 null %6 pk %7 uq %8 ai %9 ts %10 ref %11.%12 %13/%14 "
                                  "default %15 %16")
                            .arg(a.name, a.field, dataTypeName(a.type))
                            .arg(a.type == DataType::String ? a.length : 0)
                            .arg(a.type == DataType::Raw ? a.sqlType : QString())
                            .arg(a.allowNull)
                            .arg(a.primaryKey)
                            .arg(a.unique)
                            .arg(a.autoIncrement)
                            .arg(a.timestamp)
                            .arg(a.referencesModel, a.referencesKey, a.onDelete, a.onUpdate,
                                 a.defaultValue.toString(), a.defaultSql);
    }
    out << describe(schema);
    for (const Model &m : schema.models()) {
        for (const Accessor &accessor : schema.accessorsOf(m.name))
            out << m.name + QLatin1Char('.') + accessor.name;
    }
    return out;
}

Schema inferred(const Catalog &c, QStringList *notes = nullptr)
{
    auto result = inferSchema(c);
    if (!result)
        return {};
    if (notes)
        *notes = result->notes;
    return result->schema;
}

} // namespace

class tst_Inference : public QObject
{
    Q_OBJECT

private slots:
    void mapsTypes_data();
    void mapsTypes();
    void defaults_data();
    void defaults();
    void associations_data();
    void associations();
    void columnsInDatabaseOrder();
    void timestamps();
    void verbatimTypesRoundTrip();
    void noPrimaryKeyModel();
    void oldSchemasStillLoad();

    void initTestCase_data() { test::addDatabaseRows(); }
    void tableWithoutPrimaryKeyIsReadOnly();
    void introspectedDatabaseWorks();
};

void tst_Inference::mapsTypes_data()
{
    QTest::addColumn<QString>("sqlType");
    QTest::addColumn<QString>("expected"); // "" when kept verbatim
    QTest::addColumn<int>("length");
    const struct
    {
        const char *sql, *type;
        int length;
    } rows[] = {
        { "VARCHAR(255)", "STRING", 255 },     { "character varying(64)", "STRING", 64 },
        { "NVARCHAR(10)", "STRING", 10 },      { "varchar", "TEXT", 255 },
        { "TEXT", "TEXT", 255 },               { "CLOB", "TEXT", 255 },
        { "INTEGER", "INTEGER", 255 },         { "int", "INTEGER", 255 },
        { "int4", "INTEGER", 255 },            { "serial", "INTEGER", 255 },
        { "BIGINT", "BIGINT", 255 },           { "int8", "BIGINT", 255 },
        { "bigserial", "BIGINT", 255 },        { "REAL", "FLOAT", 255 },
        { "FLOAT", "FLOAT", 255 },             { "float4", "FLOAT", 255 },
        { "DOUBLE", "DOUBLE", 255 },           { "double precision", "DOUBLE", 255 },
        { "float8", "DOUBLE", 255 },           { "BOOLEAN", "BOOLEAN", 255 },
        { "TINYINT(1)", "BOOLEAN", 255 },      { "bool", "BOOLEAN", 255 },
        { "DATETIME", "DATE", 255 },           { "TIMESTAMP", "DATE", 255 },
        { "timestamp with time zone", "DATE", 255 }, { "TIMESTAMP WITHOUT TIME ZONE", "DATE", 255 },
        { "timestamptz", "DATE", 255 },        { "DATE", "DATEONLY", 255 },
        { "JSON", "JSON", 255 },               { "jsonb", "JSON", 255 },
        { "NUMERIC(10,2)", "", 0 },            { "inet", "", 0 },
        { "GEOMETRY", "", 0 },                 { "uuid", "", 0 },
        { "integer[]", "", 0 },                { "", "", 0 },
    };
    for (const auto &row : rows)
        QTest::newRow(row.sql[0] ? row.sql : "(none)") << QString::fromLatin1(row.sql) << QString::fromLatin1(row.type) << row.length;
}

void tst_Inference::mapsTypes()
{
    QFETCH(QString, sqlType);
    QFETCH(QString, expected);
    QFETCH(int, length);
    DataType type = DataType::Raw;
    int parsedLength = 0;
    const bool known = mapSqlType(sqlType, &type, &parsedLength);
    QCOMPARE(known, !expected.isEmpty());
    if (!known)
        return;
    QCOMPARE(dataTypeName(type), expected);
    QCOMPARE(parsedLength, length);
}

void tst_Inference::defaults_data()
{
    QTest::addColumn<QString>("sqlType");
    QTest::addColumn<QString>("defaultSql");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("autoIncrement");
    QTest::newRow("string") << "VARCHAR(255)" << "'member'" << QVariant(QStringLiteral("member")) << "" << false;
    QTest::newRow("pg cast") << "character varying(255)" << "'member'::character varying" << QVariant(QStringLiteral("member")) << "" << false;
    QTest::newRow("quote") << "TEXT" << "'it''s'" << QVariant(QStringLiteral("it's")) << "" << false;
    QTest::newRow("integer") << "INTEGER" << "0" << QVariant(qint64(0)) << "" << false;
    QTest::newRow("negative") << "INTEGER" << "(-1)" << QVariant(qint64(-1)) << "" << false;
    QTest::newRow("real") << "REAL" << "1.5" << QVariant(1.5) << "" << false;
    QTest::newRow("true") << "BOOLEAN" << "true" << QVariant(true) << "" << false;
    QTest::newRow("sqlite boolean") << "TINYINT(1)" << "1" << QVariant(true) << "" << false;
    QTest::newRow("now") << "DATETIME" << "CURRENT_TIMESTAMP" << QVariant() << "CURRENT_TIMESTAMP" << false;
    QTest::newRow("function") << "uuid" << "gen_random_uuid()" << QVariant() << "gen_random_uuid()" << false;
    QTest::newRow("sequence") << "integer" << "nextval('users_id_seq'::regclass)" << QVariant() << "" << true;
    QTest::newRow("null") << "TEXT" << "NULL" << QVariant() << "" << false;
}

void tst_Inference::defaults()
{
    QFETCH(QString, sqlType);
    QFETCH(QString, defaultSql);
    QFETCH(QVariant, value);
    QFETCH(QString, expression);
    QFETCH(bool, autoIncrement);
    CatalogColumn c = column(QStringLiteral("value"), sqlType);
    c.hasDefault = true;
    c.defaultSql = defaultSql;
    const Schema schema = inferred(catalog({ table(QStringLiteral("things"), { c }) }));
    const Attribute *a = schema.model(QStringLiteral("thing"))->attribute(QStringLiteral("value"));
    QVERIFY(a);
    QCOMPARE(a->defaultValue, value);
    QCOMPARE(a->defaultSql, expression);
    QCOMPARE(a->autoIncrement, autoIncrement);
}

void tst_Inference::associations_data()
{
    QTest::addColumn<Catalog>("db");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("accessors"); // model.accessor that must exist
    QTest::addColumn<QString>("note");           // a note that must be there (a substring)

    QTest::newRow("plain") << catalog({ users(), table(QStringLiteral("posts"), { text(QStringLiteral("title")), integer(QStringLiteral("userId")) },
                                                       { foreignKey(QStringLiteral("userId"), QStringLiteral("users")) }) })
                           << QStringList { "post.belongsTo(user) as user fk userId", "user.hasMany(post) as posts fk userId" }
                           << QStringList { "user.getPosts", "user.addPost", "post.setUser" }
                           << "posts.userId → users: post.belongsTo(user, {foreignKey: 'userId'}) and user.hasMany(post, {foreignKey: 'userId'})";

    QTest::newRow("alias") << catalog({ users(), table(QStringLiteral("posts"), { integer(QStringLiteral("authorId")) },
                                                       { foreignKey(QStringLiteral("authorId"), QStringLiteral("users")) }) })
                           << QStringList { "post.belongsTo(user) as author fk authorId", "user.hasMany(post) as posts fk authorId" }
                           << QStringList { "post.setAuthor", "post.getAuthor", "user.getPosts" }
                           << "post.belongsTo(user, {as: 'author', foreignKey: 'authorId'})";

    CatalogTable underscoredUsers = table(QStringLiteral("users"), { text(QStringLiteral("full_name")), column(QStringLiteral("created_at"), QStringLiteral("DATETIME"), true),
                                                                     column(QStringLiteral("updated_at"), QStringLiteral("DATETIME"), true) });
    CatalogTable underscoredPosts = table(QStringLiteral("posts"), { integer(QStringLiteral("user_id")), column(QStringLiteral("created_at"), QStringLiteral("DATETIME"), true),
                                                                     column(QStringLiteral("updated_at"), QStringLiteral("DATETIME"), true) },
                                          { foreignKey(QStringLiteral("user_id"), QStringLiteral("users")) });
    QTest::newRow("underscored") << catalog({ underscoredUsers, underscoredPosts })
                                 << QStringList { "post.belongsTo(user) as user fk userId", "user.hasMany(post) as posts fk userId" }
                                 << QStringList { "user.getPosts", "post.getUser" } << "posts.user_id → users";
    // Without created_at/updated_at nothing says the table is underscored: user_id stays the name.
    QTest::newRow("snake case key") << catalog({ users(), table(QStringLiteral("posts"), { integer(QStringLiteral("user_id")) }, { foreignKey(QStringLiteral("user_id"), QStringLiteral("users")) }) })
                                    << QStringList { "post.belongsTo(user) as user fk user_id", "user.hasMany(post) as posts fk user_id" }
                                    << QStringList { "user.getPosts", "post.getUser" } << "posts.user_id → users";

    CatalogTable passports = table(QStringLiteral("passports"), { integer(QStringLiteral("userId")) }, { foreignKey(QStringLiteral("userId"), QStringLiteral("users")) });
    passports.indexes << uniqueOn({ QStringLiteral("userId") });
    QTest::newRow("hasOne") << catalog({ users(), passports })
                            << QStringList { "passport.belongsTo(user) as user fk userId", "user.hasOne(passport) as passport fk userId" }
                            << QStringList { "user.getPassport", "user.setPassport", "passport.getUser" } << "user.hasOne(passport";

    QTest::newRow("two keys to one table")
            << catalog({ users(), table(QStringLiteral("posts"), { integer(QStringLiteral("authorId")), integer(QStringLiteral("editorId")) },
                                        { foreignKey(QStringLiteral("authorId"), QStringLiteral("users")), foreignKey(QStringLiteral("editorId"), QStringLiteral("users")) }) })
            << QStringList { "post.belongsTo(user) as author fk authorId", "user.hasMany(post) as authorPosts fk authorId",
                             "post.belongsTo(user) as editor fk editorId", "user.hasMany(post) as editorPosts fk editorId" }
            << QStringList { "user.getAuthorPosts", "user.getEditorPosts", "post.getEditor" }
            << "user.hasMany(post, {as: 'editorPosts', foreignKey: 'editorId'})";

    QTest::newRow("self reference")
            << catalog({ table(QStringLiteral("employees"), { text(QStringLiteral("name")), integer(QStringLiteral("managerId")) },
                               { foreignKey(QStringLiteral("managerId"), QStringLiteral("employees")) }) })
            << QStringList { "employee.belongsTo(employee) as manager fk managerId", "employee.hasMany(employee) as managerEmployees fk managerId" }
            << QStringList { "employee.getManager", "employee.getManagerEmployees", "employee.addManagerEmployee" }
            << "employees.managerId → employees: self reference, employee.belongsTo(employee, {as: 'manager', foreignKey: 'managerId'})";

    QTest::newRow("join table, composite key")
            << catalog({ table(QStringLiteral("posts"), { text(QStringLiteral("title")) }), table(QStringLiteral("tags"), { text(QStringLiteral("name")) }),
                         joinTable(QStringLiteral("post_tags"), QStringLiteral("postId"), QStringLiteral("posts"), QStringLiteral("tagId"), QStringLiteral("tags")) })
            << QStringList { "post.belongsToMany(tag) as tags fk postId through post_tag other tagId",
                             "tag.belongsToMany(post) as posts fk tagId through post_tag other postId" }
            << QStringList { "post.addTag", "post.getTags", "tag.getPosts" } << "post_tags (postId, tagId): join table, post.belongsToMany(tag, {through: 'post_tag'";

    CatalogTable taggings = table(QStringLiteral("taggings"), { integer(QStringLiteral("postId"), true), integer(QStringLiteral("tagId"), true), integer(QStringLiteral("weight")) },
                                  { foreignKey(QStringLiteral("postId"), QStringLiteral("posts")), foreignKey(QStringLiteral("tagId"), QStringLiteral("tags")) });
    taggings.indexes << uniqueOn({ QStringLiteral("postId"), QStringLiteral("tagId") });
    QTest::newRow("join table, unique pair and own id")
            << catalog({ table(QStringLiteral("posts"), { text(QStringLiteral("title")) }), table(QStringLiteral("tags"), { text(QStringLiteral("name")) }), taggings })
            << QStringList { "post.belongsToMany(tag) as tags fk postId through tagging other tagId",
                             "tag.belongsToMany(post) as posts fk tagId through tagging other postId" }
            << QStringList { "post.setTags" } << "taggings (postId, tagId): join table";

    QTest::newRow("self join")
            << catalog({ users(), joinTable(QStringLiteral("friendships"), QStringLiteral("userId"), QStringLiteral("users"), QStringLiteral("friendId"), QStringLiteral("users"),
                                            { column(QStringLiteral("since"), QStringLiteral("DATE")) }) })
            << QStringList { "user.belongsToMany(user) as friends fk userId through friendship other friendId",
                             "user.belongsToMany(user) as users fk friendId through friendship other userId" }
            << QStringList { "user.addFriend", "user.getUsers" } << "friendships (userId, friendId): join table";

    QTest::newRow("join table beside a foreign key")
            << catalog({ users(), table(QStringLiteral("posts"), { integer(QStringLiteral("userId")) }, { foreignKey(QStringLiteral("userId"), QStringLiteral("users")) }),
                         joinTable(QStringLiteral("likes"), QStringLiteral("userId"), QStringLiteral("users"), QStringLiteral("postId"), QStringLiteral("posts")) })
            << QStringList { "post.belongsTo(user) as user fk userId", "user.hasMany(post) as posts fk userId",
                             "user.belongsToMany(post) as likePosts fk userId through like other postId",
                             "post.belongsToMany(user) as users fk postId through like other userId" }
            << QStringList { "user.getLikePosts", "user.getPosts", "post.getUsers" } << "likes (userId, postId): join table";

    CatalogTable logs = table(QStringLiteral("logs"), { text(QStringLiteral("message")), integer(QStringLiteral("userId")) },
                              { foreignKey(QStringLiteral("userId"), QStringLiteral("users")) }, false);
    QTest::newRow("no primary key") << catalog({ users(), logs }) << QStringList {} << QStringList {}
                                    << "logs.userId → users: no association (logs has no primary key";

    CatalogForeignKey composite = foreignKey(QStringLiteral("a"), QStringLiteral("users"));
    composite.columns << QStringLiteral("b");
    QTest::newRow("composite foreign key")
            << catalog({ users(), table(QStringLiteral("things"), { integer(QStringLiteral("a")), integer(QStringLiteral("b")) }, { composite }) })
            << QStringList {} << QStringList {} << "things.a,b → users: no association (a composite foreign key)";

    CatalogForeignKey toName = foreignKey(QStringLiteral("userName"), QStringLiteral("users"));
    toName.referencedColumns = QStringList { QStringLiteral("name") };
    QTest::newRow("key to a non-key column")
            << catalog({ users(), table(QStringLiteral("things"), { text(QStringLiteral("userName")) }, { toName }) })
            << QStringList {} << QStringList {} << "it references users.name, not the primary key";
}

void tst_Inference::associations()
{
    QFETCH(Catalog, db);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, accessors);
    QFETCH(QString, note);
    auto result = inferSchema(db);
    GRUMBLE_VERIFY_OK(result);
    const Schema &schema = result->schema;
    QCOMPARE(describe(schema), expected);
    for (const QString &accessor : accessors) {
        const QStringList parts = accessor.split(QLatin1Char('.'));
        QVERIFY2(schema.findAccessor(parts.at(0), parts.at(1)), qPrintable(accessor));
    }
    QVERIFY2(std::any_of(result->notes.begin(), result->notes.end(), [&](const QString &n) { return n.contains(note); }),
             qPrintable(result->notes.join(QLatin1Char('\n'))));
    // Every table is a model, with its table name; the JSON gives the same schema back.
    QCOMPARE(int(schema.models().size()), int(db.tables.size()));
    for (const CatalogTable &t : db.tables)
        QVERIFY2(schema.model(t.name) && schema.model(t.name)->tableName == t.name, qPrintable(t.name));
    auto again = Schema::fromJson(QJsonDocument(schema.toJson()).toJson());
    GRUMBLE_VERIFY_OK(again);
    QCOMPARE(canonical(*again), canonical(schema));
}

void tst_Inference::columnsInDatabaseOrder()
{
    CatalogTable posts = table(QStringLiteral("posts"), { integer(QStringLiteral("userId"), true), column(QStringLiteral("createdAt"), QStringLiteral("DATETIME"), true),
                                                          text(QStringLiteral("title")), column(QStringLiteral("updatedAt"), QStringLiteral("DATETIME"), true) },
                               { foreignKey(QStringLiteral("userId"), QStringLiteral("users"), QStringLiteral("CASCADE")) });
    const Schema schema = inferred(catalog({ users(), posts }));
    const Model *post = schema.model(QStringLiteral("post"));
    QStringList names;
    for (const Attribute &a : post->attributes)
        names << a.name;
    QCOMPARE(names, QStringList({ "id", "userId", "createdAt", "title", "updatedAt" }));
    QVERIFY(!post->attribute(QStringLiteral("userId"))->allowNull);
    QCOMPARE(post->attribute(QStringLiteral("userId"))->onDelete, QStringLiteral("CASCADE"));
    QVERIFY(post->attribute(QStringLiteral("createdAt"))->timestamp);
    auto again = Schema::fromJson(QJsonDocument(schema.toJson()).toJson());
    GRUMBLE_VERIFY_OK(again);
    QCOMPARE(canonical(*again), canonical(schema));
    // The pugs' compact form is kept: the id, timestamps and foreign keys are not written.
    const QJsonObject pugs = Schema::pugs().toJson();
    QCOMPARE(QJsonDocument(pugs.value(QStringLiteral("models")).toArray().at(1).toObject()).toJson(QJsonDocument::Compact),
             QByteArray(R"({"attributes":[{"name":"name","type":"STRING"}],"name":"pug"})"));
}

void tst_Inference::timestamps()
{
    const Schema schema = inferred(catalog({ table(QStringLiteral("a"), { column(QStringLiteral("createdAt"), QStringLiteral("DATETIME"), true),
                                                                          column(QStringLiteral("updatedAt"), QStringLiteral("DATETIME"), true) }),
                                             table(QStringLiteral("b"), { text(QStringLiteral("name")) }),
                                             table(QStringLiteral("c"), { column(QStringLiteral("createdAt"), QStringLiteral("DATETIME")) }),
                                             table(QStringLiteral("d"), { column(QStringLiteral("created_at"), QStringLiteral("timestamp with time zone")),
                                                                          column(QStringLiteral("updated_at"), QStringLiteral("timestamp with time zone")) }) }));
    QVERIFY(schema.model(QStringLiteral("a"))->options.timestamps);
    QVERIFY(schema.model(QStringLiteral("a"))->attribute(QStringLiteral("updatedAt"))->timestamp);
    QVERIFY(!schema.model(QStringLiteral("b"))->options.timestamps);
    QVERIFY(!schema.model(QStringLiteral("b"))->attribute(QStringLiteral("createdAt")));
    QVERIFY(!schema.model(QStringLiteral("c"))->options.timestamps);
    QVERIFY(!schema.model(QStringLiteral("c"))->attribute(QStringLiteral("createdAt"))->timestamp);
    const Model *d = schema.model(QStringLiteral("d"));
    QVERIFY(d->options.timestamps && d->options.underscored);
    QCOMPARE(d->attribute(QStringLiteral("createdAt"))->field, QStringLiteral("created_at"));
    QVERIFY(d->attribute(QStringLiteral("createdAt"))->timestamp);
    // The implicit id of Sequelize is recognized (and left out of the JSON).
    QVERIFY(schema.model(QStringLiteral("a"))->attributes.first().autoGenerated);
}

void tst_Inference::verbatimTypesRoundTrip()
{
    const Schema schema = inferred(catalog({ table(QStringLiteral("hosts"), { column(QStringLiteral("address"), QStringLiteral("inet"), true),
                                                                              column(QStringLiteral("area"), QStringLiteral("GEOMETRY")),
                                                                              column(QStringLiteral("price"), QStringLiteral("NUMERIC(10,2)")) }) }));
    const Attribute *address = schema.model(QStringLiteral("host"))->attribute(QStringLiteral("address"));
    QCOMPARE(address->type, DataType::Raw);
    QCOMPARE(address->sqlType, QStringLiteral("inet"));
    const QByteArray json = QJsonDocument(schema.toJson()).toJson(QJsonDocument::Compact);
    QVERIFY2(json.contains(R"("sqlType":"inet","type":"RAW")"), json.constData());
    auto again = Schema::fromJson(json);
    GRUMBLE_VERIFY_OK(again);
    QCOMPARE(canonical(*again), canonical(schema));
    QCOMPARE(again->model(QStringLiteral("host"))->attribute(QStringLiteral("price"))->sqlType, QStringLiteral("NUMERIC(10,2)"));
    // RAW needs its sqlType.
    QVERIFY(!Schema::fromJson(R"({"models": [{"name": "x", "attributes": [{"name": "a", "type": "RAW"}]}]})"));
}

void tst_Inference::noPrimaryKeyModel()
{
    const Schema schema = inferred(catalog({ table(QStringLiteral("logs"), { text(QStringLiteral("message")) }, {}, false) }));
    const Model *log = schema.model(QStringLiteral("log"));
    QVERIFY(log->primaryKey.isEmpty());
    QVERIFY(log->options.noPrimaryKey);
    QVERIFY(!log->attribute(QStringLiteral("id")));
    auto again = Schema::fromJson(QJsonDocument(schema.toJson()).toJson());
    GRUMBLE_VERIFY_OK(again);
    QVERIFY(again->model(QStringLiteral("log"))->primaryKey.isEmpty());
    auto refused = log->requireWritable(QStringLiteral("update"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, ErrorKind::Schema);
    QVERIFY(refused.error().message.startsWith(
            QStringLiteral("Table 'logs' has no primary key, so Grumble can show its rows but cannot change or delete one")));
}

void tst_Inference::oldSchemasStillLoad()
{
    for (const QString &name : { QStringLiteral("pugs"), QStringLiteral("people") }) {
        auto schema = Schema::builtin(name);
        GRUMBLE_VERIFY_OK(schema);
        auto again = Schema::fromJson(QJsonDocument(schema->toJson()).toJson());
        GRUMBLE_VERIFY_OK(again);
        QCOMPARE(canonical(*again), canonical(*schema));
    }
}

void tst_Inference::tableWithoutPrimaryKeyIsReadOnly()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    const Schema schema = inferred(catalog({ table(QStringLiteral("logs"), { text(QStringLiteral("message")) }, {}, false) }));
    auto engine = Engine::open(dbUrl, schema);
    GRUMBLE_VERIFY_OK(engine);
    Engine &e = **engine;
    GRUMBLE_VERIFY_OK(e.sync());
    GRUMBLE_VERIFY_OK(e.create(QStringLiteral("log"), { { QStringLiteral("message"), QStringLiteral("started") } }));
    auto rows = e.findAll(QStringLiteral("log"));
    GRUMBLE_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().value(QStringLiteral("message")).toString(), QStringLiteral("started"));
    for (auto refused : { e.update(rows->first(), { { QStringLiteral("message"), QStringLiteral("x") } }), e.destroy(rows->first()) }) {
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Schema);
        QVERIFY2(refused.error().message.contains(QStringLiteral("has no primary key, so Grumble can show its rows")),
                 qPrintable(refused.error().message));
    }
    QVERIFY(!e.findByPk(QStringLiteral("log"), 1));
    auto still = e.findAll(QStringLiteral("log"));
    GRUMBLE_VERIFY_OK(still);
    QCOMPARE(still->first().value(QStringLiteral("message")).toString(), QStringLiteral("started"));
}

namespace {

// Tables made by hand in the row's dialect: %PK% an auto-increment key, %TS% a date-time.
const char *const kHandMadeTables[] = {
    "CREATE TABLE users (id %PK%, name VARCHAR(255) NOT NULL, \"createdAt\" %TS% NOT NULL, \"updatedAt\" %TS% NOT NULL)",
    "CREATE TABLE posts (id %PK%, title VARCHAR(100), \"authorId\" INTEGER REFERENCES users (id) ON DELETE SET NULL "
    "ON UPDATE CASCADE, \"createdAt\" %TS% NOT NULL, \"updatedAt\" %TS% NOT NULL)",
    "CREATE TABLE tags (id %PK%, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE post_tags (\"postId\" INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE, \"tagId\" INTEGER NOT NULL "
    "REFERENCES tags (id) ON DELETE CASCADE, weight INTEGER DEFAULT 1, PRIMARY KEY (\"postId\", \"tagId\"))",
    "CREATE TABLE employees (id %PK%, name TEXT, \"managerId\" INTEGER REFERENCES employees (id))",
    "CREATE TABLE logs (message TEXT, address inet)",
    "INSERT INTO logs (message, address) VALUES ('hello', '10.0.0.1')",
};

QVariant callOn(Engine &e, const QString &model, qint64 id, const QString &accessor, const QVariantList &args = {})
{
    auto record = e.findByPk(model, id);
    if (!record || !record->isValid())
        return QStringLiteral("no %1#%2").arg(model).arg(id);
    auto result = e.call(*record, accessor, args);
    return result ? *result : QVariant(result.error().toString());
}

int sizeOf(const QVariant &value)
{
    return value.canConvert<RecordList>() ? int(value.value<RecordList>().size()) : -1;
}

} // namespace

void tst_Inference::introspectedDatabaseWorks()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    if (test::isSqliteMemoryUrl(dbUrl))
        return; // each connection is its own empty database: nothing to introspect (sqlite-file runs it)
    const bool postgres = test::parsePgUrl(dbUrl).has_value();
    {
        auto setup = Engine::open(dbUrl, Schema());
        GRUMBLE_VERIFY_OK(setup);
        for (const char *statement : kHandMadeTables) {
            QString sql = QString::fromUtf8(statement);
            sql.replace(QStringLiteral("%PK%"), postgres ? QStringLiteral("SERIAL PRIMARY KEY") : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT"));
            sql.replace(QStringLiteral("%TS%"), postgres ? QStringLiteral("TIMESTAMP WITH TIME ZONE") : QStringLiteral("DATETIME"));
            GRUMBLE_VERIFY_OK((*setup)->connection().exec(sql));
        }
    }
    auto opened = Engine::openIntrospected(dbUrl);
    GRUMBLE_VERIFY_OK(opened);
    QVERIFY(opened->fromDatabase);
    Engine &e = *opened->engine;
    QStringList models;
    for (const Model &m : e.schema().models())
        models << m.name;
    QCOMPARE(models, QStringList({ "employee", "log", "post_tag", "post", "tag", "user" }));
    auto ann = e.create(QStringLiteral("user"), { { QStringLiteral("name"), QStringLiteral("Ann") } });
    GRUMBLE_VERIFY_OK(ann);
    QVERIFY(ann->value(QStringLiteral("createdAt")).toDateTime().isValid()); // timestamps filled
    GRUMBLE_VERIFY_OK(e.create(QStringLiteral("post"), { { QStringLiteral("title"), QStringLiteral("Hi") } }));
    GRUMBLE_VERIFY_OK(e.create(QStringLiteral("tag"), { { QStringLiteral("name"), QStringLiteral("news") } }));
    QCOMPARE(callOn(e, QStringLiteral("post"), 1, QStringLiteral("setAuthor"), { qint64(1) }).value<Record>().value(QStringLiteral("authorId")).toLongLong(), 1);
    QCOMPARE(sizeOf(callOn(e, QStringLiteral("user"), 1, QStringLiteral("getPosts"))), 1);
    QVERIFY(callOn(e, QStringLiteral("post"), 1, QStringLiteral("addTag"), { qint64(1) }).isValid());
    QCOMPARE(sizeOf(callOn(e, QStringLiteral("tag"), 1, QStringLiteral("getPosts"))), 1);
    auto options = FindOptions::fromVariant(QVariantMap { { QStringLiteral("include"), QVariantList { QStringLiteral("author"), QStringLiteral("tags") } } });
    GRUMBLE_VERIFY_OK(options);
    auto posts = e.findAll(QStringLiteral("post"), *options);
    GRUMBLE_VERIFY_OK(posts);
    const QByteArray postsJson = toJson(QVariant::fromValue(*posts));
    QVERIFY2(postsJson.contains(R"("author":{"id":1,"name":"Ann")") && postsJson.contains(R"("post_tag":{"postId":1,"tagId":1,"weight":1})"),
             postsJson.constData());
    // Self reference.
    GRUMBLE_VERIFY_OK(e.bulkCreate(QStringLiteral("employee"), { { { QStringLiteral("name"), QStringLiteral("Boss") } }, { { QStringLiteral("name"), QStringLiteral("Worker") } } }));
    QVERIFY(callOn(e, QStringLiteral("employee"), 2, QStringLiteral("setManager"), { qint64(1) }).canConvert<Record>());
    QCOMPARE(sizeOf(callOn(e, QStringLiteral("employee"), 1, QStringLiteral("getManagerEmployees"))), 1);
    // A table without a primary key, with a type Grumble keeps verbatim: read, added to, not changed.
    GRUMBLE_VERIFY_OK(e.create(QStringLiteral("log"), { { QStringLiteral("message"), QStringLiteral("again") }, { QStringLiteral("address"), QStringLiteral("10.0.0.2") } }));
    auto logs = e.findAll(QStringLiteral("log"), *FindOptions::fromVariant(QVariantMap { { QStringLiteral("order"), QVariantList { QVariant(QVariantList { QStringLiteral("message"), QStringLiteral("DESC") }) } } }));
    GRUMBLE_VERIFY_OK(logs);
    QCOMPARE(logs->size(), 2);
    QCOMPARE(logs->at(0).value(QStringLiteral("address")).toString(), QStringLiteral("10.0.0.1"));
    QCOMPARE(logs->at(1).value(QStringLiteral("address")).toString(), QStringLiteral("10.0.0.2"));
    QCOMPARE(e.destroy(logs->at(0)).error().kind, ErrorKind::Schema);
    // The JSON of the introspected schema loads to the same schema.
    auto again = Schema::fromJson(QJsonDocument(e.schema().toJson()).toJson());
    GRUMBLE_VERIFY_OK(again);
    QCOMPARE(canonical(*again), canonical(e.schema()));
}

QTEST_GUILESS_MAIN(tst_Inference)
#include "tst_inference.moc"

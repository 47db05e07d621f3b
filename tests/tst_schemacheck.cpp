// checkSchema(): every kind of difference between a declared schema and a catalog (catalogs built
// here), a database Grumble synced from a schema (read with readCatalog on the matrix), and
// `grumble check` run as a process (lines, --json, exit codes 0 / 1 / 2).
#include "catalogreader.h"
#include "dialect.h"
#include "engine.h"
#include "schemacheck.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace grumble;

namespace {

//! The column type Grumble's SQLite DDL writes for an attribute.
QString sqliteType(const Attribute &a)
{
    static const std::unique_ptr<Dialect> sqlite = Dialect::forName(QStringLiteral("sqlite"));
    return sqlite->columnType(a);
}

//! The foreign keys of a model as a database would report them.
QVector<CatalogForeignKey> foreignKeysOf(const Schema &schema, const Model &m)
{
    QVector<CatalogForeignKey> keys;
    for (const Attribute &a : m.attributes) {
        const Model *ref = schema.model(a.referencesModel);
        if (a.referencesModel.isEmpty() || !a.constraint || !ref)
            continue;
        CatalogForeignKey key;
        key.columns = { a.field };
        key.referencedTable = ref->tableName;
        key.referencedColumns = { ref->attribute(a.referencesKey)->field };
        key.onDelete = a.onDelete.isEmpty() ? QStringLiteral("NO ACTION") : a.onDelete;
        key.onUpdate = a.onUpdate.isEmpty() ? QStringLiteral("NO ACTION") : a.onUpdate;
        keys << key;
    }
    return keys;
}

//! The catalog of a SQLite database Grumble synced from `schema`, built by hand.
Catalog catalogOf(const Schema &schema)
{
    Catalog catalog;
    catalog.dialect = QStringLiteral("sqlite");
    catalog.namespaceName = QStringLiteral("main");
    for (const Model &m : schema.models()) {
        CatalogTable table;
        table.name = m.tableName;
        for (const Attribute &a : m.attributes) {
            CatalogColumn column;
            column.name = a.field;
            column.sqlType = sqliteType(a);
            column.notNull = !a.allowNull;
            column.autoIncrement = a.autoIncrement;
            table.columns << column;
            if (a.unique)
                table.indexes << CatalogIndex{ m.tableName + QStringLiteral("_") + a.field, { a.field }, true, true, false };
        }
        for (const QString &k : m.primaryKey)
            table.primaryKey << m.attribute(k)->field;
        table.foreignKeys = foreignKeysOf(schema, m);
        catalog.tables << table;
    }
    std::sort(catalog.tables.begin(), catalog.tables.end(),
              [](const CatalogTable &a, const CatalogTable &b) { return a.name < b.name; });
    return catalog;
}

CatalogTable &tableIn(Catalog &catalog, const QString &name)
{
    for (CatalogTable &t : catalog.tables) {
        if (t.name == name)
            return t;
    }
    qFatal("no table %s", qPrintable(name));
}

CatalogColumn &columnIn(Catalog &catalog, const QString &table, const QString &name)
{
    for (CatalogColumn &c : tableIn(catalog, table).columns) {
        if (c.name == name)
            return c;
    }
    qFatal("no column %s.%s", qPrintable(table), qPrintable(name));
}

//! Changes the catalog as the row `change` says.
void mutate(const QString &change, Catalog &c)
{
    if (change == QLatin1String("missing table")) {
        c.tables.removeIf([](const CatalogTable &t) { return t.name == QLatin1String("friends"); });
    } else if (change == QLatin1String("extra table")) {
        CatalogTable audit;
        audit.name = QStringLiteral("audit");
        audit.columns = { CatalogColumn{ QStringLiteral("id"), QStringLiteral("INTEGER") },
                          CatalogColumn{ QStringLiteral("what"), QStringLiteral("TEXT") } };
        c.tables << audit;
    } else if (change == QLatin1String("missing column")) {
        tableIn(c, QStringLiteral("pugs")).columns.removeIf([](const CatalogColumn &col) { return col.name == QLatin1String("ownerId"); });
        tableIn(c, QStringLiteral("pugs")).foreignKeys.clear();
    } else if (change == QLatin1String("extra column")) {
        tableIn(c, QStringLiteral("pugs")).columns << CatalogColumn{ QStringLiteral("color"), QStringLiteral("VARCHAR(20)"), true };
    } else if (change == QLatin1String("type mismatch")) {
        columnIn(c, QStringLiteral("owners"), QStringLiteral("name")).sqlType = QStringLiteral("INTEGER");
    } else if (change == QLatin1String("unknown type")) {
        columnIn(c, QStringLiteral("owners"), QStringLiteral("name")).sqlType = QStringLiteral("GEOMETRY");
    } else if (change == QLatin1String("string length")) {
        c.dialect = QStringLiteral("postgres");
        columnIn(c, QStringLiteral("owners"), QStringLiteral("name")).sqlType = QStringLiteral("character varying(64)");
    } else if (change == QLatin1String("other spellings")) {
        columnIn(c, QStringLiteral("owners"), QStringLiteral("id")).sqlType = QStringLiteral("int4");
        columnIn(c, QStringLiteral("pugs"), QStringLiteral("createdAt")).sqlType = QStringLiteral("TIMESTAMP WITH TIME ZONE");
        columnIn(c, QStringLiteral("pugs"), QStringLiteral("name")).sqlType = QStringLiteral("varchar(255)");
    } else if (change == QLatin1String("nullability")) {
        columnIn(c, QStringLiteral("pugs"), QStringLiteral("name")).notNull = true;
    } else if (change == QLatin1String("no foreign key")) {
        tableIn(c, QStringLiteral("pugs")).foreignKeys.clear();
    } else if (change == QLatin1String("foreign key elsewhere")) {
        tableIn(c, QStringLiteral("pugs")).foreignKeys[0].referencedTable = QStringLiteral("friends");
    } else if (change == QLatin1String("foreign key without association")) {
        CatalogTable &owners = tableIn(c, QStringLiteral("owners"));
        owners.columns << CatalogColumn{ QStringLiteral("bestPugId"), QStringLiteral("INTEGER") };
        owners.foreignKeys << CatalogForeignKey{ QString(), { QStringLiteral("bestPugId") }, QStringLiteral("pugs"),
                                                 { QStringLiteral("id") }, QStringLiteral("SET NULL"), QStringLiteral("CASCADE") };
    } else if (change == QLatin1String("join table without key")) {
        tableIn(c, QStringLiteral("friendship")).primaryKey.clear();
    } else if (change == QLatin1String("join table with unique index")) {
        tableIn(c, QStringLiteral("friendship")).primaryKey.clear();
        tableIn(c, QStringLiteral("friendship")).indexes << CatalogIndex{ QStringLiteral("pair"), { QStringLiteral("friendId"), QStringLiteral("pugId") }, true };
    } else if (change == QLatin1String("on delete")) {
        tableIn(c, QStringLiteral("pugs")).foreignKeys[0].onDelete = QStringLiteral("CASCADE");
    } else if (change == QLatin1String("on update")) {
        tableIn(c, QStringLiteral("pugs")).foreignKeys[0].onUpdate = QStringLiteral("NO ACTION");
    } else if (change == QLatin1String("hasOne unique")) {
        tableIn(c, QStringLiteral("passports")).indexes << CatalogIndex{ QStringLiteral("holder"), { QStringLiteral("holderId") }, true };
    } else if (change == QLatin1String("restrict is no action")) {
        tableIn(c, QStringLiteral("passports")).indexes << CatalogIndex{ QStringLiteral("holder"), { QStringLiteral("holderId") }, true };
        for (CatalogForeignKey &k : tableIn(c, QStringLiteral("teams")).foreignKeys)
            k.onDelete = QStringLiteral("NO ACTION");
    } else if (change == QLatin1String("several")) {
        mutate(QStringLiteral("extra column"), c);
        mutate(QStringLiteral("nullability"), c);
        mutate(QStringLiteral("extra table"), c);
        mutate(QStringLiteral("on delete"), c);
        mutate(QStringLiteral("type mismatch"), c);
    }
}

QStringList lines(const QVector<SchemaDifference> &differences)
{
    QStringList out;
    for (const SchemaDifference &d : differences)
        out << d.line();
    return out;
}

using Run = test::ProcessRun;

Run runGrumble(const QStringList &args)
{
    return test::runProcess(QStringLiteral(GRUMBLE_EXE), args, QProcessEnvironment::systemEnvironment(), {}, 60000);
}

} // namespace

class tst_SchemaCheck : public QObject
{
    Q_OBJECT
private slots:
    void differences_data();
    void differences();
    void meanings_data();
    void meanings();
    void json();
    void rawTypes();
    void syncedDatabase_data() { grumble::test::addDatabaseRows(); }
    void syncedDatabase();
    void checkCommand_data() { grumble::test::addDatabaseRows(); }
    void checkCommand();
    void checkCommandUsage();
};

void tst_SchemaCheck::differences_data()
{
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QStringList>("expected");
    const QString pugs = QStringLiteral("pugs");
    QTest::newRow("identical") << pugs << QString() << QStringList();
    QTest::newRow("missing table") << pugs << "missing table" << QStringList{ "friends: missing table (schema: model friend)" };
    QTest::newRow("extra table") << pugs << "extra table" << QStringList{ "audit: extra table (database: 2 columns, no model)" };
    QTest::newRow("missing column") << pugs << "missing column"
                                    << QStringList{ "pugs.ownerId: missing column (schema: INTEGER REFERENCES owners(id))" };
    QTest::newRow("extra column") << pugs << "extra column"
                                  << QStringList{ "pugs.color: extra column (database: VARCHAR(20) NOT NULL, no attribute)" };
    QTest::newRow("type mismatch") << pugs << "type mismatch"
                                   << QStringList{ "owners.name: type mismatch (schema: STRING(255), database: INTEGER)" };
    QTest::newRow("unknown type") << pugs << "unknown type"
                                  << QStringList{ "owners.name: type mismatch (schema: STRING(255), database: GEOMETRY)" };
    QTest::newRow("string length") << pugs << "string length"
                                   << QStringList{ "owners.name: type mismatch (schema: STRING(255), database: character varying(64))" };
    QTest::newRow("other spellings of one type") << pugs << "other spellings" << QStringList();
    QTest::newRow("nullability") << pugs << "nullability"
                                 << QStringList{ "pugs.name: NULL-ability mismatch (schema: NULL allowed, database: NOT NULL)" };
    QTest::newRow("association without foreign key")
            << pugs << "no foreign key"
            << QStringList{ "pugs.ownerId: association without a foreign key constraint (schema: REFERENCES owners(id) for "
                            "pug.belongsTo(owner), owner.hasMany(pug), database: no constraint)" };
    QTest::newRow("foreign key to another table")
            << pugs << "foreign key elsewhere"
            << QStringList{ "pugs.ownerId: association without a foreign key constraint (schema: REFERENCES owners(id) for "
                            "pug.belongsTo(owner), owner.hasMany(pug), database: REFERENCES friends(id))" };
    QTest::newRow("foreign key without association")
            << pugs << "foreign key without association"
            << QStringList{ "owners.bestPugId: extra column (database: INTEGER, no attribute)",
                            "owners.bestPugId: foreign key without an association (database: REFERENCES pugs(id), no association)" };
    QTest::newRow("join table without composite key")
            << pugs << "join table without key"
            << QStringList{ "friendship(friendId, pugId): join table without its composite key (schema: "
                            "friend.belongsToMany(pug) through friendship, database: not unique on (friendId, pugId))" };
    QTest::newRow("join table unique by an index") << pugs << "join table with unique index" << QStringList();
    QTest::newRow("on delete") << pugs << "on delete"
                               << QStringList{ "pugs.ownerId: differing ON DELETE (schema: SET NULL, database: CASCADE)" };
    QTest::newRow("on update") << pugs << "on update"
                               << QStringList{ "pugs.ownerId: differing ON UPDATE (schema: CASCADE, database: NO ACTION)" };
    QTest::newRow("hasOne key not unique")
            << "people" << QString()
            << QStringList{ "passports.holderId: hasOne whose key is not unique (schema: person.hasOne(passport), database: "
                            "holderId not unique)" };
    QTest::newRow("hasOne key unique") << "people" << "hasOne unique" << QStringList();
    QTest::newRow("RESTRICT is NO ACTION") << "people" << "restrict is no action" << QStringList();
    QTest::newRow("ordered by table, then column")
            << pugs << "several"
            << QStringList{ "audit: extra table (database: 2 columns, no model)",
                            "owners.name: type mismatch (schema: STRING(255), database: INTEGER)",
                            "pugs.color: extra column (database: VARCHAR(20) NOT NULL, no attribute)",
                            "pugs.name: NULL-ability mismatch (schema: NULL allowed, database: NOT NULL)",
                            "pugs.ownerId: differing ON DELETE (schema: SET NULL, database: CASCADE)" };
}

void tst_SchemaCheck::differences()
{
    QFETCH(QString, schema);
    QFETCH(QString, change);
    QFETCH(QStringList, expected);
    auto declared = Schema::builtin(schema);
    QVERIFY(declared);
    Catalog catalog = catalogOf(*declared);
    mutate(change, catalog);
    const QVector<SchemaDifference> found = checkSchema(*declared, catalog);
    QCOMPARE(lines(found), expected);
    for (const SchemaDifference &d : found) {
        QVERIFY2(!d.meaning.isEmpty(), qPrintable(d.line()));
        QVERIFY(d.message.startsWith(schemaDifferenceKindName(d.kind) + QStringLiteral(" (")));
    }
}

void tst_SchemaCheck::meanings_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("meaning");
    QTest::newRow("missing column") << "missing column" << "Reading or creating a pug fails: the database has no column ownerId";
    QTest::newRow("extra column") << "extra column"
                                  << "Creating a pug fails: the database requires color (NOT NULL, no default) and the schema "
                                     "never sets it";
    QTest::newRow("on delete") << "on delete"
                               << "Deleting an owner: the database does CASCADE (the pugs pointing at it are deleted too), the "
                                  "schema says SET NULL (ownerId of the pugs pointing at it becomes NULL); Grumble's delete "
                                  "preview follows the schema";
    QTest::newRow("missing table") << "missing table"
                                   << "Every query on friend fails: the database has no table friends (Sync… or --sync creates it)";
}

void tst_SchemaCheck::meanings()
{
    QFETCH(QString, change);
    QFETCH(QString, meaning);
    Catalog catalog = catalogOf(Schema::pugs());
    mutate(change, catalog);
    const QVector<SchemaDifference> found = checkSchema(Schema::pugs(), catalog);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().meaning, meaning);
}

void tst_SchemaCheck::json()
{
    Catalog catalog = catalogOf(Schema::pugs());
    mutate(QStringLiteral("missing column"), catalog);
    const QVector<SchemaDifference> found = checkSchema(Schema::pugs(), catalog);
    QCOMPARE(found.size(), 1);
    const QJsonObject o = found.first().toJson();
    QCOMPARE(o.keys(), (QStringList{ "actual", "column", "expected", "kind", "meaning", "message", "table" }));
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("missingColumn"));
    QCOMPARE(o.value(QStringLiteral("table")).toString(), QStringLiteral("pugs"));
    QCOMPARE(o.value(QStringLiteral("column")).toString(), QStringLiteral("ownerId"));
    QCOMPARE(o.value(QStringLiteral("expected")).toString(), QStringLiteral("INTEGER REFERENCES owners(id)"));
    QCOMPARE(o.value(QStringLiteral("actual")).toString(), QString());
}

// A type none of the schema's types is (RAW, kept verbatim) matches the same type, case aside.
void tst_SchemaCheck::rawTypes()
{
    Schema schema;
    Attribute address;
    address.name = QStringLiteral("address");
    address.type = DataType::Raw;
    address.sqlType = QStringLiteral("inet");
    QVERIFY(schema.define(QStringLiteral("host"), { address }));
    Catalog catalog = catalogOf(schema);
    columnIn(catalog, QStringLiteral("hosts"), QStringLiteral("address")).sqlType = QStringLiteral("INET");
    QCOMPARE(lines(checkSchema(schema, catalog)), QStringList());
    columnIn(catalog, QStringLiteral("hosts"), QStringLiteral("address")).sqlType = QStringLiteral("TEXT");
    QCOMPARE(lines(checkSchema(schema, catalog)),
             QStringList{ "hosts.address: type mismatch (schema: inet, database: TEXT)" });
}

// A database Grumble synced from a schema has no differences with it (people: its hasOne key,
// which Sequelize and Grumble leave without a UNIQUE); a column added behind its back is one.
void tst_SchemaCheck::syncedDatabase()
{
    QFETCH(QString, url);
    for (const QString &name : { QStringLiteral("pugs"), QStringLiteral("people") }) {
        const QString db = grumble::test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(db);
        auto schema = Schema::builtin(name);
        QVERIFY(schema);
        auto engine = Engine::open(db, *schema);
        QVERIFY2(engine, qPrintable(engine ? QString() : engine.error().toString()));
        QVERIFY((*engine)->sync(false));
        auto catalog = readCatalog((*engine)->connection());
        QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().toString()));
        const QStringList expected = name == QLatin1String("people")
                ? QStringList{ "passports.holderId: hasOne whose key is not unique (schema: person.hasOne(passport), "
                               "database: holderId not unique)" }
                : QStringList();
        QCOMPARE(lines(checkSchema(*schema, *catalog)), expected);
    }
    const QString db = grumble::test::freshUrl(url);
    auto engine = Engine::open(db);
    QVERIFY(engine);
    QVERIFY((*engine)->sync(false));
    QVERIFY((*engine)->connection().execDirect(QStringLiteral("ALTER TABLE owners ADD COLUMN nickname VARCHAR(20) NOT NULL DEFAULT 'x'")).ok());
    auto catalog = readCatalog((*engine)->connection());
    QVERIFY(catalog);
    const QVector<SchemaDifference> found = checkSchema(Schema::pugs(), *catalog);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().kind, SchemaDifferenceKind::ExtraColumn);
    QCOMPARE(found.first().table, QStringLiteral("owners"));
    QCOMPARE(found.first().column, QStringLiteral("nickname"));
}

// `grumble check`: exit 0 without differences, 1 with (one line each, or --json), on the matrix.
void tst_SchemaCheck::checkCommand()
{
    QFETCH(QString, url);
    const QString db = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(db);
    QTemporaryDir dir;
    const QString schemaFile = dir.filePath(QStringLiteral("pugs.json"));
    QFile f(schemaFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(Schema::pugs().toJson()).toJson());
    f.close();
    if (grumble::test::isSqliteMemoryUrl(url)) {
        // An empty database: every table is missing.
        const Run r = runGrumble({ "check", "--db", db, "--schema", schemaFile });
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.lines(), (QStringList{ "friends: missing table (schema: model friend)",
                                        "friendship: missing table (schema: model friendship)",
                                        "owners: missing table (schema: model owner)",
                                        "pugs: missing table (schema: model pug)" }));
        return;
    }
    {
        auto engine = Engine::open(db);
        QVERIFY(engine);
        QVERIFY((*engine)->sync(false));
    }
    Run r = runGrumble({ "check", "--db", db, "--schema", schemaFile });
    QVERIFY2(r.exitCode == 0 && r.lines().isEmpty(), qPrintable(QString::fromUtf8(r.out) + r.err));
    {
        auto engine = Engine::open(db);
        QVERIFY(engine);
        QVERIFY((*engine)->connection().execDirect(QStringLiteral("ALTER TABLE pugs ADD COLUMN color VARCHAR(20)")).ok());
    }
    r = runGrumble({ "check", "--db", db, "--schema", schemaFile });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.lines().size(), 1);
    QVERIFY2(r.lines().first().startsWith(QLatin1String("pugs.color: extra column (database: ")), qPrintable(r.lines().first()));
    r = runGrumble({ "check", "--json", "--db", db, "--schema", schemaFile });
    QCOMPARE(r.exitCode, 1);
    const QJsonArray array = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(array.size(), 1);
    QCOMPARE(array.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("extraColumn"));
    QCOMPARE(array.at(0).toObject().value(QStringLiteral("column")).toString(), QStringLiteral("color"));
    QVERIFY(!array.at(0).toObject().value(QStringLiteral("meaning")).toString().isEmpty());
}

void tst_SchemaCheck::checkCommandUsage()
{
    QTemporaryDir dir;
    const QString schemaFile = dir.filePath(QStringLiteral("pugs.json"));
    QFile f(schemaFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(Schema::pugs().toJson()).toJson());
    f.close();
    const QString db = dir.filePath(QStringLiteral("db.sqlite"));
    Run r = runGrumble({ "check", "--frobnicate" });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("unknown option '--frobnicate'")), qPrintable(r.err));
    r = runGrumble({ "check", "--db", db });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--schema")), qPrintable(r.err));
    r = runGrumble({ "check", "--db", db, "--schema", dir.filePath(QStringLiteral("none.json")) });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("none.json")), qPrintable(r.err));
    r = runGrumble({ "check", "--db", QStringLiteral("postgresql://nobody@127.0.0.1:1/none"), "--schema", schemaFile });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
    QVERIFY(r.lines().isEmpty());
    r = runGrumble({ "check", "--help" });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QString::fromUtf8(r.out).contains(QLatin1String("Usage: grumble check --db URL --schema FILE [--json]")));
    r = runGrumble({ "--help" });
    QVERIFY(QString::fromUtf8(r.out).contains(QLatin1String("grumble check --db URL --schema FILE [--json]")));
    // A file that does not exist is not made: opening it would create it.
    r = runGrumble({ "check", "--db", db, "--schema", schemaFile });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("no database file")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(db));
}

QTEST_GUILESS_MAIN(tst_SchemaCheck)
#include "tst_schemacheck.moc"

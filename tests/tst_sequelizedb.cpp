// Introspection against databases the real Sequelize made: tests/sequelize/sync.js syncs the
// fixture models (and seeds rows) on a SQLite file and on PostgreSQL and prints what Sequelize's
// own objects say; Grumble's readCatalog() + inferSchema() must give the same tables, keys,
// associations and, where the database determines them, accessor names. What must match is in
// tests/sequelize/README.md.
#include "catalogreader.h"
#include "engine.h"
#include "inference.h"
#include "testdb.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlQuery>
#include <QtTest>

#include <map>

using namespace grumble;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

//! One database Sequelize synced (one node process per database) and what Grumble read from it.
struct Synced
{
    QString error; //!< why there is nothing to compare (empty: ok)
    QString url; //!< what Grumble opens (PostgreSQL: with ?schema=NAME on the schema row)
    QString databaseUrl; //!< the database without the schema parameter
    QString pgSchema; //!< the PostgreSQL schema the tables are in
    QString sqliteFile; //!< empty on PostgreSQL
    QByteArray fileHash; //!< SHA-256 of the SQLite file right after Sequelize closed it
    QJsonObject expectation;
    Catalog catalog;
    InferredSchema inferred;
};

//! Runs `node sync.js --seed ARGS` in GRUMBLE_SEQUELIZE_DIR; an error message or the expectation.
QString runSequelize(const QStringList &args, QJsonObject *expectation)
{
    const QString node = qEnvironmentVariable("GRUMBLE_NODE");
    const QString dir = qEnvironmentVariable("GRUMBLE_SEQUELIZE_DIR");
    if (node.isEmpty() || dir.isEmpty())
        return QStringLiteral(
                "GRUMBLE_NODE and GRUMBLE_SEQUELIZE_DIR are not set: run this test through "
                "scripts/test, which installs Sequelize with `npm ci` (it needs node and npm)");
    if (!QFileInfo::exists(dir + QStringLiteral("/node_modules/sequelize/package.json")))
        return QStringLiteral("no Sequelize in %1/node_modules (did `npm ci` fail?)").arg(dir);
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(node,
                  QStringList{ dir + QStringLiteral("/sync.js"), QStringLiteral("--seed") } + args);
    if (!process.waitForFinished(120000))
        return QStringLiteral("node sync.js did not finish: %1").arg(process.errorString());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("node sync.js failed (exit %1): %2").arg(process.exitCode()).arg(err);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput(), &parseError);
    if (!doc.isObject())
        return QStringLiteral("sync.js printed no JSON object: ") + parseError.errorString();
    *expectation = doc.object();
    return {};
}

//! sync.js's arguments for a database URL of the test matrix (and a PostgreSQL schema, or none).
QStringList syncArguments(const QString &url, const QString &pgSchema)
{
    const std::optional<test::PgParts> pg = test::parsePgUrl(url);
    if (!pg)
        return { QStringLiteral("--dialect"), QStringLiteral("sqlite"), QStringLiteral("--storage"),
                 test::sqlitePath(url) };
    QStringList args = { QStringLiteral("--dialect"),  QStringLiteral("postgres"),
                         QStringLiteral("--host"),     pg->host,
                         QStringLiteral("--port"),     QString::number(pg->port),
                         QStringLiteral("--user"),     pg->user,
                         QStringLiteral("--database"), pg->db };
    if (!pg->password.isEmpty())
        args << QStringLiteral("--password") << pg->password;
    if (!pgSchema.isEmpty())
        args << QStringLiteral("--schema") << pgSchema;
    return args;
}

//! Syncs a fresh database of the row with Sequelize and reads it with Grumble.
Synced syncAndRead(const QString &rowUrl, const QString &pgSchema)
{
    Synced s;
    s.databaseUrl = test::freshUrl(rowUrl);
    if (s.databaseUrl.isEmpty()) {
        s.error = test::lastError();
        return s;
    }
    s.pgSchema = pgSchema.isEmpty() ? QStringLiteral("public") : pgSchema;
    s.url = pgSchema.isEmpty() ? s.databaseUrl
                               : s.databaseUrl + QStringLiteral("?schema=") + pgSchema;
    if (!test::parsePgUrl(s.url))
        s.sqliteFile = test::sqlitePath(s.url);
    s.error = runSequelize(syncArguments(s.databaseUrl, pgSchema), &s.expectation);
    if (!s.error.isEmpty())
        return s;
    if (!s.sqliteFile.isEmpty())
        s.fileHash = test::fileSha256(s.sqliteFile);
    auto connection = Connection::open(s.url);
    if (!connection.ok()) {
        s.error = QStringLiteral("Grumble cannot open %1: %2")
                          .arg(s.url, connection.error().toString());
        return s;
    }
    auto catalog = readCatalog(**connection);
    if (!catalog.ok()) {
        s.error = QStringLiteral("readCatalog: ") + catalog.error().toString();
        return s;
    }
    s.catalog = *catalog;
    auto inferred = inferSchema(s.catalog);
    if (!inferred.ok()) {
        s.error = QStringLiteral("inferSchema: ") + inferred.error().toString();
        return s;
    }
    s.inferred = *inferred;
    return s;
}

//! The synced database of a matrix row (made once per row; the tests of a row share it).
const Synced &synced(const QString &rowUrl, const QString &pgSchema)
{
    static std::map<QString, Synced> byRow;
    const QString key = rowUrl + QLatin1Char('#') + pgSchema;
    auto found = byRow.find(key);
    if (found == byRow.end())
        found = byRow.emplace(key, syncAndRead(rowUrl, pgSchema)).first;
    return found->second;
}

const Model *modelOnTable(const Schema &schema, const QString &table)
{
    for (const Model &m : schema.models()) {
        if (m.tableName == table)
            return &m;
    }
    return nullptr;
}

//! The column of an attribute of a model ("" when either is missing).
QString fieldOf(const Schema &schema, const QString &model, const QString &attribute)
{
    const Model *m = schema.model(model);
    const Attribute *a = m ? m->attribute(attribute) : nullptr;
    return a ? a->field : QString();
}

QString tableOf(const Schema &schema, const QString &model)
{
    const Model *m = schema.model(model);
    return m ? m->tableName : QString();
}

//! The kind Grumble must infer for a Sequelize association: a hasOne whose key is not unique is a
//! hasMany in the database.
QString expectedKind(const QJsonObject &e)
{
    const QString kind = str(e, "associationType");
    if (kind == QLatin1String("hasOne") && !e.value(QLatin1String("foreignKeyUnique")).toBool())
        return QStringLiteral("hasMany");
    return kind;
}

//! An association as the database determines it: "hasMany Users → Posts by Posts.authorId (Users.id)".
QString describe(const Schema &schema, const Association &a)
{
    const QString keyModel = a.kind == AssociationKind::BelongsTo ? a.source
            : a.kind == AssociationKind::BelongsToMany            ? a.through
                                                                  : a.target;
    QString text = QStringLiteral("%1 %2 → %3 by %4.%5")
                           .arg(associationKindName(a.kind), tableOf(schema, a.source),
                                tableOf(schema, a.target), tableOf(schema, keyModel),
                                fieldOf(schema, keyModel, a.foreignKey));
    if (a.kind == AssociationKind::BelongsToMany)
        text += QStringLiteral(" and %1").arg(fieldOf(schema, a.through, a.otherKey));
    if (a.kind == AssociationKind::BelongsTo)
        text += QStringLiteral(" (%1.%2)")
                        .arg(tableOf(schema, a.target), fieldOf(schema, a.target, a.targetKey));
    else
        text += QStringLiteral(" (%1.%2)")
                        .arg(tableOf(schema, a.source), fieldOf(schema, a.source, a.sourceKey));
    return text;
}

//! The same text for an association of the expectation.
QString describe(const QJsonObject &e)
{
    const QString kind = expectedKind(e);
    const QString keyTable = kind == QLatin1String("belongsTo") ? str(e, "sourceTable")
            : kind == QLatin1String("belongsToMany")            ? str(e, "throughTable")
                                                                : str(e, "targetTable");
    QString text = QStringLiteral("%1 %2 → %3 by %4.%5")
                           .arg(kind, str(e, "sourceTable"), str(e, "targetTable"), keyTable,
                                str(e, "foreignKeyField"));
    if (kind == QLatin1String("belongsToMany"))
        text += QStringLiteral(" and %1").arg(str(e, "otherKeyField"));
    if (kind == QLatin1String("belongsTo"))
        text += QStringLiteral(" (%1.%2)").arg(str(e, "targetTable"), str(e, "targetKeyField"));
    else
        text += QStringLiteral(" (%1.%2)").arg(str(e, "sourceTable"), str(e, "sourceKeyField"));
    return text;
}

//! Grumble's association that is the expectation's (same description), nullptr when there is none.
const Association *counterpart(const Schema &schema, const QJsonObject &e)
{
    const QString wanted = describe(e);
    for (const Association &a : schema.associations()) {
        if (describe(schema, a) == wanted)
            return &a;
    }
    return nullptr;
}

QStringList describeAll(const Schema &schema)
{
    QStringList all;
    for (const Association &a : schema.associations())
        all << describe(schema, a);
    return all;
}

//! Whether a Grumble attribute has the type of a Sequelize DataTypes key (+ STRING length).
bool sameType(const Attribute &a, const QString &key, int length)
{
    static const QHash<QString, DataType> types = {
        { QStringLiteral("STRING"), DataType::String },
        { QStringLiteral("TEXT"), DataType::Text },
        { QStringLiteral("INTEGER"), DataType::Integer },
        { QStringLiteral("BOOLEAN"), DataType::Boolean },
        { QStringLiteral("DATE"), DataType::Date },
        { QStringLiteral("DATEONLY"), DataType::DateOnly },
    };
    if (key == QLatin1String("FLOAT"))
        return a.type == DataType::Float || a.type == DataType::Double;
    if (!types.contains(key))
        return true; // not one of the schema's types: not compared
    return a.type == types.value(key) && (a.type != DataType::String || a.length == length);
}

} // namespace

class tst_SequelizeDb : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data();
    void models();
    void associations();
    void accessorNames();
    void seededRowsThroughEngine();
    void databaseUnchanged();
};

void tst_SequelizeDb::initTestCase_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("pgSchema");
    QTest::newRow("sqlite-file") << QStringLiteral("sqlite:sequelize.sqlite") << QString();
    QTest::newRow("postgresql") << test::pgServerUrl() << QString();
    // Sequelize's `define: {schema: 'app'}`, read with postgresql://…?schema=app.
    QTest::newRow("postgresql-schema") << test::pgServerUrl() << QStringLiteral("app");
}

//! Fetches the row's synced database into `s`, failing the test with its error.
#define FETCH_SYNCED(s)                      \
    QFETCH_GLOBAL(QString, url);             \
    QFETCH_GLOBAL(QString, pgSchema);        \
    GRUMBLE_REQUIRE_DB(url);                 \
    const Synced &s = synced(url, pgSchema); \
    QVERIFY2(s.error.isEmpty(), qPrintable(s.error))

void tst_SequelizeDb::models()
{
    FETCH_SYNCED(s);
    const Schema &schema = s.inferred.schema;
    const QJsonArray models = s.expectation.value(QLatin1String("models")).toArray();
    QCOMPARE(models.size(), 12);
    QStringList sequelizeTables;
    for (const QJsonValue &value : models) {
        const QJsonObject e = value.toObject();
        const QString table = str(e, "tableName");
        sequelizeTables << table;
        const Model *m = modelOnTable(schema, table);
        QVERIFY2(m, qPrintable(QStringLiteral("no model on table %1").arg(table)));
        QStringList pk;
        for (const QString &name : m->primaryKey)
            pk << m->attribute(name)->field;
        QStringList expectedPk;
        for (const QJsonValue &field : e.value(QLatin1String("primaryKey")).toArray())
            expectedPk << field.toString();
        pk.sort();
        expectedPk.sort();
        QCOMPARE(pk, expectedPk);
        const bool timestamps = e.value(QLatin1String("timestamps")).toBool();
        QVERIFY2(m->options.timestamps == timestamps,
                 qPrintable(table + QStringLiteral(": timestamps")));
        if (timestamps)
            QVERIFY2(m->options.underscored == e.value(QLatin1String("underscored")).toBool(),
                     qPrintable(table + QStringLiteral(": underscored")));
        const QJsonArray attributes = e.value(QLatin1String("attributes")).toArray();
        QCOMPARE(m->attributes.size(), attributes.size());
        for (const QJsonValue &attributeValue : attributes) {
            const QJsonObject ea = attributeValue.toObject();
            const QString where = table + QLatin1Char('.') + str(ea, "field");
            const Attribute *a = nullptr;
            for (const Attribute &candidate : m->attributes) {
                if (candidate.field == str(ea, "field"))
                    a = &candidate;
            }
            QVERIFY2(a, qPrintable(QStringLiteral("no attribute on column ") + where));
            QVERIFY2(a->allowNull == ea.value(QLatin1String("allowNull")).toBool(),
                     qPrintable(where + QStringLiteral(": allowNull")));
            QVERIFY2(sameType(*a, str(ea, "type"), ea.value(QLatin1String("length")).toInt()),
                     qPrintable(where
                                + QStringLiteral(": type %1(%2) is not %3(%4)")
                                          .arg(dataTypeName(a->type))
                                          .arg(a->length)
                                          .arg(str(ea, "type"))
                                          .arg(ea.value(QLatin1String("length")).toInt())));
        }
    }
    for (const Model &m : schema.models())
        QVERIFY2(sequelizeTables.contains(m.tableName),
                 qPrintable(QStringLiteral("a model on %1, a table Sequelize did not make")
                                    .arg(m.tableName)));
}

void tst_SequelizeDb::associations()
{
    FETCH_SYNCED(s);
    const QJsonArray expected = s.expectation.value(QLatin1String("associations")).toArray();
    QCOMPARE(expected.size(), 20);
    QStringList missing;
    for (const QJsonValue &value : expected) {
        const QJsonObject e = value.toObject();
        if (!counterpart(s.inferred.schema, e))
            missing << describe(e);
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("Sequelize declares, Grumble did not infer:\n  %1\nGrumble "
                                       "inferred:\n  %2")
                                .arg(missing.join(QStringLiteral("\n  ")),
                                     describeAll(s.inferred.schema).join(QStringLiteral("\n  ")))));
}

void tst_SequelizeDb::accessorNames()
{
    FETCH_SYNCED(s);
    int compared = 0;
    QStringList differences;
    for (const QJsonValue &value : s.expectation.value(QLatin1String("associations")).toArray()) {
        const QJsonObject e = value.toObject();
        if (!e.value(QLatin1String("namesFromDatabase")).toBool())
            continue;
        ++compared;
        const Association *a = counterpart(s.inferred.schema, e);
        if (!a) {
            differences << QStringLiteral("no association ") + describe(e);
            continue;
        }
        QStringList expectedNames;
        for (const QJsonValue &name : e.value(QLatin1String("accessors")).toObject())
            expectedNames << name.toString();
        QStringList names;
        for (const Accessor &accessor : a->accessors())
            names << accessor.name;
        expectedNames.sort();
        names.sort();
        if (names != expectedNames)
            differences << QStringLiteral("%1 (%2): Grumble has %3, Sequelize %4")
                                   .arg(describe(e), str(e, "namingReason"),
                                        names.join(QLatin1Char(' ')),
                                        expectedNames.join(QLatin1Char(' ')));
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
    QCOMPARE(compared, 14); // the rule of README.md picks these; a change in it shows here
}

namespace {

//! Compares Sequelize's JSON with Grumble's: the same keys (a through model's key by its table's
//! Grumble model name), the same values, timestamps as instants. Empty when equal, else where not.
QString difference(const QJsonValue &sequelize, const QJsonValue &grumble,
                   const QHash<QString, QString> &renamed, const QString &path)
{
    if (sequelize.isObject() && grumble.isObject()) {
        const QJsonObject s = sequelize.toObject();
        const QJsonObject g = grumble.toObject();
        if (s.size() != g.size())
            return QStringLiteral("%1: keys %2 against Grumble's %3")
                    .arg(path, s.keys().join(QLatin1Char(',')), g.keys().join(QLatin1Char(',')));
        for (auto it = s.begin(); it != s.end(); ++it) {
            const QString key = g.contains(it.key()) ? it.key() : renamed.value(it.key(), it.key());
            if (!g.contains(key))
                return QStringLiteral("%1: no key %2 in Grumble's %3")
                        .arg(path, key, g.keys().join(QLatin1Char(',')));
            const QString d =
                    difference(it.value(), g.value(key), renamed, path + QLatin1Char('.') + key);
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    if (sequelize.isArray() && grumble.isArray()) {
        const QJsonArray s = sequelize.toArray();
        const QJsonArray g = grumble.toArray();
        if (s.size() != g.size())
            return QStringLiteral("%1: %2 elements against Grumble's %3")
                    .arg(path)
                    .arg(s.size())
                    .arg(g.size());
        for (int i = 0; i < s.size(); ++i) {
            const QString d =
                    difference(s.at(i), g.at(i), renamed, path + QStringLiteral("[%1]").arg(i));
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    if (sequelize.isString() && grumble.isString()) {
        const QDateTime st = QDateTime::fromString(sequelize.toString(), Qt::ISODateWithMs);
        const QDateTime gt = QDateTime::fromString(grumble.toString(), Qt::ISODateWithMs);
        if (st.isValid() && gt.isValid() && st.toMSecsSinceEpoch() == gt.toMSecsSinceEpoch())
            return {};
    }
    if (sequelize.isDouble() && grumble.isDouble()
        && qFuzzyCompare(sequelize.toDouble(), grumble.toDouble()))
        return {};
    if (sequelize == grumble)
        return {};
    return QStringLiteral("%1: Sequelize %2, Grumble %3")
            .arg(path,
                 QString::fromUtf8(
                         QJsonDocument(QJsonArray{ sequelize }).toJson(QJsonDocument::Compact)),
                 QString::fromUtf8(
                         QJsonDocument(QJsonArray{ grumble }).toJson(QJsonDocument::Compact)));
}

//! Sequelize model name → Grumble model name, for the models whose names are JSON keys (through).
QHash<QString, QString> modelRenames(const Synced &s)
{
    QHash<QString, QString> renamed;
    for (const QJsonValue &value : s.expectation.value(QLatin1String("models")).toArray()) {
        const QJsonObject e = value.toObject();
        if (const Model *m = modelOnTable(s.inferred.schema, str(e, "tableName")))
            renamed.insert(str(e, "name"), m->name);
    }
    return renamed;
}

//! Asks Grumble's engine one question of the expectation's "queries"; its answer as JSON.
Result<QJsonValue> ask(Engine &engine, const QJsonObject &query)
{
    const Model *model = modelOnTable(engine.schema(), str(query, "model"));
    if (!model)
        return makeError(ErrorKind::UnknownModel,
                         QStringLiteral("no model on table ") + str(query, "model"));
    QVariant answer;
    if (query.contains(QLatin1String("accessor"))) {
        const Result<Record> record =
                engine.findByPk(model->name, query.value(QLatin1String("pk")).toVariant());
        GRUMBLE_TRY(record);
        if (!record->isValid())
            return makeError(ErrorKind::NotFound, QStringLiteral("no row with the key"));
        const Result<QVariant> called = engine.call(*record, str(query, "accessor"));
        GRUMBLE_TRY(called);
        answer = *called;
    } else {
        const Result<FindOptions> options = FindOptions::fromVariant(
                query.value(QLatin1String("options")).toObject().toVariantMap());
        GRUMBLE_TRY(options);
        const Result<RecordList> records = engine.findAll(model->name, *options);
        GRUMBLE_TRY(records);
        answer = QVariant::fromValue(*records);
    }
    return QJsonDocument::fromJson("[" + toJson(answer) + "]").array().at(0);
}

} // namespace

void tst_SequelizeDb::seededRowsThroughEngine()
{
    FETCH_SYNCED(s);
    auto engine = Engine::open(s.url, s.inferred.schema);
    QVERIFY2(engine.ok(), qPrintable(engine.ok() ? QString() : engine.error().toString()));
    const QHash<QString, QString> renamed = modelRenames(s);
    const QJsonArray queries = s.expectation.value(QLatin1String("queries")).toArray();
    QCOMPARE(queries.size(), 6);
    QStringList differences;
    for (const QJsonValue &value : queries) {
        const QJsonObject query = value.toObject();
        const Result<QJsonValue> answer = ask(**engine, query);
        if (!answer.ok()) {
            differences << str(query, "name") + QStringLiteral(": ") + answer.error().toString();
            continue;
        }
        const QString d = difference(query.value(QLatin1String("result")), *answer, renamed,
                                     str(query, "name"));
        if (!d.isEmpty())
            differences << d;
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
}

void tst_SequelizeDb::databaseUnchanged()
{
    FETCH_SYNCED(s);
    if (!s.sqliteFile.isEmpty()) {
        QVERIFY(!s.fileHash.isEmpty());
        QCOMPARE(test::fileSha256(s.sqliteFile), s.fileHash);
        for (const char *suffix : { "-wal", "-shm", "-journal" })
            QVERIFY2(!QFileInfo::exists(s.sqliteFile + QLatin1String(suffix)), suffix);
        return;
    }
    // PostgreSQL: exactly the tables Sequelize made, nothing Grumble added.
    QSqlDatabase db =
            test::openDatabase(s.databaseUrl, QStringLiteral("sequelize-check ") + s.databaseUrl);
    QVERIFY(db.isOpen());
    QSqlQuery query(db);
    QVERIFY_SQL(
            query,
            prepare(QStringLiteral("SELECT table_schema, count(*) FROM information_schema.tables "
                                   "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                                   "GROUP BY table_schema")));
    QVERIFY_SQL(query, exec());
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), s.pgSchema);
    QCOMPARE(query.value(1).toInt(), s.expectation.value(QLatin1String("models")).toArray().size());
    QVERIFY2(!query.next(), "tables in a second schema");
}

QTEST_GUILESS_MAIN(tst_SequelizeDb)
#include "tst_sequelizedb.moc"

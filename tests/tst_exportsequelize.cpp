// `grumble export-sequelize` and exportSequelizeProject(): the exported project imported again by
// `grumble import-sequelize` gives the same schema, and the exported migration run by the real
// Sequelize's queryInterface (tests/sequelize/migrate.js) on SQLite and PostgreSQL gives a database
// `grumble check` finds no difference in. Sources: the built-in schemas and the fixture projects of
// tests/fixtures/sequelize-projects (imported first). Sequelize comes from GRUMBLE_SEQUELIZE_DIR
// (scripts/test installs it).

#include "schema.h"
#include "sequelizeexport.h"
#include "testdb.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace grumble;

namespace {

const QString kFixtures = QStringLiteral(GRUMBLE_FIXTURES_DIR "/sequelize-projects");

using Run = test::ProcessRun;

Run run(const QString &program, const QStringList &args,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    return test::runProcess(program, args, environment);
}

Run runGrumble(const QStringList &args,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    return run(QStringLiteral(GRUMBLE_EXE), args, environment);
}

QString yesNo(bool value, const char *name)
{
    return value ? QLatin1String(name) : QString();
}

QStringList attributeFacts(const Model &model)
{
    QStringList lines;
    for (const Attribute &a : model.attributes) {
        lines << QStringLiteral("%1.%2: column %3 %4 %5 %6 %7 %8 default %9 references %10.%11 %12 "
                                "%13 %14")
                         .arg(model.name, a.name, a.field, attributeTypeName(a),
                              yesNo(!a.allowNull, "NOT NULL"), yesNo(a.unique, "UNIQUE"),
                              yesNo(a.primaryKey, "PK"), yesNo(a.autoIncrement, "AUTO"),
                              a.defaultValue.toString() + a.defaultSql)
                         .arg(a.referencesModel, a.referencesKey, a.onDelete, a.onUpdate,
                              yesNo(a.constraint, "constraint"));
    }
    return lines;
}

// What a schema says, one line a fact, sorted: models, tables, columns, types, keys, associations
// and accessor names. The order of models differs after a round trip (models/index.js loads the
// files in name order, and calls associate() in that order); the associations of one model keep
// their order. So a join model's key pair may come in the other order: compared as a set.
QStringList facts(const Schema &schema)
{
    QStringList lines;
    for (const Model &model : schema.models()) {
        QStringList key = model.primaryKey;
        key.sort();
        lines << QStringLiteral("model %1: table %2, %3/%4, key %5%6%7")
                         .arg(model.name, model.tableName, model.singular, model.plural,
                              key.join(QLatin1Char(',')), yesNo(model.isJoinModel, ", join"),
                              yesNo(model.implicit, ", implicit"));
        lines << attributeFacts(model);
        QStringList accessors;
        for (const Accessor &accessor : schema.accessorsOf(model.name))
            accessors << accessor.name;
        lines << QStringLiteral("accessors of %1: %2")
                         .arg(model.name, accessors.join(QLatin1Char(',')));
    }
    for (const Association &a : schema.associations()) {
        lines << QStringLiteral(
                         "%1.%2(%3) as %4 (%5/%6%7) keys %8 %9 %10 %11 through %12, %13/%14%15")
                         .arg(a.source, associationKindName(a.kind), a.target, a.as, a.singular,
                              a.plural, yesNo(a.aliased, ", aliased"), a.foreignKey, a.sourceKey)
                         .arg(a.targetKey, a.otherKey, a.through, a.onDelete, a.onUpdate,
                              yesNo(!a.constraints, ", no constraints"));
    }
    lines.sort();
    return lines;
}

QString describeDifference(const QStringList &expected, const QStringList &actual)
{
    QStringList out;
    for (const QString &line : expected) {
        if (!actual.contains(line))
            out << QStringLiteral("  only before: ") + line;
    }
    for (const QString &line : actual) {
        if (!expected.contains(line))
            out << QStringLiteral("  only after:  ") + line;
    }
    return out.join(QLatin1Char('\n'));
}

// An association as the database determines it: kind, tables and key columns.
QString tableFact(const Schema &schema, const Association &a)
{
    const QString holderName = a.kind == AssociationKind::BelongsTo ? a.source
            : a.kind == AssociationKind::BelongsToMany              ? a.through
                                                                    : a.target;
    const Model *holder = schema.model(holderName);
    const Attribute *key = holder ? holder->attribute(a.foreignKey) : nullptr;
    const Attribute *other =
            holder && !a.otherKey.isEmpty() ? holder->attribute(a.otherKey) : nullptr;
    return QStringLiteral("%1 %2 -> %3 by %4.%5%6")
            .arg(associationKindName(a.kind), schema.model(a.source)->tableName,
                 schema.model(a.target)->tableName, holder ? holder->tableName : QString(),
                 key ? key->field : QString(),
                 other ? QStringLiteral(" and ") + other->field : QString());
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class TestExportSequelize : public QObject
{
    Q_OBJECT

    QTemporaryDir m_work;
    QProcessEnvironment m_environment;
    QString m_sequelizeDir;
    QString m_node;
    QHash<QString, QStringList>
            m_notes; //!< the "not honoured" lines of each fixture's first import

    QString schemaFile(const QString &source);
    QString exportProject(const QString &source, QString *outDir);

private slots:
    void initTestCase();
    void stableOutput();
    void modelCode();
    void migrationCode();
    void roundTrip_data();
    void roundTrip();
    void migration_data();
    void migration();
    void overwriteRefused();
    void usageErrors_data();
    void usageErrors();
};

void TestExportSequelize::initTestCase()
{
    QVERIFY(m_work.isValid());
    m_sequelizeDir = qEnvironmentVariable("GRUMBLE_SEQUELIZE_DIR");
    m_node = qEnvironmentVariable("GRUMBLE_NODE",
                                  QStandardPaths::findExecutable(QStringLiteral("node")));
    m_environment = test::sequelizeEnvironment();
}

#define REQUIRE_SEQUELIZE() GRUMBLE_REQUIRE_SEQUELIZE()

// The schema file of a source: a built-in schema ("pugs") or a fixture project ("blog/models"),
// imported once with grumble import-sequelize; empty on failure (with a warning).
QString TestExportSequelize::schemaFile(const QString &source)
{
    const QString path = m_work.filePath(QString(source).replace(QLatin1Char('/'), QLatin1Char('_'))
                                         + QStringLiteral(".json"));
    if (QFileInfo::exists(path))
        return path;
    if (source.endsWith(QLatin1String(".json"))) { // a schema file of tests/fixtures/schemas
        auto schema = Schema::fromFile(kFixtures + QStringLiteral("/../schemas/") + source);
        if (!schema || !writeFile(path, QJsonDocument(schema->toJson()).toJson()))
            return {};
        return path;
    }
    if (!source.contains(QLatin1Char('/'))) {
        auto schema = Schema::builtin(source);
        if (!schema || !writeFile(path, QJsonDocument(schema->toJson()).toJson()))
            return {};
        return path;
    }
    const Run imported =
            runGrumble({ QStringLiteral("import-sequelize"), kFixtures + QLatin1Char('/') + source,
                         QStringLiteral("--out"), path },
                       m_environment);
    if (imported.exitCode != 0) {
        qWarning().noquote() << "import-sequelize" << source << "failed:" << imported.err;
        return {};
    }
    m_notes.insert(source,
                   imported.err.split(QLatin1Char('\n')).filter(QStringLiteral("not honoured")));
    return path;
}

// Exports a source into a new folder; an error message or empty.
QString TestExportSequelize::exportProject(const QString &source, QString *outDir)
{
    const QString schema = schemaFile(source);
    if (schema.isEmpty())
        return QStringLiteral("no schema for ") + source;
    static int counter = 0;
    *outDir = m_work.filePath(QStringLiteral("project%1").arg(++counter));
    const Run exported =
            runGrumble({ QStringLiteral("export-sequelize"), QStringLiteral("--schema"), schema,
                         QStringLiteral("--out"), *outDir });
    if (exported.exitCode != 0)
        return QStringLiteral("export-sequelize exited %1: %2")
                .arg(exported.exitCode)
                .arg(exported.err);
    return {};
}

void TestExportSequelize::stableOutput()
{
    const QDateTime when(QDate(2026, 12, 2), QTime(12, 34, 56), Qt::UTC);
    for (const QString &name : { QStringLiteral("pugs"), QStringLiteral("people") }) {
        auto schema = Schema::builtin(name);
        QVERIFY(schema);
        const QVector<SequelizeFile> first = exportSequelizeProject(*schema, when);
        const QVector<SequelizeFile> second = exportSequelizeProject(*Schema::builtin(name), when);
        QCOMPARE(first.size(), second.size());
        for (int i = 0; i < first.size(); ++i) {
            QCOMPARE(first.at(i).path, second.at(i).path);
            QCOMPARE(first.at(i).content, second.at(i).content);
        }
    }
    QStringList paths;
    for (const SequelizeFile &file : exportSequelizeProject(Schema::pugs(), when))
        paths << file.path;
    QCOMPARE(paths,
             (QStringList{
                     QStringLiteral("config/config.json"), QStringLiteral("models/index.js"),
                     QStringLiteral("models/owner.js"), QStringLiteral("models/pug.js"),
                     QStringLiteral("models/friend.js"),
                     QStringLiteral("migrations/"
                                    "20261202123456-create-owners-pugs-friends-friendship.js") }));
}

void TestExportSequelize::modelCode()
{
    const QString pug = sequelizeModelCode(Schema::pugs(), QStringLiteral("pug"));
    QVERIFY2(pug.contains(QStringLiteral("class Pug extends Model")), qPrintable(pug));
    QVERIFY2(
            pug.contains(QStringLiteral("Pug.belongsTo(models.owner, { foreignKey: 'ownerId' });")),
            qPrintable(pug));
    QVERIFY2(pug.contains(QStringLiteral("Pug.belongsToMany(models.friend, { through: "
                                         "'friendship', foreignKey: 'pugId', "
                                         "otherKey: 'friendId' });")),
             qPrintable(pug));
    QVERIFY2(pug.contains(QStringLiteral("    name: DataTypes.STRING,\n")), qPrintable(pug));
    QVERIFY2(!pug.contains(QStringLiteral("ownerId: ")),
             qPrintable(pug)); // the association adds it
    QVERIFY(sequelizeModelCode(Schema::pugs(), QStringLiteral("friendship")).isEmpty()); // implicit
    QVERIFY(sequelizeModelCode(Schema::pugs(), QStringLiteral("nobody")).isEmpty());
    auto people = Schema::builtin(QStringLiteral("people"));
    QVERIFY(people);
    const QString team = sequelizeModelCode(*people, QStringLiteral("team"));
    QVERIFY2(team.contains(QStringLiteral(
                     "Team.belongsTo(models.person, { as: 'captain', foreignKey: 'captainId', "
                     "onDelete: 'RESTRICT' });")),
             qPrintable(team));
    QVERIFY2(team.contains(QStringLiteral("through: models.membership")), qPrintable(team));
    // A to-one alias is one name even with an irregular plural (Sequelize's belongsTo takes no
    // object); a to-many alias whose singular does not follow is {singular, plural}.
    auto aliased =
            Schema::fromJson(R"json({"models": [{"name": "a"}, {"name": "b"}], "associations": [
        {"source": "a", "type": "belongsTo", "target": "b", "as": {"singular": "boss", "plural": "bossen"}},
        {"source": "b", "type": "hasMany", "target": "a", "as": {"singular": "minion", "plural": "crew"}}]})json");
    QVERIFY2(aliased, qPrintable(aliased ? QString() : aliased.error().message));
    const QString a = sequelizeModelCode(*aliased, QStringLiteral("a"));
    QVERIFY2(a.contains(QStringLiteral(
                     "A.belongsTo(models.b, { as: 'boss', foreignKey: 'bossId' });")),
             qPrintable(a));
    const QString b = sequelizeModelCode(*aliased, QStringLiteral("b"));
    QVERIFY2(b.contains(QStringLiteral("as: { singular: 'minion', plural: 'crew' }")),
             qPrintable(b));
    // A RAW type is written verbatim; a model without a primary key loses Sequelize's implicit id.
    auto raw = Schema::fromJson(
            R"json({"models": [{"name": "hit", "options": {"noPrimaryKey": true, "timestamps": false},
        "attributes": [{"name": "address", "type": "RAW", "sqlType": "inet"},
                       {"name": "note", "type": "STRING(20)", "defaultValue": "it's", "allowNull": false}]}]})json");
    QVERIFY2(raw, qPrintable(raw ? QString() : raw.error().message));
    const QString hit = sequelizeModelCode(*raw, QStringLiteral("hit"));
    QVERIFY2(hit.contains(QStringLiteral("    address: 'inet',\n")), qPrintable(hit));
    QVERIFY2(hit.contains(QStringLiteral("note: { type: DataTypes.STRING(20), allowNull: false, "
                                         "defaultValue: 'it\\'s' },")),
             qPrintable(hit));
    QVERIFY2(hit.contains(QStringLiteral("  Hit.removeAttribute('id');\n")), qPrintable(hit));
    QVERIFY2(hit.contains(QStringLiteral("timestamps: false,")), qPrintable(hit));
}

void TestExportSequelize::migrationCode()
{
    const QVector<SequelizeFile> files =
            exportSequelizeProject(Schema::pugs(), QDateTime::currentDateTimeUtc());
    const QString migration = QString::fromUtf8(files.last().content);
    const int owners = migration.indexOf(QStringLiteral("createTable('owners'"));
    const int pugs = migration.indexOf(QStringLiteral("createTable('pugs'"));
    const int friendship = migration.indexOf(QStringLiteral("createTable('friendship'"));
    QVERIFY2(owners >= 0 && owners < pugs && pugs < friendship, qPrintable(migration));
    QVERIFY2(migration.contains(QStringLiteral(
                     "ownerId: { type: Sequelize.INTEGER, allowNull: true, references: { model: "
                     "'owners', key: 'id' }, onDelete: 'SET NULL', onUpdate: 'CASCADE' },")),
             qPrintable(migration));
    QVERIFY2(migration.contains(QStringLiteral(
                     "addIndex('pugs', ['ownerId'], { name: 'grumble_idx_pugs_ownerId' })")),
             qPrintable(migration));
    // The join table's key is the pair: both primaryKey, the leading one needs no index of its own.
    QVERIFY2(migration.contains(QStringLiteral(
                     "friendId: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true,")),
             qPrintable(migration));
    QVERIFY2(migration.contains(QStringLiteral("addIndex('friendship', ['pugId']")),
             qPrintable(migration));
    QVERIFY2(!migration.contains(QStringLiteral("addIndex('friendship', ['friendId']")),
             qPrintable(migration));
    const int dropFriendship = migration.indexOf(QStringLiteral("dropTable('friendship')"));
    const int dropOwners = migration.indexOf(QStringLiteral("dropTable('owners')"));
    QVERIFY2(dropFriendship > friendship && dropFriendship < dropOwners, qPrintable(migration));
}

static void addSourceRows(const QStringList &suffixes)
{
    for (const char *source : { "pugs", "people", "netlog.json", "pugs/db.js", "blog/models", "shop/models" }) {
        for (const QString &suffix : suffixes)
            QTest::newRow(qPrintable(QLatin1String(source) + suffix))
                    << QString::fromLatin1(source) << suffix;
    }
}

void TestExportSequelize::roundTrip_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("database");
    addSourceRows({ QString() });
}

void TestExportSequelize::roundTrip()
{
    QFETCH(QString, source);
    REQUIRE_SEQUELIZE();
    QString project;
    const QString error = exportProject(source, &project);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString reimported = project + QStringLiteral("/reimported.json");
    const Run imported =
            runGrumble({ QStringLiteral("import-sequelize"), project + QStringLiteral("/models"),
                         QStringLiteral("--out"), reimported },
                       m_environment);
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    // The export adds nothing Grumble does not honour (the fixture's own notes may come back).
    for (const QString &line :
         imported.err.split(QLatin1Char('\n')).filter(QStringLiteral("not honoured")))
        QVERIFY2(m_notes.value(source).contains(line), qPrintable(line));
    auto before = Schema::fromFile(schemaFile(source));
    auto after = Schema::fromFile(reimported);
    QVERIFY(before);
    QVERIFY2(after, qPrintable(after ? QString() : after.error().message));
    const QStringList expected = facts(*before);
    const QStringList actual = facts(*after);
    QVERIFY2(actual == expected, qPrintable(describeDifference(expected, actual)));
}

void TestExportSequelize::migration_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("database");
    addSourceRows({ QStringLiteral(" on sqlite"), QStringLiteral(" on postgresql") });
}

void TestExportSequelize::migration()
{
    QFETCH(QString, source);
    QFETCH(QString, database);
    REQUIRE_SEQUELIZE();
    QString url;
    QStringList target;
    if (database.endsWith(QLatin1String("sqlite"))) {
        url = m_work.filePath(
                QStringLiteral("%1.sqlite")
                        .arg(QString(source).replace(QLatin1Char('/'), QLatin1Char('_'))));
        target = { QStringLiteral("--dialect"), QStringLiteral("sqlite"),
                   QStringLiteral("--storage"), url };
    } else {
        url = test::freshUrl(test::pgServerUrl());
        GRUMBLE_REQUIRE_DB(url);
        const test::PgParts pg = *test::parsePgUrl(url);
        target = { QStringLiteral("--dialect"),  QStringLiteral("postgres"),
                   QStringLiteral("--host"),     pg.host,
                   QStringLiteral("--port"),     QString::number(pg.port),
                   QStringLiteral("--user"),     pg.user,
                   QStringLiteral("--database"), pg.db };
        if (!pg.password.isEmpty())
            target << QStringLiteral("--password") << pg.password;
    }
    QString project;
    const QString error = exportProject(source, &project);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList migrations =
            QDir(project + QStringLiteral("/migrations")).entryList(QDir::Files);
    QCOMPARE(migrations.size(), 1);
    const Run migrated =
            run(m_node,
                QStringList{ m_sequelizeDir + QStringLiteral("/migrate.js"),
                             project + QStringLiteral("/migrations/") + migrations.first() }
                        + target,
                m_environment);
    QVERIFY2(migrated.exitCode == 0, qPrintable(migrated.err));
    const QString schema = schemaFile(source);
    const Run checked = runGrumble({ QStringLiteral("check"), QStringLiteral("--db"), url,
                                     QStringLiteral("--schema"), schema });
    QVERIFY2(checked.exitCode == 0, qPrintable(QString::fromUtf8(checked.out) + checked.err));
    // Every association of the schema is one the database determines (kind, tables, key columns).
    const Run introspected = runGrumble({ QStringLiteral("schema"), QStringLiteral("--db"), url });
    QVERIFY2(introspected.exitCode == 0, qPrintable(introspected.err));
    auto inferred = Schema::fromJson(introspected.out);
    auto declared = Schema::fromFile(schema);
    QVERIFY2(inferred && declared, introspected.out.constData());
    QStringList inferredFacts;
    for (const Association &a : inferred->associations())
        inferredFacts << tableFact(*inferred, a);
    for (const Association &a : declared->associations())
        QVERIFY2(inferredFacts.contains(tableFact(*declared, a)),
                 qPrintable(tableFact(*declared, a) + QStringLiteral(" not among:\n")
                            + inferredFacts.join(QLatin1Char('\n'))));
    // --db exports the schema read from the database.
    const Run fromDb =
            runGrumble({ QStringLiteral("export-sequelize"), QStringLiteral("--db"), url,
                         QStringLiteral("--out"), project + QStringLiteral("/from-db") });
    QVERIFY2(fromDb.exitCode == 0, qPrintable(fromDb.err));
    QVERIFY(QFileInfo::exists(project + QStringLiteral("/from-db/models/index.js")));
}

void TestExportSequelize::overwriteRefused()
{
    const QString schema = schemaFile(QStringLiteral("pugs"));
    QVERIFY(!schema.isEmpty());
    const QString out = m_work.filePath(QStringLiteral("overwrite"));
    const QStringList args = { QStringLiteral("export-sequelize"), QStringLiteral("--schema"),
                               schema, QStringLiteral("--out"), out };
    const Run first = runGrumble(args);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/models/pug.js")));
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/config/config.json")));
    QVERIFY(QFile::remove(out + QStringLiteral("/models/owner.js")));
    QVERIFY(writeFile(out + QStringLiteral("/models/pug.js"), "// mine\n"));
    const Run again = runGrumble(args);
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("exists already"))
                     && again.err.contains(QStringLiteral("nothing was written"))
                     && again.err.contains(QStringLiteral("--force")),
             qPrintable(again.err));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/models/owner.js"))); // nothing written
    QFile mine(out + QStringLiteral("/models/pug.js"));
    QVERIFY(mine.open(QIODevice::ReadOnly));
    QCOMPARE(mine.readAll(), QByteArray("// mine\n"));
    mine.close();
    const Run forced = runGrumble(args + QStringList{ QStringLiteral("--force") });
    QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/models/owner.js")));
    QVERIFY(mine.open(QIODevice::ReadOnly));
    QVERIFY(mine.readAll().contains("class Pug extends Model"));
}

void TestExportSequelize::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString out = QDir::tempPath() + QStringLiteral("/grumble-export-never-written");
    QTest::newRow("help") << QStringList{ QStringLiteral("--help") } << 0 << QString();
    QTest::newRow("nothing") << QStringList() << 2
                             << QStringLiteral("give either --schema FILE or --db URL");
    QTest::newRow("no --out") << QStringList{ QStringLiteral("--schema"), QStringLiteral("x.json") }
                              << 2 << QStringLiteral("--out DIR is required");
    QTest::newRow("both sources") << QStringList{
        QStringLiteral("--schema"), QStringLiteral("x.json"), QStringLiteral("--db"),
        QStringLiteral("y.sqlite"), QStringLiteral("--out"),  out
    } << 2 << QStringLiteral("give either --schema FILE or --db URL");
    QTest::newRow("unknown option") << QStringList{ QStringLiteral("--frobnicate") } << 2
                                    << QStringLiteral("unknown option '--frobnicate'");
    QTest::newRow("value missing")
            << QStringList{ QStringLiteral("--out") } << 2 << QStringLiteral("--out needs a value");
    QTest::newRow("unreadable schema")
            << QStringList{ QStringLiteral("--schema"), QStringLiteral("/nonexistent/s.json"),
                            QStringLiteral("--out"), out }
            << 2 << QStringLiteral("Cannot read schema file");
    QTest::newRow("missing database")
            << QStringList{ QStringLiteral("--db"), QStringLiteral("/nonexistent/d.sqlite"),
                            QStringLiteral("--out"), out }
            << 1 << QStringLiteral("no database file /nonexistent/d.sqlite");
}

void TestExportSequelize::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run result = runGrumble(QStringList{ QStringLiteral("export-sequelize") } + args);
    QCOMPARE(result.exitCode, exitCode);
    if (exitCode == 0)
        QVERIFY(result.out.contains("Usage: grumble export-sequelize"));
    else
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(!QFileInfo::exists(QDir::tempPath() + QStringLiteral("/grumble-export-never-written")));
}

QTEST_GUILESS_MAIN(TestExportSequelize)
#include "tst_exportsequelize.moc"

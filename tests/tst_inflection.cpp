// Sequelize's naming, checked against the real thing: grumble::inflection (pluralize, singularize,
// underscore, camelize, upperFirst) gives the answer of Sequelize's own Utils (the npm `inflection`
// package 1.13) for every word of a dictionary (/usr/share/dict/american-english, Debian's
// wamerican) and the words people name models with, and Schema::define and the four association
// kinds give Sequelize's table names, aliases, keys and accessor names. node runs
// tests/oracle/inflection.js with the Sequelize of GRUMBLE_SEQUELIZE_DIR (scripts/test installs it).

#include "inflection.h"
#include "schema.h"
#include "testdb.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QtTest>

using namespace grumble;

namespace {

const QString kDictionary = QStringLiteral("/usr/share/dict/american-english");
const QString kScript = QStringLiteral(GRUMBLE_ORACLE_DIR "/inflection.js");

// Words where a table we typed once answered differently, and the shapes model names come in.
QStringList trickyWords()
{
    QStringList words = {
        QStringLiteral("campus"),   QStringLiteral("hero"),     QStringLiteral("octopus"),  QStringLiteral("bonus"),
        QStringLiteral("criterion"), QStringLiteral("fish"),    QStringLiteral("status"),   QStringLiteral("person"),
        QStringLiteral("matrix"),   QStringLiteral("index"),    QStringLiteral("quiz"),     QStringLiteral("ox"),
        QStringLiteral("mouse"),    QStringLiteral("people"),   QStringLiteral("octopi"),   QStringLiteral("criteria"),
        QStringLiteral("indices"),  QStringLiteral("oxen"),     QStringLiteral("mice"),     QStringLiteral("quizzes"),
        QStringLiteral("data"),     QStringLiteral("datum"),    QStringLiteral("news"),     QStringLiteral("series"),
        QStringLiteral("sheep"),    QStringLiteral("moose"),    QStringLiteral("genus"),    QStringLiteral("genera"),
        QStringLiteral("whereas"),  QStringLiteral("summons"),  QStringLiteral("drive"),    QStringLiteral("curve"),
        QStringLiteral("archive"),  QStringLiteral("wife"),     QStringLiteral("half"),     QStringLiteral("shoe"),
        QStringLiteral("canvas"),   QStringLiteral("axis"),     QStringLiteral("crisis"),   QStringLiteral("virus"),
        QStringLiteral("UserProfile"), QStringLiteral("user_profile"), QStringLiteral("userProfiles"),
        QStringLiteral("BlogPost"), QStringLiteral("PugFriend"), QStringLiteral("pug_friends"),
        QStringLiteral("CampusBus"), QStringLiteral("USER"),    QStringLiteral("UserID"),   QStringLiteral("userId"),
        QStringLiteral("user_id"),  QStringLiteral("_private"), QStringLiteral("__proto"),  QStringLiteral("Foo::Bar"),
        QStringLiteral("a-b c"),    QStringLiteral(" spaced "), QStringLiteral("trailing_"), QStringLiteral("x"),
        QStringLiteral(""),         QStringLiteral("straße"),   QStringLiteral("Ökonom"),   QStringLiteral("ſtatus"),
        QStringLiteral("KELVIN\u212A"), QStringLiteral("line\nbreak"), QStringLiteral("bus\n"),
    };
    const QStringList shapes = words.mid(0, 40);
    for (const QString &word : shapes) {
        words << inflection::upperFirst(word) << word.toUpper() << QStringLiteral("user") + inflection::upperFirst(word)
              << QStringLiteral("user_") + word << QStringLiteral("User") + inflection::upperFirst(word);
    }
    return words;
}

// The dictionary's words (every 9th also as part of a camelCase name) and the tricky words.
QStringList allWords(QString *why)
{
    QStringList words = trickyWords();
    QFile dictionary(kDictionary);
    if (!dictionary.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("%1 is missing (apt-get install wamerican)").arg(kDictionary);
        return words;
    }
    const QStringList lines = QString::fromUtf8(dictionary.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        words << lines.at(i);
        if (i % 9 == 0)
            words << QStringLiteral("my") + inflection::upperFirst(lines.at(i));
    }
    return words;
}

QString nodeProgram()
{
    return qEnvironmentVariable("GRUMBLE_NODE", QStandardPaths::findExecutable(QStringLiteral("node")));
}

// The lines inflection.js printed for `input` in `mode`, or a failure message in *why.
QStringList oracleLines(const QString &mode, const QByteArray &input, QString *why)
{
    const test::ProcessRun run = test::runProcess(nodeProgram(), { kScript, mode }, test::sequelizeEnvironment(), input);
    if (run.exitCode != 0) {
        *why = QStringLiteral("node inflection.js %1 failed (%2): %3").arg(mode).arg(run.exitCode).arg(run.err);
        return {};
    }
    return QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

struct Oracle
{
    QStringList words;
    QVector<QJsonArray> answers; // [pluralize, singularize, underscore, camelize|null, upperFirst]
    QString why;                 // why there are none
};

// The words and Sequelize's answers, computed once for all rows.
const Oracle &wordOracle()
{
    static const Oracle oracle = [] {
        Oracle o;
        o.words = allWords(&o.why);
        if (!o.why.isEmpty())
            return o;
        // One word a line: a word holding a line break is sent without it (node splits on "\n").
        QStringList sent;
        for (QString &word : o.words)
            sent << (word.contains(QLatin1Char('\n')) ? word.remove(QLatin1Char('\n')) : word);
        o.words = sent;
        const QStringList lines = oracleLines(QStringLiteral("words"), sent.join(QLatin1Char('\n')).toUtf8(), &o.why);
        if (!o.why.isEmpty())
            return o;
        if (lines.size() != sent.size()) {
            o.why = QStringLiteral("node answered %1 lines for %2 words").arg(lines.size()).arg(sent.size());
            return o;
        }
        for (const QString &line : lines)
            o.answers << QJsonDocument::fromJson(line.toUtf8()).array();
        return o;
    }();
    return oracle;
}

// A model name, the other model, the association kind and alias; each also underscored and frozen.
struct NamingCase
{
    const char *source;
    const char *target;
    const char *kind;
    const char *as;
};

const NamingCase kNamingCases[] = {
    { "campus", "hero", "hasMany", "" },          { "hero", "campus", "belongsTo", "" },
    { "Octopus", "Bonus", "hasOne", "" },         { "Bonus", "Octopus", "belongsToMany", "" },
    { "criterion", "fish", "hasMany", "" },       { "fish", "status", "belongsToMany", "" },
    { "person", "person", "hasMany", "children" }, { "person", "person", "belongsToMany", "friends" },
    { "Matrix", "Index", "hasMany", "indices" },  { "quiz", "ox", "belongsTo", "oxen" },
    { "mouse", "UserProfile", "hasOne", "" },     { "UserProfile", "BlogPost", "belongsToMany", "" },
    { "user_profile", "blog_post", "hasMany", "" }, { "BlogPost", "Campus", "belongsTo", "campus" },
    { "Category", "Status", "hasMany", "statuses" }, { "Address", "Person", "belongsToMany", "people" },
    { "Datum", "Series", "hasMany", "" },         { "news_item", "Analysis", "belongsToMany", "" },
};

QJsonArray namingCases()
{
    QJsonArray cases;
    for (const NamingCase &c : kNamingCases) {
        for (int variant = 0; variant < 3; ++variant) {
            QJsonObject object{ { QStringLiteral("source"), QString::fromUtf8(c.source) },
                                { QStringLiteral("target"), QString::fromUtf8(c.target) },
                                { QStringLiteral("kind"), QString::fromUtf8(c.kind) },
                                { QStringLiteral("as"), QString::fromUtf8(c.as) },
                                { QStringLiteral("underscored"), variant == 1 },
                                { QStringLiteral("freezeTableName"), variant == 2 } };
            if (QByteArray(c.kind) == "belongsToMany")
                object.insert(QStringLiteral("through"), QString::fromUtf8(c.source) + QStringLiteral("_links"));
            cases.append(object);
        }
    }
    return cases;
}

AssociationKind kindNamed(const QString &name)
{
    if (name == QLatin1String("hasOne"))
        return AssociationKind::HasOne;
    if (name == QLatin1String("hasMany"))
        return AssociationKind::HasMany;
    if (name == QLatin1String("belongsToMany"))
        return AssociationKind::BelongsToMany;
    return AssociationKind::BelongsTo;
}

// What Grumble's schema names for one case, in inflection.js's shape.
QJsonObject grumbleNaming(const QJsonObject &c)
{
    ModelOptions options;
    options.underscored = c.value(QStringLiteral("underscored")).toBool();
    options.freezeTableName = c.value(QStringLiteral("freezeTableName")).toBool();
    options.timestamps = false;
    const QString sourceName = c.value(QStringLiteral("source")).toString();
    const QString targetName = c.value(QStringLiteral("target")).toString();
    Schema schema;
    auto source = schema.define(sourceName, {}, options);
    if (!source)
        return { { QStringLiteral("error"), source.error().message } };
    if (targetName != sourceName) {
        auto target = schema.define(targetName, {}, options);
        if (!target)
            return { { QStringLiteral("error"), target.error().message } };
    }
    AssociationOptions associationOptions;
    associationOptions.as = c.value(QStringLiteral("as")).toString();
    associationOptions.through = c.value(QStringLiteral("through")).toString();
    auto association = schema.associate(kindNamed(c.value(QStringLiteral("kind")).toString()), sourceName,
                                        targetName, associationOptions);
    if (!association)
        return { { QStringLiteral("error"), association.error().message } };
    QJsonObject accessors;
    for (const Accessor &accessor : (*association)->accessors())
        accessors.insert(accessorRoleName(accessor.role), accessor.name);
    const Model *sourceModel = schema.model(sourceName);
    return { { QStringLiteral("sourceTable"), sourceModel->tableName },
             { QStringLiteral("sourceSingular"), sourceModel->singular },
             { QStringLiteral("sourcePlural"), sourceModel->plural },
             { QStringLiteral("targetTable"), schema.model(targetName)->tableName },
             { QStringLiteral("as"), (*association)->as },
             { QStringLiteral("foreignKey"), (*association)->foreignKey },
             { QStringLiteral("otherKey"), (*association)->otherKey },
             { QStringLiteral("accessors"), accessors } };
}

} // namespace

class tst_Inflection : public QObject
{
    Q_OBJECT

private slots:
    void words_data();
    void words();
    void modelNames();
};

void tst_Inflection::words_data()
{
    QTest::addColumn<int>("column");
    QTest::newRow("pluralize") << 0;
    QTest::newRow("singularize") << 1;
    QTest::newRow("underscore") << 2;
    QTest::newRow("camelize") << 3;
    QTest::newRow("upperFirst") << 4;
}

// Every word: Grumble's answer is Sequelize's (camelize: where Sequelize does not throw).
void tst_Inflection::words()
{
    GRUMBLE_REQUIRE_SEQUELIZE();
    QFETCH(int, column);
    using Function = QString (*)(const QString &);
    const Function functions[] = { &inflection::pluralize, &inflection::singularize, &inflection::underscore,
                                   &inflection::camelize, &inflection::upperFirst };
    const Function function = functions[column];
    const Oracle &oracle = wordOracle();
    QVERIFY2(oracle.why.isEmpty(), qPrintable(oracle.why));
    QVERIFY(oracle.words.size() > 100000);
    QStringList differences;
    qsizetype compared = 0;
    for (qsizetype i = 0; i < oracle.words.size(); ++i) {
        const QJsonValue expected = oracle.answers.at(i).at(column);
        if (expected.isNull())
            continue;
        ++compared;
        const QString ours = function(oracle.words.at(i));
        if (ours != expected.toString())
            differences << QStringLiteral("%1: Sequelize %2, Grumble %3").arg(oracle.words.at(i), expected.toString(), ours);
    }
    QVERIFY(compared > 100000);
    QVERIFY2(differences.isEmpty(), qPrintable(QStringLiteral("%1 of %2 words differ, e.g.\n  %3")
                                                   .arg(differences.size())
                                                   .arg(compared)
                                                   .arg(differences.mid(0, 25).join(QStringLiteral("\n  ")))));
}

// Table, model, alias, key and accessor names of Sequelize's define() and associations.
void tst_Inflection::modelNames()
{
    GRUMBLE_REQUIRE_SEQUELIZE();
    const QJsonArray cases = namingCases();
    QString why;
    const QStringList lines = oracleLines(QStringLiteral("models"), QJsonDocument(cases).toJson(), &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(lines.size(), cases.size());
    QStringList differences;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonObject expected = QJsonDocument::fromJson(lines.at(i).toUtf8()).object();
        const QJsonObject ours = grumbleNaming(cases.at(i).toObject());
        if (ours != expected) {
            differences << QStringLiteral("%1\n    Sequelize %2\n    Grumble   %3")
                                   .arg(QString::fromUtf8(QJsonDocument(cases.at(i).toObject()).toJson(QJsonDocument::Compact)),
                                        lines.at(i),
                                        QString::fromUtf8(QJsonDocument(ours).toJson(QJsonDocument::Compact)));
        }
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(tst_Inflection)
#include "tst_inflection.moc"

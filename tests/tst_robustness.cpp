// Bad input never corrupts anything (issue 13): out-of-range dates, invalid UTF-8 in expressions,
// names only backticks can write, wrong defaultValues, big schemas with a late error, and reference
// cycles between tables, on every database of the matrix.
#include "enginefixture.h"
#include "expression.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <limits>

using namespace grumble;
using namespace grumble::test;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

//! An expression's result as text: "ok <json>" or "<Kind>: <message>".
QString outcome(const Result<QVariant> &result)
{
    if (!result)
        return result.error().kindName() + QStringLiteral(": ") + result.error().message;
    return QStringLiteral("ok");
}

const char *const kQuotedNamesSchema = R"({"models": [
    {"name": "owner", "attributes": [{"name": "name", "type": "STRING"}]},
    {"name": "my model", "attributes": [{"name": "name", "type": "STRING"}, {"name": "odd key", "type": "INTEGER"}]},
    {"name": "a`b", "attributes": [{"name": "name", "type": "STRING"}]}],
  "associations": [{"source": "my model", "type": "belongsTo", "target": "owner", "as": "the owner"}]})";

const char *const kMutualSchema = R"({"models": [
    {"name": "a", "attributes": [{"name": "name", "type": "STRING"}]},
    {"name": "b", "attributes": [{"name": "name", "type": "STRING"}]}],
  "associations": [{"source": "a", "type": "belongsTo", "target": "b"},
                   {"source": "b", "type": "belongsTo", "target": "a"}]})";

} // namespace

class tst_Robustness : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data() { addDatabaseRows(); }

    void timestampRange();
    void outOfRangeDates_data();
    void outOfRangeDates();
    void datesAtTheLimits();
    void invalidUtf8();
    void invalidUtf8FromStdin();
    void quotedNames();
    void quotedNameErrors_data();
    void quotedNameErrors();
    void defaultValueOfTheWrongType_data();
    void defaultValueOfTheWrongType();
    void bigSchemaFailsWithItsError();
    void mutualBelongsTo();
};

// The parser and the formatters, without a database: years 0001 to 9999 only, nothing overflows.
void tst_Robustness::timestampRange()
{
    bool ok = true;
    QVERIFY(!parseTimestamp(s("0000-12-31 23:59:59.999 +00:00"), &ok).isValid());
    QVERIFY(!ok);
    QVERIFY(!parseTimestamp(s("0001-01-01T00:30:00+01:00"), &ok).isValid()); // year 0 in UTC
    QVERIFY(!parseTimestamp(s("10000-01-01T00:00:00Z"), &ok).isValid());
    qint64 ms = 0;
    QVERIFY(!parseTimestampMsecs("9999-12-31 23:59:59.999-01", 26, &ms)); // year 10000 in UTC
    QCOMPARE(parseTimestamp(s("0001-01-01 00:00:00.000 +00:00")).toMSecsSinceEpoch(), kMinTimestampMsecs);
    QCOMPARE(parseTimestamp(s("9999-12-31 23:59:59.999+00")).toMSecsSinceEpoch(), kMaxTimestampMsecs);
    char buf[40];
    QCOMPARE(QByteArray(buf, formatTimestampIso(kMinTimestampMsecs, buf)), QByteArray("0001-01-01T00:00:00.000Z"));
    QCOMPARE(QByteArray(buf, formatTimestampIso(kMaxTimestampMsecs, buf)), QByteArray("9999-12-31T23:59:59.999Z"));
    // Out of range (never reached through the engine): clamped, four-digit years, no overflow.
    QCOMPARE(QByteArray(buf, formatTimestampIso(std::numeric_limits<qint64>::min(), buf)),
             QByteArray("0001-01-01T00:00:00.000Z"));
    QCOMPARE(QByteArray(buf, formatTimestampIso(std::numeric_limits<qint64>::max(), buf)),
             QByteArray("9999-12-31T23:59:59.999Z"));
    QVERIFY(formatTimestampForStorage(QDateTime()).isEmpty());
}

void tst_Robustness::outOfRangeDates_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("-99999999999999999") << QVariant(qint64(-99999999999999999LL));
    QTest::newRow("int64 max") << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("int64 min") << QVariant(std::numeric_limits<qint64>::min());
    QTest::newRow("2^63 (double)") << QVariant(9223372036854775808.0);
    QTest::newRow("1e308") << QVariant(1e308);
    QTest::newRow("-1e308") << QVariant(-1e308);
    QTest::newRow("year 10000 (ms)") << QVariant(qint64(253402300800000LL));
    QTest::newRow("year 0 (ms)") << QVariant(qint64(-62135596800001LL));
    QTest::newRow("year 10000 (QDateTime)") << QVariant(QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC));
    QTest::newRow("year 0 text") << QVariant(s("0000-06-01T00:00:00.000Z"));
    QTest::newRow("year 10000 text") << QVariant(s("+010000-01-01T00:00:00.000Z"));
}

// create, update and where with a date out of range: a Validation error naming the attribute and
// the range, nothing stored.
void tst_Robustness::outOfRangeDates()
{
    QFETCH(QVariant, value);
    GRUMBLE_OPEN(db);
    auto created = db->create(s("pug"), { { s("name"), s("a") }, { s("createdAt"), value } });
    QVERIFY(!created);
    QCOMPARE(created.error().kind, ErrorKind::Validation);
    QVERIFY2(created.error().message.contains(s("pug.createdAt")), qPrintable(created.error().message));
    QCOMPARE(*db->count(s("pug")), 0);

    auto cody = db->create(s("pug"), { { s("name"), s("Cody") } });
    GRUMBLE_VERIFY_OK(cody);
    auto updated = db->update(*cody, { { s("updatedAt"), value } });
    QVERIFY(!updated);
    QCOMPARE(updated.error().kind, ErrorKind::Validation);
    QCOMPARE(db->reload(*cody)->value(s("updatedAt")), cody->value(s("updatedAt")));

    auto where = FindOptions::fromVariant(QVariantMap { { s("where"), QVariantMap { { s("createdAt"), QVariantMap { { s("$lt"), value } } } } } });
    GRUMBLE_VERIFY_OK(where);
    auto found = db->findAll(s("pug"), *where);
    QVERIFY(!found);
    QCOMPARE(found.error().kind, ErrorKind::Validation);
}

// The first and the last millisecond of the range are stored and read back exactly; through an
// expression, the issue's example is refused.
void tst_Robustness::datesAtTheLimits()
{
    GRUMBLE_OPEN(db);
    for (const QString &iso : { s("0001-01-01T00:00:00.000Z"), s("9999-12-31T23:59:59.999Z") }) {
        auto created = db->create(s("pug"), { { s("name"), iso }, { s("createdAt"), iso } });
        GRUMBLE_VERIFY_OK(created);
        auto read = db->findOne(s("pug"), *FindOptions::fromVariant(QVariantMap { { s("where"), QVariantMap { { s("name"), iso } } } }));
        GRUMBLE_VERIFY_OK(read);
        QCOMPARE(formatTimestampIso(read->value(s("createdAt")).toDateTime()), iso);
    }
    Evaluator evaluator(*db.engine);
    const QString refused = outcome(evaluator.evaluate(s(R"(Pug.create({"name":"a","createdAt":-99999999999999999}))")));
    QVERIFY2(refused.startsWith(s("Validation: pug.createdAt must be a date between 0001-01-01 and 9999-12-31")),
             qPrintable(refused));
    QCOMPARE(outcome(evaluator.evaluate(s(R"(Pug.findAll({"where":{"createdAt":{"$gt":1e308}}}))"))).left(11),
             s("Validation:"));
    QCOMPARE(*db->count(s("pug")), 2);
}

// Bytes that are not UTF-8: a Syntax error with the byte offset, nothing stored, and a name cut by
// a replacement character is not taken for another model.
void tst_Robustness::invalidUtf8()
{
    GRUMBLE_OPEN(db);
    Evaluator evaluator(*db.engine);
    QCOMPARE(outcome(evaluator.evaluateUtf8(QByteArray("Pu\xffg.findAll()"))),
             s("Syntax: byte 3: invalid UTF-8 (0xff); an expression is UTF-8 text"));
    QCOMPARE(outcome(evaluator.evaluateUtf8(QByteArray("Pug.create({\"name\": \"a\xc3\"})"))),
             s("Syntax: byte 23: invalid UTF-8 (0xc3); an expression is UTF-8 text"));
    QCOMPARE(outcome(evaluator.evaluateUtf8(QByteArray("Pug.create({\"name\": \"\xed\xa0\x80\"})"))).left(15),
             s("Syntax: byte 22")); // an encoded surrogate
    QCOMPARE(outcome(evaluator.evaluateUtf8(QByteArray("Pug.create({\"name\": \"\xc0\xaf\"})"))).left(15),
             s("Syntax: byte 22")); // an overlong '/'
    QCOMPARE(*db->count(s("pug")), 0);
    const QString cut = outcome(evaluator.evaluate(s("Pu\xef\xbf\xbdg.findAll()")));
    QVERIFY2(cut.startsWith(s("Syntax: column 3: unexpected character")), qPrintable(cut));
    QCOMPARE(outcome(evaluator.evaluateUtf8(QByteArray("Pug.create({\"name\": \"Caf\xc3\xa9 \xf0\x9f\x90\xb6\"})"))),
             s("ok"));
    QCOMPARE(db->findAll(s("pug"))->first().value(s("name")).toString(), s("Caf\xc3\xa9 \xf0\x9f\x90\xb6"));
}

// `grumble eval` reads its lines as bytes: an invalid line is a Syntax error, the others run.
void tst_Robustness::invalidUtf8FromStdin()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    const ProcessRun run = runProcess(QStringLiteral(GRUMBLE_EXE), { s("eval"), s("--db"), dbUrl },
                                      QProcessEnvironment::systemEnvironment(),
                                      QByteArray("Pug.create({\"name\": \"a\xff\"})\nPug.count()\n"), 60000);
    QCOMPARE(run.lines().size(), 2);
    const QJsonObject error = QJsonDocument::fromJson(run.lines().at(0).toUtf8()).object();
    QVERIFY2(run.lines().at(0).contains(s("Syntax")) && run.lines().at(0).contains(s("byte 23")),
             qPrintable(run.lines().at(0)));
    QVERIFY(!error.isEmpty());
    QCOMPARE(run.lines().at(1), s("0"));
    QCOMPARE(run.exitCode, 1);
}

// Any model, method or attribute name can be written in backticks (a backtick doubled inside).
void tst_Robustness::quotedNames()
{
    auto schema = Schema::fromJson(kQuotedNamesSchema);
    GRUMBLE_VERIFY_OK(schema);
    GRUMBLE_OPEN(db, *schema);
    Evaluator evaluator(*db.engine);
    QCOMPARE(outcome(evaluator.evaluate(s(R"(Owner.create({"name": "Tom"}))"))), s("ok"));
    QCOMPARE(outcome(evaluator.evaluate(s(R"(`my model`.create({"name": "x", "odd key": 7}))"))), s("ok"));
    QCOMPARE(outcome(evaluator.evaluate(s("`my model`#1.`setThe owner`(Owner#1)"))), s("ok"));
    auto owner = evaluator.evaluate(s("`my model`#1 . `getThe owner` ()"));
    GRUMBLE_VERIFY_OK(owner);
    QCOMPARE(owner->value<Record>().value(s("name")).toString(), s("Tom"));
    auto found = evaluator.evaluate(s(R"(`my model`.findAll({"where": {"odd key": 7}, "include": ["the owner"]}))"));
    GRUMBLE_VERIFY_OK(found);
    QCOMPARE(found->value<RecordList>().size(), 1);
    QCOMPARE(outcome(evaluator.evaluate(s(R"(`a``b`.create({"name": "tick"}))"))), s("ok"));
    auto byReference = evaluator.evaluate(s("`a``b`.findByPk(`a``b`#1)"));
    GRUMBLE_VERIFY_OK(byReference);
    QCOMPARE(byReference->value<Record>().value(s("name")).toString(), s("tick"));
}

void tst_Robustness::quotedNameErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("error");
    QTest::newRow("unterminated") << s("`my model.findAll()") << s("Syntax: column 1: unterminated name in backticks");
    QTest::newRow("empty") << s("``.findAll()") << s("Syntax: column 1: empty name in backticks");
    QTest::newRow("dash in a bare name") << s("my-model.findAll()")
                                         << s("Syntax: column 3: unexpected character '-' (U+002D) after 'my'");
    QTest::newRow("reference without #") << s("Pug.findByPk(`pug`)")
                                         << s("Syntax: column 19: expected '#' and a primary key after the model `pug`");
}

void tst_Robustness::quotedNameErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, error);
    GRUMBLE_OPEN(db);
    Evaluator evaluator(*db.engine);
    const QString got = outcome(evaluator.evaluate(expression));
    QVERIFY2(got.startsWith(error), qPrintable(got));
}

void tst_Robustness::defaultValueOfTheWrongType_data()
{
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<QString>("error"); // empty: loads
    QTest::newRow("object for INTEGER") << s(R"({"name": "a", "type": "INTEGER", "defaultValue": {"a": 1}})")
                                        << s("model 'm' attribute 'a': defaultValue {\"a\":1} does not fit the type INTEGER");
    QTest::newRow("fraction for INTEGER") << s(R"({"name": "a", "type": "INTEGER", "defaultValue": 1.5})")
                                          << s("defaultValue 1.5 does not fit the type INTEGER");
    QTest::newRow("text for BOOLEAN") << s(R"({"name": "a", "type": "BOOLEAN", "defaultValue": "yes"})")
                                      << s("defaultValue \"yes\" does not fit the type BOOLEAN");
    QTest::newRow("array for STRING") << s(R"({"name": "a", "type": "STRING", "defaultValue": [1]})")
                                      << s("defaultValue [1] does not fit the type STRING");
    QTest::newRow("year 10000 for DATE") << s(R"({"name": "a", "type": "DATE", "defaultValue": "10000-01-01T00:00:00Z"})")
                                         << s("does not fit the type DATE");
    QTest::newRow("number for INTEGER") << s(R"({"name": "a", "type": "INTEGER", "defaultValue": 3})") << QString();
    QTest::newRow("number text for INTEGER") << s(R"({"name": "a", "type": "INTEGER", "defaultValue": "3"})") << QString();
    QTest::newRow("object for JSON") << s(R"({"name": "a", "type": "JSON", "defaultValue": {"a": 1}})") << QString();
    QTest::newRow("date for DATE") << s(R"({"name": "a", "type": "DATE", "defaultValue": "2020-01-01T00:00:00.000Z"})")
                                   << QString();
}

// A defaultValue the column cannot hold is a Schema error naming model and attribute (it became
// DEFAULT '' before).
void tst_Robustness::defaultValueOfTheWrongType()
{
    QFETCH(QString, attribute);
    QFETCH(QString, error);
    auto schema = Schema::fromJson(QStringLiteral(R"({"models": [{"name": "m", "attributes": [%1]}]})").arg(attribute).toUtf8());
    if (error.isEmpty()) {
        GRUMBLE_VERIFY_OK(schema);
        GRUMBLE_OPEN(db, *schema);
        auto created = db->create(s("m"), {});
        GRUMBLE_VERIFY_OK(created);
        return;
    }
    QVERIFY(!schema);
    QCOMPARE(schema.error().kind, ErrorKind::Schema);
    QVERIFY2(schema.error().message.contains(error), qPrintable(schema.error().message));
}

// 20,000 models whose last association names an unknown model: the error, promptly (the timing is
// in grumble-schema-bench), with a bounded list of the models there are.
void tst_Robustness::bigSchemaFailsWithItsError()
{
    QJsonArray models, associations;
    const int count = 20000;
    for (int i = 0; i < count; ++i) {
        models.append(QJsonObject { { s("name"), QStringLiteral("model%1").arg(i) },
                                    { s("attributes"), QJsonArray { QJsonObject { { s("name"), s("name") }, { s("type"), s("STRING") } } } } });
        if (i > 0)
            associations.append(QJsonObject { { s("source"), QStringLiteral("model%1").arg(i) }, { s("type"), s("belongsTo") },
                                              { s("target"), QStringLiteral("model%1").arg(i / 2) } });
    }
    associations.append(QJsonObject { { s("source"), s("model1") }, { s("type"), s("hasMany") }, { s("target"), s("nosuch") } });
    const QByteArray json = QJsonDocument(QJsonObject { { s("models"), models }, { s("associations"), associations } }).toJson();
    auto schema = Schema::fromJson(json);
    QVERIFY(!schema);
    QCOMPARE(schema.error().kind, ErrorKind::UnknownModel);
    QVERIFY2(schema.error().message.startsWith(QStringLiteral("associations[%1]: Unknown model 'nosuch'").arg(count - 1)),
             qPrintable(schema.error().message.left(200)));
    QVERIFY(schema.error().message.size() < 2000);
    associations.removeLast();
    auto loaded = Schema::fromJson(QJsonDocument(QJsonObject { { s("models"), models }, { s("associations"), associations } }).toJson());
    GRUMBLE_VERIFY_OK(loaded);
    QCOMPARE(loaded->model(s("MODEL19999"))->name, s("model19999"));
    QCOMPARE(loaded->model(s("model7s"))->name, s("model7"));
    QCOMPARE(loaded->findAssociation(s("model19999"), s("model9999"))->target, s("model9999"));
}

// A belongsTo B and B belongsTo A: on PostgreSQL the second foreign key is added after both tables
// exist, in the same transaction; both constraints hold on every database; sync again is a no-op.
void tst_Robustness::mutualBelongsTo()
{
    auto schema = Schema::fromJson(kMutualSchema);
    GRUMBLE_VERIFY_OK(schema);
    GRUMBLE_OPEN(db, *schema);
    GRUMBLE_VERIFY_OK(db->sync());
    GRUMBLE_VERIFY_OK(db->sync(true));
    auto a = db->create(s("a"), { { s("name"), s("a1") } });
    GRUMBLE_VERIFY_OK(a);
    auto b = db->create(s("b"), { { s("name"), s("b1") }, { s("aId"), a->value(s("id")) } });
    GRUMBLE_VERIFY_OK(b);
    GRUMBLE_VERIFY_OK(db->call(*a, s("setB"), { rec(*b) }));
    QCOMPARE(db->reload(*a)->value(s("bId")).toLongLong(), b->value(s("id")).toLongLong());
    for (const QString &model : { s("a"), s("b") }) {
        auto dangling = db->create(model, { { s("name"), s("x") }, { model == s("a") ? s("bId") : s("aId"), 999 } });
        QVERIFY2(!dangling, qPrintable(model));
        QCOMPARE(dangling.error().kind, ErrorKind::ForeignKey);
    }
}

QTEST_GUILESS_MAIN(tst_Robustness)
#include "tst_robustness.moc"

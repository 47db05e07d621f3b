// Values, the compact row storage of records: every QVariant comes back exactly as it went in
// (type and value), JSON written from the compact form equals JSON written from the QVariant,
// and copies are independent after a change.
#include "record.h"
#include "schema.h"
#include "values.h"

#include <QtTest>

#include <limits>

using namespace grumble;

class tst_Values : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void json_data();
    void json();
    void kinds();
    void copiesAreIndependent();
    void resize();
    void brokenUtf8();
    void builderReuse();
    void recordShape();
};

namespace {

void addValueRows()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("invalid") << QVariant();
    QTest::newRow("int64 0") << QVariant(qint64(0));
    QTest::newRow("int64 -1") << QVariant(qint64(-1));
    QTest::newRow("int64 max") << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("int64 min") << QVariant(std::numeric_limits<qint64>::min());
    QTest::newRow("int (kept as int)") << QVariant(int(7));
    QTest::newRow("double") << QVariant(1.5);
    QTest::newRow("double -0") << QVariant(-0.0);
    QTest::newRow("double tiny") << QVariant(5e-324);
    QTest::newRow("bool true") << QVariant(true);
    QTest::newRow("bool false") << QVariant(false);
    QTest::newRow("timestamp utc") << QVariant(QDateTime::fromMSecsSinceEpoch(1763769600123LL, Qt::UTC));
    QTest::newRow("timestamp before 1970") << QVariant(QDateTime::fromMSecsSinceEpoch(-86400001LL, Qt::UTC));
    QTest::newRow("timestamp with offset")
            << QVariant(QDateTime(QDate(2026, 11, 22), QTime(1, 2, 3), Qt::OffsetFromUTC, 3600));
    QTest::newRow("timestamp invalid") << QVariant(QDateTime());
    QTest::newRow("empty string") << QVariant(QString(QLatin1String("")));
    QTest::newRow("null string") << QVariant(QString());
    QTest::newRow("unicode") << QVariant(QStringLiteral("Cödy 🐶 \"quoted\" \\ back"));
    QTest::newRow("control chars") << QVariant(QString::fromUtf8("a\nb\tc\x01" "d\0e", 8));
    QTest::newRow("lone surrogate") << QVariant(QString(QChar(0xD800)) + QStringLiteral("x"));
    QTest::newRow("date") << QVariant(QDate(2026, 11, 22));
    QTest::newRow("map") << QVariant(QVariantMap{ { QStringLiteral("a"), 1 }, { QStringLiteral("b"), QStringLiteral("x") } });
    QTest::newRow("list") << QVariant(QVariantList{ 1, QStringLiteral("two"), QVariant() });
    QTest::newRow("bytes") << QVariant(QByteArray("\x00\x01", 2));
}

} // namespace

void tst_Values::roundTrip_data()
{
    addValueRows();
}

void tst_Values::roundTrip()
{
    QFETCH(QVariant, value);
    // Alone, and between two other values (offsets into the text area must stay right).
    const Values one = Values::fromList({ value });
    QCOMPARE(one.size(), 1);
    const QVariant back = one.at(0);
    QCOMPARE(back.isValid(), value.isValid());
    QCOMPARE(back.metaType(), value.metaType());
    QCOMPARE(back, value);
    if (value.metaType().id() == QMetaType::QString)
        QCOMPARE(back.toString().isNull(), value.toString().isNull());
    if (value.metaType().id() == QMetaType::QDateTime)
        QCOMPARE(back.toDateTime().timeSpec(), value.toDateTime().timeSpec());

    const Values three = Values::fromList({ QStringLiteral("before"), value, QStringLiteral("after") });
    QCOMPARE(three.at(0), QVariant(QStringLiteral("before")));
    QCOMPARE(three.at(1), value);
    QCOMPARE(three.at(2), QVariant(QStringLiteral("after")));
    QCOMPARE(three.toList(), (QVariantList{ QStringLiteral("before"), value, QStringLiteral("after") }));
    QCOMPARE(three.value(3), QVariant());
    QCOMPARE(three.value(-1), QVariant());
}

void tst_Values::json_data()
{
    addValueRows();
}

void tst_Values::json()
{
    // A record's JSON is written from the compact cells; it must equal the QVariant writer's.
    QFETCH(QVariant, value);
    Schema s = Schema::pugs();
    const Model *pug = s.model(QStringLiteral("Pug"));
    QVERIFY(pug);
    Record r;
    r.model = pug;
    r.values = Values(int(pug->attributes.size()));
    r.values.set(1, value);
    QByteArray expected = "{";
    for (int i = 0; i < pug->attributes.size(); ++i) {
        if (i)
            expected += ',';
        expected += '"' + pug->attributes.at(i).name.toUtf8() + "\":";
        expected += toJson(i == 1 ? value : QVariant());
    }
    expected += '}';
    QCOMPARE(toJson(r), expected);
}

void tst_Values::kinds()
{
    const Values v = Values::fromList({ QVariant(), qint64(3), 2.5, true, QDateTime::fromMSecsSinceEpoch(5, Qt::UTC),
                                        QStringLiteral("x"), QDate(2000, 1, 1), int(1) });
    QCOMPARE(v.kind(0), Values::Null);
    QCOMPARE(v.kind(1), Values::Int);
    QCOMPARE(v.int64(1), qint64(3));
    QCOMPARE(v.kind(2), Values::Real);
    QCOMPARE(v.real(2), 2.5);
    QCOMPARE(v.kind(3), Values::Bool);
    QCOMPARE(v.kind(4), Values::Timestamp);
    QCOMPARE(v.int64(4), qint64(5));
    QCOMPARE(v.kind(5), Values::Utf8);
    QCOMPARE(v.utf8(5), QByteArrayView("x"));
    QCOMPARE(v.kind(6), Values::Variant);
    QCOMPARE(v.kind(7), Values::Variant);
    QCOMPARE(v.kind(8), Values::Null); // past the end
    QVERIFY(v.isNull(0));
    QVERIFY(!v.isNull(1));
    // Compact: a row of four integers and a short string takes one small block.
    const Values row = Values::fromList({ qint64(1), QStringLiteral("pug-1"), qint64(2), qint64(3), qint64(4) });
    QVERIFY2(row.byteSize() <= 16 + 5 * 9 + 5, qPrintable(QString::number(row.byteSize())));
}

void tst_Values::copiesAreIndependent()
{
    Values a = Values::fromList({ qint64(1), QStringLiteral("one") });
    Values b = a;
    QCOMPARE(a, b);
    b.set(1, QStringLiteral("two"));
    QCOMPARE(a.at(1), QVariant(QStringLiteral("one")));
    QCOMPARE(b.at(1), QVariant(QStringLiteral("two")));
    QCOMPARE(b.at(0), QVariant(qint64(1)));
    QVERIFY(a != b);
    b.set(3, QVariantMap{ { QStringLiteral("k"), true } }); // grows, the gap is null
    QCOMPARE(b.size(), 4);
    QCOMPARE(b.at(2), QVariant());
    QCOMPARE(b.at(3).toMap().value(QStringLiteral("k")), QVariant(true));
    Values c = b;
    c.set(0, qint64(9));
    QCOMPARE(b.at(3), c.at(3)); // the QVariant cell was copied, not shared
    QCOMPARE(b.at(0), QVariant(qint64(1)));
    Values moved = std::move(c);
    QCOMPARE(moved.at(0), QVariant(qint64(9)));
    QCOMPARE(c.size(), 0); // NOLINT(bugprone-use-after-move): a moved-from Values is empty
    moved = b;
    QCOMPARE(moved, b);
}

void tst_Values::resize()
{
    Values v = Values::fromList({ qint64(1), QStringLiteral("a"), QStringLiteral("b") });
    v.resize(5);
    QCOMPARE(v.size(), 5);
    QCOMPARE(v.at(2), QVariant(QStringLiteral("b")));
    QCOMPARE(v.at(4), QVariant());
    v.resize(2);
    QCOMPARE(v.toList(), (QVariantList{ qint64(1), QStringLiteral("a") }));
    v.resize(0);
    QVERIFY(v.isEmpty());
    QCOMPARE(Values(3).toList(), (QVariantList{ QVariant(), QVariant(), QVariant() }));
}

void tst_Values::brokenUtf8()
{
    // Text the database hands over is copied as bytes; broken UTF-8 must still give valid JSON.
    ValuesBuilder b;
    b.reset(2);
    b.setInt(0, 1);
    b.setUtf8(1, "a\xff\xfe" "b", 4);
    Schema s = Schema::pugs();
    const Model *owner = s.model(QStringLiteral("Owner"));
    Record r;
    r.model = owner;
    r.values = b.build();
    r.values.resize(int(owner->attributes.size()));
    const QByteArray json = toJson(r);
    QVERIFY2(QByteArrayView(json).isValidUtf8(), json.constData());
    QVERIFY(json.contains(QString(QStringLiteral("a\uFFFD")).toUtf8()));
    QCOMPARE(r.values.at(1).toString().front(), QChar(u'a'));
}

void tst_Values::builderReuse()
{
    ValuesBuilder b;
    b.reset(2);
    b.set(0, QVariantList{ 1, 2 }); // a heap QVariant that is never built: freed by reset
    b.reset(3);
    b.set(0, QVariantList{ 3 });
    b.set(0, QStringLiteral("replaced")); // the QVariant is freed when the cell is replaced
    b.setInt(2, 4);
    const Values first = b.build();
    b.reset(1);
    b.setUtf8(0, "next", 4);
    const Values second = b.build();
    QCOMPARE(first.toList(), (QVariantList{ QStringLiteral("replaced"), QVariant(), qint64(4) }));
    QCOMPARE(second.toList(), (QVariantList{ QStringLiteral("next") }));
}

void tst_Values::recordShape()
{
    Schema s = Schema::pugs();
    const Model *friendModel = s.model(QStringLiteral("Friend"));
    const Model *join = s.model(QStringLiteral("friendship"));
    QVERIFY(friendModel && join);
    Record r;
    r.model = friendModel;
    r.values = Values::fromList({ qint64(1), QStringLiteral("Rex"), QVariant(), QVariant() });
    QVERIFY(!r.hasThrough());
    QVERIFY(!r.through().isValid());
    QCOMPARE(r.throughKey(), QString());
    r.setProjection({ 1 });
    QCOMPARE(toJson(r), QByteArray(R"({"name":"Rex"})"));
    auto shape = std::make_shared<RecordShape>(*r.shape);
    shape->throughModel = join;
    shape->throughProjection = { join->indexOf(QStringLiteral("pugId")) };
    r.shape = shape;
    r.throughValues = Values::fromList({ QVariant(), QVariant(), qint64(1), qint64(7) });
    QVERIFY(r.hasThrough());
    QCOMPARE(r.throughKey(), QStringLiteral("friendship"));
    QCOMPARE(toJson(r), QByteArray(R"({"name":"Rex","friendship":{"pugId":7}})"));
    const Record t = r.through();
    QCOMPARE(t.model, join);
    QCOMPARE(t.value(QStringLiteral("pugId")), QVariant(qint64(7)));
    QCOMPARE(toJson(t), QByteArray(R"({"pugId":7})"));
}

QTEST_GUILESS_MAIN(tst_Values)
#include "tst_values.moc"

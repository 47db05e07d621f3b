// RelationalTableModel on the database matrix: QAbstractItemModelTester through select,
// selectFirstPage + fetchCount, sort, filter and paging past the cache; values typed the engine's
// way; every statement in the SQL log under its action name; typed errors; one statement per page.
#include "backgroundreader.h"
#include "enginefixture.h"
#include "relationaltablemodel.h"
#include "sqllogmodel.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QtTest>

using namespace grumble;
using namespace grumble::test;

namespace {

using Tester = QAbstractItemModelTester;

//! The desktop app's example data: owners Tom(1) Ada(2) Grace(3) Linus(4); pugs Cody(1, Tom)
//! Doug(2, Tom) Frank(3, Ada) Gizmo(4, Grace) Biscuit(5) Peanut(6), the last two ownerless.
bool seedExample(Db &db)
{
    QList<QVariantMap> owners;
    for (const char *name : { "Tom", "Ada", "Grace", "Linus" })
        owners << QVariantMap{ { QStringLiteral("name"), QString::fromLatin1(name) } };
    QList<QVariantMap> pugs;
    const QList<QPair<const char *, int>> pugOwners = { { "Cody", 1 }, { "Doug", 1 }, { "Frank", 2 },
                                                        { "Gizmo", 3 }, { "Biscuit", 0 }, { "Peanut", 0 } };
    for (const auto &p : pugOwners) {
        QVariantMap v{ { QStringLiteral("name"), QString::fromLatin1(p.first) } };
        if (p.second)
            v.insert(QStringLiteral("ownerId"), p.second);
        pugs << v;
    }
    return db->bulkCreate(QStringLiteral("owner"), owners).ok() && db->bulkCreate(QStringLiteral("pug"), pugs).ok();
}

//! `count` more pugs named pug-1 ..., every third without an owner.
bool addPugs(Db &db, int count)
{
    QList<QVariantMap> rows;
    for (int i = 1; i <= count; ++i) {
        QVariantMap v{ { QStringLiteral("name"), QStringLiteral("pug-%1").arg(i) } };
        if (i % 3 != 0)
            v.insert(QStringLiteral("ownerId"), (i % 4) + 1);
        rows << v;
    }
    return db->bulkCreate(QStringLiteral("pug"), rows).ok();
}

QString errorText(const RelationalTableModel &model)
{
    return model.lastError() ? model.lastError()->toString() : QString();
}

//! The actions of the SQL log's entries while it lives.
class LogRecorder
{
public:
    explicit LogRecorder(Connection &connection)
    {
        m_connection = QObject::connect(connection.log(), &SqlLog::executed,
                                        [this](const SqlLogEntry &entry) { m_entries << entry; });
    }
    ~LogRecorder() { QObject::disconnect(m_connection); }
    QStringList actions() const
    {
        QStringList out;
        for (const SqlLogEntry &e : m_entries)
            out << e.context;
        return out;
    }
    const QList<SqlLogEntry> &entries() const { return m_entries; }
    void clear() { m_entries.clear(); }

private:
    QMetaObject::Connection m_connection;
    QList<SqlLogEntry> m_entries;
};

//! `count` pugs in one INSERT … SELECT over a recursive CTE (seconds for 200,000 on every
//! database): pug-1 …, owner (i % 4) + 1 except every third without one.
bool addManyPugs(Db &db, int count)
{
    const QString stamp = QStringLiteral("2026-12-02 15:56:28.184 +00:00");
    const QString sql = QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO pugs (name, \"ownerId\", \"createdAt\", \"updatedAt\") "
            "SELECT 'pug-' || CAST(i AS TEXT), CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4) + 1 END, ?, ? FROM n");
    auto done = db->connection().execAffected(sql, { count, stamp, stamp });
    if (!done)
        qWarning("%s", qPrintable(done.error().toString()));
    return done.ok();
}

//! The name of a pug's owner in the example (owners 1-4); empty for none (NULLs sort first).
QString ownerNameOf(int ownerId)
{
    static const QStringList names{ QString(), QStringLiteral("Tom"), QStringLiteral("Ada"), QStringLiteral("Grace"),
                                    QStringLiteral("Linus") };
    return names.value(ownerId);
}

//! The rows-affected text the SQL log model shows for the last entry.
QString lastRowsText(const SqlLogModel &log)
{
    return log.index(log.rowCount() - 1, SqlLogModel::RowsColumn).data().toString();
}

} // namespace

class TestRelationalTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { grumble::test::addDatabaseRows(); }

    void passesTheTester()
    {
        // Qt 6.4's tester runs its checks (which call fetchMore) on modelReset before it marks the
        // reset finished, so a lazily fetching model is checked after each reset by a new tester.
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(addPugs(db, 300));
        for (const Model &m : db->schema().models()) {
            RelationalTableModel model(*db.engine, m);
            model.setPageSize(16);
            model.setMaxCachedPages(3);
            QVERIFY2(model.select(), qPrintable(errorText(model)));
            { Tester t(&model, Tester::FailureReportingMode::QtTest); }
            QVERIFY2(model.selectFirstPage(), qPrintable(errorText(model)));
            { Tester t(&model, Tester::FailureReportingMode::QtTest); } // fetches the count
            QVERIFY(!model.isCountPending());
            model.setTextFilter(QStringLiteral("name"), QStringLiteral("o"));
            QVERIFY(model.select());
            { Tester t(&model, Tester::FailureReportingMode::QtTest); }
            model.setTextFilter(QStringLiteral("name"), QString());
            model.sort(0, Qt::DescendingOrder);
            QVERIFY(model.fetchCount());
            { Tester t(&model, Tester::FailureReportingMode::QtTest); }
            // Paging past the cache: every row once, at most three pages kept.
            Tester t(&model, Tester::FailureReportingMode::QtTest);
            for (int r = 0; r < model.rowCount(); ++r) {
                QVERIFY(model.index(r, 0).data().isValid());
                QVERIFY(model.cachedPageCount() <= 3);
            }
        }
    }

    void backgroundReadsPassTheTester()
    {
        // With a background reader (a file or a server; in memory the same calls read on the UI
        // thread), no page, sort, count or re-read waits: the rows come as answers, and the tester
        // sees every change (the count's inserts and removals, the pages' dataChanged, the reset).
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(addPugs(db, 994)); // 1000 pugs
        const QString dbUrl = db->connection().url().original;
        std::unique_ptr<BackgroundReader> reader;
        if (BackgroundReader::canOpen(dbUrl))
            reader = std::make_unique<BackgroundReader>(dbUrl);
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        model.setPageSize(50);
        model.setMaxCachedPages(4);
        model.setSynchronousRowLimit(0);
        model.setBackgroundReader(reader.get());
        const bool background = reader != nullptr;
        QVERIFY2(model.selectFirstPage(), qPrintable(errorText(model))); // the first one: here
        QCOMPARE(model.rowCount(), 50);
        QCOMPARE(model.readsInBackground(), background);
        std::optional<Tester> live; // with a reader, fetchMore() never inserts during a reset
        if (background)
            live.emplace(&model, Tester::FailureReportingMode::QtTest);
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 1000);
        // A far row is not there at once, then it is.
        QCOMPARE(model.isRowLoaded(999), false);
        QVERIFY(!model.index(999, 0).data().isValid() || !background);
        model.fetchRow(999);
        QTRY_VERIFY(model.isRowLoaded(999));
        QCOMPARE(model.rawValue(999, QStringLiteral("id")).toLongLong(), 1000);
        // A sort: the old rows until the new order's first page comes, then one reset.
        const int ownerColumn = model.columnOf(QStringLiteral("ownerId"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.sort(ownerColumn, Qt::DescendingOrder);
        QCOMPARE(model.isReading(), background);
        QTRY_VERIFY(!model.isReading());
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.index(0, ownerColumn).data().toString(), QStringLiteral("Tom"));
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 1000);
        { Tester t(&model, Tester::FailureReportingMode::QtTest); }
        // Rows deleted elsewhere, then the re-read: in place with a reader (the count removes the
        // rows that went), a reset without one.
        model.fetchRow(0);
        QTRY_VERIFY(model.isRowLoaded(0));
        GRUMBLE_VERIFY_OK(db->connection().execAffected(QStringLiteral("DELETE FROM pugs WHERE id > ?"), { 900 }));
        resets.clear();
        model.reread();
        if (!background)
            QVERIFY(model.fetchCount());
        QTRY_COMPARE(model.rowCount(), 900);
        QTRY_VERIFY(!model.isBusy());
        QCOMPARE(resets.count(), background ? 0 : 1);
        { Tester t(&model, Tester::FailureReportingMode::QtTest); }
        // A key's row, found in the background: bounded statements, the row checked.
        QSignalSpy found(&model, &RelationalTableModel::rowFound);
        const quint64 before = model.statementCount();
        model.findRowInBackground({ { QStringLiteral("id"), 7 } });
        QTRY_COMPARE(found.count(), 1);
        QVERIFY(model.statementCount() - before <= 3);
        const int row = found.first().at(1).toInt();
        QVERIFY(row >= 0);
        model.fetchRow(row);
        QTRY_VERIFY(model.isRowLoaded(row));
        QCOMPARE(model.rawValue(row, QStringLiteral("id")).toLongLong(), 7);
        QVERIFY2(!model.lastError(), qPrintable(errorText(model)));
    }

    void valuesAreTyped()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        const int cody = model.findRow({ { QStringLiteral("id"), 1 } });
        QVERIFY(cody >= 0);
        for (const QString &timestamp : { QStringLiteral("createdAt"), QStringLiteral("updatedAt") }) {
            const int column = model.columnOf(timestamp);
            QVERIFY(column >= 0);
            const QVariant value = model.index(cody, column).data();
            QCOMPARE(value.metaType().id(), int(QMetaType::QDateTime));
            QVERIFY(value.toDateTime().isValid());
            QCOMPARE(value.toDateTime().timeSpec(), Qt::UTC);
            QVERIFY(qAbs(value.toDateTime().secsTo(QDateTime::currentDateTimeUtc())) < 600);
        }
        const QVariant id = model.index(cody, model.columnOf(QStringLiteral("id"))).data();
        QCOMPARE(id.metaType().id(), int(QMetaType::LongLong));
        QCOMPARE(id.toLongLong(), 1);
        const QVariant name = model.index(cody, model.columnOf(QStringLiteral("name"))).data();
        QCOMPARE(name.metaType().id(), int(QMetaType::QString));
        QCOMPARE(name.toString(), QStringLiteral("Cody"));
        // The owner column shows the owner's name (the display attribute's type), the hidden key its id.
        const QVariant owner = model.index(cody, model.columnOf(QStringLiteral("ownerId"))).data();
        QCOMPARE(owner.metaType().id(), int(QMetaType::QString));
        QCOMPARE(owner.toString(), QStringLiteral("Tom"));
        const QVariant ownerKey = model.rawValue(cody, QStringLiteral("ownerId"));
        QCOMPARE(ownerKey.metaType().id(), int(QMetaType::LongLong));
        QCOMPARE(ownerKey.toLongLong(), 1);
    }

    void statementsAreLoggedWithActions()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(addPugs(db, 200));
        Connection &connection = db->connection();
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        model.setPageSize(50);
        LogRecorder log(connection);
        const quint64 before = connection.statementCount();
        QVERIFY(model.selectFirstPage());
        QVERIFY(model.fetchCount());
        QVERIFY(model.rawValue(120, QStringLiteral("id")).isValid()); // page 3
        model.sort(model.columnOf(QStringLiteral("name")), Qt::AscendingOrder);
        QVERIFY(model.findRow({ { QStringLiteral("id"), 7 } }) >= 0);
        QCOMPARE(connection.statementCount() - before, model.statementCount());
        const QStringList actions = log.actions();
        QCOMPARE(quint64(actions.size()), model.statementCount());
        for (const QString &expected : { QStringLiteral("pugs table page 1"), QStringLiteral("pugs table count"),
                                         QStringLiteral("pugs table page 3"), QStringLiteral("pugs table sort value"),
                                         QStringLiteral("pugs table position") })
            QVERIFY2(actions.contains(expected), qPrintable(actions.join(QStringLiteral(" | "))));
        for (const SqlLogEntry &entry : log.entries()) {
            QVERIFY2(entry.ok, qPrintable(entry.error));
            QVERIFY2(entry.sql.contains(QLatin1String("pugs")), qPrintable(entry.sql));
        }
        // The filter text reaches the log as a binding, not in the SQL.
        log.clear();
        model.setTextFilter(QStringLiteral("name"), QStringLiteral("pug-1"));
        QVERIFY(model.select());
        QVERIFY(!log.entries().isEmpty());
        QCOMPARE(log.entries().first().context, QStringLiteral("pugs table page 1"));
        QVERIFY(log.entries().first().bindings.contains(QStringLiteral("%pug-1%")));
    }

    void brokenStatementGivesTypedError()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        const Model &friendship = *db->schema().model(QStringLiteral("friendship"));
        RelationalTableModel model(*db.engine, friendship);
        QVERIFY(model.select());
        QVERIFY(!model.lastError());
        db->connection().clearStatementCache();
        GRUMBLE_VERIFY_OK(db->connection().execDirect(QStringLiteral("DROP TABLE ") + db->dialect().quote(friendship.tableName)));
        QVERIFY(!model.select());
        QVERIFY(model.lastError());
        QCOMPARE(model.lastError()->kind, ErrorKind::Database);
        QVERIFY(!model.lastError()->message.isEmpty());
        QVERIFY2(model.lastError()->sql.contains(friendship.tableName), qPrintable(model.lastError()->sql));
        QCOMPARE(model.rowCount(), 0);
        { Tester t(&model, Tester::FailureReportingMode::QtTest); }
        QVERIFY(!model.selectFirstPage());
        QVERIFY(model.fetchCount()); // nothing pending after a failed first page
        QCOMPARE(model.findRow({ { QStringLiteral("pugId"), 1 }, { QStringLiteral("friendId"), 1 } }), -1);
        QVERIFY(!model.index(0, 0).data().isValid());
    }

    void pageReadsCostOneStatementEach()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(addPugs(db, 994)); // 1000 pugs
        Connection &connection = db->connection();
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        model.setPageSize(50);
        model.setMaxCachedPages(3);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 1000);
        const int nameColumn = model.columnOf(QStringLiteral("name"));
        for (Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            for (int column : { -1, nameColumn }) {
                model.setSort(column, order);
                QVERIFY(model.select());
                // In order (keyset or offset pages), then jumps to far pages (read from the end).
                bool first = true; // row 0 is on the page select() read
                for (int row : { 0, 50, 100, 150, 999, 500, 700, 10, 949 }) {
                    const quint64 before = model.statementCount();
                    const quint64 connectionBefore = connection.statementCount();
                    const bool cached = std::exchange(first, false);
                    QVERIFY(model.rawValue(row, QStringLiteral("id")).isValid());
                    QCOMPARE(model.statementCount() - before, cached ? quint64(0) : quint64(1));
                    QCOMPARE(connection.statementCount() - connectionBefore, model.statementCount() - before);
                    QVERIFY(model.cachedPageCount() <= 3);
                }
            }
        }
    }

    void windowedTableModel()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        // 3,000 more pugs (every 7th without an owner) and three names with LIKE's wildcards in them.
        QList<QVariantMap> rows;
        for (int i = 1; i <= 3000; ++i) {
            QVariantMap v{ { QStringLiteral("name"), QStringLiteral("pug-%1").arg(i) } };
            if (i % 7 != 0)
                v.insert(QStringLiteral("ownerId"), (i % 4) + 1);
            rows << v;
        }
        rows << QVariantMap{ { QStringLiteral("name"), QStringLiteral("odd 50% pug") } }
             << QVariantMap{ { QStringLiteral("name"), QStringLiteral("odd 50x pug") } }
             << QVariantMap{ { QStringLiteral("name"), QStringLiteral("odd a_b pug") } };
        QVERIFY(db->bulkCreate(QStringLiteral("pug"), rows));
        const int total = 6 + 3003;

        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        model.setPageSize(100);
        model.setMaxCachedPages(4);
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(model.statementCount(), quint64(2)); // the first page, then COUNT(*)
        QCOMPARE(model.cachedPageCount(), 1);
        QVERIFY(!model.isCountPending());
        QVERIFY(!model.canFetchMore({}));
        { QAbstractItemModelTester t(&model, QAbstractItemModelTester::FailureReportingMode::QtTest); }

        // The first page without the count: its rows at once, the rest inserted by the COUNT
        // (fetchMore, which a view calls when its last row shows).
        {
            QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
            QSignalSpy counted(&model, &RelationalTableModel::counted);
            quint64 s0 = model.statementCount();
            QVERIFY(model.selectFirstPage());
            QCOMPARE(model.statementCount(), s0 + 1);
            QCOMPARE(model.rowCount(), 100);
            QVERIFY(model.isCountPending());
            QVERIFY(model.canFetchMore({}));
            QCOMPARE(model.rawValue(99, QStringLiteral("id")).toLongLong(), 100);
            QVERIFY(!model.rawValue(100, QStringLiteral("id")).isValid()); // not a row yet
            QCOMPARE(model.statementCount(), s0 + 1);
            { QAbstractItemModelTester t(&model, QAbstractItemModelTester::FailureReportingMode::QtTest); } // fetches
            QVERIFY(!model.isCountPending());
            QCOMPARE(model.rowCount(), total);
            QCOMPARE(counted.count(), 1);
            QCOMPARE(counted.first().at(0).toInt(), total);
            QCOMPARE(inserted.count(), 1);
            QCOMPARE(inserted.first().at(1).toInt(), 100);
            QCOMPARE(inserted.first().at(2).toInt(), total - 1);
            // findRow needs the whole count, and runs it.
            s0 = model.statementCount();
            QVERIFY(model.selectFirstPage());
            QCOMPARE(model.findRow({ { QStringLiteral("id"), total } }), total - 1);
            QVERIFY(!model.isCountPending());
            QCOMPARE(model.rowCount(), total);
            QVERIFY(model.select()); // the first page cached only
        }

        // The last page: one statement, whatever the table's size.
        const quint64 before = model.statementCount();
        QCOMPARE(model.rawValue(total - 1, QStringLiteral("id")).toLongLong(), qint64(total));
        QCOMPARE(model.statementCount(), before + 1);
        QCOMPARE(model.findRow({ { QStringLiteral("id"), total } }), total - 1);
        QCOMPARE(model.findRow({ { QStringLiteral("id"), 100000 } }), -1);

        // Reading every row in order: increasing keys, NULL keys visible, a bounded cache.
        const int ownerColumn = model.columnOf(QStringLiteral("ownerId"));
        qint64 last = 0;
        int withoutOwner = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const qint64 id = model.rawValue(r, QStringLiteral("id")).toLongLong();
            QVERIFY2(id > last, qPrintable(QStringLiteral("row %1").arg(r)));
            last = id;
            if (model.rawValue(r, QStringLiteral("ownerId")).isNull()) {
                ++withoutOwner;
                QVERIFY(model.index(r, ownerColumn).data().isNull());
            }
            QVERIFY(model.cachedPageCount() <= 4);
        }
        QCOMPARE(withoutOwner, 2 + 3000 / 7 + 3); // Biscuit, Peanut, every 7th, the odd ones
        QCOMPARE(model.index(model.findRow({ { QStringLiteral("id"), 1 } }), ownerColumn).data().toString(), QStringLiteral("Tom"));
        const int pug8 = model.findRow({ { QStringLiteral("id"), 6 + 8 } }); // i = 8: owner 1 (Tom)
        QCOMPARE(model.index(pug8, ownerColumn).data().toString(), QStringLiteral("Tom"));
        QCOMPARE(model.rawValue(pug8, QStringLiteral("ownerId")).toLongLong(), 1);

        // The filter text is bound, and its wildcards are plain characters.
        model.setTextFilter(QStringLiteral("name"), QStringLiteral("50%"));
        quint64 s1 = model.statementCount();
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.statementCount(), s1 + 1); // a short first page is the whole result: no COUNT
        QCOMPARE(model.index(0, model.columnOf(QStringLiteral("name"))).data().toString(), QStringLiteral("odd 50% pug"));
        model.setTextFilter(QStringLiteral("name"), QStringLiteral("a_b"));
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 1);
        model.setTextFilter(QStringLiteral("name"), QStringLiteral("x' OR '1'='1"));
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        QCOMPARE(model.rowCount(), 0);
        for (const QString &sql : model.statements())
            QVERIFY2(!sql.contains(QLatin1String("OR '1'")), qPrintable(sql));
        model.setTextFilter(QStringLiteral("name"), QStringLiteral("pug-2"));
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 1111); // pug-2, pug-2x, pug-2xx, pug-2xxx
        { QAbstractItemModelTester t(&model, QAbstractItemModelTester::FailureReportingMode::QtTest); }
        QCOMPARE(model.rawValue(model.rowCount() - 1, QStringLiteral("name")).toString(), QStringLiteral("pug-2999"));

        // Sorted by the owner's name (the LEFT JOINed display value), then by key: a total order.
        model.setTextFilter(QStringLiteral("name"), QString());
        model.sort(ownerColumn, Qt::DescendingOrder);
        QCOMPARE(model.rowCount(), 100); // the first page in the new order; the count follows
        QVERIFY(model.fetchCount());
        QCOMPARE(model.rowCount(), total);
        { QAbstractItemModelTester t(&model, QAbstractItemModelTester::FailureReportingMode::QtTest); }
        QCOMPARE(model.index(0, ownerColumn).data().toString(), QStringLiteral("Tom"));
        QSet<qint64> seen;
        for (int r = 0; r < model.rowCount(); ++r)
            seen.insert(model.rawValue(r, QStringLiteral("id")).toLongLong());
        QCOMPARE(seen.size(), total);
        // A record's row in a sorted table is counted, not searched page by page (NULL sort values too).
        for (Qt::SortOrder order : { Qt::DescendingOrder, Qt::AscendingOrder }) {
            for (int column : { ownerColumn, model.columnOf(QStringLiteral("name")) }) {
                model.sort(column, order);
                QVERIFY(model.fetchCount()); // the count a view runs after its first paint
                for (qint64 id : { 1, 5, 14, 2000, total - 1, total }) {
                    const quint64 before = model.statementCount();
                    const int row = model.findRow({ { QStringLiteral("id"), id } });
                    QVERIFY2(row >= 0, qPrintable(QStringLiteral("id %1, column %2, order %3").arg(id).arg(column).arg(order)));
                    QCOMPARE(model.rawValue(row, QStringLiteral("id")).toLongLong(), id);
                    QVERIFY(model.statementCount() - before <= 3);
                }
                QCOMPARE(model.findRow({ { QStringLiteral("id"), 100000 } }), -1);
            }
        }
    }

    void typeToSearchIsOneStatement()
    {
        // 200,000 pugs sorted by owner name: a search used to read every page (782 statements).
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(addManyPugs(db, 200000));
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        const int idColumn = model.columnOf(QStringLiteral("id"));
        model.sort(model.columnOf(QStringLiteral("ownerId")), Qt::AscendingOrder);
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        QCOMPARE(model.rowCount(), 200006);
        // Pugs whose id starts with 19999, in the model's order: owner name (NULL first), then id.
        QList<QPair<QString, int>> expected;
        for (int id : { 19999, 199990, 199991, 199992, 199993, 199994, 199995, 199996, 199997, 199998, 199999 }) {
            const int i = id - 6; // the example's six pugs come first
            expected << qMakePair(i % 3 == 0 ? QString() : ownerNameOf((i % 4) + 1), id);
        }
        std::sort(expected.begin(), expected.end());
        const quint64 before = model.statementCount();
        QModelIndexList found = model.match(model.index(0, idColumn), Qt::DisplayRole, QStringLiteral("19999"), 1,
                                            Qt::MatchStartsWith | Qt::MatchWrap);
        QCOMPARE(model.statementCount() - before, quint64(1));
        QCOMPARE(found.size(), 1);
        QCOMPARE(model.rawValue(found.first().row(), QStringLiteral("id")).toInt(), expected.first().second);
        // On from the row after it: the next one; after the last one it wraps to the first.
        found = model.match(model.index(found.first().row() + 1, idColumn), Qt::DisplayRole, QStringLiteral("19999"), 1,
                            Qt::MatchStartsWith | Qt::MatchWrap);
        QCOMPARE(model.rawValue(found.value(0).row(), QStringLiteral("id")).toInt(), expected.at(1).second);
        const int last = model.findRow({ { QStringLiteral("id"), expected.last().second } });
        QVERIFY(last >= 0);
        found = model.match(model.index(last + 1, idColumn), Qt::DisplayRole, QStringLiteral("19999"), 1,
                            Qt::MatchStartsWith | Qt::MatchWrap);
        QCOMPARE(model.rawValue(found.value(0).row(), QStringLiteral("id")).toInt(), expected.first().second);
        // Without wrap, nothing after the last; on the owner column, the owner's shown name.
        QVERIFY(model.match(model.index(last + 1, idColumn), Qt::DisplayRole, QStringLiteral("19999"), 1,
                            Qt::MatchStartsWith).isEmpty());
        const int ownerColumn = model.columnOf(QStringLiteral("ownerId"));
        found = model.match(model.index(0, ownerColumn), Qt::DisplayRole, QStringLiteral("gr"), 1,
                            Qt::MatchStartsWith | Qt::MatchWrap);
        QCOMPARE(found.value(0).data().toString(), QStringLiteral("Grace"));
        QVERIFY(found.first().row() > 0);
        QCOMPARE(model.index(found.first().row() - 1, ownerColumn).data().toString(), QStringLiteral("Ada"));
        // Any other match looks at the rows in memory only: no statement at all.
        const quint64 s0 = model.statementCount();
        found = model.match(model.index(0, idColumn), Qt::DisplayRole, QStringLiteral("1"), -1, Qt::MatchStartsWith);
        QCOMPARE(model.statementCount(), s0);
        QVERIFY(!found.isEmpty());
    }

    void compositeKeyRowIsOneStatement()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(db.seed());
        QList<QVariantMap> friendships;
        for (const auto &pair : QList<QPair<int, int>>{ { 1, 1 }, { 1, 2 }, { 2, 3 }, { 3, 1 } })
            friendships << QVariantMap{ { QStringLiteral("pugId"), pair.first }, { QStringLiteral("friendId"), pair.second } };
        QVERIFY(db->bulkCreate(QStringLiteral("friendship"), friendships));
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("friendship")));
        model.setPageSize(1);
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        QVERIFY(model.rowCount() >= 2);
        const int lastRow = model.rowCount() - 1;
        const QVariantMap key = model.keyOf(lastRow);
        const quint64 before = model.statementCount();
        QCOMPARE(model.findRow(key), lastRow);
        QCOMPARE(model.statementCount() - before, quint64(1));
    }

    void filterOnAForeignKeyMatchesNames()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        RelationalTableModel model(*db.engine, *db->schema().model(QStringLiteral("pug")));
        const int nameColumn = model.columnOf(QStringLiteral("name"));
        model.setTextFilter(QStringLiteral("ownerId"), QStringLiteral("Tom"));
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, nameColumn).data().toString(), QStringLiteral("Cody"));
        QCOMPARE(model.index(1, nameColumn).data().toString(), QStringLiteral("Doug"));
        { Tester t(&model, Tester::FailureReportingMode::QtTest); }
        // Ids are not names: "1" (Tom's id) matches no owner.
        model.setTextFilter(QStringLiteral("ownerId"), QStringLiteral("1"));
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 0);
        // Sorted by the owner too (one join), or by name; the count and the position agree.
        model.setTextFilter(QStringLiteral("ownerId"), QStringLiteral("ra"));
        model.sort(model.columnOf(QStringLiteral("ownerId")), Qt::DescendingOrder);
        QVERIFY2(model.select(), qPrintable(errorText(model)));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, nameColumn).data().toString(), QStringLiteral("Gizmo"));
        QCOMPARE(model.findRow({ { QStringLiteral("id"), 4 } }), 0);
        model.sort(nameColumn, Qt::AscendingOrder);
        QVERIFY(model.select());
        QCOMPARE(model.rowCount(), 1);
        { Tester t(&model, Tester::FailureReportingMode::QtTest); }
    }

    void nullIsNotAnEmptyString()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(db->create(QStringLiteral("owner"), { { QStringLiteral("name"), QString(QLatin1String("")) } }));
        RelationalTableModel owners(*db.engine, *db->schema().model(QStringLiteral("owner")));
        QVERIFY(owners.select());
        const QModelIndex empty = owners.index(4, owners.columnOf(QStringLiteral("name")));
        QVERIFY(!empty.data(RelationalTableModel::NullRole).toBool());
        QCOMPARE(empty.data().toString(), QString());
        RelationalTableModel pugs(*db.engine, *db->schema().model(QStringLiteral("pug")));
        QVERIFY(pugs.select());
        const int ownerColumn = pugs.columnOf(QStringLiteral("ownerId"));
        QVERIFY(!pugs.index(0, ownerColumn).data(RelationalTableModel::NullRole).toBool()); // Cody: Tom
        QVERIFY(pugs.index(4, ownerColumn).data(RelationalTableModel::NullRole).toBool());  // Biscuit: none
    }

    void sqlLogCountsRowsOfEveryWrite()
    {
        GRUMBLE_OPEN(db);
        QVERIFY(seedExample(db));
        QVERIFY(addPugs(db, 117)); // 123 pugs: a count a stale "changes" would show
        Connection &c = db->connection();
        SqlLogModel log;
        QObject::connect(c.log(), &SqlLog::executed, &log, &SqlLogModel::append);
        const QString stamp = QStringLiteral("2026-12-02 15:56:28.184 +00:00");
        auto run = [&c](const QString &sql, const QVariantList &bindings) {
            auto cursor = c.exec(sql, bindings);
            if (!cursor)
                return false;
            while ((*cursor)->next()) { }
            (*cursor)->finish();
            return true;
        };
        QVERIFY(run(QStringLiteral("UPDATE pugs SET name = name"), {}));
        QCOMPARE(lastRowsText(log), QStringLiteral("123"));
        QVERIFY(run(QStringLiteral("UPDATE owners SET name = ? WHERE id = ? RETURNING id, name"), { QStringLiteral("Thomas"), 1 }));
        QCOMPARE(lastRowsText(log), QStringLiteral("1"));
        QVERIFY(run(QStringLiteral("INSERT INTO owners (name, \"createdAt\", \"updatedAt\") VALUES (?, ?, ?), (?, ?, ?) RETURNING id"),
                    { QStringLiteral("Eve"), stamp, stamp, QStringLiteral("Max"), stamp, stamp }));
        QCOMPARE(lastRowsText(log), QStringLiteral("2"));
        QVERIFY(run(QStringLiteral("DELETE FROM pugs WHERE \"ownerId\" IS NULL RETURNING id"), {}));
        QCOMPARE(lastRowsText(log), QStringLiteral("41")); // Biscuit, Peanut and 39 of pug-1 … pug-117
        QVERIFY(run(QStringLiteral("INSERT INTO owners (name, \"createdAt\", \"updatedAt\") VALUES (?, ?, ?)"),
                    { QStringLiteral("Zoe"), stamp, stamp }));
        QCOMPARE(lastRowsText(log), QStringLiteral("1"));
        QVERIFY(run(QStringLiteral("DELETE FROM owners WHERE name = ?"), { QStringLiteral("Zoe") }));
        QCOMPARE(lastRowsText(log), QStringLiteral("1"));
        QVERIFY(run(QStringLiteral("SELECT id FROM owners"), {}));
        QCOMPARE(lastRowsText(log), QString()); // a read changes nothing
        // Read only in part: the count is logged when the cursor is finished.
        auto cursor = c.exec(QStringLiteral("UPDATE pugs SET name = name WHERE id <= ? RETURNING id"), { 3 });
        QVERIFY(cursor && (*cursor)->next());
        (*cursor)->finish();
        QCOMPARE(lastRowsText(log), QStringLiteral("3"));
        // The engine's rename of one record.
        auto pug = db->findByPk(QStringLiteral("pug"), 1);
        QVERIFY(pug);
        const int logged = log.rowCount();
        QVERIFY(db->update(*pug, { { QStringLiteral("name"), QStringLiteral("Cody II") } }));
        int updates = 0;
        for (int r = logged; r < log.rowCount(); ++r) {
            if (log.entry(r).sql.startsWith(QLatin1String("UPDATE"))) {
                QCOMPARE(log.index(r, SqlLogModel::RowsColumn).data().toString(), QStringLiteral("1"));
                ++updates;
            }
        }
        QCOMPARE(updates, 1);
        { Tester t(&log, Tester::FailureReportingMode::QtTest); }
    }
};

QTEST_MAIN(TestRelationalTableModel)
#include "tst_relationaltablemodel.moc"

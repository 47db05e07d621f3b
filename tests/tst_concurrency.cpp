// Concurrent writers (issue 13): N `grumble eval` processes (2 and 8) run 1,000 overlapping accessor
// lines each on the same database (a SQLite file, PostgreSQL). No line may fail (a deadlock or a
// duplicate join row is the engine's business: it locks in one order, inserts join rows conflict-safe
// and retries), and the final state must be one a serial order of the writes gives:
//  - Owner#1's pugs are exactly the set of one of the Owner#1.setPugs lines (pugs 1-4 are touched by
//    nothing else), never a mix of two (a lost update);
//  - Pug#1's friends are exactly the set of one of the Pug#1.setFriends lines (friends 1-3 of pug 1
//    are touched by nothing else);
//  - the other lines (setPugs, addPugs, setOwner, setFriends, addFriend, Friend.setPugs on pugs 5-12)
//    overlap on everything else: join rows stay unique and every owner's pugs are a partition.

#include "engine.h"
#include "testdb.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace grumble;

namespace {

constexpr int kOwners = 4;
constexpr int kPugs = 12;
constexpr int kFriends = 6;

//! "[1, 3]" of the keys in `from`..`to` that a random mask picks (possibly none).
QString randomSubset(QRandomGenerator &random, int from, int to)
{
    QStringList keys;
    for (int k = from; k <= to; ++k) {
        if (random.bounded(2))
            keys << QString::number(k);
    }
    return QLatin1Char('[') + keys.join(QStringLiteral(", ")) + QLatin1Char(']');
}

//! One accessor line: 1 in 4 sets Owner#1's pugs or Pug#1's friends (the exactly-checked sets),
//! the rest overlap on owners 2-4, pugs 5-12 and friends 1-6.
QString randomLine(QRandomGenerator &random)
{
    const auto pick = [&](int from, int to) { return QString::number(from + int(random.bounded(to - from + 1))); };
    switch (random.bounded(8)) {
    case 0:
        return QStringLiteral("Owner#1.setPugs(%1)").arg(randomSubset(random, 1, 4));
    case 1:
        return QStringLiteral("Pug#1.setFriends(%1)").arg(randomSubset(random, 1, 3));
    case 2:
        return QStringLiteral("Owner#%1.setPugs(%2)").arg(pick(2, kOwners), randomSubset(random, 5, kPugs));
    case 3:
        return QStringLiteral("Owner#%1.addPugs(%2)").arg(pick(2, kOwners), randomSubset(random, 5, kPugs));
    case 4:
        return QStringLiteral("Pug#%1.setOwner(%2)").arg(pick(5, kPugs), pick(2, kOwners));
    case 5:
        return QStringLiteral("Pug#%1.setFriends(%2)").arg(pick(5, kPugs), randomSubset(random, 1, kFriends));
    case 6:
        return QStringLiteral("Pug#%1.addFriend(%2)").arg(pick(5, kPugs), pick(1, kFriends));
    default:
        return QStringLiteral("Friend#%1.setPugs(%2)").arg(pick(4, kFriends), randomSubset(random, 5, kPugs));
    }
}

//! The sorted keys of a "[1, 3]" list.
QString normalized(const QString &list)
{
    return list.mid(1, list.size() - 2).remove(QLatin1Char(' '));
}

} // namespace

class tst_Concurrency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data()
    {
        // Every connection to :memory: is its own database: only a file and a server are shared.
        QTest::addColumn<QString>("url");
        QTest::newRow("sqlite-file") << QStringLiteral("sqlite:shared-file");
        QTest::newRow("postgresql") << test::pgServerUrl();
    }

    void writers_data()
    {
        QTest::addColumn<int>("writers");
        QTest::addColumn<int>("lines");
        QTest::newRow("2 writers") << 2 << 1000;
        QTest::newRow("8 writers") << 8 << 1000;
    }

    void writers()
    {
        QFETCH_GLOBAL(QString, url);
        QFETCH(int, writers);
        QFETCH(int, lines);
        const QString dbUrl = test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        auto engine = Engine::open(dbUrl);
        QVERIFY2(engine.ok(), qPrintable(engine.ok() ? QString() : engine.error().toString()));
        Engine &db = **engine;
        QVERIFY(db.sync().ok());
        QVERIFY(seed(db));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSet<QString> ownerOneSets, pugOneSets;
        QList<QProcess *> processes;
        for (int w = 0; w < writers; ++w) {
            QRandomGenerator random(quint32(1000 + w));
            QStringList script;
            for (int i = 0; i < lines; ++i) {
                script << randomLine(random);
                rememberExactSet(script.last(), ownerOneSets, pugOneSets);
            }
            const QString input = dir.filePath(QStringLiteral("in-%1.txt").arg(w));
            QFile file(input);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(script.join(QLatin1Char('\n')).toUtf8() + '\n');
            file.close();
            auto *process = new QProcess(this);
            process->setStandardInputFile(input);
            process->setStandardOutputFile(dir.filePath(QStringLiteral("out-%1.txt").arg(w)));
            process->setStandardErrorFile(dir.filePath(QStringLiteral("err-%1.txt").arg(w)));
            processes << process;
        }
        QElapsedTimer timer;
        timer.start();
        for (QProcess *process : std::as_const(processes))
            process->start(QStringLiteral(GRUMBLE_EXE), { QStringLiteral("eval"), QStringLiteral("--db"), dbUrl });
        for (QProcess *process : std::as_const(processes)) {
            QVERIFY(process->waitForFinished(240000));
            delete process;
        }
        const qint64 elapsed = timer.elapsed();

        int errorLines = 0, outputLines = 0;
        QString firstError;
        for (int w = 0; w < writers; ++w) {
            QFile out(dir.filePath(QStringLiteral("out-%1.txt").arg(w)));
            QVERIFY(out.open(QIODevice::ReadOnly));
            for (const QByteArray &line : out.readAll().split('\n')) {
                if (line.isEmpty())
                    continue;
                ++outputLines;
                if (line.startsWith("{\"error\"")) {
                    ++errorLines;
                    if (firstError.isEmpty())
                        firstError = QString::fromUtf8(line);
                }
            }
        }
        qInfo("%d writers x %d lines: %d error lines, %lld ms", writers, lines, errorLines, elapsed);
        QVERIFY2(errorLines == 0, qPrintable(QStringLiteral("%1 error lines, the first: %2").arg(errorLines).arg(firstError)));
        QCOMPARE(outputLines, writers * lines);
        checkFinalState(db, ownerOneSets, pugOneSets);
    }

private:
    static bool seed(Engine &db)
    {
        for (const auto &[model, count] : { std::pair{ QStringLiteral("owner"), kOwners },
                                            std::pair{ QStringLiteral("pug"), kPugs },
                                            std::pair{ QStringLiteral("friend"), kFriends } }) {
            QList<QVariantMap> rows;
            for (int i = 1; i <= count; ++i)
                rows << QVariantMap{ { QStringLiteral("name"), QStringLiteral("%1 %2").arg(model).arg(i) } };
            if (!db.bulkCreate(model, rows).ok())
                return false;
        }
        return true;
    }

    static void rememberExactSet(const QString &line, QSet<QString> &ownerOneSets, QSet<QString> &pugOneSets)
    {
        const QString argument = line.mid(line.indexOf(QLatin1Char('(')) + 1).chopped(1);
        if (line.startsWith(QLatin1String("Owner#1.setPugs(")))
            ownerOneSets.insert(normalized(argument));
        else if (line.startsWith(QLatin1String("Pug#1.setFriends(")))
            pugOneSets.insert(normalized(argument));
    }

    //! The keys of `column` in `table` where `where` holds, sorted, comma-separated.
    static QString keys(Engine &db, const QString &sql)
    {
        auto cursor = db.connection().exec(sql);
        if (!cursor.ok())
            return QStringLiteral("error: ") + cursor.error().message;
        QStringList out;
        while ((*cursor)->next())
            out << QString::number((*cursor)->value(0).toLongLong());
        (*cursor)->finish();
        return out.join(QLatin1Char(','));
    }

    static void checkFinalState(Engine &db, const QSet<QString> &ownerOneSets, const QSet<QString> &pugOneSets)
    {
        const QString ownerOne = keys(db, QStringLiteral("SELECT id FROM pugs WHERE \"ownerId\" = 1 ORDER BY id"));
        QVERIFY2(ownerOneSets.contains(ownerOne),
                 qPrintable(QStringLiteral("Owner#1 has pugs [%1], which no single setPugs line gave").arg(ownerOne)));
        const QString pugOne = keys(db, QStringLiteral("SELECT \"friendId\" FROM friendship WHERE \"pugId\" = 1 ORDER BY \"friendId\""));
        QVERIFY2(pugOneSets.contains(pugOne),
                 qPrintable(QStringLiteral("Pug#1 has friends [%1], which no single setFriends line gave").arg(pugOne)));
        // Join rows unique, every pug's owner one that exists, and the owners' pugs a partition.
        QCOMPARE(keys(db, QStringLiteral("SELECT COUNT(*) FROM (SELECT DISTINCT \"pugId\", \"friendId\" FROM friendship) d")),
                 keys(db, QStringLiteral("SELECT COUNT(*) FROM friendship")));
        QCOMPARE(keys(db, QStringLiteral("SELECT COUNT(*) FROM pugs WHERE \"ownerId\" IS NOT NULL AND \"ownerId\" NOT IN (SELECT id FROM owners)")),
                 QStringLiteral("0"));
        qint64 owned = 0;
        for (int o = 1; o <= kOwners; ++o) {
            auto owner = db.findByPk(QStringLiteral("owner"), o);
            QVERIFY(owner.ok() && owner->isValid());
            auto pugs = db.call(*owner, QStringLiteral("getPugs"));
            QVERIFY(pugs.ok());
            owned += pugs->value<RecordList>().size();
        }
        QCOMPARE(QString::number(owned), keys(db, QStringLiteral("SELECT COUNT(*) FROM pugs WHERE \"ownerId\" IS NOT NULL")));
    }
};

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"

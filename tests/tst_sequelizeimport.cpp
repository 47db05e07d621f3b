// SequelizeImport (session/sequelizeimport.h) on its own, with the real Sequelize
// (GRUMBLE_SEQUELIZE_DIR's node_modules): stderr lines as they come, the schema, cancel, errors.

#include "sequelizeimport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include "testdb.h"

#include <QtTest>

using namespace grumble;

namespace {

const QString kProjects = QStringLiteral(GRUMBLE_FIXTURES_DIR "/sequelize-projects");

} // namespace

class TestSequelizeImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        GRUMBLE_REQUIRE_SEQUELIZE();
        qputenv("NODE_PATH", test::sequelizeEnvironment().value(QStringLiteral("NODE_PATH")).toLocal8Bit());
    }

    void blockingImportGivesTheSchemaAndTheNotes()
    {
        SequelizeImport import;
        QStringList lines;
        QVERIFY(importSequelizeBlocking(import, kProjects + QStringLiteral("/blog/models"),
                                        [&lines](const QString &line) { lines << line; }));
        QCOMPARE(import.failure(), SequelizeImportFailure::None);
        QVERIFY(import.result().schema.model(QStringLiteral("post")));
        QVERIFY(import.result().json.contains("\"models\""));
        QCOMPARE(lines, import.messages());
        QVERIFY(import.result().notHonoured.contains(
                QStringLiteral("not honoured by Grumble: model user.email: validators isEmail")));
        for (const QString &note : import.result().notHonoured)
            QVERIFY(lines.contains(note));
    }

    void cancelKillsNode()
    {
        SequelizeImport import;
        QSignalSpy failed(&import, &SequelizeImport::failed);
        QSignalSpy finished(&import, &SequelizeImport::finished);
        QSignalSpy lines(&import, &SequelizeImport::messageReceived);
        QElapsedTimer clock;
        clock.start();
        import.start(kProjects + QStringLiteral("/slow/db.js"));
        QVERIFY(import.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
                import.messages().contains(QStringLiteral("slow: loading forever")), 20000);
        QVERIFY(lines.count() >= 1);
        import.cancel();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(clock.elapsed() < 30000);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!import.isRunning());
        QCOMPARE(import.failure(), SequelizeImportFailure::Canceled);
    }

    void timeoutStopsNode()
    {
        SequelizeImport import;
        import.setTimeout(1500);
        QVERIFY(!importSequelizeBlocking(import, kProjects + QStringLiteral("/slow/db.js"), {}));
        QCOMPARE(import.failure(), SequelizeImportFailure::TimedOut);
        QVERIFY2(import.errorMessage().contains(QLatin1String("did not finish loading")),
                 qPrintable(import.errorMessage()));
    }

    void failuresAreClassified()
    {
        QTemporaryDir project;
        QFile threw(project.filePath(QStringLiteral("throws.js")));
        QVERIFY(threw.open(QIODevice::WriteOnly));
        threw.write("throw new Error('boom from the project');\n");
        threw.close();
        SequelizeImport import;
        QVERIFY(!importSequelizeBlocking(import, threw.fileName(), {}));
        QCOMPARE(import.failure(), SequelizeImportFailure::ProjectThrew);
        QVERIFY(import.messages()
                        .join(QLatin1Char('\n'))
                        .contains(QLatin1String("boom from the project")));
        QVERIFY(import.errorMessage().contains(QLatin1String("node exited with status 1")));

        QFile none(project.filePath(QStringLiteral("none.cjs")));
        QVERIFY(none.open(QIODevice::WriteOnly));
        none.write("module.exports = { answer: 42 };\n");
        none.close();
        QVERIFY(!importSequelizeBlocking(import, none.fileName(), {}));
        QCOMPARE(import.failure(), SequelizeImportFailure::NoSequelizeInstance);

        const QByteArray node = qgetenv("GRUMBLE_NODE");
        qputenv("GRUMBLE_NODE", "/nonexistent/node");
        const bool imported =
                importSequelizeBlocking(import, kProjects + QStringLiteral("/pugs/db.js"), {});
        node.isEmpty() ? qunsetenv("GRUMBLE_NODE") : qputenv("GRUMBLE_NODE", node);
        QVERIFY(!imported);
        QCOMPARE(import.failure(), SequelizeImportFailure::NodeMissing);
        QCOMPARE(import.errorMessage(), SequelizeImport::nodeMissingMessage());
    }
};

QTEST_GUILESS_MAIN(TestSequelizeImport)
#include "tst_sequelizeimport.moc"

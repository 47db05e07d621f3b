// A SQLite file that is not writable (issue 13): it opens read-only for reading, every write fails
// with an error naming the file, and the app shows a banner and disables its editing actions.
// Run as root, the test drops to the user nobody first (root may write any file).
#include "engine.h"
#include "expression.h"
#include "mainwindow.h"
#include "session.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <unistd.h>

using namespace grumble;
using namespace grumble::ui;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

//! A pugs database with one owner, in WAL mode as Grumble makes them, then made read-only: the file
//! (chmod 444) or its folder (chmod 555).
QString makeReadOnlyDatabase(const QTemporaryDir &dir, bool folderToo)
{
    const QString path = dir.filePath(s("pugs.db"));
    {
        auto engine = Engine::open(path);
        if (!engine || !(*engine)->sync() || !(*engine)->create(s("owner"), { { s("name"), s("Alice") } }))
            return QString();
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
    if (folderToo)
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther);
    return path;
}

} // namespace

class tst_ReadOnly : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void engineReads_data();
    void engineReads();
    void writableIsNotReadOnly();
    void windowShowsBanner();
};

void tst_ReadOnly::initTestCase()
{
    QVERIFY2(geteuid() != 0, "still root: the permissions below would not hold");
}

void tst_ReadOnly::engineReads_data()
{
    QTest::addColumn<bool>("folderToo");
    QTest::newRow("file 444") << false;
    QTest::newRow("file 444, folder 555") << true;
}

// Opening reads; writes of every kind fail with a Database error naming the file; nothing changes.
void tst_ReadOnly::engineReads()
{
    QFETCH(bool, folderToo);
    QTemporaryDir dir;
    const QString path = makeReadOnlyDatabase(dir, folderToo);
    QVERIFY(!path.isEmpty());
    auto engine = Engine::open(path);
    QVERIFY2(engine, qPrintable(engine ? QString() : engine.error().toString()));
    Engine &e = **engine;
    QVERIFY(e.isReadOnly());
    QVERIFY(e.connection().isReadOnly());
    QCOMPARE(*e.count(s("owner")), 1);
    auto alice = e.findByPk(s("owner"), 1);
    QVERIFY(alice && alice->isValid());
    const QString expected = path + s(" is opened read-only (the file or its folder is not writable)");
    auto created = e.create(s("owner"), { { s("name"), s("Bob") } });
    QVERIFY(!created);
    QCOMPARE(created.error().kind, ErrorKind::Database);
    QVERIFY2(created.error().message.startsWith(expected), qPrintable(created.error().message));
    auto updated = e.update(*alice, { { s("name"), s("Alicia") } });
    QVERIFY(!updated);
    QVERIFY2(updated.error().message.startsWith(expected), qPrintable(updated.error().message));
    auto pug = e.call(*alice, s("createPug"), { QVariantMap { { s("name"), s("Rex") } } });
    QVERIFY(!pug);
    QVERIFY2(pug.error().message.startsWith(expected), qPrintable(pug.error().message));
    auto synced = e.sync(true);
    QVERIFY(!synced);
    Evaluator evaluator(e);
    QVERIFY(!evaluator.evaluate(s(R"(Owner#1.destroy())")));
    QCOMPARE(*e.count(s("owner")), 1);
    QCOMPARE(e.findByPk(s("owner"), 1)->value(s("name")).toString(), s("Alice"));
    QCOMPARE(*e.count(s("pug")), 0);
    engine->reset();
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); // so it can go
}

void tst_ReadOnly::writableIsNotReadOnly()
{
    QTemporaryDir dir;
    auto engine = Engine::open(dir.filePath(s("w.db")));
    QVERIFY(engine);
    QVERIFY(!(*engine)->isReadOnly());
    QVERIFY((*engine)->sync());
    auto memory = Engine::open(s(":memory:"));
    QVERIFY(memory && !(*memory)->isReadOnly());
}

// The window: "Opened read-only: <file> is not writable" above the views, Add row / Delete / Sync /
// Seed disabled, the association panel disabled; Ctrl+N adds nothing.
void tst_ReadOnly::windowShowsBanner()
{
    QTemporaryDir dir;
    const QString path = makeReadOnlyDatabase(dir, false);
    QVERIFY(!path.isEmpty());
    auto session = Session::open(path);
    QVERIFY2(session, qPrintable(session ? QString() : session.error().toString()));
    Session *sessionPointer = session->get();
    MainWindow window(std::move(*session));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *banner = window.findChild<QLabel *>(s("readOnlyBanner"));
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(), s("Opened read-only: %1 is not writable").arg(path));
    QStringList disabled;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *action : menu->menu() ? menu->menu()->actions() : QList<QAction *>()) {
            if (!action->isEnabled() && !action->isSeparator())
                disabled << action->text().remove(QLatin1Char('&'));
        }
    }
    for (const QString &action : { s("Add row"), s("Delete selected"), s("Sync…"), s("Seed demo data…") })
        QVERIFY2(disabled.contains(action), qPrintable(disabled.join(s(", "))));
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(*sessionPointer->engine().count(s("owner")), 1);
    auto refused = sessionPointer->createRecord(s("owner"), { { s("name"), s("Bob") } });
    QVERIFY(!refused);
    QVERIFY(refused.error().message.contains(path));
    QVERIFY(sessionPointer->undoStack()->count() == 0);
}

int main(int argc, char **argv)
{
    // Root writes any file whatever its permissions: run as nobody, with a home of its own.
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        return 2;
    char home[] = "/tmp/grumble-readonly-XXXXXX";
    if (!mkdtemp(home))
        return 2;
    qputenv("HOME", home);
    qputenv("XDG_RUNTIME_DIR", home);
    qputenv("XDG_CONFIG_HOME", home);
    QApplication app(argc, argv);
    tst_ReadOnly test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_readonly.moc"

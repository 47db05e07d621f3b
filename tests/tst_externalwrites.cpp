// Someone else writes to the database while Grumble has it open (issue 13):
//  - Engine::update with UpdateOptions::expected refuses to overwrite a value that changed since it
//    was shown (a typed Conflict naming both values), on every database;
//  - ChangeWatcher notices another connection's commit (and not reads, nor nothing);
//  - the tables view re-reads after another connection writes, keeping the selected record, and an
//    edit typed over a value another writer changed shows the conflict instead of overwriting it;
//  - Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) of a typed edit are optimistic as well: over a value
//    another writer changed since, they are refused with the conflict (both values), nothing is
//    overwritten, and the refused step leaves the undo stack while the steps around it still work.

#include "changewatcher.h"
#include "engine.h"
#include "mainwindow.h"
#include "relationaltablemodel.h"
#include "session.h"
#include "tablesview.h"
#include "testdb.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QStatusBar>
#include <QUndoStack>
#include <QtTest>

using namespace grumble;
using namespace grumble::ui;

namespace {

#define VERIFY_OK(r) QVERIFY2((r).ok(), qPrintable((r).ok() ? QString() : (r).error().toString()))

//! The name stored for owner `id`, read on `db`'s own connection.
QString storedName(Engine &db, qint64 id)
{
    auto owner = db.findByPk(QStringLiteral("owner"), id);
    return owner.ok() && owner->isValid() ? owner->value(QStringLiteral("name")).toString() : QStringLiteral("?");
}

//! Types `text` over the name of owner `id` in the window's owner table (Return commits it).
void typeOwnerName(MainWindow &window, qint64 id, const QString &text)
{
    TablesView *tables = window.tables();
    tables->showModel(QStringLiteral("owner"));
    RecordTableView *view = tables->tableFor(QStringLiteral("owner"));
    RelationalTableModel *model = view->recordModel();
    const int row = model->findRow({ { QStringLiteral("id"), id } });
    QVERIFY(row >= 0);
    const QModelIndex cell = model->index(row, model->columnOf(QStringLiteral("name")));
    view->setFocus();
    view->setCurrentIndex(cell);
    QTest::keyClick(view, Qt::Key_F2);
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QSignalSpy errors(window.session(), &Session::errorOccurred);
    QTest::keyClick(editor, Qt::Key_Return); // the delegate asks the session right after the editor closed
    QTRY_COMPARE(storedName(window.session()->engine(), id), text);
    QCOMPARE(errors.count(), 0);
    view->setFocus();
}

void sharedDatabaseRows()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("sqlite-file") << QStringLiteral("sqlite:shared-file");
    QTest::newRow("postgresql") << test::pgServerUrl();
}

} // namespace

class tst_ExternalWrites : public QObject
{
    Q_OBJECT

private slots:
    void updateRefusesAChangedValue_data() { test::addDatabaseRows(); }
    void updateRefusesAChangedValue()
    {
        QFETCH(QString, url);
        const QString dbUrl = test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        auto opened = Engine::open(dbUrl);
        VERIFY_OK(opened);
        Engine &db = **opened;
        VERIFY_OK(db.sync());
        auto tom = db.create(QStringLiteral("owner"), { { QStringLiteral("name"), QStringLiteral("Tom") } });
        VERIFY_OK(tom);
        auto cody = db.create(QStringLiteral("pug"), { { QStringLiteral("name"), QStringLiteral("Cody") } });
        VERIFY_OK(cody);
        // What was shown matches: written.
        auto tim = db.update(*tom, { { QStringLiteral("name"), QStringLiteral("Tim") } },
                             UpdateOptions{ { { QStringLiteral("name"), QStringLiteral("Tom") } } });
        VERIFY_OK(tim);
        QCOMPARE(storedName(db, 1), QStringLiteral("Tim"));
        // Shown "Tom", stored "Tim" meanwhile: refused, nothing written, both values named.
        auto max = db.update(*tom, { { QStringLiteral("name"), QStringLiteral("Max") } },
                             UpdateOptions{ { { QStringLiteral("name"), QStringLiteral("Tom") } } });
        QVERIFY(!max.ok());
        QCOMPARE(max.error().kind, ErrorKind::Conflict);
        QVERIFY2(max.error().message.contains(QLatin1String("\"Tom\"")) && max.error().message.contains(QLatin1String("\"Tim\""))
                         && max.error().message.contains(QLatin1String("\"Max\"")),
                 qPrintable(max.error().message));
        QCOMPARE(storedName(db, 1), QStringLiteral("Tim"));
        // A null shown: IS NULL, then a conflict once it is set.
        const QVariantMap noOwner{ { QStringLiteral("ownerId"), QVariant() } };
        VERIFY_OK(db.update(*cody, { { QStringLiteral("ownerId"), 1 } }, UpdateOptions{ noOwner }));
        auto again = db.update(*cody, { { QStringLiteral("ownerId"), QVariant() } }, UpdateOptions{ noOwner });
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        QVERIFY2(again.error().message.contains(QLatin1String("ownerId was null when shown and is now 1")),
                 qPrintable(again.error().message));
        // A row that is gone is NotFound, as without the check.
        VERIFY_OK(db.update(*tom, { { QStringLiteral("name"), QStringLiteral("x") } }));
        VERIFY_OK(db.destroy(*cody));
        auto gone = db.update(*cody, { { QStringLiteral("name"), QStringLiteral("y") } },
                              UpdateOptions{ { { QStringLiteral("name"), QStringLiteral("Cody") } } });
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().kind, ErrorKind::NotFound);
    }

    void watcherSeesOtherWritersOnly_data() { sharedDatabaseRows(); }
    void watcherSeesOtherWritersOnly()
    {
        QFETCH(QString, url);
        const QString dbUrl = test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        auto app = Engine::open(dbUrl);
        VERIFY_OK(app);
        VERIFY_OK((*app)->sync());
        auto other = Engine::open(dbUrl);
        VERIFY_OK(other);
        ChangeWatcher watcher((*app)->connection(), 0);
        QSignalSpy spy(&watcher, &ChangeWatcher::changedExternally);
        QVERIFY(watcher.probe().isValid());
        // Reads on either connection change nothing.
        VERIFY_OK((*app)->findAll(QStringLiteral("owner")));
        VERIFY_OK((*other)->findAll(QStringLiteral("pug")));
        QVERIFY(!watcher.check());
        // Another connection commits a write: noticed once.
        VERIFY_OK((*other)->create(QStringLiteral("owner"), { { QStringLiteral("name"), QStringLiteral("Ann") } }));
        QVERIFY(watcher.check());
        QVERIFY(!watcher.check());
        QCOMPARE(spy.count(), 1);
        // Our own write, taken as seen by resync(), is not someone else's.
        VERIFY_OK((*app)->create(QStringLiteral("owner"), { { QStringLiteral("name"), QStringLiteral("Bo") } }));
        watcher.resync();
        QVERIFY(!watcher.check());
        QCOMPARE(spy.count(), 1);
    }

    void viewRefreshesAndEditConflicts_data() { sharedDatabaseRows(); }
    void viewRefreshesAndEditConflicts()
    {
        QFETCH(QString, url);
        const QString dbUrl = test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        auto opened = Session::open(dbUrl);
        VERIFY_OK(opened);
        Session &session = **opened;
        VERIFY_OK(session.seedExample());
        auto other = Engine::open(dbUrl);
        VERIFY_OK(other);
        TablesView tables(&session);
        tables.resize(900, 500);
        tables.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tables));
        tables.showModel(QStringLiteral("owner"));
        RecordTableView *view = tables.tableFor(QStringLiteral("owner"));
        RelationalTableModel *model = view->recordModel();
        const int nameColumn = model->columnOf(QStringLiteral("name"));
        const int row = model->findRow({ { QStringLiteral("id"), 2 } });
        QVERIFY(row >= 0);
        view->setCurrentIndex(model->index(row, nameColumn));
        const RecordRef selected = tables.currentRecord();
        QCOMPARE(selected.key.value(QStringLiteral("id")).toLongLong(), 2);
        const QString shownName = model->index(row, nameColumn).data().toString();

        // Another connection renames owner 2 and adds an owner: the view shows it within a few
        // seconds (the watcher polls every second), owner 2 still selected.
        session.changeWatcher()->resync(); // the seed was this session's own write
        QSignalSpy external(&session, &Session::databaseChangedExternally);
        auto owner2 = (*other)->findByPk(QStringLiteral("owner"), 2);
        VERIFY_OK(owner2);
        VERIFY_OK((*other)->update(*owner2, { { QStringLiteral("name"), QStringLiteral("Renamed elsewhere") } }));
        VERIFY_OK((*other)->create(QStringLiteral("owner"), { { QStringLiteral("name"), QStringLiteral("Newcomer") } }));
        QTRY_VERIFY_WITH_TIMEOUT(external.count() >= 1, 5000);
        const int after = model->findRow({ { QStringLiteral("id"), 2 } });
        QCOMPARE(model->index(after, nameColumn).data().toString(), QStringLiteral("Renamed elsewhere"));
        QVERIFY(tables.currentRecord() == selected);
        QVERIFY(view->selectionModel()->isRowSelected(after, QModelIndex()));
        QVERIFY2(shownName != QLatin1String("Renamed elsewhere"), qPrintable(shownName));

        // The view shows "Renamed elsewhere"; another writer changes it again before the view
        // re-reads (the watcher is held), and the user types a new name over the shown one.
        session.changeWatcher()->setInterval(0);
        owner2 = (*other)->findByPk(QStringLiteral("owner"), 2);
        VERIFY_OK(owner2);
        VERIFY_OK((*other)->update(*owner2, { { QStringLiteral("name"), QStringLiteral("Changed again") } }));
        QSignalSpy errors(&session, &Session::errorOccurred);
        const QModelIndex cell = model->index(after, nameColumn);
        view->setCurrentIndex(cell);
        view->edit(cell);
        auto *editor = view->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("Typed by the user"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(errors.count(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.startsWith(QLatin1String("Conflict")) && message.contains(QLatin1String("\"Renamed elsewhere\""))
                         && message.contains(QLatin1String("\"Changed again\"")),
                 qPrintable(message));
        QCOMPARE(storedName(**other, 2), QStringLiteral("Changed again"));
        // The banner shows it, and the view now shows the stored value.
        bool bannerShown = false;
        for (QLabel *label : tables.findChildren<QLabel *>())
            bannerShown |= label->isVisible() && label->text().contains(QLatin1String("\"Changed again\""));
        QVERIFY(bannerShown);
        QTRY_COMPARE(model->index(model->findRow({ { QStringLiteral("id"), 2 } }), nameColumn).data().toString(),
                     QStringLiteral("Changed again"));
        tables.grab().save(test::screenshotDir() + QStringLiteral("/externalwrites-conflict-%1.png").arg(QLatin1String(QTest::currentDataTag())));
    }
    void undoAndRedoOfAnEditAreOptimistic_data() { test::addDatabaseRows(); }
    void undoAndRedoOfAnEditAreOptimistic()
    {
        QFETCH(QString, url);
        const QString dbUrl = test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        auto opened = Session::open(dbUrl);
        VERIFY_OK(opened);
        VERIFY_OK((*opened)->seedExample());
        // The other writer: a second connection; an in-memory SQLite database has only the app's, so
        // there it is the engine written to directly, past the session and its undo stack.
        std::unique_ptr<Engine> second;
        if (!test::isSqliteMemoryUrl(url)) {
            auto o = Engine::open(dbUrl);
            VERIFY_OK(o);
            second = std::move(*o);
        }
        MainWindow window(std::move(*opened));
        window.setProperty("noSettings", true);
        window.resize(1200, 800);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        Session &session = *window.session();
        Engine &other = second ? *second : session.engine();
        session.changeWatcher()->setInterval(0); // the view keeps what it showed until it re-reads
        QUndoStack &stack = *session.undoStack();
        const QString owner3 = storedName(other, 3);
        auto rename = [&](qint64 id, const QString &name) {
            auto owner = other.findByPk(QStringLiteral("owner"), id);
            VERIFY_OK(owner);
            VERIFY_OK(other.update(*owner, { { QStringLiteral("name"), name } }));
        };
        QSignalSpy errors(&session, &Session::errorOccurred);
        auto refusal = [&](const QString &verb, const QString &ours, const QString &theirs) {
            QCOMPARE(errors.count(), 1);
            const QString m = errors.takeFirst().first().toString();
            QVERIFY2(m.startsWith(QLatin1String("Conflict: ") + verb) && m.contains(QLatin1Char('"') + ours + QLatin1Char('"'))
                             && m.contains(QLatin1Char('"') + theirs + QLatin1Char('"'))
                             && window.statusBar()->currentMessage() == m,
                     qPrintable(m));
        };

        // Two edits typed in the table; then another writer renames owner 2 after ours.
        typeOwnerName(window, 3, QStringLiteral("Earlier edit"));
        typeOwnerName(window, 2, QStringLiteral("Typed by the user"));
        QCOMPARE(stack.count(), 2);
        QCOMPARE(storedName(other, 2), QStringLiteral("Typed by the user"));
        rename(2, QStringLiteral("Theirs"));
        // Ctrl+Z: refused with both values, theirs kept; the edit leaves the history, the earlier stays.
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_Z));
        refusal(QStringLiteral("Undo"), QStringLiteral("Typed by the user"), QStringLiteral("Theirs"));
        QCOMPARE(storedName(other, 2), QStringLiteral("Theirs"));
        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.index(), 1);
        QVERIFY(!stack.canRedo());
        // The next Ctrl+Z undoes the earlier edit, Ctrl+Shift+Z redoes it.
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(storedName(other, 3), owner3);
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(storedName(other, 3), QStringLiteral("Earlier edit"));
        QCOMPARE(stack.index(), 1);

        // Redo: an edit undone, then another writer changes the value back under it.
        typeOwnerName(window, 2, QStringLiteral("Second try"));
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(storedName(other, 2), QStringLiteral("Theirs"));
        QCOMPARE(stack.index(), 1);
        rename(2, QStringLiteral("Theirs again"));
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        refusal(QStringLiteral("Redo"), QStringLiteral("Theirs"), QStringLiteral("Theirs again"));
        QCOMPARE(storedName(other, 2), QStringLiteral("Theirs again"));
        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.index(), 1);
        QVERIFY(!stack.canRedo());
        // Undo and redo with nobody else writing still work as before.
        typeOwnerName(window, 2, QStringLiteral("Third"));
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(storedName(other, 2), QStringLiteral("Theirs again"));
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(storedName(other, 2), QStringLiteral("Third"));
        QCOMPARE(errors.count(), 0);
    }
};

QTEST_MAIN(tst_ExternalWrites)
#include "tst_externalwrites.moc"

// Issue 14, the app as a new user meets it, offscreen: keys (redo, no shared shortcut, Ctrl+2, Tab
// out of a table, Ctrl+Tab), seeding (Cancel rolls back, undo history kept, progress counts), forms
// (validation in the form, foreign-key errors that name the key and the table), choosers (articles,
// the current owner preselected, Enter on a single match, Add without what the record has), the
// include browser (Required follows the where), undo with the old timestamps, the welcome, help,
// the last database reopened, and the command line's usage errors.
#include "app.h"
#include "associationpanel.h"
#include "dialogs.h"
#include "helpdialogs.h"
#include "includebrowser.h"
#include "mainwindow.h"
#include "relationaltablemodel.h"
#include "resultvaluedelegate.h"
#include "schemaview.h"
#include "session.h"
#include "sqllogdock.h"
#include "sqllogmodel.h"
#include "tablesview.h"
#include "valueformat.h"
#include "testdb.h"
#include "welcome.h"
#include "wording.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <functional>

using namespace grumble;
using namespace grumble::ui;

namespace {

//! Runs `action` once `condition` holds (polling every 10 ms, also inside a dialog's own loop).
void whenTrue(std::function<bool()> condition, std::function<void()> action)
{
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, condition, action] {
        if (condition()) {
            timer->stop();
            timer->deleteLater();
            action();
        }
    });
    timer->start();
}

//! Runs `f` on the next modal dialog of type T.
template<typename T>
void onNextDialog(std::function<void(T *)> f)
{
    whenTrue([] { return qobject_cast<T *>(QApplication::activeModalWidget()) != nullptr; },
             [f] { f(qobject_cast<T *>(QApplication::activeModalWidget())); });
}

bool g_saveShots = true;

void save(QWidget *w, const QString &name)
{
    if (!g_saveShots)
        return;
    const QString file = grumble::test::screenshotDir() + QStringLiteral("/uiux-") + name
            + QStringLiteral(".png");
    QVERIFY2(w->grab().save(file), qPrintable(file));
}

//! Where an action's keys work: the window for window-wide ones, else the widgets it was added to.
QList<QWidget *> scopesOf(QAction *a, QWidget *window)
{
    if (a->shortcutContext() == Qt::WindowShortcut
        || a->shortcutContext() == Qt::ApplicationShortcut)
        return { window };
    QList<QWidget *> out;
    for (QObject *o : a->associatedObjects()) {
        if (auto *w = qobject_cast<QWidget *>(o))
            out << w;
    }
    return out;
}

bool overlaps(QWidget *a, QWidget *b)
{
    return a == b || a->isAncestorOf(b) || b->isAncestorOf(a);
}

} // namespace

class TestUiUx : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    Session *s() { return m_window->session(); }
    Engine &e() { return s()->engine(); }
    Record rec(const QString &model, const QVariant &pk)
    {
        auto r = e().findByPk(model, pk);
        return r ? *r : Record();
    }
    RecordRef pug(qint64 id)
    {
        return RecordRef::byPk(*s()->schema().model(QStringLiteral("pug")), id);
    }
    void openWindow(std::unique_ptr<Session> session)
    {
        m_window = std::make_unique<MainWindow>(std::move(session));
        m_window->setProperty("noSettings", true);
        m_window->resize(1400, 880);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }
    void selectPug(qint64 id)
    {
        QVERIFY(m_window->tables()->selectRecord(pug(id)));
        QCOMPARE(m_window->associationPanel()->record(), pug(id));
    }
    void key(int k, Qt::KeyboardModifiers m = Qt::NoModifier)
    {
        QWidget *target =
                QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get();
        QTest::keyClick(target, Qt::Key(k), m);
        QCoreApplication::processEvents();
    }
    QList<QVariantMap> friendshipRows(qint64 pugId)
    {
        FindOptions o;
        o.where = QVariantMap{ { QStringLiteral("pugId"), pugId } };
        o.order = QVariantList{ QVariantList{ QStringLiteral("friendId"), QStringLiteral("ASC") } };
        QList<QVariantMap> out;
        auto rows = e().findAll(QStringLiteral("friendship"), o);
        if (rows) {
            for (const Record &r : *rows)
                out << QVariantMap{
                    { QStringLiteral("friendId"), r.value(QStringLiteral("friendId")) },
                    { QStringLiteral("createdAt"), r.value(QStringLiteral("createdAt")) },
                    { QStringLiteral("updatedAt"), r.value(QStringLiteral("updatedAt")) }
                };
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // "2,500 owners"
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GrumbleTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_uiux"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           m_dir.filePath(QStringLiteral("settings")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           m_dir.filePath(QStringLiteral("settings")));
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Ambiguous shortcut")));
    }

    void initTestCase_data() { grumble::test::addDatabaseRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, url);
        const QString dbUrl = grumble::test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        g_saveShots = grumble::test::isSqliteMemoryUrl(url);
        auto session = Session::open(dbUrl);
        QVERIFY2(session, qPrintable(session ? QString() : session.error().toString()));
        if (QByteArray(QTest::currentTestFunction()) != "welcomeOnAnEmptyDatabase") {
            auto seeded = (*session)->seedExample();
            QVERIFY2(seeded, qPrintable(seeded ? QString() : seeded.error().toString()));
        }
        openWindow(std::move(*session));
    }

    void cleanup() { m_window.reset(); }

    // ---- keys ----

    void redoWithCtrlShiftZAndCtrlY()
    {
        QCOMPARE(s()->callAccessor(pug(1), QStringLiteral("setOwner"), { 2 }).ok(), true);
        auto owner = [this] {
            return rec(QStringLiteral("pug"), 1).value(QStringLiteral("ownerId")).toLongLong();
        };
        QCOMPARE(owner(), 2);
        for (const QKeySequence &redo : { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z),
                                          QKeySequence(Qt::CTRL | Qt::Key_Y) }) {
            QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Z));
            QCOMPARE(owner(), 1);
            QTest::keySequence(m_window.get(), redo);
            QVERIFY2(owner() == 2, qPrintable(redo.toString() + QStringLiteral(" did not redo")));
        }
    }

    void noTwoActionsShareAKey()
    {
        selectPug(1); // the association boxes' keys exist too
        m_window->showView(QStringLiteral("includes"));
        QList<QAction *> actions = m_window->findChildren<QAction *>();
        QVERIFY(actions.size() > 20);
        QStringList clashes;
        for (QAction *a : actions) {
            const QList<QKeySequence> keys = a->shortcuts();
            for (int i = 0; i < keys.size(); ++i) {
                if (keys.indexOf(keys.at(i)) != i)
                    clashes << QStringLiteral("%1 twice on '%2'")
                                       .arg(keys.at(i).toString(), a->text());
            }
            for (QAction *b : actions) {
                if (a >= b)
                    continue;
                for (const QKeySequence &k : keys) {
                    if (!b->shortcuts().contains(k))
                        continue;
                    bool overlap = false;
                    for (QWidget *x : scopesOf(a, m_window.get()))
                        for (QWidget *y : scopesOf(b, m_window.get()))
                            overlap |= overlaps(x, y);
                    if (overlap)
                        clashes << QStringLiteral("%1: '%2' and '%3'")
                                           .arg(k.toString(), a->text(), b->text());
                }
            }
        }
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral("; "))));
        // The standard keys are there, each on one action.
        QStringList all;
        for (QAction *a : actions)
            for (const QKeySequence &k : a->shortcuts())
                all << k.toString();
        for (const QString &k :
             { QStringLiteral("Ctrl+Z"), QStringLiteral("Ctrl+Shift+Z"), QStringLiteral("Ctrl+Y"),
               QStringLiteral("Ctrl+O"), QStringLiteral("F1") })
            QVERIFY2(all.count(k) == 1, qPrintable(k));
    }

    void ctrl2ShowsTheAssociations()
    {
        m_window->showView(QStringLiteral("schema"));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_2));
        QCOMPARE(m_window->currentViewName(), QStringLiteral("tables"));
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("associationDock"));
        QVERIFY(dock->isVisible());
        QVERIFY2(QApplication::focusWidget()
                         && m_window->associationPanel()->isAncestorOf(QApplication::focusWidget()),
                 "Ctrl+2 did not take the keyboard to the Associations panel");
        QVERIFY(m_window->associationPanel()->record().isValid());
        // From the include browser the panel shows its record: the tab stays.
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_3));
        QCOMPARE(m_window->currentViewName(), QStringLiteral("includes"));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_2));
        QCOMPARE(m_window->currentViewName(), QStringLiteral("includes"));
    }

    void tabLeavesTheTableForThePanelButtons()
    {
        selectPug(1);
        RecordTableView *table = m_window->tables()->tableFor(QStringLiteral("pug"));
        table->setFocus();
        QCOMPARE(QApplication::focusWidget(), table);
        for (int i = 0;
             i < 3 && !m_window->associationPanel()->isAncestorOf(QApplication::focusWidget()); ++i)
            key(Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(focus && m_window->associationPanel()->isAncestorOf(focus),
                 qPrintable(QStringLiteral("Tab stayed in %1")
                                    .arg(focus ? focus->objectName() : QStringLiteral("nothing"))));
        QCOMPARE(focus->objectName(), QStringLiteral("set")); // the owner box's Set…
        // Alt+S in the owner box: the chooser, the current owner preselected; Escape leaves it.
        bool preselected = false;
        QString title;
        onNextDialog<RecordPickerDialog>([&](RecordPickerDialog *d) {
            title = d->windowTitle();
            preselected = d->list()->currentItem() && d->list()->currentItem()->isSelected()
                    && d->list()->currentItem()->data(Qt::UserRole).toLongLong() == 1;
            d->reject();
        });
        key(Qt::Key_S, Qt::AltModifier);
        QCOMPARE(title, QStringLiteral("Choose an owner"));
        QVERIFY(preselected);
        // Back in the window (offscreen nothing re-activates it), Tab on to the friends box; Alt+A
        // there opens its Add… chooser.
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(QApplication::focusWidget());
        for (int i = 0; i < 6 && QApplication::focusWidget()
             && QApplication::focusWidget()->objectName() != QLatin1String("add");
             ++i)
            key(Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget());
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("add"));
        bool opened = false;
        onNextDialog<RecordPickerDialog>([&](RecordPickerDialog *d) {
            opened = true;
            d->reject();
        });
        key(Qt::Key_A, Qt::AltModifier);
        QVERIFY(opened);
    }

    void ctrlTabKeepsCurrentAndSelectionTogether()
    {
        TablesView *tables = m_window->tables();
        tables->showModel(QStringLiteral("friendship"));
        RecordTableView *t = tables->tableFor(QStringLiteral("friendship"));
        QVERIFY(t->model()->rowCount() >= 3);
        // The last column of the first join row current, the row selected.
        int last = 0;
        for (int c = 0; c < t->model()->columnCount(); ++c)
            if (!t->isColumnHidden(c))
                last = c;
        t->setFocus();
        t->setCurrentIndex(t->model()->index(0, last));
        t->selectRow(0);
        t->setCurrentIndex(t->model()->index(0, last));
        QTest::keyClick(t, Qt::Key_Tab, Qt::ControlModifier);
        QCoreApplication::processEvents();
        auto agree = [&](RecordTableView *v) {
            const RecordRef panel = m_window->associationPanel()->record();
            const QList<RecordRef> selected = v->selectedRecords();
            return selected.size() <= 1
                    && (selected.isEmpty() || selected.first() == v->currentRecord())
                    && (!v->currentIndex().isValid() || panel == v->currentRecord()
                        || !panel.isValid() || panel.model != v->recordModel()->schemaModel().name);
        };
        QVERIFY2(agree(t), "after Ctrl+Tab the current row and the selection differ");
        // Ctrl+Down moves the current row and the selection with it.
        tables->showModel(QStringLiteral("friendship"));
        t->setFocus();
        t->selectRow(0);
        QTest::keyClick(t, Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(t->currentIndex().row(), 1);
        QCOMPARE(t->selectedRecords(), QList<RecordRef>{ t->currentRecord() });
        QCOMPARE(m_window->associationPanel()->record(), t->currentRecord());
        // Delete offers the row the panel shows.
        QString asked;
        onNextDialog<QMessageBox>([&](QMessageBox *box) {
            asked = box->text();
            box->button(QMessageBox::Cancel)->click();
        });
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Delete));
        QVERIFY2(asked.contains(s()->displayName(t->currentRecord())), qPrintable(asked));
    }

    // ---- seeding ----

    void seedCancelRollsBackAndKeepsTheUndoHistory()
    {
        QVERIFY(s()->callAccessor(pug(1), QStringLiteral("setOwner"), { 3 }).ok());
        QCOMPARE(s()->undoStack()->count(), 1);
        const qint64 owners = *e().count(QStringLiteral("owner"));
        const qint64 pugs = *e().count(QStringLiteral("pug"));
        QStringList labels;
        whenTrue(
                [&] {
                    auto *p =
                            m_window->findChild<QProgressDialog *>(QStringLiteral("seedProgress"));
                    if (p && p->value() > 0) {
                        labels << p->labelText();
                        p->show(); // as after 300 ms of a slow seed (e.g. on PostgreSQL), on every database
                    }
                    return p && p->value() >= 1000;
                },
                [this] {
                    m_window->findChild<QProgressDialog *>(QStringLiteral("seedProgress"))
                            ->cancel();
                });
        m_window->seedDemoOwners(2500);
        QCOMPARE(*e().count(QStringLiteral("owner")),
                 owners); // the 1000 owners of the first batch too
        QCOMPARE(*e().count(QStringLiteral("pug")), pugs);
        const QString status = m_window->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("canceled"))
                         && status.contains(QLatin1String("nothing was added")),
                 qPrintable(status));
        QVERIFY(!labels.isEmpty());
        QVERIFY2(labels.first().contains(QLatin1String("of 2,500 owners"))
                         && labels.first().contains(QLatin1String("left")),
                 qPrintable(labels.first()));
        QCOMPARE(s()->undoStack()->count(), 1);
        // Seeding to the end keeps the history as well, and Ctrl+Z still undoes the setOwner: the
        // window has the keyboard back after the progress dialog (it did not once the dialog had
        // been shown, which on PostgreSQL's slower seed it always was: Ctrl+Z then did nothing).
        bool shown = false;
        whenTrue(
                [this] {
                    auto *p = m_window->findChild<QProgressDialog *>(QStringLiteral("seedProgress"));
                    return p && p->value() > 0;
                },
                [this, &shown] {
                    m_window->findChild<QProgressDialog *>(QStringLiteral("seedProgress"))->show();
                    shown = true;
                });
        m_window->seedDemoOwners(1200);
        QVERIFY(shown);
        QCOMPARE(*e().count(QStringLiteral("owner")), owners + 1200);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("1,200 owners")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(s()->undoStack()->count(), 1);
        QTRY_VERIFY(!QApplication::activeModalWidget()); // the seeding's progress dialog is gone
        QTRY_VERIFY(m_window->isActiveWindow());
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QVERIFY2(s()->lastError().isEmpty(), qPrintable(s()->lastError()));
        QCOMPARE(rec(QStringLiteral("pug"), 1).value(QStringLiteral("ownerId")).toLongLong(), 1);
    }

    void newDatabaseAsksBeforeTheDemo()
    {
        const QString empty =
                m_dir.filePath(QStringLiteral("empty-%1.sqlite").arg(QTest::currentDataTag()));
        QString question;
        onNextDialog<QMessageBox>([&](QMessageBox *box) {
            question = box->text();
            box->button(QMessageBox::No)->click();
        });
        QVERIFY(m_window->createDatabase(empty));
        QVERIFY2(question.contains(QLatin1String("demo records")), qPrintable(question));
        QCOMPARE(*e().count(QStringLiteral("owner")), 0);
        QVERIFY(m_window->welcome());
        const QString filled =
                m_dir.filePath(QStringLiteral("filled-%1.sqlite").arg(QTest::currentDataTag()));
        onNextDialog<QMessageBox>([](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        QVERIFY(m_window->createDatabase(filled));
        QCOMPARE(*e().count(QStringLiteral("owner")), 4);
        QVERIFY(!m_window->welcome());
    }

    // ---- forms ----

    void newRecordFormValidatesAndKeepsWhatWasTyped()
    {
        m_window->tables()->showModel(QStringLiteral("friendship"));
        const qint64 before = *e().count(QStringLiteral("friendship"));
        QString fieldProblem, afterAbc, formError, afterFk;
        bool stayedOpen = false;
        onNextDialog<RecordFormDialog>([&](RecordFormDialog *d) {
            auto *pugId = d->findChild<QLineEdit *>(QStringLiteral("pugId"));
            auto *friendId = d->findChild<QLineEdit *>(QStringLiteral("friendId"));
            QTest::keyClicks(pugId, QStringLiteral("abc"));
            QTest::keyClicks(friendId, QStringLiteral("2"));
            QTest::keyClick(friendId, Qt::Key_Return); // OK
            stayedOpen = d->isVisible();
            fieldProblem = d->findChild<QLabel *>(QStringLiteral("pugIdProblem"))->text();
            afterAbc = pugId->text();
            pugId->clear();
            QTest::keyClicks(pugId, QStringLiteral("1"));
            friendId->clear();
            QTest::keyClicks(friendId, QStringLiteral("99"));
            QTest::keyClick(friendId, Qt::Key_Return);
            formError = d->findChild<QLabel *>(QStringLiteral("formError"))->text();
            afterFk = friendId->text();
            save(d, QStringLiteral("record-form"));
            d->reject();
        });
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_N));
        QVERIFY(stayedOpen);
        QVERIFY2(fieldProblem.contains(QLatin1String("not a whole number")),
                 qPrintable(fieldProblem));
        QCOMPARE(afterAbc, QStringLiteral("abc"));
        QVERIFY2(formError.contains(QLatin1String("friendId 99: no friends row with id 99")),
                 qPrintable(formError));
        QCOMPARE(afterFk, QStringLiteral("99"));
        QCOMPARE(*e().count(QStringLiteral("friendship")), before);
    }

    void foreignKeyErrorsNameTheKeyAndTheTable()
    {
        auto created = e().create(QStringLiteral("pug"),
                                  { { QStringLiteral("name"), QStringLiteral("Ghost") },
                                    { QStringLiteral("ownerId"), 99 } });
        QVERIFY(!created);
        QCOMPARE(created.error().kind, ErrorKind::ForeignKey);
        QVERIFY2(created.error().message.startsWith(
                         QLatin1String("ownerId 99: no owners row with id 99")),
                 qPrintable(created.error().message));
        auto updated =
                e().update(rec(QStringLiteral("pug"), 1), { { QStringLiteral("ownerId"), 77 } });
        QVERIFY(!updated);
        QVERIFY2(updated.error().message.startsWith(
                         QLatin1String("ownerId 77: no owners row with id 77")),
                 qPrintable(updated.error().message));
    }

    void wording()
    {
        QCOMPARE(withArticle(QStringLiteral("owner")), QStringLiteral("an owner"));
        QCOMPARE(withArticle(QStringLiteral("pug")), QStringLiteral("a pug"));
        QCOMPARE(withArticle(QStringLiteral("user")), QStringLiteral("a user"));
        QCOMPARE(withArticle(QStringLiteral("hour")), QStringLiteral("an hour"));
        QCOMPARE(withArticle(QStringLiteral("item")), QStringLiteral("an item"));
        QCOMPARE(countOf(1, QStringLiteral("owner"), QStringLiteral("owners")),
                 QStringLiteral("1 owner"));
        QCOMPARE(countOf(2, QStringLiteral("owner"), QStringLiteral("owners")),
                 QStringLiteral("2 owners"));
        QCOMPARE(countOf(0, QStringLiteral("owner"), QStringLiteral("owners")),
                 QStringLiteral("0 owners"));
    }

    void chooserEnterOnASingleMatchChoosesIt()
    {
        selectPug(1); // Cody, Tom's
        AssociationBox *owner = m_window->associationPanel()->box(QStringLiteral("owner"));
        QVERIFY(owner);
        onNextDialog<RecordPickerDialog>([](RecordPickerDialog *d) {
            save(d, QStringLiteral("chooser"));
            QTest::keyClicks(d->searchEdit(), QStringLiteral("Ada"));
            QTest::keyClick(d->searchEdit(), Qt::Key_Return); // before the list is refilled
        });
        QTest::mouseClick(owner->findChild<QPushButton *>(QStringLiteral("set")), Qt::LeftButton);
        QCOMPARE(rec(QStringLiteral("pug"), 1).value(QStringLiteral("ownerId")).toLongLong(), 2);
        // OK with nothing chosen and several matches: the chooser stays and says why.
        QString hint;
        bool open = false;
        onNextDialog<RecordPickerDialog>([&](RecordPickerDialog *d) {
            d->list()->clearSelection();
            QTest::keyClick(d->searchEdit(), Qt::Key_Return);
            open = d->isVisible();
            hint = d->hint()->text();
            d->reject();
        });
        QTest::mouseClick(m_window->associationPanel()
                                  ->box(QStringLiteral("owner"))
                                  ->findChild<QPushButton *>(QStringLiteral("set")),
                          Qt::LeftButton);
        QVERIFY(open);
        QVERIFY2(hint.contains(QLatin1String("Select an owner first")), qPrintable(hint));
    }

    void addChooserLeavesOutWhatTheRecordHas()
    {
        selectPug(1); // Cody: friends 1 and 2 of 4
        QStringList offered;
        QString hint, title;
        onNextDialog<RecordPickerDialog>([&](RecordPickerDialog *d) {
            for (int i = 0; i < d->list()->count(); ++i)
                offered << d->list()->item(i)->data(Qt::UserRole).toString();
            hint = d->hint()->text();
            title = d->windowTitle();
            d->reject();
        });
        QTest::mouseClick(m_window->associationPanel()
                                  ->box(QStringLiteral("friends"))
                                  ->findChild<QPushButton *>(QStringLiteral("add")),
                          Qt::LeftButton);
        QCOMPARE(offered, (QStringList{ QStringLiteral("3"), QStringLiteral("4") }));
        QVERIFY2(hint.contains(QLatin1String("2 friends it already has")), qPrintable(hint));
        QCOMPARE(title, QStringLiteral("Choose friends"));
    }

    // ---- include browser ----

    void includeRequiredFollowsTheWhere()
    {
        m_window->showView(QStringLiteral("includes"));
        IncludeBrowser *ib = m_window->includeBrowser();
        ib->setRoot(QStringLiteral("owner"));
        QVERIFY(ib->checkPath(QStringLiteral("pugs")));
        QWidget *results =
                ib->resultView()->parentWidget()->parentWidget(); // the Tree/JSON/SQL tabs
        QVERIFY(ib->run());
        const int tabsTop = results->mapTo(ib, QPoint(0, 0)).y();
        QVERIFY(!ib->isRequired(QStringLiteral("pugs")));
        QVERIFY(ib->setWhere(QStringLiteral("pugs"), QStringLiteral(R"({"name": "Cody"})")));
        QVERIFY(ib->isRequired(QStringLiteral("pugs")));
        QVERIFY(ib->isRequiredByWhere(QStringLiteral("pugs")));
        QVERIFY(ib->setRequired(QStringLiteral("pugs"), false)); // the where decides
        QVERIFY(ib->isRequired(QStringLiteral("pugs")));
        // A click on the box changes nothing either.
        QTreeWidget *tree = ib->optionsTree();
        QTreeWidgetItem *item = tree->topLevelItem(0);
        const QRect cell = tree->visualItemRect(item);
        const int x = tree->header()->sectionViewportPosition(1) + 12;
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, QPoint(x, cell.center().y()));
        QVERIFY(ib->isRequired(QStringLiteral("pugs")));
        QVERIFY(!item->toolTip(1).isEmpty());
        QVERIFY(ib->run());
        QVERIFY2(ib->status().startsWith(QLatin1String("1 owner "))
                         || ib->status().startsWith(QLatin1String("1 owner·"))
                         || ib->status().startsWith(QLatin1String("1 owner")),
                 qPrintable(ib->status()));
        QVERIFY2(!ib->status().contains(QLatin1String("1 owners")), qPrintable(ib->status()));
        // A long findAll text does not push the tabs down; the results take most of the width.
        QVERIFY(ib->checkPath(QStringLiteral("pugs/friends")));
        QVERIFY(ib->setWhere(
                QStringLiteral("pugs/friends"),
                QStringLiteral(
                        R"({"name": {"$like": "%a%"}, "id": {"$in": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}})")));
        QVERIFY(ib->run());
        QCoreApplication::processEvents();
        QCOMPARE(results->mapTo(ib, QPoint(0, 0)).y(), tabsTop);
        QVERIFY2(results->width() > ib->width() / 2,
                 qPrintable(QStringLiteral("%1 of %2").arg(results->width()).arg(ib->width())));
        save(m_window.get(), QStringLiteral("includes"));
        // Without the where the box is the user's again.
        QVERIFY(ib->setWhere(QStringLiteral("pugs"), QString()));
        QVERIFY(!ib->isRequiredByWhere(QStringLiteral("pugs")));
        QVERIFY(!ib->isRequired(QStringLiteral("pugs")));
    }

    // ---- what the screenshots showed ----

    void resultsStatusAndLogReadWell()
    {
        // The include browser's status: whole words ("3 statements", "1 page"), under Run on one
        // line of its own (it wrapped "0 ms" next to the button); the tree's timestamps as the
        // tables show them (they were ISO there and the locale's in the tables), NULL as "NULL".
        m_window->showView(QStringLiteral("includes"));
        IncludeBrowser *ib = m_window->includeBrowser();
        ib->setRoot(QStringLiteral("pug"));
        QVERIFY(ib->checkPath(QStringLiteral("friends")));
        auto *run = ib->findChild<QPushButton *>(QStringLiteral("run"));
        QVERIFY(run);
        QTest::mouseClick(run, Qt::LeftButton);
        const QString status = ib->status();
        QVERIFY2(status.contains(QLatin1String("first page: 2 statements in ")) && !status.contains(QLatin1String("(s)"))
                         && status.contains(QLatin1String(" page in memory")),
                 qPrintable(status));
        auto *label = ib->findChild<QLabel *>(QStringLiteral("status"));
        QVERIFY(label);
        QVERIFY2(label->geometry().top() >= run->geometry().bottom(), "the status is beside Run, not under it");
        QAbstractItemModel *tree = ib->resultView()->model();
        const QModelIndex pug = tree->index(0, 0);
        ib->resultView()->expand(pug);
        while (tree->canFetchMore(pug))
            tree->fetchMore(pug);
        QModelIndex createdAt;
        for (int r = 0; r < tree->rowCount(pug); ++r) {
            const QString key = tree->index(r, 0, pug).data().toString();
            if (key == QLatin1String("createdAt"))
                createdAt = tree->index(r, 1, pug);
        }
        QVERIFY(createdAt.isValid());
        const QDateTime stored = rec(QStringLiteral("pug"), 1).value(QStringLiteral("createdAt")).toDateTime();
        auto *delegate = qobject_cast<ResultValueDelegate *>(ib->resultView()->itemDelegate());
        QVERIFY(delegate);
        QCOMPARE(delegate->styleOptionFor(createdAt).text, ValueFormat::timestamp(stored));
        // The SQL log: the statement takes the width, not the Rows column.
        m_window->showView(QStringLiteral("sqllog"));
        auto *log = m_window->sqlLog()->findChild<QTableView *>(QStringLiteral("sqlLog"));
        QVERIFY(log);
        QCoreApplication::processEvents();
        const int sql = log->columnWidth(SqlLogModel::SqlColumn);
        const int rows = log->columnWidth(SqlLogModel::RowsColumn);
        QVERIFY2(sql > 2 * rows && rows <= 100, qPrintable(QStringLiteral("SQL %1, Rows %2").arg(sql).arg(rows)));
        save(m_window.get(), QStringLiteral("includes-status"));
    }

    // ---- undo ----

    void undoRestoresTheOldTimestamps()
    {
        const Record before = rec(QStringLiteral("pug"), 1);
        const QList<QVariantMap> joinsBefore = friendshipRows(1);
        QCOMPARE(joinsBefore.size(), 2);
        QTest::qWait(20); // a later millisecond for the new timestamps
        QVERIFY(s()->callAccessor(pug(1), QStringLiteral("setOwner"), { 2 }).ok());
        QVERIFY(rec(QStringLiteral("pug"), 1).value(QStringLiteral("updatedAt"))
                != before.value(QStringLiteral("updatedAt")));
        QVERIFY(s()->callAccessor(pug(1), QStringLiteral("setFriends"), { QVariantList{ 3 } })
                        .ok());
        QCOMPARE(friendshipRows(1).size(), 1);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(friendshipRows(1), joinsBefore);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        const Record after = rec(QStringLiteral("pug"), 1);
        QCOMPARE(after.value(QStringLiteral("ownerId")), before.value(QStringLiteral("ownerId")));
        QCOMPARE(after.value(QStringLiteral("updatedAt")),
                 before.value(QStringLiteral("updatedAt")));
        // hasMany: undoing setPugs on an owner puts the pugs' updatedAt back.
        const Record gizmo = rec(QStringLiteral("pug"), 4);
        QVERIFY(s()->callAccessor(RecordRef::byPk(*s()->schema().model(QStringLiteral("owner")), 1),
                                  QStringLiteral("setPugs"), { QVariantList{ 4 } })
                        .ok());
        QVERIFY(rec(QStringLiteral("pug"), 4).value(QStringLiteral("ownerId")).toLongLong() == 1);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(rec(QStringLiteral("pug"), 4).value(QStringLiteral("ownerId")),
                 gizmo.value(QStringLiteral("ownerId")));
        QCOMPARE(rec(QStringLiteral("pug"), 4).value(QStringLiteral("updatedAt")),
                 gizmo.value(QStringLiteral("updatedAt")));
    }

    // ---- first run and help ----

    void welcomeOnAnEmptyDatabase()
    {
        QVERIFY(m_window->welcome());
        QCOMPARE(m_window->currentViewName(), QStringLiteral("welcome"));
        WelcomeWidget *w = m_window->welcome();
        QVERIFY(w->openButton()->isVisible() && w->importButton()->isVisible()
                && w->demoButton()->isVisible());
        const QString text = w->findChild<QLabel *>(QStringLiteral("welcomeText"))->text();
        for (const char *tab : { "Tables", "Include browser", "Schema", "Associations" })
            QVERIFY2(text.contains(QLatin1String(tab)), tab);
        save(m_window.get(), QStringLiteral("welcome"));
        QTest::mouseClick(w->demoButton(), Qt::LeftButton);
        QCOMPARE(*e().count(QStringLiteral("owner")), 4);
        QVERIFY(!m_window->welcome());
        QCOMPARE(m_window->currentViewName(), QStringLiteral("tables"));
        QVERIFY(m_window->associationPanel()->record().isValid());
    }

    void keyboardShortcutsDialogListsEveryAction()
    {
        QStringList redo;
        int rows = 0;
        onNextDialog<ShortcutsDialog>([&](ShortcutsDialog *d) {
            QTreeWidget *t = d->table();
            rows = t->topLevelItemCount();
            for (int i = 0; i < rows; ++i) {
                if (t->topLevelItem(i)->text(1) == QLatin1String("Redo"))
                    redo << t->topLevelItem(i)->text(0);
            }
            save(d, QStringLiteral("shortcuts"));
            d->reject();
        });
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_Slash));
        QCOMPARE(redo.size(), 1);
        QVERIFY2(redo.first().contains(QLatin1String("Ctrl+Shift+Z"))
                         && redo.first().contains(QLatin1String("Ctrl+Y")),
                 qPrintable(redo.first()));
        QCOMPARE(rows, int(shortcutEntries(m_window.get()).size()));
        int menuActionsWithKeys = 0;
        for (QAction *a : m_window->findChildren<QAction *>())
            menuActionsWithKeys +=
                    !a->shortcuts().isEmpty() && a->shortcutContext() == Qt::WindowShortcut;
        QVERIFY2(rows >= menuActionsWithKeys,
                 qPrintable(QStringLiteral("%1 < %2").arg(rows).arg(menuActionsWithKeys)));
    }

    void manualIsShippedAndShown()
    {
        QTest::keyClick(m_window.get(), Qt::Key_F1);
        auto *d = m_window->findChild<ManualDialog *>();
        QVERIFY(d && d->isVisible());
        const QString text = d->browser()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("Grumble manual"))
                         && text.contains(QLatin1String("Keyboard shortcuts"))
                         && text.contains(QLatin1String("grumble eval")),
                 qPrintable(text.left(200)));
        // Long example lines wrap: the manual never scrolls sideways.
        QTRY_VERIFY(!d->browser()->horizontalScrollBar()->isVisible());
        save(d, QStringLiteral("manual"));
        d->close();
    }

    void lastDatabaseIsReopened()
    {
        const QString other =
                m_dir.filePath(QStringLiteral("other-%1.sqlite").arg(QTest::currentDataTag()));
        onNextDialog<QMessageBox>([](QMessageBox *box) { box->button(QMessageBox::No)->click(); });
        QVERIFY(m_window->createDatabase(other));
        QCOMPARE(startupDatabaseUrl(), other);
        QVERIFY(QFile::remove(other)); // gone: the default database, not a new empty file
        QCOMPARE(startupDatabaseUrl(), defaultDatabasePath());
    }

    void exportPngSaysWhereItSaved()
    {
        const QString file =
                m_dir.filePath(QStringLiteral("diagram-%1.png").arg(QTest::currentDataTag()));
        QVERIFY(m_window->schemaView()->exportTo(file));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(file),
                 qPrintable(m_window->statusBar()->currentMessage()));
    }

    // ---- command line ----

    void unknownCommandsAndOptionsAreUsageErrors()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg")));
        for (const QStringList &args :
             { QStringList{ QStringLiteral("frobnicate") },
               QStringList{ QStringLiteral("--frobnicate") },
               QStringList{ QStringLiteral("--db"), QStringLiteral(":memory:"),
                            QStringLiteral("stray") } }) {
            const auto run = test::runProcess(QStringLiteral(GRUMBLE_EXE), args, env, {}, 30000);
            QVERIFY2(run.exitCode == 2,
                     qPrintable(args.join(QLatin1Char(' '))
                                + QStringLiteral(": exit %1").arg(run.exitCode)));
            QVERIFY2(run.err.contains(QLatin1String("grumble --help")), qPrintable(run.err));
            QVERIFY(run.out.isEmpty());
        }
        const auto help = test::runProcess(QStringLiteral(GRUMBLE_EXE),
                                           { QStringLiteral("--help") }, env, {}, 30000);
        QCOMPARE(help.exitCode, 0);
        for (const char *command :
             { "eval", "schema", "check", "import-sequelize", "export-sequelize" }) {
            const QRegularExpression line(
                    QStringLiteral("^  %1 +\\S.*$").arg(QLatin1String(command)),
                    QRegularExpression::MultilineOption);
            QVERIFY2(line.match(QString::fromUtf8(help.out)).hasMatch(), command);
        }
    }
};

QTEST_MAIN(TestUiUx)
#include "tst_uiux.moc"

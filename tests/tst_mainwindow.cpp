// The desktop app, offscreen: the association panel's buttons, the table combo, the include
// browser against the engine's JSON, the schema diagram, undo/redo, and screenshots of each view.
#include "associationpanel.h"
#include "consoledock.h"
#include "dialogs.h"
#include "includebrowser.h"
#include "mainwindow.h"
#include "recordpager.h"
#include "relationaltablemodel.h"
#include "resulttreemodel.h"
#include "schemacheckview.h"
#include "schemaview.h"
#include "sequelizeexport.h"
#include "sequelizeimport.h"
#include "session.h"
#include "sqllogdock.h"
#include "sqllogmodel.h"
#include "tablesview.h"
#include "testdb.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QCompleter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QSqlError>
#include <QSqlQuery>
#include <QSet>
#include <QStatusBar>
#include <QDateTime>
#include <QScrollBar>
#include <QToolTip>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <functional>

using namespace grumble;
using namespace grumble::ui;

namespace {

//! Runs `f` on the next modal dialog of type T (polling, since exec() blocks the caller).
template <typename T>
void onNextDialog(std::function<void(T *)> f)
{
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, f] {
        if (auto *d = qobject_cast<T *>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            f(d);
        }
    });
    timer->start();
}

//! The display texts of an index's children and grandchildren (a lazily built tree is fetched).
QStringList textsUnder(QAbstractItemModel *model, const QModelIndex &parent, int depth = 2)
{
    QStringList out;
    if (model->canFetchMore(parent))
        model->fetchMore(parent);
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column)
            out << model->index(row, column, parent).data().toString();
        if (depth > 1)
            out << textsUnder(model, model->index(row, 0, parent), depth - 1);
    }
    return out;
}

bool g_saveShots = true;

void save(QWidget *w, const QString &name)
{
    // One set of screenshots (from the SQLite-in-memory row) is enough.
    if (!g_saveShots)
        return;
    const QString file = grumble::test::screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png");
    QVERIFY2(w->grab().save(file), qPrintable(file));
}

//! The engine JSON and the result tree, both reduced to strings and nulls.
QJsonValue normalize(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            o.insert(it.key(), normalize(it.value()));
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &x : v.toArray())
            a.append(normalize(x));
        return a;
    }
    if (v.isNull())
        return QJsonValue::Null;
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

QJsonValue treeToJson(QAbstractItemModel *m, const QModelIndex &i);

QJsonObject recordToJson(QAbstractItemModel *m, const QModelIndex &i)
{
    while (m->canFetchMore(i))
        m->fetchMore(i);
    QJsonObject o;
    for (int r = 0; r < m->rowCount(i); ++r) {
        const QModelIndex c = m->index(r, 0, i);
        o.insert(c.data(ResultTreeModel::KeyRole).toString(), treeToJson(m, c));
    }
    return o;
}

QJsonValue treeToJson(QAbstractItemModel *m, const QModelIndex &i)
{
    switch (i.data(ResultTreeModel::KindRole).toInt()) {
    case ResultTreeModel::RecordNode:
        if (i.data(ResultTreeModel::ModelNameRole).isNull())
            return QJsonValue::Null;
        return recordToJson(m, i);
    case ResultTreeModel::ThroughNode:
        return recordToJson(m, i);
    case ResultTreeModel::AssociationNode:
    case ResultTreeModel::ListNode: {
        while (m->canFetchMore(i))
            m->fetchMore(i);
        QJsonArray a;
        for (int r = 0; r < m->rowCount(i); ++r)
            a.append(treeToJson(m, m->index(r, 0, i)));
        return a;
    }
    default: {
        const QVariant v = i.data(ResultTreeModel::RawValueRole);
        if (v.isNull())
            return QJsonValue::Null;
        return normalize(QJsonDocument::fromJson("[" + toJson(v) + "]").array().at(0));
    }
    }
}

QJsonArray rootToJson(QAbstractItemModel *m)
{
    while (m->canFetchMore({}))
        m->fetchMore({});
    QJsonArray a;
    for (int r = 0; r < m->rowCount(); ++r)
        a.append(treeToJson(m, m->index(r, 0)));
    return a;
}

//! Runs `action` once `condition` holds (polling every 20 ms, for dialogs that run their own loop).
void whenTrue(std::function<bool()> condition, std::function<void()> action)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, condition, action] {
        if (condition()) {
            timer->stop();
            timer->deleteLater();
            action();
        }
    });
    timer->start();
}

const QString kSequelizeProjects = QStringLiteral(GRUMBLE_FIXTURES_DIR "/sequelize-projects");

// Under CI a missing node or Sequelize fails; elsewhere it skips. Sets NODE_PATH for the imports.
#define REQUIRE_SEQUELIZE()                                                                              \
    do {                                                                                                 \
        GRUMBLE_REQUIRE_SEQUELIZE();                                                                     \
        qputenv("NODE_PATH", test::sequelizeEnvironment().value(QStringLiteral("NODE_PATH")).toLocal8Bit()); \
    } while (false)

//! The main window's action whose text is `text` (menu mnemonics included).
QAction *actionNamed(QWidget *window, const QString &text)
{
    for (QAction *a : window->findChildren<QAction *>()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject
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
    QVariant ownerOf(qint64 pug) { return rec(QStringLiteral("pug"), pug).value(QStringLiteral("ownerId")); }
    QList<qint64> friendsOf(qint64 pug)
    {
        FindOptions o;
        o.where = QVariantMap{ { QStringLiteral("pugId"), pug } };
        o.order = QVariantList{ QVariantList{ QStringLiteral("friendId"), QStringLiteral("ASC") } };
        QList<qint64> out;
        auto rows = e().findAll(QStringLiteral("friendship"), o);
        if (rows) {
            for (const Record &r : *rows)
                out << r.value(QStringLiteral("friendId")).toLongLong();
        }
        return out;
    }
    AssociationBox *box(const QString &alias)
    {
        AssociationBox *b = m_window->associationPanel()->box(alias);
        if (!b)
            qWarning() << "no association box" << alias;
        return b;
    }
    void click(const QString &alias, const QString &button)
    {
        AssociationBox *b = box(alias);
        QVERIFY(b);
        auto *pb = b->findChild<QPushButton *>(button);
        QVERIFY2(pb, qPrintable(alias + QLatin1Char('/') + button));
        QTest::mouseClick(pb, Qt::LeftButton);
    }
    void selectPug(qint64 id)
    {
        QVERIFY(m_window->tables()->selectRecord(RecordRef::byPk(*s()->schema().model(QStringLiteral("pug")), id)));
        QCOMPARE(m_window->associationPanel()->record().model, QStringLiteral("pug"));
    }

    //! 45 more owners (49 in all); every third new one has a pug with two friends.
    void addOwners()
    {
        QList<QVariantMap> owners;
        for (int i = 5; i <= 49; ++i)
            owners << QVariantMap{ { QStringLiteral("name"), QStringLiteral("owner-%1").arg(i) } };
        QVERIFY(e().bulkCreate(QStringLiteral("owner"), owners));
        QList<QVariantMap> pugs;
        for (int i = 6; i <= 49; i += 3)
            pugs << QVariantMap{ { QStringLiteral("name"), QStringLiteral("pug-of-%1").arg(i) }, { QStringLiteral("ownerId"), i } };
        auto made = e().bulkCreate(QStringLiteral("pug"), pugs);
        QVERIFY(made);
        QList<QVariantMap> friendships;
        for (const Record &p : *made) {
            for (qint64 f : { 1, 3 })
                friendships << QVariantMap{ { QStringLiteral("pugId"), p.pk() }, { QStringLiteral("friendId"), f } };
        }
        QVERIFY(e().bulkCreate(QStringLiteral("friendship"), friendships));
        QCOMPARE(*e().count(QStringLiteral("owner")), 49);
    }

    //! The engine's findAll of the same options, as normalized JSON.
    QJsonValue engineJson(const QVariantMap &options)
    {
        auto fo = FindOptions::fromVariant(options);
        if (!fo)
            return QJsonValue();
        auto rows = e().findAll(QStringLiteral("owner"), *fo);
        if (!rows)
            return QJsonValue();
        return normalize(QJsonDocument::fromJson(toJson(QVariant::fromValue(*rows))).array());
    }

    //! Drags the tree's scroll bar to the bottom until no more rows come; the number of drags.
    int scrollToEnd(QTreeView *tree)
    {
        int drags = 0;
        for (int rows = -1; rows != tree->model()->rowCount() && drags < 100; ++drags) {
            rows = tree->model()->rowCount();
            tree->scrollToBottom();
            QCoreApplication::processEvents();
            tree->viewport()->repaint();
        }
        return drags;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
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
        auto seeded = (*session)->seedExample();
        QVERIFY2(seeded, qPrintable(seeded ? QString() : seeded.error().toString()));
        m_window = std::make_unique<MainWindow>(std::move(*session));
        m_window->setProperty("noSettings", true);
        m_window->resize(1400, 880);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void opensTheDemoDatabase()
    {
        QCOMPARE(*e().count(QStringLiteral("owner")), 4);
        QCOMPARE(*e().count(QStringLiteral("pug")), 6);
        QCOMPARE(*e().count(QStringLiteral("friend")), 4);
        QCOMPARE(m_window->tables()->modelNames(),
                 (QStringList{ QStringLiteral("owner"), QStringLiteral("pug"), QStringLiteral("friend"), QStringLiteral("friendship") }));
        // LeftJoin: pugs without an owner stay visible, and the owner column shows the name.
        RecordTableView *pugs = m_window->tables()->tableFor(QStringLiteral("pug"));
        auto *model = pugs->recordModel();
        QCOMPARE(model->rowCount(), 6);
        const int col = model->columnOf(QStringLiteral("ownerId"));
        const int cody = model->findRow({ { QStringLiteral("id"), 1 } });
        QCOMPARE(model->index(cody, col).data().toString(), QStringLiteral("Tom"));
        QCOMPARE(model->rawValue(cody, QStringLiteral("ownerId")).toLongLong(), 1);
        const int biscuit = model->findRow({ { QStringLiteral("id"), 5 } });
        QVERIFY(biscuit >= 0);
        QVERIFY(model->rawValue(biscuit, QStringLiteral("ownerId")).isNull());
        m_window->showView(QStringLiteral("tables"));
        m_window->tables()->showModel(QStringLiteral("pug"));
        save(m_window.get(), QStringLiteral("tables"));
    }

    void itemModelsPassTheTester()
    {
        // Qt 6.4's tester runs its checks (which call fetchMore) on modelReset before it marks the
        // reset finished, so a lazily fetching model is checked after each reset by a new tester.
        using Tester = QAbstractItemModelTester;
        for (const Model &m : s()->schema().models()) {
            RelationalTableModel model(e(), m);
            QVERIFY(model.select());
            { Tester t(&model, Tester::FailureReportingMode::QtTest); }
            model.setTextFilter(QStringLiteral("name"), QStringLiteral("o"));
            QVERIFY(model.select());
            { Tester t(&model, Tester::FailureReportingMode::QtTest); }
            model.setSort(0, Qt::DescendingOrder);
            QVERIFY(model.select());
            { Tester t(&model, Tester::FailureReportingMode::QtTest); }
        }
        {
            QAbstractItemModelTester tester(m_window->sqlLog()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            m_window->sqlLog()->model()->setShowControl(true);
            (void)e().count(QStringLiteral("pug"));
            m_window->sqlLog()->model()->setCapacity(3);
            for (int i = 0; i < 5; ++i)
                (void)e().count(QStringLiteral("owner"));
            QVERIFY(m_window->sqlLog()->model()->rowCount() <= 3);
            m_window->sqlLog()->model()->clear();
        }
        {
            ResultTreeModel tree;
            tree.setBatchSize(2);
            auto rows = e().findAll(QStringLiteral("owner"),
                                    *FindOptions::fromVariant(QVariantMap{ { QStringLiteral("include"),
                                                                             QVariantList{ QVariantMap{ { QStringLiteral("model"), QStringLiteral("pug") },
                                                                                                        { QStringLiteral("include"), QVariantList{ QStringLiteral("friend") } } } } } }));
            QVERIFY(rows);
            tree.setResult(QVariant::fromValue(*rows));
            QCOMPARE(tree.rowCount(), 2); // batches of 2
            QVERIFY(tree.canFetchMore({}));
            { Tester t(&tree, Tester::FailureReportingMode::QtTest); } // partly fetched
            const QJsonArray a = rootToJson(&tree); // fetches every level
            QCOMPARE(a.size(), 4);
            { Tester t(&tree, Tester::FailureReportingMode::QtTest); } // fully fetched
            tree.setResult(QVariant(QVariantList{ 1, QVariantList{ QVariant::fromValue(rows->first()) } }));
            { Tester t(&tree, Tester::FailureReportingMode::QtTest); }
            tree.setResult(QVariant(42));
            { Tester t(&tree, Tester::FailureReportingMode::QtTest); }
            QCOMPARE(tree.rowCount(), 1);
            tree.clear();
        }
    }

    void tablesShowFirstRowsBeforeCounting()
    {
        // 3,000 more pugs: more than a page. A new TablesView reads each table's first page and
        // counts the full ones only after it painted.
        QList<QVariantMap> rows;
        for (int i = 1; i <= 3000; ++i)
            rows << QVariantMap{ { QStringLiteral("name"), QStringLiteral("pug-%1").arg(i) } };
        QVERIFY(e().bulkCreate(QStringLiteral("pug"), rows));
        TablesView tables(s());
        RelationalTableModel *pugs = tables.tableFor(QStringLiteral("pug"))->recordModel();
        RelationalTableModel *owners = tables.tableFor(QStringLiteral("owner"))->recordModel();
        QCOMPARE(pugs->rowCount(), pugs->pageSize());
        QVERIFY(pugs->isCountPending());
        QCOMPARE(pugs->statementCount(), quint64(1)); // the first page, no COUNT(*)
        QCOMPARE(owners->rowCount(), 4);              // a short first page: the whole table
        QVERIFY(!owners->isCountPending());
        QCOMPARE(owners->statementCount(), quint64(1));
        auto *tabs = tables.findChild<QTabWidget *>();
        QVERIFY(tabs);
        const int pugTab = tabs->indexOf(tables.tableFor(QStringLiteral("pug")));
        QCOMPARE(tabs->tabText(pugTab), QStringLiteral("pugs")); // no count yet
        QCOMPARE(tabs->tabText(tabs->indexOf(tables.tableFor(QStringLiteral("owner")))), QStringLiteral("owners (4)"));
        tables.showModel(QStringLiteral("pug"));
        tables.resize(900, 600);
        tables.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tables));
        QTRY_VERIFY(!pugs->isCountPending());
        QCOMPARE(pugs->rowCount(), 3006);
        QCOMPARE(pugs->statementCount(), quint64(2));
        QTRY_COMPARE(tabs->tabText(pugTab), QStringLiteral("pugs (3006)"));
        // Scrolling to the end reads the last page.
        RecordTableView *view = tables.tableFor(QStringLiteral("pug"));
        view->scrollToBottom();
        view->viewport()->repaint();
        QCOMPARE(pugs->rawValue(3005, QStringLiteral("name")).toString(), QStringLiteral("pug-3000"));
    }

    void associationPanelToOne()
    {
        selectPug(1); // Cody, Tom's
        QCOMPARE(ownerOf(1).toLongLong(), 1);
        QUndoStack *undo = s()->undoStack();

        click(QStringLiteral("owner"), QStringLiteral("clear"));
        QVERIFY(ownerOf(1).isNull());
        QVERIFY(box(QStringLiteral("owner"))->currentKeys().isEmpty());
        undo->undo();
        QCOMPARE(ownerOf(1).toLongLong(), 1);
        undo->redo();
        QVERIFY(ownerOf(1).isNull());

        onNextDialog<RecordPickerDialog>([](RecordPickerDialog *d) {
            d->selectKeys({ 2 });
            d->accept();
        });
        click(QStringLiteral("owner"), QStringLiteral("set"));
        QCOMPARE(ownerOf(1).toLongLong(), 2);
        QCOMPARE(box(QStringLiteral("owner"))->currentKeys(), QVariantList{ 2 });
        undo->undo();
        QVERIFY(ownerOf(1).isNull());
        undo->undo();
        QCOMPARE(ownerOf(1).toLongLong(), 1);
        undo->redo();
        undo->redo();
        QCOMPARE(ownerOf(1).toLongLong(), 2);

        // createOwner: a new owner, linked; undo removes both.
        onNextDialog<RecordFormDialog>([](RecordFormDialog *d) {
            d->setValue(QStringLiteral("name"), QStringLiteral("Zed"));
            d->accept();
        });
        click(QStringLiteral("owner"), QStringLiteral("create"));
        QCOMPARE(*e().count(QStringLiteral("owner")), 5);
        const Record zed = *e().findOne(QStringLiteral("owner"), *FindOptions::fromVariant(QVariantMap{ { QStringLiteral("where"), QVariantMap{ { QStringLiteral("name"), QStringLiteral("Zed") } } } }));
        QVERIFY(zed.isValid());
        QCOMPARE(ownerOf(1), zed.pk());
        undo->undo();
        QCOMPARE(*e().count(QStringLiteral("owner")), 4);
        QCOMPARE(ownerOf(1).toLongLong(), 2);
        undo->redo();
        QCOMPARE(*e().count(QStringLiteral("owner")), 5);
        QCOMPARE(ownerOf(1), zed.pk());
        QVERIFY(box(QStringLiteral("owner"))->valueLabel()->text().contains(QStringLiteral("Zed")));
        m_window->showView(QStringLiteral("associations"));
        save(m_window.get(), QStringLiteral("associations"));
    }

    void associationPanelManyToMany()
    {
        selectPug(1); // Cody: CodyFan <3 (1), PugLover (2)
        QUndoStack *undo = s()->undoStack();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 2 }));
        QCOMPARE(box(QStringLiteral("friends"))->list()->topLevelItemCount(), 2);

        onNextDialog<RecordPickerDialog>([](RecordPickerDialog *d) {
            d->selectKeys({ 3 });
            d->accept();
        });
        click(QStringLiteral("friends"), QStringLiteral("add"));
        QVERIFY2(s()->lastError().isEmpty(), qPrintable(s()->lastError()));
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 2, 3 }));
        QCOMPARE(box(QStringLiteral("friends"))->list()->topLevelItemCount(), 3);

        // remove PugLover (2) by selecting it in the list
        QTreeWidget *list = box(QStringLiteral("friends"))->list();
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            list->topLevelItem(i)->setSelected(list->topLevelItem(i)->data(0, Qt::UserRole).toLongLong() == 2);
        click(QStringLiteral("friends"), QStringLiteral("remove"));
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 3 }));

        onNextDialog<DualListDialog>([](DualListDialog *d) {
            d->setChosenKeys({ 4 });
            d->accept();
        });
        click(QStringLiteral("friends"), QStringLiteral("setAll"));
        QCOMPARE(friendsOf(1), (QList<qint64>{ 4 }));

        undo->undo();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 3 }));
        undo->undo();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 2, 3 }));
        undo->undo();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 2 }));
        undo->redo();
        undo->redo();
        undo->redo();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 4 }));

        onNextDialog<RecordFormDialog>([](RecordFormDialog *d) {
            d->setValue(QStringLiteral("name"), QStringLiteral("NewFan"));
            d->accept();
        });
        click(QStringLiteral("friends"), QStringLiteral("create"));
        QCOMPARE(*e().count(QStringLiteral("friend")), 5);
        QCOMPARE(friendsOf(1), (QList<qint64>{ 4, 5 }));
        undo->undo();
        QCOMPARE(*e().count(QStringLiteral("friend")), 4);
        QCOMPARE(friendsOf(1), (QList<qint64>{ 4 }));
        undo->redo();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 4, 5 }));
        QCOMPARE(rec(QStringLiteral("friend"), 5).value(QStringLiteral("name")).toString(), QStringLiteral("NewFan"));
        // The join row's columns are listed.
        QVERIFY(box(QStringLiteral("friends"))->list()->headerItem()->text(2).startsWith(QStringLiteral("friendship.")));
        save(m_window->associationPanel(), QStringLiteral("association-panel"));
    }

    void associationPanelHasMany()
    {
        const Model *owner = s()->schema().model(QStringLiteral("owner"));
        QVERIFY(m_window->tables()->selectRecord(RecordRef::byPk(*owner, 1))); // Tom: Cody, Doug
        QUndoStack *undo = s()->undoStack();
        QCOMPARE(box(QStringLiteral("pugs"))->currentKeys(), (QVariantList{ 1, 2 }));
        QVERIFY(box(QStringLiteral("pugs"))->add({ 5 })); // Biscuit
        QCOMPARE(ownerOf(5).toLongLong(), 1);
        QVERIFY(box(QStringLiteral("pugs"))->add({ 3 })); // Frank, Ada's
        QCOMPARE(ownerOf(3).toLongLong(), 1);
        undo->undo(); // Frank goes back to Ada, not to nobody
        QCOMPARE(ownerOf(3).toLongLong(), 2);
        QVERIFY(box(QStringLiteral("pugs"))->setAll({ 2 }));
        QVERIFY(ownerOf(1).isNull());
        QVERIFY(ownerOf(5).isNull());
        QCOMPARE(ownerOf(2).toLongLong(), 1);
        undo->undo();
        QCOMPARE(ownerOf(1).toLongLong(), 1);
        QCOMPARE(ownerOf(5).toLongLong(), 1);
    }

    void dropAssociates()
    {
        RecordTableView *owners = m_window->tables()->tableFor(QStringLiteral("owner"));
        const int ada = owners->recordModel()->findRow({ { QStringLiteral("id"), 2 } });
        QCOMPARE(owners->dropAccessor(QStringLiteral("pug")), QStringLiteral("addPugs"));
        QVERIFY(owners->dropRecords({ RecordRef{ QStringLiteral("pug"), { { QStringLiteral("id"), 6 } } } }, ada));
        QCOMPARE(ownerOf(6).toLongLong(), 2);
        RecordTableView *pugs = m_window->tables()->tableFor(QStringLiteral("pug"));
        const int peanut = pugs->recordModel()->findRow({ { QStringLiteral("id"), 6 } });
        QVERIFY(pugs->dropRecords({ RecordRef{ QStringLiteral("friend"), { { QStringLiteral("id"), 3 } } } }, peanut));
        QCOMPARE(friendsOf(6), (QList<qint64>{ 3 }));
        s()->undoStack()->undo();
        QVERIFY(friendsOf(6).isEmpty());
    }

    void foreignKeyComboEdits()
    {
        m_window->showView(QStringLiteral("tables"));
        m_window->tables()->showModel(QStringLiteral("pug"));
        RecordTableView *view = m_window->tables()->tableFor(QStringLiteral("pug"));
        RelationalTableModel *model = view->recordModel();
        auto edit = [&](qint64 pug, const QString &choice) {
            const int row = model->findRow({ { QStringLiteral("id"), pug } });
            QVERIFY(row >= 0);
            const QModelIndex index = model->index(row, model->columnOf(QStringLiteral("ownerId")));
            view->setCurrentIndex(index);
            view->edit(index);
            auto *combo = view->findChild<QComboBox *>(QStringLiteral("foreignKeyCombo"));
            QVERIFY(combo);
            QCOMPARE(combo->itemText(0), QStringLiteral("(none)"));
            const int at = combo->findText(choice, Qt::MatchStartsWith);
            QVERIFY2(at >= 0, qPrintable(choice));
            combo->setCurrentIndex(at);
            QTest::keyClick(combo, Qt::Key_Return);
        };
        edit(5, QStringLiteral("Grace")); // Biscuit had no owner
        QTRY_COMPARE(ownerOf(5).toLongLong(), 3);
        const int row = model->findRow({ { QStringLiteral("id"), 5 } });
        QCOMPARE(model->index(row, model->columnOf(QStringLiteral("ownerId"))).data().toString(), QStringLiteral("Grace"));
        edit(1, QStringLiteral("(none)"));
        QTRY_VERIFY(ownerOf(1).isNull());
        QVERIFY(model->findRow({ { QStringLiteral("id"), 1 } }) >= 0); // still listed (LEFT JOIN)
        s()->undoStack()->undo();
        QCOMPARE(ownerOf(1).toLongLong(), 1);
        save(m_window.get(), QStringLiteral("tables-edited"));
    }

    void keyColumnsAreReadOnlyAndSayWhy()
    {
        // A saved row's primary key is never changed (Sequelize's update() ignores it, and so does the
        // engine): a join row's pugId/friendId can't be edited in the table. Double-click and F2 open no
        // editor, the status bar says why and where to change the link, so does the cell's tooltip.
        m_window->tables()->showModel(QStringLiteral("friendship"));
        RecordTableView *view = m_window->tables()->tableFor(QStringLiteral("friendship"));
        RelationalTableModel *model = view->recordModel();
        const int before = int(*e().count(QStringLiteral("friendship")));
        const QModelIndex index = model->index(0, model->columnOf(QStringLiteral("pugId")));
        const QVariant old = model->rawValue(0, QStringLiteral("pugId"));
        QVERIFY(!(model->flags(index) & Qt::ItemIsEditable));
        QVERIFY(!(model->flags(model->index(0, model->columnOf(QStringLiteral("friendId")))) & Qt::ItemIsEditable));
        m_window->statusBar()->clearMessage();
        const QPoint cell = view->visualRect(index).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell);
        QCoreApplication::processEvents();
        QVERIFY2(!view->findChild<QComboBox *>(QStringLiteral("foreignKeyCombo")), "an editor opened on a key column");
        const QString why = m_window->statusBar()->currentMessage();
        QVERIFY2(why.contains(QLatin1String("pugId is part of this friendship row's primary key"))
                         && why.contains(QLatin1String("Associations panel")),
                 qPrintable(why));
        // Short enough for the status bar next to its permanent label.
        QVERIFY2(m_window->statusBar()->fontMetrics().horizontalAdvance(why) < m_window->statusBar()->width() - 250,
                 qPrintable(why));
        // The panel says what the join row links and where to change it (it repeated its label).
        auto *panelText = m_window->associationPanel()->findChild<QLabel *>(QStringLiteral("joinRowLinks"));
        QVERIFY(panelText);
        QVERIFY2(panelText->text().contains(QLatin1String("row links ")) && panelText->text().contains(QLatin1String("pug Cody (pug#1)"))
                         && panelText->text().contains(QLatin1String("friend ")),
                 qPrintable(panelText->text()));
        m_window->statusBar()->clearMessage();
        view->setFocus();
        view->setCurrentIndex(index);
        QTest::keyClick(view, Qt::Key_F2);
        QVERIFY2(!view->findChild<QComboBox *>(QStringLiteral("foreignKeyCombo")), "F2 opened an editor on a key column");
        QCOMPARE(QApplication::focusWidget(), view);
        QCOMPARE(m_window->statusBar()->currentMessage(), why);
        // The tooltip says the same.
        QHelpEvent tip(QEvent::ToolTip, cell, view->viewport()->mapToGlobal(cell));
        QCoreApplication::sendEvent(view->viewport(), &tip);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), why);
        QToolTip::hideText();
        save(m_window.get(), QStringLiteral("tables-key-column-read-only"));
        QCOMPARE(int(*e().count(QStringLiteral("friendship"))), before);
        QCOMPARE(model->rawValue(0, QStringLiteral("pugId")), old);
        // Other columns stay editable: a pug's name opens its editor on F2.
        m_window->tables()->showModel(QStringLiteral("pug"));
        RecordTableView *pugs = m_window->tables()->tableFor(QStringLiteral("pug"));
        pugs->setFocus();
        pugs->setCurrentIndex(pugs->model()->index(0, pugs->recordModel()->columnOf(QStringLiteral("name"))));
        QTest::keyClick(pugs, Qt::Key_F2);
        auto *nameEditor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(nameEditor && pugs->isAncestorOf(nameEditor));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    }

    void deleteSaysWhatHappensAndUndoes()
    {
        const Model *owner = s()->schema().model(QStringLiteral("owner"));
        const QStringList what = s()->describeDestroy(RecordRef::byPk(*owner, 1));
        QCOMPARE(what.size(), 1);
        QVERIFY2(what.first().startsWith(QStringLiteral("2 pugs")), qPrintable(what.first()));
        QVERIFY(m_window->tables()->selectRecord(RecordRef::byPk(*owner, 1)));
        onNextDialog<QMessageBox>([](QMessageBox *b) {
            QVERIFY(b->informativeText().contains(QStringLiteral("2 pugs")));
            b->button(QMessageBox::Yes)->click();
        });
        m_window->tables()->deleteSelected();
        QVERIFY(!rec(QStringLiteral("owner"), 1).isValid());
        QVERIFY(ownerOf(1).isNull());
        s()->undoStack()->undo();
        QCOMPARE(rec(QStringLiteral("owner"), 1).value(QStringLiteral("name")).toString(), QStringLiteral("Tom"));
        QCOMPARE(ownerOf(1).toLongLong(), 1);
        QCOMPARE(ownerOf(2).toLongLong(), 1);

        const Model *pug = s()->schema().model(QStringLiteral("pug"));
        QVERIFY(s()->destroyRecord(RecordRef::byPk(*pug, 1)));
        QVERIFY(friendsOf(1).isEmpty()); // CASCADE
        s()->undoStack()->undo();
        QCOMPARE(friendsOf(1), (QList<qint64>{ 1, 2 }));
        QCOMPARE(ownerOf(1).toLongLong(), 1);
    }

    void addRowsAndFilter()
    {
        TablesView *tables = m_window->tables();
        tables->showModel(QStringLiteral("pug"));
        tables->addRow();
        QCOMPARE(*e().count(QStringLiteral("pug")), 7);
        QCOMPARE(tables->currentRecord().key.value(QStringLiteral("id")).toLongLong(), 7);
        s()->undoStack()->undo();
        QCOMPARE(*e().count(QStringLiteral("pug")), 6);

        tables->showModel(QStringLiteral("friendship"));
        onNextDialog<RecordFormDialog>([](RecordFormDialog *d) {
            d->setValue(QStringLiteral("pugId"), QStringLiteral("6"));
            d->setValue(QStringLiteral("friendId"), QStringLiteral("4"));
            d->accept();
        });
        tables->addRow();
        QCOMPARE(friendsOf(6), (QList<qint64>{ 4 }));
        s()->undoStack()->undo();
        QVERIFY(friendsOf(6).isEmpty());

        // The filter text is bound as a literal: quotes and wildcards are just text.
        tables->showModel(QStringLiteral("pug"));
        RelationalTableModel *model = tables->tableFor(QStringLiteral("pug"))->recordModel();
        auto *filter = tables->findChild<QLineEdit *>(QStringLiteral("filter"));
        QTest::keyClicks(filter, QStringLiteral("o"));
        QCOMPARE(model->rowCount(), 3); // Cody, Doug, Gizmo
        filter->setText(QStringLiteral("x' OR '1'='1"));
        QCOMPARE(model->rowCount(), 0);
        QVERIFY2(!model->lastError(), qPrintable(model->lastError() ? model->lastError()->toString() : QString()));
        filter->clear();
        QCOMPARE(model->rowCount(), 6);
    }

    void includeBrowser_data()
    {
        QTest::addColumn<QString>("root");
        QTest::addColumn<QStringList>("paths");
        QTest::addColumn<QString>("findOptions");
        QTest::newRow("Pug include Owner") << "pug" << QStringList{ "owner" } << R"({"include":[{"model":"owner"}]})";
        QTest::newRow("Owner include Pug") << "owner" << QStringList{ "pugs" } << R"({"include":[{"model":"pug"}]})";
        QTest::newRow("Pug include Friend") << "pug" << QStringList{ "friends" } << R"({"include":[{"model":"friend"}]})";
        QTest::newRow("Friend include Pug") << "friend" << QStringList{ "pugs" } << R"({"include":[{"model":"pug"}]})";
        QTest::newRow("Owner include Pug include Friend")
                << "owner" << QStringList{ "pugs", "pugs/friends" }
                << R"({"include":[{"model":"pug","include":[{"model":"friend"}]}]})";
    }

    void includeBrowser()
    {
        QFETCH(QString, root);
        QFETCH(QStringList, paths);
        QFETCH(QString, findOptions);
        IncludeBrowser *ib = m_window->includeBrowser();
        m_window->showView(QStringLiteral("includes"));
        ib->setRoot(root);
        for (const QString &p : paths)
            QVERIFY2(ib->checkPath(p), qPrintable(p));
        ib->setLimit(0);
        QTest::mouseClick(ib->findChild<QPushButton *>(QStringLiteral("run")), Qt::LeftButton);
        QVERIFY2(ib->lastError().isEmpty(), qPrintable(ib->lastError()));
        auto fo = FindOptions::fromVariant(QJsonDocument::fromJson(findOptions.toUtf8()).toVariant());
        QVERIFY(fo);
        auto rows = e().findAll(root, *fo);
        QVERIFY(rows);
        const QJsonValue engine = normalize(QJsonDocument::fromJson(toJson(QVariant::fromValue(*rows))).array());
        const QJsonValue tree = rootToJson(ib->resultModel());
        if (engine != tree) {
            qWarning().noquote() << "engine:" << QJsonDocument(engine.toArray()).toJson(QJsonDocument::Compact);
            qWarning().noquote() << "tree:  " << QJsonDocument(tree.toArray()).toJson(QJsonDocument::Compact);
        }
        QCOMPARE(tree, engine);
        QCOMPARE(normalize(QJsonDocument::fromJson(ib->json().toUtf8()).array()), engine);
        QVERIFY(!ib->sql().isEmpty());
        if (paths.size() == 2) {
            ib->resultView()->expandToDepth(2);
            save(m_window.get(), QStringLiteral("includes"));
        }
    }

    void includeBrowserRequiredAndWhere()
    {
        IncludeBrowser *ib = m_window->includeBrowser();
        ib->setRoot(QStringLiteral("pug"));
        QVERIFY(ib->checkPath(QStringLiteral("owner")));
        QVERIFY(ib->setRequired(QStringLiteral("owner"), true));
        QVERIFY(ib->run());
        QCOMPARE(ib->resultModel()->rowCount(), 4); // Biscuit and Peanut have no owner
        QVERIFY(ib->setRequired(QStringLiteral("owner"), false));
        QVERIFY(ib->setWhere(QStringLiteral("owner"), QStringLiteral(R"({"name": "Tom"})")));
        QVERIFY(ib->run());
        QCOMPARE(ib->resultModel()->rowCount(), 2);
        QVERIFY(ib->setWhere(QStringLiteral("owner"), QStringLiteral("{not json")));
        QVERIFY(!ib->run());
        QVERIFY(!ib->lastError().isEmpty());
    }

    void includeBrowserPages()
    {
        addOwners();
        m_window->showView(QStringLiteral("includes"));
        IncludeBrowser *ib = m_window->includeBrowser();
        ResultTreeModel *model = ib->resultModel();
        QTreeView *tree = ib->resultView();
        ib->setPageSize(10);
        ib->setRoot(QStringLiteral("owner"));
        QVERIFY(ib->checkPath(QStringLiteral("pugs/friends")));
        ib->setLimit(0);
        model->setMaxCachedPages(2);
        QSignalSpy pages(model, &ResultTreeModel::pageLoaded);
        Connection &c = e().connection();

        // The first page at once, in one statement per include level; the total comes after it.
        quint64 before = c.statementCount();
        QVERIFY2(ib->run(), qPrintable(ib->lastError()));
        QCOMPARE(c.statementCount() - before, quint64(3));
        QCOMPARE(model->rowCount(), 10);
        QCOMPARE(model->total(), qint64(-1));
        QCOMPARE(pages.count(), 1);
        QVERIFY2(ib->status().contains(QStringLiteral("counting")), qPrintable(ib->status()));
        QTRY_COMPARE(model->total(), qint64(49));
        QVERIFY2(ib->status().contains(QStringLiteral("of 49 owners — scroll for more")), qPrintable(ib->status()));
        QCOMPARE(ib->sql().size(), 3 + 1); // the first page's statements and the COUNT
        QVERIFY(ib->sql().last().contains(QStringLiteral("COUNT(*)")));

        // Scrolling to the bottom adds rows until the last owner; each page read costs the same
        // three statements, and only a few pages stay in memory.
        RecordPager *pager = model->pager();
        const quint64 pagerBefore = pager->statements();
        pages.clear();
        QVERIFY(scrollToEnd(tree) >= 2);
        QCOMPARE(model->rowCount(), 49);
        QVERIFY(!model->canFetchMore({}));
        QVERIFY(pages.count() >= 1);
        QCOMPARE(pager->statements() - pagerBefore, quint64(3 * pages.count()));
        QVERIFY(model->cachedPageCount() <= 2);
        QCOMPARE(model->index(48, 0).data(ResultTreeModel::PrimaryKeyRole).toLongLong(), 49);
        QCOMPARE(ib->status().left(9), QStringLiteral("49 owners"));

        // Every row read back (pages evicted and read again by key) is the engine's result.
        const QVariantMap all{ { QStringLiteral("include"),
                                 QVariantList{ QVariantMap{ { QStringLiteral("model"), QStringLiteral("pug") },
                                                            { QStringLiteral("include"), QVariantList{ QStringLiteral("friend") } } } } } };
        const QJsonValue engine = engineJson(all);
        QCOMPARE(engine.toArray().size(), 49);
        QCOMPARE(QJsonValue(rootToJson(model)), engine);
        QVERIFY(model->cachedPageCount() <= 2);
        { QAbstractItemModelTester t(model, QAbstractItemModelTester::FailureReportingMode::QtTest); }

        // A page in the second half that is not next to a cached one is read from the end, in
        // reversed order: still three statements, the right records in the right order.
        QVERIFY(ib->run());
        QCOMPARE(tree->verticalScrollBar()->value(), 0); // a new run starts at the top
        QTRY_COMPARE(model->total(), qint64(49));
        while (model->canFetchMore({}))
            model->fetchMore({});
        QCOMPARE(model->rowCount(), 49);
        pager = model->pager(); // a new one for each run
        const quint64 s0 = pager->statements();
        QCOMPARE(model->index(41, 0).data(ResultTreeModel::PrimaryKeyRole).toLongLong(), 42);
        QCOMPARE(pager->statements() - s0, quint64(3));
        QVERIFY2(pager->lastSql().first().contains(QStringLiteral("DESC")), qPrintable(pager->lastSql().first()));
        QCOMPARE(model->index(40, 0).data(ResultTreeModel::PrimaryKeyRole).toLongLong(), 41);
        QCOMPARE(model->index(48, 0).data(ResultTreeModel::PrimaryKeyRole).toLongLong(), 49);
        QCOMPARE(QJsonValue(rootToJson(model)), engine);

        // The JSON tab shows the first records (more than a page) and says how many there are.
        ib->setJsonRecords(15);
        QVERIFY(ib->run());
        const QJsonArray json = QJsonDocument::fromJson(ib->json().toUtf8()).array();
        QCOMPARE(json.size(), 15);
        QJsonArray first15;
        for (int i = 0; i < 15; ++i)
            first15.append(engine.toArray().at(i));
        QCOMPARE(normalize(json), QJsonValue(first15));

        // An explicit limit and offset: 25 roots from the 4th, however many pages.
        ib->setLimit(25);
        ib->setOffset(3);
        QVERIFY(ib->run());
        QCOMPARE(model->rowCount(), 10);
        scrollToEnd(tree);
        QCOMPARE(model->total(), qint64(25));
        QCOMPARE(model->rowCount(), 25);
        QCOMPARE(model->index(0, 0).data(ResultTreeModel::PrimaryKeyRole).toLongLong(), 4);
        QCOMPARE(model->index(24, 0).data(ResultTreeModel::PrimaryKeyRole).toLongLong(), 28);
        QVariantMap window = all;
        window.insert(QStringLiteral("limit"), 25);
        window.insert(QStringLiteral("offset"), 3);
        QCOMPARE(QJsonValue(rootToJson(model)), engineJson(window));
        QCOMPARE(ib->status().left(9), QStringLiteral("25 owners"));

        // A limit the first page reaches needs no COUNT; an offset past the end shows nothing.
        ib->setLimit(7);
        ib->setOffset(0);
        before = c.statementCount();
        QVERIFY(ib->run());
        QCOMPARE(model->total(), qint64(7));
        QCOMPARE(model->rowCount(), 7);
        QCOMPARE(c.statementCount() - before, quint64(3));
        ib->setLimit(0);
        ib->setOffset(60);
        QVERIFY(ib->run());
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(model->total(), qint64(0));

        // A required include filters the roots, and the total counts the same roots.
        ib->setOffset(0);
        QVERIFY(ib->setRequired(QStringLiteral("pugs"), true));
        QVERIFY(ib->run());
        QTRY_VERIFY(model->total() >= 0);
        scrollToEnd(tree);
        QVariantMap required = all;
        QVariantMap pugInclude = all.value(QStringLiteral("include")).toList().first().toMap();
        pugInclude.insert(QStringLiteral("required"), true);
        required.insert(QStringLiteral("include"), QVariantList{ pugInclude });
        const QJsonValue withPugs = engineJson(required);
        QCOMPARE(withPugs.toArray().size(), 3 + 15); // Tom, Ada, Grace and every third new owner
        QCOMPARE(model->total(), qint64(withPugs.toArray().size()));
        QCOMPARE(model->rowCount(), int(model->total()));
        QCOMPARE(QJsonValue(rootToJson(model)), withPugs);
        if (g_saveShots) {
            QVERIFY(ib->setRequired(QStringLiteral("pugs"), false));
            QVERIFY(ib->run());
            QTRY_VERIFY(model->total() >= 0);
            save(m_window.get(), QStringLiteral("includes-paged"));
        }
    }

    void schemaDiagram()
    {
        m_window->showView(QStringLiteral("schema"));
        SchemaView *sv = m_window->schemaView();
        QCOMPARE(sv->boxes().size(), int(s()->schema().models().size()));
        QCOMPARE(sv->arrows().size(), int(s()->schema().associations().size()));
        QStringList tables;
        for (TableBox *b : sv->boxes())
            tables << b->model().tableName;
        tables.sort();
        QCOMPARE(tables, (QStringList{ "friends", "friendship", "owners", "pugs" }));
        for (AssociationArrow *a : sv->arrows()) {
            QVERIFY(a->labelText().contains(a->association().as));
            QVERIFY(!a->path().isEmpty());
        }
        // Moving a box moves its arrows.
        AssociationArrow *first = sv->arrows().first();
        const QPainterPath before = first->path();
        sv->boxes().first()->moveBy(40, 60);
        QVERIFY(first->path() != before || sv->boxes().first()->model().name != first->association().source);
        sv->boxes().first()->moveBy(-40, -60);
        sv->selectModel(QStringLiteral("pug"));
        auto *accessors = sv->findChild<QTreeWidget *>(QStringLiteral("accessors"));
        QStringList names;
        for (int i = 0; i < accessors->topLevelItemCount(); ++i)
            names << accessors->topLevelItem(i)->text(0);
        QVERIFY(names.contains(QStringLiteral("setOwner")));
        QVERIFY(names.contains(QStringLiteral("addFriends")));
        const QString png = grumble::test::screenshotDir() + QStringLiteral("/schema-export.png");
        QVERIFY(sv->exportTo(png));
        QVERIFY(QImage(png).width() > 400);
        save(m_window.get(), QStringLiteral("schema"));
    }

    void consoleAndLog()
    {
        ConsoleWidget *c = m_window->console();
        QVERIFY(m_window->showView(QStringLiteral("console")));
        QVERIFY(c->input()->isEnabled());
        m_window->sqlLog()->model()->clear();
        // Typed as a user would: the expression, then Return.
        c->input()->setFocus();
        QTest::keyClicks(c->input(), QStringLiteral("Pug#1.getFriends()"));
        if (QWidget *popup = c->input()->completer() ? c->input()->completer()->popup() : nullptr)
            popup->hide();
        QTest::keyClick(c->input(), Qt::Key_Return);
        QCOMPARE(c->input()->text(), QString()); // accepted
        QAbstractItemModel *tree = c->resultModel();
        QCOMPARE(tree->rowCount(), 2); // Cody's friends: CodyFan <3, PugLover
        QStringList names;
        for (int row = 0; row < tree->rowCount(); ++row)
            names << textsUnder(tree, tree->index(row, 0));
        QVERIFY2(names.contains(QStringLiteral("CodyFan <3")), qPrintable(names.join(QLatin1Char('|'))));
        QVERIFY(names.contains(QStringLiteral("PugLover")));
        // The JSON pane keeps Sequelize's key order (id, name, createdAt, ..., the join row last).
        const QString json = c->jsonText();
        QVERIFY2(json.indexOf(QLatin1String("\"id\"")) < json.indexOf(QLatin1String("\"name\""))
                         && json.indexOf(QLatin1String("\"name\"")) < json.indexOf(QLatin1String("\"createdAt\""))
                         && json.indexOf(QLatin1String("\"updatedAt\"")) < json.indexOf(QLatin1String("\"friendship\"")),
                 qPrintable(json));
        QCOMPARE(QJsonDocument::fromJson(json.toUtf8()).array().size(), 2);
        QVERIFY(m_window->sqlLog()->model()->rowCount() > 0);
        save(m_window.get(), QStringLiteral("console"));
        // A malformed expression keeps the text for fixing; a write goes through.
        QTest::keyClicks(c->input(), QStringLiteral("Pug#1.frobnicate("));
        QTest::keyClick(c->input(), Qt::Key_Return);
        QCOMPARE(c->input()->text(), QStringLiteral("Pug#1.frobnicate("));
        c->input()->clear();
        QVERIFY(c->evaluate(QStringLiteral("Pug#5.setOwner(Owner#4)")));
        QCOMPARE(ownerOf(5).toLongLong(), 4);
    }

    void syncShowsTheStatementsAndAsksFirst()
    {
        Engine &engine = m_window->session()->engine();
        QVERIFY(engine.connection().execDirect(QStringLiteral("DROP TABLE friendship")).ok());
        const auto hasFriendship = [&] { return engine.existingTables()->contains(QStringLiteral("friendship")); };
        QVERIFY(!hasFriendship());
        // The table that cannot be read says so in the banner.
        m_window->session()->notifyChanged();
        m_window->tables()->showModel(QStringLiteral("friendship"));
        auto *banner = m_window->tables()->findChild<QLabel *>(QStringLiteral("errorBanner"));
        QVERIFY(banner);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QLatin1String("friendship")), qPrintable(banner->text()));
        // File › Sync… (found by its text, started by its shortcut)
        QAction *sync = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>()) {
            if (a->text() == QString::fromUtf8("S&ync…"))
                sync = a;
        }
        QVERIFY(sync);
        QCOMPARE(sync->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
        // Cancel: nothing is created; the dialog shows the exact statements (pretend mode) first.
        QString details;
        onNextDialog<QMessageBox>([&](QMessageBox *box) {
            details = box->detailedText();
            box->button(QMessageBox::Cancel)->click();
        });
        sync->trigger();
        QVERIFY2(details.contains(QLatin1String("CREATE TABLE IF NOT EXISTS")) && details.contains(QLatin1String("friendship")),
                 qPrintable(details));
        const QStringList statements = details.split(QStringLiteral(";\n"));
        QVERIFY2(statements.first().startsWith(QLatin1String("BEGIN")), qPrintable(details));
        QCOMPARE(statements.last(), QStringLiteral("COMMIT;"));
        QVERIFY(!hasFriendship());
        // OK: created in one transaction, on the same database (the demo rows are still there).
        QStringList ran;
        QObject receiver;
        QObject::connect(engine.connection().log(), &SqlLog::executed, &receiver, [&ran](const SqlLogEntry &entry) {
            if (entry.context.startsWith(QLatin1String("sync(")) && !entry.pretended && !entry.sql.startsWith(QLatin1String("SELECT")))
                ran << entry.sql;
        }, Qt::DirectConnection);
        onNextDialog<QMessageBox>([](QMessageBox *box) { box->button(QMessageBox::Ok)->click(); });
        sync->trigger();
        Engine &after = m_window->session()->engine();
        QVERIFY(after.existingTables()->contains(QStringLiteral("friendship")));
        QCOMPARE(*after.count(QStringLiteral("pug")), qint64(6));
        QVERIFY2(ran.size() >= 3 && ran.first().startsWith(QLatin1String("BEGIN")) && ran.last() == QLatin1String("COMMIT"),
                 qPrintable(ran.join(QLatin1Char('\n'))));
        QCOMPARE(ran.filter(QStringLiteral("BEGIN")).size(), 1);
        QVERIFY(m_window->tables()->modelNames().contains(QStringLiteral("friendship")));
        m_window->tables()->showModel(QStringLiteral("friendship"));
        QVERIFY(!m_window->tables()->findChild<QLabel *>(QStringLiteral("errorBanner"))->isVisible());
        // Nothing missing: Sync… says so and runs nothing.
        onNextDialog<QMessageBox>([&](QMessageBox *box) {
            details = box->text();
            box->button(QMessageBox::Ok)->click();
        });
        sync->trigger();
        QVERIFY2(details.contains(QLatin1String("nothing to create")), qPrintable(details));
    }

    void schemaCheckListsDifferences()
    {
        Engine &engine = m_window->session()->engine();
        m_window->showView(QStringLiteral("check"));
        QCOMPARE(m_window->currentViewName(), QStringLiteral("check"));
        SchemaCheckView *check = m_window->schemaCheckView();
        QVERIFY(check->isVisible());
        QAbstractItemModelTester tester(check->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(check->model()->rowCount(), 0);
        QVERIFY2(check->summary()->text().contains(QLatin1String("matches the schema")), qPrintable(check->summary()->text()));
        QVERIFY(engine.connection().execDirect(QStringLiteral("ALTER TABLE pugs ADD COLUMN color VARCHAR(20)")).ok());
        QTest::mouseClick(check->findChild<QPushButton *>(QStringLiteral("refreshCheck")), Qt::LeftButton);
        QCOMPARE(check->model()->rowCount(), 1);
        const auto cell = [&](int column) { return check->model()->index(0, column).data().toString(); };
        QCOMPARE(cell(SchemaDifferenceModel::KindColumn), QStringLiteral("extra column"));
        QCOMPARE(cell(SchemaDifferenceModel::TableColumn), QStringLiteral("pugs"));
        QCOMPARE(cell(SchemaDifferenceModel::ColumnColumn), QStringLiteral("color"));
        QVERIFY(cell(SchemaDifferenceModel::ActualColumn).contains(QLatin1String("20"), Qt::CaseInsensitive));
        QVERIFY(!cell(SchemaDifferenceModel::MeaningColumn).isEmpty());
        QCOMPARE(check->model()->headerData(SchemaDifferenceModel::MeaningColumn, Qt::Horizontal).toString(),
                 QStringLiteral("What it means"));
        QVERIFY(check->table()->isVisible());
        save(m_window.get(), QStringLiteral("schema-check"));
    }

    void opensADatabaseWithTablesAsItIs()
    {
        QFETCH_GLOBAL(QString, url);
        // A database made outside Grumble (SQLite in memory cannot be shared: a file instead).
        const QString dbUrl = grumble::test::isSqliteMemoryUrl(url)
                ? m_dir.filePath(QStringLiteral("outside-%1.sqlite").arg(QDateTime::currentMSecsSinceEpoch()))
                : grumble::test::freshUrl(url);
        GRUMBLE_REQUIRE_DB(dbUrl);
        {
            QSqlDatabase db = grumble::test::openDatabase(dbUrl, QStringLiteral("outside"));
            QVERIFY(db.isOpen());
            QSqlQuery q(db);
            for (const char *sql : { "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL)",
                                     "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(255), "
                                     "\"userId\" INTEGER REFERENCES users (id))" })
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(grumble::test::describeFailure(q)));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("outside"));
        auto session = Session::openIntrospected(dbUrl);
        QVERIFY2(session, qPrintable(session ? QString() : session.error().toString()));
        QCOMPARE((*session)->schemaSource(), SchemaSource::Database);
        m_window->setSession(std::move(*session));
        QVERIFY(s()->schema().model(QStringLiteral("user")));
        QVERIFY(s()->schema().model(QStringLiteral("post")));
        QVERIFY(!s()->schema().model(QStringLiteral("pug")));
        QStringList names = m_window->tables()->modelNames();
        names.sort();
        QCOMPARE(names, (QStringList{ "post", "user" }));
        const QString status = m_window->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("schema read from the database: 2 models")), qPrintable(status));
        QVERIFY(!s()->engine().existingTables()->contains(QStringLiteral("pugs"))); // nothing written
        // The check view: nothing to compare, how to load a schema, the inference notes.
        m_window->showView(QStringLiteral("check"));
        SchemaCheckView *check = m_window->schemaCheckView();
        QVERIFY2(check->summary()->text().contains(QLatin1String("nothing to compare")), qPrintable(check->summary()->text()));
        QVERIFY(check->summary()->text().contains(QLatin1String("Open schema")));
        QCOMPARE(check->model()->rowCount(), 0);
        QCOMPARE(check->notes()->count(), int(s()->inferenceNotes().size()));
        QCOMPARE(check->notes()->isVisible(), !s()->inferenceNotes().isEmpty());
        save(m_window.get(), QStringLiteral("introspected-check"));
    }

    // ---- the Sequelize bridge (File › Import Sequelize project…, Export as Sequelize code…) ----

    void bridgeActionsHaveTheirOwnShortcuts()
    {
        QAction *import = actionNamed(m_window.get(), QString::fromUtf8("&Import Sequelize project…"));
        QAction *exportCode = actionNamed(m_window.get(), QString::fromUtf8("&Export as Sequelize code…"));
        QVERIFY(import && exportCode);
        QCOMPARE(import->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
        QCOMPARE(exportCode->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        for (QAction *a : m_window->findChildren<QAction *>()) {
            if (a == import || a == exportCode)
                continue;
            QVERIFY2(!a->shortcuts().contains(import->shortcut()) && !a->shortcuts().contains(exportCode->shortcut()),
                     qPrintable(a->text()));
        }
    }

    void importSequelizeProjectAppliesItsSchema()
    {
        REQUIRE_SEQUELIZE();
        QFETCH_GLOBAL(QString, url);
        const bool memory = grumble::test::isSqliteMemoryUrl(url);
        const QString before = s()->url();
        QAction *import = actionNamed(m_window.get(), QString::fromUtf8("&Import Sequelize project…"));
        QAction *sync = actionNamed(m_window.get(), QString::fromUtf8("S&ync…"));
        QVERIFY(import && sync);
        bool sawProgress = false;
        bool actionsDisabled = false;
        onNextDialog<ImportProgressDialog>([&](ImportProgressDialog *) {
            sawProgress = true;
            actionsDisabled = !import->isEnabled() && !sync->isEnabled() && m_window->runningImport()
                    && m_window->runningImport()->isRunning();
        });
        QVERIFY(m_window->importSequelizeProject(kSequelizeProjects + QStringLiteral("/pugs/db.js")));
        QVERIFY(sawProgress);
        QVERIFY(actionsDisabled);
        QVERIFY(import->isEnabled() && sync->isEnabled());
        QVERIFY(!m_window->runningImport());
        // The project's schema (model "friends", as the tutorial names it) on the same database.
        QCOMPARE(s()->url(), before);
        QVERIFY(s()->schema().model(QStringLiteral("friends")));
        QVERIFY(!s()->schema().model(QStringLiteral("friend")));
        QCOMPARE(s()->schemaSource(), SchemaSource::Declared);
        const QString status = m_window->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("Imported db.js: 4 models, 4 associations")), qPrintable(status));
        // Nothing written to a database that has tables (the demo rows are there); a fresh one is created.
        QCOMPARE(s()->isFresh(), memory);
        QCOMPARE(*e().count(QStringLiteral("pug")), memory ? qint64(0) : qint64(6));
        QVERIFY(m_window->tables()->modelNames().contains(QStringLiteral("friends")));
    }

    void importedProjectWithMissingTablesAndNotes()
    {
        REQUIRE_SEQUELIZE();
        QFETCH_GLOBAL(QString, url);
        const bool memory = grumble::test::isSqliteMemoryUrl(url);
        QString notes;
        onNextDialog<QMessageBox>([&](QMessageBox *box) {
            notes = box->text() + QLatin1Char('\n') + box->detailedText();
            box->button(QMessageBox::Ok)->click();
        });
        QVERIFY(m_window->importSequelizeProject(kSequelizeProjects + QStringLiteral("/blog/models")));
        QVERIFY2(notes.contains(QLatin1String("not honoured by Grumble: model post.status: ENUM values")), qPrintable(notes));
        QVERIFY(s()->schema().model(QStringLiteral("post")));
        if (memory)
            return; // a fresh database: the blog's tables were created
        QVERIFY(!s()->engine().existingTables()->contains(QStringLiteral("posts"))); // nothing written
        const QString status = m_window->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("has no table")) && status.contains(QLatin1String("posts"))
                         && status.contains(QString::fromUtf8("File › Sync…")),
                 qPrintable(status));
        m_window->showView(QStringLiteral("check"));
        QTest::mouseClick(m_window->schemaCheckView()->findChild<QPushButton *>(QStringLiteral("refreshCheck")), Qt::LeftButton);
        QStringList kinds;
        for (int row = 0; row < m_window->schemaCheckView()->model()->rowCount(); ++row)
            kinds << m_window->schemaCheckView()->model()->index(row, SchemaDifferenceModel::KindColumn).data().toString()
                            + QLatin1Char(' ')
                            + m_window->schemaCheckView()->model()->index(row, SchemaDifferenceModel::TableColumn).data().toString();
        QVERIFY2(kinds.contains(QStringLiteral("missing table posts")), qPrintable(kinds.join(QLatin1Char('|'))));
    }

    void importCanBeCanceled()
    {
        REQUIRE_SEQUELIZE();
        QString log;
        bool sawCancel = false;
        onNextDialog<ImportProgressDialog>([&](ImportProgressDialog *dialog) {
            whenTrue([dialog] { return dialog->log()->toPlainText().contains(QLatin1String("slow: loading forever")); },
                     [&, dialog] {
                         log = dialog->log()->toPlainText();
                         sawCancel = dialog->cancelButton()->isEnabled();
                         QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
                     });
        });
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!m_window->importSequelizeProject(kSequelizeProjects + QStringLiteral("/slow/db.js")));
        QVERIFY2(clock.elapsed() < 30000, "Cancel did not stop node before the loader's timeout");
        QVERIFY(sawCancel);
        QVERIFY(log.contains(QLatin1String("slow: loading forever")));
        QVERIFY(!m_window->runningImport());
        QVERIFY(s()->schema().model(QStringLiteral("friend"))); // the schema did not change
        QVERIFY(!s()->schema().model(QStringLiteral("snail")));
        const QString status = m_window->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("canceled")), qPrintable(status));
    }

    void importErrorsSayWhatToDo()
    {
        REQUIRE_SEQUELIZE();
        QTemporaryDir project;
        const auto write = [&](const QString &name, const QByteArray &source) {
            QFile file(project.filePath(name));
            if (file.open(QIODevice::WriteOnly))
                file.write(source);
            return file.fileName();
        };
        const auto failureOf = [&](const QString &path) {
            QString said;
            onNextDialog<QMessageBox>([&](QMessageBox *box) {
                said = box->text() + QLatin1Char('\n') + box->informativeText();
                box->button(QMessageBox::Ok)->click();
            });
            const bool applied = m_window->importSequelizeProject(path);
            return applied ? QStringLiteral("(applied)") : said;
        };
        const QString threw = failureOf(write(QStringLiteral("throws.js"),
                                              "require('sequelize');\nthrow new Error('boom from the project');\n"));
        QVERIFY2(threw.contains(QLatin1String("threw")) && threw.contains(QLatin1String("boom from the project")), qPrintable(threw));
        const QString none = failureOf(write(QStringLiteral("nothing.js"), "module.exports = { answer: 42 };\n"));
        QVERIFY2(none.contains(QLatin1String("No Sequelize instance")) && none.contains(QLatin1String("nothing.js")), qPrintable(none));
        const QByteArray node = qgetenv("GRUMBLE_NODE");
        qputenv("GRUMBLE_NODE", "/nonexistent/node");
        const QString missing = failureOf(kSequelizeProjects + QStringLiteral("/pugs/db.js"));
        if (node.isEmpty())
            qunsetenv("GRUMBLE_NODE");
        else
            qputenv("GRUMBLE_NODE", node);
        QVERIFY2(missing.contains(QLatin1String("node is not installed")) && missing.contains(QLatin1String("nodejs and npm")),
                 qPrintable(missing));
        QVERIFY(s()->schema().model(QStringLiteral("friend"))); // nothing changed
    }

    void schemaViewShowsTheSequelizeCode()
    {
        m_window->showView(QStringLiteral("schema"));
        SchemaView *sv = m_window->schemaView();
        QPlainTextEdit *code = sv->findChild<QPlainTextEdit *>(QStringLiteral("sequelizeCode"));
        QVERIFY(code && code == sv->codePane());
        QVERIFY(code->isVisible() && code->isReadOnly());
        QVERIFY(QFontInfo(code->font()).fixedPitch());
        sv->selectModel(QStringLiteral("pug"));
        QCOMPARE(code->toPlainText(), sequelizeModelCode(s()->schema(), QStringLiteral("pug")));
        QVERIFY2(code->toPlainText().contains(QLatin1String("extends Model")), qPrintable(code->toPlainText()));
        // Clicking another box in the diagram shows its model's code.
        for (TableBox *b : sv->boxes()) {
            if (b->model().name == QLatin1String("owner")) {
                sv->scene()->clearSelection();
                b->setSelected(true);
            }
        }
        QCOMPARE(code->toPlainText(), sequelizeModelCode(s()->schema(), QStringLiteral("owner")));
        QVERIFY(code->toPlainText() != sequelizeModelCode(s()->schema(), QStringLiteral("pug")));
        QPushButton *copy = sv->findChild<QPushButton *>(QStringLiteral("copyCode"));
        QVERIFY(copy && copy->isEnabled());
        QApplication::clipboard()->clear();
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), code->toPlainText());
        // The screenshot (docs/screenshots/schema-code.png): the diagram and the code, no docks.
        for (const char *dock : { "associationDock", "sqlLogDock", "consoleDock" })
            m_window->findChild<QDockWidget *>(QLatin1String(dock))->hide();
        sv->selectModel(QStringLiteral("pug"));
        QCoreApplication::processEvents();
        sv->fit();
        save(m_window.get(), QStringLiteral("schema-code"));
    }

    void exportWritesFilesAndAsksBeforeOverwriting()
    {
        QTemporaryDir out;
        const QVector<SequelizeFile> expected = exportSequelizeProject(s()->schema(), QDateTime::currentDateTimeUtc());
        QVERIFY(!expected.isEmpty());
        QVERIFY(m_window->exportSequelizeCode(out.path()));
        QString pugFile;
        QByteArray pugContent;
        for (const SequelizeFile &file : expected) {
            if (file.path.startsWith(QLatin1String("migrations/")))
                continue; // named by the time of the export
            QFile written(out.filePath(file.path));
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(file.path));
            QCOMPARE(written.readAll(), file.content);
            if (file.path == QLatin1String("models/pug.js")) {
                pugFile = written.fileName();
                pugContent = file.content;
            }
        }
        QVERIFY(!pugFile.isEmpty());
        QCOMPARE(QDir(out.filePath(QStringLiteral("migrations"))).entryList(QDir::Files).size(), 1);
        const QString status = m_window->statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("Wrote")) && status.contains(QLatin1String("models/pug.js")), qPrintable(status));
        // An edited file is kept unless the user confirms in the dialog that lists it.
        const auto edit = [&] {
            QFile file(pugFile);
            return file.open(QIODevice::WriteOnly) && file.write("// edited\n") > 0;
        };
        const auto content = [&] {
            QFile file(pugFile);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QVERIFY(edit());
        QString listed;
        onNextDialog<QMessageBox>([&](QMessageBox *box) {
            listed = box->text();
            box->button(QMessageBox::Cancel)->click();
        });
        QVERIFY(!m_window->exportSequelizeCode(out.path()));
        QVERIFY2(listed.contains(QLatin1String("models/pug.js")) && listed.contains(QLatin1String("models/index.js")), qPrintable(listed));
        QCOMPARE(content(), QByteArray("// edited\n"));
        onNextDialog<QMessageBox>([](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        QVERIFY(m_window->exportSequelizeCode(out.path()));
        QCOMPARE(content(), pugContent);
    }

    void sqlLogShowsActions()
    {
        selectPug(2);
        m_window->sqlLog()->model()->clear();
        QVERIFY(box(QStringLiteral("owner"))->clear());
        SqlLogModel *log = m_window->sqlLog()->model();
        bool found = false;
        for (int r = 0; r < log->rowCount(); ++r)
            found |= log->entry(r).context.contains(QStringLiteral("setOwner")) && log->entry(r).sql.startsWith(QStringLiteral("UPDATE"));
        QVERIFY(found);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

// The Tables view offscreen, on the database matrix: type-to-search on a 200,000-row table runs a
// bounded number of statements and makes the right row current; a filter on a foreign key matches
// the owners' names and says how many rows match (or that none do); NULL is an italic "NULL" and
// an empty string stays empty; timestamps in the user's locale or ISO on request; the SQL log
// remembers "Show BEGIN/COMMIT".
#include "relationaltablemodel.h"
#include "changewatcher.h"
#include "session.h"
#include "sqllogdock.h"
#include "sqllogmodel.h"
#include "tablesview.h"
#include "testdb.h"
#include "valueformat.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace grumble;
using namespace grumble::ui;

namespace {

const QString Stamp = QStringLiteral("2026-12-02 15:56:28.184 +00:00");

//! `count` pugs in one INSERT … SELECT: pug-1 …, owner (i % 4) + 1 except every third, created at Stamp.
bool addManyPugs(Session &session, int count)
{
    const QString sql = QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO pugs (name, \"ownerId\", \"createdAt\", \"updatedAt\") "
            "SELECT 'pug-' || CAST(i AS TEXT), CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4) + 1 END, ?, ? FROM n");
    auto done = session.engine().connection().execAffected(sql, { count, Stamp, Stamp });
    if (!done)
        qWarning("%s", qPrintable(done.error().toString()));
    return done.ok();
}

//! A key typed at `timestamp` (ms), as the window system would stamp it.
void typeKey(QWidget *to, QChar c, ulong timestamp)
{
    const int key = c.isDigit() ? Qt::Key_0 + c.digitValue() : Qt::Key_A + (c.toLower().unicode() - 'a');
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, QString(c));
    press.setTimestamp(timestamp);
    QApplication::sendEvent(to, &press);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, QString(c));
    release.setTimestamp(timestamp + 1);
    QApplication::sendEvent(to, &release);
}

} // namespace

class TestTablesView : public QObject
{
    Q_OBJECT

    std::unique_ptr<Session> m_session;
    std::unique_ptr<TablesView> m_view;

    //! The example database (4 owners, 6 pugs) plus `pugs` more, in a shown Tables view on pugs.
    bool open(int pugs)
    {
        QFETCH_GLOBAL(QString, url);
        const QString dbUrl = grumble::test::freshUrl(url);
        auto session = Session::open(dbUrl);
        if (!session || !(*session)->seedExample() || (pugs > 0 && !addManyPugs(**session, pugs)))
            return false;
        m_session = std::move(*session);
        m_view = std::make_unique<TablesView>(m_session.get());
        m_view->resize(1000, 600);
        m_view->show();
        m_view->showModel(QStringLiteral("pug"));
        return QTest::qWaitForWindowExposed(m_view.get());
    }

    RecordTableView *pugs() const { return m_view->tableFor(QStringLiteral("pug")); }
    quint64 statements() const { return m_session->engine().connection().statementCount(); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("grumble-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_tablesview"));
        QSettings().clear();
    }

    void initTestCase_data() { grumble::test::addDatabaseRows(); }

    void cleanup()
    {
        m_view.reset();
        m_session.reset();
        ValueFormat::setIsoTimestamps(false);
        QLocale::setDefault(QLocale::c());
    }

    void typeToSearchOnAHugeTableIsBounded()
    {
        QVERIFY(open(200000));
        // Statements are counted: no re-read because another test wrote to the same server (a
        // re-read no longer cancels a search: typedTextIsOneSearchWhateverTheAppDoes).
        m_session->changeWatcher()->setInterval(0);
        RecordTableView *view = pugs();
        RelationalTableModel *model = view->recordModel();
        const int idColumn = model->columnOf(QStringLiteral("id"));
        view->setFocus();
        QCoreApplication::processEvents(); // the first paint counts the rows
        view->setCurrentIndex(model->index(0, idColumn));
        // On a file or a server the search runs in the background (the model counts its
        // statements too); in memory on the UI thread. Either way a few statements, not a walk.
        quint64 before = statements() + model->statementCount();
        QTest::keyClicks(view, QStringLiteral("1999"));
        QTRY_COMPARE(model->rawValue(view->currentIndex().row(), QStringLiteral("id")).toInt(), 1999);
        quint64 ran = statements() + model->statementCount() - before;
        QVERIFY2(ran <= 16, qPrintable(QString::number(ran)));
        // Sorted by owner (a joined column), as in the report of the freeze (on a file or a server
        // the new order's first page comes from the background reader).
        view->sortByColumn(model->columnOf(QStringLiteral("ownerId")), Qt::AscendingOrder);
        QTRY_VERIFY(!model->isReading());
        QCoreApplication::processEvents();
        model->fetchCount();
        view->setCurrentIndex(model->index(0, idColumn));
        before = statements() + model->statementCount();
        QTest::keyClicks(view, QStringLiteral("19999"));
        QTRY_VERIFY(!model->isBusy());
        QCOMPARE(view->searchText(), QStringLiteral("19999"));
        QTRY_VERIFY2(model->rawValue(view->currentIndex().row(), QStringLiteral("id")).toString().startsWith(QLatin1String("19999")),
                     qPrintable(QStringLiteral("row %1 id %2 loaded %3 of %4; the search says %5; error: %6")
                                        .arg(view->currentIndex().row())
                                        .arg(model->rawValue(view->currentIndex().row(), QStringLiteral("id")).toString())
                                        .arg(model->isRowLoaded(view->currentIndex().row()))
                                        .arg(model->rowCount())
                                        .arg(model->findText(idColumn, QStringLiteral("19999"), 1,
                                                             Qt::MatchStartsWith | Qt::MatchWrap))
                                        .arg(model->lastError() ? model->lastError()->toString() : QString())));
        ran = statements() + model->statementCount() - before;
        QVERIFY2(ran <= 20, qPrintable(QString::number(ran)));
        // The keys went to the search, not to the filter or an editor.
        QVERIFY(m_view->findChild<QLineEdit *>(QStringLiteral("filter"))->text().isEmpty());
        QCOMPARE(QApplication::focusWidget(), view); // no editor opened
    }

    void typedTextIsOneSearchWhateverTheAppDoes()
    {
        // The keys' timestamps say how the user typed; the app's delays between handling them (a
        // busy UI thread, answers arriving) neither split the typed text nor change the row found.
        QVERIFY(open(30000));
        RecordTableView *view = pugs();
        RelationalTableModel *model = view->recordModel();
        const int idColumn = model->columnOf(QStringLiteral("id"));
        view->sortByColumn(model->columnOf(QStringLiteral("ownerId")), Qt::AscendingOrder);
        QTRY_VERIFY(!model->isReading());
        model->fetchCount();
        view->setFocus();
        view->setCurrentIndex(model->index(0, idColumn));
        const int expected = model->findText(idColumn, QStringLiteral("2999"), 1, Qt::MatchStartsWith | Qt::MatchWrap);
        QVERIFY(expected > 0);
        ulong stamp = 100000;
        for (const QChar c : QStringLiteral("2999")) {
            typeKey(view, c, stamp);
            stamp += 60; // typed fast ...
            QTest::qWait(QApplication::keyboardInputInterval() + 100); // ... handled slowly
        }
        QCOMPARE(view->searchText(), QStringLiteral("2999"));
        QTRY_VERIFY(!model->isBusy());
        QTRY_COMPARE(view->currentIndex().row(), expected);
        QVERIFY(model->rawValue(expected, QStringLiteral("id")).toString().startsWith(QLatin1String("2999")));
        // A re-read meanwhile (the change watcher saw another writer) does not cancel the search.
        view->setCurrentIndex(model->index(0, idColumn));
        typeKey(view, QLatin1Char('2'), stamp + 20000);
        typeKey(view, QLatin1Char('9'), stamp + 20050);
        m_view->refresh();
        typeKey(view, QLatin1Char('9'), stamp + 20100);
        typeKey(view, QLatin1Char('9'), stamp + 20150);
        m_view->refresh();
        QTRY_VERIFY(!model->isBusy());
        QTRY_COMPARE(view->currentIndex().row(), expected);
        stamp += 20150;
        // A pause in the typing (by the timestamps) starts a new search.
        typeKey(view, QLatin1Char('7'), stamp + 5000);
        QCOMPARE(view->searchText(), QStringLiteral("7"));
        QTRY_VERIFY(!model->isBusy());
        // A click ends the search: an answer still on its way is dropped.
        typeKey(view, QLatin1Char('8'), stamp + 10000);
        const int clicked = view->rowAt(view->viewport()->height() / 2);
        QVERIFY(clicked >= 0);
        const QRect cell = view->visualRect(model->index(clicked, idColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(view->currentIndex().row(), clicked);
        QVERIFY(view->searchText().isEmpty());
        QTRY_VERIFY(!model->isBusy());
        QTest::qWait(20);
        QCOMPARE(view->currentIndex().row(), clicked);
    }

    void aLargeTableIsReadInTheBackground()
    {
        // With the background reader (a file or a server), a sort, a far page and the re-read
        // after a change never wait on the UI thread: the old rows show until the new ones come,
        // the re-read replaces them in place (no reset) and the current record stays current.
        // In memory every read is on the UI thread and done when the call returns.
        QVERIFY(open(5000));
        RecordTableView *view = pugs();
        RelationalTableModel *model = view->recordModel();
        model->setSynchronousRowLimit(1000);
        QTRY_VERIFY(!model->isCountPending());
        QCOMPARE(model->rowCount(), 5006);
        QFETCH_GLOBAL(QString, url);
        const bool background = !grumble::test::isSqliteMemoryUrl(url);
        QCOMPARE(model->readsInBackground(), background);
        auto *count = m_view->findChild<QLabel *>(QStringLiteral("rowCount"));
        const int nameColumn = model->columnOf(QStringLiteral("name"));
        const QString firstName = model->index(0, nameColumn).data().toString();
        view->sortByColumn(nameColumn, Qt::DescendingOrder);
        QCOMPARE(model->isReading(), background);
        if (background) {
            QCOMPARE(model->index(0, nameColumn).data().toString(), firstName); // the old rows meanwhile
            QCOMPARE(count->text(), QStringLiteral("Reading…"));
            if (url.startsWith(QLatin1String("sqlite:")))
                QVERIFY(m_view->grab().save(grumble::test::screenshotDir() + QStringLiteral("/tables-reading.png")));
        }
        QTRY_VERIFY(!model->isReading());
        QCOMPARE(model->index(0, nameColumn).data().toString(), QStringLiteral("pug-999"));
        QTRY_VERIFY(!model->isCountPending() && !model->isBusy());
        // A far row: its page comes from the reader.
        view->scrollToBottom();
        const int last = model->rowCount() - 1;
        if (background)
            QVERIFY(!model->isRowLoaded(last)); // on its way; in memory read as the view paints
        QTRY_VERIFY(model->isRowLoaded(last));
        QCOMPARE(model->index(last, nameColumn).data().toString(), QStringLiteral("Biscuit"));
        // A rename: read again in place, the current record followed to its new row.
        view->setCurrentIndex(model->index(last, nameColumn));
        const RecordRef biscuit = view->currentRecord();
        QVERIFY(biscuit.isValid());
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        QVERIFY(m_session->updateRecord(biscuit, { { QStringLiteral("name"), QStringLiteral("zzz Biscuit") } }));
        QCOMPARE(resets.count(), background ? 0 : 1);
        QTRY_COMPARE(view->currentIndex().row(), 0);
        QTRY_VERIFY(!model->isBusy());
        QCOMPARE(model->index(0, nameColumn).data().toString(), QStringLiteral("zzz Biscuit"));
        QVERIFY(view->currentRecord() == biscuit);
        QCOMPARE(resets.count(), background ? 0 : 1);
        if (background && url.startsWith(QLatin1String("sqlite:")))
            QVERIFY(m_view->grab().save(grumble::test::screenshotDir() + QStringLiteral("/tables-reread.png")));
    }

    void filterByOwnerNameCountsRows()
    {
        QVERIFY(open(0));
        auto *column = m_view->findChildren<QComboBox *>().value(0);
        QVERIFY(column);
        column->setCurrentText(QStringLiteral("ownerId"));
        auto *filter = m_view->findChild<QLineEdit *>(QStringLiteral("filter"));
        auto *count = m_view->findChild<QLabel *>(QStringLiteral("rowCount"));
        QVERIFY(filter && count);
        QCOMPARE(count->text(), QStringLiteral("6 rows"));
        QTest::keyClicks(filter, QStringLiteral("Tom"));
        QCOMPARE(pugs()->recordModel()->rowCount(), 2); // Cody and Doug, by their owner's name
        QCOMPARE(count->text(), QStringLiteral("2 rows match"));
        QTest::keyClicks(filter, QStringLiteral("zzz"));
        QCOMPARE(pugs()->recordModel()->rowCount(), 0);
        QCOMPARE(count->text(), QStringLiteral("No rows match “Tomzzz” in ownerId"));
    }

    void nullIsAnItalicNull()
    {
        QVERIFY(open(0));
        QVERIFY(m_session->engine().create(QStringLiteral("pug"), { { QStringLiteral("name"), QString(QLatin1String("")) } }));
        m_view->refresh();
        RelationalTableModel *model = pugs()->recordModel();
        auto *delegate = qobject_cast<RecordDelegate *>(pugs()->itemDelegate());
        QVERIFY(delegate);
        const int ownerColumn = model->columnOf(QStringLiteral("ownerId"));
        const int nameColumn = model->columnOf(QStringLiteral("name"));
        const QStyleOptionViewItem none = delegate->styleOptionFor(model->index(4, ownerColumn)); // Biscuit
        QCOMPARE(none.text, QStringLiteral("NULL"));
        QVERIFY(none.font.italic());
        const QStyleOptionViewItem tom = delegate->styleOptionFor(model->index(0, ownerColumn)); // Cody
        QCOMPARE(tom.text, QStringLiteral("Tom"));
        QVERIFY(!tom.font.italic());
        const QStyleOptionViewItem empty = delegate->styleOptionFor(model->index(6, nameColumn));
        QCOMPARE(empty.text, QString());
        QVERIFY(!empty.font.italic());
        QCOMPARE(model->index(6, ownerColumn).data(RelationalTableModel::NullRole).toBool(), true);
    }

    void timestampsInTheLocaleOrIso()
    {
        QVERIFY(open(1));
        RelationalTableModel *model = pugs()->recordModel();
        auto *delegate = qobject_cast<RecordDelegate *>(pugs()->itemDelegate());
        const QModelIndex created = model->index(6, model->columnOf(QStringLiteral("createdAt")));
        const QDateTime utc = created.data().toDateTime();
        QCOMPARE(utc, QDateTime(QDate(2026, 12, 2), QTime(15, 56, 28, 184), Qt::UTC));
        const QLocale german(QLocale::German, QLocale::Germany);
        QLocale::setDefault(german);
        const QString shown = delegate->styleOptionFor(created).text;
        QCOMPARE(shown, german.toString(utc.toLocalTime(), QStringLiteral("dd.MM.yyyy HH:mm:ss.zzz")));
        QCOMPARE(ValueFormat::text(utc), shown); // one place: the association panel uses it too
        ValueFormat::setIsoTimestamps(true);
        QCOMPARE(delegate->styleOptionFor(created).text, QStringLiteral("2026-12-02T15:56:28.184Z"));
        QCOMPARE(QSettings().value(QLatin1String(IsoTimestampsSetting)).toBool(), true);
    }

    void sqlLogRemembersShowControl()
    {
        QSettings().remove(QLatin1String(ShowControlSetting));
        {
            SqlLogWidget log;
            log.show();
            auto *box = log.findChild<QCheckBox *>(QStringLiteral("showControl"));
            QVERIFY(box && !box->isChecked());
            QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
            QVERIFY(box->isChecked());
            QVERIFY(log.model()->showControl());
        }
        SqlLogWidget again;
        QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("showControl"))->isChecked());
        QVERIFY(again.model()->showControl());
    }
};

QTEST_MAIN(TestTablesView)
#include "tst_tablesview.moc"

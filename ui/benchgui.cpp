#include "benchgui.h"

#include "includebrowser.h"
#include "mainwindow.h"
#include "relationaltablemodel.h"
#include "resulttreemodel.h"
#include "session.h"
#include "tablesview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QTimer>
#include <QUndoStack>
#include <QLineEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTreeView>

#include <cstdio>
#include <functional>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace grumble::ui {

namespace {

//! A field of /proc/self/status in MiB (VmRSS, VmHWM); -1 where there is no /proc.
double statusMib(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray want = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(want))
            return line.mid(want.size()).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

//! Starts a new peak: returns freed heap to the system and resets VmHWM to the current RSS.
void resetPeak()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

void report(const char *op, qint64 n, qint64 ms, quint64 statements = 0)
{
    QJsonObject o{ { QStringLiteral("op"), QLatin1String(op) },
                   { QStringLiteral("n"), n },
                   { QStringLiteral("ms"), ms },
                   { QStringLiteral("rss_mib"), qRound(statusMib("VmRSS") * 10) / 10.0 },
                   { QStringLiteral("peak_mib"), qRound(statusMib("VmHWM") * 10) / 10.0 } };
    if (statements)
        o.insert(QStringLiteral("statements"), qint64(statements));
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

//! Runs an action, lets the events it posted run, and paints the widget synchronously: the time
//! until the rows are on screen.
qint64 timePainted(QWidget *viewport, const std::function<void()> &action)
{
    QElapsedTimer t;
    t.start();
    action();
    QCoreApplication::processEvents();
    viewport->repaint();
    return t.elapsed();
}

//! Runs the event loop until the rows a view shows are in memory (the background reader brought
//! them) and no read of the model is on its way; at most `timeoutMs`.
void waitForScreen(RecordTableView *view, int timeoutMs = 120000)
{
    RelationalTableModel *model = view->recordModel();
    auto onScreen = [&] {
        if (model->isReading() || model->isBusy())
            return false;
        const int first = qMax(0, view->rowAt(0));
        int last = view->rowAt(view->viewport()->height() - 1);
        last = last < 0 ? model->rowCount() - 1 : last;
        for (int row = first; row <= last && row < model->rowCount(); row += 16) {
            if (!model->isRowLoaded(row))
                return false;
        }
        return last < 0 || model->isRowLoaded(last);
    };
    QElapsedTimer t;
    t.start();
    while (!onScreen() && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        view->viewport()->update(); // asks for the pages on screen
    }
}

Result<qint64> topUpPugs(Session &s, int total, int owners)
{
    Engine &e = s.engine();
    auto have = e.count(QStringLiteral("pug"));
    if (!have)
        return have.error();
    qint64 added = 0;
    const int chunk = 20000;
    for (qint64 p = *have + 1; p <= total;) {
        QList<QVariantMap> rows;
        rows.reserve(chunk);
        for (int i = 0; i < chunk && p <= total; ++i, ++p) {
            QVariantMap v{ { QStringLiteral("name"), QStringLiteral("pug-%1").arg(p) } };
            if (p % 10 != 0) // one pug in ten has no owner
                v.insert(QStringLiteral("ownerId"), (p % owners) + 1);
            rows << v;
        }
        auto r = e.bulkCreate(QStringLiteral("pug"), rows);
        if (!r)
            return r.error();
        added += rows.size();
    }
    return added;
}

//! Issue 5's data: owner-o, pug-p with ownerId floor((p-1)/K)+1, friend-f, and pug p friends with
//! ((p-1)*7 + j*floor(F/M)) % F + 1 for j < M.
Result<qint64> seedWorkload(Session &s, int owners, int pugsPerOwner, int friendsPerPug)
{
    Engine &e = s.engine();
    const int chunk = 20000;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 rows = 0;
    auto flush = [&](const QString &model, QList<QVariantMap> &batch) -> Result<void> {
        if (batch.isEmpty())
            return {};
        auto r = e.bulkCreate(model, batch);
        if (!r)
            return r.error();
        rows += batch.size();
        batch.clear();
        return {};
    };
    QList<QVariantMap> batch;
    for (const QString &model : { QStringLiteral("owner"), QStringLiteral("friend") }) {
        for (int i = 1; i <= owners; ++i) {
            batch << QVariantMap{ { QStringLiteral("name"), QStringLiteral("%1-%2").arg(model).arg(i) } };
            if (batch.size() == chunk)
                GRUMBLE_TRY(flush(model, batch));
        }
        GRUMBLE_TRY(flush(model, batch));
    }
    const qint64 pugs = qint64(owners) * pugsPerOwner;
    for (qint64 p = 1; p <= pugs; ++p) {
        batch << QVariantMap{ { QStringLiteral("name"), QStringLiteral("pug-%1").arg(p) },
                              { QStringLiteral("ownerId"), (p - 1) / pugsPerOwner + 1 } };
        if (batch.size() == chunk)
            GRUMBLE_TRY(flush(QStringLiteral("pug"), batch));
    }
    GRUMBLE_TRY(flush(QStringLiteral("pug"), batch));
    const qint64 step = owners / friendsPerPug;
    for (qint64 p = 1; p <= pugs; ++p) {
        for (int j = 0; j < friendsPerPug; ++j) {
            batch << QVariantMap{ { QStringLiteral("pugId"), p },
                                  { QStringLiteral("friendId"), ((p - 1) * 7 + j * step) % owners + 1 },
                                  { QStringLiteral("createdAt"), now },
                                  { QStringLiteral("updatedAt"), now } };
        }
        if (batch.size() >= chunk)
            GRUMBLE_TRY(flush(QStringLiteral("friendship"), batch));
    }
    GRUMBLE_TRY(flush(QStringLiteral("friendship"), batch));
    return rows;
}

//! The longest gaps of the event loop while a script of user steps runs in it: a 5 ms heartbeat
//! timer notes the time between its ticks; a gap longer than the interval is a stall (the UI
//! thread was busy and painted nothing, took no input).
class StallWatch
{
public:
    StallWatch()
    {
        m_heartbeat.setInterval(5);
        m_heartbeat.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_heartbeat, &QTimer::timeout, [this] { tick(); });
    }
    //! Runs the steps one after another in the event loop (each, then the loop until `done` says
    //! the work it started is done, then `settleMs` of idle loop), and prints a JSON line per step
    //! (its longest stall, the time until done) and one for the longest stall.
    void run(const QList<QPair<const char *, std::function<void()>>> &steps, const std::function<bool()> &done,
             int settleMs, const std::function<QJsonObject()> &describe)
    {
        m_describe = describe;
        QEventLoop loop;
        int next = 0;
        std::function<void()> step;
        std::function<void()> waitDone = [&] {
            if (!done() && m_stepClock.elapsed() < 120000) {
                QTimer::singleShot(10, waitDone);
                return;
            }
            m_stepDone = m_stepClock.elapsed();
            QTimer::singleShot(settleMs, step);
        };
        step = [&] {
            finishStep();
            if (next == steps.size()) {
                loop.quit();
                return;
            }
            m_step = steps.at(next).first;
            m_stepStall = 0;
            m_stepClock.start();
            steps.at(next).second();
            ++next;
            QTimer::singleShot(20, waitDone);
        };
        m_last.start();
        m_heartbeat.start();
        QTimer::singleShot(0, step);
        loop.exec();
        m_heartbeat.stop();
        QJsonObject o{ { QStringLiteral("op"), QStringLiteral("interaction_longest_stall") },
                       { QStringLiteral("ms"), m_longest },
                       { QStringLiteral("step"), QLatin1String(m_longestStep) },
                       { QStringLiteral("target_ms"), 100 } };
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
    }

private:
    void tick()
    {
        const qint64 gap = m_last.restart();
        m_stepStall = qMax(m_stepStall, gap);
        if (gap > m_longest) {
            m_longest = gap;
            m_longestStep = m_step;
        }
    }
    void finishStep()
    {
        if (!m_step)
            return;
        tick();
        QJsonObject o{ { QStringLiteral("op"), QStringLiteral("stall_") + QLatin1String(m_step) },
                       { QStringLiteral("ms"), m_stepStall },
                       { QStringLiteral("done_ms"), m_stepDone } };
        const QJsonObject state = m_describe ? m_describe() : QJsonObject();
        for (auto it = state.begin(); it != state.end(); ++it)
            o.insert(it.key(), it.value());
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
    }

    QTimer m_heartbeat;
    QElapsedTimer m_last;
    QElapsedTimer m_stepClock;
    const char *m_step = nullptr;
    const char *m_longestStep = "";
    qint64 m_stepStall = 0;
    qint64 m_stepDone = 0;
    std::function<QJsonObject()> m_describe;
    qint64 m_longest = 0;
};

//! A key press and release posted to a widget, as the window system would deliver them.
void postKey(QWidget *to, int key, Qt::KeyboardModifiers modifiers = {}, const QString &text = {})
{
    QCoreApplication::postEvent(to, new QKeyEvent(QEvent::KeyPress, key, modifiers, text));
    QCoreApplication::postEvent(to, new QKeyEvent(QEvent::KeyRelease, key, modifiers, text));
}

//! The scripted interaction on the pugs table (issue 14): sort by the owner (a joined column),
//! type-to-search on the id column, filter, jump to the end, select, rename, undo; every input goes
//! through the event loop while StallWatch measures how long the loop stalls.
void runInteraction(MainWindow &window, RecordTableView *view, RelationalTableModel *model)
{
    auto *filter = window.tables()->findChild<QLineEdit *>(QStringLiteral("filter"));
    Session *session = window.session();
    const int idColumn = model->columnOf(QStringLiteral("id"));
    QList<QPair<const char *, std::function<void()>>> steps;
    steps << qMakePair("open_pugs", std::function<void()>([&] {
              window.tables()->showModel(QStringLiteral("owner"));
              window.tables()->showModel(QStringLiteral("pug"));
          }));
    steps << qMakePair("sort_by_owner", std::function<void()>([&] {
              view->sortByColumn(model->columnOf(QStringLiteral("ownerId")), Qt::AscendingOrder);
          }));
    steps << qMakePair("type_to_search", std::function<void()>([&] {
              view->setFocus();
              view->setCurrentIndex(model->index(0, idColumn));
              for (const QChar c : QStringLiteral("5000"))
                  postKey(view, Qt::Key_0 + c.digitValue(), {}, QString(c));
          }));
    steps << qMakePair("filter", std::function<void()>([&] { filter->setText(QStringLiteral("pug-99")); }));
    steps << qMakePair("clear_filter", std::function<void()>([&] { filter->clear(); }));
    steps << qMakePair("jump_to_end", std::function<void()>([&] {
              view->setFocus();
              if (!view->currentIndex().isValid()) // the filter's reset left no current cell: a click first
                  view->setCurrentIndex(model->index(0, idColumn));
              postKey(view, Qt::Key_End, Qt::ControlModifier);
          }));
    steps << qMakePair("select", std::function<void()>([&] { postKey(view, Qt::Key_Up, Qt::ShiftModifier); }));
    steps << qMakePair("rename", std::function<void()>([&] {
              (void)session->updateRecord(view->currentRecord(), { { QStringLiteral("name"), QStringLiteral("renamed") } });
          }));
    steps << qMakePair("undo", std::function<void()>([&] { session->undoStack()->undo(); }));
    // A step is done when the rows on screen are read and no read is on its way.
    auto done = [&] {
        if (model->isReading() || model->isBusy())
            return false;
        const int first = qMax(0, view->rowAt(0));
        const int last = view->rowAt(view->viewport()->height() - 1);
        return model->rowCount() == 0 || (model->isRowLoaded(first) && (last < 0 || model->isRowLoaded(last)));
    };
    // Each step's line also says where it left the table: rows, the current row and its id.
    auto describe = [&] {
        const int row = view->currentIndex().row();
        return QJsonObject{ { QStringLiteral("rows"), model->rowCount() },
                            { QStringLiteral("current_row"), row },
                            { QStringLiteral("current_id"), model->rawValue(row, QStringLiteral("id")).toLongLong() } };
    };
    StallWatch().run(steps, done, 300, describe);
}

} // namespace

int runGuiBench(const GuiBenchOptions &options)
{
    QTemporaryDir dir;
    const QString url = options.url.isEmpty() ? dir.filePath(QStringLiteral("bench.sqlite")) : options.url;
    if (!options.tableOnly) {
        auto session = Session::open(url);
        if (!session) {
            std::fprintf(stderr, "grumble: %s\n", qPrintable(session.error().toString()));
            return 1;
        }
        QElapsedTimer t;
        t.start();
        auto seeded = options.pugsPerOwner > 0 ? seedWorkload(**session, options.owners, options.pugsPerOwner, 5)
                                               : (*session)->seedDemo(options.owners);
        if (!seeded) {
            std::fprintf(stderr, "grumble: %s\n", qPrintable(seeded.error().toString()));
            return 1;
        }
        report(options.pugsPerOwner > 0 ? "seed_workload" : "seed_demo", *seeded, t.elapsed());

        // The include tree: owners with their pugs and the pugs' friends.
        resetPeak();
        MainWindow window(std::move(*session));
        window.setProperty("noSettings", true);
        window.resize(1440, 900);
        window.showView(QStringLiteral("includes"));
        window.show();
        QCoreApplication::processEvents();
        IncludeBrowser *ib = window.includeBrowser();
        ib->setRoot(QStringLiteral("owner"));
        ib->checkPath(QStringLiteral("pugs/friends"));
        ib->setLimit(0); // every owner
        QTreeView *tree = ib->resultView();
        {
            // The engine's share: the same findAll without the widgets.
            Engine &e = window.session()->engine();
            const quint64 s0 = e.connection().statementCount();
            QElapsedTimer engineTime;
            engineTime.start();
            auto rows = e.findAll(QStringLiteral("owner"), *FindOptions::fromVariant(ib->options()));
            if (!rows) {
                std::fprintf(stderr, "grumble: %s\n", qPrintable(rows.error().toString()));
                return 1;
            }
            report("includes_engine_findAll", rows->size(), engineTime.elapsed(), e.connection().statementCount() - s0);
        }
        resetPeak();
        Connection &conn = window.session()->engine().connection();
        quint64 before = conn.statementCount();
        bool ok = true;
        const qint64 first = timePainted(tree->viewport(), [&] { ok = ib->run(); });
        if (!ok) {
            std::fprintf(stderr, "grumble: include failed: %s\n", qPrintable(ib->lastError()));
            return 1;
        }
        ResultTreeModel *model = ib->resultModel();
        report("includes_first_rows", model->rowCount(), first, conn.statementCount() - before);

        // Time spent reading pages (the engine), of the times below.
        qint64 pageMs = 0;
        int pagesRead = 0;
        auto pageTimes = QObject::connect(model, &ResultTreeModel::pageLoaded, [&](int, int, qint64 ms) {
            pageMs += ms;
            ++pagesRead;
        });

        // A user dragging the scroll bar to the bottom until no more rows come (each time painted),
        // then opening the last owner and its last pug.
        before = conn.statementCount();
        int drags = 0;
        const qint64 last = timePainted(tree->viewport(), [&] {
            int rows = -1;
            while (rows != model->rowCount()) {
                rows = model->rowCount();
                timePainted(tree->viewport(), [&] { tree->scrollToBottom(); });
                ++drags;
            }
        });
        const QModelIndex lastOwner = model->index(model->rowCount() - 1, 0);
        if (model->rowCount() != options.owners || !lastOwner.data(ResultTreeModel::PrimaryKeyRole).isValid()) {
            std::fprintf(stderr, "grumble: the last owner did not load (%d rows)\n", model->rowCount());
            return 1;
        }
        report("includes_scroll_to_last_root", model->rowCount(), last, conn.statementCount() - before);
        std::fprintf(stderr, "grumble: to the last root: %d pages read in %lld ms\n", pagesRead, pageMs);
        before = conn.statementCount();
        const qint64 expand = timePainted(tree->viewport(), [&] {
            tree->expand(lastOwner);
            const QModelIndex pugs = model->index(model->rowCount(lastOwner) - 1, 0, lastOwner);
            tree->expand(pugs);
            tree->scrollTo(model->index(model->rowCount(pugs) - 1, 0, pugs));
        });
        report("includes_expand_last_owner", model->rowCount(), expand, conn.statementCount() - before);

        // Every owner on screen once, from the top, half a page at a time: each page is read
        // (by key after the one before) and the cache keeps memory flat.
        before = conn.statementCount();
        pagesRead = 0;
        pageMs = 0;
        QElapsedTimer through;
        through.start();
        const int step = qMax(1, ib->pageSize() / 2);
        for (int r = 0; r < model->rowCount(); r += step)
            timePainted(tree->viewport(), [&] { tree->scrollTo(model->index(r, 0), QAbstractItemView::PositionAtTop); });
        report("includes_scroll_through_every_owner", model->rowCount(), through.elapsed(), conn.statementCount() - before);
        std::fprintf(stderr, "grumble: through every owner: %d pages read in %lld ms\n", pagesRead, pageMs);
        std::fprintf(stderr, "grumble: include tree: %d scroll-bar drags to the bottom, %d pages of %d kept\n", drags,
                     model->cachedPageCount(), ib->pageSize());
        QObject::disconnect(pageTimes);
    }
    auto session = Session::open(url);
    if (!session) {
        std::fprintf(stderr, "grumble: %s\n", qPrintable(session.error().toString()));
        return 1;
    }
    QElapsedTimer t;
    t.start();
    auto added = topUpPugs(**session, options.pugs, options.owners);
    if (!added) {
        std::fprintf(stderr, "grumble: %s\n", qPrintable(added.error().toString()));
        return 1;
    }
    report("seed_pugs", *added, t.elapsed());

    // The pugs table: open the window on it, scroll to the end, page through, sort, filter.
    resetPeak();
    t.restart();
    MainWindow window(std::move(*session));
    window.setProperty("noSettings", true);
    window.resize(1440, 900);
    window.showView(QStringLiteral("tables"));
    window.tables()->showModel(QStringLiteral("pug"));
    RecordTableView *view = window.tables()->tableFor(QStringLiteral("pug"));
    RelationalTableModel *model = view->recordModel();
    // First rows: the first paint of the table with rows in it (the COUNT(*) of a million rows
    // runs after it); then the time until the table knows all its rows.
    qint64 painted = -1;
    quint64 paintedStatements = 0;
    auto onPaint = QObject::connect(view, &RecordTableView::painted, [&] {
        if (painted < 0 && model->rowCount() > 0) {
            painted = t.elapsed();
            paintedStatements = model->statementCount();
        }
    });
    window.show();
    QCoreApplication::processEvents();
    if (painted < 0)
        view->viewport()->repaint();
    QObject::disconnect(onPaint);
    report("table_first_rows", model->rowCount(), painted, paintedStatements);
    while (model->isCountPending())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    view->viewport()->repaint();
    const qint64 rows = model->rowCount();
    report("table_counted", rows, t.elapsed(), model->statementCount());

    quint64 s0 = model->statementCount();
    qint64 ms = timePainted(view->viewport(), [&] {
        view->scrollToBottom();
        waitForScreen(view);
    });
    if (model->rawValue(int(rows) - 1, QStringLiteral("id")).isNull()) {
        std::fprintf(stderr, "grumble: the last row did not load\n");
        return 1;
    }
    report("table_scroll_to_last_row", rows, ms, model->statementCount() - s0);

    // A user paging through the middle: 200 Page Downs, each painted.
    s0 = model->statementCount();
    QScrollBar *bar = view->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    t.restart();
    for (int i = 0; i < 200; ++i)
        timePainted(view->viewport(), [&] {
            bar->setValue(bar->value() + bar->pageStep());
            waitForScreen(view);
        });
    report("table_page_down_x200", rows, t.elapsed(), model->statementCount() - s0);

    // Sorting by a header click: the owner's name (a LEFT JOINed, unindexed column), then by name.
    for (const QString &attribute : { QStringLiteral("name"), QStringLiteral("ownerId") }) {
        const int column = model->columnOf(attribute);
        s0 = model->statementCount();
        ms = timePainted(view->viewport(), [&] {
            view->scrollToTop();
            view->sortByColumn(column, Qt::AscendingOrder);
            waitForScreen(view);
        });
        report(attribute == QLatin1String("name") ? "table_sort_name_first_rows" : "table_sort_owner_first_rows", rows, ms,
               model->statementCount() - s0);
        s0 = model->statementCount();
        ms = timePainted(view->viewport(), [&] {
            view->scrollToBottom();
            waitForScreen(view);
        });
        report(attribute == QLatin1String("name") ? "table_sort_name_last_row" : "table_sort_owner_last_row", rows, ms,
               model->statementCount() - s0);
    }
    view->sortByColumn(-1, Qt::AscendingOrder);
    waitForScreen(view);

    auto *filter = window.tables()->findChild<QLineEdit *>(QStringLiteral("filter"));
    s0 = model->statementCount();
    ms = timePainted(view->viewport(), [&] {
        filter->setText(QStringLiteral("pug-99999"));
        waitForScreen(view);
    });
    report("table_filter_first_rows", model->rowCount(), ms, model->statementCount() - s0);
    filter->clear();
    view->sortByColumn(-1, Qt::AscendingOrder);
    waitForScreen(view);
    runInteraction(window, view, model);
    return 0;
}

} // namespace grumble::ui

#include "app.h"

#include "associationpanel.h"
#include "benchgui.h"
#include "consoledock.h"
#include "helpdialogs.h"
#include "includebrowser.h"
#include "mainwindow.h"
#include "session.h"
#include "tablesview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeView>

#include <optional>

#include <cstdio>
#include <cstring>

namespace grumble::ui {

QString defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("grumble.sqlite"));
}

namespace {
const QString kLastDatabase = QStringLiteral("lastDatabase");
}

void rememberLastDatabase(const QString &url)
{
    QSettings().setValue(kLastDatabase, url);
}

QString startupDatabaseUrl()
{
    const QString last = QSettings().value(kLastDatabase).toString();
    auto parsed = DatabaseUrl::parse(last);
    // A SQLite file that was deleted since is not made again: the default database instead.
    if (last.isEmpty() || !parsed || (parsed->driver == QLatin1String("QSQLITE") && parsed->path != QLatin1String(":memory:")
                                         && !QFileInfo::exists(parsed->path)))
        return defaultDatabasePath();
    return last;
}

namespace {

void fail(const QString &message, bool gui)
{
    std::fprintf(stderr, "grumble: %s\n", qPrintable(message));
    if (gui)
        QMessageBox::critical(nullptr, QStringLiteral("Grumble"), message);
}

} // namespace

namespace {

//! The first table with rows and associations (else the first table), its first record selected,
//! so the panel has something to show.
void showFirstTableWithRows(MainWindow &window)
{
    TablesView *tables = window.tables();
    const QStringList models = tables->modelNames();
    QString model = models.value(0);
    for (const QString &name : models) {
        tables->showModel(name);
        RecordTableView *t = tables->tableFor(name);
        if (t && t->model()->rowCount() > 0 && !window.session()->schema().associationsOf(name).isEmpty()) {
            model = name;
            break;
        }
    }
    tables->showModel(model);
    if (RecordTableView *t = tables->tableFor(model); t && t->model()->rowCount() > 0)
        t->selectRow(0);
}

//! Gives a screenshot of `viewName` something to show.
void stageView(MainWindow &window, const QString &viewName)
{
    if (viewName == QLatin1String("includes")) {
        IncludeBrowser *ib = window.includeBrowser();
        ib->setRoot(QStringLiteral("owner"));
        ib->checkPath(QStringLiteral("pugs/friends"));
        ib->setLimit(0); // every owner, a page at a time
        ib->run();
        ib->resultView()->expandToDepth(2);
    }
    QApplication::processEvents();
    if ((viewName.isEmpty() && !window.welcome()) || viewName == QLatin1String("associations"))
        window.showView(QStringLiteral("associations"));
    if (viewName == QLatin1String("tables"))
        showFirstTableWithRows(window);
    if (viewName == QLatin1String("sqllog")) {
        // A table page read through the engine shows in the log with its action name.
        TablesView *tables = window.tables();
        const QString model = tables->modelNames().value(1, tables->modelNames().value(0));
        tables->showModel(model);
        if (RecordTableView *t = tables->tableFor(model); t && t->model()->rowCount() > 0)
            t->selectRow(0);
    }
    if (viewName == QLatin1String("schema") || viewName == QLatin1String("check"))
        window.findChild<QDockWidget *>(QStringLiteral("associationDock"))->hide();
}

//! Grabs the window (or, for "shortcuts" and "manual", that Help dialog over it) into `file`.
int saveScreenshot(MainWindow &window, const QString &viewName, const QString &file, qint64 readyMs)
{
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
    QWidget *target = &window;
    std::unique_ptr<QDialog> dialog;
    if (viewName == QLatin1String("shortcuts"))
        dialog = std::make_unique<ShortcutsDialog>(&window, &window);
    else if (viewName == QLatin1String("manual"))
        dialog = std::make_unique<ManualDialog>(&window);
    if (dialog) {
        dialog->show();
        QApplication::processEvents();
        target = dialog.get();
    }
    if (!target->grab().save(file)) {
        fail(QStringLiteral("cannot write %1").arg(file), false);
        return 1;
    }
    std::printf("%s (window ready in %lld ms)\n", qPrintable(file), readyMs);
    return 0;
}

} // namespace

int runApp(int argc, char **argv)
{
    bool screenshot = false;
    for (int i = 1; i < argc; ++i)
        screenshot |= std::strcmp(argv[i], "--screenshot") == 0 || std::strncmp(argv[i], "--screenshot=", 13) == 0
                || std::strcmp(argv[i], "--bench-gui") == 0;
    if (screenshot && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Grumble"));
    QApplication::setApplicationName(QStringLiteral("grumble"));
    QApplication::setApplicationDisplayName(QStringLiteral("Grumble"));
    QApplication::setApplicationVersion(QStringLiteral(GRUMBLE_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Grumble: a workbench for Sequelize-style model associations."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Database URL: a SQLite file, sqlite:PATH, :memory:, postgresql://user@host:port/db."),
                          QStringLiteral("url"));
    QCommandLineOption schema(QStringLiteral("schema"), QStringLiteral("Schema JSON file (default: read from the database; the pugs demo in an empty one)."),
                              QStringLiteral("file"));
    QCommandLineOption shot(QStringLiteral("screenshot"), QStringLiteral("Render the window offscreen into a PNG and exit."),
                            QStringLiteral("file"));
    QCommandLineOption view(QStringLiteral("view"), QStringLiteral("The view to show: tables, associations, includes, schema, check, console, sqllog, welcome (an empty database), shortcuts, manual."),
                            QStringLiteral("name"));
    QCommandLineOption seed(QStringLiteral("seed-demo"),
                            QStringLiteral("Add N owners of demo data (about 3 pugs, 1 friend, 6 friendships each) before showing."),
                            QStringLiteral("N"));
    QCommandLineOption bench(QStringLiteral("bench-gui"),
                             QStringLiteral("Measure the app at scale (offscreen): the include tree of --bench-owners owners, then "
                                            "the pugs table with --bench-pugs pugs; JSON lines on stdout. --db names the "
                                            "database (default: a new SQLite file in a temporary directory)."));
    QCommandLineOption benchOwners(QStringLiteral("bench-owners"), QStringLiteral("Owners for --bench-gui (default 10000)."),
                                   QStringLiteral("N"), QStringLiteral("10000"));
    QCommandLineOption benchPugs(QStringLiteral("bench-pugs"), QStringLiteral("Pugs for --bench-gui (default 1000000)."),
                                 QStringLiteral("N"), QStringLiteral("1000000"));
    QCommandLineOption benchPerOwner(QStringLiteral("bench-pugs-per-owner"),
                                     QStringLiteral("--bench-gui's include tree on issue 5's workload with K pugs per owner and "
                                                    "5 friends per pug (default 0: the --seed-demo data)."),
                                     QStringLiteral("K"), QStringLiteral("0"));
    QCommandLineOption benchTableOnly(QStringLiteral("bench-table-only"),
                                      QStringLiteral("--bench-gui measures the pugs table only (topping the pugs up to "
                                                     "--bench-pugs if fewer): for profiling it on a database seeded before."));
    QCommandLineOption consoleExpression(QStringLiteral("eval"),
                                         QStringLiteral("With --screenshot: type EXPR into the console and run it first."),
                                         QStringLiteral("EXPR"));
    parser.addOptions({ db, schema, shot, view, consoleExpression, seed, bench, benchOwners, benchPugs, benchPerOwner, benchTableOnly });
    // Unknown options and stray words are usage errors (exit 2), never a GUI that starts anyway.
    if (!parser.parse(QApplication::arguments()) || !parser.positionalArguments().isEmpty()) {
        const QString why = parser.errorText().isEmpty()
                ? QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().value(0))
                : parser.errorText();
        std::fprintf(stderr, "grumble: %s\nRun 'grumble --help' for the commands and options.\n", qPrintable(why));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all")))
        parser.showHelp(0); // every option of the app, the --bench-gui ones included
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    if (parser.isSet(bench)) {
        GuiBenchOptions o;
        o.url = parser.value(db);
        o.owners = qMax(1, parser.value(benchOwners).toInt());
        o.pugs = qMax(0, parser.value(benchPugs).toInt());
        o.pugsPerOwner = qMax(0, parser.value(benchPerOwner).toInt());
        o.tableOnly = parser.isSet(benchTableOnly);
        return runGuiBench(o);
    }

    const bool gui = !parser.isSet(shot);
    // The app reopens the database it had open last; a screenshot uses the default one.
    const QString url = parser.isSet(db) ? parser.value(db) : gui ? startupDatabaseUrl() : defaultDatabasePath();
    std::optional<Schema> s;
    if (parser.isSet(schema)) {
        auto loaded = Schema::fromFile(parser.value(schema));
        if (!loaded) {
            fail(QStringLiteral("cannot load the schema %1: %2").arg(parser.value(schema), loaded.error().toString()), gui);
            return 1;
        }
        s = std::move(*loaded);
    }
    // Without --schema: the pugs demo in an empty database, else the schema read from the database.
    auto session = s ? Session::open(url, std::move(*s)) : Session::openIntrospected(url);
    if (!session) {
        fail(QStringLiteral("cannot open %1: %2").arg(url, session.error().toString()), gui);
        return 1;
    }
    // An empty database gets the welcome (Try the demo, Open your database…) in the app; a
    // screenshot of the other views shows the demo records.
    const bool welcome = parser.value(view) == QLatin1String("welcome");
    if ((*session)->isFresh() && !gui && !welcome) {
        auto seeded = (*session)->seedExample();
        if (!seeded)
            fail(QStringLiteral("cannot add the demo records: %1").arg(seeded.error().toString()), false);
    }
    if (parser.isSet(seed)) {
        QElapsedTimer t;
        t.start();
        auto added = (*session)->seedDemo(parser.value(seed).toInt());
        if (!added) {
            fail(QStringLiteral("cannot add demo data: %1").arg(added.error().toString()), gui);
            return 1;
        }
        std::fprintf(stderr, "grumble: added %lld demo rows in %lld ms\n", *added, t.elapsed());
    }
    QElapsedTimer shown;
    shown.start();
    MainWindow window(std::move(*session));
    if (!gui) {
        window.setProperty("noSettings", true);
        window.resize(1440, 900);
    } else {
        window.restoreSettings();
        MainWindow::addRecent(url);
        rememberLastDatabase(url);
    }
    const bool helpDialog = parser.value(view) == QLatin1String("shortcuts") || parser.value(view) == QLatin1String("manual");
    if (parser.isSet(view) && !helpDialog && !window.showView(parser.value(view))) {
        fail(QStringLiteral("unknown view '%1' (tables, associations, includes, schema, check, console, sqllog, "
                            "welcome on an empty database, shortcuts, manual)")
                     .arg(parser.value(view)),
             false);
        return 2;
    }
    window.show();
    if (!gui) {
        stageView(window, parser.value(view));
        if (parser.isSet(consoleExpression)) {
            window.console()->input()->setText(parser.value(consoleExpression));
            emit window.console()->input()->returnPressed();
        }
        return saveScreenshot(window, parser.value(view), parser.value(shot), shown.elapsed());
    }
    return app.exec();
}

} // namespace grumble::ui

#include "mainwindow.h"

#include "associationpanel.h"
#include "consoledock.h"
#include "app.h"
#include "dialogs.h"
#include "helpdialogs.h"
#include "includebrowser.h"
#include "keycolumnhint.h"
#include "schemacheckview.h"
#include "schemaview.h"
#include "sqllogdock.h"
#include "valueformat.h"
#include "tablesview.h"
#include "welcome.h"
#include "wording.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeyEvent>
#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <QDockWidget>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <optional>

namespace grumble::ui {

MainWindow::MainWindow(std::unique_ptr<Session> session, QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(style()->standardIcon(QStyle::SP_DriveHDIcon));
    setDockNestingEnabled(true);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("views"));
    m_tabs->setDocumentMode(true);
    auto *central = new QWidget(this); // the read-only banner (hidden unless read-only) above the views
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    m_readOnlyBanner = new QLabel(central);
    m_readOnlyBanner->setObjectName(QStringLiteral("readOnlyBanner"));
    m_readOnlyBanner->setStyleSheet(QStringLiteral("background: #fff3cd; color: #664d03; padding: 6px;"));
    m_readOnlyBanner->hide();
    centralLayout->addWidget(m_readOnlyBanner);
    centralLayout->addWidget(m_tabs);
    setCentralWidget(central);

    m_panelDock = new QDockWidget(tr("Associations"), this);
    m_panelDock->setObjectName(QStringLiteral("associationDock"));
    addDockWidget(Qt::RightDockWidgetArea, m_panelDock);
    m_logDock = new QDockWidget(tr("SQL log"), this);
    m_logDock->setObjectName(QStringLiteral("sqlLogDock"));
    m_log = new SqlLogWidget(m_logDock);
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_consoleDock = new QDockWidget(tr("Console"), this);
    m_consoleDock->setObjectName(QStringLiteral("consoleDock"));
    m_console = new ConsoleWidget(m_consoleDock);
    m_consoleDock->setWidget(m_console);
    addDockWidget(Qt::BottomDockWidgetArea, m_consoleDock);
    tabifyDockWidget(m_logDock, m_consoleDock);
    m_logDock->raise();
    resizeDocks({ m_panelDock }, { 420 }, Qt::Horizontal);
    resizeDocks({ m_logDock }, { 200 }, Qt::Vertical);

    m_dbLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_dbLabel);

    createActions();
    setSession(std::move(session));
    resize(1360, 860);
}

MainWindow::~MainWindow()
{
    // Views hold the session; drop them first.
    m_log->attach(nullptr);
    m_console->setSession(nullptr);
    delete m_panelDock->widget();
    while (m_tabs->count())
        delete m_tabs->widget(0);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *a = file->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New database…"), this, &MainWindow::newDatabase);
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    a->setToolTip(tr("Create a SQLite database with the current schema and the demo records"));
    a = file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open database…"), this, &MainWindow::openDatabaseFile);
    a->setShortcut(QKeySequence::Open);
    file->addAction(style()->standardIcon(QStyle::SP_DriveNetIcon), tr("Connect to &PostgreSQL…"), this, &MainWindow::connectPostgres);
    file->addAction(style()->standardIcon(QStyle::SP_FileDialogInfoView), tr("Open &schema…"), this, &MainWindow::openSchema);
    a = m_syncAction = file->addAction(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("S&ync…"), this, &MainWindow::syncSchema);
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    a->setToolTip(tr("Create the schema's missing tables: shows the exact statements first, runs them in one transaction"));
    m_recentMenu = file->addMenu(style()->standardIcon(QStyle::SP_DirIcon), tr("&Recent databases"));
    file->addSeparator();
    m_importAction = file->addAction(style()->standardIcon(QStyle::SP_ArrowRight), tr("&Import Sequelize project…"), this,
                                     &MainWindow::chooseSequelizeProject);
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_importAction->setToolTip(tr("Read a Sequelize project's models with its own Sequelize (node) and use them as "
                                  "the schema of the open database"));
    m_exportAction = file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Export as Sequelize code…"),
                                     this, &MainWindow::chooseExportFolder);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportAction->setToolTip(tr("Write the schema as a Sequelize project: models/*.js, models/index.js and a migration"));
    file->addSeparator();
    m_seedAction = file->addAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Seed &demo data…"), this, &MainWindow::seedDemo);
    file->addSeparator();
    for (QAction *action : file->actions()) {
        if (!action->isSeparator() && action->menu() == nullptr)
            m_documentActions << action;
    }
    m_documentActions << m_recentMenu->menuAction();
    a = file->addAction(style()->standardIcon(QStyle::SP_DialogCloseButton), tr("&Quit"), this, &QWidget::close);
    a->setShortcut(QKeySequence::Quit);

    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = { tr("&Tables"), tr("&Associations"), tr("&Include browser"), tr("&Schema"),
                                tr("Schema &check") };
    const QStringList keys = { QStringLiteral("tables"), QStringLiteral("associations"), QStringLiteral("includes"),
                               QStringLiteral("schema"), QStringLiteral("check") };
    for (int i = 0; i < names.size(); ++i) {
        QAction *v = view->addAction(names.at(i), this, [this, k = keys.at(i)] { showView(k); });
        v->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
    }
    view->addSeparator();
    view->addAction(m_panelDock->toggleViewAction());
    view->addAction(m_logDock->toggleViewAction());
    view->addAction(m_consoleDock->toggleViewAction());
    view->addSeparator();
    view->addAction(createIsoTimestampsAction(this)); // remembered in QSettings (valueformat.h)
    m_consoleDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_QuoteLeft));
    view->addSeparator();
    a = view->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"), this, [this] {
        if (m_session)
            m_session->notifyChanged();
    });
    a->setShortcut(QKeySequence::Refresh);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    a = help->addAction(style()->standardIcon(QStyle::SP_DialogHelpButton), tr("&Manual"), this, &MainWindow::showManual);
    a->setShortcut(QKeySequence::HelpContents);
    a->setToolTip(tr("The user manual, shipped with the app"));
    a = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    a->setToolTip(tr("Every action's keys, generated from the actions"));
    help->addSeparator();
    help->addAction(tr("&About Grumble"), this, [this] {
        QMessageBox::about(this, tr("About Grumble"),
                           tr("<h3>Grumble %1</h3><p>A workbench for Sequelize-style model associations: "
                              "belongsTo, hasOne, hasMany and belongsToMany on SQLite and PostgreSQL.</p>")
                                   .arg(QApplication::applicationVersion()));
    });
    updateRecentMenu();
}

namespace {

//! The models of the schema whose table the database does not have.
QStringList missingTables(Engine &engine, QString *error)
{
    ContextScope scope(engine.connection(), QStringLiteral("tables of the schema"));
    auto existing = engine.existingTables();
    if (!existing) {
        *error = existing.error().toString();
        return {};
    }
    QStringList missing;
    for (const Model &m : engine.schema().models()) {
        if (!existing->contains(m.tableName))
            missing << m.tableName;
    }
    return missing;
}

} // namespace

void MainWindow::setSession(std::unique_ptr<Session> session)
{
    m_log->attach(nullptr);
    m_console->setSession(nullptr);
    delete m_panelDock->widget();
    m_panel = nullptr;
    const QString last = currentViewName();
    while (m_tabs->count())
        delete m_tabs->widget(0);
    m_welcome = nullptr; // deleted with the tabs
    m_tables = nullptr;
    m_includes = nullptr;
    m_schema = nullptr;
    m_check = nullptr;
    if (m_undo) {
        m_editMenu->clear();
        delete m_undo;
        delete m_redo;
        m_undo = m_redo = nullptr;
    }
    m_session = std::move(session);
    if (!m_session)
        return;
    m_log->attach(m_session->engine().connection().log());
    buildViews();
    m_console->setSession(m_session.get());
    if (!last.isEmpty() && !m_welcome) // an empty database opens on its welcome
        showView(last);
    updateTitle();
    showOpenedMessage();
    showReadOnlyState();
}

void MainWindow::showReadOnlyState()
{
    const bool readOnly = m_session->engine().isReadOnly();
    m_readOnlyBanner->setText(tr("Opened read-only: %1 is not writable").arg(m_session->engine().connection().url().path));
    m_readOnlyBanner->setVisible(readOnly);
    for (QAction *action : m_editMenu->actions() + QList<QAction *> { m_syncAction, m_seedAction }) {
        if (action != m_undo && action != m_redo)
            action->setEnabled(!readOnly); // Add row, Delete selected, Sync…, Seed demo data…
    }
    m_panel->setEnabled(!readOnly); // its Set / Add / Remove / New buttons
}

void MainWindow::showOpenedMessage()
{
    if (m_session->schemaSource() == SchemaSource::Database) {
        statusBar()->showMessage(tr("Opened as it is; schema read from the database: %1 models, %2 associations "
                                    "(View › Schema check lists how they were inferred)")
                                         .arg(m_session->schema().models().size())
                                         .arg(m_session->schema().associations().size()));
        return;
    }
    QString error;
    const QStringList missing = missingTables(m_session->engine(), &error);
    if (!missing.isEmpty()) // someone's database, opened as it is
        statusBar()->showMessage(tr("Opened as it is: the database has no table %1 of the schema "
                                    "(File › Sync… adds them)")
                                         .arg(missing.join(QStringLiteral(", "))));
}

QList<QKeySequence> MainWindow::redoKeys()
{
    // Ctrl+Shift+Z and Ctrl+Y everywhere, plus the platform's own, each once: one sequence given
    // twice to an action is an "Ambiguous shortcut overload" and then neither key does anything.
    QList<QKeySequence> keys{ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y) };
    for (const QKeySequence &k : QKeySequence::keyBindings(QKeySequence::Redo)) {
        if (!keys.contains(k))
            keys << k;
    }
    return keys;
}

void MainWindow::buildViews()
{
    Session *s = m_session.get();
    m_tables = new TablesView(s, m_tabs);
    m_includes = new IncludeBrowser(s, m_tabs);
    m_schema = new SchemaView(s, m_tabs);
    m_check = new SchemaCheckView(s, m_tabs);
    m_tabs->addTab(m_tables, style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Tables"));
    m_tabs->addTab(m_includes, style()->standardIcon(QStyle::SP_FileDialogListView), tr("Include browser"));
    m_tabs->addTab(m_schema, style()->standardIcon(QStyle::SP_FileDialogInfoView), tr("Schema"));
    m_tabs->addTab(m_check, style()->standardIcon(QStyle::SP_MessageBoxWarning), tr("Schema check"));
    m_tabs->setTabToolTip(0, tr("Every model and join table (Ctrl+1)"));
    m_tabs->setTabToolTip(1, tr("findAll with nested includes (Ctrl+3)"));
    m_tabs->setTabToolTip(2, tr("The models, join tables and associations (Ctrl+4)"));
    m_tabs->setTabToolTip(3, tr("What differs between the schema and the database, and what it means (Ctrl+5)"));
    m_panel = new AssociationPanel(s, m_panelDock);
    m_panelDock->setWidget(m_panel);
    connect(m_tables, &TablesView::currentRecordChanged, m_panel, &AssociationPanel::setRecord);
    for (const QString &model : m_tables->modelNames()) {
        RecordTableView *table = m_tables->tableFor(model);
        table->installEventFilter(this); // Tab: on to the panel
        connect(KeyColumnHint::watch(table, s->schema()), &KeyColumnHint::message, this,
                [this](const QString &why) { statusBar()->showMessage(why, 15000); });
    }
    connect(m_panel, &AssociationPanel::recordActivated, this, [this](const RecordRef &ref) {
        m_tabs->setCurrentWidget(m_tables);
        if (!m_tables->selectRecord(ref))
            m_panel->setRecord(ref);
    });
    connect(m_includes, &IncludeBrowser::recordActivated, m_panel, &AssociationPanel::setRecord);
    connect(m_schema, &SchemaView::exported, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Saved the diagram to %1").arg(QDir::toNativeSeparators(path)), 15000);
    });
    connect(s, &Session::message, this, [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(s, &Session::errorOccurred, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(s, &Session::databaseChangedExternally, this, [this] {
        statusBar()->showMessage(tr("Another program changed the database; the views were re-read"), 6000);
    });
    connect(qApp, &QGuiApplication::applicationStateChanged, s, [s](Qt::ApplicationState state) {
        if (state == Qt::ApplicationActive)
            s->checkForExternalChanges();
    });

    m_undo = s->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_redo = s->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcuts(redoKeys());
    m_redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_editMenu->addAction(m_undo);
    m_editMenu->addAction(m_redo);
    m_editMenu->addSeparator();
    QAction *add = m_editMenu->addAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("&Add row"), m_tables, &TablesView::addRow);
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    QAction *del = m_editMenu->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete selected"), m_tables, &TablesView::deleteSelected);
    del->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    m_panel->setRecord(m_tables->currentRecord());
    if (m_session->isFresh()) {
        auto rows = m_session->hasRows();
        if (rows && !*rows)
            showWelcome();
    }
}

void MainWindow::showWelcome()
{
    auto url = DatabaseUrl::parse(m_session->url());
    m_welcome = new WelcomeWidget(url ? url->display() : m_session->url(), m_tabs);
    m_tabs->insertTab(0, m_welcome, style()->standardIcon(QStyle::SP_DialogHelpButton), tr("Welcome"));
    m_tabs->setCurrentWidget(m_welcome);
    connect(m_welcome, &WelcomeWidget::openRequested, this, &MainWindow::openDatabaseFile);
    connect(m_welcome, &WelcomeWidget::importRequested, this, &MainWindow::chooseSequelizeProject);
    connect(m_welcome, &WelcomeWidget::demoRequested, this, &MainWindow::tryTheDemo);
}

void MainWindow::closeWelcome()
{
    if (!m_welcome)
        return;
    delete m_welcome;
    m_welcome = nullptr;
}

void MainWindow::tryTheDemo()
{
    if (auto r = m_session->seedExample(); !r) {
        QMessageBox::warning(this, tr("Try the demo"), r.error().toString());
        return;
    }
    closeWelcome();
    showView(QStringLiteral("associations"));
    statusBar()->showMessage(tr("Added the demo records: 4 owners, 6 pugs, 4 friends and their friendships"), 8000);
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog d(this, this);
    d.exec();
}

void MainWindow::showManual()
{
    auto *d = new ManualDialog(this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->show();
}

void MainWindow::updateTitle()
{
    if (!m_session)
        return;
    auto url = DatabaseUrl::parse(m_session->url());
    const QString shown = url ? url->display() : m_session->url();
    setWindowTitle(tr("%1 — Grumble").arg(shown));
    QString label = QStringLiteral("%1 · %2 · %3 models").arg(m_session->engine().dialect().name(), shown)
                            .arg(m_session->schema().models().size());
    if (m_session->schemaSource() == SchemaSource::Database)
        label += tr(" · schema read from the database");
    m_dbLabel->setText(label);
}

bool MainWindow::showView(const QString &name)
{
    if (!m_tables)
        return false;
    if (name == QLatin1String("tables")) {
        m_tabs->setCurrentWidget(m_tables);
    } else if (name == QLatin1String("associations")) {
        // The panel edits the record current in the tables or in the include browser.
        if (m_tabs->currentWidget() != m_includes)
            m_tabs->setCurrentWidget(m_tables);
        m_panelDock->show();
        m_panelDock->raise();
        if (!m_panel->record().isValid()) {
            // Something to look at: the first pug (or the first record of the first model).
            const QString model = m_session->schema().model(QStringLiteral("pug")) ? QStringLiteral("pug")
                                                                                   : m_tables->modelNames().value(0);
            m_tables->showModel(model);
            if (RecordTableView *t = m_tables->tableFor(model); t && t->model()->rowCount() > 0) {
                t->selectRow(0);
                m_panel->setRecord(t->currentRecord());
            }
        }
        m_panel->focusFirstBox(); // the keys (Tab, Alt+S, Alt+A…) work from here
    } else if (name == QLatin1String("welcome") && m_welcome) {
        m_tabs->setCurrentWidget(m_welcome);
    } else if (name == QLatin1String("includes")) {
        m_tabs->setCurrentWidget(m_includes);
    } else if (name == QLatin1String("schema")) {
        m_tabs->setCurrentWidget(m_schema);
    } else if (name == QLatin1String("check")) {
        m_tabs->setCurrentWidget(m_check);
    } else if (name == QLatin1String("console")) {
        m_consoleDock->show();
        m_consoleDock->raise();
        resizeDocks({ m_consoleDock }, { height() / 2 }, Qt::Vertical);
        m_console->input()->setFocus();
    } else if (name == QLatin1String("sqllog")) {
        m_tabs->setCurrentWidget(m_tables);
        m_logDock->show();
        m_logDock->raise();
        resizeDocks({ m_logDock }, { height() / 2 }, Qt::Vertical);
    } else {
        return false;
    }
    return true;
}

QString MainWindow::currentViewName() const
{
    QWidget *w = m_tabs ? m_tabs->currentWidget() : nullptr;
    if (!w)
        return QString();
    if (w == m_includes)
        return QStringLiteral("includes");
    if (w && w == m_welcome)
        return QStringLiteral("welcome");
    if (w == m_schema)
        return QStringLiteral("schema");
    if (w == m_check)
        return QStringLiteral("check");
    return QStringLiteral("tables");
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (!m_welcome)
        showView(s.value(QStringLiteral("window/view"), QStringLiteral("tables")).toString());
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/view"), currentViewName());
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && m_panel && m_panelDock->isVisible()
        && qobject_cast<RecordTableView *>(watched)) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier && m_panel->focusFirstBox())
            return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!property("noSettings").toBool())
        saveSettings();
    event->accept();
}

void MainWindow::addRecent(const QString &url)
{
    QSettings s;
    QStringList recent = s.value(QStringLiteral("recentDatabases")).toStringList();
    recent.removeAll(url);
    recent.prepend(url);
    s.setValue(QStringLiteral("recentDatabases"), recent.mid(0, 10));
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentDatabases")).toStringList();
    for (const QString &url : recent) {
        auto parsed = DatabaseUrl::parse(url);
        m_recentMenu->addAction(parsed ? parsed->display() : url, this, [this, url] { openDatabase(url); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

bool MainWindow::openDatabase(const QString &url, const QString &schemaFile)
{
    std::optional<Schema> schema;
    if (!schemaFile.isEmpty()) {
        auto s = Schema::fromFile(schemaFile);
        if (!s) {
            QMessageBox::warning(this, tr("Open schema"), tr("Could not load %1:\n%2").arg(schemaFile, s.error().toString()));
            return false;
        }
        schema = std::move(*s);
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto session = schema ? Session::open(url, std::move(*schema)) : Session::openIntrospected(url);
    QApplication::restoreOverrideCursor();
    if (!session) {
        QMessageBox::warning(this, tr("Open database"), tr("Could not open %1:\n%2").arg(url, session.error().toString()));
        return false;
    }
    m_schemaFile = schemaFile;
    m_importedSchema.reset();
    setSession(std::move(*session));
    addRecent(url);
    rememberLastDatabase(url);
    updateRecentMenu();
    if (!statusBar()->currentMessage().contains(tr("as it is")))
        statusBar()->showMessage(tr("Opened %1").arg(url), 5000);
    return true;
}

void MainWindow::syncSchema()
{
    if (!m_session)
        return;
    QString error;
    const QStringList missing = missingTables(m_session->engine(), &error);
    if (!error.isEmpty() || missing.isEmpty()) {
        QMessageBox::information(this, tr("Sync"),
                                 error.isEmpty() ? tr("Every table of the schema exists: there is nothing to create. Sync "
                                                      "never alters existing tables; View › Schema check lists the "
                                                      "other differences.")
                                                 : error);
        return;
    }
    auto statements = m_session->syncStatements(); // pretend mode: what sync() will run, run nothing
    if (!statements) {
        QMessageBox::warning(this, tr("Sync"), statements.error().toString());
        return;
    }
    QMessageBox ask(QMessageBox::Question, tr("Sync"),
                    tr("Create %n table(s) in %1: %2?", nullptr, int(missing.size()))
                            .arg(m_session->url(), missing.join(QStringLiteral(", "))),
                    QMessageBox::Ok | QMessageBox::Cancel, this);
    ask.button(QMessageBox::Ok)->setText(tr("Run %n statement(s)", nullptr, int(statements->size())));
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.setInformativeText(tr("The exact statements are under Show Details, in one transaction; CREATE TABLE IF "
                              "NOT EXISTS leaves the tables that exist as they are. Nothing else changes."));
    ask.setDetailedText(statements->join(QStringLiteral(";\n")) + QLatin1Char(';'));
    if (ask.exec() != QMessageBox::Ok)
        return;
    if (auto r = m_session->syncSchema(); !r) {
        QMessageBox::warning(this, tr("Sync"), r.error().toString());
        return;
    }
    setSession(std::move(m_session)); // the same database (also :memory:), every view rebuilt
    statusBar()->showMessage(tr("Created %1").arg(missing.join(QStringLiteral(", "))), 5000);
}

void MainWindow::newDatabase()
{
    const QString f = QFileDialog::getSaveFileName(this, tr("New database"), QStringLiteral("grumble.sqlite"),
                                                   tr("SQLite databases (*.sqlite *.db);;All files (*)"));
    if (!f.isEmpty())
        createDatabase(f);
}

bool MainWindow::createDatabase(const QString &file)
{
    if (QFileInfo::exists(file) && !QFile::remove(file)) {
        QMessageBox::warning(this, tr("New database"), tr("Could not replace %1.").arg(file));
        return false;
    }
    if (!openWithCurrentSchema(file))
        return false;
    if (!m_session->isFresh() || !m_session->schema().model(QStringLiteral("pug")))
        return true;
    QMessageBox ask(QMessageBox::Question, tr("New database"),
                    tr("Fill %1 with the demo records?").arg(QFileInfo(file).fileName()),
                    QMessageBox::Yes | QMessageBox::No, this);
    ask.setObjectName(QStringLiteral("askDemo"));
    ask.setInformativeText(tr("4 owners, 6 pugs, 4 friends and their friendships. No leaves the tables empty."));
    ask.button(QMessageBox::Yes)->setText(tr("Add the demo records"));
    ask.button(QMessageBox::No)->setText(tr("Leave it empty"));
    ask.setDefaultButton(QMessageBox::No);
    if (ask.exec() == QMessageBox::Yes)
        tryTheDemo();
    return true;
}

void MainWindow::openDatabaseFile()
{
    const QString f = QFileDialog::getOpenFileName(this, tr("Open database"), QString(),
                                                   tr("SQLite databases (*.sqlite *.db *.sqlite3);;All files (*)"));
    if (!f.isEmpty())
        openWithCurrentSchema(f);
}

void MainWindow::connectPostgres()
{
    PgConnectionDialog d(this);
    if (d.exec() == QDialog::Accepted)
        openWithCurrentSchema(d.url());
}

void MainWindow::openSchema()
{
    const QString f = QFileDialog::getOpenFileName(this, tr("Open schema"), QString(), tr("Grumble schemas (*.json)"));
    if (!f.isEmpty() && m_session)
        openDatabase(m_session->url(), f);
}

namespace {

//! "Added 12,000 of 250,000 owners (120,345 rows) · about 1 min 20 s left".
QString seedProgressText(qint64 done, qint64 total, qint64 rows, qint64 elapsedMs)
{
    const QLocale locale;
    QString text = QObject::tr("Added %1 of %2 (%3)")
                           .arg(locale.toString(done), countOf(total, QObject::tr("owner"), QObject::tr("owners")),
                                countOf(rows, QObject::tr("row"), QObject::tr("rows")));
    if (done > 0 && done < total) {
        const qint64 leftS = (elapsedMs * (total - done) / done + 999) / 1000;
        text += leftS >= 60 ? QObject::tr(" · about %1 min %2 s left").arg(leftS / 60).arg(leftS % 60)
                            : QObject::tr(" · about %1 s left").arg(leftS);
    }
    return text + QObject::tr("\nOne transaction: Cancel rolls every row of this seed back.");
}

//! Makes `window` active again with the keyboard on `focused`: a window-modal progress dialog that
//! was shown (a seed longer than its 300 ms, e.g. on PostgreSQL) may leave no active window behind
//! when it hides (the offscreen platform, X11 without a window manager), and then Ctrl+Z and
//! every other shortcut of the window silently did nothing.
void giveKeyboardBack(QWidget *window, QWidget *focused)
{
    window->activateWindow();
    if (focused && focused->window() == window && focused->isVisible())
        focused->setFocus(Qt::ActiveWindowFocusReason);
}

} // namespace

void MainWindow::seedDemo()
{
    if (!m_session)
        return;
    bool ok = false;
    const int owners = QInputDialog::getInt(this, tr("Seed demo data"),
                                            tr("Owners to add (each with about three pugs, a friend and friendships):"),
                                            1000, 1, 1000000, 1000, &ok);
    if (ok)
        seedDemoOwners(owners);
}

void MainWindow::seedDemoOwners(int owners)
{
    const QPointer<QWidget> focused = focusWidget();
    QProgressDialog progress(seedProgressText(0, owners, 0, 0), tr("Cancel"), 0, owners, this);
    progress.setObjectName(QStringLiteral("seedProgress"));
    progress.setWindowTitle(tr("Seed demo data"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    QElapsedTimer clock;
    clock.start();
    bool canceled = false;
    auto r = m_session->seedDemo(owners, [&](qint64 done, qint64 total, qint64 rows) {
        progress.setValue(int(done));
        progress.setLabelText(seedProgressText(done, total, rows, clock.elapsed()));
        QApplication::processEvents();
        canceled = progress.wasCanceled();
        return !canceled;
    });
    progress.reset();
    progress.hide();
    giveKeyboardBack(this, focused);
    if (!r)
        QMessageBox::warning(this, tr("Seed demo data"), r.error().toString());
    else if (canceled)
        statusBar()->showMessage(tr("Seeding canceled: nothing was added (its transaction was rolled back)"), 15000);
    else
        statusBar()->showMessage(tr("Added %1 demo rows for %2 in one transaction")
                                         .arg(QLocale().toString(*r), countOf(owners, tr("owner"), tr("owners"))),
                                 15000);
}

} // namespace grumble::ui

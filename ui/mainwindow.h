#pragma once

#include "session.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QTabWidget;
class QDockWidget;
class QLabel;
class QMenu;

namespace grumble {
class SequelizeImport;
}

namespace grumble::ui {

class TablesView;
class AssociationPanel;
class IncludeBrowser;
class SchemaView;
class SchemaCheckView;
class SqlLogWidget;
class ConsoleWidget;
class WelcomeWidget;

//! The main window: the views as tabs, the association panel, SQL log and console as docks.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum View { TablesTab, IncludesTab, SchemaTab, CheckTab };

    explicit MainWindow(std::unique_ptr<Session> session, QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session.get(); }
    TablesView *tables() const { return m_tables; }
    AssociationPanel *associationPanel() const { return m_panel; }
    IncludeBrowser *includeBrowser() const { return m_includes; }
    SchemaView *schemaView() const { return m_schema; }
    SchemaCheckView *schemaCheckView() const { return m_check; }
    SqlLogWidget *sqlLog() const { return m_log; }
    ConsoleWidget *console() const { return m_console; }

    //! Replaces the open database (and every view).
    void setSession(std::unique_ptr<Session> session);
    //! "tables", "associations", "includes", "schema", "check", "console" or "sqllog"; false for an
    //! unknown name.
    bool showView(const QString &name);
    QString currentViewName() const;
    //! Reads and writes geometry, dock layout, recent files and the last view.
    void restoreSettings();
    void saveSettings() const;
    //! Opens a database URL with a schema file; without one (""), an empty database gets the pugs
    //! demo and a database with tables the schema read from it (Session::openIntrospected). Shows errors.
    bool openDatabase(const QString &url, const QString &schemaFile = QString());
    static void addRecent(const QString &url);
    //! File › Sync… (Ctrl+Shift+Y): shows the exact statements sync() will run (pretend mode:
    //! BEGIN, CREATE TABLE IF NOT EXISTS ..., COMMIT) for the schema's tables the database lacks,
    //! runs them on OK in one transaction, then rebuilds the views; Cancel changes nothing.
    void syncSchema();

    //! File › Import Sequelize project… (Ctrl+Shift+I) without the file picker: runs the project's own
    //! Sequelize with node (SequelizeImport) under a progress dialog (node's stderr lines as they come,
    //! Cancel kills node), then reopens the open database with the imported schema as --schema would
    //! (nothing written to a database that has tables; missing tables are reported and File › Sync…
    //! creates them) and lists what Grumble does not honour. `path` is a models/ folder with index.js
    //! or a .js/.cjs/.mjs file. Errors in a message box. True when the schema was applied.
    bool importSequelizeProject(const QString &path);
    //! The import running under the progress dialog (nullptr when none runs).
    SequelizeImport *runningImport() const { return m_import; }
    //! File › Export as Sequelize code… (Ctrl+Shift+E) without the folder picker: writes
    //! exportSequelizeProject() of the open schema under `folder`; files that exist are overwritten only
    //! when the user confirms in a dialog listing them. True when the files were written.
    bool exportSequelizeCode(const QString &folder);
    //! File › New database… without the file picker: replaces `file` with an empty database of the
    //! current schema, then asks (Yes/No, No the default) whether to fill it with the demo records.
    bool createDatabase(const QString &file);
    //! File › Seed demo data… without the count dialog: `owners` owners in one transaction under a
    //! progress dialog (counts and time left); Cancel rolls the seed back and the status says so.
    void seedDemoOwners(int owners);
    //! The welcome page an empty database shows (nullptr when none).
    WelcomeWidget *welcome() const { return m_welcome; }
    //! Help › Keyboard shortcuts (Ctrl+/), Help › Manual (F1).
    void showShortcuts();
    void showManual();
    //! The redo action's keys: Ctrl+Shift+Z, Ctrl+Y and the platform's, each once.
    static QList<QKeySequence> redoKeys();

protected:
    void closeEvent(QCloseEvent *event) override;
    //! Tab in a table goes to the Associations panel's first button (a table keeps no Tab for itself).
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void buildViews();
    void updateTitle();
    void showOpenedMessage();
    //! A read-only database (Engine::isReadOnly): the banner says why, editing actions are disabled.
    void showReadOnlyState();
    void updateRecentMenu();
    void newDatabase();
    void openDatabaseFile();
    void connectPostgres();
    void openSchema();
    void seedDemo();
    void showWelcome();
    void closeWelcome();
    //! The welcome's Try the demo: the example records, then the tables and the panel.
    void tryTheDemo();
    void chooseSequelizeProject();
    void chooseExportFolder();
    bool runImport(const QString &path);
    void showImportFailure(const SequelizeImport &import);
    bool applyImportedSchema(const QString &path, const SequelizeImport &import);
    //! Opens `url` with the schema the user chose last (a schema file or an imported project).
    bool openWithCurrentSchema(const QString &url);

    std::unique_ptr<Session> m_session;
    QString m_schemaFile;
    std::optional<Schema> m_importedSchema; //!< the schema of the last imported Sequelize project
    SequelizeImport *m_import = nullptr;
    QList<QAction *> m_documentActions; //!< disabled while an import runs
    QAction *m_importAction = nullptr;
    QAction *m_exportAction = nullptr;
    QTabWidget *m_tabs = nullptr;
    WelcomeWidget *m_welcome = nullptr;
    TablesView *m_tables = nullptr;
    IncludeBrowser *m_includes = nullptr;
    SchemaView *m_schema = nullptr;
    SchemaCheckView *m_check = nullptr;
    AssociationPanel *m_panel = nullptr;
    SqlLogWidget *m_log = nullptr;
    ConsoleWidget *m_console = nullptr;
    QDockWidget *m_panelDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    QDockWidget *m_consoleDock = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QLabel *m_dbLabel = nullptr;
    QLabel *m_readOnlyBanner = nullptr;
    QAction *m_syncAction = nullptr;
    QAction *m_seedAction = nullptr;
};

} // namespace grumble::ui

#pragma once

#include "session.h"

#include <QMainWindow>

#include <memory>

class QTabWidget;
class QDockWidget;
class QLabel;
class QMenu;

namespace grumble::ui {

class TablesView;
class AssociationPanel;
class IncludeBrowser;
class SchemaView;
class SqlLogWidget;
class ConsoleWidget;

//! The main window: the views as tabs, the association panel, SQL log and console as docks.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum View { TablesTab, IncludesTab, SchemaTab };

    explicit MainWindow(std::unique_ptr<Session> session, QWidget *parent = nullptr);
    ~MainWindow() override;

    Session *session() const { return m_session.get(); }
    TablesView *tables() const { return m_tables; }
    AssociationPanel *associationPanel() const { return m_panel; }
    IncludeBrowser *includeBrowser() const { return m_includes; }
    SchemaView *schemaView() const { return m_schema; }
    SqlLogWidget *sqlLog() const { return m_log; }
    ConsoleWidget *console() const { return m_console; }

    //! Replaces the open database (and every view).
    void setSession(std::unique_ptr<Session> session);
    //! "tables", "associations", "includes", "schema", "console" or "sqllog"; false for an unknown name.
    bool showView(const QString &name);
    QString currentViewName() const;
    //! Reads and writes geometry, dock layout, recent files and the last view.
    void restoreSettings();
    void saveSettings() const;
    //! Opens a database URL with a schema file ("" for the pugs schema); shows errors.
    bool openDatabase(const QString &url, const QString &schemaFile = QString());
    static void addRecent(const QString &url);
    //! File › Create missing tables…: shows the CREATE statements of the schema's tables the
    //! database lacks, runs them on Yes (one transaction), then rebuilds the views.
    void createMissingTables();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void buildViews();
    void updateTitle();
    void updateRecentMenu();
    void newDatabase();
    void openDatabaseFile();
    void connectPostgres();
    void openSchema();
    void seedDemo();

    std::unique_ptr<Session> m_session;
    QString m_schemaFile;
    QTabWidget *m_tabs = nullptr;
    TablesView *m_tables = nullptr;
    IncludeBrowser *m_includes = nullptr;
    SchemaView *m_schema = nullptr;
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
};

} // namespace grumble::ui

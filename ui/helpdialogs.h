#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>

class QTextBrowser;
class QTreeWidget;
class QAction;

namespace grumble::ui {

//! One line of Help › Keyboard shortcuts: where the keys work, what they do, the keys.
struct ShortcutEntry
{
    QString scope; //!< "File", "Edit", "Association panel (focus in a box)", ...
    QString action; //!< the action's text without mnemonics and dots ("Import Sequelize project")
    QList<QKeySequence> keys;
    const QAction *source = nullptr;
};

//! Every action of `window` that has a key: the menus in menu order (scope = the menu's title,
//! submenus as "View › Docks"), then the actions of the widgets inside it (scope = the action's
//! "shortcutScope" property, else the widget's accessible name); one entry per scope and text.
QList<ShortcutEntry> shortcutEntries(QWidget *window);

//! Help › Keyboard shortcuts: shortcutEntries() of a window as a table, generated from the actions.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget *window, QWidget *parent = nullptr);
    QTreeWidget *table() const { return m_table; }

private:
    QTreeWidget *m_table;
};

//! The user manual (docs/manual.md, compiled into the app) as Markdown.
QString manualMarkdown();

//! Help › Manual: manualMarkdown() in a QTextBrowser with its headings as links.
class ManualDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ManualDialog(QWidget *parent = nullptr);
    QTextBrowser *browser() const { return m_browser; }

private:
    QTextBrowser *m_browser;
};

} // namespace grumble::ui

#include "helpdialogs.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTextBlockFormat>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace grumble::ui {

namespace {

QString plainText(const QAction *a)
{
    QString t = a->text();
    t.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    if (t.endsWith(QChar(0x2026)))
        t.chop(1);
    return t.trimmed();
}

void addMenu(QList<ShortcutEntry> &out, QSet<const QAction *> &seen, const QMenu *menu,
             const QString &scope)
{
    for (QAction *a : menu->actions()) {
        seen.insert(a);
        if (a->menu()) {
            addMenu(out, seen, a->menu(), scope + QStringLiteral(" › ") + plainText(a));
            continue;
        }
        if (!a->isSeparator() && !a->shortcuts().isEmpty())
            out << ShortcutEntry{ scope, plainText(a), a->shortcuts(), a };
    }
}

QString scopeOf(const QAction *a)
{
    const QString named = a->property("shortcutScope").toString();
    if (!named.isEmpty())
        return named;
    // The tab the action's widget is on ("Schema" for the diagram's zoom, "Tables" for Delete).
    for (const QWidget *w = a->parentWidget(); w; w = w->parentWidget()) {
        if (!w->accessibleName().isEmpty())
            return w->accessibleName();
        const auto *tabs = w->parentWidget() ? qobject_cast<const QTabWidget *>(w->parentWidget()->parentWidget()) : nullptr;
        if (tabs && tabs->indexOf(const_cast<QWidget *>(w)) >= 0)
            return tabs->tabText(tabs->indexOf(const_cast<QWidget *>(w))).remove(QLatin1Char('&'));
    }
    return QString();
}

} // namespace

QList<ShortcutEntry> shortcutEntries(QWidget *window)
{
    QList<ShortcutEntry> out;
    QSet<const QAction *> seen;
    if (auto *main = qobject_cast<QMainWindow *>(window)) {
        for (QAction *top : main->menuBar()->actions()) {
            seen.insert(top);
            if (top->menu())
                addMenu(out, seen, top->menu(), plainText(top));
        }
    }
    QSet<QString> listed;
    for (QAction *a : window->findChildren<QAction *>()) {
        if (seen.contains(a) || a->shortcuts().isEmpty())
            continue;
        const ShortcutEntry e{ scopeOf(a), plainText(a), a->shortcuts(), a };
        const QString key = e.scope + QLatin1Char('\n') + e.action;
        if (listed.contains(key))
            continue; // the same action of another association box
        listed.insert(key);
        out << e;
    }
    return out;
}

ShortcutsDialog::ShortcutsDialog(QWidget *window, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("shortcuts"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHeaderLabels({ tr("Keys"), tr("Action"), tr("Where") });
    for (const ShortcutEntry &e : shortcutEntries(window)) {
        QStringList keys;
        for (const QKeySequence &k : e.keys)
            keys << k.toString(QKeySequence::NativeText);
        auto *item = new QTreeWidgetItem(m_table,
                                         { keys.join(QStringLiteral(", ")), e.action, e.scope });
        item->setToolTip(1, e.source ? e.source->toolTip() : QString());
    }
    for (int c = 0; c < 3; ++c)
        m_table->resizeColumnToContents(c);
    layout->addWidget(m_table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 560);
}

QString manualMarkdown()
{
    QFile f(QStringLiteral(":/grumble/manual.md"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("# Grumble\n\nThe manual is missing from this build (resource "
                              ":/grumble/manual.md).");
    return QString::fromUtf8(f.readAll());
}

ManualDialog::ManualDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("manualDialog"));
    setWindowTitle(tr("Grumble manual"));
    auto *layout = new QVBoxLayout(this);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("manual"));
    m_browser->setOpenExternalLinks(true);
    m_browser->setMarkdown(manualMarkdown());
    // Long example lines (JSON, notes) wrap instead of widening the whole page to scroll sideways.
    QTextCursor all(m_browser->document());
    all.select(QTextCursor::Document);
    QTextBlockFormat wrapping;
    wrapping.setNonBreakableLines(false);
    all.mergeBlockFormat(wrapping);
    layout->addWidget(m_browser);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 720);
}

} // namespace grumble::ui

#include "consoledock.h"

#include "resulttreemodel.h"
#include "resultvaluedelegate.h"

#include <QCompleter>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStringListModel>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

namespace grumble::ui {

void HistoryLineEdit::addHistory(const QString &line)
{
    if (!line.isEmpty() && (m_history.isEmpty() || m_history.last() != line))
        m_history << line;
    m_pos = int(m_history.size());
}

void HistoryLineEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Up && !m_history.isEmpty()) {
        m_pos = qMax(0, m_pos - 1);
        setText(m_history.at(m_pos));
        return;
    }
    if (event->key() == Qt::Key_Down && !m_history.isEmpty()) {
        m_pos = qMin(int(m_history.size()), m_pos + 1);
        setText(m_pos < m_history.size() ? m_history.at(m_pos) : QString());
        return;
    }
    QLineEdit::keyPressEvent(event);
}

ConsoleWidget::ConsoleWidget(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *row = new QHBoxLayout;
    m_input = new HistoryLineEdit(this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setPlaceholderText(QStringLiteral("Pug#1.setOwner(Owner#1)    Owner.findAll({\"include\": [{\"model\": \"Pug\"}]})"));
    m_input->setToolTip(tr("A grumble eval expression; Up/Down walk the history, Return runs it"));
    auto *run = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), this);
    row->addWidget(new QLabel(QStringLiteral("›"), this));
    row->addWidget(m_input, 1);
    row->addWidget(run);
    layout->addLayout(row);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_model = new ResultTreeModel(this);
    m_tree = new QTreeView(split);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->resizeSection(0, 200);
    ResultValueDelegate::install(m_tree); // timestamps and NULL as the tables show them
    m_json = new QPlainTextEdit(split);
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(split, 1);
    auto go = [this] {
        const QString text = m_input->text().trimmed();
        if (text.isEmpty())
            return;
        m_input->addHistory(text);
        if (evaluate(text))
            m_input->clear();
    };
    connect(m_input, &QLineEdit::returnPressed, this, go);
    connect(run, &QPushButton::clicked, this, go);
}

void ConsoleWidget::setSession(Session *session)
{
    m_session = session;
    m_model->clear();
    m_json->clear();
    if (!session)
        return;
    auto *completer = new QCompleter(session->completions(), m_input);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_input->setCompleter(completer);
    m_status->setText(tr("<span style='color:gray'>Type an expression: Model.create({…}), Model#pk.accessor(args), Model.findAll({…}).</span>"));
}

QByteArray indentJson(const QByteArray &compact)
{
    QByteArray out;
    out.reserve(compact.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&] { out += '\n' + QByteArray(4 * depth, ' '); };
    for (int i = 0; i < compact.size(); ++i) {
        const char ch = compact.at(i);
        if (inString) {
            out += ch;
            if (ch == '\\' && i + 1 < compact.size())
                out += compact.at(++i);
            else if (ch == '"')
                inString = false;
            continue;
        }
        const bool empty = (ch == '{' || ch == '[') && i + 1 < compact.size()
                && (compact.at(i + 1) == '}' || compact.at(i + 1) == ']');
        if (empty) {
            out += ch;
            out += compact.at(++i);
        } else if (ch == '{' || ch == '[') {
            out += ch;
            ++depth;
            newline();
        } else if (ch == '}' || ch == ']') {
            --depth;
            newline();
            out += ch;
        } else if (ch == ',') {
            out += ch;
            newline();
        } else {
            out += ch;
            if (ch == ':')
                out += ' ';
            else if (ch == '"')
                inString = true;
        }
    }
    return out;
}

QString ConsoleWidget::jsonText() const
{
    return m_json->toPlainText();
}

bool ConsoleWidget::evaluate(const QString &expression)
{
    if (!m_session)
        return false;
    auto r = m_session->evaluate(expression);
    if (!r) {
        m_status->setText(QStringLiteral("<span style='color:#b00'><b>%1</b>: %2</span>")
                                  .arg(r.error().kindName(), r.error().message.toHtmlEscaped()));
        return false;
    }
    m_model->setResult(*r);
    // Indented here rather than by QJsonDocument, which would sort the keys: Sequelize's order stays.
    m_json->setPlainText(QString::fromUtf8(indentJson(toJson(*r))));
    m_status->setText(QStringLiteral("<span style='color:#070'>✓</span> <code>%1</code>").arg(expression.toHtmlEscaped()));
    m_tree->expandToDepth(0);
    return true;
}

} // namespace grumble::ui

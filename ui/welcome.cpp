#include "welcome.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace grumble::ui {

WelcomeWidget::WelcomeWidget(const QString &databaseName, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcome"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(48, 32, 48, 32);
    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setMaximumWidth(760);
    text->setText(
            tr("<h2>Welcome to Grumble</h2>"
               "<p><b>%1</b> is empty. Grumble shows and edits the associations of Sequelize-style "
               "models "
               "(belongsTo, hasOne, hasMany, belongsToMany) in a SQLite or PostgreSQL database.</p>"
               "<ul>"
               "<li><b>Tables</b> (Ctrl+1): every model and join table; select a row to see its "
               "associations "
               "in the <b>Associations</b> panel (Ctrl+2), where Set…, Add…, Remove and New… call "
               "the "
               "generated accessors (setOwner, addFriends…). Ctrl+Z undoes each one.</li>"
               "<li><b>Include browser</b> (Ctrl+3): tick associations to build a findAll with "
               "nested includes "
               "and see its tree, its JSON and the SQL it ran.</li>"
               "<li><b>Schema</b> (Ctrl+4): the models and associations as a diagram; <b>Schema "
               "check</b> "
               "(Ctrl+5): what differs between the schema and the database.</li>"
               "<li>The <b>SQL log</b> and the <b>Console</b> (Ctrl+`, the grumble eval language) "
               "are docked "
               "below.</li>"
               "</ul>"
               "<p>Help › Manual (F1) explains the rest; Help › Keyboard shortcuts lists every "
               "key.</p>")
                    .arg(databaseName.toHtmlEscaped()));
    outer->addWidget(text);
    auto *row = new QHBoxLayout;
    m_open = new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton),
                             tr("Open your database…"), this);
    m_open->setObjectName(QStringLiteral("welcomeOpen"));
    m_open->setToolTip(tr("A SQLite file; it is opened as it is, with the schema read from it"));
    m_import = new QPushButton(style()->standardIcon(QStyle::SP_ArrowRight),
                               tr("Import Sequelize project…"), this);
    m_import->setObjectName(QStringLiteral("welcomeImport"));
    m_import->setToolTip(tr("Read your project's models with its own Sequelize (needs node)"));
    m_demo = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Try the demo"), this);
    m_demo->setObjectName(QStringLiteral("welcomeDemo"));
    m_demo->setToolTip(tr("Fill this database with the pugs demo: 4 owners, 6 pugs, 4 friends and "
                          "their friendships"));
    m_demo->setDefault(true);
    for (QPushButton *b : { m_open, m_import, m_demo }) {
        b->setMinimumHeight(36);
        row->addWidget(b);
    }
    row->addStretch();
    outer->addLayout(row);
    outer->addStretch();
    connect(m_open, &QPushButton::clicked, this, &WelcomeWidget::openRequested);
    connect(m_import, &QPushButton::clicked, this, &WelcomeWidget::importRequested);
    connect(m_demo, &QPushButton::clicked, this, &WelcomeWidget::demoRequested);
}

} // namespace grumble::ui

#include "dialogs.h"

#include "relationaltablemodel.h"
#include "sequelizeimport.h"
#include "wording.h"

#include <QDialogButtonBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <memory>

namespace grumble::ui {

namespace {

void fill(QListWidget *list, Session *session, const QString &model, const QString &text, const QVariantList &exclude = {})
{
    list->clear();
    auto rows = session->search(model, text, 500);
    if (!rows)
        return;
    const QIcon icon = list->style()->standardIcon(QStyle::SP_FileIcon);
    for (const Record &r : *rows) {
        if (exclude.contains(r.pk()))
            continue;
        auto *item = new QListWidgetItem(icon, session->displayName(r), list);
        item->setData(Qt::UserRole, r.pk());
    }
}

QVariantList keysOf(const QList<QListWidgetItem *> &items)
{
    QVariantList out;
    for (const QListWidgetItem *i : items)
        out << i->data(Qt::UserRole);
    return out;
}

} // namespace

RecordPickerDialog::RecordPickerDialog(Session *session, const QString &model, bool multiple, QWidget *parent)
    : QDialog(parent), m_session(session), m_model(model)
{
    const Model *m = session->schema().model(model);
    setWindowTitle(multiple ? tr("Choose %1").arg(m ? m->plural : model) : tr("Choose %1").arg(withArticle(m ? m->singular : model)));
    auto *layout = new QVBoxLayout(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search by %1…").arg(m ? m->displayAttribute() : QString()));
    m_search->setClearButtonEnabled(true);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("list"));
    m_list->setSelectionMode(multiple ? QAbstractItemView::ExtendedSelection : QAbstractItemView::SingleSelection);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_search);
    layout->addWidget(m_list);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
    m_refill = new QTimer(this);
    m_refill->setSingleShot(true);
    m_refill->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, m_refill, qOverload<>(&QTimer::start));
    connect(m_refill, &QTimer::timeout, this, &RecordPickerDialog::refill);
    refill();
    resize(380, 440);
}

void RecordPickerDialog::refill()
{
    m_refill->stop();
    fill(m_list, m_session, m_model, m_search->text(), m_excluded);
    const Model *m = m_session->schema().model(m_model);
    const QString singular = m ? m->singular : m_model, plural = m ? m->plural : m_model;
    QString hint = m_list->count() >= 500 ? tr("Showing the first 500 matches; type to narrow them.")
                                          : tr("%1 to choose from.").arg(countOf(m_list->count(), singular, plural));
    if (!m_excluded.isEmpty())
        hint += QLatin1Char(' ') + tr("Left out: the %1 it already has.").arg(countOf(m_excluded.size(), singular, plural));
    m_hint->setText(hint);
}

void RecordPickerDialog::setExcludedKeys(const QVariantList &keys)
{
    m_excluded = keys;
    refill();
}

void RecordPickerDialog::accept()
{
    if (m_refill->isActive()) // Enter right after typing: the list of what was typed
        refill();
    if (m_list->selectedItems().isEmpty() && m_list->count() == 1)
        m_list->item(0)->setSelected(true); // Enter on a single match chooses it
    if (m_list->selectedItems().isEmpty()) {
        const Model *m = m_session->schema().model(m_model);
        m_hint->setText(tr("<span style='color:#b00'>Select %1 first (arrow keys or a click), or Cancel.</span>")
                                .arg(withArticle(m ? m->singular : m_model)));
        return;
    }
    QDialog::accept();
}

QVariantList RecordPickerDialog::selectedKeys() const
{
    return keysOf(m_list->selectedItems());
}

void RecordPickerDialog::selectKeys(const QVariantList &keys)
{
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        const bool chosen = keys.contains(item->data(Qt::UserRole));
        if (chosen && m_list->selectedItems().isEmpty()) {
            m_list->setCurrentItem(item); // the keyboard starts from it
            m_list->scrollToItem(item);
        }
        item->setSelected(chosen);
    }
}

DualListDialog::DualListDialog(Session *session, const QString &model, const QVariantList &chosen, QWidget *parent)
    : QDialog(parent), m_session(session), m_model(model)
{
    const Model *m = session->schema().model(model);
    setWindowTitle(tr("Set %1").arg(m ? m->plural : model));
    auto *layout = new QVBoxLayout(this);
    auto *lists = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search…"));
    m_search->setClearButtonEnabled(true);
    m_available = new QListWidget(this);
    m_available->setObjectName(QStringLiteral("available"));
    m_available->setSelectionMode(QAbstractItemView::ExtendedSelection);
    left->addWidget(new QLabel(tr("Available"), this));
    left->addWidget(m_search);
    left->addWidget(m_available);
    auto *middle = new QVBoxLayout;
    auto *toRight = new QPushButton(style()->standardIcon(QStyle::SP_ArrowRight), QString(), this);
    auto *toLeft = new QPushButton(style()->standardIcon(QStyle::SP_ArrowLeft), QString(), this);
    toRight->setToolTip(tr("Add the selected records"));
    toLeft->setToolTip(tr("Remove the selected records"));
    middle->addStretch();
    middle->addWidget(toRight);
    middle->addWidget(toLeft);
    middle->addStretch();
    auto *right = new QVBoxLayout;
    m_chosen = new QListWidget(this);
    m_chosen->setObjectName(QStringLiteral("chosen"));
    m_chosen->setSelectionMode(QAbstractItemView::ExtendedSelection);
    right->addWidget(new QLabel(tr("Chosen"), this));
    right->addWidget(m_chosen);
    lists->addLayout(left);
    lists->addLayout(middle);
    lists->addLayout(right);
    layout->addLayout(lists);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(toRight, &QPushButton::clicked, this, [this] { move(m_available, m_chosen); });
    connect(toLeft, &QPushButton::clicked, this, [this] { move(m_chosen, m_available); });
    connect(m_available, &QListWidget::itemDoubleClicked, this, [this] { move(m_available, m_chosen); });
    connect(m_chosen, &QListWidget::itemDoubleClicked, this, [this] { move(m_chosen, m_available); });
    connect(m_search, &QLineEdit::textChanged, this, &DualListDialog::refillAvailable);
    setChosenKeys(chosen);
    resize(620, 440);
}

void DualListDialog::refillAvailable()
{
    fill(m_available, m_session, m_model, m_search->text(), chosenKeys());
}

void DualListDialog::move(QListWidget *from, QListWidget *to)
{
    const auto items = from->selectedItems();
    for (QListWidgetItem *i : items)
        to->addItem(from->takeItem(from->row(i)));
}

QVariantList DualListDialog::chosenKeys() const
{
    QVariantList out;
    for (int i = 0; i < m_chosen->count(); ++i)
        out << m_chosen->item(i)->data(Qt::UserRole);
    return out;
}

void DualListDialog::setChosenKeys(const QVariantList &keys)
{
    m_chosen->clear();
    const QIcon icon = style()->standardIcon(QStyle::SP_FileIcon);
    const Model *m = m_session->schema().model(m_model);
    for (const QVariant &k : keys) {
        auto *item = new QListWidgetItem(icon, m ? m_session->displayName(RecordRef::byPk(*m, k)) : k.toString(), m_chosen);
        item->setData(Qt::UserRole, k);
    }
    refillAvailable();
}

RecordFormDialog::RecordFormDialog(const Model &model, const QStringList &skip, QWidget *parent)
    : QDialog(parent), m_model(model)
{
    setWindowTitle(tr("New %1").arg(model.singular));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    for (const Attribute &a : model.attributes) {
        if (a.autoIncrement || a.timestamp || skip.contains(a.name))
            continue;
        auto *edit = new QLineEdit(this);
        edit->setObjectName(a.name);
        QString hint = attributeTypeName(a);
        if (!a.referencesModel.isEmpty())
            hint += tr(", key of a %1").arg(a.referencesModel);
        edit->setPlaceholderText(a.allowNull ? hint + tr(" (optional)") : hint);
        auto *problem = new QLabel(this);
        problem->setObjectName(a.name + QStringLiteral("Problem"));
        problem->setStyleSheet(QStringLiteral("color: #b00"));
        problem->setWordWrap(true);
        problem->hide();
        auto *field = new QVBoxLayout;
        field->setSpacing(2);
        field->addWidget(edit);
        field->addWidget(problem);
        form->addRow(a.name + QLatin1Char(':'), field);
        m_edits.insert(a.name, edit);
        m_problems.insert(a.name, problem);
        connect(edit, &QLineEdit::textEdited, problem, &QLabel::hide);
    }
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("formError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fde2e1; color: #8a1c1c; padding: 6px; }"));
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(360);
}

namespace {

//! Why `text` is not a value of `a`, or "" when it is (an empty field is null, refused when required).
QString problemWith(const Attribute &a, const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return a.allowNull || a.defaultValue.isValid() || !a.defaultSql.isEmpty() ? QString()
                                                                                  : QObject::tr("%1 is required").arg(a.name);
    bool ok = true;
    switch (a.type) {
    case DataType::Integer:
    case DataType::BigInt:
        (void)t.toLongLong(&ok);
        return ok ? QString() : QObject::tr("\"%1\" is not a whole number (%2 is %3)").arg(t, a.name, attributeTypeName(a));
    case DataType::Float:
    case DataType::Double:
        (void)t.toDouble(&ok);
        return ok ? QString() : QObject::tr("\"%1\" is not a number (%2 is %3)").arg(t, a.name, attributeTypeName(a));
    case DataType::Boolean: {
        static const QStringList words = { QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("1"),
                                           QStringLiteral("0") };
        return words.contains(t.toLower()) ? QString() : QObject::tr("%1 is true or false").arg(a.name);
    }
    case DataType::Date:
    case DataType::DateOnly:
        return QDateTime::fromString(t, Qt::ISODateWithMs).isValid() || QDate::fromString(t, Qt::ISODate).isValid()
                ? QString()
                : QObject::tr("\"%1\" is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)").arg(t);
    case DataType::String:
        return a.length > 0 && t.size() > a.length ? QObject::tr("%1 takes at most %2 characters").arg(a.name).arg(a.length)
                                                   : QString();
    default:
        return QString();
    }
}

} // namespace

bool RecordFormDialog::validate()
{
    QLineEdit *first = nullptr;
    for (const Attribute &a : m_model.attributes) {
        QLineEdit *edit = m_edits.value(a.name);
        QLabel *label = m_problems.value(a.name);
        if (!edit)
            continue;
        const QString problem = problemWith(a, edit->text());
        label->setText(problem);
        label->setVisible(!problem.isEmpty());
        if (!problem.isEmpty() && !first)
            first = edit;
    }
    if (first) {
        first->setFocus();
        first->selectAll();
    }
    return first == nullptr;
}

void RecordFormDialog::accept()
{
    m_error->hide();
    if (!validate())
        return; // the dialog stays open with what was typed
    if (m_submit) {
        auto r = m_submit(values());
        if (!r) {
            m_error->setText(r.error().message);
            m_error->show();
            return;
        }
    }
    QDialog::accept();
}

QVariantMap RecordFormDialog::values() const
{
    QVariantMap out;
    for (auto it = m_edits.begin(); it != m_edits.end(); ++it) {
        if (!it.value()->text().isEmpty())
            out.insert(it.key(), it.value()->text());
    }
    return out;
}

void RecordFormDialog::setValue(const QString &attribute, const QString &text)
{
    if (QLineEdit *e = m_edits.value(attribute))
        e->setText(text);
}

PgConnectionDialog::PgConnectionDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to PostgreSQL"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_host = new QLineEdit(QStringLiteral("localhost"), this);
    m_port = new QSpinBox(this);
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_user = new QLineEdit(qEnvironmentVariable("USER"), this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_db = new QLineEdit(QStringLiteral("grumble"), this);
    form->addRow(tr("Host:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("User:"), m_user);
    form->addRow(tr("Password:"), m_password);
    form->addRow(tr("Database:"), m_db);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString PgConnectionDialog::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("postgresql"));
    u.setHost(m_host->text());
    u.setPort(m_port->value());
    u.setUserName(m_user->text());
    if (!m_password->text().isEmpty())
        u.setPassword(m_password->text());
    u.setPath(QLatin1Char('/') + m_db->text());
    return u.toString();
}

// ---- ImportProgressDialog ----

ImportProgressDialog::ImportProgressDialog(SequelizeImport *import, const QString &projectPath, QWidget *parent)
    : QDialog(parent), m_import(import)
{
    setObjectName(QStringLiteral("importProgress"));
    setWindowTitle(tr("Import Sequelize project"));
    auto *layout = new QVBoxLayout(this);
    auto *what = new QLabel(tr("Reading the models of <b>%1</b> with the project's own Sequelize (node runs its code; "
                               "nothing connects to its database)…")
                                    .arg(QFileInfo(projectPath).absoluteFilePath().toHtmlEscaped()),
                            this);
    what->setWordWrap(true);
    layout->addWidget(what);
    auto *busy = new QProgressBar(this);
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    layout->addWidget(busy);
    m_elapsed = new QLabel(this);
    m_elapsed->setObjectName(QStringLiteral("importElapsed"));
    layout->addWidget(m_elapsed);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("importLog"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("What node writes on stderr (the loader's notes, the project's own logging) "
                                 "shows here."));
    layout->addWidget(m_log, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelImport"));
    m_cancel->setToolTip(tr("Stop node (Esc)"));
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportProgressDialog::reject);
    layout->addWidget(buttons);
    resize(620, 320);

    connect(import, &SequelizeImport::messageReceived, m_log, &QPlainTextEdit::appendPlainText);
    connect(import, &SequelizeImport::finished, this, [this] { done(Accepted); });
    connect(import, &SequelizeImport::failed, this, [this] { done(Rejected); });
    auto *clock = new QTimer(this);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    connect(clock, &QTimer::timeout, this, [this, elapsed] {
        m_elapsed->setText(tr("node has run for %1 s").arg(elapsed->elapsed() / 1000));
    });
    clock->start(250);
    m_elapsed->setText(tr("node has run for 0 s"));
}

void ImportProgressDialog::reject()
{
    if (m_import->isRunning()) {
        m_cancel->setEnabled(false);
        m_cancel->setText(tr("Stopping…"));
        m_import->cancel(); // failed() closes the dialog
        return;
    }
    QDialog::done(Rejected);
}

} // namespace grumble::ui

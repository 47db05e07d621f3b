#include "associationpanel.h"

#include "dialogs.h"
#include "relationaltablemodel.h"
#include "tablesview.h"
#include "wording.h"
#include "valueformat.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace grumble::ui {

namespace {
//! A value in the list as ValueFormat shows it; a NULL italic and greyed.
void setCellText(QTreeWidgetItem *item, int column, const QVariant &value)
{
    item->setText(column, ValueFormat::text(value));
    if (ValueFormat::isNull(value)) {
        QFont font = item->font(column);
        font.setItalic(true);
        item->setFont(column, font);
        item->setForeground(column, QPalette().brush(QPalette::Disabled, QPalette::Text));
    }
}
} // namespace

AssociationBox::AssociationBox(Session *session, const RecordRef &self, const Record &record, const Association &as,
                               QWidget *parent)
    : QGroupBox(parent), m_session(session), m_self(self), m_record(record), m_as(as)
{
    setObjectName(QStringLiteral("assoc:") + as.as);
    setStyleSheet(QStringLiteral("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }"));
    setAcceptDrops(true);
    const Model *target = session->schema().model(as.target);
    QString detail = associationKindName(as.kind) + QLatin1Char(' ') + as.target;
    if (as.kind == AssociationKind::BelongsToMany)
        detail += tr(" through %1").arg(as.through);
    setTitle(QStringLiteral("%1  —  %2").arg(as.as, detail));
    QString tip = tr("%1 %2 %3\nforeign key: %4").arg(as.source, associationKindName(as.kind), as.target, as.foreignKey);
    if (!as.otherKey.isEmpty())
        tip += tr(", other key: %1").arg(as.otherKey);
    tip += tr("\nON DELETE %1\nDrop %2 here to associate them.").arg(as.onDelete.isEmpty() ? QStringLiteral("(default)") : as.onDelete,
                                                                       target ? target->plural : as.target);
    setToolTip(tip);

    auto *layout = new QVBoxLayout(this);
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    if (!as.isToMany()) {
        m_value = new QLabel(this);
        m_value->setObjectName(QStringLiteral("value"));
        m_value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
        connect(m_value, &QLabel::linkActivated, this, [this] {
            const Model *t = m_session->schema().model(m_as.target);
            if (t && !m_toOneKey.isNull())
                emit recordActivated(RecordRef::byPk(*t, m_toOneKey));
        });
        layout->addWidget(m_value);
        buttons->addWidget(button(QStringLiteral("set"), QStyle::SP_DialogOpenButton, tr("Set…"),
                                  accessorName(AccessorRole::Set) + tr("(%1): pick one").arg(as.target)));
        buttons->addWidget(button(QStringLiteral("clear"), QStyle::SP_DialogResetButton, tr("Clear"),
                                  accessorName(AccessorRole::Set) + QStringLiteral("(null)")));
    } else {
        m_list = new QTreeWidget(this);
        m_list->setObjectName(QStringLiteral("list"));
        m_list->setRootIsDecorated(false);
        m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
        m_list->setAlternatingRowColors(true);
        m_list->setUniformRowHeights(true);
        m_list->setMinimumHeight(90);
        m_list->setMaximumHeight(190);
        connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
            const Model *t = m_session->schema().model(m_as.target);
            if (t)
                emit recordActivated(RecordRef::byPk(*t, item->data(0, Qt::UserRole)));
        });
        layout->addWidget(m_list);
        m_count = new QLabel(this);
        m_count->setObjectName(QStringLiteral("count"));
        buttons->addWidget(button(QStringLiteral("add"), QStyle::SP_FileDialogNewFolder, tr("Add…"),
                                  accessorName(AccessorRole::AddMultiple) + tr("([…]): pick records to add")));
        buttons->addWidget(button(QStringLiteral("remove"), QStyle::SP_DialogDiscardButton, tr("Remove"),
                                  accessorName(AccessorRole::RemoveMultiple) + tr("([…]): remove the selected records")));
        buttons->addWidget(button(QStringLiteral("setAll"), QStyle::SP_FileDialogListView, tr("Set…"),
                                  accessorName(AccessorRole::Set) + tr("([…]): edit the exact set")));
    }
    buttons->addWidget(button(QStringLiteral("create"), QStyle::SP_FileIcon, tr("New…"),
                              accessorName(AccessorRole::Create) + tr("({…}): create %1 and associate it").arg(withArticle(as.target))));
    buttons->addStretch();
    if (m_count)
        layout->insertWidget(0, m_count);
    layout->addLayout(buttons);
    load();
}

namespace {

//! The keys of a box's buttons: they work while the focus is in the box (Tab there from a table,
//! or Ctrl+2), so every box can use the same ones.
QKeySequence boxKey(const QString &button)
{
    static const QHash<QString, QKeySequence> keys = {
        { QStringLiteral("set"), QKeySequence(Qt::ALT | Qt::Key_S) },
        { QStringLiteral("clear"), QKeySequence(Qt::ALT | Qt::Key_C) },
        { QStringLiteral("add"), QKeySequence(Qt::ALT | Qt::Key_A) },
        { QStringLiteral("remove"), QKeySequence(Qt::ALT | Qt::Key_R) },
        { QStringLiteral("setAll"), QKeySequence(Qt::ALT | Qt::Key_S) },
        { QStringLiteral("create"), QKeySequence(Qt::ALT | Qt::Key_N) },
    };
    return keys.value(button);
}

} // namespace

QPushButton *AssociationBox::button(const QString &name, QStyle::StandardPixmap icon, const QString &text, const QString &tip)
{
    auto *b = new QPushButton(style()->standardIcon(icon), text, this);
    b->setObjectName(name);
    b->setAutoDefault(false);
    const QKeySequence key = boxKey(name);
    b->setToolTip(tip + QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText)));
    // The key as an action of the box: active while the focus is in this box only.
    auto *action = new QAction(text, this);
    action->setObjectName(QStringLiteral("key:") + name);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setProperty("shortcutScope", tr("Association panel (focus in a box)"));
    connect(action, &QAction::triggered, b, &QPushButton::click);
    addAction(action);
    if (name == QLatin1String("set"))
        connect(b, &QPushButton::clicked, this, &AssociationBox::pickAndSet);
    else if (name == QLatin1String("clear"))
        connect(b, &QPushButton::clicked, this, &AssociationBox::clear);
    else if (name == QLatin1String("add"))
        connect(b, &QPushButton::clicked, this, &AssociationBox::pickAndAdd);
    else if (name == QLatin1String("remove"))
        connect(b, &QPushButton::clicked, this, &AssociationBox::removeSelected);
    else if (name == QLatin1String("setAll"))
        connect(b, &QPushButton::clicked, this, &AssociationBox::editSet);
    else if (name == QLatin1String("create"))
        connect(b, &QPushButton::clicked, this, &AssociationBox::createNew);
    return b;
}

QString AssociationBox::accessorName(AccessorRole role) const
{
    for (const Accessor &a : m_as.accessors()) {
        if (a.role == role)
            return a.name;
    }
    return QString();
}

void AssociationBox::load()
{
    auto got = m_session->readAccessor(m_record, accessorName(AccessorRole::Get));
    if (!got) {
        if (m_value)
            m_value->setText(tr("<i>error: %1</i>").arg(got.error().message.toHtmlEscaped()));
        return;
    }
    if (!m_as.isToMany()) {
        const Record r = got->value<Record>();
        m_toOneKey = r.isValid() ? r.value(m_as.targetKey.isEmpty() ? QStringLiteral("id") : m_as.targetKey) : QVariant();
        if (!r.isValid())
            m_value->setText(tr("<span style='color:gray'>(none)</span>  <small>%1() returns null</small>")
                                     .arg(accessorName(AccessorRole::Get)));
        else
            m_value->setText(QStringLiteral("<a href='open'>%1</a>").arg(m_session->displayName(r).toHtmlEscaped()));
        return;
    }
    const RecordList rows = got->value<RecordList>();
    const Model *target = m_session->schema().model(m_as.target);
    QStringList headers{ QStringLiteral("id"), target ? target->displayAttribute() : QString() };
    QStringList throughColumns;
    if (const Model *through = m_session->schema().model(m_as.through)) {
        for (const Attribute &a : through->attributes) {
            if (a.name != m_as.foreignKey && a.name != m_as.otherKey)
                throughColumns << a.name;
        }
    }
    for (const QString &c : throughColumns)
        headers << m_as.through + QLatin1Char('.') + c;
    m_list->clear();
    m_list->setHeaderLabels(headers);
    const QIcon icon = style()->standardIcon(QStyle::SP_FileIcon);
    for (const Record &r : rows) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setIcon(0, icon);
        item->setData(0, Qt::UserRole, r.pk());
        item->setText(0, r.pk().toString());
        QList<QVariant> cells{ r.value(headers.at(1)) }; // shown as the tables show them (valueformat.h)
        for (int i = 0; i < throughColumns.size(); ++i)
            cells << (r.hasThrough() ? r.through().value(throughColumns.at(i)) : QVariant(QString()));
        for (int c = 0; c < cells.size(); ++c)
            setCellText(item, 1 + c, cells.at(c));
    }
    for (int c = 0; c < headers.size(); ++c)
        m_list->resizeColumnToContents(c);
    m_list->setColumnWidth(1, qMax(m_list->columnWidth(1), 110));
    auto count = m_session->readAccessor(m_record, accessorName(AccessorRole::Count));
    m_count->setText(count ? tr("<span style='color:gray'>%1() = %2</span>").arg(accessorName(AccessorRole::Count)).arg(count->toLongLong()) : QString());
}

QVariantList AssociationBox::currentKeys() const
{
    QVariantList out;
    if (m_list) {
        for (int i = 0; i < m_list->topLevelItemCount(); ++i)
            out << m_list->topLevelItem(i)->data(0, Qt::UserRole);
    } else if (!m_toOneKey.isNull()) {
        out << m_toOneKey;
    }
    return out;
}

bool AssociationBox::set(const QVariant &key)
{
    return m_session->callAccessor(m_self, accessorName(AccessorRole::Set), { key }).ok();
}

bool AssociationBox::clear()
{
    return set(QVariant());
}

bool AssociationBox::add(const QVariantList &keys)
{
    return !keys.isEmpty() && m_session->callAccessor(m_self, accessorName(AccessorRole::AddMultiple), { QVariant(keys) }).ok();
}

bool AssociationBox::remove(const QVariantList &keys)
{
    return !keys.isEmpty()
            && m_session->callAccessor(m_self, accessorName(AccessorRole::RemoveMultiple), { QVariant(keys) }).ok();
}

bool AssociationBox::setAll(const QVariantList &keys)
{
    return m_session->callAccessor(m_self, accessorName(AccessorRole::Set), { QVariant(keys) }).ok();
}

bool AssociationBox::create(const QVariantMap &values)
{
    return m_session->callAccessor(m_self, accessorName(AccessorRole::Create), { values }).ok();
}

void AssociationBox::pickAndSet()
{
    // The current one preselected: Enter keeps it, an arrow key moves to the next.
    RecordPickerDialog d(m_session, m_as.target, false, this);
    d.setObjectName(QStringLiteral("picker"));
    d.selectKeys(currentKeys());
    if (d.exec() == QDialog::Accepted && !d.selectedKeys().isEmpty() && d.selectedKeys().first() != m_toOneKey)
        set(d.selectedKeys().first());
}

void AssociationBox::pickAndAdd()
{
    // Only what the record does not have yet: adding one it has would do nothing.
    RecordPickerDialog d(m_session, m_as.target, true, this);
    d.setObjectName(QStringLiteral("picker"));
    d.setExcludedKeys(currentKeys());
    if (d.exec() == QDialog::Accepted)
        add(d.selectedKeys());
}

void AssociationBox::removeSelected()
{
    QVariantList keys;
    const auto items = m_list->selectedItems();
    for (const QTreeWidgetItem *i : items)
        keys << i->data(0, Qt::UserRole);
    remove(keys);
}

void AssociationBox::editSet()
{
    DualListDialog d(m_session, m_as.target, currentKeys(), this);
    d.setObjectName(QStringLiteral("dualList"));
    if (d.exec() == QDialog::Accepted)
        setAll(d.chosenKeys());
}

void AssociationBox::createNew()
{
    const Model *target = m_session->schema().model(m_as.target);
    if (!target)
        return;
    QStringList skip;
    if (m_as.kind == AssociationKind::HasMany || m_as.kind == AssociationKind::HasOne)
        skip << m_as.foreignKey;
    RecordFormDialog d(*target, skip, this);
    d.setObjectName(QStringLiteral("recordForm"));
    // The dialog stays open with the typed values and the engine's message when the create fails.
    d.setSubmit([this](const QVariantMap &values) -> Result<void> {
        auto r = m_session->callAccessor(m_self, accessorName(AccessorRole::Create), { values });
        if (!r)
            return r.error();
        return {};
    });
    d.exec();
}

void AssociationBox::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(RecordsMimeType))) {
        const auto refs = decodeRecords(event->mimeData()->data(QLatin1String(RecordsMimeType)));
        const Model *t = m_session->schema().model(m_as.target);
        if (!refs.isEmpty() && t && m_session->schema().model(refs.first().model) == t) {
            event->setDropAction(Qt::LinkAction);
            event->accept();
            return;
        }
    }
    event->ignore();
}

void AssociationBox::dropEvent(QDropEvent *event)
{
    const auto refs = decodeRecords(event->mimeData()->data(QLatin1String(RecordsMimeType)));
    QVariantList keys;
    for (const RecordRef &r : refs)
        keys << r.key.first();
    const bool ok = keys.isEmpty() ? false : (m_as.isToMany() ? add(keys) : set(keys.first()));
    if (ok) {
        event->setDropAction(Qt::LinkAction);
        event->accept();
    } else {
        event->ignore();
    }
}

// ---- AssociationPanel ----

AssociationPanel::AssociationPanel(Session *session, QWidget *parent) : QScrollArea(parent), m_session(session)
{
    setObjectName(QStringLiteral("associationPanel"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content = new QWidget(this);
    m_layout = new QVBoxLayout(m_content);
    setWidget(m_content);
    setMinimumWidth(340);
    setFocusPolicy(Qt::NoFocus); // Tab goes from a table straight to the first box's first button
    connect(session, &Session::changed, this, &AssociationPanel::reload);
    reload();
}

bool AssociationPanel::focusFirstBox()
{
    if (m_boxes.isEmpty())
        return false;
    for (QWidget *w : m_boxes.first()->findChildren<QWidget *>()) {
        if ((w->focusPolicy() & Qt::TabFocus) && w->isEnabled()) {
            w->setFocus(Qt::TabFocusReason);
            return true;
        }
    }
    return false;
}

AssociationBox *AssociationPanel::box(const QString &alias) const
{
    for (AssociationBox *b : m_boxes) {
        if (b->association().as == alias)
            return b;
    }
    return nullptr;
}

void AssociationPanel::setRecord(const RecordRef &ref)
{
    if (ref == m_record && !m_boxes.isEmpty())
        return;
    m_record = ref;
    reload();
}

QString AssociationPanel::joinRowText(const Record &row)
{
    QStringList linked, boxes;
    for (const Attribute &a : row.model->attributes) {
        const Model *parent = a.referencesModel.isEmpty() ? nullptr : m_session->schema().model(a.referencesModel);
        if (!parent || !a.primaryKey)
            continue;
        linked << QStringLiteral("%1 %2").arg(parent->name, m_session->displayName(RecordRef::byPk(*parent, row.value(a.name))));
        boxes << withArticle(parent->name);
    }
    return tr("This %1 row links %2. Its keys are not edited here: to change the link, select %3 and use its "
              "box in this panel (Remove, then Add…).")
            .arg(row.model->name, linked.join(tr(" and ")), boxes.join(tr(" or ")));
}

void AssociationPanel::reload()
{
    // Deleted later: a box's own button may be what triggered this reload.
    m_boxes.clear();
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    auto *header = new QLabel(m_content);
    header->setObjectName(QStringLiteral("recordHeader"));
    header->setWordWrap(true);
    m_layout->addWidget(header);
    auto rec = m_session->fetch(m_record);
    if (!m_record.isValid() || !rec || !rec->isValid()) {
        header->setText(tr("<p style='color:gray'>Select a record in a table to see and edit its associations.</p>"));
        m_layout->addStretch();
        return;
    }
    const int n = int(m_session->schema().associationsOf(m_record.model).size());
    const QString name = m_session->displayName(*rec);
    const QString count = countOf(n, tr("association"), tr("associations"));
    header->setText(tr("<b style='font-size:large'>%1</b><br><span style='color:gray'>%2</span>")
                            .arg(name.toHtmlEscaped(), name == rec->label() ? count : rec->label() + QStringLiteral(" · ") + count));
    const auto assocs = m_session->schema().associationsOf(m_record.model);
    for (const Association *as : assocs) {
        auto *b = new AssociationBox(m_session, m_record, *rec, *as, m_content);
        connect(b, &AssociationBox::recordActivated, this, &AssociationPanel::recordActivated);
        m_layout->addWidget(b);
        m_boxes << b;
    }
    if (assocs.isEmpty()) {
        const QString noun = withArticle(m_record.model);
        auto *none = new QLabel(tr("%1 has no associations of its own.").arg(noun.left(1).toUpper() + noun.mid(1)), m_content);
        none->setWordWrap(true);
        if (rec->model && rec->model->isJoinModel) {
            none->setObjectName(QStringLiteral("joinRowLinks"));
            none->setText(joinRowText(*rec));
        }
        m_layout->addWidget(none);
    }
    m_layout->addStretch();
}

} // namespace grumble::ui

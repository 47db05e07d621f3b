#include "includebrowser.h"

#include "recordpager.h"
#include "resulttreemodel.h"
#include "resultvaluedelegate.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "wording.h"

namespace grumble::ui {

namespace {
constexpr int MaxDepth = 4;
enum { AssociationColumn, RequiredColumn, WhereColumn };
constexpr int RequiredByWhereRole = Qt::UserRole + 1; //!< on RequiredColumn: a where made it required
constexpr int UserRequiredRole = Qt::UserRole + 2;    //!< on RequiredColumn: what the user ticked before

//! Paints a Required box that a where forces as disabled, and lets no click change it.
class RequiredDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() == RequiredColumn && index.data(RequiredByWhereRole).toBool())
            option->state &= ~QStyle::State_Enabled;
    }
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override
    {
        if (index.column() == RequiredColumn && index.data(RequiredByWhereRole).toBool())
            return true; // swallowed: the where decides
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    }
};

Result<QVariant> parseJson(const QString &text, const QString &where)
{
    if (text.trimmed().isEmpty())
        return QVariant();
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorKind::Syntax, QStringLiteral("%1: not a JSON object (%2)").arg(where, err.errorString()));
    return doc.toVariant();
}
} // namespace

IncludeBrowser::IncludeBrowser(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->addWidget(split);

    auto *left = new QWidget(split);
    auto *l = new QVBoxLayout(left);
    l->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    m_root = new QComboBox(left);
    m_root->setObjectName(QStringLiteral("rootModel"));
    for (const Model &m : session->schema().models())
        m_root->addItem(style()->standardIcon(QStyle::SP_FileDialogDetailedView), m.name);
    form->addRow(tr("Root model:"), m_root);
    m_rootWhere = new QLineEdit(left);
    m_rootWhere->setObjectName(QStringLiteral("rootWhere"));
    m_rootWhere->setPlaceholderText(QStringLiteral("{\"name\": {\"$like\": \"C%\"}}"));
    form->addRow(tr("Where:"), m_rootWhere);
    m_limit = new QSpinBox(left);
    m_limit->setRange(0, 1000000);
    m_limit->setValue(100);
    m_limit->setSpecialValueText(tr("no limit"));
    m_limit->setToolTip(tr("findAll({limit}): counts root records, not joined rows"));
    form->addRow(tr("Limit:"), m_limit);
    m_offset = new QSpinBox(left);
    m_offset->setObjectName(QStringLiteral("offset"));
    m_offset->setRange(0, 100000000);
    m_offset->setSpecialValueText(tr("none"));
    m_offset->setToolTip(tr("findAll({offset}): root records to skip"));
    form->addRow(tr("Offset:"), m_offset);
    l->addLayout(form);
    auto *includeLabel = new QLabel(tr("Include (tick associations; 'required' makes an INNER JOIN; a where filters "
                                       "the included rows and makes the include required, as in Sequelize):"),
                                    left);
    includeLabel->setWordWrap(true); // a long line would widen this side and narrow the results
    l->addWidget(includeLabel);
    m_options = new QTreeWidget(left);
    m_options->setObjectName(QStringLiteral("includeOptions"));
    m_options->setHeaderLabels({ tr("Association"), tr("Required"), tr("Where (JSON)") });
    m_options->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_options->header()->setSectionResizeMode(AssociationColumn, QHeaderView::ResizeToContents);
    m_options->setItemDelegate(new RequiredDelegate(m_options));
    l->addWidget(m_options, 1);
    auto *runRow = new QHBoxLayout;
    auto *run = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), left);
    run->setObjectName(QStringLiteral("run"));
    run->setToolTip(tr("Run findAll with these options (Ctrl+Return)"));
    auto *runAction = new QAction(tr("Run findAll"), this);
    runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    runAction->setProperty("shortcutScope", tr("Include browser"));
    connect(runAction, &QAction::triggered, run, &QPushButton::click);
    addAction(runAction);
    m_status = new QLabel(left);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    runRow->addWidget(run);
    runRow->addStretch(1);
    l->addLayout(runRow);
    l->addWidget(m_status); // under Run, the whole width: it no longer wraps "0 ms" in two

    auto *right = new QWidget(split);
    auto *r = new QVBoxLayout(right);
    r->setContentsMargins(0, 0, 0, 0);
    m_call = new QLabel(right);
    m_call->setObjectName(QStringLiteral("call"));
    m_call->setWordWrap(true);
    m_call->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_call->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Three lines, whatever the call: the tabs below never move as the text wraps.
    m_call->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_call->setFixedHeight(QFontMetrics(m_call->font()).lineSpacing() * 3 + 4);
    r->addWidget(m_call);
    m_results = new QTabWidget(right);
    m_model = new ResultTreeModel(this);
    m_view = new QTreeView(m_results);
    m_view->setObjectName(QStringLiteral("resultTree"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_view->header()->resizeSection(0, 220);
    ResultValueDelegate::install(m_view); // timestamps and NULL as the tables show them
    m_json = new QPlainTextEdit(m_results);
    m_json->setObjectName(QStringLiteral("json"));
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sqlText = new QPlainTextEdit(m_results);
    m_sqlText->setReadOnly(true);
    m_sqlText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_results->addTab(m_view, style()->standardIcon(QStyle::SP_DirIcon), tr("Tree"));
    m_results->addTab(m_json, style()->standardIcon(QStyle::SP_FileIcon), tr("JSON"));
    m_results->addTab(m_sqlText, style()->standardIcon(QStyle::SP_ComputerIcon), tr("SQL"));
    connect(m_results, &QTabWidget::currentChanged, this, [this] {
        if (m_results->currentWidget() == m_json)
            showJson();
    });
    // Pages read as the user scrolls: their SQL in the SQL tab, the rows shown in the status.
    connect(m_model, &ResultTreeModel::pageLoaded, this, [this](int page, int, qint64) {
        const QStringList sql = m_model->pager() ? m_model->pager()->lastSql() : QStringList();
        if (page == 0 && m_sql.isEmpty()) {
            m_sql = sql;
        } else {
            m_pageSql = sql;
            if (!m_pageSql.isEmpty())
                m_pageSql.first().prepend(tr("-- page %1 (read as the tree scrolled; each page runs the same statements)\n").arg(page + 1));
        }
        showSql();
    });
    connect(m_model, &ResultTreeModel::totalChanged, this, [this] {
        if (m_model->pager() && m_model->pager()->counted() && m_countSql.isEmpty()) {
            m_countSql = m_model->pager()->lastSql();
            if (!m_countSql.isEmpty())
                m_countSql.first().prepend(tr("-- the total\n"));
            showSql();
        }
        updateStatus();
    });
    connect(m_model, &ResultTreeModel::pagingFailed, this, [this](const QString &message) {
        m_error = message;
        updateStatus();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        if (!parent.isValid())
            updateStatus();
    });
    r->addWidget(m_results, 1);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setSizes({ 420, 840 });

    connect(m_root, &QComboBox::currentTextChanged, this, &IncludeBrowser::rebuildOptions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &i) {
        const QString model = i.data(ResultTreeModel::ModelNameRole).toString();
        const Model *m = m_session->schema().model(model);
        if (m && m->pk())
            emit recordActivated(RecordRef::byPk(*m, i.data(ResultTreeModel::PrimaryKeyRole)));
    });
    connect(run, &QPushButton::clicked, this, &IncludeBrowser::run);
    connect(m_options, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (column == WhereColumn)
            followWhere(item);
        if (column == AssociationColumn && item->checkState(AssociationColumn) == Qt::Checked) {
            // Ticking a nested association ticks its parents.
            for (QTreeWidgetItem *p = item->parent(); p; p = p->parent())
                p->setCheckState(AssociationColumn, Qt::Checked);
        }
    });
    rebuildOptions();
}

void IncludeBrowser::rebuildOptions()
{
    m_options->clear();
    addChildren(m_options->invisibleRootItem(), m_root->currentText(), 0);
    m_options->expandToDepth(0);
}

void IncludeBrowser::addChildren(QTreeWidgetItem *parent, const QString &model, int depth)
{
    if (depth >= MaxDepth)
        return;
    QSignalBlocker block(m_options);
    for (const Association *as : m_session->schema().associationsOf(model)) {
        auto *item = new QTreeWidgetItem(parent);
        item->setText(AssociationColumn, as->as);
        item->setToolTip(AssociationColumn, tr("%1 %2 %3").arg(as->source, associationKindName(as->kind), as->target));
        item->setIcon(AssociationColumn, style()->standardIcon(as->isToMany() ? QStyle::SP_DirIcon : QStyle::SP_FileLinkIcon));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);
        item->setCheckState(AssociationColumn, Qt::Unchecked);
        item->setCheckState(RequiredColumn, Qt::Unchecked);
        item->setToolTip(RequiredColumn, tr("Ticked: an INNER JOIN, only records that have one"));
        item->setData(AssociationColumn, Qt::UserRole, as->as);
        addChildren(item, as->target, depth + 1);
    }
}

void IncludeBrowser::setRoot(const QString &model)
{
    const Model *m = m_session->schema().model(model);
    m_root->setCurrentText(m ? m->name : model);
}

QString IncludeBrowser::root() const
{
    return m_root->currentText();
}

QTreeWidgetItem *IncludeBrowser::itemAt(const QString &path) const
{
    QTreeWidgetItem *node = m_options->invisibleRootItem();
    const QStringList steps = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &step : steps) {
        QTreeWidgetItem *next = nullptr;
        for (int i = 0; i < node->childCount() && !next; ++i) {
            if (node->child(i)->data(AssociationColumn, Qt::UserRole).toString().compare(step, Qt::CaseInsensitive) == 0)
                next = node->child(i);
        }
        if (!next) {
            // Sequelize lets you name the model instead of the alias.
            for (int i = 0; i < node->childCount() && !next; ++i) {
                const QString alias = node->child(i)->data(AssociationColumn, Qt::UserRole).toString();
                const QString parentModel = node == m_options->invisibleRootItem() ? root() : QString();
                Q_UNUSED(parentModel);
                if (alias.startsWith(step, Qt::CaseInsensitive))
                    next = node->child(i);
            }
        }
        if (!next)
            return nullptr;
        node = next;
    }
    return node == m_options->invisibleRootItem() ? nullptr : node;
}

bool IncludeBrowser::checkPath(const QString &path, bool checked)
{
    QTreeWidgetItem *item = itemAt(path);
    if (!item)
        return false;
    item->setCheckState(AssociationColumn, checked ? Qt::Checked : Qt::Unchecked);
    return true;
}

bool IncludeBrowser::setRequired(const QString &path, bool required)
{
    QTreeWidgetItem *item = itemAt(path);
    if (!item)
        return false;
    item->setData(RequiredColumn, UserRequiredRole, required);
    if (!item->data(RequiredColumn, RequiredByWhereRole).toBool())
        item->setCheckState(RequiredColumn, required ? Qt::Checked : Qt::Unchecked);
    return true;
}

void IncludeBrowser::followWhere(QTreeWidgetItem *item)
{
    const bool forced = !item->text(WhereColumn).trimmed().isEmpty();
    if (forced == item->data(RequiredColumn, RequiredByWhereRole).toBool())
        return;
    QSignalBlocker block(m_options);
    if (forced) {
        item->setData(RequiredColumn, UserRequiredRole, item->checkState(RequiredColumn) == Qt::Checked);
        item->setCheckState(RequiredColumn, Qt::Checked);
        item->setToolTip(RequiredColumn, tr("Required because of the where: Sequelize makes an include with a where "
                                            "required (an INNER JOIN), so only %1 with a matching %2 are returned.")
                                                 .arg(item->parent() ? item->parent()->text(AssociationColumn) : rootPlural(),
                                                      item->text(AssociationColumn)));
    } else {
        item->setCheckState(RequiredColumn, item->data(RequiredColumn, UserRequiredRole).toBool() ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(RequiredColumn, tr("Ticked: an INNER JOIN, only records that have one"));
    }
    item->setData(RequiredColumn, RequiredByWhereRole, forced);
    m_options->viewport()->update();
}

QString IncludeBrowser::rootPlural() const
{
    const Model *m = m_session->schema().model(root());
    return m && !m->plural.isEmpty() ? m->plural : root();
}

bool IncludeBrowser::isRequiredByWhere(const QString &path) const
{
    QTreeWidgetItem *item = itemAt(path);
    return item && item->data(RequiredColumn, RequiredByWhereRole).toBool();
}

bool IncludeBrowser::isRequired(const QString &path) const
{
    QTreeWidgetItem *item = itemAt(path);
    return item && item->checkState(RequiredColumn) == Qt::Checked;
}

bool IncludeBrowser::setWhere(const QString &path, const QString &json)
{
    QTreeWidgetItem *item = itemAt(path);
    if (!item)
        return false;
    item->setText(WhereColumn, json);
    return true;
}

void IncludeBrowser::setRootWhere(const QString &json)
{
    m_rootWhere->setText(json);
}

void IncludeBrowser::setLimit(int limit)
{
    m_limit->setValue(limit);
}

void IncludeBrowser::setOffset(int offset)
{
    m_offset->setValue(offset);
}

QVariantList IncludeBrowser::includesOf(QTreeWidgetItem *parent, QString *error) const
{
    QVariantList out;
    for (int i = 0; i < parent->childCount(); ++i) {
        QTreeWidgetItem *c = parent->child(i);
        if (c->checkState(AssociationColumn) != Qt::Checked)
            continue;
        QVariantMap node{ { QStringLiteral("association"), c->data(AssociationColumn, Qt::UserRole) } };
        if (c->checkState(RequiredColumn) == Qt::Checked)
            node.insert(QStringLiteral("required"), true);
        auto where = parseJson(c->text(WhereColumn), c->text(AssociationColumn));
        if (!where) {
            *error = where.error().message;
            return {};
        }
        if (where->isValid())
            node.insert(QStringLiteral("where"), *where);
        const QVariantList sub = includesOf(c, error);
        if (!error->isEmpty())
            return {};
        if (!sub.isEmpty())
            node.insert(QStringLiteral("include"), sub);
        out << node;
    }
    return out;
}

QVariantMap IncludeBrowser::options() const
{
    QVariantMap o;
    QString error;
    const QVariantList inc = includesOf(m_options->invisibleRootItem(), &error);
    if (!inc.isEmpty())
        o.insert(QStringLiteral("include"), inc);
    auto where = parseJson(m_rootWhere->text(), tr("root where"));
    if (where && where->isValid())
        o.insert(QStringLiteral("where"), *where);
    if (m_limit->value() > 0)
        o.insert(QStringLiteral("limit"), m_limit->value());
    if (m_offset->value() > 0)
        o.insert(QStringLiteral("offset"), m_offset->value());
    return o;
}

QString IncludeBrowser::json() const
{
    if (!m_model->pager())
        return QString();
    // The first records only: thousands of records would be a text of hundreds of megabytes.
    m_model->countTotal();
    const qint64 known = m_model->total();
    const int n = int(qMin<qint64>(m_jsonRecords, known >= 0 ? known : m_model->rowCount()));
    RecordList rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
        const auto r = m_model->rootRecord(i);
        if (!r)
            break;
        rows << *r;
    }
    const QByteArray compact = toJson(QVariant::fromValue(rows));
    const QJsonDocument doc = QJsonDocument::fromJson(compact);
    return doc.isNull() ? QString::fromUtf8(compact) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

void IncludeBrowser::showJson()
{
    if (!m_jsonStale)
        return;
    m_jsonStale = false;
    QString text = json();
    const qint64 total = m_model->total();
    if (total > m_jsonRecords)
        text += tr("// the first %1 of %2 records").arg(m_jsonRecords).arg(QLocale().toString(total));
    m_json->setPlainText(text);
}

void IncludeBrowser::showSql()
{
    const QStringList all = sql();
    m_sqlText->setPlainText(all.join(QStringLiteral(";\n\n")) + (all.isEmpty() ? QString() : QStringLiteral(";")));
}

QString IncludeBrowser::status() const
{
    return m_status->text();
}

void IncludeBrowser::updateStatus()
{
    RecordPager *pager = m_model->pager();
    if (!pager)
        return;
    const QLocale locale;
    const qint64 shown = m_model->rowCount();
    const qint64 total = m_model->total();
    QString text;
    if (total < 0)
        text = tr("%1 shown, counting…").arg(countOf(shown, m_rootSingular, m_rootNoun));
    else if (shown < total)
        text = tr("Showing %1 of %2 — scroll for more").arg(locale.toString(shown), countOf(total, m_rootSingular, m_rootNoun));
    else
        text = countOf(total, m_rootSingular, m_rootNoun);
    text += tr(" · first page: %1 in %2 ms")
                    .arg(countOf(m_sql.size(), tr("statement"), tr("statements")))
                    .arg(m_firstMs);
    text += tr(" · %1 per page, %2 in memory")
                    .arg(pager->pageSize())
                    .arg(countOf(m_model->cachedPageCount(), tr("page"), tr("pages")));
    if (!m_error.isEmpty())
        text = QStringLiteral("<span style='color:#b00'>%1</span><br>").arg(m_error.toHtmlEscaped()) + text.toHtmlEscaped();
    m_status->setText(text);
}

bool IncludeBrowser::run()
{
    m_error.clear();
    ++m_run;
    QString error;
    (void)includesOf(m_options->invisibleRootItem(), &error);
    auto where = parseJson(m_rootWhere->text(), tr("root where"));
    if (!error.isEmpty() || !where) {
        m_error = error.isEmpty() ? where.error().message : error;
        m_status->setText(QStringLiteral("<span style='color:#b00'>%1</span>").arg(m_error.toHtmlEscaped()));
        return false;
    }
    const QVariantMap o = options();
    const QString model = root();
    const Model *m = m_session->schema().model(model);
    const QString className = m ? m->name.left(1).toUpper() + m->name.mid(1) : model;
    m_call->setText(QStringLiteral("%1.findAll(%2)")
                            .arg(className, QString::fromUtf8(QJsonDocument::fromVariant(o).toJson(QJsonDocument::Compact))));
    auto fo = FindOptions::fromVariant(o);
    if (!fo || !m) {
        m_error = fo ? tr("Unknown model '%1'").arg(model) : fo.error().message;
        m_status->setText(QStringLiteral("<span style='color:#b00'>%1</span>").arg(m_error.toHtmlEscaped()));
        return false;
    }
    m_rootNoun = m->plural.isEmpty() ? m->tableName : m->plural;
    m_rootSingular = m->singular.isEmpty() ? m->name : m->singular;
    m_sql.clear();
    m_countSql.clear();
    m_pageSql.clear();
    m_json->clear();
    m_jsonStale = false;
    QElapsedTimer t;
    t.start();
    const bool ok = m_model->setPager(std::make_unique<RecordPager>(m_session->engine(), *m, *fo, m_pageSize));
    m_firstMs = t.elapsed();
    showSql();
    if (!ok) {
        m_error = m_model->lastError();
        m_status->setText(QStringLiteral("<span style='color:#b00'>%1</span>").arg(m_error.toHtmlEscaped()));
        m_model->clear();
        return false;
    }
    m_jsonStale = true;
    if (m_results->currentWidget() == m_json)
        showJson();
    updateStatus();
    m_view->scrollToTop(); // a reset keeps the scroll bar where it was: it would read pages far down
    // The first page's records open one level (expandToDepth would also reach rows the view adds
    // on its next layout, and read their pages).
    for (int r = 0, n = m_model->rowCount(); r < n; ++r)
        m_view->expand(m_model->index(r, 0));
    if (m_model->total() < 0) {
        // The total right after the first rows are on screen: one COUNT, honouring the where and
        // the required includes.
        QTimer::singleShot(0, this, [this, run = m_run] {
            if (run == m_run)
                m_model->countTotal();
        });
    }
    return true;
}

} // namespace grumble::ui

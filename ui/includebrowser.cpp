#include "includebrowser.h"

#include "resulttreemodel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace grumble::ui {

namespace {
constexpr int MaxDepth = 4;
enum { AssociationColumn, RequiredColumn, WhereColumn };

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
    l->addLayout(form);
    l->addWidget(new QLabel(tr("Include (tick associations; 'required' makes an INNER JOIN; where filters the included rows):"), left));
    m_options = new QTreeWidget(left);
    m_options->setObjectName(QStringLiteral("includeOptions"));
    m_options->setHeaderLabels({ tr("Association"), tr("Required"), tr("Where (JSON)") });
    m_options->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_options->header()->setSectionResizeMode(AssociationColumn, QHeaderView::ResizeToContents);
    l->addWidget(m_options, 1);
    auto *runRow = new QHBoxLayout;
    auto *run = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), left);
    run->setObjectName(QStringLiteral("run"));
    run->setToolTip(tr("Run findAll with these options (Ctrl+Return)"));
    run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_status = new QLabel(left);
    runRow->addWidget(run);
    runRow->addWidget(m_status, 1);
    l->addLayout(runRow);

    auto *right = new QWidget(split);
    auto *r = new QVBoxLayout(right);
    r->setContentsMargins(0, 0, 0, 0);
    m_call = new QLabel(right);
    m_call->setObjectName(QStringLiteral("call"));
    m_call->setWordWrap(true);
    m_call->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_call->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
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
    r->addWidget(m_results, 1);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    connect(m_root, &QComboBox::currentTextChanged, this, &IncludeBrowser::rebuildOptions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &i) {
        const QString model = i.data(ResultTreeModel::ModelNameRole).toString();
        const Model *m = m_session->schema().model(model);
        if (m && m->pk())
            emit recordActivated(RecordRef::byPk(*m, i.data(ResultTreeModel::PrimaryKeyRole)));
    });
    connect(run, &QPushButton::clicked, this, &IncludeBrowser::run);
    connect(m_options, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
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
    item->setCheckState(RequiredColumn, required ? Qt::Checked : Qt::Unchecked);
    return true;
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
    return o;
}

QString IncludeBrowser::json() const
{
    if (!m_result.isValid())
        return QString();
    const QByteArray compact = toJson(m_result);
    const QJsonDocument doc = QJsonDocument::fromJson(compact);
    return doc.isNull() ? QString::fromUtf8(compact) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

void IncludeBrowser::showJson()
{
    if (!m_jsonStale)
        return;
    m_jsonStale = false;
    // Thousands of records would be a text of hundreds of megabytes: the tab shows the first ones.
    constexpr int shown = 200;
    if (m_result.canConvert<RecordList>() && m_result.value<RecordList>().size() > shown) {
        const RecordList rows = m_result.value<RecordList>();
        const QJsonDocument doc = QJsonDocument::fromJson(toJson(QVariant::fromValue(rows.mid(0, shown))));
        m_json->setPlainText(QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                             + tr("// the first %1 of %2 records").arg(shown).arg(rows.size()));
        return;
    }
    m_json->setPlainText(json());
}

bool IncludeBrowser::run()
{
    m_error.clear();
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
    if (!fo) {
        m_error = fo.error().message;
        m_status->setText(QStringLiteral("<span style='color:#b00'>%1</span>").arg(m_error.toHtmlEscaped()));
        return false;
    }
    m_sql.clear();
    SqlLog *log = m_session->engine().connection().log();
    auto conn = connect(log, &SqlLog::executed, this, [this](const SqlLogEntry &e) {
        if (!e.control)
            m_sql << e.sql + (e.bindings.isEmpty() ? QString() : QStringLiteral("\n  -- bindings: ") + QString::fromUtf8(toJson(QVariant(e.bindings))));
    });
    QElapsedTimer t;
    t.start();
    auto rows = m_session->engine().findAll(model, *fo);
    const qint64 ms = t.elapsed();
    disconnect(conn);
    m_sqlText->setPlainText(m_sql.join(QStringLiteral(";\n\n")) + (m_sql.isEmpty() ? QString() : QStringLiteral(";")));
    if (!rows) {
        m_error = rows.error().toString();
        m_status->setText(QStringLiteral("<span style='color:#b00'>%1</span>").arg(rows.error().message.toHtmlEscaped()));
        m_model->clear();
        m_json->clear();
        m_result = QVariant();
        m_jsonStale = false;
        return false;
    }
    const QVariant value = QVariant::fromValue(*rows);
    m_model->setResult(value);
    m_result = value;
    m_json->clear();
    m_jsonStale = true;
    if (m_results->currentWidget() == m_json)
        showJson();
    m_status->setText(tr("%n root record(s)", nullptr, int(rows->size())) + tr(", %1 statement(s), %2 ms").arg(m_sql.size()).arg(ms));
    m_view->expandToDepth(0);
    return true;
}

} // namespace grumble::ui

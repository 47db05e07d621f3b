#include "resulttreemodel.h"

#include "pagecache.h"
#include "recordpager.h"

#include <QElapsedTimer>

#include <limits>

namespace grumble {

//! A node owns its children; records are shared with the result so nothing is copied per row.
struct ResultTreeModel::Node
{
    Node *parent = nullptr;
    int row = 0;
    NodeKind kind = ValueNode;
    QString key;
    QVariant value;                         //!< FieldNode / ValueNode: the value; ListNode: the list
    std::shared_ptr<const Record> record;   //!< RecordNode / ThroughNode (null: a to-one with no record)
    const Included *included = nullptr;     //!< AssociationNode (to-many): into the parent's record
    std::shared_ptr<const RecordList> list; //!< the root RecordList
    std::vector<std::unique_ptr<Node>> children;
    bool complete = false;                  //!< every child built
    bool paged = false;                     //!< a top-level row of a paged result: `record` is its
                                            //!< page's until its children are built
};

namespace {

using Node = ResultTreeModel::Node;

QString recordSummary(const Record &r)
{
    if (!r.model)
        return QStringLiteral("null");
    QString s = r.label();
    for (const char *n : { "name", "title" }) {
        const QVariant v = r.value(QLatin1String(n));
        if (v.isValid() && !v.isNull()) {
            s += QStringLiteral("  ") + displayText(v);
            break;
        }
    }
    return s;
}

//! The child specs of a node, built on demand: count first, then a maker per index.
int childCount(const Node *n)
{
    switch (n->kind) {
    case ResultTreeModel::RecordNode:
    case ResultTreeModel::ThroughNode: {
        if (!n->record || !n->record->model)
            return 0;
        const Record &r = *n->record;
        const int fields = r.projection().isEmpty() ? int(r.model->attributes.size()) : int(r.projection().size());
        return fields + int(r.includes.size()) + (r.hasThrough() ? 1 : 0);
    }
    case ResultTreeModel::AssociationNode:
        return n->included ? int(n->included->records.size()) : 0;
    case ResultTreeModel::ListNode:
        return n->list ? int(n->list->size()) : int(n->value.toList().size());
    default:
        return 0;
    }
}

std::unique_ptr<Node> makeValueNode(const QString &key, const QVariant &v);

std::unique_ptr<Node> makeRecordNode(const QString &key, std::shared_ptr<const Record> r, ResultTreeModel::NodeKind kind)
{
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->key = key;
    n->record = std::move(r);
    return n;
}

std::unique_ptr<Node> makeChild(const Node *n, int i)
{
    switch (n->kind) {
    case ResultTreeModel::RecordNode:
    case ResultTreeModel::ThroughNode: {
        const Record &r = *n->record;
        const int fields = r.projection().isEmpty() ? int(r.model->attributes.size()) : int(r.projection().size());
        if (i < fields) {
            const int a = r.projection().isEmpty() ? i : r.projection().at(i);
            auto c = std::make_unique<Node>();
            c->kind = ResultTreeModel::FieldNode;
            c->key = r.model->attributes.at(a).name;
            c->value = a < r.values.size() ? r.values.at(a) : QVariant();
            return c;
        }
        i -= fields;
        if (r.hasThrough()) {
            if (i == 0)
                return makeRecordNode(r.throughKey(), std::make_shared<const Record>(r.through()), ResultTreeModel::ThroughNode);
            --i;
        }
        const Included &inc = r.includes.at(i);
        if (!inc.many) {
            // A to-one association is its record (or null).
            std::shared_ptr<const Record> target;
            if (!inc.records.empty())
                target = std::shared_ptr<const Record>(n->record, &inc.records.front());
            auto c = makeRecordNode(inc.key, target, ResultTreeModel::RecordNode);
            c->value = false;
            return c;
        }
        auto c = std::make_unique<Node>();
        c->kind = ResultTreeModel::AssociationNode;
        c->key = inc.key;
        c->included = &inc;
        c->record = n->record; // keeps `included` alive
        return c;
    }
    case ResultTreeModel::AssociationNode:
        return makeRecordNode(QStringLiteral("[%1]").arg(i),
                              std::shared_ptr<const Record>(n->record, &n->included->records.at(size_t(i))),
                              ResultTreeModel::RecordNode);
    case ResultTreeModel::ListNode:
        if (n->list)
            return makeRecordNode(QStringLiteral("[%1]").arg(i),
                                  std::shared_ptr<const Record>(n->list, &n->list->at(i)), ResultTreeModel::RecordNode);
        return makeValueNode(QStringLiteral("[%1]").arg(i), n->value.toList().at(i));
    default:
        return nullptr;
    }
}

std::unique_ptr<Node> makeValueNode(const QString &key, const QVariant &v)
{
    if (v.metaType() == QMetaType::fromType<Record>())
        return makeRecordNode(key, std::make_shared<const Record>(v.value<Record>()), ResultTreeModel::RecordNode);
    if (v.metaType() == QMetaType::fromType<RecordList>()) {
        auto n = std::make_unique<Node>();
        n->kind = ResultTreeModel::ListNode;
        n->key = key;
        n->list = std::make_shared<const RecordList>(v.value<RecordList>());
        return n;
    }
    if (v.metaType().id() == QMetaType::QVariantList) {
        auto n = std::make_unique<Node>();
        n->kind = ResultTreeModel::ListNode;
        n->key = key;
        n->value = v;
        return n;
    }
    auto n = std::make_unique<Node>();
    n->kind = ResultTreeModel::ValueNode;
    n->key = key;
    n->value = v;
    return n;
}

} // namespace

ResultTreeModel::ResultTreeModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    m_root->complete = true;
}

ResultTreeModel::~ResultTreeModel() = default;

void ResultTreeModel::resetPaging()
{
    m_pager.reset();
    m_pages.clear();
    m_lastKeys.clear();
    m_error.clear();
}

void ResultTreeModel::clear()
{
    beginResetModel();
    resetPaging();
    m_root = std::make_unique<Node>();
    m_root->complete = true;
    endResetModel();
}

void ResultTreeModel::setResult(const QVariant &value)
{
    beginResetModel();
    resetPaging();
    m_root = std::make_unique<Node>();
    auto top = makeValueNode(QStringLiteral("result"), value);
    if (top->kind == ListNode) {
        // A list is shown as the top level itself.
        m_root = std::move(top);
        m_root->key.clear();
    } else {
        top->parent = m_root.get();
        top->row = 0;
        m_root->children.push_back(std::move(top));
        m_root->complete = true;
    }
    m_root->parent = nullptr;
    populate(m_root.get(), m_batch);
    endResetModel();
}

bool ResultTreeModel::setPager(std::unique_ptr<RecordPager> pager)
{
    beginResetModel();
    resetPaging();
    m_root = std::make_unique<Node>();
    m_root->kind = ListNode;
    m_pager = std::move(pager);
    const Page *first = m_pager ? page(0) : nullptr;
    const bool ok = first && m_error.isEmpty();
    if (ok) {
        // A short first page is the whole window, and so is one that reached the limit: no count.
        const int rows = int(first->rows->size());
        const std::optional<qint64> limit = m_pager->options().limit;
        if (rows < m_pager->pageRows(0) || (limit && rows >= *limit))
            m_pager->setTotal(rows);
        populate(m_root.get(), rows);
    } else {
        m_root->complete = true;
    }
    endResetModel();
    if (ok && m_pager->knownTotal())
        emit totalChanged(*m_pager->knownTotal());
    return ok;
}

bool ResultTreeModel::countTotal()
{
    if (!m_pager)
        return false;
    if (m_pager->knownTotal())
        return true;
    auto n = m_pager->total();
    if (!n) {
        m_error = n.error().toString();
        emit pagingFailed(n.error().message);
        return false;
    }
    emit totalChanged(*n);
    return true;
}

qint64 ResultTreeModel::total() const
{
    if (m_pager)
        return m_pager->knownTotal().value_or(-1);
    return m_root->kind == ListNode ? childCount(m_root.get()) : -1;
}

void ResultTreeModel::setMaxCachedPages(int pages)
{
    m_maxPages = qMax(2, pages);
    evictLeastUsed(m_pages, m_maxPages);
}

const ResultTreeModel::Page *ResultTreeModel::page(int number) const
{
    auto it = m_pages.find(number);
    if (it == m_pages.end()) {
        if (!m_pager || number < 0 || m_pager->pageRows(number) <= 0)
            return nullptr;
        QElapsedTimer t;
        t.start();
        auto rows = m_pager->read(number, m_lastKeys.value(number - 1));
        Page fresh;
        if (rows) {
            if (m_pager->byKey() && !rows->isEmpty())
                m_lastKeys.insert(number, rows->last().value(m_pager->keyAttribute()));
            fresh.rows = std::make_shared<const RecordList>(std::move(*rows));
        } else {
            // Kept as an empty page, so a view painting its rows does not run it again and again.
            m_error = rows.error().toString();
            fresh.rows = std::make_shared<const RecordList>();
        }
        evictLeastUsed(m_pages, m_maxPages - 1); // room for the new page
        it = m_pages.insert(number, std::move(fresh));
        auto *self = const_cast<ResultTreeModel *>(this);
        if (rows)
            emit self->pageLoaded(number, int(it->rows->size()), t.elapsed());
        else
            emit self->pagingFailed(rows.error().message);
    }
    it->used = ++m_clock;
    return &*it;
}

std::shared_ptr<const Record> ResultTreeModel::rootRecord(int row) const
{
    if (row < 0)
        return nullptr;
    if (!m_pager) {
        if (m_root->kind != ListNode || !m_root->list || row >= m_root->list->size())
            return nullptr;
        return std::shared_ptr<const Record>(m_root->list, &m_root->list->at(row));
    }
    if (size_t(row) < m_root->children.size() && m_root->children.at(size_t(row))->record)
        return m_root->children.at(size_t(row))->record;
    const Page *p = page(row / m_pager->pageSize());
    const int i = row % m_pager->pageSize();
    if (!p || i >= p->rows->size())
        return nullptr;
    return std::shared_ptr<const Record>(p->rows, &p->rows->at(i));
}

std::shared_ptr<const Record> ResultTreeModel::recordOf(const Node *n) const
{
    if (n->paged && !n->record)
        return rootRecord(n->row);
    return n->record;
}

void ResultTreeModel::pin(Node *n) const
{
    if (!n->paged || n->record)
        return;
    if (auto r = rootRecord(n->row))
        n->record = std::make_shared<const Record>(*r);
}

ResultTreeModel::Node *ResultTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

int ResultTreeModel::pendingCount(const Node *n) const
{
    if (n == m_root.get() && m_pager) {
        const std::optional<qint64> total = m_pager->knownTotal();
        const qint64 shown = qint64(n->children.size());
        if (total)
            return int(qMin<qint64>(*total - shown, std::numeric_limits<int>::max()));
        return m_pager->pageRows(int(shown / m_pager->pageSize())) > 0 ? 1 : 0; // more, as far as we know
    }
    return n->complete ? 0 : childCount(n) - int(n->children.size());
}

void ResultTreeModel::populate(Node *n, int upTo) const
{
    if (n == m_root.get() && m_pager) {
        // Rows of a paged result: their records stay in the page cache until needed.
        for (int i = int(n->children.size()); i < upTo; ++i) {
            auto c = std::make_unique<Node>();
            c->kind = RecordNode;
            c->paged = true; // its key "[i]" is made when shown
            c->parent = n;
            c->row = i;
            n->children.push_back(std::move(c));
        }
        return;
    }
    if (n->paged)
        pin(n);
    const int total = childCount(n);
    const int end = qMin(total, upTo);
    for (int i = int(n->children.size()); i < end; ++i) {
        auto c = makeChild(n, i);
        c->parent = n;
        c->row = i;
        n->children.push_back(std::move(c));
    }
    n->complete = int(n->children.size()) >= total;
}

QModelIndex ResultTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= 2 || (parent.isValid() && parent.column() != 0))
        return {};
    Node *p = nodeOf(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children.at(size_t(row)).get());
}

QModelIndex ResultTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *n = nodeOf(child);
    Node *p = n->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, p);
}

int ResultTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ResultTreeModel::columnCount(const QModelIndex &) const
{
    return 2;
}

bool ResultTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *n = nodeOf(parent);
    if (n->paged && !n->record)
        return true; // a record: its fields at least
    return !n->children.empty() || childCount(n) > 0 || (n == m_root.get() && pendingCount(n) > 0);
}

bool ResultTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    Node *n = nodeOf(parent);
    pin(n);
    return pendingCount(n) > 0;
}

void ResultTreeModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() && parent.column() != 0)
        return;
    Node *n = nodeOf(parent);
    if (n == m_root.get() && m_pager && !m_pager->knownTotal() && !countTotal())
        return;
    pin(n);
    const int pending = pendingCount(n);
    if (pending <= 0)
        return;
    const int first = int(n->children.size());
    // A paged result grows by as many rows as it shows (at least a page), so the bottom is a few
    // scroll-bar drags away however long the result; records are read when a view shows them.
    const int add = qMin(pending, n == m_root.get() && m_pager ? qMax(m_pager->pageSize(), first) : m_batch);
    beginInsertRows(parent, first, first + add - 1);
    populate(n, first + add);
    endInsertRows();
}

QVariant ResultTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    if (n->paged && !n->record && index.column() == 1 && (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
        const auto r = recordOf(n);
        return r ? recordSummary(*r) : QStringLiteral("…");
    }
    if (n->paged && !n->record && (role == ModelNameRole || role == PrimaryKeyRole)) {
        const auto r = recordOf(n);
        if (!r || !r->model)
            return QVariant();
        return role == ModelNameRole ? QVariant(r->model->name) : r->pk();
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (index.column() == 0) {
            if (n->kind == AssociationNode || n->kind == ListNode)
                return QStringLiteral("%1 (%2)").arg(n->key).arg(childCount(n));
            if (n->paged)
                return QStringLiteral("[%1]").arg(n->row);
            return n->key;
        }
        switch (n->kind) {
        case RecordNode:
            return n->record ? recordSummary(*n->record) : QStringLiteral("null");
        case ThroughNode:
            return n->record && n->record->model ? QStringLiteral("join row (%1)").arg(n->record->model->tableName)
                                                 : QString();
        case AssociationNode:
            return QStringLiteral("%1 record%2").arg(childCount(n)).arg(childCount(n) == 1 ? QString() : QStringLiteral("s"));
        case ListNode:
            return QStringLiteral("%1 item%2").arg(childCount(n)).arg(childCount(n) == 1 ? QString() : QStringLiteral("s"));
        default:
            return n->value.isNull() ? QStringLiteral("null") : displayText(n->value);
        }
    case KindRole:
        return int(n->kind);
    case KeyRole:
        return n->paged ? QStringLiteral("[%1]").arg(n->row) : n->key;
    case RawValueRole:
        if (n->kind == AssociationNode)
            return true;
        if (n->kind == RecordNode)
            return n->value; // false for a to-one association node
        return n->value;
    case ModelNameRole:
        return n->record && n->record->model ? n->record->model->name : QVariant();
    case PrimaryKeyRole:
        return n->record && n->record->model ? n->record->pk() : QVariant();
    default:
        return {};
    }
}

QVariant ResultTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? QStringLiteral("Key") : QStringLiteral("Value");
}

} // namespace grumble

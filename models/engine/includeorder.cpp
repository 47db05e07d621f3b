// The `order` of a find with includes, as Sequelize's one joined query orders it.
//
// Sequelize sorts the joined rows (parent x child x grandchild ...) by the order entries and builds
// the tree in the order rows come: a parent, and each child within its parent, comes where its
// first joined row comes. Grumble reads each to-many level with a statement of its own, so a
// statement orders its rows by each entry's value on its FIRST joined row below: the column itself
// when the statement reads it (its own or a to-one's), else the value on the first row of the
// to-many include on the way, ordered the same way (a LEFT JOINed table of each parent's first
// child row, ROW_NUMBER() = 1, read once per statement), recursively. The database's own ordering
// decides, so NULLs come first or last as each dialect sorts them, exactly as in Sequelize's query.
// Ties are broken by the primary key (Sequelize leaves them to the database).

#include "includeplan.h"

#include <functional>

namespace grumble {

namespace {

bool isPlainList(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantList
            || v.metaType().id() == QMetaType::QStringList;
}

//! One entry of an `order` option, resolved.
struct OrderTerm
{
    const IncludeNode *node = nullptr; //!< the include whose column it is (the root: the model found)
    const Attribute *attribute = nullptr;
    QString direction;
    bool ownColumn = false; //!< an entry naming a column of the node ordered, without an include path
};

//! Finds the node an order path names: [] is the root, ["pugs"] its pugs include, ...
IncludeNode *nodeForPath(IncludeNode &root, const QStringList &path)
{
    IncludeNode *node = &root;
    for (const QString &step : path) {
        IncludeNode *next = nullptr;
        for (IncludeNode &child : node->children) {
            if (child.as->as == step || child.model->name.compare(step, Qt::CaseInsensitive) == 0
                || child.as->singular == step)
                next = &child;
        }
        if (!next)
            return nullptr;
        node = next;
    }
    return node;
}

//! The nodes from `from` down to `to`, both included; empty when `to` is not below `from`.
QVector<const IncludeNode *> pathTo(const IncludeNode &from, const IncludeNode *to)
{
    if (&from == to)
        return { &from };
    for (const IncludeNode &child : from.children) {
        QVector<const IncludeNode *> below = pathTo(child, to);
        if (!below.isEmpty()) {
            below.prepend(&from);
            return below;
        }
    }
    return {};
}

bool isDirection(const QVariant &v)
{
    const QString s = v.toString().toUpper();
    return v.metaType().id() == QMetaType::QString
            && (s == QLatin1String("ASC") || s == QLatin1String("DESC")
                || s.startsWith(QLatin1String("ASC NULLS"))
                || s.startsWith(QLatin1String("DESC NULLS")));
}

//! An entry's direction (taken off `parts`), checked.
Result<QString> takeDirection(IncludeNode &root, QVariantList &parts)
{
    QString direction = QStringLiteral("ASC");
    if (parts.size() >= 2 && isDirection(parts.last()))
        direction = parts.takeLast().toString().toUpper();
    else if (parts.size() >= 2 && parts.last().metaType().id() == QMetaType::QString
             && !parts.last().toString().isEmpty()
             && !nodeForPath(root, { parts.at(parts.size() - 2).toString() }))
        return makeError(ErrorKind::Syntax,
                         QStringLiteral("Order direction must be ASC or DESC, not '%1'")
                                 .arg(parts.last().toString()));
    static const QStringList allowed = { QStringLiteral("ASC"),
                                         QStringLiteral("DESC"),
                                         QStringLiteral("ASC NULLS FIRST"),
                                         QStringLiteral("ASC NULLS LAST"),
                                         QStringLiteral("DESC NULLS FIRST"),
                                         QStringLiteral("DESC NULLS LAST") };
    if (!allowed.contains(direction))
        return makeError(
                ErrorKind::Syntax,
                QStringLiteral("Order direction must be ASC or DESC, not '%1'").arg(direction));
    return direction;
}

//! An entry's include path and column: names, or {model, as} objects for the includes.
Result<QStringList> entryPath(const QVariantList &parts)
{
    QStringList path;
    for (const QVariant &p : parts) {
        if (isMapValue(p)) {
            const QVariantMap pm = p.toMap();
            path << (pm.contains(QStringLiteral("as")) ? pm.value(QStringLiteral("as"))
                                                       : pm.value(QStringLiteral("model")))
                            .toString();
        } else if (p.metaType().id() == QMetaType::QString) {
            path << p.toString();
        } else {
            return makeError(ErrorKind::Syntax,
                             QStringLiteral("An order entry is [column, direction] or "
                                            "[include, column, direction]"));
        }
    }
    return path;
}

//! One `order` entry resolved against the include tree below `root`.
Result<OrderTerm> parseEntry(const EngineCore &core, IncludeNode &root, const QVariant &entry)
{
    QVariantList parts = isPlainList(entry) ? entry.toList() : QVariantList{ entry };
    if (parts.isEmpty())
        return makeError(ErrorKind::Syntax, QStringLiteral("An order entry is empty"));
    auto direction = takeDirection(root, parts);
    if (!direction)
        return direction.error();
    auto path = entryPath(parts);
    if (!path)
        return path.error();
    const QString columnName = path->takeLast();
    IncludeNode *node = nodeForPath(root, *path);
    if (!node)
        return makeError(ErrorKind::UnknownAssociation,
                         QStringLiteral("order names '%1', which is not an include of this query")
                                 .arg(path->join(QLatin1Char('.'))));
    const Attribute *a = node->model->attribute(columnName);
    if (!a)
        return core.unknownAttribute(*node->model, columnName);
    return OrderTerm{ node, a, *direction, path->isEmpty() };
}

//! What a statement orders by: each term's expression (no direction) with the term's index, and
//! the joins of the first-row tables they read.
struct HeadOrder
{
    QList<std::pair<int, QString>> values;
    SqlFragment joins;
};

//! Builds the order terms of each statement of an include tree.
class OrderWriter
{
public:
    OrderWriter(const EngineCore &core, const QVector<OrderTerm> &terms) : core(core), terms(terms)
    {
    }

    //! The order of the statement headed by `head` (the root or a to-many include): every entry on
    //! a node at or below it, by its value on the row's first joined row below. A to-many include
    //! on the way is LEFT JOINed as a table of its first row per parent (ROW_NUMBER() = 1), read
    //! once, so the cost does not depend on an index on its foreign key.
    Result<HeadOrder> headOrder(const IncludeNode &head) const
    {
        HeadOrder out;
        QVector<std::pair<const IncludeNode *, QVector<int>>> below; // to-many child, its terms
        QVector<const IncludeNode *> parents;
        for (int t = 0; t < terms.size(); ++t) {
            const QVector<const IncludeNode *> path = pathTo(head, terms.at(t).node);
            if (path.isEmpty() || !joinedBelow(path))
                continue;
            int i = 1;
            while (i < path.size() && !path.at(i)->toMany())
                ++i;
            if (i == path.size()) {
                out.values << std::make_pair(t, core.column(terms.at(t).node->alias, *terms.at(t).attribute));
                continue;
            }
            int k = 0;
            while (k < below.size() && below.at(k).first != path.at(i))
                ++k;
            if (k == below.size())
                below << std::make_pair(path.at(i), QVector<int>()), parents << path.at(i - 1);
            below[k].second << t;
            out.values << std::make_pair(t, core.quote(firstRowAlias(*path.at(i))) + QLatin1Char('.')
                                                    + core.quote(QStringLiteral("_v%1").arg(t)));
        }
        for (int k = 0; k < below.size(); ++k) {
            auto join = firstRowJoin(*parents.at(k), *below.at(k).first, below.at(k).second);
            if (!join)
                return join.error();
            out.joins << *join;
        }
        return out;
    }

    //! The terms with their directions, in the order of `order`.
    QList<SqlFragment> withDirections(const HeadOrder &order) const
    {
        QList<SqlFragment> out;
        for (const auto &value : order.values)
            out << SqlFragment(value.second + QLatin1Char(' ') + terms.at(value.first).direction);
        return out;
    }

private:
    //! Whether Sequelize's joined query reaches the path's end from its start: a separate include
    //! on the way is read by a query of its own.
    static bool joinedBelow(const QVector<const IncludeNode *> &path)
    {
        for (int i = 1; i < path.size(); ++i) {
            if (path.at(i)->separate)
                return false;
        }
        return true;
    }

    static QString firstRowAlias(const IncludeNode &child) { return child.alias + QStringLiteral("->first"); }

    //! ` LEFT OUTER JOIN (SELECT key, values, ROW_NUMBER() OVER (PARTITION BY key ORDER BY its
    //! terms) FROM the child's rows, filtered as its own statement filters them) ON key = parent's
    //! key AND row number = 1`: the values of `wanted` terms on each parent's first child row.
    Result<SqlFragment> firstRowJoin(const IncludeNode &parent, const IncludeNode &child,
                                     const QVector<int> &wanted) const
    {
        IncludeNode node = child; // a copy: addToOneJoins lays its columns out
        SelectStatement st;
        QString keyColumn;
        st.from = toManyFrom(core, node, &keyColumn);
        GRUMBLE_TRY(addToOneJoins(core, node, st, true));
        auto inner = headOrder(child);
        if (!inner)
            return inner.error();
        st.from << inner->joins;
        GRUMBLE_TRY(addOwnFilters(core, node, st));
        st.where << child.pathFilters;
        st.columns = { keyColumn + QStringLiteral(" AS ") + core.quote(QStringLiteral("_p")) };
        for (const auto &value : inner->values) {
            if (wanted.contains(value.first))
                st.columns << value.second + QStringLiteral(" AS ")
                                + core.quote(QStringLiteral("_v%1").arg(value.first));
        }
        QStringList order;
        for (const SqlFragment &term : withDirections(*inner))
            order << term.text;
        st.columns << QStringLiteral("ROW_NUMBER() OVER (PARTITION BY ") + keyColumn
                        + QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "))
                        + QStringLiteral(") AS ") + core.quote(QStringLiteral("_n"));
        const QString alias = core.quote(firstRowAlias(child));
        return (SqlFragment(QStringLiteral(" LEFT OUTER JOIN (")) << st.select())
                << QStringLiteral(") AS ") + alias + QStringLiteral(" ON ") + alias
                        + QStringLiteral(".") + core.quote(QStringLiteral("_p")) + QStringLiteral(" = ")
                        + core.column(parent.alias, *parent.model->attribute(child.as->sourceKey))
                        + QStringLiteral(" AND ") + alias + QLatin1Char('.')
                        + core.quote(QStringLiteral("_n")) + QStringLiteral(" = 1");
    }

    const EngineCore &core;
    const QVector<OrderTerm> &terms;
};

//! Appends the terms (and their joins) of every statement below `head`, itself included.
Result<void> writeTerms(const OrderWriter &writer, IncludeNode &head)
{
    std::function<Result<void>(IncludeNode &)> visit = [&](IncludeNode &node) -> Result<void> {
        if (&node == &head || node.toMany()) {
            auto order = writer.headOrder(node);
            if (!order)
                return order.error();
            node.orderTerms << writer.withDirections(*order);
            node.orderJoins << order->joins;
        }
        for (IncludeNode &child : node.children)
            GRUMBLE_TRY(visit(child));
        return {};
    };
    return visit(head);
}

} // namespace

Result<void> applyOrder(const EngineCore &core, IncludeNode &root, const QVariantList &order)
{
    QVector<OrderTerm> terms;
    for (const QVariant &entry : order) {
        auto term = parseEntry(core, root, entry);
        if (!term)
            return term.error();
        terms << *term;
        if (term->ownColumn)
            root.ownOrderTerms << SqlFragment(core.column(root.alias, *term->attribute)
                                              + QLatin1Char(' ') + term->direction);
    }
    if (terms.isEmpty())
        return {};
    return writeTerms(OrderWriter(core, terms), root);
}

Result<void> applyOwnOrder(const EngineCore &core, IncludeNode &node, const QVariantList &order)
{
    return applyOrder(core, node, order);
}

SqlFragment orderClause(const EngineCore &core, const IncludeNode &head,
                        const QList<SqlFragment> &terms)
{
    QList<SqlFragment> all = terms;
    for (const QString &k : head.model->primaryKey)
        all << SqlFragment(core.column(head.alias, *head.model->attribute(k))
                           + QStringLiteral(" ASC"));
    if (all.isEmpty()) // a table without a primary key, no order asked: the database's order
        return SqlFragment();
    return SqlFragment::join(all, QStringLiteral(", ")).wrapped(QStringLiteral(" ORDER BY "));
}

SqlFragment orderClause(const EngineCore &core, const IncludeNode &head)
{
    return orderClause(core, head, head.orderTerms);
}

bool hasDuplicatingInclude(const IncludeNode &node)
{
    for (const IncludeNode &child : node.children) {
        if ((child.toMany() && !child.separate) || hasDuplicatingInclude(child))
            return true;
    }
    return false;
}

} // namespace grumble

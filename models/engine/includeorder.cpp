// The `order` of a find with includes, as Sequelize's one joined query orders it.
//
// Sequelize sorts the joined rows (parent x child x grandchild ...) by the order entries and builds
// the tree in the order rows come: a parent, and each child within its parent, comes where its
// first joined row comes. Grumble reads each to-many level with a statement of its own, so a
// statement orders its rows by each entry's value on its FIRST joined row below: the column itself
// when the statement reads it (its own or a to-one's), else a correlated subquery that picks the
// first row of the to-many include on the way, ordered the same way (LIMIT 1), recursively. The
// database's own ordering decides, so NULLs come first or last as each dialect sorts them, exactly
// as in Sequelize's query. Ties are broken by the primary key (Sequelize leaves them to the database).

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

//! Builds the order terms of each statement of an include tree.
class OrderWriter
{
public:
    OrderWriter(const EngineCore &core, const QVector<OrderTerm> &terms) : core(core), terms(terms)
    {
    }

    //! The terms of the statement headed by `head` (the root or a to-many include): every entry
    //! on a node at or below it, by its value on the row's first joined row below.
    Result<QList<SqlFragment>> headTerms(const IncludeNode &head) const
    {
        QList<SqlFragment> out;
        for (const OrderTerm &term : terms) {
            const QVector<const IncludeNode *> path = pathTo(head, term.node);
            if (path.isEmpty() || !joinedBelow(path))
                continue;
            auto value = termValue(path, term);
            if (!value)
                return value.error();
            out << (*value << QLatin1Char(' ') + term.direction);
        }
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

    //! The value of `term` for a row of the statement headed by path[0]: its column when that
    //! statement reads it, else the value on the first row of the to-many include on the way.
    Result<SqlFragment> termValue(const QVector<const IncludeNode *> &path, const OrderTerm &term) const
    {
        for (int i = 1; i < path.size(); ++i) {
            if (path.at(i)->toMany())
                return firstRowValue(*path.at(i - 1), path.mid(i), term);
        }
        return SqlFragment(core.column(term.node->alias, *term.attribute));
    }

    //! `(SELECT value FROM children of parent's row ... ORDER BY their terms LIMIT 1)`: the rows
    //! the to-many include path[0] has under that parent, filtered as its own statement filters them.
    Result<SqlFragment> firstRowValue(const IncludeNode &parent,
                                      const QVector<const IncludeNode *> &path,
                                      const OrderTerm &term) const
    {
        const IncludeNode &child = *path.first();
        IncludeNode node = child; // a copy: addToOneJoins lays its columns out
        SelectStatement st;
        QString keyColumn;
        st.from = toManyFrom(core, node, &keyColumn);
        st.where << keyColumn + QStringLiteral(" = ")
                        + core.column(parent.alias,
                                      *parent.model->attribute(child.as->sourceKey));
        GRUMBLE_TRY(addToOneJoins(core, node, st, true));
        GRUMBLE_TRY(addOwnFilters(core, node, st));
        st.where << child.pathFilters;
        auto value = termValue(path, term);
        if (!value)
            return value.error();
        auto order = headTerms(child);
        if (!order)
            return order.error();
        return SqlFragment(QStringLiteral("(SELECT "))
                << *value << QStringLiteral(" FROM ") << st.from << QStringLiteral(" WHERE ")
                << SqlFragment::join(st.where, QStringLiteral(" AND "))
                << QStringLiteral(" ORDER BY ") << SqlFragment::join(*order, QStringLiteral(", "))
                << QStringLiteral(" LIMIT 1)");
    }

    const EngineCore &core;
    const QVector<OrderTerm> &terms;
};

//! Appends the terms of every statement below `head` (itself included) to their orderTerms.
Result<void> writeTerms(const OrderWriter &writer, IncludeNode &head)
{
    std::function<Result<void>(IncludeNode &)> visit = [&](IncludeNode &node) -> Result<void> {
        if (&node == &head || node.toMany()) {
            auto terms = writer.headTerms(node);
            if (!terms)
                return terms.error();
            node.orderTerms << *terms;
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

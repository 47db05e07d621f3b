// Include planning: the tree of a find's includes (aliases, projections, order) and the joins,
// EXISTS filters and FROM clauses of the statements that read it. See includeplan.h.

#include "includeplan.h"

#include <functional>

namespace grumble {

namespace {

bool isPlainList(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantList
            || v.metaType().id() == QMetaType::QStringList;
}

//! Builds the include tree: resolves each include to an association, names its aliases.
class Planner
{
public:
    explicit Planner(const EngineCore &core) : core(core) { }

    Result<void> build(IncludeNode &node, const QVector<IncludeOptions> &incs)
    {
        for (int i = 0; i < incs.size(); ++i) {
            const IncludeOptions &inc = incs.at(i);
            const Association *as = core.schema.findAssociation(node.model->name, inc.name);
            if (!as) {
                const Model *target = core.schema.model(inc.name);
                QStringList names;
                for (const Association *a : core.schema.associationsOf(node.model->name))
                    names << a->as;
                if (target) {
                    int n = 0;
                    for (const Association *a : core.schema.associationsOf(node.model->name))
                        n += a->target == target->name;
                    if (n > 1)
                        return makeError(ErrorKind::UnknownAssociation,
                                         QStringLiteral("%1 is associated to %2 several times: "
                                                        "name the alias (one of: %3)")
                                                 .arg(target->name, node.model->name,
                                                      names.join(QStringLiteral(", "))));
                    return makeError(ErrorKind::UnknownAssociation,
                                     QStringLiteral("%1 is not associated to %2!")
                                             .arg(target->name, node.model->name));
                }
                return makeError(
                        ErrorKind::UnknownAssociation,
                        QStringLiteral(
                                "%1 has no association or model named '%2' to include (it has: %3)")
                                .arg(node.model->name, inc.name,
                                     names.isEmpty() ? QStringLiteral("none")
                                                     : names.join(QStringLiteral(", "))));
            }
            IncludeNode child;
            child.as = as;
            child.model = core.schema.model(as->target);
            child.through = as->through.isEmpty() ? nullptr : core.schema.model(as->through);
            child.alias = aliasFor(node.as ? node.alias + QStringLiteral("->") + as->as : as->as);
            if (child.through)
                child.throughAlias =
                        aliasFor(child.alias + QStringLiteral("->") + child.through->name);
            child.where = inc.where;
            child.required = inc.required.value_or(inc.where.isValid() && !inc.where.isNull());
            child.throughWhere = inc.throughWhere;
            child.includeIndex = int(node.children.size());
            if (inc.attributes) {
                auto p = projection(*child.model, *inc.attributes);
                if (!p)
                    return p.error();
                child.projection = *p;
            }
            if (inc.throughAttributes) {
                if (!child.through)
                    return makeError(
                            ErrorKind::Syntax,
                            QStringLiteral("%1 is not a belongsToMany: it has no through options")
                                    .arg(as->as));
                if (inc.throughAttributes->isEmpty()) {
                    child.showThrough = false;
                } else {
                    auto p = projection(*child.through, *inc.throughAttributes);
                    if (!p)
                        return p.error();
                    child.throughProjection = *p;
                }
            }
            if (child.throughWhere.isValid() && !child.through)
                return makeError(
                        ErrorKind::Syntax,
                        QStringLiteral("%1 is not a belongsToMany: it has no through options")
                                .arg(as->as));
            GRUMBLE_TRY(build(child, inc.include));
            node.children.push_back(std::move(child));
        }
        return {};
    }

    Result<QVector<int>> projection(const Model &m, const QStringList &names)
    {
        QVector<int> out;
        for (const QString &n : names) {
            const int i = m.indexOf(n);
            if (i < 0)
                return core.unknownAttribute(m, n);
            out << i;
        }
        return out;
    }

    QString aliasFor(const QString &path)
    {
        const int max = core.dialect.maxIdentifierLength();
        if (max && path.toUtf8().size() > max)
            return QStringLiteral("_a%1").arg(++m_aliases);
        return path;
    }

    const EngineCore &core;
    int m_aliases = 0;
};

} // namespace

//! The ON condition joining a to-one child to its parent's alias.
static QString toOneCondition(const EngineCore &core, const IncludeNode &parent,
                              const IncludeNode &child)
{
    const Association &a = *child.as;
    if (a.kind == AssociationKind::BelongsTo)
        return core.column(parent.alias, *parent.model->attribute(a.foreignKey))
                + QStringLiteral(" = ")
                + core.column(child.alias, *child.model->attribute(a.targetKey));
    return core.column(child.alias, *child.model->attribute(a.foreignKey)) + QStringLiteral(" = ")
            + core.column(parent.alias, *parent.model->attribute(a.sourceKey));
}

static Result<void> addExists(const EngineCore &core, const IncludeNode &parent,
                              const IncludeNode &child, SelectStatement &outer);

Result<void> addToOneJoins(const EngineCore &core, IncludeNode &node, SelectStatement &st,
                           bool selecting)
{
    for (IncludeNode &child : node.children) {
        if (child.toMany()) {
            if (child.required)
                GRUMBLE_TRY(addExists(core, node, child, st));
            continue;
        }
        if (!selecting && !child.required)
            continue;
        if (selecting) {
            child.col = int(st.columns.size());
            for (const Attribute &a : child.model->attributes)
                st.columns << core.selected(child.alias, a);
        }
        auto where = core.compileWhere(*child.model, child.alias, child.where);
        if (!where)
            return where.error();
        st.from << (child.required ? QStringLiteral(" INNER JOIN ")
                                   : QStringLiteral(" LEFT OUTER JOIN "))
                        + core.table(*child.model) + QStringLiteral(" AS ")
                        + core.quote(child.alias) + QStringLiteral(" ON ")
                        + toOneCondition(core, node, child)
                << where->wrapped(QStringLiteral(" AND "));
        GRUMBLE_TRY(addToOneJoins(core, child, st, selecting));
    }
    return {};
}

QString toManyFrom(const EngineCore &core, const IncludeNode &node, QString *parentKeyColumn)
{
    const Association &association = *node.as;
    if (association.kind == AssociationKind::BelongsToMany) {
        *parentKeyColumn =
                core.column(node.throughAlias, *node.through->attribute(association.foreignKey));
        return core.table(*node.through) + QStringLiteral(" AS ") + core.quote(node.throughAlias)
                + QStringLiteral(" INNER JOIN ") + core.table(*node.model) + QStringLiteral(" AS ")
                + core.quote(node.alias) + QStringLiteral(" ON ")
                + core.column(node.alias, *node.model->attribute(association.targetKey))
                + QStringLiteral(" = ")
                + core.column(node.throughAlias, *node.through->attribute(association.otherKey));
    }
    *parentKeyColumn = core.column(node.alias, *node.model->attribute(association.foreignKey));
    return core.table(*node.model) + QStringLiteral(" AS ") + core.quote(node.alias);
}

Result<void> addOwnFilters(const EngineCore &core, const IncludeNode &node, SelectStatement &st)
{
    auto where = core.compileWhere(*node.model, node.alias, node.where);
    if (!where)
        return where.error();
    if (!where->isEmpty())
        st.where << *where;
    if (node.through) {
        auto throughWhere = core.compileWhere(*node.through, node.throughAlias, node.throughWhere);
        if (!throughWhere)
            return throughWhere.error();
        if (!throughWhere->isEmpty())
            st.where << *throughWhere;
    }
    return {};
}

static Result<void> addExists(const EngineCore &core, const IncludeNode &parent,
                              const IncludeNode &child, SelectStatement &outer)
{
    IncludeNode node = child; // a copy: its own column layout; nothing is selected
    SelectStatement st;
    QString keyCol;
    st.from = toManyFrom(core, node, &keyCol);
    st.where << keyCol + QStringLiteral(" = ")
                    + core.column(parent.alias, *parent.model->attribute(node.as->sourceKey));
    GRUMBLE_TRY(addToOneJoins(core, node, st, false));
    GRUMBLE_TRY(addOwnFilters(core, node, st));
    outer.where << (SqlFragment("EXISTS (SELECT 1 FROM ")
                    << st.from << QStringLiteral(" WHERE ")
                    << SqlFragment::join(st.where, QStringLiteral(" AND ")) << QStringLiteral(")"));
    return {};
}

//! Finds the node an order path names: [] is the root, ["pugs"] its pugs include, ...
static IncludeNode *nodeForPath(IncludeNode &root, const QStringList &path)
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

//! The to-many node (or root) whose statement reads `target`.
static IncludeNode *statementHead(IncludeNode &root, IncludeNode *target)
{
    std::function<IncludeNode *(IncludeNode &, IncludeNode *)> walk =
            [&](IncludeNode &node, IncludeNode *head) -> IncludeNode * {
        if (&node == target)
            return head;
        for (IncludeNode &child : node.children) {
            if (IncludeNode *h = walk(child, child.toMany() ? &child : head))
                return h;
        }
        return nullptr;
    };
    return walk(root, &root);
}

Result<void> applyOrder(const EngineCore &core, IncludeNode &root, const QVariantList &order)
{
    for (const QVariant &entry : order) {
        QVariantList parts = isPlainList(entry) ? entry.toList() : QVariantList{ entry };
        if (parts.isEmpty())
            return makeError(ErrorKind::Syntax, QStringLiteral("An order entry is empty"));
        QString direction = QStringLiteral("ASC");
        auto isDirection = [](const QVariant &v) {
            const QString s = v.toString().toUpper();
            return v.metaType().id() == QMetaType::QString
                    && (s == QLatin1String("ASC") || s == QLatin1String("DESC")
                        || s.startsWith(QLatin1String("ASC NULLS"))
                        || s.startsWith(QLatin1String("DESC NULLS")));
        };
        if (parts.size() >= 2 && isDirection(parts.last()))
            direction = parts.takeLast().toString().toUpper();
        else if (parts.size() >= 2 && parts.last().metaType().id() == QMetaType::QString
                 && !parts.last().toString().isEmpty() && parts.size() > 1
                 && !nodeForPath(root, { parts.at(parts.size() - 2).toString() }))
            return makeError(ErrorKind::Syntax,
                             QStringLiteral("Order direction must be ASC or DESC, not '%1'")
                                     .arg(parts.last().toString()));
        if (direction != QLatin1String("ASC") && direction != QLatin1String("DESC")
            && direction != QLatin1String("ASC NULLS FIRST")
            && direction != QLatin1String("ASC NULLS LAST")
            && direction != QLatin1String("DESC NULLS FIRST")
            && direction != QLatin1String("DESC NULLS LAST"))
            return makeError(
                    ErrorKind::Syntax,
                    QStringLiteral("Order direction must be ASC or DESC, not '%1'").arg(direction));
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
        const QString columnName = path.takeLast();
        IncludeNode *node = nodeForPath(root, path);
        if (!node)
            return makeError(
                    ErrorKind::UnknownAssociation,
                    QStringLiteral("order names '%1', which is not an include of this query")
                            .arg(path.join(QLatin1Char('.'))));
        const Attribute *a = node->model->attribute(columnName);
        if (!a)
            return core.unknownAttribute(*node->model, columnName);
        IncludeNode *head = statementHead(root, node);
        head->orderTerms << core.column(node->alias, *a) + QLatin1Char(' ') + direction;
    }
    return {};
}

QString orderClause(const EngineCore &core, const IncludeNode &head)
{
    QStringList terms = head.orderTerms;
    for (const QString &k : head.model->primaryKey)
        terms << core.column(head.alias, *head.model->attribute(k)) + QStringLiteral(" ASC");
    if (terms.isEmpty()) // a table without a primary key, no order asked: the database's order
        return QString();
    return QStringLiteral(" ORDER BY ") + terms.join(QStringLiteral(", "));
}

bool filtersThroughIncludes(const IncludeNode &head)
{
    for (const IncludeNode &c : head.children) {
        if (c.required)
            return true;
        if (!c.toMany() && filtersThroughIncludes(c))
            return true;
    }
    return false;
}

Result<void> planIncludes(const EngineCore &core, IncludeNode &root,
                          const QVector<IncludeOptions> &includes)
{
    return Planner(core).build(root, includes);
}

Result<QVector<int>> attributeProjection(const EngineCore &core, const Model &model,
                                         const QStringList &names)
{
    return Planner(core).projection(model, names);
}

} // namespace grumble

// Include planning: the tree of a find's includes (aliases, projections, order) and the joins,
// EXISTS filters and FROM clauses of the statements that read it. See includeplan.h.

#include "includeplan.h"

#include <functional>

namespace grumble {

namespace {

QString kindName(AssociationKind kind)
{
    switch (kind) {
    case AssociationKind::BelongsTo:
        return QStringLiteral("BelongsTo");
    case AssociationKind::HasOne:
        return QStringLiteral("HasOne");
    case AssociationKind::HasMany:
        return QStringLiteral("HasMany");
    case AssociationKind::BelongsToMany:
        return QStringLiteral("BelongsToMany");
    }
    return QString();
}

//! `a` then the items of `b` it lacks (lodash's union), with their parallel keys.
void unite(QStringList &a, QStringList &aKeys, const QStringList &b, const QStringList &bKeys)
{
    for (int i = 0; i < b.size(); ++i) {
        if (a.contains(b.at(i)) && aKeys.value(a.indexOf(b.at(i))) == bKeys.value(i, b.at(i)))
            continue;
        a << b.at(i);
        aKeys << bKeys.value(i, b.at(i));
    }
}

//! A where object merged into another (Object.assign: the later keys win).
QVariant mergedWhere(const QVariant &a, const QVariant &b)
{
    if (!b.isValid())
        return a;
    if (!isMapValue(a) || !isMapValue(b))
        return b;
    QVariantMap m = a.toMap();
    const QVariantMap add = b.toMap();
    for (auto it = add.begin(); it != add.end(); ++it)
        m.insert(it.key(), it.value());
    return m;
}

//! Merges a second include of the same association into the first, as Sequelize's
//! `_assignOptions` does: arrays united, wheres assigned, other options from the later one.
void mergeInclude(IncludeOptions &a, const IncludeOptions &b)
{
    if (b.required)
        a.required = b.required;
    a.where = mergedWhere(a.where, b.where);
    a.throughWhere = mergedWhere(a.throughWhere, b.throughWhere);
    AttributeSelection &sa = a.attributeSelection;
    const AttributeSelection &sb = b.attributeSelection;
    if (sb.only && sa.only)
        unite(*sa.only, sa.onlyAs, *sb.only, sb.onlyAs);
    else if (sb.only)
        sa.only = sb.only, sa.onlyAs = sb.onlyAs;
    QStringList excludeKeys = sa.exclude;
    unite(sa.exclude, excludeKeys, sb.exclude, sb.exclude);
    unite(sa.extra, sa.extraAs, sb.extra, sb.extraAs);
    if (b.attributes && a.attributes && !sb.isSet()) {
        QStringList keys = *a.attributes;
        unite(*a.attributes, keys, *b.attributes, *b.attributes);
    } else if (b.attributes || sa.only) {
        a.attributes = sa.only ? sa.only : b.attributes;
    }
    if (b.throughAttributes && a.throughAttributes) {
        QStringList keys = *a.throughAttributes;
        unite(*a.throughAttributes, keys, *b.throughAttributes, *b.throughAttributes);
    } else if (b.throughAttributes) {
        a.throughAttributes = b.throughAttributes;
    }
    a.include << b.include;
    if (b.separate)
        a.separate = b.separate;
    if (b.limit)
        a.limit = b.limit;
    if (!b.order.isEmpty())
        a.order = b.order;
}

//! Builds the include tree: expands `all`, resolves each include to an association (Sequelize's
//! rules and messages), merges repeated ones, names the aliases.
class Planner
{
public:
    explicit Planner(const EngineCore &core) : core(core) { }

    Result<void> build(IncludeNode &node, QVector<IncludeOptions> incs)
    {
        QVector<std::pair<const Association *, IncludeOptions>> merged;
        auto add = [&](const IncludeOptions &inc) -> Result<void> {
            auto as = resolve(*node.model, inc);
            if (!as)
                return as.error();
            for (auto &m : merged) {
                if (m.first == *as) {
                    mergeInclude(m.second, inc);
                    return {};
                }
            }
            merged.push_back({ *as, inc });
            return {};
        };
        QVector<IncludeOptions> alls;
        for (const IncludeOptions &inc : incs) {
            if (!inc.all.isEmpty())
                alls << inc;
            else
                GRUMBLE_TRY(add(inc));
        }
        for (const IncludeOptions &all : alls) {
            QVector<IncludeOptions> expanded;
            for (const auto &m : merged)
                expanded << assigned(m.first);
            const int explicitCount = int(expanded.size());
            expandAll(*node.model, expanded, all);
            for (int i = explicitCount; i < expanded.size(); ++i)
                GRUMBLE_TRY(add(expanded.at(i)));
        }
        for (auto &m : merged)
            GRUMBLE_TRY(addChild(node, m.first, m.second));
        return {};
    }

    //! An include naming one association directly (what `all` adds).
    static IncludeOptions assigned(const Association *as)
    {
        IncludeOptions inc;
        inc.associationId = as->id;
        inc.name = as->as;
        return inc;
    }

    //! Sequelize's _expandIncludeAllElement: every association of the kinds asked not yet in
    //! `list`, each a copy of `all`; with nested, recursively, skipping models on the way (its
    //! `used` list, kept as Sequelize keeps it).
    void expandAll(const Model &model, QVector<IncludeOptions> &list, IncludeOptions all)
    {
        const QStringList kinds = all.all;
        const bool nested = all.nested;
        all.all.clear();
        all.nested = false;
        QVector<const Model *> used;
        std::function<void(const Model &, QVector<IncludeOptions> &)> addAll =
                [&](const Model &parent, QVector<IncludeOptions> &includes) {
                    for (const Association *as : core.schema.associationsOf(parent.name)) {
                        if (kinds.first() != QLatin1String("All")
                            && !kinds.contains(kindName(as->kind)))
                            continue;
                        const Model *target = core.schema.model(as->target);
                        if (!target || listed(parent, includes, *as))
                            continue;
                        if (nested && used.contains(target))
                            continue;
                        used.push_back(&parent);
                        IncludeOptions one = all;
                        one.associationId = as->id;
                        one.name = as->as;
                        one.model.clear();
                        one.as.clear();
                        includes.push_back(one);
                        if (nested)
                            addAll(*target, includes.back().include);
                    }
                    if (!used.isEmpty())
                        used.pop_back();
                };
        addAll(model, list);
    }

    //! Whether `includes` (of `parent`) already has an include of `as`'s target (and alias).
    bool listed(const Model &parent, const QVector<IncludeOptions> &includes, const Association &as)
    {
        for (const IncludeOptions &inc : includes) {
            auto other = resolve(parent, inc);
            if (other && (*other)->target == as.target && (!as.aliased || (*other)->as == as.as))
                return true;
        }
        return false;
    }

    Result<const Association *> resolve(const Model &source, const IncludeOptions &inc)
    {
        if (inc.associationId >= 0 && inc.associationId < int(core.schema.associations().size()))
            return &core.schema.associations().at(inc.associationId);
        const auto candidates = core.schema.associationsOf(source.name);
        if (inc.model.isEmpty()) { // a string or {association}: an alias (Grumble: or a model name)
            for (const Association *a : candidates) {
                if (a->as == inc.name)
                    return a;
            }
            for (const Association *a : candidates) {
                if (a->singular == inc.name || a->plural == inc.name)
                    return a;
            }
            if (!inc.as.isEmpty() || !core.schema.model(inc.name))
                return noSuchAlias(source, inc.name, candidates);
        }
        const Model *target = core.schema.model(inc.model.isEmpty() ? inc.name : inc.model);
        if (!target)
            return makeError(ErrorKind::UnknownAssociation,
                             QStringLiteral("Unknown model '%1' in include").arg(inc.model));
        return byModel(source, *target, inc.model.isEmpty() ? QString() : inc.as, candidates);
    }

    Error noSuchAlias(const Model &source, const QString &name,
                      const QVector<const Association *> &candidates)
    {
        QStringList names;
        for (const Association *a : candidates)
            names << a->as;
        return makeError(
                ErrorKind::UnknownAssociation,
                QStringLiteral("Association with alias \"%1\" does not exist on %2 (it has: %3)")
                        .arg(name, source.name,
                             names.isEmpty() ? QStringLiteral("none")
                                             : names.join(QStringLiteral(", "))));
    }

    //! Sequelize's _getIncludedAssociation: `{model}` needs the unaliased association, `{model, as}`
    //! the one with that alias.
    Result<const Association *> byModel(const Model &source, const Model &target, const QString &as,
                                        const QVector<const Association *> &candidates)
    {
        QVector<const Association *> to;
        QStringList aliases;
        for (const Association *a : candidates) {
            if (a->target == target.name)
                to << a, aliases << a->as;
        }
        if (to.isEmpty())
            return makeError(
                    ErrorKind::UnknownAssociation,
                    QStringLiteral("%1 is not associated to %2!").arg(target.name, source.name));
        for (const Association *a : to) {
            if (as.isEmpty() ? !a->aliased : (a->as == as || a->singular == as || a->plural == as))
                return a;
        }
        if (to.size() > 1)
            return makeError(
                    ErrorKind::UnknownAssociation,
                    QStringLiteral("%1 is associated to %2 multiple times. To identify the correct "
                                   "association, you must use the 'as' keyword to specify the "
                                   "alias of the association you want to include (one of: %3).")
                            .arg(target.name, source.name, aliases.join(QStringLiteral(", "))));
        if (!as.isEmpty())
            return makeError(
                    ErrorKind::UnknownAssociation,
                    QStringLiteral(
                            "%1 is associated to %2 using an alias. You've included an alias "
                            "(%3), but it does not match the alias(es) defined in your "
                            "association (%4).")
                            .arg(target.name, source.name, as, aliases.join(QStringLiteral(", "))));
        return makeError(
                ErrorKind::UnknownAssociation,
                QStringLiteral(
                        "%1 is associated to %2 using an alias. You must use the 'as' "
                        "keyword to specify the alias within your include statement. (alias: %3)")
                        .arg(target.name, source.name, aliases.join(QStringLiteral(", "))));
    }

    Result<void> addChild(IncludeNode &node, const Association *as, const IncludeOptions &inc)
    {
        IncludeNode child;
        child.as = as;
        child.model = core.schema.model(as->target);
        child.through = as->through.isEmpty() ? nullptr : core.schema.model(as->through);
        child.alias = aliasFor(node.as ? node.alias + QStringLiteral("->") + as->as : as->as);
        if (child.through)
            child.throughAlias = aliasFor(child.alias + QStringLiteral("->") + child.through->name);
        child.where = inc.where;
        child.required = inc.required.value_or(inc.where.isValid() && !inc.where.isNull());
        child.throughWhere = inc.throughWhere;
        child.includeIndex = int(node.children.size());
        child.separate = inc.separate.value_or(inc.limit.has_value());
        child.limit = inc.limit;
        if (child.separate && as->kind != AssociationKind::HasMany)
            return makeError(
                    ErrorKind::Syntax,
                    QStringLiteral(
                            "Only HasMany associations support include.separate (%1 is a %2)")
                            .arg(as->as, associationKindName(as->kind)));
        GRUMBLE_TRY(applyAttributes(core, child, inc.attributes, inc.attributeSelection));
        if (child.separate)
            keepSeparateKeys(node, child);
        GRUMBLE_TRY(throughOptions(child, inc));
        GRUMBLE_TRY(build(child, inc.include));
        GRUMBLE_TRY(applyOwnOrder(core, child, inc.order));
        node.children.push_back(std::move(child));
        return {};
    }

    //! A separate include's parent shows the source key it is read by (Sequelize adds it to the
    //! parent's attributes; the child's foreign key is read but not shown).
    void keepSeparateKeys(IncludeNode &parent, IncludeNode &child)
    {
        const int sk = parent.model->indexOf(child.as->sourceKey);
        if (!parent.projection.isEmpty() && sk >= 0 && !parent.projection.contains(sk)) {
            parent.projection << sk;
            if (!parent.keys.isEmpty())
                parent.keys << child.as->sourceKey;
        }
    }

    Result<void> throughOptions(IncludeNode &child, const IncludeOptions &inc)
    {
        if ((inc.throughAttributes
             || (child.throughWhere.isValid() && !child.throughWhere.isNull()))
            && !child.through)
            return makeError(ErrorKind::Syntax,
                             QStringLiteral("%1 is not a belongsToMany: it has no through options")
                                     .arg(child.as->as));
        if (!inc.throughAttributes)
            return {};
        if (inc.throughAttributes->isEmpty()) {
            child.showThrough = false;
            return {};
        }
        auto p = projection(*child.through, *inc.throughAttributes);
        if (!p)
            return p.error();
        child.throughProjection = *p;
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

//! Whether a child of `node` is required (its join or EXISTS filters `node`'s rows).
static bool hasRequiredChild(const IncludeNode &node)
{
    for (const IncludeNode &c : node.children) {
        if (c.required)
            return true;
    }
    return false;
}

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
        const QString table =
                core.table(*child.model) + QStringLiteral(" AS ") + core.quote(child.alias);
        const QString on = QStringLiteral(" ON ") + toOneCondition(core, node, child);
        if (child.required || !hasRequiredChild(child)) {
            st.from << (child.required ? QStringLiteral(" INNER JOIN ")
                                       : QStringLiteral(" LEFT OUTER JOIN "))
                            + table + on
                    << where->wrapped(QStringLiteral(" AND "));
            GRUMBLE_TRY(addToOneJoins(core, child, st, selecting));
            continue;
        }
        // An optional to-one with required includes below: they decide whether it is there (null
        // otherwise), not whether the row is (Sequelize nests the joins in parentheses).
        SelectStatement inner;
        inner.columns = std::move(st.columns);
        inner.from = SqlFragment(table);
        GRUMBLE_TRY(addToOneJoins(core, child, inner, selecting));
        st.columns = std::move(inner.columns);
        const bool nestedJoins = inner.from.text != table;
        st.from << QStringLiteral(" LEFT OUTER JOIN ")
                << (nestedJoins ? inner.from.wrapped(QStringLiteral("("), QStringLiteral(")"))
                                : inner.from)
                << on << where->wrapped(QStringLiteral(" AND "))
                << SqlFragment::join(inner.where, QStringLiteral(" AND "))
                           .wrapped(QStringLiteral(" AND "));
    }
    return {};
}

//! The condition linking a child to its parent (the through alias for a belongsToMany).
static QString linkCondition(const EngineCore &core, const IncludeNode &parent,
                             const IncludeNode &child)
{
    const Association &a = *child.as;
    if (a.kind == AssociationKind::BelongsToMany)
        return core.column(parent.alias, *parent.model->attribute(a.sourceKey))
                + QStringLiteral(" = ")
                + core.column(child.throughAlias, *child.through->attribute(a.foreignKey));
    if (a.kind == AssociationKind::HasMany)
        return core.column(parent.alias, *parent.model->attribute(a.sourceKey))
                + QStringLiteral(" = ")
                + core.column(child.alias, *child.model->attribute(a.foreignKey));
    return toOneCondition(core, parent, child);
}

Result<SqlFragment> joinedChain(const EngineCore &core, const IncludeNode &node,
                                const std::function<bool(const IncludeNode &)> &wanted)
{
    SqlFragment out;
    for (const IncludeNode &child : node.children) {
        if (!wanted(child))
            continue;
        auto below = joinedChain(core, child, wanted);
        if (!below)
            return below.error();
        SqlFragment on(QStringLiteral(" ON ") + linkCondition(core, node, child));
        auto where = core.compileWhere(*child.model, child.alias, child.where);
        if (!where)
            return where.error();
        on << where->wrapped(QStringLiteral(" AND "));
        if (child.through) {
            auto throughWhere =
                    core.compileWhere(*child.through, child.throughAlias, child.throughWhere);
            if (!throughWhere)
                return throughWhere.error();
            on << throughWhere->wrapped(QStringLiteral(" AND "));
        }
        bool requiredBelow = false;
        for (const IncludeNode &c : child.children)
            requiredBelow |= wanted(c) && c.required;
        const QString table =
                core.table(*child.model) + QStringLiteral(" AS ") + core.quote(child.alias);
        SqlFragment target;
        if (child.through) {
            target = SqlFragment(QStringLiteral("(") + core.table(*child.through)
                                 + QStringLiteral(" AS ") + core.quote(child.throughAlias)
                                 + QStringLiteral(" INNER JOIN ") + table + QStringLiteral(" ON ")
                                 + core.column(child.alias,
                                               *child.model->attribute(child.as->targetKey))
                                 + QStringLiteral(" = ")
                                 + core.column(child.throughAlias,
                                               *child.through->attribute(child.as->otherKey)))
                    << *below << QStringLiteral(")");
        } else if (!child.required && requiredBelow) {
            target = (SqlFragment(QStringLiteral("(") + table) << *below << QStringLiteral(")"));
        } else {
            target = SqlFragment(table);
        }
        out << (child.required ? QStringLiteral(" INNER JOIN ")
                               : QStringLiteral(" LEFT OUTER JOIN "))
            << target << on;
        if (!child.through && (child.required || !requiredBelow))
            out << *below;
    }
    return out;
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

Result<void> applyAttributes(const EngineCore &core, IncludeNode &node,
                             const std::optional<QStringList> &names,
                             const AttributeSelection &selection)
{
    const Model &model = *node.model;
    QVector<int> projection;
    QStringList keys;
    auto add = [&](const QString &name, const QString &key) -> Result<void> {
        const int i = model.indexOf(name);
        if (i < 0)
            return core.unknownAttribute(model, name);
        projection << i;
        keys << key;
        return {};
    };
    const std::optional<QStringList> only = selection.isSet() ? selection.only : names;
    if (only) {
        for (int j = 0; j < only->size(); ++j)
            GRUMBLE_TRY(add(only->at(j), selection.onlyAs.value(j, only->at(j))));
        node.hidden = only->isEmpty();
    } else if (selection.isSet()) {
        for (const Attribute &a : model.attributes) {
            if (!selection.exclude.contains(a.name))
                GRUMBLE_TRY(add(a.name, a.name));
        }
        for (int j = 0; j < selection.extra.size(); ++j)
            GRUMBLE_TRY(
                    add(selection.extra.at(j), selection.extraAs.value(j, selection.extra.at(j))));
    } else {
        return {};
    }
    bool plain = true;
    for (int j = 0; j < projection.size(); ++j)
        plain &= keys.at(j) == model.attributes.at(projection.at(j)).name;
    node.projection = projection;
    node.keys = plain ? QStringList() : keys;
    return {};
}

//! The key columns of a node's rows in a statement: "(parent key, pk...)" for a to-many node,
//! the primary key for the root.
static Result<QString> keyTuple(const EngineCore &core, const IncludeNode &node)
{
    QStringList columns;
    if (node.toMany()) {
        QString keyColumn;
        toManyFrom(core, node, &keyColumn);
        columns << keyColumn;
    }
    for (const QString &k : node.model->primaryKey)
        columns << core.column(node.alias, *node.model->attribute(k));
    if (columns.isEmpty() || (!node.toMany() && node.model->primaryKey.isEmpty()))
        return makeError(
                ErrorKind::Syntax,
                QStringLiteral("A $include.column$ where below a to-many include needs a primary "
                               "key on %1")
                        .arg(node.model->name));
    return columns.join(QStringLiteral(", "));
}

//! `a` or `(a, b)`: a key tuple on the left of IN.
static QString rowValue(const QString &columns)
{
    return columns.contains(QLatin1Char(',')) ? QLatin1Char('(') + columns + QLatin1Char(')')
                                              : columns;
}

Result<const IncludeNode *> includeAtPath(const IncludeNode &root, const QString &path, bool joinedOnly)
{
    const IncludeNode *node = &root;
    for (const QString &step : path.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        const IncludeNode *next = nullptr;
        for (const IncludeNode &child : node->children) {
            if (child.as->as == step && !(joinedOnly && child.separate))
                next = &child;
        }
        if (!next)
            return makeError(ErrorKind::UnknownAssociation,
                             QStringLiteral("The where names $%1.…$, but %2 is not an include of this query")
                                     .arg(path, step));
        node = next;
    }
    return node;
}

Result<QList<SqlFragment>> rootWhere(const EngineCore &core, IncludeNode &root,
                                     const QVariant &where)
{
    QSet<const IncludeNode *> referenced;
    WhereKeyResolver resolve = [&](const QString &path) -> Result<WhereTarget> {
        auto node = includeAtPath(root, path, false);
        if (!node)
            return node.error();
        referenced.insert(*node);
        return WhereTarget{ (*node)->model, (*node)->alias };
    };
    auto condition = compileWhereWith(core, *root.model, root.alias, where, resolve);
    if (!condition)
        return condition.error();
    if (condition->isEmpty())
        return QList<SqlFragment>();
    // the nodes on the paths the where names, and whether one of them is a to-many
    QSet<const IncludeNode *> onPath;
    QVector<IncludeNode *> heads;
    std::function<bool(IncludeNode &)> visit = [&](IncludeNode &node) -> bool {
        bool on = referenced.contains(&node);
        for (IncludeNode &child : node.children)
            on |= visit(child);
        if (on) {
            onPath.insert(&node);
            if (node.toMany())
                heads << &node;
        }
        return on;
    };
    visit(root);
    if (heads.isEmpty())
        return QList<SqlFragment>{ *condition };
    // Sequelize filters the joined rows: a root row stays when one of its joined rows matches, and
    // so does each to-many row on the way.
    auto chain = joinedChain(core, root, [&](const IncludeNode &n) { return onPath.contains(&n); });
    if (!chain)
        return chain.error();
    const SqlFragment from =
            (SqlFragment(QStringLiteral(" FROM ") + core.table(*root.model) + QStringLiteral(" AS ")
                         + core.quote(root.alias))
             << *chain << QStringLiteral(" WHERE ") << *condition << QStringLiteral(")"));
    for (IncludeNode *head : heads) {
        auto key = keyTuple(core, *head);
        if (!key)
            return key.error();
        head->pathFilters << (SqlFragment(rowValue(*key) + QStringLiteral(" IN (SELECT ") + *key)
                              << from);
    }
    auto key = keyTuple(core, root);
    if (!key)
        return key.error();
    return QList<SqlFragment>{ SqlFragment(rowValue(*key) + QStringLiteral(" IN (SELECT ") + *key)
                               << from };
}

void dropHidden(const IncludeNode &node, Record &record)
{
    for (auto child = node.children.rbegin(); child != node.children.rend(); ++child) {
        if (size_t(child->includeIndex) >= record.includes.size())
            continue;
        if (child->hidden) {
            record.includes.erase(record.includes.begin() + child->includeIndex);
            continue;
        }
        for (Record &r : record.includes[child->includeIndex].records)
            dropHidden(*child, r);
    }
}

} // namespace grumble

// A belongsToMany accessor's targets read with options (getFriends({where, order, limit, offset,
// attributes, include, joinTableAttributes, through: {where}}), countFriends, hasFriends): the
// target joined to this source's join rows, as Sequelize's get() does it, through the include
// planner and loader of findAll, so one statement reads the targets, their join rows and their
// to-one includes, and each to-many include adds one.

#include "accessoroptions.h"

#include "accessorcontext.h"
#include "includeplan.h"

namespace grumble {

namespace {

//! The root node of the find: the target, its join row and the options' includes.
Result<IncludeNode> plannedRoot(AccessorContext &call, const JoinScope &scope)
{
    const EngineCore &core = call.core;
    const AccessorOptions &options = call.options;
    IncludeNode root;
    root.model = &call.target;
    root.alias = call.target.name;
    root.through = &scope.join;
    root.throughAlias = scope.join.name;
    GRUMBLE_TRY(planIncludes(core, root, options.find.include));
    if (options.find.attributes) {
        auto projection = attributeProjection(core, call.target, *options.find.attributes);
        if (!projection)
            return projection.error();
        root.projection = *projection;
    }
    if (options.joinTableAttributes) {
        root.showThrough = !options.joinTableAttributes->isEmpty();
        auto projection = attributeProjection(core, scope.join, *options.joinTableAttributes);
        if (!projection)
            return projection.error();
        root.throughProjection = *projection;
    }
    GRUMBLE_TRY(applyOrder(core, root, options.find.order));
    return root;
}

//! FROM target INNER JOIN join ON key = otherKey AND fk = ? [AND through where], the to-one
//! includes and the where (the columns of target, join row and includes when `selecting`).
Result<SelectStatement> joinedStatement(AccessorContext &call, const JoinScope &scope,
                                        IncludeNode &root, bool selecting)
{
    const EngineCore &core = call.core;
    SelectStatement st;
    if (selecting) {
        for (const Attribute &a : call.target.attributes)
            st.columns << core.selected(root.alias, a);
        root.throughCol = int(st.columns.size());
        for (const Attribute &a : scope.join.attributes)
            st.columns << core.selected(root.throughAlias, a);
    }
    auto throughWhere =
            core.compileWhere(scope.join, root.throughAlias, call.options.throughWhere);
    if (!throughWhere)
        return throughWhere.error();
    st.from = SqlFragment(core.table(call.target) + QStringLiteral(" AS ") + core.quote(root.alias)
                          + QStringLiteral(" INNER JOIN ") + core.table(scope.join)
                          + QStringLiteral(" AS ") + core.quote(root.throughAlias)
                          + QStringLiteral(" ON ") + core.column(root.alias, scope.targetKey)
                          + QStringLiteral(" = ") + core.column(root.throughAlias, scope.otherKey)
                          + QStringLiteral(" AND "))
            << core.equals(root.throughAlias, scope.foreignKey, scope.ownKey)
            << throughWhere->wrapped(QStringLiteral(" AND "));
    auto where = core.compileWhere(call.target, root.alias, call.options.find.where);
    if (!where)
        return where.error();
    if (!where->isEmpty())
        st.where << *where;
    GRUMBLE_TRY(addToOneJoins(core, root, st, selecting));
    st.from << root.orderJoins;
    return st;
}

} // namespace

Result<RecordList> findJoinedTargets(AccessorContext &call, const JoinScope &scope)
{
    EngineCore &core = call.core;
    auto root = plannedRoot(call, scope);
    if (!root)
        return root.error();
    auto st = joinedStatement(call, scope, *root, true);
    if (!st)
        return st.error();
    const FindOptions &find = call.options.find;
    const bool hasOffset = find.offset && *find.offset > 0;
    SqlFragment sql = st->select() << orderClause(core, *root)
                                   << core.dialect.limitOffset(find.limit.has_value(), hasOffset);
    if (find.limit)
        sql.bindings << *find.limit;
    if (hasOffset)
        sql.bindings << *find.offset;
    auto cursor = core.exec(sql);
    if (!cursor)
        return cursor.error();
    IncludeLoader loader(core);
    return loader.readAll(**cursor, *root);
}

Result<QVariant> countOrHasJoinedTargets(AccessorContext &call, AccessorRole role,
                                         const JoinScope &scope, const QVariant &arg)
{
    const EngineCore &core = call.core;
    auto root = plannedRoot(call, scope);
    if (!root)
        return root.error();
    auto st = joinedStatement(call, scope, *root, false);
    if (!st)
        return st.error();
    const Attribute &counted = call.target.pk() ? *call.target.pk() : scope.targetKey;
    SqlFragment sql = SqlFragment(QStringLiteral("SELECT COUNT(")
                                  + core.column(root->alias, counted) + QStringLiteral(") FROM "))
            << st->from
            << SqlFragment::join(st->where, QStringLiteral(" AND ")).wrapped(QStringLiteral(" WHERE "));
    return countOrHas(call, role, sql, core.column(root->alias, scope.targetKey), scope.targetKey,
                      arg, st->where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND "));
}

} // namespace grumble

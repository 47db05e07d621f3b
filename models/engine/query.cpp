// findAll / findOne / count with where, order, limit and nested includes: the root statement.
// Planning the includes is in includeplan.cpp, reading their rows in includeload.cpp.

#include "includeplan.h"

namespace grumble {

namespace {

//! The root statement's FROM, to-one joins, EXISTS filters and where (columns when `selecting`).
Result<SelectStatement> rootStatement(const EngineCore &core, IncludeNode &root,
                                      const QVariant &where, bool selecting)
{
    SelectStatement st;
    if (selecting) {
        for (const Attribute &a : root.model->attributes)
            st.columns << core.selected(root.alias, a);
    }
    st.from = core.table(*root.model) + QStringLiteral(" AS ") + core.quote(root.alias);
    auto condition = core.compileWhere(*root.model, root.alias, where);
    if (!condition)
        return condition.error();
    if (!condition->isEmpty())
        st.where << *condition;
    GRUMBLE_TRY(addToOneJoins(core, root, st, selecting));
    return st;
}

IncludeNode rootNode(const Model &model)
{
    IncludeNode root;
    root.model = &model;
    root.alias = model.name;
    return root;
}

} // namespace

Result<RecordList> EngineCore::find(const Model &model, const FindOptions &options)
{
    IncludeNode root = rootNode(model);
    GRUMBLE_TRY(planIncludes(*this, root, options.include));
    if (options.attributes) {
        auto projection = attributeProjection(*this, model, *options.attributes);
        if (!projection)
            return projection.error();
        root.projection = *projection;
    }
    GRUMBLE_TRY(applyOrder(*this, root, options.order));
    auto st = rootStatement(*this, root, options.where, true);
    if (!st)
        return st.error();
    const bool hasOffset = options.offset && *options.offset > 0;
    root.complete =
            st->where.isEmpty() && !options.limit && !hasOffset && !filtersThroughIncludes(root);
    SqlFragment sql = st->select() << orderClause(*this, root)
                                   << dialect.limitOffset(options.limit.has_value(), hasOffset);
    if (options.limit)
        sql.bindings << *options.limit;
    if (hasOffset)
        sql.bindings << *options.offset;
    auto cursor = exec(sql);
    if (!cursor)
        return cursor.error();
    IncludeLoader loader(*this);
    RecordList out;
    while ((*cursor)->next())
        out << loader.readNode(**cursor, root);
    (*cursor)->finish();
    if (!out.isEmpty()) {
        QVector<Record *> records;
        records.reserve(out.size());
        for (Record &record : out)
            records << &record;
        GRUMBLE_TRY(loader.loadChildren(root, records));
    }
    return out;
}

Result<qint64> EngineCore::count(const Model &model, const FindOptions &options)
{
    IncludeNode root = rootNode(model);
    GRUMBLE_TRY(planIncludes(*this, root, options.include));
    auto st = rootStatement(*this, root, options.where, false);
    if (!st)
        return st.error();
    return selectCount(SqlFragment(QStringLiteral("SELECT COUNT(*) FROM "))
                       << st->from
                       << SqlFragment::join(st->where, QStringLiteral(" AND "))
                                  .wrapped(QStringLiteral(" WHERE ")));
}

} // namespace grumble

// findAll / findOne / count with where, order, limit and nested includes: the root statement.
// Planning the includes is in includeplan.cpp, reading their rows in includeload.cpp.

#include "includeplan.h"

namespace grumble {

namespace {

//! The root statement's FROM, to-one joins, EXISTS filters and where (columns when `selecting`).
Result<SelectStatement> rootStatement(const EngineCore &core, IncludeNode &root,
                                      const QList<SqlFragment> &where, bool selecting)
{
    SelectStatement st;
    if (selecting) {
        for (const Attribute &a : root.model->attributes)
            st.columns << core.selected(root.alias, a);
    }
    st.from = core.table(*root.model) + QStringLiteral(" AS ") + core.quote(root.alias);
    st.where << where;
    GRUMBLE_TRY(addToOneJoins(core, root, st, selecting));
    st.from << root.orderJoins;
    return st;
}

IncludeNode rootNode(const Model &model)
{
    IncludeNode root;
    root.model = &model;
    root.alias = model.name;
    return root;
}

//! Resolves `$path.column$` keys against the includes below `root`, every one of them joined.
WhereKeyResolver joinedResolver(const IncludeNode &root)
{
    return [&root](const QString &path) -> Result<WhereTarget> {
        auto node = includeAtPath(root, path, true);
        if (!node)
            return node.error();
        return WhereTarget{ (*node)->model, (*node)->alias };
    };
}

//! count as Sequelize counts: the rows of the root joined with every include (LEFT/INNER as
//! asked), `count(pk)` or `count(DISTINCT pk)`, or the `col` attribute.
Result<SqlFragment> joinedCount(const EngineCore &core, const IncludeNode &root,
                                const FindOptions &options)
{
    QString counted = QStringLiteral("*");
    if (!options.col.isEmpty()) {
        const Attribute *a = root.model->attribute(options.col);
        if (!a)
            return core.unknownAttribute(*root.model, options.col);
        counted = core.column(root.alias, *a);
    } else if (root.model->primaryKey.size() == 1) {
        counted = core.column(root.alias, *root.model->attribute(root.model->primaryKey.first()));
    }
    if (options.distinct)
        counted = QStringLiteral("DISTINCT ") + counted;
    auto chain = joinedChain(core, root, [](const IncludeNode &n) { return !n.separate; });
    if (!chain)
        return chain.error();
    auto where =
            compileWhereWith(core, *root.model, root.alias, options.where, joinedResolver(root));
    if (!where)
        return where.error();
    return SqlFragment(QStringLiteral("SELECT COUNT(") + counted + QStringLiteral(") FROM ")
                       + core.table(*root.model) + QStringLiteral(" AS ") + core.quote(root.alias))
            << *chain << where->wrapped(QStringLiteral(" WHERE "));
}

//! `LIMIT ? OFFSET ?` with their bindings (empty without them).
SqlFragment limitOffset(const EngineCore &core, const FindOptions &options)
{
    const bool hasOffset = options.offset && *options.offset > 0;
    SqlFragment out(core.dialect.limitOffset(options.limit.has_value(), hasOffset));
    if (options.limit)
        out.bindings << *options.limit;
    if (hasOffset)
        out.bindings << *options.offset;
    return out;
}

//! Whether the page of a limited find is picked by the root's own order entries first, as
//! Sequelize's subquery picks it when a to-many include is joined, and then ordered by all of them.
bool picksPageFirst(const IncludeNode &root, const FindOptions &options)
{
    return options.limit && !options.fullOrderPages && !root.model->primaryKey.isEmpty()
            && root.ownOrderTerms.size() != root.orderTerms.size() && hasDuplicatingInclude(root);
}

//! The root statement: its rows in the order, within the limit and offset. When Sequelize picks
//! the page in a subquery (picksPageFirst), the page's keys are chosen by the root's own order
//! entries and the rows of those keys then ordered by every entry.
SqlFragment rootSelect(const EngineCore &core, const IncludeNode &root, const SelectStatement &st,
                       const FindOptions &options)
{
    if (!picksPageFirst(root, options))
        return st.select() << orderClause(core, root) << limitOffset(core, options);
    QStringList keys;
    for (const QString &k : root.model->primaryKey)
        keys << core.column(root.alias, *root.model->attribute(k));
    const QString key = keys.join(QStringLiteral(", "));
    SelectStatement page = st;
    page.columns = keys;
    SelectStatement rows = st;
    rows.where = { (SqlFragment((keys.size() > 1 ? QLatin1Char('(') + key + QLatin1Char(')') : key)
                                + QStringLiteral(" IN ("))
                    << page.select() << orderClause(core, root, root.ownOrderTerms)
                    << limitOffset(core, options) << QStringLiteral(")")) };
    return rows.select() << orderClause(core, root);
}

} // namespace

Result<RecordList> EngineCore::find(const Model &model, const FindOptions &options)
{
    IncludeNode root = rootNode(model);
    GRUMBLE_TRY(applyAttributes(*this, root, options.attributes, options.attributeSelection));
    root.hidden = false;
    GRUMBLE_TRY(planIncludes(*this, root, options.include));
    auto where = rootWhere(*this, root, options.where); // before the order: it filters includes
    if (!where)
        return where.error();
    GRUMBLE_TRY(applyOrder(*this, root, options.order));
    auto st = rootStatement(*this, root, *where, true);
    if (!st)
        return st.error();
    const bool hasOffset = options.offset && *options.offset > 0;
    root.complete =
            st->where.isEmpty() && !options.limit && !hasOffset && !filtersThroughIncludes(root);
    auto cursor = exec(rootSelect(*this, root, *st, options));
    if (!cursor)
        return cursor.error();
    IncludeLoader loader(*this);
    auto read = loader.readAll(**cursor, root);
    if (!read)
        return read.error();
    RecordList out = std::move(*read);
    for (Record &record : out)
        dropHidden(root, record);
    return out;
}

Result<qint64> EngineCore::count(const Model &model, const FindOptions &options)
{
    IncludeNode root = rootNode(model);
    GRUMBLE_TRY(planIncludes(*this, root, options.include));
    if (!options.distinct || !options.col.isEmpty()) {
        auto joined = joinedCount(*this, root, options);
        if (!joined)
            return joined.error();
        return selectCount(*joined);
    }
    // distinct primary keys: the root rows that pass the includes (EXISTS), no join to count over
    auto where = rootWhere(*this, root, options.where);
    if (!where)
        return where.error();
    auto st = rootStatement(*this, root, *where, false);
    if (!st)
        return st.error();
    return selectCount(SqlFragment(QStringLiteral("SELECT COUNT(*) FROM "))
                       << st->from
                       << SqlFragment::join(st->where, QStringLiteral(" AND "))
                                  .wrapped(QStringLiteral(" WHERE ")));
}

} // namespace grumble

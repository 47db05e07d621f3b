#pragma once

// Include planning (internal): the tree of a find's includes and the statements that read it.
//
// The root query joins every to-one include (belongsTo, hasOne) reachable through to-one
// includes; each to-many include (hasMany, belongsToMany) is ONE more statement that loads the
// children of all parents at once (the parent keys bound as a single list parameter), so the
// number of statements depends on the include tree, never on the number of rows.

#include "enginecore.h"

#include <functional>
#include <memory>
#include <vector>

namespace grumble {

//! One include of a find (the root: the model found), with its place in the statements.
struct IncludeNode
{
    const Association *as = nullptr; //!< null for the root
    const Model *model = nullptr;
    const Model *through = nullptr;
    QString alias;
    QString throughAlias;
    bool required = false;
    QVariant where;
    QVariant throughWhere;
    QVector<int> projection;
    QStringList keys; //!< the JSON key of each projection entry (aliases); empty: the names
    QVector<int> throughProjection;
    bool hidden = false; //!< `attributes: []`: joined (it may filter) but left out of the output
    bool separate = false; //!< `separate: true` (hasMany): its own statement, own order and limit
    std::optional<qint64> limit; //!< per parent (separate)
    QList<SqlFragment> pathFilters; //!< from `$path.column$` keys of the top-level where
    bool showThrough = true;
    mutable std::shared_ptr<const RecordShape> shape; //!< what its records show, made on first read
    std::vector<IncludeNode> children;
    int includeIndex = 0; //!< position in the parent's Record::includes
    // layout in the statement that reads this node
    int col = 0;
    int throughCol = 0;
    int parentKeyCol = 0;
    //! The ORDER BY terms of the statement this node heads (to-many nodes and the root), before
    //! the primary key: an entry's column, or its value on the first joined row below (includeorder.cpp).
    QList<SqlFragment> orderTerms;
    //! The entries of `order` that name the node's own columns (no include path): with a limit and
    //! a to-many include, Sequelize picks the page of parents by these alone (its subquery).
    QList<SqlFragment> ownOrderTerms;
    //! The LEFT JOINs those terms read (each to-many child's first row per parent); the statement
    //! this node heads adds them after its to-one joins.
    SqlFragment orderJoins;
    bool complete = false; //!< the statement this node heads read every row of its table

    bool toMany() const { return as && as->isToMany(); }
};

//! A SELECT being put together: its columns, FROM clause (joins with their bindings) and the
//! conditions of its WHERE clause.
struct SelectStatement
{
    QStringList columns;
    SqlFragment from;
    QList<SqlFragment> where;

    //! `SELECT columns FROM from [WHERE where]`.
    SqlFragment select() const
    {
        return SqlFragment(QStringLiteral("SELECT ") + columns.join(QStringLiteral(", "))
                           + QStringLiteral(" FROM "))
                << from
                << SqlFragment::join(where, QStringLiteral(" AND "))
                           .wrapped(QStringLiteral(" WHERE "));
    }
};

//! Builds the include tree below `root` (whose model and alias are set): expands `all`, merges
//! includes of the same association as Sequelize merges them, resolves aliases.
Result<void> planIncludes(const EngineCore &core, IncludeNode &root,
                          const QVector<IncludeOptions> &includes);
//! The indices of the named attributes (an `attributes` option).
Result<QVector<int>> attributeProjection(const EngineCore &core, const Model &model,
                                         const QStringList &names);
//! Sets node.projection / keys / hidden from an `attributes` option (names or a selection).
Result<void> applyAttributes(const EngineCore &core, IncludeNode &node,
                             const std::optional<QStringList> &names,
                             const AttributeSelection &selection);
//! Reads an include's own `order` into its orderTerms (paths relative to the include).
Result<void> applyOwnOrder(const EngineCore &core, IncludeNode &node, const QVariantList &order);

//! Where a `$path.column$` key of a where points: the model and alias of an include.
struct WhereTarget
{
    const Model *model = nullptr;
    QString alias;
};
//! Resolves the path of a `$path.column$` key ("pugs.friends"; empty: the root).
using WhereKeyResolver = std::function<Result<WhereTarget>(const QString &path)>;
//! The include a `$path.column$` key's path names below `root`, alias by alias ("pugs.friends";
//! empty: the root); with `joinedOnly` a `separate` include does not count. UnknownAssociation
//! naming the step that is not an include of the query.
Result<const IncludeNode *> includeAtPath(const IncludeNode &root, const QString &path, bool joinedOnly);
//! compileWhere() that also takes `$path.column$` keys, through `resolve`.
Result<SqlFragment> compileWhereWith(const EngineCore &core, const Model &model,
                                     const QString &alias, const QVariant &where,
                                     const WhereKeyResolver &resolve);
//! The top-level where of a find on `root`: its own condition, or for `$path.column$` keys below
//! a to-many include, `pk IN (SELECT ... joined as Sequelize joins)` on the root and a like filter
//! on each to-many include of those paths (their pathFilters).
Result<QList<SqlFragment>> rootWhere(const EngineCore &core, IncludeNode &root,
                                     const QVariant &where);
//! Sequelize's joined FROM below `node` (LEFT/INNER JOINs, belongsToMany and optional includes with
//! required ones below in parentheses) for the children `wanted` accepts.
Result<SqlFragment> joinedChain(const EngineCore &core, const IncludeNode &node,
                                const std::function<bool(const IncludeNode &)> &wanted);
//! Removes the includes with `attributes: []` from the records read at `node`.
void dropHidden(const IncludeNode &node, Record &record);
//! Reads the `order` option into the orderTerms of the statement heads (includeorder.cpp): every
//! statement orders its rows by each entry's value on their first joined row, as Sequelize's one
//! joined query orders them; also the root's ownOrderTerms.
Result<void> applyOrder(const EngineCore &core, IncludeNode &root, const QVariantList &order);
//! ` ORDER BY` the head's order terms, then its primary key.
SqlFragment orderClause(const EngineCore &core, const IncludeNode &head);
//! ` ORDER BY` the given terms, then the head's primary key.
SqlFragment orderClause(const EngineCore &core, const IncludeNode &head,
                        const QList<SqlFragment> &terms);
//! Whether a to-many include that Sequelize joins (not separate) is somewhere below `node`: its
//! findAll with a limit then picks the parents in a subquery.
bool hasDuplicatingInclude(const IncludeNode &node);
//! Whether the statement headed by `head` filters rows through its includes: a required to-one
//! (INNER JOIN, or a where in the ON clause of one) or a required to-many (EXISTS).
bool filtersThroughIncludes(const IncludeNode &head);
//! Adds the joins of the to-one children of `node` (recursively) and the EXISTS filters of its
//! required to-many children. With `selecting`, their columns are read too.
Result<void> addToOneJoins(const EngineCore &core, IncludeNode &node, SelectStatement &st,
                           bool selecting);
//! FROM clause and key column of a to-many node's own rows.
QString toManyFrom(const EngineCore &core, const IncludeNode &node, QString *parentKeyColumn);
//! The node's own where and through-where, as conditions of `st`.
Result<void> addOwnFilters(const EngineCore &core, const IncludeNode &node, SelectStatement &st);

//! Reads the rows of a find into records: the root statement's rows (with their to-one includes)
//! and, one statement per to-many include, the children of all parents at once.
class IncludeLoader
{
public:
    explicit IncludeLoader(EngineCore &core) : m_core(core) { }

    //! The record a row holds at `node` (and its to-one includes).
    Record readNode(const Cursor &cursor, const IncludeNode &node);
    //! Loads the to-many children below the records of `head` (and below its to-one descendants).
    Result<void> loadChildren(IncludeNode &head, QVector<Record *> &records);
    //! Every row of `cursor` read at `root`, then their to-many children loaded (finishes the cursor).
    Result<RecordList> readAll(Cursor &cursor, IncludeNode &root);

private:
    Record readShared(const Cursor &cursor, const IncludeNode &node);
    static void collect(const IncludeNode &head, Record &record, const IncludeNode &node,
                        QVector<Record *> *out);
    Result<void> loadToMany(IncludeNode &parent, IncludeNode &node, QVector<Record *> &parents,
                            bool parentsComplete);
    template<typename K, typename RowKey, typename ValueKey>
    Result<void> loadToManyBy(IncludeNode &parent, IncludeNode &node, QVector<Record *> &parents,
                              bool parentsComplete, RowKey rowKey, ValueKey valueKey);
    //! The statement reading the children at `node` of the parents with these keys (all rows when
    //! the parents are complete); sets the node's column layout.
    Result<SqlFragment> childrenStatement(IncludeNode &node, DataType keyType,
                                          const QVariantList &keys, bool parentsComplete);
    //! `pk IN (...)`: the rows of `node` within its `limit` per parent key.
    Result<SqlFragment> perParentLimit(const IncludeNode &node, DataType keyType,
                                       const QVariantList &keys, bool parentsComplete);

    EngineCore &m_core;
    QHash<const IncludeNode *, QHash<qint64, Values>>
            m_values; //!< readShared's decoded rows by key
};

} // namespace grumble

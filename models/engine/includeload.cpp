// Include loading: reads the rows of a find into records with their includes. The root statement's
// rows carry their to-one includes; each to-many include is one statement for all parents at once.

#include "includeplan.h"

#include <functional>

namespace grumble {

Result<RecordList> IncludeLoader::readAll(Cursor &cursor, IncludeNode &root)
{
    RecordList out;
    while (cursor.next())
        out << readNode(cursor, root);
    cursor.finish();
    if (!out.isEmpty()) {
        QVector<Record *> records;
        records.reserve(out.size());
        for (Record &record : out)
            records << &record;
        GRUMBLE_TRY(loadChildren(root, records));
    }
    return out;
}

Record IncludeLoader::readNode(const Cursor &cursor, const IncludeNode &node)
{
    // A hasMany child row appears once; targets of to-one and belongsToMany may repeat.
    const bool mayRepeat = node.as && node.as->kind != AssociationKind::HasMany;
    Record record =
            mayRepeat ? readShared(cursor, node) : m_core.readRecord(cursor, *node.model, node.col);
    if (!node.shape && (!node.projection.isEmpty() || (node.through && node.showThrough))) {
        auto shape = std::make_shared<RecordShape>();
        shape->projection = node.projection;
        shape->keys = node.keys;
        if (node.through && node.showThrough) {
            shape->throughModel = node.through;
            shape->throughProjection = node.throughProjection;
        }
        node.shape = std::move(shape);
    }
    record.shape = node.shape;
    if (node.through && node.showThrough)
        record.throughValues = m_core.readValues(cursor, *node.through, node.throughCol);
    record.includes.resize(node.children.size());
    for (const IncludeNode &child : node.children) {
        Included &inc = record.includes[child.includeIndex];
        inc.association = child.as->id;
        inc.key = child.as->as;
        inc.many = child.toMany();
        if (!child.toMany()) {
            bool present = false;
            for (const QString &k : child.model->primaryKey)
                present |= !cursor.isNull(child.col + child.model->indexOf(k));
            if (present)
                inc.records.push_back(readNode(cursor, child));
        }
    }
    return record;
}

// An included record whose row was read before (the same owner under many pugs, the same
// friend under many pugs) shares its values with the first copy instead of decoding them again.
Record IncludeLoader::readShared(const Cursor &cursor, const IncludeNode &node)
{
    const int pk = node.model->pkIndex();
    const Attribute *key = node.model->pk();
    if (pk < 0 || (key->type != DataType::Integer && key->type != DataType::BigInt))
        return m_core.readRecord(cursor, *node.model, node.col);
    const qint64 id = cursor.integer(node.col + pk);
    QHash<qint64, Values> &cache = m_values[&node];
    auto it = cache.constFind(id);
    if (it != cache.constEnd()) {
        Record record;
        record.model = node.model;
        record.values = it.value();
        return record;
    }
    Record record = m_core.readRecord(cursor, *node.model, node.col);
    cache.insert(id, record.values);
    return record;
}

// Every record that sits at `node` below the given records of `head`.
void IncludeLoader::collect(const IncludeNode &head, Record &record, const IncludeNode &node,
                            QVector<Record *> *out)
{
    if (&head == &node) {
        out->push_back(&record);
        return;
    }
    for (const IncludeNode &child : head.children) {
        if (child.toMany())
            continue;
        Included &inc = record.includes[child.includeIndex];
        for (Record &childRecord : inc.records)
            collect(child, childRecord, node, out);
    }
}

// Loads the to-many children below the records of `head` (and below its to-one descendants).
Result<void> IncludeLoader::loadChildren(IncludeNode &head, QVector<Record *> &records)
{
    std::function<Result<void>(IncludeNode &)> visit = [&](IncludeNode &node) -> Result<void> {
        for (IncludeNode &child : node.children) {
            if (child.toMany()
                && child.hidden) // `attributes: []`: nothing to show, it only filters
                continue;
            if (child.toMany()) {
                QVector<Record *> parents;
                for (Record *record : records)
                    collect(head, *record, node, &parents);
                GRUMBLE_TRY(loadToMany(node, child, parents, head.complete && &node == &head));
            } else {
                GRUMBLE_TRY(visit(child));
            }
        }
        return {};
    };
    return visit(head);
}

Result<void> IncludeLoader::loadToMany(IncludeNode &parent, IncludeNode &node,
                                       QVector<Record *> &parents, bool parentsComplete)
{
    const Attribute &sk = *parent.model->attribute(node.as->sourceKey);
    if (sk.type == DataType::Integer || sk.type == DataType::BigInt)
        return loadToManyBy<qint64>(
                parent, node, parents, parentsComplete,
                [](const Cursor &cursor, int col, DataType) { return cursor.integer(col); },
                [](const Values &v, int i) {
                    return v.kind(i) == Values::Int ? v.int64(i) : v.value(i).toLongLong();
                });
    return loadToManyBy<QString>(
            parent, node, parents, parentsComplete,
            [](const Cursor &cursor, int col, DataType t) {
                return cursor.typed(col, t).toString();
            },
            [](const Values &v, int i) { return v.value(i).toString(); });
}

// Loads the children of every parent with one statement and groups them by the parent key K.
// RowKey reads the parent key of a statement row, ValueKey the source key of a parent record.
template<typename K, typename RowKey, typename ValueKey>
Result<void> IncludeLoader::loadToManyBy(IncludeNode &parent, IncludeNode &node,
                                         QVector<Record *> &parents, bool parentsComplete,
                                         RowKey rowKey, ValueKey valueKey)
{
    const Attribute &sk = *parent.model->attribute(node.as->sourceKey);
    const int skIndex = parent.model->indexOf(sk.name);
    // Each child row goes straight under the first parent with its key; parents that share a
    // key (a to-many below a to-one) get copies afterwards.
    QVariantList keys;
    QHash<K, Record *> firstParent;
    firstParent.reserve(parents.size());
    for (Record *p : parents) {
        if (p->values.isNull(skIndex))
            continue;
        const K key = valueKey(p->values, skIndex);
        if (!firstParent.contains(key)) {
            firstParent.insert(key, p);
            if (!parentsComplete) // a complete parent set is read without a key list
                keys << p->values.at(skIndex);
        }
    }
    if (firstParent.isEmpty())
        return {};
    auto statement = childrenStatement(node, sk.type, keys, parentsComplete);
    if (!statement)
        return statement.error();
    auto executed = m_core.exec(*statement);
    if (!executed)
        return executed.error();
    Cursor &cursor = **executed;
    while (cursor.next()) {
        auto it = firstParent.constFind(rowKey(cursor, node.parentKeyCol, sk.type));
        if (it != firstParent.constEnd())
            it.value()->includes[node.includeIndex].records.push_back(readNode(cursor, node));
    }
    cursor.finish();
    QVector<Record *> children;
    for (Record *p : parents) {
        if (p->values.isNull(skIndex))
            continue;
        Record *first = firstParent.value(valueKey(p->values, skIndex));
        Included &inc = p->includes[node.includeIndex];
        if (first != p)
            inc.records = first->includes[node.includeIndex].records;
        inc.records.shrink_to_fit(); // growth left up to half the capacity unused
        for (Record &child : inc.records)
            children.push_back(&child);
    }
    if (!children.isEmpty())
        GRUMBLE_TRY(loadChildren(node, children));
    return {};
}

// A separate include's limit, per parent: its rows ranked within each parent key by its order
// (ROW_NUMBER), in the same statement.
Result<SqlFragment> IncludeLoader::perParentLimit(const IncludeNode &node, DataType keyType,
                                                  const QVariantList &keys, bool parentsComplete)
{
    if (node.model->primaryKey.size() != 1)
        return makeError(ErrorKind::Syntax,
                         QStringLiteral("An include limit needs a single-column primary key on %1")
                                 .arg(node.model->name));
    const QString pk = m_core.column(node.alias, *node.model->pk());
    SelectStatement ranked;
    QString keyCol;
    ranked.from = toManyFrom(m_core, node, &keyCol);
    ranked.from << node.orderJoins;
    ranked.where << (parentsComplete ? SqlFragment(keyCol + QStringLiteral(" IS NOT NULL"))
                                     : m_core.inKeyList(keyCol, keyType, keys));
    GRUMBLE_TRY(addOwnFilters(m_core, node, ranked));
    ranked.where << node.pathFilters;
    // the columns by hand: the order terms may carry bindings (their subqueries' filters)
    const SqlFragment rankedSelect =
            SqlFragment(QStringLiteral("SELECT ") + pk + QStringLiteral(" AS ")
                        + m_core.quote(QStringLiteral("_k"))
                        + QStringLiteral(", ROW_NUMBER() OVER (PARTITION BY ") + keyCol)
            << orderClause(m_core, node)
            << QStringLiteral(") AS ") + m_core.quote(QStringLiteral("_n"))
                    + QStringLiteral(" FROM ")
            << ranked.from
            << SqlFragment::join(ranked.where, QStringLiteral(" AND "))
                       .wrapped(QStringLiteral(" WHERE "));
    return (SqlFragment(pk + QStringLiteral(" IN (SELECT ") + m_core.quote(QStringLiteral("_r"))
                        + QLatin1Char('.') + m_core.quote(QStringLiteral("_k"))
                        + QStringLiteral(" FROM ("))
            << rankedSelect
            << QStringLiteral(") AS ") + m_core.quote(QStringLiteral("_r"))
                    + QStringLiteral(" WHERE ") + m_core.quote(QStringLiteral("_r"))
                    + QLatin1Char('.') + m_core.quote(QStringLiteral("_n"))
                    + QStringLiteral(" <= ?)"))
            .bind(QString(), *node.limit);
}

Result<SqlFragment> IncludeLoader::childrenStatement(IncludeNode &node, DataType keyType,
                                                     const QVariantList &keys, bool parentsComplete)
{
    SelectStatement st;
    QString keyCol;
    node.col = 0;
    for (const Attribute &at : node.model->attributes)
        st.columns << m_core.selected(node.alias, at);
    if (node.through) {
        node.throughCol = int(st.columns.size());
        for (const Attribute &at : node.through->attributes)
            st.columns << m_core.selected(node.throughAlias, at);
    }
    st.from = toManyFrom(m_core, node, &keyCol);
    node.parentKeyCol = int(st.columns.size());
    st.columns << keyCol;
    // When the parents are every row of their table, the children need no key list: every
    // child row has one of those parents (or none, and then it is left out when grouping).
    if (parentsComplete)
        st.where << SqlFragment(keyCol + QStringLiteral(" IS NOT NULL"));
    else
        st.where << m_core.inKeyList(keyCol, keyType, keys);
    GRUMBLE_TRY(addToOneJoins(m_core, node, st, true));
    st.from << node.orderJoins;
    GRUMBLE_TRY(addOwnFilters(m_core, node, st));
    st.where << node.pathFilters;
    if (node.limit) {
        auto limited = perParentLimit(node, keyType, keys, parentsComplete);
        if (!limited)
            return limited.error();
        st.where << *limited;
    }
    node.complete = parentsComplete && !node.limit && node.pathFilters.isEmpty()
            && (!node.where.isValid() || node.where.isNull())
            && (!node.throughWhere.isValid() || node.throughWhere.isNull())
            && !filtersThroughIncludes(node);
    return st.select() << orderClause(m_core, node);
}

} // namespace grumble

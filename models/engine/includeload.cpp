// Include loading: reads the rows of a find into records with their includes. The root statement's
// rows carry their to-one includes; each to-many include is one statement for all parents at once.

#include "includeplan.h"

#include <functional>

namespace grumble {

Record IncludeLoader::readNode(const Cursor &q, const IncludeNode &n)
{
    // A hasMany child row appears once; targets of to-one and belongsToMany may repeat.
    const bool mayRepeat = n.as && n.as->kind != AssociationKind::HasMany;
    Record r = mayRepeat ? readShared(q, n) : m_core.readRecord(q, *n.model, n.col);
    if (!n.shape && (!n.projection.isEmpty() || (n.through && n.showThrough))) {
        auto shape = std::make_shared<RecordShape>();
        shape->projection = n.projection;
        if (n.through && n.showThrough) {
            shape->throughModel = n.through;
            shape->throughProjection = n.throughProjection;
        }
        n.shape = std::move(shape);
    }
    r.shape = n.shape;
    if (n.through && n.showThrough)
        r.throughValues = m_core.readValues(q, *n.through, n.throughCol);
    r.includes.resize(n.children.size());
    for (const IncludeNode &c : n.children) {
        Included &inc = r.includes[c.includeIndex];
        inc.association = c.as->id;
        inc.key = c.as->as;
        inc.many = c.toMany();
        if (!c.toMany()) {
            bool present = false;
            for (const QString &k : c.model->primaryKey)
                present |= !q.isNull(c.col + c.model->indexOf(k));
            if (present)
                inc.records.push_back(readNode(q, c));
        }
    }
    return r;
}

// An included record whose row was read before (the same owner under many pugs, the same
// friend under many pugs) shares its values with the first copy instead of decoding them again.
Record IncludeLoader::readShared(const Cursor &q, const IncludeNode &n)
{
    const int pk = n.model->pkIndex();
    const Attribute *key = n.model->pk();
    if (pk < 0 || (key->type != DataType::Integer && key->type != DataType::BigInt))
        return m_core.readRecord(q, *n.model, n.col);
    const qint64 id = q.integer(n.col + pk);
    QHash<qint64, Values> &cache = m_values[&n];
    auto it = cache.constFind(id);
    if (it != cache.constEnd()) {
        Record r;
        r.model = n.model;
        r.values = it.value();
        return r;
    }
    Record r = m_core.readRecord(q, *n.model, n.col);
    cache.insert(id, r.values);
    return r;
}

// Every record that sits at `node` below the given records of `head`.
void IncludeLoader::collect(const IncludeNode &head, Record &r, const IncludeNode &node, QVector<Record *> *out)
{
    if (&head == &node) {
        out->push_back(&r);
        return;
    }
    for (const IncludeNode &c : head.children) {
        if (c.toMany())
            continue;
        Included &inc = r.includes[c.includeIndex];
        for (Record &child : inc.records)
            collect(c, child, node, out);
    }
}

// Loads the to-many children below the records of `head` (and below its to-one descendants).
Result<void> IncludeLoader::loadChildren(IncludeNode &head, QVector<Record *> &records)
{
    std::function<Result<void>(IncludeNode &)> visit = [&](IncludeNode &n) -> Result<void> {
        for (IncludeNode &c : n.children) {
            if (c.toMany()) {
                QVector<Record *> parents;
                for (Record *r : records)
                    collect(head, *r, n, &parents);
                GRUMBLE_TRY(loadToMany(n, c, parents, head.complete && &n == &head));
            } else {
                GRUMBLE_TRY(visit(c));
            }
        }
        return {};
    };
    return visit(head);
}

Result<void> IncludeLoader::loadToMany(IncludeNode &parent, IncludeNode &n, QVector<Record *> &parents, bool parentsComplete)
{
    const Attribute &sk = *parent.model->attribute(n.as->sourceKey);
    if (sk.type == DataType::Integer || sk.type == DataType::BigInt)
        return loadToManyBy<qint64>(
                parent, n, parents, parentsComplete,
                [](const Cursor &q, int col, DataType) { return q.integer(col); },
                [](const Values &v, int i) { return v.kind(i) == Values::Int ? v.int64(i) : v.value(i).toLongLong(); });
    return loadToManyBy<QString>(
            parent, n, parents, parentsComplete,
            [](const Cursor &q, int col, DataType t) { return q.typed(col, t).toString(); },
            [](const Values &v, int i) { return v.value(i).toString(); });
}

// Loads the children of every parent with one statement and groups them by the parent key K.
// RowKey reads the parent key of a statement row, ValueKey the source key of a parent record.
template <typename K, typename RowKey, typename ValueKey>
Result<void> IncludeLoader::loadToManyBy(IncludeNode &parent, IncludeNode &n, QVector<Record *> &parents, bool parentsComplete, RowKey rowKey,
                          ValueKey valueKey)
{
    const Attribute &sk = *parent.model->attribute(n.as->sourceKey);
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
    auto statement = childrenStatement(n, sk.type, keys, parentsComplete);
    if (!statement)
        return statement.error();
    auto r = m_core.exec(*statement);
    if (!r)
        return r.error();
    Cursor &q = **r;
    while (q.next()) {
        auto it = firstParent.constFind(rowKey(q, n.parentKeyCol, sk.type));
        if (it != firstParent.constEnd())
            it.value()->includes[n.includeIndex].records.push_back(readNode(q, n));
    }
    q.finish();
    QVector<Record *> children;
    for (Record *p : parents) {
        if (p->values.isNull(skIndex))
            continue;
        Record *first = firstParent.value(valueKey(p->values, skIndex));
        Included &inc = p->includes[n.includeIndex];
        if (first != p)
            inc.records = first->includes[n.includeIndex].records;
        inc.records.shrink_to_fit(); // growth left up to half the capacity unused
        for (Record &c : inc.records)
            children.push_back(&c);
    }
    if (!children.isEmpty())
        GRUMBLE_TRY(loadChildren(n, children));
    return {};
}

Result<SqlFragment> IncludeLoader::childrenStatement(IncludeNode &n, DataType keyType, const QVariantList &keys,
                                                    bool parentsComplete)
{
    SelectStatement st;
    QString keyCol;
    n.col = 0;
    for (const Attribute &at : n.model->attributes)
        st.columns << m_core.selected(n.alias, at);
    if (n.through) {
        n.throughCol = int(st.columns.size());
        for (const Attribute &at : n.through->attributes)
            st.columns << m_core.selected(n.throughAlias, at);
    }
    st.from = toManyFrom(m_core, n, &keyCol);
    n.parentKeyCol = int(st.columns.size());
    st.columns << keyCol;
    // When the parents are every row of their table, the children need no key list: every
    // child row has one of those parents (or none, and then it is left out when grouping).
    if (parentsComplete)
        st.where << SqlFragment(keyCol + QStringLiteral(" IS NOT NULL"));
    else
        st.where << m_core.inKeyList(keyCol, keyType, keys);
    GRUMBLE_TRY(addToOneJoins(m_core, n, st, true));
    GRUMBLE_TRY(addOwnFilters(m_core, n, st));
    n.complete = parentsComplete && (!n.where.isValid() || n.where.isNull())
            && (!n.throughWhere.isValid() || n.throughWhere.isNull()) && !filtersThroughIncludes(n);
    return st.select() << orderClause(m_core, n);
}

} // namespace grumble

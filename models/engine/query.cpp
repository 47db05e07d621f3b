// findAll / findOne / count with where, order, limit and nested includes.
//
// Plan: the root query joins every to-one include (belongsTo, hasOne) reachable through to-one
// includes; each to-many include (hasMany, belongsToMany) is ONE more statement that loads the
// children of all parents at once (the parent keys bound as a single list parameter), so the
// number of statements depends on the include tree, never on the number of rows.

#include "engine_p.h"

#include <QHash>
#include <QSet>

#include <utility>

namespace grumble {

namespace {

Error syntax(const QString &message)
{
    return makeError(ErrorKind::Syntax, message);
}

bool isMap(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantMap;
}

bool isListV(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantList || v.metaType().id() == QMetaType::QStringList;
}

Result<QStringList> stringList(const QVariant &v, const QString &what)
{
    if (!isListV(v))
        return syntax(QStringLiteral("%1 must be an array of attribute names").arg(what));
    QStringList out;
    for (const QVariant &x : v.toList()) {
        if (x.metaType().id() != QMetaType::QString)
            return syntax(QStringLiteral("%1 must be an array of attribute names").arg(what));
        out << x.toString();
    }
    return out;
}

// Reads an optional attribute list `key` of `m` into `out`.
Result<void> optionalAttributes(const QVariantMap &m, const QString &what, std::optional<QStringList> *out)
{
    if (!m.contains(QStringLiteral("attributes")))
        return {};
    auto a = stringList(m.value(QStringLiteral("attributes")), what + QStringLiteral(".attributes"));
    if (!a)
        return a.error();
    *out = *a;
    return {};
}

// Reads an optional where object of `m` into `out`.
Result<void> optionalWhere(const QVariantMap &m, const QString &what, QVariant *out)
{
    if (!m.contains(QStringLiteral("where")))
        return {};
    *out = m.value(QStringLiteral("where"));
    if (!isMap(*out))
        return syntax(QStringLiteral("%1.where must be an object").arg(what));
    return {};
}

Result<IncludeOptions> parseInclude(const QVariant &v, const QString &where)
{
    IncludeOptions inc;
    if (v.metaType().id() == QMetaType::QString) {
        inc.name = v.toString();
        return inc;
    }
    if (!isMap(v))
        return syntax(QStringLiteral("%1 must be a model name, an alias or an object like {\"model\": \"Owner\"}").arg(where));
    const QVariantMap m = v.toMap();
    static const QStringList allowed = { QStringLiteral("model"), QStringLiteral("association"), QStringLiteral("as"),
                                         QStringLiteral("where"), QStringLiteral("required"), QStringLiteral("attributes"),
                                         QStringLiteral("through"), QStringLiteral("include") };
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!allowed.contains(it.key()))
            return syntax(QStringLiteral("%1: unknown include option '%2' (allowed: %3)")
                                  .arg(where, it.key(), allowed.join(QStringLiteral(", "))));
    }
    const QString model = m.value(QStringLiteral("model")).toString();
    const QString as = m.value(QStringLiteral("as")).toString();
    const QString association = m.value(QStringLiteral("association")).toString();
    inc.name = !as.isEmpty() ? as : (!association.isEmpty() ? association : model);
    if (inc.name.isEmpty())
        return syntax(QStringLiteral("%1 names no model, association or alias").arg(where));
    if (m.contains(QStringLiteral("required"))) {
        const QVariant r = m.value(QStringLiteral("required"));
        if (r.metaType().id() != QMetaType::Bool)
            return syntax(QStringLiteral("%1: required must be true or false").arg(where));
        inc.required = r.toBool();
    }
    GRUMBLE_TRY(optionalWhere(m, where, &inc.where));
    GRUMBLE_TRY(optionalAttributes(m, where, &inc.attributes));
    if (m.contains(QStringLiteral("through"))) {
        const QVariant t = m.value(QStringLiteral("through"));
        if (!isMap(t))
            return syntax(QStringLiteral("%1: through must be an object like {\"attributes\": []}").arg(where));
        const QVariantMap tm = t.toMap();
        for (auto it = tm.begin(); it != tm.end(); ++it) {
            if (it.key() != QLatin1String("attributes") && it.key() != QLatin1String("where"))
                return syntax(QStringLiteral("%1: unknown through option '%2' (allowed: attributes, where)").arg(where, it.key()));
        }
        GRUMBLE_TRY(optionalAttributes(tm, where + QStringLiteral(".through"), &inc.throughAttributes));
        GRUMBLE_TRY(optionalWhere(tm, where + QStringLiteral(".through"), &inc.throughWhere));
    }
    if (m.contains(QStringLiteral("include"))) {
        const QVariant sub = m.value(QStringLiteral("include"));
        const QVariantList list = isListV(sub) ? sub.toList() : QVariantList { sub };
        for (int i = 0; i < list.size(); ++i) {
            auto child = parseInclude(list.at(i), where + QStringLiteral(".include[%1]").arg(i));
            if (!child)
                return child.error();
            inc.include << *child;
        }
    }
    return inc;
}

} // namespace

Result<FindOptions> FindOptions::fromVariant(const QVariant &v)
{
    FindOptions o;
    if (!v.isValid() || v.isNull())
        return o;
    if (!isMap(v))
        return syntax(QStringLiteral("Find options must be an object like {\"where\": {...}, \"include\": [...]}"));
    const QVariantMap m = v.toMap();
    static const QStringList allowed = { QStringLiteral("where"), QStringLiteral("include"), QStringLiteral("order"),
                                         QStringLiteral("limit"), QStringLiteral("offset"), QStringLiteral("attributes") };
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!allowed.contains(it.key()))
            return syntax(QStringLiteral("Unknown find option '%1' (allowed: %2)").arg(it.key(), allowed.join(QStringLiteral(", "))));
    }
    if (m.contains(QStringLiteral("where"))) {
        o.where = m.value(QStringLiteral("where"));
        if (!isMap(o.where) && !o.where.isNull())
            return syntax(QStringLiteral("where must be an object"));
    }
    for (const QString &key : { QStringLiteral("limit"), QStringLiteral("offset") }) {
        if (!m.contains(key) || m.value(key).isNull())
            continue;
        const QVariant x = m.value(key);
        bool ok = false;
        const double d = x.toDouble(&ok);
        if (!ok || x.metaType().id() == QMetaType::QString || x.metaType().id() == QMetaType::Bool || d < 0 || d != qint64(d))
            return syntax(QStringLiteral("%1 must be a non-negative integer").arg(key));
        (key == QLatin1String("limit") ? o.limit : o.offset) = qint64(d);
    }
    if (m.contains(QStringLiteral("attributes"))) {
        auto a = stringList(m.value(QStringLiteral("attributes")), QStringLiteral("attributes"));
        if (!a)
            return a.error();
        o.attributes = *a;
    }
    if (m.contains(QStringLiteral("order"))) {
        const QVariant ord = m.value(QStringLiteral("order"));
        if (ord.metaType().id() == QMetaType::QString)
            o.order = { ord };
        else if (isListV(ord))
            o.order = ord.toList();
        else
            return syntax(QStringLiteral("order must be an array like [[\"name\", \"DESC\"]]"));
    }
    if (m.contains(QStringLiteral("include"))) {
        const QVariant inc = m.value(QStringLiteral("include"));
        const QVariantList list = isListV(inc) ? inc.toList() : QVariantList { inc };
        for (int i = 0; i < list.size(); ++i) {
            auto child = parseInclude(list.at(i), QStringLiteral("include[%1]").arg(i));
            if (!child)
                return child.error();
            o.include << *child;
        }
    }
    return o;
}

// ---- where ----

namespace {

const QStringList &knownOperators()
{
    static const QStringList ops = { QStringLiteral("$eq"),      QStringLiteral("$ne"),         QStringLiteral("$gt"),
                                     QStringLiteral("$gte"),     QStringLiteral("$lt"),         QStringLiteral("$lte"),
                                     QStringLiteral("$in"),      QStringLiteral("$notIn"),      QStringLiteral("$like"),
                                     QStringLiteral("$notLike"), QStringLiteral("$iLike"),      QStringLiteral("$between"),
                                     QStringLiteral("$notBetween"), QStringLiteral("$is"),      QStringLiteral("$not") };
    return ops;
}

} // namespace

Result<QString> Engine::Impl::compileWhere(const Model &m, const QString &alias, const QVariant &where,
                                           QVariantList *binds) const
{
    if (!where.isValid() || where.isNull())
        return QString();
    if (!isMap(where))
        return syntax(QStringLiteral("A where clause must be an object, not %1").arg(QString::fromUtf8(toJson(where))));
    const QVariantMap map = where.toMap();
    QStringList parts;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = it.key();
        const QVariant value = it.value();
        if (key == QLatin1String("$and") || key == QLatin1String("$or")) {
            QVariantList terms;
            if (isListV(value)) {
                terms = value.toList();
            } else if (isMap(value)) {
                const QVariantMap vm = value.toMap();
                for (auto t = vm.begin(); t != vm.end(); ++t)
                    terms << QVariantMap { { t.key(), t.value() } };
            } else {
                return syntax(QStringLiteral("%1 takes an array of where objects").arg(key));
            }
            if (terms.isEmpty()) {
                parts << (key == QLatin1String("$and") ? QStringLiteral("1 = 1") : QStringLiteral("0 = 1"));
                continue;
            }
            QStringList sub;
            for (const QVariant &t : terms) {
                auto s = compileWhere(m, alias, t, binds);
                if (!s)
                    return s.error();
                sub << (s->isEmpty() ? QStringLiteral("1 = 1") : *s);
            }
            parts << QLatin1Char('(') + sub.join(key == QLatin1String("$and") ? QStringLiteral(" AND ") : QStringLiteral(" OR "))
                            + QLatin1Char(')');
            continue;
        }
        if (key == QLatin1String("$not")) {
            auto s = compileWhere(m, alias, value, binds);
            if (!s)
                return s.error();
            if (!s->isEmpty())
                parts << QStringLiteral("NOT (") + *s + QLatin1Char(')');
            continue;
        }
        if (key.startsWith(QLatin1Char('$')))
            return syntax(QStringLiteral("Unknown operator '%1' at the top of a where (use $and, $or, $not, or an attribute)").arg(key));
        const Attribute *a = m.attribute(key);
        if (!a)
            return unknownAttribute(m, key);
        const QString col = column(alias, *a);
        Attribute nullable = *a;
        nullable.allowNull = true;
        auto bindOne = [&](const QVariant &v) -> Result<void> {
            auto c = coerce(m, nullable, v);
            if (!c)
                return c.error();
            *binds << bindValue(*a, *c);
            return {};
        };
        auto inList = [&](const QVariant &v, bool negate) -> Result<QString> {
            if (!isListV(v))
                return syntax(QStringLiteral("%1 on %2 takes an array").arg(negate ? QStringLiteral("$notIn") : QStringLiteral("$in"), key));
            const QVariantList list = v.toList();
            if (list.isEmpty())
                return negate ? QStringLiteral("1 = 1") : QStringLiteral("0 = 1");
            QStringList ph;
            for (const QVariant &x : list) {
                GRUMBLE_TRY(bindOne(x));
                ph << QStringLiteral("?");
            }
            return col + (negate ? QStringLiteral(" NOT IN (") : QStringLiteral(" IN (")) + ph.join(QStringLiteral(", ")) + QLatin1Char(')');
        };
        const bool opObject = isMap(value) && (a->type != DataType::Json || !value.toMap().isEmpty());
        if (!opObject) {
            if (value.isNull() || !value.isValid()) {
                parts << col + QStringLiteral(" IS NULL");
            } else if (isListV(value) && a->type != DataType::Json) {
                auto s = inList(value, false);
                if (!s)
                    return s.error();
                parts << *s;
            } else {
                GRUMBLE_TRY(bindOne(value));
                parts << col + QStringLiteral(" = ?");
            }
            continue;
        }
        const QVariantMap ops = value.toMap();
        for (auto op = ops.begin(); op != ops.end(); ++op) {
            const QString name = op.key();
            const QVariant v = op.value();
            if (!knownOperators().contains(name))
                return syntax(QStringLiteral("Unknown operator '%1' on %2.%3 (known: %4)")
                                      .arg(name, m.name, key, knownOperators().join(QStringLiteral(" "))));
            const bool equal = name == QLatin1String("$eq") || name == QLatin1String("$is");
            if (equal || name == QLatin1String("$ne") || name == QLatin1String("$not")) {
                // null compares with IS [NOT] NULL, anything else with = / <>
                if (v.isNull()) {
                    parts << col + (equal ? QStringLiteral(" IS NULL") : QStringLiteral(" IS NOT NULL"));
                } else {
                    GRUMBLE_TRY(bindOne(v));
                    parts << col + (equal ? QStringLiteral(" = ?") : QStringLiteral(" <> ?"));
                }
            } else if (name == QLatin1String("$in") || name == QLatin1String("$notIn")) {
                auto s = inList(v, name == QLatin1String("$notIn"));
                if (!s)
                    return s.error();
                parts << *s;
            } else if (name == QLatin1String("$between") || name == QLatin1String("$notBetween")) {
                if (!isListV(v) || v.toList().size() != 2)
                    return syntax(QStringLiteral("%1 on %2 takes an array of two values").arg(name, key));
                GRUMBLE_TRY(bindOne(v.toList().at(0)));
                GRUMBLE_TRY(bindOne(v.toList().at(1)));
                parts << col + (name == QLatin1String("$between") ? QStringLiteral(" BETWEEN ? AND ?")
                                                                  : QStringLiteral(" NOT BETWEEN ? AND ?"));
            } else if (name == QLatin1String("$like") || name == QLatin1String("$notLike") || name == QLatin1String("$iLike")) {
                if (v.metaType().id() != QMetaType::QString)
                    return syntax(QStringLiteral("%1 on %2 takes a string pattern").arg(name, key));
                *binds << v.toString();
                if (name == QLatin1String("$iLike"))
                    parts << QStringLiteral("LOWER(") + col + QStringLiteral(") LIKE LOWER(?)");
                else
                    parts << col + (name == QLatin1String("$like") ? QStringLiteral(" LIKE ?") : QStringLiteral(" NOT LIKE ?"));
            } else {
                if (v.isNull())
                    return syntax(QStringLiteral("%1 on %2 cannot compare with null").arg(name, key));
                GRUMBLE_TRY(bindOne(v));
                static const QHash<QString, QString> cmp = { { QStringLiteral("$gt"), QStringLiteral(" > ?") },
                                                             { QStringLiteral("$gte"), QStringLiteral(" >= ?") },
                                                             { QStringLiteral("$lt"), QStringLiteral(" < ?") },
                                                             { QStringLiteral("$lte"), QStringLiteral(" <= ?") } };
                parts << col + cmp.value(name);
            }
        }
    }
    if (parts.size() == 1)
        return parts.first();
    return parts.isEmpty() ? QString() : QLatin1Char('(') + parts.join(QStringLiteral(" AND ")) + QLatin1Char(')');
}

// ---- include planning ----

namespace {

struct Node
{
    const Association *as = nullptr; // null for the root
    const Model *model = nullptr;
    const Model *through = nullptr;
    QString alias;
    QString throughAlias;
    bool required = false;
    QVariant where;
    QVariant throughWhere;
    QVector<int> projection;
    QVector<int> throughProjection;
    bool showThrough = true;
    mutable std::shared_ptr<const RecordShape> shape; // what its records show, made on first read
    std::vector<Node> children;
    int includeIndex = 0; // position in the parent's Record::includes
    // layout in the statement that reads this node
    int col = 0;
    int throughCol = 0;
    int parentKeyCol = 0;
    QStringList orderTerms; // for the statement this node heads (to-many nodes and the root)
    bool complete = false;  // the statement this node heads read every row of its table


    bool toMany() const { return as && as->isToMany(); }
};

class Planner
{
public:
    Planner(Engine::Impl &d) : d(d) { }

    Result<void> build(Node &node, const QVector<IncludeOptions> &incs)
    {
        for (int i = 0; i < incs.size(); ++i) {
            const IncludeOptions &inc = incs.at(i);
            const Association *as = d.s.findAssociation(node.model->name, inc.name);
            if (!as) {
                const Model *target = d.s.model(inc.name);
                QStringList names;
                for (const Association *a : d.s.associationsOf(node.model->name))
                    names << a->as;
                if (target) {
                    int n = 0;
                    for (const Association *a : d.s.associationsOf(node.model->name))
                        n += a->target == target->name;
                    if (n > 1)
                        return makeError(ErrorKind::UnknownAssociation,
                                         QStringLiteral("%1 is associated to %2 several times: name the alias (one of: %3)")
                                                 .arg(target->name, node.model->name, names.join(QStringLiteral(", "))));
                    return makeError(ErrorKind::UnknownAssociation, QStringLiteral("%1 is not associated to %2!")
                                                                            .arg(target->name, node.model->name));
                }
                return makeError(ErrorKind::UnknownAssociation,
                                 QStringLiteral("%1 has no association or model named '%2' to include (it has: %3)")
                                         .arg(node.model->name, inc.name,
                                              names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
            }
            Node child;
            child.as = as;
            child.model = d.s.model(as->target);
            child.through = as->through.isEmpty() ? nullptr : d.s.model(as->through);
            child.alias = aliasFor(node.as ? node.alias + QStringLiteral("->") + as->as : as->as);
            if (child.through)
                child.throughAlias = aliasFor(child.alias + QStringLiteral("->") + child.through->name);
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
                    return makeError(ErrorKind::Syntax, QStringLiteral("%1 is not a belongsToMany: it has no through options")
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
                return makeError(ErrorKind::Syntax, QStringLiteral("%1 is not a belongsToMany: it has no through options").arg(as->as));
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
                return d.unknownAttribute(m, n);
            out << i;
        }
        return out;
    }

    QString aliasFor(const QString &path)
    {
        const int max = d.d.maxIdentifierLength();
        if (max && path.toUtf8().size() > max)
            return QStringLiteral("_a%1").arg(++m_aliases);
        return path;
    }

    Engine::Impl &d;
    int m_aliases = 0;
};

struct Statement
{
    QStringList columns;
    QString from;
    QVariantList fromBinds;
    QStringList where;
    QVariantList whereBinds;
};

} // namespace

namespace {

// The ON condition joining a to-one child to its parent's alias.
QString toOneCondition(const Engine::Impl &d, const Node &parent, const Node &child)
{
    const Association &a = *child.as;
    if (a.kind == AssociationKind::BelongsTo)
        return d.column(parent.alias, *parent.model->attribute(a.foreignKey)) + QStringLiteral(" = ")
                + d.column(child.alias, *child.model->attribute(a.targetKey));
    return d.column(child.alias, *child.model->attribute(a.foreignKey)) + QStringLiteral(" = ")
            + d.column(parent.alias, *parent.model->attribute(a.sourceKey));
}

Result<void> addExists(Engine::Impl &d, const Node &parent, const Node &child, Statement &st);

// Adds the joins of the to-one children of `node` (recursively) and the EXISTS filters of its
// required to-many children. With `selecting`, their columns are read too.
Result<void> addToOneJoins(Engine::Impl &d, Node &node, Statement &st, bool selecting)
{
    for (Node &child : node.children) {
        if (child.toMany()) {
            if (child.required)
                GRUMBLE_TRY(addExists(d, node, child, st));
            continue;
        }
        if (!selecting && !child.required)
            continue;
        if (selecting) {
            child.col = int(st.columns.size());
            for (const Attribute &a : child.model->attributes)
                st.columns << d.selected(child.alias, a);
        }
        QString on = toOneCondition(d, node, child);
        if (child.where.isValid() && !child.where.isNull()) {
            auto w = d.compileWhere(*child.model, child.alias, child.where, &st.fromBinds);
            if (!w)
                return w.error();
            if (!w->isEmpty())
                on += QStringLiteral(" AND ") + *w;
        }
        st.from += (child.required ? QStringLiteral(" INNER JOIN ") : QStringLiteral(" LEFT OUTER JOIN ")) + d.table(*child.model)
                + QStringLiteral(" AS ") + d.quote(child.alias) + QStringLiteral(" ON ") + on;
        GRUMBLE_TRY(addToOneJoins(d, child, st, selecting));
    }
    return {};
}

// FROM clause and key column of a to-many node's own rows.
QString toManyFrom(const Engine::Impl &d, const Node &n, QString *parentKeyColumn)
{
    const Association &a = *n.as;
    if (a.kind == AssociationKind::BelongsToMany) {
        *parentKeyColumn = d.column(n.throughAlias, *n.through->attribute(a.foreignKey));
        return d.table(*n.through) + QStringLiteral(" AS ") + d.quote(n.throughAlias) + QStringLiteral(" INNER JOIN ")
                + d.table(*n.model) + QStringLiteral(" AS ") + d.quote(n.alias) + QStringLiteral(" ON ")
                + d.column(n.alias, *n.model->attribute(a.targetKey)) + QStringLiteral(" = ")
                + d.column(n.throughAlias, *n.through->attribute(a.otherKey));
    }
    *parentKeyColumn = d.column(n.alias, *n.model->attribute(a.foreignKey));
    return d.table(*n.model) + QStringLiteral(" AS ") + d.quote(n.alias);
}

Result<void> addOwnFilters(Engine::Impl &d, const Node &n, Statement &st)
{
    if (n.where.isValid() && !n.where.isNull()) {
        auto w = d.compileWhere(*n.model, n.alias, n.where, &st.whereBinds);
        if (!w)
            return w.error();
        if (!w->isEmpty())
            st.where << *w;
    }
    if (n.through && n.throughWhere.isValid() && !n.throughWhere.isNull()) {
        auto w = d.compileWhere(*n.through, n.throughAlias, n.throughWhere, &st.whereBinds);
        if (!w)
            return w.error();
        if (!w->isEmpty())
            st.where << *w;
    }
    return {};
}

Result<void> addExists(Engine::Impl &d, const Node &parent, const Node &child, Statement &outer)
{
    Node n = child; // the copy gets its own column layout; nothing is selected
    Statement st;
    QString keyCol;
    st.from = toManyFrom(d, n, &keyCol);
    st.where << keyCol + QStringLiteral(" = ") + d.column(parent.alias, *parent.model->attribute(n.as->sourceKey));
    GRUMBLE_TRY(addToOneJoins(d, n, st, false));
    GRUMBLE_TRY(addOwnFilters(d, n, st));
    outer.where << QStringLiteral("EXISTS (SELECT 1 FROM ") + st.from + QStringLiteral(" WHERE ")
                    + st.where.join(QStringLiteral(" AND ")) + QLatin1Char(')');
    outer.whereBinds << st.fromBinds << st.whereBinds;
    return {};
}

// Finds the node an order path names: [] is the root, ["pugs"] its pugs include, ...
Node *nodeForPath(Node &root, const QStringList &path)
{
    Node *n = &root;
    for (const QString &step : path) {
        Node *next = nullptr;
        for (Node &c : n->children) {
            if (c.as->as == step || c.model->name.compare(step, Qt::CaseInsensitive) == 0 || c.as->singular == step)
                next = &c;
        }
        if (!next)
            return nullptr;
        n = next;
    }
    return n;
}

// The to-many node (or root) whose statement reads `target`.
Node *statementHead(Node &root, Node *target)
{
    std::function<Node *(Node &, Node *)> walk = [&](Node &n, Node *head) -> Node * {
        if (&n == target)
            return head;
        for (Node &c : n.children) {
            if (Node *h = walk(c, c.toMany() ? &c : head))
                return h;
        }
        return nullptr;
    };
    return walk(root, &root);
}

Result<void> applyOrder(Engine::Impl &d, Node &root, const QVariantList &order)
{
    for (const QVariant &entry : order) {
        QVariantList parts = isListV(entry) ? entry.toList() : QVariantList { entry };
        if (parts.isEmpty())
            return makeError(ErrorKind::Syntax, QStringLiteral("An order entry is empty"));
        QString direction = QStringLiteral("ASC");
        auto isDirection = [](const QVariant &v) {
            const QString s = v.toString().toUpper();
            return v.metaType().id() == QMetaType::QString
                    && (s == QLatin1String("ASC") || s == QLatin1String("DESC") || s.startsWith(QLatin1String("ASC NULLS"))
                        || s.startsWith(QLatin1String("DESC NULLS")));
        };
        if (parts.size() >= 2 && isDirection(parts.last()))
            direction = parts.takeLast().toString().toUpper();
        else if (parts.size() >= 2 && parts.last().metaType().id() == QMetaType::QString
                 && !parts.last().toString().isEmpty() && parts.size() > 1
                 && !nodeForPath(root, { parts.at(parts.size() - 2).toString() }))
            return makeError(ErrorKind::Syntax, QStringLiteral("Order direction must be ASC or DESC, not '%1'")
                                                        .arg(parts.last().toString()));
        if (direction != QLatin1String("ASC") && direction != QLatin1String("DESC")
            && direction != QLatin1String("ASC NULLS FIRST") && direction != QLatin1String("ASC NULLS LAST")
            && direction != QLatin1String("DESC NULLS FIRST") && direction != QLatin1String("DESC NULLS LAST"))
            return makeError(ErrorKind::Syntax, QStringLiteral("Order direction must be ASC or DESC, not '%1'").arg(direction));
        QStringList path;
        for (const QVariant &p : parts) {
            if (isMap(p)) {
                const QVariantMap pm = p.toMap();
                path << (pm.contains(QStringLiteral("as")) ? pm.value(QStringLiteral("as")) : pm.value(QStringLiteral("model"))).toString();
            } else if (p.metaType().id() == QMetaType::QString) {
                path << p.toString();
            } else {
                return makeError(ErrorKind::Syntax, QStringLiteral("An order entry is [column, direction] or [include, column, direction]"));
            }
        }
        const QString columnName = path.takeLast();
        Node *node = nodeForPath(root, path);
        if (!node)
            return makeError(ErrorKind::UnknownAssociation,
                             QStringLiteral("order names '%1', which is not an include of this query").arg(path.join(QLatin1Char('.'))));
        const Attribute *a = node->model->attribute(columnName);
        if (!a)
            return d.unknownAttribute(*node->model, columnName);
        Node *head = statementHead(root, node);
        head->orderTerms << d.column(node->alias, *a) + QLatin1Char(' ') + direction;
    }
    return {};
}

QString orderClause(const Engine::Impl &d, const Node &head)
{
    QStringList terms = head.orderTerms;
    for (const QString &k : head.model->primaryKey)
        terms << d.column(head.alias, *head.model->attribute(k)) + QStringLiteral(" ASC");
    return QStringLiteral(" ORDER BY ") + terms.join(QStringLiteral(", "));
}

// Whether the statement headed by `head` filters rows through its includes: a required to-one
// (INNER JOIN, or a where in the ON clause of one) or a required to-many (EXISTS).
bool filtersThroughIncludes(const Node &head)
{
    for (const Node &c : head.children) {
        if (c.required)
            return true;
        if (!c.toMany() && filtersThroughIncludes(c))
            return true;
    }
    return false;
}

class Loader
{
public:
    Loader(Engine::Impl &d) : d(d) { }

    Record readNode(const Cursor &q, const Node &n)
    {
        // A hasMany child row appears once; targets of to-one and belongsToMany may repeat.
        const bool mayRepeat = n.as && n.as->kind != AssociationKind::HasMany;
        Record r = mayRepeat ? readShared(q, n) : d.readRecord(q, *n.model, n.col);
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
            r.throughValues = d.readValues(q, *n.through, n.throughCol);
        r.includes.resize(n.children.size());
        for (const Node &c : n.children) {
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
    Record readShared(const Cursor &q, const Node &n)
    {
        const int pk = n.model->pkIndex();
        const Attribute *key = n.model->pk();
        if (pk < 0 || (key->type != DataType::Integer && key->type != DataType::BigInt))
            return d.readRecord(q, *n.model, n.col);
        const qint64 id = q.integer(n.col + pk);
        QHash<qint64, Values> &cache = m_values[&n];
        auto it = cache.constFind(id);
        if (it != cache.constEnd()) {
            Record r;
            r.model = n.model;
            r.values = it.value();
            return r;
        }
        Record r = d.readRecord(q, *n.model, n.col);
        cache.insert(id, r.values);
        return r;
    }

    // Every record that sits at `node` below the given records of `head`.
    static void collect(const Node &head, Record &r, const Node &node, QVector<Record *> *out)
    {
        if (&head == &node) {
            out->push_back(&r);
            return;
        }
        for (const Node &c : head.children) {
            if (c.toMany())
                continue;
            Included &inc = r.includes[c.includeIndex];
            for (Record &child : inc.records)
                collect(c, child, node, out);
        }
    }

    // Loads the to-many children below the records of `head` (and below its to-one descendants).
    Result<void> loadChildren(Node &head, QVector<Record *> &records)
    {
        std::function<Result<void>(Node &)> visit = [&](Node &n) -> Result<void> {
            for (Node &c : n.children) {
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

    Result<void> loadToMany(Node &parent, Node &n, QVector<Record *> &parents, bool parentsComplete)
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
    Result<void> loadToManyBy(Node &parent, Node &n, QVector<Record *> &parents, bool parentsComplete, RowKey rowKey,
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
        Statement st;
        QString keyCol;
        n.col = 0;
        for (const Attribute &at : n.model->attributes)
            st.columns << d.selected(n.alias, at);
        if (n.through) {
            n.throughCol = int(st.columns.size());
            for (const Attribute &at : n.through->attributes)
                st.columns << d.selected(n.throughAlias, at);
        }
        st.from = toManyFrom(d, n, &keyCol);
        n.parentKeyCol = int(st.columns.size());
        st.columns << keyCol;
        GRUMBLE_TRY(addToOneJoins(d, n, st, true));
        // When the parents are every row of their table, the children need no key list: every
        // child row has one of those parents (or none, and then it is left out when grouping).
        if (parentsComplete) {
            st.where.prepend(keyCol + QStringLiteral(" IS NOT NULL"));
        } else {
            st.where.prepend(d.d.inKeyList(keyCol, sk.type));
            QVariantList whereBinds { d.d.keyListBinding(keys, sk.type) };
            whereBinds << st.whereBinds;
            st.whereBinds = whereBinds;
        }
        GRUMBLE_TRY(addOwnFilters(d, n, st));
        n.complete = parentsComplete && (!n.where.isValid() || n.where.isNull())
                && (!n.throughWhere.isValid() || n.throughWhere.isNull()) && !filtersThroughIncludes(n);
        const QString sql = QStringLiteral("SELECT ") + st.columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM ")
                + st.from + QStringLiteral(" WHERE ") + st.where.join(QStringLiteral(" AND ")) + orderClause(d, n);
        auto r = d.c.exec(sql, st.fromBinds + st.whereBinds);
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

    Engine::Impl &d;
    QHash<const Node *, QHash<qint64, Values>> m_values;
};

} // namespace

Result<RecordList> Engine::Impl::find(const Model &m, const FindOptions &o)
{
    Node root;
    root.model = &m;
    root.alias = m.name;
    Planner planner(*this);
    GRUMBLE_TRY(planner.build(root, o.include));
    if (o.attributes) {
        auto p = planner.projection(m, *o.attributes);
        if (!p)
            return p.error();
        root.projection = *p;
    }
    GRUMBLE_TRY(applyOrder(*this, root, o.order));
    Statement st;
    for (const Attribute &a : m.attributes)
        st.columns << selected(root.alias, a);
    st.from = table(m) + QStringLiteral(" AS ") + quote(root.alias);
    auto w = compileWhere(m, root.alias, o.where, &st.whereBinds);
    if (!w)
        return w.error();
    if (!w->isEmpty())
        st.where << *w;
    GRUMBLE_TRY(addToOneJoins(*this, root, st, true));
    root.complete = st.where.isEmpty() && !o.limit && !(o.offset && *o.offset > 0) && !filtersThroughIncludes(root);
    QString sql = QStringLiteral("SELECT ") + st.columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM ") + st.from;
    if (!st.where.isEmpty())
        sql += QStringLiteral(" WHERE ") + st.where.join(QStringLiteral(" AND "));
    sql += orderClause(*this, root);
    QVariantList binds = st.fromBinds + st.whereBinds;
    sql += d.limitOffset(o.limit.has_value(), o.offset.has_value() && *o.offset > 0);
    if (o.limit)
        binds << *o.limit;
    if (o.offset && *o.offset > 0)
        binds << *o.offset;
    auto r = c.exec(sql, binds);
    if (!r)
        return r.error();
    Loader loader(*this);
    RecordList out;
    Cursor &q = **r;
    while (q.next())
        out << loader.readNode(q, root);
    q.finish();
    if (!out.isEmpty()) {
        QVector<Record *> records;
        records.reserve(out.size());
        for (Record &rec : out)
            records << &rec;
        GRUMBLE_TRY(loader.loadChildren(root, records));
    }
    return out;
}

Result<qint64> Engine::Impl::count(const Model &m, const FindOptions &o)
{
    Node root;
    root.model = &m;
    root.alias = m.name;
    Planner planner(*this);
    GRUMBLE_TRY(planner.build(root, o.include));
    Statement st;
    st.from = table(m) + QStringLiteral(" AS ") + quote(root.alias);
    auto w = compileWhere(m, root.alias, o.where, &st.whereBinds);
    if (!w)
        return w.error();
    if (!w->isEmpty())
        st.where << *w;
    GRUMBLE_TRY(addToOneJoins(*this, root, st, false));
    QString sql = QStringLiteral("SELECT COUNT(*) FROM ") + st.from;
    if (!st.where.isEmpty())
        sql += QStringLiteral(" WHERE ") + st.where.join(QStringLiteral(" AND "));
    auto r = c.exec(sql, st.fromBinds + st.whereBinds);
    if (!r)
        return r.error();
    const qint64 n = (*r)->next() ? (*r)->value(0).toLongLong() : 0;
    (*r)->finish();
    return n;
}

} // namespace grumble

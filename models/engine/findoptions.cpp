// Find options: the JSON-shaped options of findAll / findOne / count ({"where": ..., "include":
// [...], "order": ..., "limit": ..., "offset": ..., "attributes": [...]}) read into FindOptions.

#include "enginecore.h"

namespace grumble {

namespace {

bool isPlainList(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantList
            || v.metaType().id() == QMetaType::QStringList;
}

Result<QStringList> stringList(const QVariant &v, const QString &what)
{
    if (!isPlainList(v))
        return syntaxError(QStringLiteral("%1 must be an array of attribute names").arg(what));
    QStringList out;
    for (const QVariant &x : v.toList()) {
        if (x.metaType().id() != QMetaType::QString)
            return syntaxError(QStringLiteral("%1 must be an array of attribute names").arg(what));
        out << x.toString();
    }
    return out;
}

// One entry of an attribute list: "name" or ["name", "alias"].
Result<void> attributeEntry(const QVariant &x, const QString &what, QStringList *names,
                            QStringList *keys)
{
    if (x.metaType().id() == QMetaType::QString) {
        *names << x.toString();
        *keys << x.toString();
        return {};
    }
    const QVariantList pair = isPlainList(x) ? x.toList() : QVariantList();
    if (pair.size() == 2 && pair.at(0).metaType().id() == QMetaType::QString
        && pair.at(1).metaType().id() == QMetaType::QString) {
        *names << pair.at(0).toString();
        *keys << pair.at(1).toString();
        return {};
    }
    return syntaxError(QStringLiteral("%1 must list attribute names or [name, alias] pairs, not %2")
                               .arg(what, QString::fromUtf8(toJson(x))));
}

// An `attributes` value: ["a", ["b", "alias"]] or {"exclude": [...], "include": [...]}.
Result<void> attributeSelection(const QVariant &v, const QString &what, AttributeSelection *out)
{
    if (isPlainList(v)) {
        QStringList names, keys;
        for (const QVariant &x : v.toList())
            GRUMBLE_TRY(attributeEntry(x, what, &names, &keys));
        out->only = names;
        out->onlyAs = keys;
        return {};
    }
    if (!isMapValue(v))
        return syntaxError(
                QStringLiteral("%1 must be an array of attribute names or an object like "
                               "{\"exclude\": [...]}")
                        .arg(what));
    const QVariantMap m = v.toMap();
    for (auto it = m.begin(); it != m.end(); ++it) {
        const bool exclude = it.key() == QLatin1String("exclude");
        if (!exclude && it.key() != QLatin1String("include"))
            return syntaxError(QStringLiteral("%1: unknown key '%2' (allowed: exclude, include)")
                                       .arg(what, it.key()));
        if (!isPlainList(it.value()))
            return syntaxError(QStringLiteral("%1.%2 must be an array").arg(what, it.key()));
        QStringList keys;
        for (const QVariant &x : it.value().toList()) {
            if (exclude && x.metaType().id() != QMetaType::QString)
                return syntaxError(
                        QStringLiteral("%1.exclude must list attribute names").arg(what));
            GRUMBLE_TRY(attributeEntry(x, what, exclude ? &out->exclude : &out->extra,
                                       exclude ? &keys : &out->extraAs));
        }
    }
    return {};
}

// Reads an optional attribute selection of `m` into `names` (the list form's names) and `out`.
Result<void> optionalAttributes(const QVariantMap &m, const QString &what,
                                std::optional<QStringList> *names, AttributeSelection *out)
{
    if (!m.contains(QStringLiteral("attributes")))
        return {};
    GRUMBLE_TRY(attributeSelection(m.value(QStringLiteral("attributes")),
                                   what.isEmpty() ? QStringLiteral("attributes")
                                                  : what + QStringLiteral(".attributes"),
                                   out));
    *names = out->only;
    return {};
}

// The plain list form (through: {attributes: [...]}).
Result<void> optionalAttributeNames(const QVariantMap &m, const QString &what,
                                    std::optional<QStringList> *out)
{
    if (!m.contains(QStringLiteral("attributes")))
        return {};
    auto a =
            stringList(m.value(QStringLiteral("attributes")), what + QStringLiteral(".attributes"));
    if (!a)
        return a.error();
    *out = *a;
    return {};
}

// `all: true | "HasMany" | ["BelongsTo", "One", ...]` as the association kinds it names, as
// Sequelize expands them ("All" for every kind).
Result<QStringList> includeAllKinds(const QVariant &v, const QString &where)
{
    if (v.metaType().id() == QMetaType::Bool)
        return v.toBool() ? QStringList{ QStringLiteral("All") } : QStringList();
    const QVariantList list = isPlainList(v) ? v.toList() : QVariantList{ v };
    static const QHash<QString, QStringList> groups = {
        { QStringLiteral("BelongsTo"), { QStringLiteral("BelongsTo") } },
        { QStringLiteral("HasOne"), { QStringLiteral("HasOne") } },
        { QStringLiteral("HasMany"), { QStringLiteral("HasMany") } },
        { QStringLiteral("One"), { QStringLiteral("BelongsTo"), QStringLiteral("HasOne") } },
        { QStringLiteral("Has"), { QStringLiteral("HasOne"), QStringLiteral("HasMany") } },
        { QStringLiteral("Many"), { QStringLiteral("HasMany") } },
        { QStringLiteral("All"), { QStringLiteral("All") } },
    };
    QStringList kinds;
    for (const QVariant &x : list) {
        const QString type = x.toString();
        if (x.metaType().id() != QMetaType::QString || !groups.contains(type))
            return syntaxError(
                    QStringLiteral("%1: include all '%2' is not valid - must be BelongsTo, "
                                   "HasOne, HasMany, One, Has, Many or All")
                            .arg(where, x.toString()));
        if (type == QLatin1String("All"))
            return QStringList{ type };
        for (const QString &k : groups.value(type)) {
            if (!kinds.contains(k))
                kinds << k;
        }
    }
    return kinds;
}

// Reads an optional where object of `m` into `out`.
Result<void> optionalWhere(const QVariantMap &m, const QString &what, QVariant *out)
{
    if (!m.contains(QStringLiteral("where")))
        return {};
    *out = m.value(QStringLiteral("where"));
    if (!isMapValue(*out))
        return syntaxError(QStringLiteral("%1.where must be an object").arg(what));
    return {};
}

Result<std::optional<qint64>> nonNegative(const QVariantMap &m, const QString &key,
                                          const QString &what)
{
    if (!m.contains(key) || m.value(key).isNull())
        return std::optional<qint64>();
    const QVariant x = m.value(key);
    bool ok = false;
    const double d = x.toDouble(&ok);
    if (!ok || x.metaType().id() == QMetaType::QString || x.metaType().id() == QMetaType::Bool
        || !(d >= 0 && d < 9.2e18) || d != double(qint64(d))) // range first: no overflow converting
        return syntaxError(QStringLiteral("%1%2 must be a non-negative integer").arg(what, key));
    return std::optional<qint64>(qint64(d));
}

Result<QVariantList> orderOption(const QVariant &ord)
{
    if (ord.metaType().id() == QMetaType::QString)
        return QVariantList{ ord };
    if (isPlainList(ord))
        return ord.toList();
    return syntaxError(QStringLiteral("order must be an array like [[\"name\", \"DESC\"]]"));
}

// all, nested, separate, limit and order of an include object.
Result<void> parseIncludeExtras(const QVariantMap &m, const QString &where, IncludeOptions *inc)
{
    if (m.contains(QStringLiteral("all"))) {
        auto kinds = includeAllKinds(m.value(QStringLiteral("all")), where);
        if (!kinds)
            return kinds.error();
        inc->all = *kinds;
    }
    for (const QString &key : { QStringLiteral("nested"), QStringLiteral("separate") }) {
        if (!m.contains(key))
            continue;
        if (m.value(key).metaType().id() != QMetaType::Bool)
            return syntaxError(QStringLiteral("%1: %2 must be true or false").arg(where, key));
        if (key == QLatin1String("nested"))
            inc->nested = m.value(key).toBool();
        else
            inc->separate = m.value(key).toBool();
    }
    auto limit = nonNegative(m, QStringLiteral("limit"), where + QStringLiteral(": "));
    if (!limit)
        return limit.error();
    inc->limit = *limit;
    if (m.contains(QStringLiteral("order"))) {
        auto order = orderOption(m.value(QStringLiteral("order")));
        if (!order)
            return order.error();
        inc->order = *order;
    }
    return {};
}

Result<IncludeOptions> parseInclude(const QVariant &v, const QString &where)
{
    IncludeOptions inc;
    if (v.metaType().id() == QMetaType::QString) {
        inc.name = v.toString();
        return inc;
    }
    if (!isMapValue(v))
        return syntaxError(QStringLiteral("%1 must be a model name, an alias or an object like "
                                          "{\"model\": \"Owner\"}")
                                   .arg(where));
    const QVariantMap m = v.toMap();
    static const QStringList allowed = { QStringLiteral("model"),    QStringLiteral("association"),
                                         QStringLiteral("as"),       QStringLiteral("where"),
                                         QStringLiteral("required"), QStringLiteral("attributes"),
                                         QStringLiteral("through"),  QStringLiteral("include"),
                                         QStringLiteral("all"),      QStringLiteral("nested"),
                                         QStringLiteral("separate"), QStringLiteral("limit"),
                                         QStringLiteral("order") };
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!allowed.contains(it.key()))
            return syntaxError(QStringLiteral("%1: unknown include option '%2' (allowed: %3)")
                                       .arg(where, it.key(), allowed.join(QStringLiteral(", "))));
    }
    GRUMBLE_TRY(parseIncludeExtras(m, where, &inc));
    const QString model = m.value(QStringLiteral("model")).toString();
    const QString as = m.value(QStringLiteral("as")).toString();
    const QString association = m.value(QStringLiteral("association")).toString();
    inc.name = !as.isEmpty() ? as : (!association.isEmpty() ? association : model);
    inc.model = model;
    inc.as = !as.isEmpty() ? as : association;
    if (inc.name.isEmpty() && inc.all.isEmpty())
        return syntaxError(QStringLiteral("%1 names no model, association or alias").arg(where));
    if (m.contains(QStringLiteral("required"))) {
        const QVariant r = m.value(QStringLiteral("required"));
        if (r.metaType().id() != QMetaType::Bool)
            return syntaxError(QStringLiteral("%1: required must be true or false").arg(where));
        inc.required = r.toBool();
    }
    GRUMBLE_TRY(optionalWhere(m, where, &inc.where));
    GRUMBLE_TRY(optionalAttributes(m, where, &inc.attributes, &inc.attributeSelection));
    if (m.contains(QStringLiteral("through"))) {
        const QVariant t = m.value(QStringLiteral("through"));
        if (!isMapValue(t))
            return syntaxError(
                    QStringLiteral("%1: through must be an object like {\"attributes\": []}")
                            .arg(where));
        const QVariantMap tm = t.toMap();
        for (auto it = tm.begin(); it != tm.end(); ++it) {
            if (it.key() != QLatin1String("attributes") && it.key() != QLatin1String("where"))
                return syntaxError(
                        QStringLiteral(
                                "%1: unknown through option '%2' (allowed: attributes, where)")
                                .arg(where, it.key()));
        }
        GRUMBLE_TRY(optionalAttributeNames(tm, where + QStringLiteral(".through"),
                                           &inc.throughAttributes));
        GRUMBLE_TRY(optionalWhere(tm, where + QStringLiteral(".through"), &inc.throughWhere));
    }
    if (m.contains(QStringLiteral("include"))) {
        const QVariant sub = m.value(QStringLiteral("include"));
        const QVariantList list = isPlainList(sub) ? sub.toList() : QVariantList{ sub };
        for (int i = 0; i < list.size(); ++i) {
            auto child = parseInclude(list.at(i), where + QStringLiteral(".include[%1]").arg(i));
            if (!child)
                return child.error();
            inc.include << *child;
        }
    }
    return inc;
}

// count's distinct and col.
Result<void> parseCountOptions(const QVariantMap &m, FindOptions *o)
{
    if (m.contains(QStringLiteral("distinct"))) {
        if (m.value(QStringLiteral("distinct")).metaType().id() != QMetaType::Bool)
            return syntaxError(QStringLiteral("distinct must be true or false"));
        o->distinct = m.value(QStringLiteral("distinct")).toBool();
    }
    if (m.contains(QStringLiteral("col"))) {
        if (m.value(QStringLiteral("col")).metaType().id() != QMetaType::QString)
            return syntaxError(QStringLiteral("col must be an attribute name"));
        o->col = m.value(QStringLiteral("col")).toString();
    }
    return {};
}

} // namespace

Result<FindOptions> FindOptions::fromVariant(const QVariant &v)
{
    FindOptions o;
    if (!v.isValid() || v.isNull())
        return o;
    if (!isMapValue(v))
        return syntaxError(QStringLiteral(
                "Find options must be an object like {\"where\": {...}, \"include\": [...]}"));
    const QVariantMap m = v.toMap();
    static const QStringList allowed = { QStringLiteral("where"),    QStringLiteral("include"),
                                         QStringLiteral("order"),    QStringLiteral("limit"),
                                         QStringLiteral("offset"),   QStringLiteral("attributes"),
                                         QStringLiteral("distinct"), QStringLiteral("col") };
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!allowed.contains(it.key()))
            return syntaxError(QStringLiteral("Unknown find option '%1' (allowed: %2)")
                                       .arg(it.key(), allowed.join(QStringLiteral(", "))));
    }
    if (m.contains(QStringLiteral("where"))) {
        o.where = m.value(QStringLiteral("where"));
        if (!isMapValue(o.where) && !o.where.isNull())
            return syntaxError(QStringLiteral("where must be an object"));
    }
    for (const QString &key : { QStringLiteral("limit"), QStringLiteral("offset") }) {
        auto n = nonNegative(m, key, QString());
        if (!n)
            return n.error();
        (key == QLatin1String("limit") ? o.limit : o.offset) = *n;
    }
    GRUMBLE_TRY(optionalAttributes(m, QString(), &o.attributes, &o.attributeSelection));
    GRUMBLE_TRY(parseCountOptions(m, &o));
    if (m.contains(QStringLiteral("order"))) {
        auto order = orderOption(m.value(QStringLiteral("order")));
        if (!order)
            return order.error();
        o.order = *order;
    }
    if (m.contains(QStringLiteral("include"))) {
        const QVariant inc = m.value(QStringLiteral("include"));
        const QVariantList list = isPlainList(inc) ? inc.toList() : QVariantList{ inc };
        for (int i = 0; i < list.size(); ++i) {
            auto child = parseInclude(list.at(i), QStringLiteral("include[%1]").arg(i));
            if (!child)
                return child.error();
            o.include << *child;
        }
    }
    return o;
}

} // namespace grumble

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

// Reads an optional attribute list `key` of `m` into `out`.
Result<void> optionalAttributes(const QVariantMap &m, const QString &what,
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
                                         QStringLiteral("through"),  QStringLiteral("include") };
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!allowed.contains(it.key()))
            return syntaxError(QStringLiteral("%1: unknown include option '%2' (allowed: %3)")
                                       .arg(where, it.key(), allowed.join(QStringLiteral(", "))));
    }
    const QString model = m.value(QStringLiteral("model")).toString();
    const QString as = m.value(QStringLiteral("as")).toString();
    const QString association = m.value(QStringLiteral("association")).toString();
    inc.name = !as.isEmpty() ? as : (!association.isEmpty() ? association : model);
    if (inc.name.isEmpty())
        return syntaxError(QStringLiteral("%1 names no model, association or alias").arg(where));
    if (m.contains(QStringLiteral("required"))) {
        const QVariant r = m.value(QStringLiteral("required"));
        if (r.metaType().id() != QMetaType::Bool)
            return syntaxError(QStringLiteral("%1: required must be true or false").arg(where));
        inc.required = r.toBool();
    }
    GRUMBLE_TRY(optionalWhere(m, where, &inc.where));
    GRUMBLE_TRY(optionalAttributes(m, where, &inc.attributes));
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
        GRUMBLE_TRY(
                optionalAttributes(tm, where + QStringLiteral(".through"), &inc.throughAttributes));
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
    static const QStringList allowed = { QStringLiteral("where"),  QStringLiteral("include"),
                                         QStringLiteral("order"),  QStringLiteral("limit"),
                                         QStringLiteral("offset"), QStringLiteral("attributes") };
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
        if (!m.contains(key) || m.value(key).isNull())
            continue;
        const QVariant x = m.value(key);
        bool ok = false;
        const double d = x.toDouble(&ok);
        if (!ok || x.metaType().id() == QMetaType::QString || x.metaType().id() == QMetaType::Bool
            || !(d >= 0 && d < 9.2e18) || d != double(qint64(d))) // range first: no overflow converting
            return syntaxError(QStringLiteral("%1 must be a non-negative integer").arg(key));
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
        else if (isPlainList(ord))
            o.order = ord.toList();
        else
            return syntaxError(
                    QStringLiteral("order must be an array like [[\"name\", \"DESC\"]]"));
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

// Where compilation: a Sequelize where object ({"name": "Tom", "id": {"$gt": 3}, "$or": [...]})
// into an SQL condition and its bindings.

#include "includeplan.h"

namespace grumble {

namespace {

const QStringList &knownOperators()
{
    static const QStringList ops = {
        QStringLiteral("$eq"),         QStringLiteral("$ne"),    QStringLiteral("$gt"),
        QStringLiteral("$gte"),        QStringLiteral("$lt"),    QStringLiteral("$lte"),
        QStringLiteral("$in"),         QStringLiteral("$notIn"), QStringLiteral("$like"),
        QStringLiteral("$notLike"),    QStringLiteral("$iLike"), QStringLiteral("$between"),
        QStringLiteral("$notBetween"), QStringLiteral("$is"),    QStringLiteral("$not")
    };
    return ops;
}

bool isPlainList(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantList
            || v.metaType().id() == QMetaType::QStringList;
}

//! The conditions on one attribute: `"name": value` or `"name": {"$op": value, ...}`.
class AttributeCondition
{
public:
    AttributeCondition(const EngineCore &core, const Model &model, const Attribute &attribute,
                       const QString &alias)
        : m_core(core),
          m_model(model),
          m_attribute(attribute),
          m_column(core.column(alias, attribute)),
          m_nullable(attribute)
    {
        m_nullable.allowNull = true;
    }

    //! Appends the condition(s) `value` puts on the attribute to `parts` (one per operator).
    Result<void> compile(const QVariant &value, QList<SqlFragment> *parts) const
    {
        const bool operatorObject = isMapValue(value)
                && (m_attribute.type != DataType::Json || !value.toMap().isEmpty());
        if (!operatorObject) {
            auto part = plainValue(value);
            if (!part)
                return part.error();
            *parts << *part;
            return {};
        }
        const QVariantMap ops = value.toMap();
        for (auto op = ops.begin(); op != ops.end(); ++op) {
            auto part = applyOperator(op.key(), op.value());
            if (!part)
                return part.error();
            *parts << *part;
        }
        return {};
    }

private:
    //! `"name": null`, `"name": [1, 2]` (IN) or `"name": value`.
    Result<SqlFragment> plainValue(const QVariant &value) const
    {
        if (value.isNull() || !value.isValid())
            return SqlFragment(m_column + QStringLiteral(" IS NULL"));
        if (isPlainList(value) && m_attribute.type != DataType::Json)
            return inList(value, false);
        return compared(QStringLiteral(" = ?"), value);
    }

    //! `column<comparison>` with `value` coerced for the attribute and bound.
    Result<SqlFragment> compared(const QString &comparison, const QVariant &value) const
    {
        auto bound = bind(value);
        if (!bound)
            return bound.error();
        return SqlFragment(m_column + comparison, { *bound });
    }

    Result<QVariant> bind(const QVariant &value) const
    {
        auto coerced = m_core.coerce(m_model, m_nullable, value);
        if (!coerced)
            return coerced.error();
        return m_core.bindValue(m_attribute, *coerced);
    }

    Result<SqlFragment> inList(const QVariant &value, bool negate) const
    {
        if (!isPlainList(value))
            return syntaxError(
                    QStringLiteral("%1 on %2 takes an array")
                            .arg(negate ? QStringLiteral("$notIn") : QStringLiteral("$in"),
                                 m_attribute.name));
        const QVariantList list = value.toList();
        if (list.isEmpty())
            return SqlFragment(negate ? QStringLiteral("1 = 1") : QStringLiteral("0 = 1"));
        QStringList placeholders;
        QVariantList bindings;
        for (const QVariant &item : list) {
            auto bound = bind(item);
            if (!bound)
                return bound.error();
            bindings << *bound;
            placeholders << QStringLiteral("?");
        }
        return SqlFragment(
                m_column + (negate ? QStringLiteral(" NOT IN (") : QStringLiteral(" IN ("))
                        + placeholders.join(QStringLiteral(", ")) + QLatin1Char(')'),
                bindings);
    }

    Result<SqlFragment> applyOperator(const QString &name, const QVariant &v) const
    {
        const QString &key = m_attribute.name;
        if (!knownOperators().contains(name))
            return syntaxError(QStringLiteral("Unknown operator '%1' on %2.%3 (known: %4)")
                                       .arg(name, m_model.name, key,
                                            knownOperators().join(QStringLiteral(" "))));
        const bool equal = name == QLatin1String("$eq") || name == QLatin1String("$is");
        if (equal || name == QLatin1String("$ne") || name == QLatin1String("$not")) {
            // null compares with IS [NOT] NULL, anything else with = / <>
            if (v.isNull())
                return SqlFragment(
                        m_column
                        + (equal ? QStringLiteral(" IS NULL") : QStringLiteral(" IS NOT NULL")));
            return compared(equal ? QStringLiteral(" = ?") : QStringLiteral(" <> ?"), v);
        }
        if (name == QLatin1String("$in") || name == QLatin1String("$notIn"))
            return inList(v, name == QLatin1String("$notIn"));
        if (name == QLatin1String("$between") || name == QLatin1String("$notBetween"))
            return between(name, v);
        if (name == QLatin1String("$like") || name == QLatin1String("$notLike")
            || name == QLatin1String("$iLike")) {
            if (v.metaType().id() != QMetaType::QString)
                return syntaxError(
                        QStringLiteral("%1 on %2 takes a string pattern").arg(name, key));
            if (name == QLatin1String("$iLike"))
                return SqlFragment(QStringLiteral("LOWER(") + m_column
                                           + QStringLiteral(") LIKE LOWER(?)"),
                                   { v.toString() });
            return SqlFragment(m_column
                                       + (name == QLatin1String("$like")
                                                  ? QStringLiteral(" LIKE ?")
                                                  : QStringLiteral(" NOT LIKE ?")),
                               { v.toString() });
        }
        if (v.isNull())
            return syntaxError(QStringLiteral("%1 on %2 cannot compare with null").arg(name, key));
        static const QHash<QString, QString> comparisons = {
            { QStringLiteral("$gt"), QStringLiteral(" > ?") },
            { QStringLiteral("$gte"), QStringLiteral(" >= ?") },
            { QStringLiteral("$lt"), QStringLiteral(" < ?") },
            { QStringLiteral("$lte"), QStringLiteral(" <= ?") }
        };
        return compared(comparisons.value(name), v);
    }

    Result<SqlFragment> between(const QString &name, const QVariant &v) const
    {
        if (!isPlainList(v) || v.toList().size() != 2)
            return syntaxError(QStringLiteral("%1 on %2 takes an array of two values")
                                       .arg(name, m_attribute.name));
        auto low = bind(v.toList().at(0));
        if (!low)
            return low.error();
        auto high = bind(v.toList().at(1));
        if (!high)
            return high.error();
        return SqlFragment(m_column
                                   + (name == QLatin1String("$between")
                                              ? QStringLiteral(" BETWEEN ? AND ?")
                                              : QStringLiteral(" NOT BETWEEN ? AND ?")),
                           { *low, *high });
    }

    const EngineCore &m_core;
    const Model &m_model;
    const Attribute &m_attribute;
    const QString m_column;
    Attribute
            m_nullable; //!< the attribute with null allowed: values compared with are coerced to it
};

//! `(a AND b)` for several parts, `a` for one, empty for none.
SqlFragment conjunction(const QList<SqlFragment> &parts)
{
    if (parts.size() == 1)
        return parts.first();
    return SqlFragment::join(parts, QStringLiteral(" AND "))
            .wrapped(QStringLiteral("("), QStringLiteral(")"));
}

Result<SqlFragment> compileScoped(const EngineCore &core, const Model &model, const QString &alias,
                                  const QVariant &where, const WhereKeyResolver *resolve);

//! $and / $or: an array of where objects (or an object, one term per key), parenthesized.
Result<SqlFragment> compileJunction(const EngineCore &core, const Model &model,
                                    const QString &alias, const QString &key, const QVariant &value,
                                    const WhereKeyResolver *resolve)
{
    QVariantList terms;
    if (isPlainList(value)) {
        terms = value.toList();
    } else if (isMapValue(value)) {
        const QVariantMap map = value.toMap();
        for (auto t = map.begin(); t != map.end(); ++t)
            terms << QVariantMap{ { t.key(), t.value() } };
    } else {
        return syntaxError(QStringLiteral("%1 takes an array of where objects").arg(key));
    }
    const bool isAnd = key == QLatin1String("$and");
    if (terms.isEmpty())
        return SqlFragment(isAnd ? QStringLiteral("1 = 1") : QStringLiteral("0 = 1"));
    QList<SqlFragment> sub;
    for (const QVariant &term : terms) {
        auto compiled = compileScoped(core, model, alias, term, resolve);
        if (!compiled)
            return compiled.error();
        sub << (compiled->isEmpty() ? SqlFragment(QStringLiteral("1 = 1")) : *compiled);
    }
    return SqlFragment::join(sub, isAnd ? QStringLiteral(" AND ") : QStringLiteral(" OR "))
            .wrapped(QStringLiteral("("), QStringLiteral(")"));
}

//! A `$path.column$` key: the column of an include (`$pugs.friends.name$`), or of the root (`$name$`).
Result<void> compileIncludeKey(const EngineCore &core, const QString &key, const QVariant &value,
                               const WhereKeyResolver *resolve, QList<SqlFragment> *parts)
{
    if (!resolve)
        return syntaxError(
                QStringLiteral("%1: a $include.column$ key is taken only in the top-level where "
                               "of a find")
                        .arg(key));
    const QString inner = key.mid(1, key.size() - 2);
    const int dot = inner.lastIndexOf(QLatin1Char('.'));
    auto target = (*resolve)(dot < 0 ? QString() : inner.left(dot));
    if (!target)
        return target.error();
    const Attribute *attribute = target->model->attribute(inner.mid(dot + 1));
    if (!attribute)
        return core.unknownAttribute(*target->model, inner.mid(dot + 1));
    return AttributeCondition(core, *target->model, *attribute, target->alias)
            .compile(value, parts);
}

Result<SqlFragment> compileScoped(const EngineCore &core, const Model &model, const QString &alias,
                                  const QVariant &where, const WhereKeyResolver *resolve)
{
    if (!where.isValid() || where.isNull())
        return SqlFragment();
    if (!isMapValue(where))
        return syntaxError(QStringLiteral("A where clause must be an object, not %1")
                                   .arg(QString::fromUtf8(toJson(where))));
    const QVariantMap map = where.toMap();
    QList<SqlFragment> parts;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString &key = it.key();
        if (key == QLatin1String("$and") || key == QLatin1String("$or")) {
            auto junction = compileJunction(core, model, alias, key, it.value(), resolve);
            if (!junction)
                return junction.error();
            parts << *junction;
        } else if (key == QLatin1String("$not")) {
            auto negated = compileScoped(core, model, alias, it.value(), resolve);
            if (!negated)
                return negated.error();
            if (!negated->isEmpty())
                parts << negated->wrapped(QStringLiteral("NOT ("), QStringLiteral(")"));
        } else if (key.size() > 2 && key.startsWith(QLatin1Char('$'))
                   && key.endsWith(QLatin1Char('$'))) {
            GRUMBLE_TRY(compileIncludeKey(core, key, it.value(), resolve, &parts));
        } else if (key.startsWith(QLatin1Char('$'))) {
            return syntaxError(QStringLiteral("Unknown operator '%1' at the top of a where (use "
                                              "$and, $or, $not, an attribute or $include.column$)")
                                       .arg(key));
        } else if (const Attribute *attribute = model.attribute(key)) {
            GRUMBLE_TRY(
                    AttributeCondition(core, model, *attribute, alias).compile(it.value(), &parts));
        } else {
            return core.unknownAttribute(model, key);
        }
    }
    return conjunction(parts);
}

} // namespace

Result<SqlFragment> EngineCore::compileWhere(const Model &model, const QString &alias,
                                             const QVariant &where) const
{
    return compileScoped(*this, model, alias, where, nullptr);
}

Result<SqlFragment> compileWhereWith(const EngineCore &core, const Model &model,
                                     const QString &alias, const QVariant &where,
                                     const WhereKeyResolver &resolve)
{
    return compileScoped(core, model, alias, where, &resolve);
}

} // namespace grumble

// The helpers every association kind's accessors share (see accessorcontext.h).

#include "accessorcontext.h"

namespace grumble {

SqlFragment updateForeignKeySql(const AccessorContext &call, const QVariant &value,
                                const SqlFragment &where)
{
    const EngineCore &core = call.core;
    const Attribute &foreignKey = call.attribute(call.target, call.association.foreignKey);
    QList<SqlFragment> sets{ core.equals(QString(), foreignKey, value) };
    if (const Attribute *updatedAt = call.target.attribute(call.target.updatedAtName());
        updatedAt && updatedAt->timestamp)
        sets << core.equals(QString(), *updatedAt, core.now());
    return SqlFragment(QStringLiteral("UPDATE ") + core.table(call.target)
                       + QStringLiteral(" SET "))
            << SqlFragment::join(sets, QStringLiteral(", ")) << QStringLiteral(" WHERE ") << where;
}

Result<QVariant> sourceKeyValue(const AccessorContext &call, const QString &attribute)
{
    const QVariant value = call.self.value(attribute);
    if (value.isNull())
        return validationError(QStringLiteral("%1: %2 has no %3 (was it saved?)")
                                       .arg(call.name, call.self.label(), attribute));
    return value;
}

Result<QVariantMap> createValues(const AccessorContext &call, const QVariantList &args)
{
    const QVariant values = args.value(0);
    if (values.isValid() && !values.isNull() && !isMapValue(values))
        return validationError(QStringLiteral("%1 expects an object of %2 values, not %3")
                                       .arg(call.name, call.target.name, describeValue(values)));
    return values.toMap();
}

Result<QVariant> countOrHas(AccessorContext &call, AccessorRole role, SqlFragment countSql,
                            const QString &keyColumn, const Attribute &key, const QVariant &arg,
                            const QString &joiner)
{
    qint64 expected = 0;
    if (role != AccessorRole::Count) {
        auto keys = call.core.keysOf(call.target, arg, key.name, call.name, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return true; // hasPugs([]) is true, as in Sequelize; no query needed
        expected = keys->size();
        countSql << joiner << call.core.inKeyList(keyColumn, key.type, *keys);
    }
    auto n = call.core.selectCount(countSql);
    if (!n)
        return n.error();
    if (role == AccessorRole::Count)
        return *n;
    return *n == expected;
}

Result<void> requireAllChanged(const AccessorContext &call, int changed, int given)
{
    if (changed == given || call.core.pretending())
        return {};
    return makeError(ErrorKind::NotFound,
                     QStringLiteral("%1: %2 of the %3 given %4 do not exist")
                             .arg(call.name)
                             .arg(given - changed)
                             .arg(given)
                             .arg(call.target.plural));
}

Result<const Attribute *> requireTargetPrimaryKey(const AccessorContext &call)
{
    if (const Attribute *key = call.target.pk())
        return key;
    return makeError(ErrorKind::Schema, QStringLiteral("%1 needs a single-column primary key on %2")
                                                .arg(call.name, call.target.name));
}

} // namespace grumble

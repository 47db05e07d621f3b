// belongsTo accessors (Pug.belongsTo(Owner)): getOwner, setOwner, createOwner. The foreign key
// is on the source record.

#include "accessorcontext.h"

namespace grumble {

namespace {

//! The foreign key on the source and the key of the target it points at.
struct BelongsToKeys
{
    const Attribute &foreignKey;
    const Attribute &targetKey;
};

//! The first record found, or null.
Result<QVariant> firstOrNull(const Result<RecordList> &found)
{
    if (!found)
        return found.error();
    return found->isEmpty() ? QVariant() : QVariant::fromValue(found->first());
}

Result<QVariant> getTarget(AccessorContext &call, const BelongsToKeys &keys)
{
    const QVariant key = call.self.value(keys.foreignKey.name);
    if (key.isNull())
        return QVariant(); // no statement, as in Sequelize
    if (call.options.given)
        return firstOrNull(findScopedTargets(call, { { keys.targetKey.name, key } }));
    EngineCore &core = call.core;
    auto found = core.selectRecords(call.target,
                                    SqlFragment(QStringLiteral("SELECT ")
                                                + core.selectList(call.target, QString())
                                                + QStringLiteral(" FROM ") + core.table(call.target)
                                                + QStringLiteral(" WHERE "))
                                            << core.equals(QString(), keys.targetKey, key));
    if (!found)
        return found.error();
    return found->isEmpty() ? QVariant() : QVariant::fromValue(found->first());
}

Result<QVariant> setTarget(AccessorContext &call, const BelongsToKeys &keys, const QVariant &arg)
{
    QVariant key;
    if (!arg.isNull()) {
        auto given = call.core.keyOf(call.target, arg, keys.targetKey.name, call.name);
        if (!given)
            return given.error();
        key = *given;
    } else if (!keys.foreignKey.allowNull) {
        return validationError(QStringLiteral("%1: %2.%3 cannot be null")
                                       .arg(call.name, call.source.name, keys.foreignKey.name));
    }
    auto updated = call.core.engine.update(call.self, { { keys.foreignKey.name, key } });
    if (!updated)
        return updated.error();
    return QVariant::fromValue(*updated);
}

Result<QVariant> createTarget(AccessorContext &call, const BelongsToKeys &keys,
                              const QVariantList &args)
{
    auto values = createValues(call, args);
    if (!values)
        return values.error();
    Transaction tx(call.connection());
    GRUMBLE_TRY(tx.start());
    auto created = call.core.engine.create(call.target.name, *values, createOptions(call));
    if (!created)
        return created.error();
    auto updated = call.core.engine.update(
            call.self, { { keys.foreignKey.name, created->value(keys.targetKey.name) } });
    if (!updated)
        return updated.error();
    GRUMBLE_TRY(tx.commit());
    return QVariant::fromValue(*created);
}

} // namespace

Result<QVariant> callBelongsTo(AccessorContext &call, AccessorRole role, const QVariantList &args)
{
    const BelongsToKeys keys{ call.attribute(call.source, call.association.foreignKey),
                              call.attribute(call.target, call.association.targetKey) };
    switch (role) {
    case AccessorRole::Get:
        return getTarget(call, keys);
    case AccessorRole::Set:
        return setTarget(call, keys, args.value(0));
    case AccessorRole::Create:
        return createTarget(call, keys, args);
    default:
        break;
    }
    return makeError(ErrorKind::UnknownAssociation, call.name);
}

} // namespace grumble

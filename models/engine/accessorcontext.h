#pragma once

// Association accessors (internal): the call an accessor runs in, and the helpers the three
// association kinds share. Each kind is one file: belongsto.cpp, hasmany.cpp (hasOne and
// hasMany), belongstomany.cpp; Engine::call (engine.cpp) checks the arguments and dispatches.

#include "accessoroptions.h"
#include "enginecore.h"

namespace grumble {

//! One accessor call: the association, its models and the record it is called on.
struct AccessorContext
{
    EngineCore &core;
    const Association &association;
    const Model &source;
    const Model &target;
    const Model *through; //!< the join model of a belongsToMany, else null
    const Record &self; //!< the source record the accessor is called on
    QString name; //!< the accessor's name, for messages ("setOwner")
    AccessorOptions options = {}; //!< the options object after the arguments (accessoroptions.h)

    Connection &connection() { return core.connection; }
    //! An attribute the schema guarantees (association keys).
    const Attribute &attribute(const Model &model, const QString &attributeName) const
    {
        return *model.attribute(attributeName);
    }
};

//! `UPDATE target SET fk = ?[, updatedAt = ?] WHERE <where>`: points the target rows `where`
//! selects at `value` (null: lets them go).
SqlFragment updateForeignKeySql(const AccessorContext &call, const QVariant &value,
                                const SqlFragment &where);
//! The target's single-column primary key; a Schema error naming the accessor when it has none.
Result<const Attribute *> requireTargetPrimaryKey(const AccessorContext &call);
//! The value of `attribute` of the record the accessor is called on (it must be saved).
Result<QVariant> sourceKeyValue(const AccessorContext &call, const QString &attribute);
//! The value map a create* accessor was given (none: empty).
Result<QVariantMap> createValues(const AccessorContext &call, const QVariantList &args);
//! count*: runs `countSql`. has*: adds `joiner` and `keyColumn IN (keys given)` and compares the
//! count with the number of distinct keys given ([] is true without a statement).
Result<QVariant> countOrHas(AccessorContext &call, AccessorRole role, SqlFragment countSql,
                            const QString &keyColumn, const Attribute &key, const QVariant &arg,
                            const QString &joiner);
//! NotFound when fewer of the `given` target rows changed than were given (some do not exist);
//! never while pretending (nothing changes then).
Result<void> requireAllChanged(const AccessorContext &call, int changed, int given);

//! A to-many kind's accessor call (hasOne/hasMany, belongsToMany): checks the target's key and reads
//! the source key value, then runs the role's member of `Accessor` (constructed on the call, the
//! target's primary key and the source key value): get, countOrHasTargets, add, remove, set, create.
template <typename Accessor>
Result<QVariant> callToMany(AccessorContext &call, AccessorRole role, const QVariantList &args)
{
    auto targetKey = requireTargetPrimaryKey(call);
    if (!targetKey)
        return targetKey.error();
    auto ownKey = sourceKeyValue(call, call.association.sourceKey);
    if (!ownKey)
        return ownKey.error();
    Accessor accessor(call, **targetKey, *ownKey);
    switch (role) {
    case AccessorRole::Get:
        return accessor.get();
    case AccessorRole::Count:
    case AccessorRole::HasSingle:
    case AccessorRole::HasAll:
        return accessor.countOrHasTargets(role, args.value(0));
    case AccessorRole::Add:
    case AccessorRole::AddMultiple:
        return accessor.add(args.value(0));
    case AccessorRole::Remove:
    case AccessorRole::RemoveMultiple:
        return accessor.remove(args.value(0));
    case AccessorRole::Set:
        return accessor.set(args.value(0));
    case AccessorRole::Create:
        return accessor.create(args);
    }
    return makeError(ErrorKind::UnknownAssociation, call.name);
}

//! belongsTo accessors: get, set, create.
Result<QVariant> callBelongsTo(AccessorContext &call, AccessorRole role, const QVariantList &args);
//! hasOne and hasMany accessors.
Result<QVariant> callHasOneOrMany(AccessorContext &call, AccessorRole role,
                                  const QVariantList &args);
//! belongsToMany accessors.
Result<QVariant> callBelongsToMany(AccessorContext &call, AccessorRole role,
                                   const QVariantList &args);

} // namespace grumble

#pragma once

// Accessor options (internal): the options object an accessor takes after its arguments, as
// Sequelize 6 reads it (`pug.getFriends({where, order, limit, offset, attributes, include,
// joinTableAttributes, through: {where}})`, `pug.addFriend(f, {through: {since: "2020"}})`), and
// the finds of an accessor's targets that honour them: one statement, plus one per to-many include.

#include "enginecore.h"

namespace grumble {

struct AccessorContext;

//! The options object of one accessor call.
struct AccessorOptions
{
    bool given = false; //!< the call had an options object
    //! get/count/has: where, order, limit, offset, attributes, include (FindOptions::fromVariant);
    //! create: include (the new target's associated records, as Model.create takes them).
    FindOptions find;
    //! belongsToMany get: the join row's attributes to show ([]: none; unset: all).
    std::optional<QStringList> joinTableAttributes;
    //! belongsToMany get/count/has: `through: {where}`, a condition on the join row.
    QVariant throughWhere;
    //! belongsToMany add/set/create: `through: {...}`, the join row's own values.
    QVariantMap throughValues;

    //! Reads the options object of `accessor` (a role of `association`); a Syntax error names an
    //! option the role does not take.
    static Result<AccessorOptions> parse(const QVariant &options, AccessorRole role,
                                         const Association &association, const QString &accessor);
};

//! How many positional arguments a role takes before its options object (get/count: 0, else 1).
int positionalArgumentCount(AccessorRole role);

//! create*(values, {include}): the options of the target's Engine::create.
CreateOptions createOptions(const AccessorContext &call);

//! `{"$and": [a, b]}`, or the one that is not empty.
QVariant whereAnd(const QVariant &a, const QVariant &b);

//! The accessor's targets that `scope` (the association's condition on the target, e.g.
//! {"ownerId": 1}) selects, with the call's find options: EngineCore::find on the target.
Result<RecordList> findScopedTargets(AccessorContext &call, const QVariantMap &scope);
//! count*(options) / has*(targets, options) of hasOne, hasMany: EngineCore::count on the target
//! with `scope`, the options' where and, for has*, the keys given (true when all are counted).
Result<QVariant> countOrHasScopedTargets(AccessorContext &call, AccessorRole role,
                                         const QVariantMap &scope, const Attribute &targetKey,
                                         const QVariant &arg);

//! The join of a belongsToMany call: its join model, keys and the source key value.
struct JoinScope
{
    const Model &join;
    const Attribute &foreignKey; //!< the join row's key of the source
    const Attribute &otherKey;   //!< the join row's key of the target
    const Attribute &targetKey;  //!< the target's attribute otherKey points at
    QVariant ownKey;             //!< the source key value
};

//! belongsToMany get with options: `SELECT target, join row FROM target INNER JOIN join ON ...
//! AND join.fk = ? [AND through where] [to-one includes] WHERE ... ORDER BY ... LIMIT ...`, one
//! statement (plus one per to-many include), the join row on each target as Sequelize shows it.
Result<RecordList> findJoinedTargets(AccessorContext &call, const JoinScope &scope);
//! belongsToMany count/has with options, one statement.
Result<QVariant> countOrHasJoinedTargets(AccessorContext &call, AccessorRole role,
                                         const JoinScope &scope, const QVariant &arg);

} // namespace grumble

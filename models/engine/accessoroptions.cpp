// Accessor options: reading the options object of an accessor call, and the finds of its
// targets that honour them (see accessoroptions.h).

#include "accessoroptions.h"

#include "accessorcontext.h"
#include "includeplan.h"

namespace grumble {

namespace {

bool isReadingRole(AccessorRole role)
{
    return role == AccessorRole::Get || role == AccessorRole::Count
            || role == AccessorRole::HasSingle || role == AccessorRole::HasAll;
}

bool isLinkingRole(AccessorRole role)
{
    return role == AccessorRole::Add || role == AccessorRole::AddMultiple
            || role == AccessorRole::Set || role == AccessorRole::Create;
}

//! The option names a role of an association kind takes.
QStringList allowedOptions(AccessorRole role, const Association &association)
{
    const bool manyToMany = association.kind == AssociationKind::BelongsToMany;
    QStringList allowed;
    if (role == AccessorRole::Get)
        allowed = { QStringLiteral("where"),  QStringLiteral("order"),
                    QStringLiteral("limit"),  QStringLiteral("offset"),
                    QStringLiteral("attributes"), QStringLiteral("include") };
    else if (role == AccessorRole::Count)
        allowed = { QStringLiteral("where"), QStringLiteral("include") };
    else if (isReadingRole(role))
        allowed = { QStringLiteral("where") };
    else if (role == AccessorRole::Create)
        allowed = { QStringLiteral("include") }; // Model.create's include, for the new target
    if (manyToMany && (isReadingRole(role) || isLinkingRole(role)))
        allowed << QStringLiteral("through");
    if (manyToMany && role == AccessorRole::Get)
        allowed << QStringLiteral("joinTableAttributes");
    return allowed;
}

//! `through` of a get/count/has: `{where}` only.
Result<QVariant> readThroughWhere(const QVariant &through, const QString &accessor)
{
    const QVariantMap map = through.toMap();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it.key() != QLatin1String("where"))
            return syntaxError(
                    QStringLiteral("%1: unknown through option '%2' (it takes: where)")
                            .arg(accessor, it.key()));
    }
    const QVariant where = map.value(QStringLiteral("where"));
    if (where.isValid() && !where.isNull() && !isMapValue(where))
        return syntaxError(QStringLiteral("%1: through.where must be an object").arg(accessor));
    return where;
}

Result<QStringList> readAttributeNames(const QVariant &value, const QString &what)
{
    if (value.metaType().id() != QMetaType::QVariantList
        && value.metaType().id() != QMetaType::QStringList)
        return syntaxError(QStringLiteral("%1 must be an array of attribute names").arg(what));
    QStringList names;
    for (const QVariant &name : value.toList()) {
        if (name.metaType().id() != QMetaType::QString)
            return syntaxError(QStringLiteral("%1 must be an array of attribute names").arg(what));
        names << name.toString();
    }
    return names;
}

//! Reads `through` and `joinTableAttributes` into `out` (the rest is FindOptions).
Result<void> readJoinOptions(const QVariantMap &map, AccessorRole role, const QString &accessor,
                             AccessorOptions &out)
{
    if (map.contains(QStringLiteral("through"))) {
        const QVariant through = map.value(QStringLiteral("through"));
        if (!through.isNull() && !isMapValue(through))
            return syntaxError(QStringLiteral("%1: through must be an object like %2")
                                       .arg(accessor, isReadingRole(role)
                                                              ? QStringLiteral("{\"where\": {...}}")
                                                              : QStringLiteral("{\"role\": \"x\"}")));
        if (isReadingRole(role)) {
            auto where = readThroughWhere(through, accessor);
            if (!where)
                return where.error();
            out.throughWhere = *where;
        } else {
            out.throughValues = through.toMap();
        }
    }
    if (map.contains(QStringLiteral("joinTableAttributes"))) {
        auto names = readAttributeNames(map.value(QStringLiteral("joinTableAttributes")),
                                        accessor + QStringLiteral(": joinTableAttributes"));
        if (!names)
            return names.error();
        out.joinTableAttributes = *names;
    }
    return {};
}

//! The target's condition of the accessor and the options' where.
QVariant scopedWhere(const AccessorContext &call, const QVariantMap &scope)
{
    return whereAnd(scope, call.options.find.where);
}

} // namespace

int positionalArgumentCount(AccessorRole role)
{
    return role == AccessorRole::Get || role == AccessorRole::Count ? 0 : 1;
}

QVariant whereAnd(const QVariant &a, const QVariant &b)
{
    const bool hasA = a.isValid() && !a.isNull() && !a.toMap().isEmpty();
    const bool hasB = b.isValid() && !b.isNull() && !b.toMap().isEmpty();
    if (!hasA)
        return b;
    if (!hasB)
        return a;
    return QVariantMap{ { QStringLiteral("$and"), QVariantList{ a, b } } };
}

Result<AccessorOptions> AccessorOptions::parse(const QVariant &options, AccessorRole role,
                                               const Association &association,
                                               const QString &accessor)
{
    AccessorOptions out;
    if (!options.isValid() || options.isNull())
        return out;
    if (!isMapValue(options))
        return syntaxError(QStringLiteral("%1 takes an options object after its arguments, not %2")
                                   .arg(accessor, describeValue(options)));
    out.given = true;
    const QVariantMap map = options.toMap();
    const QStringList allowed = allowedOptions(role, association);
    QVariantMap findOptions;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!allowed.contains(it.key()))
            return syntaxError(
                    QStringLiteral("%1: unknown option '%2' (%3)")
                            .arg(accessor, it.key(),
                                 allowed.isEmpty()
                                         ? QStringLiteral("it takes no options")
                                         : QStringLiteral("it takes: %1")
                                                   .arg(allowed.join(QStringLiteral(", ")))));
        if (it.key() != QLatin1String("through") && it.key() != QLatin1String("joinTableAttributes"))
            findOptions.insert(it.key(), it.value());
    }
    auto find = FindOptions::fromVariant(findOptions);
    if (!find)
        return makeError(find.error().kind,
                         accessor + QStringLiteral(": ") + find.error().message);
    out.find = *find;
    GRUMBLE_TRY(readJoinOptions(map, role, accessor, out));
    return out;
}

CreateOptions createOptions(const AccessorContext &call)
{
    return CreateOptions{ call.options.find.include };
}

Result<RecordList> findScopedTargets(AccessorContext &call, const QVariantMap &scope)
{
    FindOptions options = call.options.find;
    options.where = scopedWhere(call, scope);
    return call.core.find(call.target, options);
}

Result<QVariant> countOrHasScopedTargets(AccessorContext &call, AccessorRole role,
                                         const QVariantMap &scope, const Attribute &targetKey,
                                         const QVariant &arg)
{
    FindOptions options;
    options.include = call.options.find.include;
    options.where = scopedWhere(call, scope);
    qint64 expected = 0;
    if (role != AccessorRole::Count) {
        auto keys = call.core.keysOf(call.target, arg, targetKey.name, call.name, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return true; // has*([]) is true, as in Sequelize; no query needed
        expected = keys->size();
        options.where = whereAnd(options.where,
                                 QVariantMap{ { targetKey.name,
                                                QVariantMap{ { QStringLiteral("$in"), *keys } } } });
    }
    auto n = call.core.count(call.target, options);
    if (!n)
        return n.error();
    if (role == AccessorRole::Count)
        return *n;
    return *n == expected;
}

} // namespace grumble

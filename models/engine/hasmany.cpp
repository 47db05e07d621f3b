// hasOne / hasMany accessors (Owner.hasMany(Pug)): the foreign key is on the target rows, so
// adding, removing and setting are UPDATEs of the targets' foreign key.

#include "accessorcontext.h"

#include <QSet>

namespace grumble {

namespace {

//! The accessors of one hasOne / hasMany call, one function a role.
class HasAccessor
{
public:
    HasAccessor(AccessorContext &call, const Attribute &targetKey, const QVariant &ownKey)
        : m_call(call),
          m_core(call.core),
          m_foreignKey(call.attribute(call.target, call.association.foreignKey)),
          m_targetKey(targetKey),
          m_ownKey(ownKey),
          m_ownKeyBound(m_core.bindValue(call.attribute(call.source, call.association.sourceKey),
                                         ownKey)),
          m_foreignKeyColumn(m_core.column(QString(), m_foreignKey)),
          m_targetKeyColumn(m_core.column(QString(), targetKey)),
          m_one(call.association.kind == AssociationKind::HasOne)
    { }

    Result<QVariant> get()
    {
        if (m_call.options.given)
            return getWithOptions();
        auto found = m_core.selectRecords(
                m_call.target,
                selectTargets() << QStringLiteral(" ORDER BY ") + m_targetKeyColumn
                                + (m_one ? QStringLiteral(" LIMIT 1") : QString()));
        if (!found)
            return found.error();
        if (m_one)
            return found->isEmpty() ? QVariant() : QVariant::fromValue(found->first());
        return QVariant::fromValue(*found);
    }

    Result<QVariant> countOrHasTargets(AccessorRole role, const QVariant &arg)
    {
        if (m_call.options.given)
            return countOrHasScopedTargets(m_call, role, scope(), m_targetKey, arg);
        return countOrHas(m_call, role,
                          SqlFragment(QStringLiteral("SELECT COUNT(") + m_targetKeyColumn
                                      + QStringLiteral(") FROM ") + m_core.table(m_call.target)
                                      + QStringLiteral(" WHERE "))
                                  << ownTargets(),
                          m_targetKeyColumn, m_targetKey, arg, QStringLiteral(" AND "));
    }

    Result<QVariant> create(const QVariantList &args)
    {
        auto values = createValues(m_call, args);
        if (!values)
            return values.error();
        QVariantMap v = *values;
        v.insert(m_foreignKey.name, m_ownKey);
        if (!m_one)
            return created(m_call.core.engine.create(m_call.target.name, v, createOptions(m_call)));
        // hasOne: the previous target lets go first.
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        auto n = m_core.execAffected(updateForeignKeySql(m_call, QVariant(), ownTargets()));
        if (!n)
            return n.error();
        auto record = m_call.core.engine.create(m_call.target.name, v, createOptions(m_call));
        if (!record)
            return record.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(*record);
    }

    Result<QVariant> add(const QVariant &arg)
    {
        auto keys = targetKeys(arg, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return QVariant::fromValue(m_call.self);
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        GRUMBLE_TRY(pointAt(m_ownKey, *keys));
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(m_call.self);
    }

    Result<QVariant> remove(const QVariant &arg)
    {
        auto keys = targetKeys(arg, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return qint64(0);
        if (!m_foreignKey.allowNull)
            return validationError(
                    QStringLiteral("%1: %2.%3 cannot be null, so a %2 cannot be removed from "
                                   "its %4; destroy it instead")
                            .arg(m_call.name, m_call.target.name, m_foreignKey.name,
                                 m_call.source.name));
        auto n = m_core.execAffected(updateForeignKeySql(
                m_call, QVariant(), ownTargets() << QStringLiteral(" AND ") << targetsIn(*keys)));
        if (!n)
            return n.error();
        return qint64(*n);
    }

    Result<QVariant> set(const QVariant &arg)
    {
        auto wanted = wantedKeys(arg);
        if (!wanted)
            return wanted.error();
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        auto current = m_core.selectRecords(m_call.target, selectTargets());
        if (!current)
            return current.error();
        QSet<QString> wantedSet, currentSet;
        for (const QVariant &k : *wanted)
            wantedSet.insert(k.toString());
        QVariantList obsolete;
        for (const Record &r : *current) {
            currentSet.insert(r.pk().toString());
            if (!wantedSet.contains(r.pk().toString()))
                obsolete << r.pk();
        }
        QVariantList added;
        for (const QVariant &k : *wanted) {
            if (!currentSet.contains(k.toString()))
                added << k;
        }
        GRUMBLE_TRY(letGo(obsolete));
        if (m_one) {
            auto result = pointOneAt(added);
            if (!result)
                return result.error();
            GRUMBLE_TRY(tx.commit());
            return *result;
        }
        GRUMBLE_TRY(pointAt(m_ownKey, added));
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(m_call.self);
    }

private:
    //! The targets of this source as a where object ({"ownerId": 1}).
    QVariantMap scope() const { return { { m_foreignKey.name, m_ownKey } }; }

    //! get*(options): a find on the target (hasOne: the first one, or null).
    Result<QVariant> getWithOptions()
    {
        if (m_one && !m_call.options.find.limit)
            m_call.options.find.limit = 1;
        auto found = findScopedTargets(m_call, scope());
        if (!found)
            return found.error();
        if (m_one)
            return found->isEmpty() ? QVariant() : QVariant::fromValue(found->first());
        return QVariant::fromValue(*found);
    }

    //! `fk = ?` (the targets of this source).
    SqlFragment ownTargets() const
    {
        return SqlFragment(m_foreignKeyColumn + QStringLiteral(" = ?"), { m_ownKeyBound });
    }
    //! `SELECT target columns FROM target WHERE fk = ?`
    SqlFragment selectTargets() const
    {
        return SqlFragment(QStringLiteral("SELECT ") + m_core.selectList(m_call.target, QString())
                           + QStringLiteral(" FROM ") + m_core.table(m_call.target)
                           + QStringLiteral(" WHERE "))
                << ownTargets();
    }
    SqlFragment targetsIn(const QVariantList &keys) const
    {
        return m_core.inKeyList(m_targetKeyColumn, m_targetKey.type, keys);
    }
    Result<QVariantList> targetKeys(const QVariant &arg, bool allowNull) const
    {
        return m_core.keysOf(m_call.target, arg, m_targetKey.name, m_call.name, allowNull);
    }
    static Result<QVariant> created(const Result<Record> &record)
    {
        if (!record)
            return record.error();
        return QVariant::fromValue(*record);
    }

    //! The targets set*() was given: a list (hasMany), one or null (hasOne).
    Result<QVariantList> wantedKeys(const QVariant &arg) const
    {
        if (!m_one)
            return targetKeys(arg, true);
        QVariantList wanted;
        if (!arg.isNull()) {
            auto key = m_core.keyOf(m_call.target, arg, m_targetKey.name, m_call.name);
            if (!key)
                return key.error();
            wanted << *key;
        }
        return wanted;
    }

    //! Points the given targets at `key` (they must all exist).
    Result<void> pointAt(const QVariant &key, const QVariantList &targets)
    {
        if (targets.isEmpty())
            return {};
        auto n = m_core.execAffected(updateForeignKeySql(m_call, key, targetsIn(targets)));
        if (!n)
            return n.error();
        return requireAllChanged(m_call, *n, int(targets.size()));
    }

    //! Sets the foreign key of the given targets to null.
    Result<void> letGo(const QVariantList &targets)
    {
        if (targets.isEmpty())
            return {};
        if (!m_foreignKey.allowNull)
            return validationError(QStringLiteral("%1: %2.%3 cannot be null, so %4 %5 cannot be "
                                                  "let go; destroy them or give them another %6")
                                           .arg(m_call.name, m_call.target.name, m_foreignKey.name)
                                           .arg(targets.size())
                                           .arg(m_call.target.plural, m_call.source.name));
        auto n = m_core.execAffected(updateForeignKeySql(m_call, QVariant(), targetsIn(targets)));
        if (!n)
            return n.error();
        return {};
    }

    //! hasOne set: points the target that was not yet this source's at it and returns it as
    //! saved; null when there is none (set(null), or it already was: Sequelize's return values).
    Result<QVariant> pointOneAt(const QVariantList &added)
    {
        if (added.isEmpty())
            return QVariant();
        auto rows = m_core.selectRecords(
                m_call.target,
                updateForeignKeySql(m_call, m_ownKey, targetsIn(added))
                        << QStringLiteral(" RETURNING ")
                                + m_core.selectList(m_call.target, QString()));
        if (!rows)
            return rows.error();
        GRUMBLE_TRY(requireAllChanged(m_call, int(rows->size()), 1));
        return rows->isEmpty() ? QVariant() : QVariant::fromValue(rows->first());
    }

    AccessorContext &m_call;
    EngineCore &m_core;
    const Attribute &m_foreignKey; //!< on the target
    const Attribute &m_targetKey; //!< the target's primary key
    const QVariant m_ownKey; //!< the source key value
    const QVariant m_ownKeyBound; //!< ... converted for binding
    const QString m_foreignKeyColumn;
    const QString m_targetKeyColumn;
    const bool m_one; //!< hasOne
};

} // namespace

Result<QVariant> callHasOneOrMany(AccessorContext &call, AccessorRole role, const QVariantList &args)
{
    return callToMany<HasAccessor>(call, role, args);
}

} // namespace grumble

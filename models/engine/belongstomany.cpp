// belongsToMany accessors (Pug.belongsToMany(Pug, {through: Friendship})): the targets are linked
// through join rows, so adding, removing and setting insert and delete join rows.

#include "rowlocks.h"

#include <QSet>

namespace grumble {

namespace {

//! The accessors of one belongsToMany call, one function a role.
class BelongsToManyAccessor
{
public:
    BelongsToManyAccessor(AccessorContext &call, const Attribute &targetPrimaryKey,
                          const QVariant &ownKey)
        : m_call(call),
          m_core(call.core),
          m_join(*call.through),
          m_joinForeignKey(call.attribute(m_join, call.association.foreignKey)),
          m_joinOtherKey(call.attribute(m_join, call.association.otherKey)),
          m_targetKey(call.attribute(call.target, call.association.targetKey)),
          m_targetPrimaryKey(targetPrimaryKey),
          m_ownKey(ownKey),
          m_targetAlias(call.target.name),
          m_joinAlias(m_join.name)
    { }

    Result<QVariant> get()
    {
        const SqlFragment sql =
                SqlFragment(QStringLiteral("SELECT ")
                            + m_core.selectList(m_call.target, m_targetAlias) + QStringLiteral(", ")
                            + m_core.selectList(m_join, m_joinAlias) + QStringLiteral(" FROM "))
                << joinedTargets()
                << QStringLiteral(" ORDER BY ") + m_core.column(m_targetAlias, m_targetPrimaryKey);
        auto cursor = m_core.exec(sql);
        if (!cursor)
            return cursor.error();
        RecordList out;
        const int targetColumns = int(m_call.target.attributes.size());
        auto shape = std::make_shared<RecordShape>();
        shape->throughModel = &m_join;
        while ((*cursor)->next()) {
            Record record = m_core.readRecord(**cursor, m_call.target, 0);
            record.shape = shape;
            record.throughValues = m_core.readValues(**cursor, m_join, targetColumns);
            out << record;
        }
        (*cursor)->finish();
        return QVariant::fromValue(out);
    }

    Result<QVariant> countOrHasTargets(AccessorRole role, const QVariant &arg)
    {
        return countOrHas(m_call, role,
                          SqlFragment(QStringLiteral("SELECT COUNT(")
                                      + m_core.column(m_targetAlias, m_targetPrimaryKey)
                                      + QStringLiteral(") FROM "))
                                  << joinedTargets(),
                          m_core.column(m_targetAlias, m_targetKey), m_targetKey, arg,
                          QStringLiteral(" WHERE "));
    }

    //! One INSERT ... ON CONFLICT DO NOTHING RETURNING: the pairs that existed are skipped and
    //! only the new join rows come back (Sequelize: SELECT existing, then INSERT the rest).
    Result<QVariant> add(const QVariant &arg)
    {
        auto keys = targetKeys(arg, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return QVariant();
        auto inserted = m_core.insertRows(m_join, joinRows(*keys), true);
        if (!inserted)
            return inserted.error();
        if (inserted->isEmpty())
            return QVariant(); // Sequelize returns undefined when every pair existed
        return QVariant::fromValue(*inserted);
    }

    Result<QVariant> remove(const QVariant &arg)
    {
        auto keys = targetKeys(arg, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return qint64(0);
        auto n = deleteJoinRows(*keys);
        if (!n)
            return n.error();
        return qint64(*n);
    }

    Result<QVariant> set(const QVariant &arg)
    {
        auto keys = targetKeys(arg, true);
        if (!keys)
            return keys.error();
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        GRUMBLE_TRY(lockSourceRow(m_call, m_call.attribute(m_call.source, m_call.association.sourceKey), m_ownKey));
        auto current = selectJoinRows();
        if (!current)
            return current.error();
        QSet<QString> wanted, have;
        for (const QVariant &k : *keys)
            wanted.insert(k.toString());
        QVariantList obsolete;
        for (const Record &r : *current) {
            const QVariant other = r.value(m_joinOtherKey.name);
            have.insert(other.toString());
            if (!wanted.contains(other.toString()))
                obsolete << other;
        }
        QVariantList missing;
        for (const QVariant &k : *keys) {
            if (!have.contains(k.toString()))
                missing << k;
        }
        auto result = replaceJoinRows(obsolete, missing);
        if (!result)
            return result.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant(*result);
    }

    Result<QVariant> create(const QVariantList &args)
    {
        auto values = createValues(m_call, args);
        if (!values)
            return values.error();
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        auto created = m_core.engine.create(m_call.target.name, *values);
        if (!created)
            return created.error();
        auto inserted = m_core.engine.bulkCreate(m_join.name,
                                                 joinRows({ created->value(m_targetKey.name) }));
        if (!inserted)
            return inserted.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(*created);
    }

private:
    //! `target AS t INNER JOIN join AS j ON t.key = j.otherKey AND j.fk = ?` (this source's targets).
    SqlFragment joinedTargets() const
    {
        return SqlFragment(m_core.table(m_call.target) + QStringLiteral(" AS ")
                           + m_core.quote(m_targetAlias) + QStringLiteral(" INNER JOIN ")
                           + m_core.table(m_join) + QStringLiteral(" AS ")
                           + m_core.quote(m_joinAlias) + QStringLiteral(" ON ")
                           + m_core.column(m_targetAlias, m_targetKey) + QStringLiteral(" = ")
                           + m_core.column(m_joinAlias, m_joinOtherKey) + QStringLiteral(" AND "))
                << m_core.equals(m_joinAlias, m_joinForeignKey, m_ownKey);
    }

    Result<QVariantList> targetKeys(const QVariant &arg, bool allowNull) const
    {
        return m_core.keysOf(m_call.target, arg, m_targetKey.name, m_call.name, allowNull);
    }

    QList<QVariantMap> joinRows(const QVariantList &targets) const
    {
        QList<QVariantMap> rows;
        for (const QVariant &target : targets)
            rows << QVariantMap{ { m_joinForeignKey.name, m_ownKey },
                                 { m_joinOtherKey.name, target } };
        return rows;
    }

    //! This source's join rows.
    Result<RecordList> selectJoinRows()
    {
        return m_core.selectRecords(
                m_join,
                SqlFragment(QStringLiteral("SELECT ") + m_core.selectList(m_join, QString())
                            + QStringLiteral(" FROM ") + m_core.table(m_join)
                            + QStringLiteral(" WHERE "))
                        << m_core.equals(QString(), m_joinForeignKey, m_ownKey));
    }

    Result<int> deleteJoinRows(const QVariantList &targets)
    {
        return m_core.execAffected(SqlFragment(QStringLiteral("DELETE FROM ") + m_core.table(m_join)
                                               + QStringLiteral(" WHERE "))
                                   << m_core.equals(QString(), m_joinForeignKey, m_ownKey)
                                   << QStringLiteral(" AND ")
                                   << m_core.inKeyList(m_core.column(QString(), m_joinOtherKey),
                                                       m_joinOtherKey.type, targets));
    }

    //! set*: deletes the obsolete join rows, inserts the missing ones; [deleted count, inserted rows].
    Result<QVariantList> replaceJoinRows(const QVariantList &obsolete, const QVariantList &missing)
    {
        QVariantList result;
        if (!obsolete.isEmpty()) {
            auto n = deleteJoinRows(obsolete);
            if (!n)
                return n.error();
            result << qint64(*n);
        }
        if (!missing.isEmpty()) {
            // ON CONFLICT DO NOTHING: a pair the other side's accessor inserted meanwhile stays.
            auto inserted = m_core.insertRows(m_join, joinRows(missing), true);
            if (!inserted)
                return inserted.error();
            result << QVariant::fromValue(*inserted);
        }
        return result;
    }

    AccessorContext &m_call;
    EngineCore &m_core;
    const Model &m_join;
    const Attribute &m_joinForeignKey; //!< the join row's key of the source
    const Attribute &m_joinOtherKey; //!< the join row's key of the target
    const Attribute &m_targetKey;
    const Attribute &m_targetPrimaryKey;
    const QVariant m_ownKey; //!< the source key value
    const QString m_targetAlias;
    const QString m_joinAlias;
};

} // namespace

Result<QVariant> callBelongsToMany(AccessorContext &call, AccessorRole role, const QVariantList &args)
{
    return callToMany<BelongsToManyAccessor>(call, role, args);
}

} // namespace grumble

// belongsToMany accessors (Pug.belongsToMany(Pug, {through: Friendship})): the targets are linked
// through join rows, so adding, removing and setting insert and delete join rows.

#include "accessorcontext.h"
#include "accessoroptions.h"

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
        if (m_call.options.given) {
            auto found = findJoinedTargets(m_call, scope());
            if (!found)
                return found.error();
            return QVariant::fromValue(*found);
        }
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
        if (m_call.options.given)
            return countOrHasJoinedTargets(m_call, role, scope(), arg);
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
        if (!m_call.options.throughValues.isEmpty())
            return addWithValues(*keys);
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
        auto updated = updateKeptJoinRows(*keys, have);
        if (!updated)
            return updated.error();
        auto result = replaceJoinRows(obsolete, missing);
        if (!result)
            return result.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant(*updated + *result);
    }

    Result<QVariant> create(const QVariantList &args)
    {
        auto values = createValues(m_call, args);
        if (!values)
            return values.error();
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        auto created = m_core.engine.create(m_call.target.name, *values, createOptions(m_call));
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
    JoinScope scope() const
    {
        return { m_join, m_joinForeignKey, m_joinOtherKey, m_targetKey, m_ownKey };
    }

    //! add*(targets, {through: values}), as Sequelize: the pairs that do not exist are inserted
    //! with the values, those whose join row has other values are updated (one UPDATE here, one
    //! per pair in Sequelize). Returns the new join rows, else `[1]` (the first update's count),
    //! else null when nothing changed.
    Result<QVariant> addWithValues(const QVariantList &keys)
    {
        Transaction tx(m_call.connection());
        GRUMBLE_TRY(tx.start());
        auto current = m_core.selectRecords(
                m_join, selectJoinRowsSql() << QStringLiteral(" AND ")
                                            << m_core.inKeyList(m_core.column(QString(), m_joinOtherKey),
                                                                m_joinOtherKey.type, keys));
        if (!current)
            return current.error();
        QVariantList missing, changed;
        for (const QVariant &key : keys) {
            const Record *row = joinRowOf(*current, key);
            if (!row)
                missing << key;
            else if (!sameThroughValues(*row))
                changed << key;
        }
        QVariant result;
        if (!missing.isEmpty()) {
            auto inserted = m_core.engine.bulkCreate(m_join.name, joinRows(missing));
            if (!inserted)
                return inserted.error();
            result = QVariant::fromValue(*inserted);
        }
        auto n = updateJoinRows(changed);
        if (!n)
            return n.error();
        if (!result.isValid() && !changed.isEmpty())
            result = QVariantList{ qint64(1) };
        GRUMBLE_TRY(tx.commit());
        return result;
    }

    //! The join row (of `rows`) that links `key`.
    const Record *joinRowOf(const RecordList &rows, const QVariant &key) const
    {
        for (const Record &row : rows) {
            if (row.value(m_joinOtherKey.name).toString() == key.toString())
                return &row;
        }
        return nullptr;
    }

    //! Whether a join row already holds the through values given (as Sequelize compares them).
    bool sameThroughValues(const Record &row) const
    {
        const QVariantMap &values = m_call.options.throughValues;
        for (auto it = values.begin(); it != values.end(); ++it) {
            const Attribute *attribute = m_join.attribute(it.key());
            if (!attribute || isJoinKey(*attribute))
                continue;
            auto given = m_core.coerce(m_join, *attribute, it.value());
            const QVariant have = row.value(it.key());
            if (!given || given->isNull() != have.isNull()
                || (!have.isNull() && given->toString() != have.toString()))
                return false;
        }
        return true;
    }

    bool isJoinKey(const Attribute &attribute) const
    {
        return attribute.name == m_joinForeignKey.name || attribute.name == m_joinOtherKey.name;
    }

    //! set*(targets, {through: values}): the join rows kept get the values (Sequelize: one UPDATE
    //! each, whose `[1]` lead its result list); nothing without through values.
    Result<QVariantList> updateKeptJoinRows(const QVariantList &wanted, const QSet<QString> &have)
    {
        if (m_call.options.throughValues.isEmpty())
            return QVariantList();
        QVariantList kept;
        for (const QVariant &key : wanted) {
            if (have.contains(key.toString()))
                kept << key;
        }
        auto n = updateJoinRows(kept);
        if (!n)
            return n.error();
        QVariantList results;
        for (int i = 0; i < kept.size(); ++i)
            results << QVariant(QVariantList{ qint64(1) });
        return results;
    }

    //! `UPDATE join SET through values, updatedAt WHERE fk = ? AND otherKey IN (targets)`.
    Result<int> updateJoinRows(const QVariantList &targets)
    {
        if (targets.isEmpty() || m_call.options.throughValues.isEmpty())
            return 0;
        QList<SqlFragment> sets;
        bool touchedUpdatedAt = false;
        const QVariantMap &values = m_call.options.throughValues;
        for (auto it = values.begin(); it != values.end(); ++it) {
            const Attribute *attribute = m_join.attribute(it.key());
            if (!attribute)
                return m_core.unknownAttribute(m_join, it.key());
            if (isJoinKey(*attribute))
                continue;
            auto value = m_core.coerceForWrite(m_join, *attribute, it.value());
            if (!value)
                return value.error();
            sets << m_core.equals(QString(), *attribute, *value);
            touchedUpdatedAt |= attribute->name == m_join.updatedAtName();
        }
        if (const Attribute *updatedAt = m_join.attribute(m_join.updatedAtName());
            updatedAt && updatedAt->timestamp && !touchedUpdatedAt)
            sets << m_core.equals(QString(), *updatedAt, m_core.now());
        if (sets.isEmpty())
            return 0;
        return m_core.execAffected(
                SqlFragment(QStringLiteral("UPDATE ") + m_core.table(m_join) + QStringLiteral(" SET "))
                << SqlFragment::join(sets, QStringLiteral(", ")) << QStringLiteral(" WHERE ")
                << m_core.equals(QString(), m_joinForeignKey, m_ownKey) << QStringLiteral(" AND ")
                << m_core.inKeyList(m_core.column(QString(), m_joinOtherKey), m_joinOtherKey.type,
                                    targets));
    }

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
        for (const QVariant &target : targets) {
            QVariantMap row = m_call.options.throughValues; // the join row's own values
            row.insert(m_joinForeignKey.name, m_ownKey);
            row.insert(m_joinOtherKey.name, target);
            rows << row;
        }
        return rows;
    }

    //! This source's join rows.
    Result<RecordList> selectJoinRows() { return m_core.selectRecords(m_join, selectJoinRowsSql()); }

    //! `SELECT join row FROM join WHERE fk = ?`
    SqlFragment selectJoinRowsSql() const
    {
        return SqlFragment(QStringLiteral("SELECT ") + m_core.selectList(m_join, QString())
                           + QStringLiteral(" FROM ") + m_core.table(m_join)
                           + QStringLiteral(" WHERE "))
                << m_core.equals(QString(), m_joinForeignKey, m_ownKey);
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
            auto inserted = m_core.engine.bulkCreate(m_join.name, joinRows(missing));
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

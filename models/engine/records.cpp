// Records: findByPk / findAll / findOne / count, update, destroy, reload, describeDestroy.
// (create and bulkCreate are in insert.cpp.)

#include "enginecore.h"
#include "foreignkeyerror.h"
#include "retry.h"

namespace grumble {

namespace {

// Resolves the model, names the action in the SQL log, and runs it.
template<typename F>
auto onModel(const Schema &schema, Connection &connection, const QString &modelName,
             const char *action, F run) -> decltype(run(std::declval<const Model &>()))
{
    auto model = schema.requireModel(modelName);
    if (!model)
        return model.error();
    ContextScope scope(connection, (*model)->name + QLatin1Char('.') + QLatin1String(action));
    return run(**model);
}

Error notFound(const Record &record)
{
    return makeError(ErrorKind::NotFound,
                     QStringLiteral("%1 does not exist (any more)").arg(record.label()));
}

//! What deleting a record does to `n` rows of `other` that reference it through `foreignKey`.
QString destroyConsequence(const Record &record, const Model &other, const Attribute &foreignKey,
                           qint64 n)
{
    const QString rows = n == 1 ? other.singular : other.plural;
    if (foreignKey.onDelete == QLatin1String("CASCADE"))
        return QStringLiteral("%1 %2 will be deleted").arg(n).arg(rows);
    if (foreignKey.onDelete == QLatin1String("SET NULL"))
        return QStringLiteral("%1 %2 will lose their %3 (%4 set to NULL)")
                .arg(n)
                .arg(rows, record.model->singular, foreignKey.name);
    if (foreignKey.onDelete == QLatin1String("SET DEFAULT"))
        return QStringLiteral("%1 %2 will get the default %3").arg(n).arg(rows, foreignKey.name);
    return QStringLiteral("%1 %2 still reference it: the database will refuse the delete")
            .arg(n)
            .arg(rows);
}

//! ` AND col = ?` (or ` AND col IS NULL`) for every expected value of an update (optimistic check).
Result<SqlFragment> expectedCondition(const EngineCore &core, const Model &model, const QVariantMap &expected)
{
    SqlFragment condition;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const Attribute *attribute = model.attribute(it.key());
        if (!attribute)
            return core.unknownAttribute(model, it.key());
        if (it.value().isNull()) {
            condition << QStringLiteral(" AND ") + core.column(QString(), *attribute) + QStringLiteral(" IS NULL");
            continue;
        }
        auto value = core.coerce(model, *attribute, it.value());
        if (!value)
            return value.error();
        condition << QStringLiteral(" AND ") << core.equals(QString(), *attribute, *value);
    }
    return condition;
}

//! A value as a conflict message shows it: null, numbers bare, text and dates quoted.
QString displayValue(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("null");
    if (value.typeId() == QMetaType::QDateTime)
        return QLatin1Char('"') + value.toDateTime().toUTC().toString(Qt::ISODateWithMs) + QLatin1Char('"');
    if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray)
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    return value.toString();
}

} // namespace

Result<Record> Engine::findByPk(const QString &modelName, const QVariant &pk, const FindOptions &o)
{
    auto found = m_schema.requireModel(modelName);
    if (!found)
        return found.error();
    const Model &model = **found;
    const Attribute *key = model.pk();
    if (model.primaryKey.isEmpty())
        return makeError(ErrorKind::Schema,
                         QStringLiteral("Table '%1' has no primary key, so a row cannot be found by one; use findOne")
                                 .arg(model.tableName));
    if (!key)
        return makeError(
                ErrorKind::Schema,
                QStringLiteral("%1 has a composite primary key; use findOne").arg(model.name));
    auto keyValue = m_core->keyOf(model, pk, key->name, model.name + QStringLiteral(".findByPk"));
    if (!keyValue)
        return keyValue.error();
    FindOptions options = o;
    QVariantMap where{ { key->name, *keyValue } };
    if (o.where.isValid() && !o.where.isNull())
        where = QVariantMap{ { QStringLiteral("$and"), QVariantList{ where, o.where } } };
    options.where = where;
    options.offset.reset();
    ContextScope scope(*m_conn, model.name + QStringLiteral(".findByPk"));
    return m_core->findFirst(model, options);
}

Result<RecordList> Engine::findAll(const QString &modelName, const FindOptions &o)
{
    return onModel(m_schema, *m_conn, modelName, "findAll",
                   [&](const Model &m) { return m_core->find(m, o); });
}

Result<Record> Engine::findOne(const QString &modelName, const FindOptions &o)
{
    return onModel(m_schema, *m_conn, modelName, "findOne",
                   [&](const Model &m) { return m_core->findFirst(m, o); });
}

Result<qint64> Engine::count(const QString &modelName, const FindOptions &o)
{
    return onModel(m_schema, *m_conn, modelName, "count",
                   [&](const Model &m) { return m_core->count(m, o); });
}

namespace {

//! Whether Sequelize takes a key value as set (`originalValue` truthy in Model#set).
bool isTruthy(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return false;
    if (value.metaType().id() == QMetaType::QString)
        return !value.toString().isEmpty();
    if (value.metaType().id() == QMetaType::Bool)
        return value.toBool();
    bool numeric = false;
    const double number = value.toDouble(&numeric);
    return !numeric || number != 0;
}

//! The values an update really writes: as in Sequelize (Model#set), a primary key attribute of a
//! record whose key is already set is not changed (the value is dropped without an error).
QVariantMap withoutPrimaryKeyChanges(const Record &record, const QVariantMap &values)
{
    QVariantMap kept = values;
    for (const QString &key : record.model->primaryKey) {
        if (kept.contains(key) && isTruthy(record.value(key)))
            kept.remove(key);
    }
    return kept;
}

//! Whether `given` (coerced for `attribute`) equals the record's `current` value: Sequelize's
//! Model#set marks only values that differ as changed, and save() writes nothing without one.
bool sameValue(const Attribute &attribute, const QVariant &current, const QVariant &given)
{
    const bool currentNull = !current.isValid() || current.isNull();
    const bool givenNull = !given.isValid() || given.isNull();
    if (currentNull || givenNull)
        return currentNull == givenNull;
    switch (attribute.type) {
    case DataType::Integer:
    case DataType::BigInt:
        return current.toLongLong() == given.toLongLong();
    case DataType::Float:
    case DataType::Double:
        return current.toDouble() == given.toDouble();
    case DataType::Boolean:
        return current.toBool() == given.toBool();
    case DataType::Date:
        return current.toDateTime().toMSecsSinceEpoch() == given.toDateTime().toMSecsSinceEpoch();
    case DataType::DateOnly:
        return current.toDate() == given.toDate();
    case DataType::String:
    case DataType::Text:
        return current.toString() == given.toString();
    default: // JSON and types Grumble does not know: written unless identical
        return current == given;
    }
}

} // namespace

Result<Record> Engine::update(const Record &record, const QVariantMap &values)
{
    return update(record, values, UpdateOptions{});
}

Result<Record> Engine::update(const Record &record, const QVariantMap &values, const UpdateOptions &options)
{
    return retryTransient(*m_conn, [&] { return updateOnce(record, values, options); });
}

Result<Record> Engine::updateOnce(const Record &record, const QVariantMap &givenValues,
                                  const UpdateOptions &options)
{
    if (!record.model)
        return validationError(QStringLiteral("update() needs a record"));
    const Model &model = *record.model;
    GRUMBLE_TRY(model.requireWritable(QStringLiteral("update")));
    const QVariantMap values = withoutPrimaryKeyChanges(record, givenValues);
    QList<SqlFragment> sets;
    QList<const Attribute *> setAttributes; // aligned with sets
    const Attribute *givenUpdatedAt = nullptr;
    QVariant updatedAtValue;
    auto set = [&](const Attribute &attribute, const QVariant &value) {
        sets << m_core->equals(QString(), attribute, value);
        setAttributes << &attribute;
    };
    for (auto it = values.begin(); it != values.end(); ++it) {
        const Attribute *attribute = model.attribute(it.key());
        if (!attribute)
            return m_core->unknownAttribute(model, it.key());
        auto value = m_core->coerceForWrite(model, *attribute, it.value());
        if (!value)
            return value.error();
        if (attribute->name == model.updatedAtName())
            givenUpdatedAt = attribute, updatedAtValue = *value;
        // With `expected` (the app's optimistic check) every value is written, so that the
        // statement's WHERE can refuse it; else, as Sequelize, only those that differ.
        if (options.expected.isEmpty() && sameValue(*attribute, record.value(attribute->name), *value))
            continue; // an updatedAt given is written below when something else changes
        set(*attribute, *value);
    }
    if (sets.isEmpty() && options.expected.isEmpty())
        return record; // as Sequelize: nothing differs, no statement, updatedAt stays as it was
    if (givenUpdatedAt && !setAttributes.contains(givenUpdatedAt))
        set(*givenUpdatedAt, updatedAtValue);
    if (const Attribute *u = model.attribute(model.updatedAtName());
        u && u->timestamp && !givenUpdatedAt)
        set(*u, m_core->now());
    auto condition = m_core->primaryKeyCondition(record);
    if (!condition)
        return condition.error();
    auto unchanged = expectedCondition(*m_core, model, options.expected);
    if (!unchanged)
        return unchanged.error();
    *condition << *unchanged;
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".update"));
    SqlFragment sql =
            SqlFragment(QStringLiteral("UPDATE ") + m_core->table(model) + QStringLiteral(" SET "))
            << SqlFragment::join(sets, QStringLiteral(", ")) << QStringLiteral(" WHERE ")
            << *condition << QStringLiteral(" RETURNING ") + m_core->selectList(model, QString());
    auto rows = m_core->selectRecords(model, sql);
    if (!rows)
        return explainForeignKey(*m_core, model, { values }, rows.error());
    if (rows->isEmpty()
        && m_core->pretending()) { // the UPDATE was recorded, not run: the row as bound
        Record updated = record;
        for (int i = 0; i < sets.size(); ++i)
            updated.setValue(
                    setAttributes.at(i)->name,
                    dialect().fromDb(setAttributes.at(i)->type, sets.at(i).bindings.first()));
        return updated;
    }
    if (rows->isEmpty())
        return options.expected.isEmpty() ? notFound(record) : updateConflict(record, values, options);
    return rows->first();
}

Error Engine::updateConflict(const Record &record, const QVariantMap &values, const UpdateOptions &options)
{
    auto now = reload(record);
    if (!now)
        return now.error();
    QStringList changes;
    for (auto it = options.expected.begin(); it != options.expected.end(); ++it) {
        const QVariant stored = now->value(it.key());
        if (displayValue(stored) == displayValue(it.value()))
            continue;
        QString change = QStringLiteral("%1 was %2 when shown and is now %3")
                                 .arg(it.key(), displayValue(it.value()), displayValue(stored));
        if (values.contains(it.key()))
            change += QStringLiteral(" (your %1 was not written)").arg(displayValue(values.value(it.key())));
        changes << change;
    }
    Error error = makeError(ErrorKind::Conflict,
                            QStringLiteral("%1 changed since it was shown: %2. Nothing was overwritten; "
                                           "look at the new values and edit again.")
                                    .arg(record.label(),
                                         changes.isEmpty() ? QStringLiteral("another writer changed it")
                                                           : changes.join(QStringLiteral("; "))));
    return error;
}

Result<Record> Engine::destroy(const Record &record)
{
    if (!record.model)
        return validationError(QStringLiteral("destroy() needs a record"));
    GRUMBLE_TRY(record.model->requireWritable(QStringLiteral("destroy")));
    auto condition = m_core->primaryKeyCondition(record);
    if (!condition)
        return condition.error();
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".destroy"));
    auto n = retryTransient(*m_conn, [&] { return m_core->execAffected(SqlFragment(QStringLiteral("DELETE FROM ")
                                              + m_core->table(*record.model)
                                              + QStringLiteral(" WHERE "))
                                  << *condition); });
    if (!n)
        return n.error();
    if (*n == 0 && !m_core->pretending())
        return notFound(record);
    return record;
}

Result<Record> Engine::reload(const Record &record)
{
    if (!record.model)
        return validationError(QStringLiteral("reload() needs a record"));
    GRUMBLE_TRY(record.model->requireWritable(QStringLiteral("reload")));
    auto condition = m_core->primaryKeyCondition(record);
    if (!condition)
        return condition.error();
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".reload"));
    auto rows = m_core->selectRecords(
            *record.model,
            SqlFragment(QStringLiteral("SELECT ") + m_core->selectList(*record.model, QString())
                        + QStringLiteral(" FROM ") + m_core->table(*record.model)
                        + QStringLiteral(" WHERE "))
                    << *condition);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return m_core->pretending() ? record : Result<Record>(notFound(record));
    return rows->first();
}

Result<QStringList> Engine::describeDestroy(const Record &record)
{
    QStringList out;
    if (!record.model)
        return out;
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".describeDestroy"));
    for (const Model &other : m_schema.models()) {
        for (const Attribute &foreignKey : other.attributes) {
            if (foreignKey.referencesModel != record.model->name || !foreignKey.constraint)
                continue;
            const QVariant key = record.value(foreignKey.referencesKey);
            if (key.isNull())
                continue;
            auto n = m_core->selectCount(SqlFragment(QStringLiteral("SELECT COUNT(*) FROM ")
                                                     + m_core->table(other)
                                                     + QStringLiteral(" WHERE "))
                                         << m_core->equals(QString(), foreignKey, key));
            if (!n)
                return n.error();
            if (*n > 0)
                out << destroyConsequence(record, other, foreignKey, *n);
        }
    }
    return out;
}

} // namespace grumble

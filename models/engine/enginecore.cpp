// EngineCore: reading rows into records, keys given as arguments, running statements.

#include "enginecore.h"

#include <QDateTime>
#include <QSet>

namespace grumble {

QString EngineCore::selectList(const Model &model, const QString &alias) const
{
    QString out;
    for (const Attribute &a : model.attributes) {
        if (!out.isEmpty())
            out += QStringLiteral(", ");
        out += selected(alias, a);
    }
    return out;
}

Record EngineCore::readRecord(const Cursor &cursor, const Model &model, int first) const
{
    Record r;
    r.model = &model;
    r.values = readValues(cursor, model, first);
    return r;
}

Values EngineCore::readValues(const Cursor &cursor, const Model &model, int first) const
{
    const int n = int(model.attributes.size());
    valuesBuilder.reset(n);
    for (int i = 0; i < n; ++i)
        cursor.read(first + i, model.attributes.at(i).type, valuesBuilder, i);
    return valuesBuilder.build();
}

Error EngineCore::unknownAttribute(const Model &model, const QString &name) const
{
    QStringList names;
    for (const Attribute &a : model.attributes)
        names << a.name;
    return makeError(ErrorKind::UnknownAttribute,
                     QStringLiteral("Model %1 has no attribute '%2' (it has: %3)")
                             .arg(model.name, name, names.join(QStringLiteral(", "))));
}

QVariant EngineCore::now() const
{
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

Result<QVariant> EngineCore::keyOf(const Model &model, const QVariant &arg,
                                   const QString &attribute, const QString &accessor) const
{
    if (isRecordValue(arg)) {
        const Record r = arg.value<Record>();
        if (r.model != &model && (!r.model || r.model->name != model.name))
            return validationError(QStringLiteral("%1 expects %2 records or keys, not %3")
                                           .arg(accessor, model.name, describeValue(arg)));
        const QVariant v = r.value(attribute);
        if (v.isNull())
            return validationError(QStringLiteral("%1: the %2 record has no %3 (was it saved?)")
                                           .arg(accessor, model.name, attribute));
        return v;
    }
    if (arg.isNull())
        return validationError(
                QStringLiteral("%1 expects a %2, not null").arg(accessor, model.name));
    if (isListValue(arg) || isMapValue(arg) || arg.metaType().id() == QMetaType::Bool)
        return validationError(QStringLiteral("%1 expects a %2 record or its %3, not %4")
                                       .arg(accessor, model.name, attribute, describeValue(arg)));
    Attribute key = *model.attribute(attribute);
    key.allowNull = false;
    auto r = coerce(model, key, arg);
    if (!r)
        r.error().message = accessor + QStringLiteral(": ") + r.error().message;
    return r;
}

Result<QVariantList> EngineCore::keysOf(const Model &model, const QVariant &arg,
                                        const QString &attribute, const QString &accessor,
                                        bool allowNull) const
{
    QVariantList out;
    if (arg.isNull() || !arg.isValid()) {
        if (allowNull)
            return out;
        return validationError(QStringLiteral("%1 expects %2 records or keys, not null")
                                       .arg(accessor, model.name));
    }
    const QVariantList items = isListValue(arg) ? listItems(arg) : QVariantList{ arg };
    QSet<QString> seen;
    for (const QVariant &item : items) {
        auto key = keyOf(model, item, attribute, accessor);
        if (!key)
            return key.error();
        const QString signature = key->toString();
        if (seen.contains(signature))
            continue;
        seen.insert(signature);
        out << *key;
    }
    return out;
}

Result<SqlFragment> EngineCore::primaryKeyCondition(const Record &record) const
{
    if (!record.model || record.model->primaryKey.isEmpty())
        return validationError(QStringLiteral("The record has no primary key"));
    QList<SqlFragment> parts;
    for (const QString &key : record.model->primaryKey) {
        const QVariant value = record.value(key);
        if (value.isNull())
            return validationError(QStringLiteral("The %1 record has no %2 (was it saved?)")
                                           .arg(record.model->name, key));
        parts << equals(QString(), *record.model->attribute(key), value);
    }
    return SqlFragment::join(parts, QStringLiteral(" AND "));
}

Result<qint64> EngineCore::selectCount(const SqlFragment &statement)
{
    auto cursor = exec(statement);
    if (!cursor)
        return cursor.error();
    const qint64 n = (*cursor)->next() ? (*cursor)->value(0).toLongLong() : 0;
    (*cursor)->finish();
    return n;
}

Result<RecordList> EngineCore::selectRecords(const Model &model, const SqlFragment &statement)
{
    auto cursor = exec(statement);
    if (!cursor)
        return cursor.error();
    RecordList out;
    while ((*cursor)->next())
        out << readRecord(**cursor, model, 0);
    (*cursor)->finish();
    return out;
}

Result<Record> EngineCore::findFirst(const Model &model, FindOptions options)
{
    options.limit = 1;
    auto found = find(model, options);
    if (!found)
        return found.error();
    return found->isEmpty() ? Record() : found->first();
}

} // namespace grumble

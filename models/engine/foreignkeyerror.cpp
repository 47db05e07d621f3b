// Explaining a ForeignKey error: which key of the rows names a parent that does not exist.
#include "foreignkeyerror.h"

namespace grumble {

namespace {

//! The distinct non-null values of `attribute` in `rows`, coerced to its type ("99" -> 99).
QVariantList keysIn(EngineCore &core, const Model &model, const Attribute &attribute,
                    const QList<QVariantMap> &rows)
{
    QVariantList keys;
    for (const QVariantMap &row : rows) {
        auto it = row.find(attribute.name);
        if (it == row.end() || it.value().isNull())
            continue;
        auto key = core.coerce(model, attribute, it.value());
        if (key && !keys.contains(*key))
            keys << *key;
    }
    return keys;
}

//! The first of `keys` with no row in `parent`, or an invalid QVariant (also when the lookup fails).
QVariant firstMissing(EngineCore &core, const Model &parent, const QString &parentKey,
                      const QVariantList &keys)
{
    FindOptions o;
    o.where = QVariantMap{ { parentKey, QVariantMap{ { QStringLiteral("$in"), keys } } } };
    o.attributes = QStringList{ parentKey };
    auto found = core.find(parent, o);
    if (!found)
        return QVariant();
    QVariantList present;
    for (const Record &r : *found)
        present << r.value(parentKey);
    for (const QVariant &k : keys) {
        if (!present.contains(k))
            return k;
    }
    return QVariant();
}

} // namespace

Error explainForeignKey(EngineCore &core, const Model &model, const QList<QVariantMap> &rows,
                        Error error)
{
    if (error.kind != ErrorKind::ForeignKey)
        return error;
    for (const Attribute &a : model.attributes) {
        const Model *parent =
                a.referencesModel.isEmpty() ? nullptr : core.schema.model(a.referencesModel);
        if (!parent)
            continue;
        const QString parentKey = !a.referencesKey.isEmpty() ? a.referencesKey
                : parent->pk()                               ? parent->pk()->name
                                                             : QString();
        const QVariantList keys =
                parentKey.isEmpty() ? QVariantList() : keysIn(core, model, a, rows);
        if (keys.isEmpty())
            continue;
        const QVariant missing = firstMissing(core, *parent, parentKey, keys);
        if (!missing.isValid())
            continue;
        error.message = QStringLiteral("%1 %2: no %3 row with %4 %2 (%5)")
                                .arg(a.name, missing.toString(), parent->tableName, parentKey,
                                     error.message);
        return error;
    }
    return error;
}

} // namespace grumble

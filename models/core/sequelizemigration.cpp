// The migration of the Sequelize export: createTable per table in dependency order (references,
// ON DELETE / ON UPDATE, the join tables' composite keys), addIndex for the foreign-key indexes
// Grumble adds, and `down` dropping the tables in reverse order.

#include "schema_p.h"
#include "sequelizecode_p.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace grumble {

using namespace sequelizecode;

namespace {

constexpr int kMaxIdentifierBytes = 63; // PostgreSQL's limit; SQLite has none

// A hasOne key column is UNIQUE in the database (at most one target row per source row), unless a
// hasMany uses the same key.
bool uniqueHasOneKey(const Schema &schema, const Model &model, const Attribute &attribute)
{
    bool hasOne = false;
    for (const Association &association : schema.associations()) {
        if (association.target != model.name || association.foreignKey != attribute.name)
            continue;
        if (association.kind == AssociationKind::HasMany)
            return false;
        hasOne = hasOne || association.kind == AssociationKind::HasOne;
    }
    return hasOne;
}

QStringList referenceProperties(const Schema &schema, const Attribute &attribute)
{
    const Model *referenced = schema.model(attribute.referencesModel);
    const Attribute *key = referenced ? referenced->attribute(attribute.referencesKey) : nullptr;
    if (!key || !attribute.constraint)
        return {};
    QStringList properties = { QStringLiteral("references: { model: %1, key: %2 }")
                                       .arg(jsString(referenced->tableName),
                                            jsString(key->field)) };
    if (!attribute.onDelete.isEmpty())
        properties << QStringLiteral("onDelete: ") + jsString(attribute.onDelete);
    if (!attribute.onUpdate.isEmpty())
        properties << QStringLiteral("onUpdate: ") + jsString(attribute.onUpdate);
    return properties;
}

// One column of createTable: `field: { type: Sequelize.INTEGER, allowNull: false, ... },`.
QString columnCode(const Schema &schema, const Model &model, const Attribute &attribute)
{
    QStringList properties = {
        QStringLiteral("type: ") + typeCode(attribute, QStringLiteral("Sequelize")),
        QStringLiteral("allowNull: ")
                + QLatin1String(attribute.allowNull && !attribute.primaryKey ? "true" : "false")
    };
    if (attribute.primaryKey)
        properties << QStringLiteral("primaryKey: true");
    if (attribute.autoIncrement)
        properties << QStringLiteral("autoIncrement: true");
    if (attribute.unique || (!attribute.primaryKey && uniqueHasOneKey(schema, model, attribute)))
        properties << QStringLiteral("unique: true");
    const QString defaultValue = defaultCode(attribute, QStringLiteral("Sequelize"));
    if (!defaultValue.isEmpty())
        properties << QStringLiteral("defaultValue: ") + defaultValue;
    properties << referenceProperties(schema, attribute);
    return QStringLiteral("      %1: { %2 },\n")
            .arg(jsKey(attribute.field), properties.join(QStringLiteral(", ")));
}

// 16 hex digits naming an index whose full name would be too long.
QString shortHash(const QString &text)
{
    return QString::fromLatin1(
            QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}

// Grumble's name for the index on a foreign key (as sync() names it), shortened with a hash where
// PostgreSQL would cut it.
QString indexName(const Model &model, const Attribute &attribute)
{
    const QString name =
            QStringLiteral("grumble_idx_") + model.tableName + QLatin1Char('_') + attribute.field;
    if (name.toUtf8().size() <= kMaxIdentifierBytes)
        return name;
    return QStringLiteral("grumble_idx_")
            + shortHash(model.tableName + QLatin1Char('.') + attribute.field);
}

// The indexes Grumble adds on foreign keys; a key that leads the primary key is indexed already.
QString indexesCode(const Model &model)
{
    QString code;
    for (const Attribute &attribute : model.attributes) {
        if (attribute.referencesModel.isEmpty() || !attribute.indexed
            || (attribute.primaryKey && model.primaryKey.value(0) == attribute.name))
            continue;
        code += QStringLiteral("    await queryInterface.addIndex(%1, [%2], { name: %3 });\n")
                        .arg(jsString(model.tableName), jsString(attribute.field),
                             jsString(indexName(model, attribute)));
    }
    return code;
}

// A through model keyed on its own (an `id`) is still unique on each association's key pair, as
// Sequelize makes it (its uniqueKey): one unique index per pair.
QString joinPairIndexesCode(const Schema &schema, const Model &model)
{
    QString code;
    QSet<QString> done;
    for (const Association &association : schema.associations()) {
        if (association.kind != AssociationKind::BelongsToMany || association.through != model.name)
            continue;
        const Attribute *first = model.attribute(association.foreignKey);
        const Attribute *second = model.attribute(association.otherKey);
        if (!first || !second
            || (first->primaryKey && second->primaryKey && model.primaryKey.size() == 2))
            continue;
        QStringList pair = { first->field, second->field };
        pair.sort();
        if (done.contains(pair.join(QLatin1Char(','))))
            continue;
        done.insert(pair.join(QLatin1Char(',')));
        QString name = model.tableName + QLatin1Char('_') + pair.join(QLatin1Char('_'))
                + QStringLiteral("_unique");
        if (name.toUtf8().size() > kMaxIdentifierBytes)
            name = QStringLiteral("grumble_unique_")
                    + shortHash(model.tableName + QLatin1Char('.') + pair.join(QLatin1Char(',')));
        code += QStringLiteral("    await queryInterface.addIndex(%1, [%2, %3], { unique: true, "
                               "name: %4 });\n")
                        .arg(jsString(model.tableName), jsString(pair.at(0)), jsString(pair.at(1)),
                             jsString(name));
    }
    return code;
}

QString createTableCode(const Schema &schema, const Model &model)
{
    QString code = QStringLiteral("    await queryInterface.createTable(%1, {\n")
                           .arg(jsString(model.tableName));
    for (const Attribute &attribute : model.attributes)
        code += columnCode(schema, model, attribute);
    return code + QStringLiteral("    });\n") + indexesCode(model)
            + joinPairIndexesCode(schema, model);
}

// "create-owners-pugs-friends": the tables in creation order, in characters a file name takes.
QString migrationName(const QVector<const Model *> &order)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_]+"));
    QStringList tables;
    for (const Model *model : order)
        tables << QString(model->tableName).replace(unsafe, QStringLiteral("_"));
    QString name = QStringLiteral("create-") + tables.join(QLatin1Char('-'));
    if (name.size() > 120)
        name = name.left(120) + QStringLiteral("-and-more");
    return name;
}

} // namespace

SequelizeFile sequelizeMigration(const Schema &schema, const QDateTime &timestamp)
{
    const QVector<const Model *> order = schema.creationOrder();
    QString code =
            QStringLiteral("'use strict';\n\n/** @type {import('sequelize-cli').Migration} */\n"
                           "module.exports = {\n  async up(queryInterface, Sequelize) {\n");
    for (const Model *model : order)
        code += createTableCode(schema, *model);
    code += QStringLiteral("  },\n\n  async down(queryInterface, Sequelize) {\n");
    for (int i = order.size() - 1; i >= 0; --i)
        code += QStringLiteral("    await queryInterface.dropTable(%1);\n")
                        .arg(jsString(order.at(i)->tableName));
    code += QStringLiteral("  },\n};\n");
    const QString stamp =
            timestamp.toTimeZone(QTimeZone::utc()).toString(QStringLiteral("yyyyMMddHHmmss"));
    return SequelizeFile{ QStringLiteral("migrations/%1-%2.js").arg(stamp, migrationName(order)),
                          code.toUtf8() };
}

} // namespace grumble

// Declaring associations: every Sequelize default resolved (alias, keys, referential actions), the
// foreign key attributes each kind adds, and the join model of belongsToMany.

#include "schema.h"
#include "schema_p.h"

namespace grumble {

using namespace inflection;

namespace {

QString normalizeAction(const QString &action)
{
    return action.trimmed().toUpper().replace(QLatin1Char('_'), QLatin1Char(' '));
}

bool validAction(const QString &action)
{
    static const QStringList valid = { QStringLiteral("CASCADE"), QStringLiteral("SET NULL"),
                                       QStringLiteral("SET DEFAULT"), QStringLiteral("RESTRICT"),
                                       QStringLiteral("NO ACTION") };
    return valid.contains(action);
}

// Sequelize's default key names: camelize("owner_id") -> "ownerId".
QString keyName(const QString &word, const QString &key)
{
    return camelize(word + QLatin1Char('_') + key);
}

} // namespace

//! Resolves one association declaration into an Association, adding the foreign keys (and for
//! belongsToMany the join model) to the schema on the way.
class AssociationResolver
{
public:
    AssociationResolver(Schema &schema, AssociationKind kind, Model &source, Model &target,
                        const AssociationOptions &options);

    //! The association with every default resolved; the caller appends it to the schema.
    Result<Association> resolve();

private:
    Result<void> checkActions() const;
    void nameAssociation();
    QString targetPluralOf(const QString &singular) const;
    Result<void> checkBelongsToManyOptions() const;
    Result<QString> referencedKey(const Model &model, const QString &explicitKey) const;
    QString onDeleteOr(const QString &defaultAction) const;
    Attribute referencingAttribute(const QString &name, const Model &referenced, const QString &referencedKey) const;

    Result<void> resolveBelongsTo();
    QString hasForeignKeyName() const;
    Result<void> resolveHasOneOrMany();
    Result<void> resolveBelongsToMany();
    Result<Model *> joinModel();
    Result<Model *> defineImplicitJoinModel();

    Schema &m_schema;
    Model &m_source;
    Model &m_target;
    const AssociationOptions &m_options;
    const QString m_kindName;
    const bool m_self;
    Association m_association;
};

AssociationResolver::AssociationResolver(Schema &schema, AssociationKind kind, Model &source, Model &target,
                                         const AssociationOptions &options)
    : m_schema(schema),
      m_source(source),
      m_target(target),
      m_options(options),
      m_kindName(associationKindName(kind)),
      m_self(source.name == target.name)
{
    m_association.id = int(schema.m_associations.size());
    m_association.kind = kind;
    m_association.source = source.name;
    m_association.target = target.name;
    m_association.constraints = options.constraints;
}

Result<Association> AssociationResolver::resolve()
{
    GRUMBLE_TRY(checkActions());
    nameAssociation();
    if (m_association.kind == AssociationKind::BelongsToMany)
        GRUMBLE_TRY(checkBelongsToManyOptions());
    GRUMBLE_TRY(m_schema.checkAlias(m_source, m_association.as));
    m_association.onUpdate = m_options.onUpdate.isEmpty() ? QStringLiteral("CASCADE") : normalizeAction(m_options.onUpdate);
    switch (m_association.kind) {
    case AssociationKind::BelongsTo: GRUMBLE_TRY(resolveBelongsTo()); break;
    case AssociationKind::HasOne:
    case AssociationKind::HasMany: GRUMBLE_TRY(resolveHasOneOrMany()); break;
    case AssociationKind::BelongsToMany: GRUMBLE_TRY(resolveBelongsToMany()); break;
    }
    return m_association;
}

// onDelete and onUpdate must be referential actions (any case, '_' for ' ').
Result<void> AssociationResolver::checkActions() const
{
    for (const QString &action : { m_options.onDelete, m_options.onUpdate }) {
        if (!action.isEmpty() && !validAction(normalizeAction(action)))
            return schemaError(QStringLiteral("%1.%2(%3): '%4' is not a referential action (CASCADE, SET NULL, "
                                              "SET DEFAULT, RESTRICT, NO ACTION)")
                                       .arg(m_source.name, m_kindName, m_target.name, action));
    }
    return {};
}

// The singular and plural names and the include key: from `as` ({singular, plural} or one name), else
// from the target model.
void AssociationResolver::nameAssociation()
{
    const AssociationOptions &options = m_options;
    Association &association = m_association;
    association.aliased = !options.as.isEmpty() || !options.asSingular.isEmpty();
    if (association.isToMany()) {
        association.plural = !options.asPlural.isEmpty() ? options.asPlural
                                                         : (!options.as.isEmpty() ? options.as : m_target.plural);
        association.singular = !options.asSingular.isEmpty()
                ? options.asSingular
                : (!options.as.isEmpty() ? singularize(options.as) : m_target.singular);
        association.as = association.plural;
    } else {
        association.singular = !options.asSingular.isEmpty()
                ? options.asSingular
                : (!options.as.isEmpty() ? options.as : m_target.singular);
        association.plural = !options.asPlural.isEmpty() ? options.asPlural : targetPluralOf(association.singular);
        association.as = association.singular;
    }
}

// pluralize(singular), without inflecting again when the singular is the target's name and its plural
// is pluralize(name) (most to-one associations).
QString AssociationResolver::targetPluralOf(const QString &singular) const
{
    if (singular == m_target.name && m_target.options.plural.isEmpty())
        return m_target.plural;
    return pluralize(singular);
}

Result<void> AssociationResolver::checkBelongsToManyOptions() const
{
    if (m_options.through.isEmpty())
        return schemaError(QStringLiteral("%1.belongsToMany(%2) requires a through option, "
                                          "pass either a string or a model")
                                   .arg(m_source.name, m_target.name));
    if (m_self && !m_association.aliased)
        return schemaError(QStringLiteral("%1.belongsToMany(%1) is a self-association: it needs an 'as' alias")
                                   .arg(m_source.name));
    return {};
}

// The attribute of `model` a key references: the explicit one, else its single primary key.
Result<QString> AssociationResolver::referencedKey(const Model &model, const QString &explicitKey) const
{
    const QString key = explicitKey.isEmpty()
            ? (model.primaryKey.size() == 1 ? model.primaryKey.first() : QString())
            : explicitKey;
    if (key.isEmpty() || !model.attribute(key))
        return schemaError(QStringLiteral("%1.%2(%3): model %4 has no attribute '%5' to reference")
                                   .arg(m_source.name, m_kindName, m_target.name, model.name,
                                        key.isEmpty() ? QStringLiteral("(primary key)") : key));
    return key;
}

QString AssociationResolver::onDeleteOr(const QString &defaultAction) const
{
    return m_options.onDelete.isEmpty() ? defaultAction : normalizeAction(m_options.onDelete);
}

// A foreign key column `name` referencing `referenced`.`referencedKey`, with its type and actions.
Attribute AssociationResolver::referencingAttribute(const QString &name, const Model &referenced,
                                                    const QString &referencedKey) const
{
    const Attribute *key = referenced.attribute(referencedKey);
    Attribute foreignKey;
    foreignKey.name = name;
    foreignKey.type = key->type;
    foreignKey.length = key->length;
    foreignKey.referencesModel = referenced.name;
    foreignKey.referencesKey = referencedKey;
    foreignKey.onDelete = m_association.onDelete;
    foreignKey.onUpdate = m_association.onUpdate;
    foreignKey.constraint = m_options.constraints;
    foreignKey.indexed = true;
    return foreignKey;
}

// belongsTo: the foreign key is on the source and references the target.
Result<void> AssociationResolver::resolveBelongsTo()
{
    Association &association = m_association;
    auto targetKey = referencedKey(m_target, m_options.targetKey);
    if (!targetKey)
        return targetKey.error();
    association.targetKey = *targetKey;
    association.foreignKey = !m_options.foreignKey.isEmpty()
            ? m_options.foreignKey
            : keyName(association.singular, m_target.primaryKey.value(0));
    const bool allowNull = m_options.foreignKeyAllowNull.value_or(true);
    association.onDelete = onDeleteOr(allowNull ? QStringLiteral("SET NULL") : QStringLiteral("NO ACTION"));
    Attribute foreignKey = referencingAttribute(association.foreignKey, m_target, association.targetKey);
    const Attribute *existing = m_source.attribute(association.foreignKey);
    foreignKey.allowNull = allowNull && !(existing && existing->primaryKey);
    return m_schema.addForeignKey(m_source, foreignKey);
}

QString AssociationResolver::hasForeignKeyName() const
{
    if (!m_options.foreignKey.isEmpty())
        return m_options.foreignKey;
    if (m_association.kind == AssociationKind::HasOne)
        return keyName(singularize(!m_options.as.isEmpty() ? m_options.as : m_source.name),
                       m_source.primaryKey.value(0));
    return keyName(m_source.singular, m_association.sourceKey);
}

// hasOne / hasMany: the foreign key is on the target and references the source.
Result<void> AssociationResolver::resolveHasOneOrMany()
{
    Association &association = m_association;
    auto sourceKey = referencedKey(m_source, m_options.sourceKey);
    if (!sourceKey)
        return sourceKey.error();
    association.sourceKey = *sourceKey;
    association.foreignKey = hasForeignKeyName();
    const Attribute *existing = m_target.attribute(association.foreignKey);
    if (existing && existing->referencesModel.isEmpty() && association.foreignKey == m_target.primaryKey.value(0))
        return schemaError(QStringLiteral("%1.%2(%3): the foreign key '%4' is the primary key of %3")
                                   .arg(m_source.name, m_kindName, m_target.name, association.foreignKey));
    const bool allowNull = m_options.foreignKeyAllowNull.value_or(true);
    association.onDelete = onDeleteOr(allowNull ? QStringLiteral("SET NULL") : QStringLiteral("CASCADE"));
    Attribute foreignKey = referencingAttribute(association.foreignKey, m_source, association.sourceKey);
    foreignKey.allowNull = allowNull;
    return m_schema.addForeignKey(m_target, foreignKey);
}

// belongsToMany: two foreign keys on the join model, which they key together.
Result<void> AssociationResolver::resolveBelongsToMany()
{
    Association &association = m_association;
    auto sourceKey = referencedKey(m_source, m_options.sourceKey);
    if (!sourceKey)
        return sourceKey.error();
    association.sourceKey = *sourceKey;
    auto targetKey = referencedKey(m_target, m_options.targetKey);
    if (!targetKey)
        return targetKey.error();
    association.targetKey = *targetKey;
    association.foreignKey = !m_options.foreignKey.isEmpty() ? m_options.foreignKey
                                                             : keyName(m_source.singular, association.sourceKey);
    association.otherKey = !m_options.otherKey.isEmpty()
            ? m_options.otherKey
            : keyName(m_self ? singularize(association.as) : m_target.singular, association.targetKey);
    if (association.foreignKey == association.otherKey)
        return schemaError(QStringLiteral("%1.belongsToMany(%2): foreignKey and otherKey are both '%3'; "
                                          "give one of them another name")
                                   .arg(m_source.name, m_target.name, association.foreignKey));
    association.onDelete = onDeleteOr(QStringLiteral("CASCADE"));
    auto through = joinModel();
    if (!through)
        return through.error();
    Model &join = **through;
    join.isJoinModel = true;
    association.through = join.name;
    // A through model keyed on its own (an `id`) keeps that key; otherwise the pair is its key.
    bool ownKey = false;
    for (const QString &key : join.primaryKey)
        ownKey = ownKey || (key != association.foreignKey && key != association.otherKey);
    for (Attribute key : { referencingAttribute(association.foreignKey, m_source, association.sourceKey),
                           referencingAttribute(association.otherKey, m_target, association.targetKey) }) {
        key.allowNull = false;
        key.primaryKey = !ownKey;
        GRUMBLE_TRY(m_schema.addForeignKey(join, key));
    }
    return {};
}

// The `through` model: a user-defined one loses its implicit id (the key pair replaces it), a missing
// one is defined.
Result<Model *> AssociationResolver::joinModel()
{
    Model *through = m_schema.mutableModel(m_options.through);
    if (through && (through->name == m_source.name || through->name == m_target.name))
        return schemaError(QStringLiteral("%1.belongsToMany(%2): the through model cannot be %3 itself")
                                   .arg(m_source.name, m_target.name, through->name));
    if (!through)
        return defineImplicitJoinModel();
    if (!through->isJoinModel && !through->attributes.isEmpty() && through->attributes.first().autoGenerated) {
        through->attributes.removeFirst();
        through->primaryKey.clear();
    }
    return through;
}

Result<Model *> AssociationResolver::defineImplicitJoinModel()
{
    ModelOptions options;
    options.tableName = m_options.through;
    options.freezeTableName = true;
    options.underscored = m_source.options.underscored;
    auto created = m_schema.define(m_options.through, {}, options);
    if (!created)
        return created.error();
    Model *through = m_schema.mutableModel(m_options.through);
    // The implicit model has no id: its key is the pair of foreign keys.
    through->attributes.removeIf([](const Attribute &attribute) { return attribute.autoGenerated; });
    through->primaryKey.clear();
    through->implicit = true;
    return through;
}

Result<void> Schema::checkAlias(const Model &source, const QString &as) const
{
    if (source.indexOf(as) >= 0)
        return schemaError(QStringLiteral("Naming collision between attribute '%1' and association '%1' on model %2. "
                                          "To remedy this, change either foreignKey or as in your association definition")
                                   .arg(as, source.name));
    if (m_associationByAlias.contains(source.name + QLatin1Char('\n') + as))
        return schemaError(QStringLiteral("You have used the alias %1 in two separate associations on model %2. "
                                          "Aliased associations must have unique aliases.")
                                   .arg(as, source.name));
    return {};
}

Result<void> Schema::addForeignKey(Model &holder, Attribute foreignKey)
{
    const int existingIndex = holder.indexOf(foreignKey.name);
    if (existingIndex < 0) {
        if (foreignKey.field.isEmpty())
            foreignKey.field = columnName(holder.options, foreignKey.name);
        holder.attributes.push_back(foreignKey);
        if (foreignKey.primaryKey)
            holder.primaryKey << foreignKey.name;
        return {};
    }
    Attribute &existing = holder.attributes[existingIndex];
    if (!existing.referencesModel.isEmpty() && existing.referencesModel != foreignKey.referencesModel)
        return schemaError(QStringLiteral("Foreign key '%1' on model %2 already references %3, not %4")
                                   .arg(foreignKey.name, holder.name, existing.referencesModel,
                                        foreignKey.referencesModel));
    if (existing.referencesModel.isEmpty()) {
        // A user-defined column becomes the foreign key: keep its type and nullability.
        existing.referencesModel = foreignKey.referencesModel;
        existing.referencesKey = foreignKey.referencesKey;
        existing.onDelete = foreignKey.onDelete;
        existing.onUpdate = foreignKey.onUpdate;
        existing.constraint = foreignKey.constraint;
        existing.indexed = foreignKey.indexed;
    }
    if (foreignKey.primaryKey && !existing.primaryKey) {
        existing.primaryKey = true;
        existing.allowNull = false;
        holder.primaryKey.clear();
        for (const Attribute &attribute : holder.attributes) {
            if (attribute.primaryKey)
                holder.primaryKey << attribute.name;
        }
    }
    return {};
}

Result<const Association *> Schema::belongsTo(const QString &source, const QString &target,
                                              const AssociationOptions &options)
{
    return associate(AssociationKind::BelongsTo, source, target, options);
}

Result<const Association *> Schema::hasOne(const QString &source, const QString &target,
                                           const AssociationOptions &options)
{
    return associate(AssociationKind::HasOne, source, target, options);
}

Result<const Association *> Schema::hasMany(const QString &source, const QString &target,
                                            const AssociationOptions &options)
{
    return associate(AssociationKind::HasMany, source, target, options);
}

Result<const Association *> Schema::belongsToMany(const QString &source, const QString &target,
                                                  const AssociationOptions &options)
{
    return associate(AssociationKind::BelongsToMany, source, target, options);
}

Result<const Association *> Schema::associate(AssociationKind kind, const QString &sourceName,
                                              const QString &targetName, const AssociationOptions &options)
{
    auto source = requireModel(sourceName);
    if (!source)
        return source.error();
    auto target = requireModel(targetName);
    if (!target)
        return target.error();
    // The resolver adds foreign keys to the two models (the schema's own, found once).
    auto association = AssociationResolver(*this, kind, const_cast<Model &>(**source), const_cast<Model &>(**target),
                                           options)
                               .resolve();
    if (!association)
        return association.error();
    m_associations.push_back(std::move(*association));
    indexAssociation(int(m_associations.size()) - 1);
    return &m_associations.back();
}

} // namespace grumble

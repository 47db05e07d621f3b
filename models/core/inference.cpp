// Inferring models and associations from a database's catalog, named the way Sequelize names them.
// The naming rules (docs/ARCHITECTURE.md, "Introspection") are each in one function below:
// modelName, belongsToAlias, reverseAlias, belongsToManyAlias.

#include "inference.h"
#include "inference_p.h"
#include "inflection.h"

#include <QHash>

#include <algorithm>
#include <optional>

namespace grumble {

using namespace inflection;

namespace {

const QString kCreatedAt = QStringLiteral("createdAt");
const QString kUpdatedAt = QStringLiteral("updatedAt");
const QString kCreatedAtUnderscored = QStringLiteral("created_at");
const QString kUpdatedAtUnderscored = QStringLiteral("updated_at");

//! A single-column foreign key to a table's single-column primary key: what an association is made of.
struct Link
{
    const CatalogTable *table = nullptr;   //!< holds the key
    const CatalogTable *parent = nullptr;  //!< referenced
    const CatalogForeignKey *foreignKey = nullptr;
    QString column;
};

//! A join table: keyed (or unique) on exactly two foreign keys, and no other foreign key.
struct JoinTable
{
    const CatalogTable *table = nullptr;
    Link first;
    Link second;
};

// "authorId" → "author", "author_id" → "author"; empty when the name has no such suffix.
QString keyStem(const QString &attribute)
{
    if (attribute.size() > 2 && (attribute.endsWith(QLatin1String("Id")) || attribute.endsWith(QLatin1String("ID"))))
        return attribute.left(attribute.size() - 2);
    if (attribute.size() > 3 && attribute.endsWith(QLatin1String("_id")))
        return camelize(attribute.left(attribute.size() - 3));
    return {};
}

// Sequelize's default key name: camelize("owner_id") → "ownerId".
QString defaultKeyName(const QString &singular, const QString &key)
{
    return camelize(singular + QLatin1Char('_') + key);
}

QString actionOr(const QString &action)
{
    return action.isEmpty() ? QStringLiteral("NO ACTION") : action;
}

// `{as: 'author', foreignKey: 'authorId'}` for the notes.
QString describeOptions(const AssociationOptions &options)
{
    QStringList parts;
    const auto add = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            parts << QStringLiteral("%1: '%2'").arg(QLatin1String(key), value);
    };
    add("as", options.as);
    add("through", options.through);
    add("foreignKey", options.foreignKey);
    add("otherKey", options.otherKey);
    return parts.isEmpty() ? QString() : QStringLiteral(", {%1}").arg(parts.join(QStringLiteral(", ")));
}

QString describeAssociation(AssociationKind kind, const QString &source, const QString &target,
                            const AssociationOptions &options)
{
    return QStringLiteral("%1.%2(%3%4)").arg(source, associationKindName(kind), target, describeOptions(options));
}

//! One run of inferSchema.
class SchemaInference
{
public:
    explicit SchemaInference(const Catalog &catalog) : m_catalog(catalog) { }
    InferredSchema run();

private:
    void collectLinks();
    std::optional<Link> usableLink(const CatalogTable &table, const CatalogForeignKey &foreignKey);
    void findJoinTables();
    void defineModels();
    void defineModel(const CatalogTable &table);
    QString modelName(const CatalogTable &table) const;
    ModelOptions modelOptions(const CatalogTable &table) const;
    Attribute attributeOf(const CatalogTable &table, const CatalogColumn &column, const ModelOptions &options) const;
    void inferToOne(const Link &link);
    void inferBelongsToMany(const JoinTable &join);

    const Model *modelOf(const CatalogTable *table) const { return m_schema.model(m_modelOfTable.value(table->name)); }
    QString attributeName(const CatalogTable *table, const QString &column) const;
    bool nameFree(const QString &model, const QString &as) const;
    QString belongsToAlias(const Link &link) const;
    QString reverseAlias(const Link &link, AssociationKind kind, const QString &belongsToName) const;
    QString belongsToManyAlias(const JoinTable &join, const Link &from, const Link &to) const;
    bool declare(AssociationKind kind, const QString &source, const QString &target, const AssociationOptions &options,
                 const QString &what);

    const Catalog &m_catalog;
    Schema m_schema;
    QStringList m_notes;
    QHash<QString, QString> m_modelOfTable; //!< table name → model name
    QVector<Link> m_links;                  //!< usable foreign keys, in table order
    QVector<JoinTable> m_joinTables;
};

InferredSchema SchemaInference::run()
{
    collectLinks();
    findJoinTables();
    defineModels();
    for (const Link &link : m_links) {
        const bool inJoin = std::any_of(m_joinTables.begin(), m_joinTables.end(),
                                        [&](const JoinTable &join) { return join.table == link.table; });
        if (!inJoin)
            inferToOne(link);
    }
    for (const JoinTable &join : m_joinTables)
        inferBelongsToMany(join);
    return { m_schema, m_notes };
}

// ---- Foreign keys and join tables ----

void SchemaInference::collectLinks()
{
    for (const CatalogTable &table : m_catalog.tables) {
        for (const CatalogForeignKey &foreignKey : table.foreignKeys) {
            if (auto link = usableLink(table, foreignKey))
                m_links << *link;
        }
    }
}

// The link a foreign key makes, or a note saying why it makes none.
std::optional<Link> SchemaInference::usableLink(const CatalogTable &table, const CatalogForeignKey &foreignKey)
{
    const QString where = QStringLiteral("%1.%2 → %3").arg(table.name, foreignKey.columns.join(QLatin1Char(',')),
                                                            foreignKey.referencedTable);
    const CatalogTable *parent = m_catalog.table(foreignKey.referencedTable);
    QString why;
    if (foreignKey.columns.size() != 1)
        why = QStringLiteral("a composite foreign key");
    else if (!parent)
        why = QStringLiteral("the referenced table is not in the database's schema");
    else if (parent->primaryKey.size() != 1)
        why = QStringLiteral("%1 has no single-column primary key").arg(parent->name);
    else if (!foreignKey.referencedColumns.isEmpty() && foreignKey.referencedColumns != parent->primaryKey)
        why = QStringLiteral("it references %1.%2, not the primary key")
                      .arg(parent->name, foreignKey.referencedColumns.join(QLatin1Char(',')));
    else if (table.primaryKey.isEmpty())
        why = QStringLiteral("%1 has no primary key, so its rows are read-only").arg(table.name);
    if (!why.isEmpty()) {
        m_notes << QStringLiteral("%1: no association (%2)").arg(where, why);
        return std::nullopt;
    }
    return Link { &table, parent, &foreignKey, foreignKey.columns.first() };
}

void SchemaInference::findJoinTables()
{
    for (const CatalogTable &table : m_catalog.tables) {
        QVector<Link> links;
        for (const Link &link : m_links) {
            if (link.table == &table)
                links << link;
        }
        if (table.foreignKeys.size() != 2 || links.size() != 2 || links.at(0).column == links.at(1).column)
            continue;
        if (table.isUniqueOn({ links.at(0).column, links.at(1).column }))
            m_joinTables << JoinTable { &table, links.at(0), links.at(1) };
    }
}

// ---- Models ----

void SchemaInference::defineModels()
{
    for (const CatalogTable &table : m_catalog.tables)
        defineModel(table);
}

// The singular of the table name; the table name itself when another table already has that model.
QString SchemaInference::modelName(const CatalogTable &table) const
{
    const QString singular = singularize(table.name);
    const Model *existing = m_schema.model(singular);
    if (existing && existing->name.compare(singular, Qt::CaseInsensitive) == 0)
        return table.name;
    return singular;
}

// timestamps when both createdAt and updatedAt are DATE columns; underscored with created_at/updated_at.
ModelOptions SchemaInference::modelOptions(const CatalogTable &table) const
{
    ModelOptions options;
    options.tableName = table.name;
    options.noPrimaryKey = table.primaryKey.isEmpty();
    const auto isDate = [&](const QString &column) {
        const CatalogColumn *found = table.column(column);
        DataType type = DataType::Raw;
        return found && found->name == column && mapSqlType(found->sqlType, &type, nullptr) && type == DataType::Date;
    };
    options.underscored = isDate(kCreatedAtUnderscored) && isDate(kUpdatedAtUnderscored);
    options.timestamps = options.underscored || (isDate(kCreatedAt) && isDate(kUpdatedAt));
    return options;
}

Attribute SchemaInference::attributeOf(const CatalogTable &table, const CatalogColumn &column,
                                       const ModelOptions &options) const
{
    Attribute attribute;
    attribute.name = options.underscored ? camelize(column.name) : column.name;
    attribute.field = column.name;
    attribute.sqlType = column.sqlType;
    if (!mapSqlType(column.sqlType, &attribute.type, &attribute.length))
        attribute.type = DataType::Raw;
    attribute.primaryKey = table.primaryKey.contains(column.name);
    attribute.allowNull = !column.notNull && !attribute.primaryKey;
    attribute.autoIncrement = column.autoIncrement;
    attribute.unique = !attribute.primaryKey && table.isUniqueOn({ column.name });
    readColumnDefault(column, &attribute);
    return attribute;
}

void SchemaInference::defineModel(const CatalogTable &table)
{
    const ModelOptions options = modelOptions(table);
    QVector<Attribute> attributes;
    for (const CatalogColumn &column : table.columns)
        attributes << attributeOf(table, column, options);
    const bool joinTable = std::any_of(m_joinTables.begin(), m_joinTables.end(),
                                       [&](const JoinTable &join) { return join.table == &table; });
    // Sequelize's implicit id, as it makes it: first, INTEGER, the single auto-increment key. A join
    // table's own id is kept as declared (belongsToMany drops an implicit one).
    if (attributes.isEmpty()) {
        m_notes << QStringLiteral("%1: not shown (a table without columns)").arg(table.name);
        return;
    }
    Attribute &first = attributes.first();
    if (!joinTable && first.name == QLatin1String("id") && first.field == first.name && first.primaryKey
        && table.primaryKey.size() == 1 && first.autoIncrement && first.type == DataType::Integer
        && first.defaultSql.isEmpty())
        first.autoGenerated = true;
    const QString name = modelName(table);
    auto defined = m_schema.define(name, attributes, options);
    if (!defined) {
        m_notes << QStringLiteral("%1: not shown (%2)").arg(table.name, defined.error().message);
        return;
    }
    m_modelOfTable.insert(table.name, name);
    if (options.noPrimaryKey)
        m_notes << QStringLiteral("%1: no primary key, model %2 can show its rows but not change them")
                           .arg(table.name, name);
    const bool createdAt = table.column(kCreatedAt) || table.column(kCreatedAtUnderscored);
    const bool updatedAt = table.column(kUpdatedAt) || table.column(kUpdatedAtUnderscored);
    if (!options.timestamps && (createdAt || updatedAt))
        m_notes << QStringLiteral("%1: timestamps off (it needs both createdAt and updatedAt as date-times)")
                           .arg(table.name);
}

// ---- Associations ----

QString SchemaInference::attributeName(const CatalogTable *table, const QString &column) const
{
    const Model *model = modelOf(table);
    for (const Attribute &attribute : model->attributes) {
        if (attribute.field == column)
            return attribute.name;
    }
    return column;
}

// Whether `as` is neither an attribute of the model nor the include key of one of its associations.
bool SchemaInference::nameFree(const QString &model, const QString &as) const
{
    const Model *source = m_schema.model(model);
    if (!source || source->indexOf(as) >= 0)
        return false;
    for (const Association *association : m_schema.associationsOf(model)) {
        if (association->as == as)
            return false;
    }
    return true;
}

// belongsTo: no alias when the key has Sequelize's default name (target singular + "Id"), else the
// key without its "Id" ("authorId" → "author"), else key + target ("owner" → "ownerUser").
QString SchemaInference::belongsToAlias(const Link &link) const
{
    const Model *parent = modelOf(link.parent);
    const QString key = attributeName(link.table, link.column);
    if (key == defaultKeyName(parent->singular, parent->primaryKey.value(0)))
        return {};
    const QString stem = keyStem(key);
    if (stem == parent->singular)
        return {}; // "user_id" of a table that is not underscored: the default name all the same
    if (!stem.isEmpty() && modelOf(link.table)->indexOf(stem) < 0)
        return stem;
    return key + upperFirst(parent->singular);
}

// hasMany / hasOne: no alias when the table has this one key to the parent (or it has the default
// name) and it is not a self reference; else the belongsTo name + the table's plural (hasOne: singular):
// "authorPosts", "editorPosts", "managerEmployees".
QString SchemaInference::reverseAlias(const Link &link, AssociationKind kind, const QString &belongsToName) const
{
    const Model *child = modelOf(link.table);
    const Model *parent = modelOf(link.parent);
    const int keysToParent = int(std::count_if(m_links.begin(), m_links.end(), [&](const Link &other) {
        return other.table == link.table && other.parent == link.parent;
    }));
    const bool defaultKey = attributeName(link.table, link.column)
            == defaultKeyName(parent->singular, parent->primaryKey.value(0));
    if (link.table != link.parent && (keysToParent == 1 || defaultKey))
        return {};
    return belongsToName + upperFirst(kind == AssociationKind::HasOne ? child->singular : child->plural);
}

bool SchemaInference::declare(AssociationKind kind, const QString &source, const QString &target,
                              const AssociationOptions &options, const QString &what)
{
    auto declared = m_schema.associate(kind, source, target, options);
    if (!declared) {
        m_notes << QStringLiteral("%1: %2 refused (%3)")
                           .arg(what, describeAssociation(kind, source, target, options), declared.error().message);
        return false;
    }
    return true;
}

// T.xId → P: T.belongsTo(P) and P.hasMany(T), or P.hasOne(T) when the key alone is unique.
void SchemaInference::inferToOne(const Link &link)
{
    const Model *child = modelOf(link.table);
    const Model *parent = modelOf(link.parent);
    const QString where = QStringLiteral("%1.%2 → %3").arg(link.table->name, link.column, link.parent->name);
    if (!child || !parent)
        return;
    const QString childName = child->name;
    const QString parentName = parent->name;
    AssociationOptions belongsTo;
    belongsTo.foreignKey = attributeName(link.table, link.column);
    belongsTo.as = belongsToAlias(link);
    belongsTo.onDelete = actionOr(link.foreignKey->onDelete);
    belongsTo.onUpdate = actionOr(link.foreignKey->onUpdate);
    const QString belongsToName = belongsTo.as.isEmpty() ? parent->singular : belongsTo.as;
    const AssociationKind reverseKind = link.table->isUniqueOn({ link.column }) ? AssociationKind::HasOne
                                                                                 : AssociationKind::HasMany;
    AssociationOptions reverse = belongsTo;
    reverse.as = reverseAlias(link, reverseKind, belongsToName);
    QString sentence = where + QStringLiteral(": ");
    if (link.table == link.parent)
        sentence += QStringLiteral("self reference, ");
    if (!declare(AssociationKind::BelongsTo, childName, parentName, belongsTo, where))
        return;
    sentence += describeAssociation(AssociationKind::BelongsTo, childName, parentName, belongsTo);
    if (declare(reverseKind, parentName, childName, reverse, where))
        sentence += QStringLiteral(" and ") + describeAssociation(reverseKind, parentName, childName, reverse);
    m_notes << sentence;
}

// A.belongsToMany(B) through J: no alias when the other key has the default name and no other join
// table links A and B; with several join tables: the join model's name + the plural of the other
// key's stem ("likePosts"); for a self join or a key with another name: the plural of the other key's
// stem ("friends", "followers"). A name taken already (an association, an attribute) falls back to the
// join-model form.
QString SchemaInference::belongsToManyAlias(const JoinTable &join, const Link &from, const Link &to) const
{
    const Model *source = modelOf(from.parent);
    const Model *target = modelOf(to.parent);
    const Model *through = modelOf(join.table);
    const QString otherKey = attributeName(join.table, to.column);
    const QString stem = keyStem(otherKey).isEmpty() ? otherKey : keyStem(otherKey);
    const int joinsOfPair = int(std::count_if(m_joinTables.begin(), m_joinTables.end(), [&](const JoinTable &other) {
        return (other.first.parent == from.parent && other.second.parent == to.parent)
                || (other.first.parent == to.parent && other.second.parent == from.parent);
    }));
    const QString joinForm = through->singular + upperFirst(pluralize(stem));
    if (joinsOfPair > 1)
        return joinForm;
    const bool self = from.parent == to.parent;
    const QString preferred = (self || otherKey != defaultKeyName(target->singular, target->primaryKey.value(0)))
            ? pluralize(stem)
            : QString();
    return nameFree(source->name, preferred.isEmpty() ? target->plural : preferred) ? preferred : joinForm;
}

void SchemaInference::inferBelongsToMany(const JoinTable &join)
{
    const Model *through = modelOf(join.table);
    const Model *first = modelOf(join.first.parent);
    const Model *second = modelOf(join.second.parent);
    if (!through || !first || !second)
        return;
    QString sentence = QStringLiteral("%1 (%2, %3): join table")
                               .arg(join.table->name, join.first.column, join.second.column);
    for (const auto &[from, to] : { std::pair { join.first, join.second }, std::pair { join.second, join.first } }) {
        AssociationOptions options;
        options.through = through->name;
        options.foreignKey = attributeName(join.table, from.column);
        options.otherKey = attributeName(join.table, to.column);
        options.as = belongsToManyAlias(join, from, to);
        options.onDelete = actionOr(from.foreignKey->onDelete);
        options.onUpdate = actionOr(from.foreignKey->onUpdate);
        const QString source = modelOf(from.parent)->name;
        const QString target = modelOf(to.parent)->name;
        if (declare(AssociationKind::BelongsToMany, source, target, options, join.table->name))
            sentence += (sentence.endsWith(QLatin1String("table")) ? QStringLiteral(", ") : QStringLiteral(" and "))
                    + describeAssociation(AssociationKind::BelongsToMany, source, target, options);
    }
    m_notes << sentence;
}

} // namespace

Result<InferredSchema> inferSchema(const Catalog &catalog)
{
    return SchemaInference(catalog).run();
}

} // namespace grumble

// Schema values: data types, models (defining them, their implicit attributes), looking models,
// associations and accessors up, and the built-in schemas. Declaring associations is in
// associations.cpp, the JSON format in schemajson.cpp.

#include "schema.h"
#include "schema_p.h"

#include <QSet>

#include <algorithm>

static void initGrumbleResources()
{
    Q_INIT_RESOURCE(grumble);
}

namespace grumble {

using namespace inflection;

namespace {

struct TypeName
{
    DataType type;
    const char *name;
};

const TypeName kTypeNames[] = {
    { DataType::String, "STRING" },   { DataType::Text, "TEXT" },       { DataType::Integer, "INTEGER" },
    { DataType::BigInt, "BIGINT" },   { DataType::Float, "FLOAT" },     { DataType::Double, "DOUBLE" },
    { DataType::Boolean, "BOOLEAN" }, { DataType::Date, "DATE" },       { DataType::DateOnly, "DATEONLY" },
    { DataType::Json, "JSON" },       { DataType::Raw, "RAW" },
};

} // namespace

QString dataTypeName(DataType type)
{
    for (const TypeName &typeName : kTypeNames) {
        if (typeName.type == type)
            return QString::fromLatin1(typeName.name);
    }
    return QStringLiteral("STRING");
}

QString attributeTypeName(const Attribute &attribute)
{
    if (attribute.type == DataType::Raw)
        return attribute.sqlType;
    if (attribute.type == DataType::String && attribute.length != 255)
        return QStringLiteral("STRING(%1)").arg(attribute.length);
    return dataTypeName(attribute.type);
}

bool parseDataType(const QString &text, DataType *type, int *length)
{
    for (const TypeName &typeName : kTypeNames) { // the usual spelling, without a copy
        if (text == QLatin1String(typeName.name)) {
            *type = typeName.type;
            if (length)
                *length = 255;
            return true;
        }
    }
    QString name = text.trimmed().toUpper();
    int parsedLength = 255;
    const int paren = name.indexOf(QLatin1Char('('));
    if (paren > 0) {
        if (!name.endsWith(QLatin1Char(')')))
            return false;
        bool ok = false;
        parsedLength = name.mid(paren + 1, name.size() - paren - 2).toInt(&ok);
        if (!ok || parsedLength <= 0)
            return false;
        name = name.left(paren);
    }
    if (name == QLatin1String("REAL"))
        name = QStringLiteral("FLOAT");
    for (const TypeName &typeName : kTypeNames) {
        if (name == QLatin1String(typeName.name)) {
            *type = typeName.type;
            if (length)
                *length = parsedLength;
            return true;
        }
    }
    return false;
}

QString associationKindName(AssociationKind kind)
{
    switch (kind) {
    case AssociationKind::BelongsTo: return QStringLiteral("belongsTo");
    case AssociationKind::HasOne: return QStringLiteral("hasOne");
    case AssociationKind::HasMany: return QStringLiteral("hasMany");
    case AssociationKind::BelongsToMany: return QStringLiteral("belongsToMany");
    }
    return {};
}

QString accessorRoleName(AccessorRole role)
{
    switch (role) {
    case AccessorRole::Get: return QStringLiteral("get");
    case AccessorRole::Set: return QStringLiteral("set");
    case AccessorRole::Create: return QStringLiteral("create");
    case AccessorRole::Add: return QStringLiteral("add");
    case AccessorRole::AddMultiple: return QStringLiteral("addMultiple");
    case AccessorRole::Remove: return QStringLiteral("remove");
    case AccessorRole::RemoveMultiple: return QStringLiteral("removeMultiple");
    case AccessorRole::HasSingle: return QStringLiteral("hasSingle");
    case AccessorRole::HasAll: return QStringLiteral("hasAll");
    case AccessorRole::Count: return QStringLiteral("count");
    }
    return {};
}

// ---- Model ----

int Model::indexOf(const QString &attribute) const
{
    for (int i = 0; i < attributes.size(); ++i) {
        if (attributes.at(i).name == attribute)
            return i;
    }
    return -1;
}

const Attribute *Model::attribute(const QString &name) const
{
    const int index = indexOf(name);
    return index < 0 ? nullptr : &attributes.at(index);
}

const Attribute *Model::pk() const
{
    return primaryKey.size() == 1 ? attribute(primaryKey.first()) : nullptr;
}

QString Model::displayAttribute() const
{
    if (attribute(QStringLiteral("name")))
        return QStringLiteral("name");
    for (const Attribute &candidate : attributes) {
        if ((candidate.type == DataType::String || candidate.type == DataType::Text)
            && candidate.referencesModel.isEmpty())
            return candidate.name;
    }
    if (const Attribute *key = pk())
        return key->name;
    return attributes.isEmpty() ? QString() : attributes.first().name;
}

int Model::pkIndex() const
{
    return primaryKey.size() == 1 ? indexOf(primaryKey.first()) : -1;
}

Result<void> Model::requireWritable(const QString &action) const
{
    if (!primaryKey.isEmpty())
        return {};
    return schemaError(QStringLiteral("Table '%1' has no primary key, so Grumble can show its rows but cannot "
                                      "change or delete one (%2.%3)")
                               .arg(tableName, name, action));
}

// ---- Accessors ----

namespace {

struct AccessorForm
{
    const char *prefix;
    bool plural;
    AccessorRole role;
};

// Each kind's accessors, in the order they are listed (and matched: the first name wins).
constexpr AccessorForm toOneForms[] = { { "get", false, AccessorRole::Get },
                                        { "set", false, AccessorRole::Set },
                                        { "create", false, AccessorRole::Create } };
constexpr AccessorForm toManyForms[] = { { "get", true, AccessorRole::Get },
                                         { "set", true, AccessorRole::Set },
                                         { "add", true, AccessorRole::AddMultiple },
                                         { "add", false, AccessorRole::Add },
                                         { "create", false, AccessorRole::Create },
                                         { "remove", false, AccessorRole::Remove },
                                         { "remove", true, AccessorRole::RemoveMultiple },
                                         { "has", false, AccessorRole::HasSingle },
                                         { "has", true, AccessorRole::HasAll },
                                         { "count", true, AccessorRole::Count } };

template <typename Visit>
void forEachForm(const Association &association, Visit visit)
{
    if (association.isToMany()) {
        for (const AccessorForm &form : toManyForms)
            visit(form);
    } else {
        for (const AccessorForm &form : toOneForms)
            visit(form);
    }
}

// Whether `name` is prefix + upperFirst(word), without building the string.
bool namesAccessor(QStringView name, const char *prefix, const QString &word)
{
    const QLatin1StringView prefixView(prefix);
    if (word.isEmpty() || name.size() != prefixView.size() + word.size() || !name.startsWith(prefixView))
        return false;
    const QStringView rest = name.mid(prefixView.size());
    return rest.at(0) == word.at(0).toUpper() && rest.mid(1) == QStringView(word).mid(1);
}

} // namespace

QVector<Accessor> Association::accessors() const
{
    QVector<Accessor> out;
    forEachForm(*this, [&](const AccessorForm &form) {
        out.push_back({ QLatin1String(form.prefix) + upperFirst(form.plural ? plural : singular), form.role, id });
    });
    return out;
}

// ---- Defining models ----

namespace {

// A model named `name` with its singular, plural and table name resolved; no attributes yet.
Model namedModel(const QString &name, const ModelOptions &options)
{
    Model model;
    model.name = name;
    model.options = options;
    model.singular = options.singular.isEmpty() ? singularize(name) : options.singular;
    model.plural = options.plural.isEmpty() ? pluralize(name) : options.plural;
    // Sequelize: freezeTableName ? name : Utils.underscoredIf(Utils.pluralize(name), underscored).
    // The plural is inflected once (inflection is most of what defining a model costs).
    if (!options.tableName.isEmpty()) {
        model.tableName = options.tableName;
    } else if (options.freezeTableName) {
        model.tableName = name;
    } else {
        const QString plural = options.plural.isEmpty() ? model.plural : pluralize(name);
        model.tableName = options.underscored ? underscore(plural) : plural;
    }
    return model;
}

// Whether `attributes` from `from` on has one called `name`.
bool hasAttributeFrom(const QVector<Attribute> &attributes, qsizetype from, const QString &name)
{
    return std::any_of(attributes.cbegin() + from, attributes.cend(),
                       [&](const Attribute &attribute) { return attribute.name == name; });
}

// Appends the declared attributes (column names derived, primary keys not null).
Result<void> addDeclaredAttributes(Model &model, const QVector<Attribute> &declared)
{
    const qsizetype first = model.attributes.size();
    const bool hashed = declared.size() > 16; // short lists are scanned: no set to build
    QSet<QString> names;
    for (Attribute attribute : declared) {
        if (attribute.name.trimmed().isEmpty())
            return schemaError(QStringLiteral("Model '%1' has an attribute without a name").arg(model.name));
        if (hashed ? names.contains(attribute.name) : hasAttributeFrom(model.attributes, first, attribute.name))
            return schemaError(QStringLiteral("Model '%1' defines attribute '%2' twice").arg(model.name, attribute.name));
        if (hashed)
            names.insert(attribute.name);
        if (attribute.field.isEmpty())
            attribute.field = columnName(model.options, attribute.name);
        if (attribute.primaryKey)
            attribute.allowNull = false;
        model.attributes.push_back(std::move(attribute));
    }
    return {};
}

// Sequelize's implicit `id INTEGER PRIMARY KEY AUTOINCREMENT`, appended first (before the declared
// attributes) for a model without a primary key.
void addImplicitId(Model &model)
{
    Attribute id;
    id.name = id.field = QStringLiteral("id");
    id.type = DataType::Integer;
    id.allowNull = false;
    id.primaryKey = true;
    id.autoIncrement = true;
    id.autoGenerated = true;
    model.attributes.push_back(std::move(id));
}

// createdAt and updatedAt: declared ones (in their place) are marked as the timestamps, missing
// ones are appended.
void addTimestamps(Model &model)
{
    for (const QString &name : { model.createdAtName(), model.updatedAtName() }) {
        if (const int declared = model.indexOf(name); declared >= 0) {
            Attribute &attribute = model.attributes[declared];
            if (attribute.type == DataType::Date)
                attribute.timestamp = true;
            continue;
        }
        Attribute timestamp;
        timestamp.name = name;
        timestamp.field = columnName(model.options, name);
        timestamp.type = DataType::Date;
        timestamp.allowNull = false;
        timestamp.timestamp = true;
        model.attributes.push_back(std::move(timestamp));
    }
}

bool declaresPrimaryKey(const QVector<Attribute> &attributes)
{
    return std::any_of(attributes.cbegin(), attributes.cend(),
                       [](const Attribute &attribute) { return attribute.primaryKey; });
}

// Inserts key -> position unless the key is there (one lookup).
void insertFirst(QHash<QString, int> &index, const QString &key, int position)
{
    const qsizetype before = index.size();
    int &slot = index[key];
    if (index.size() != before)
        slot = position;
}

} // namespace

Result<const Model *> Schema::define(const QString &name, const QVector<Attribute> &attributes,
                                     const ModelOptions &options)
{
    if (name.trimmed().isEmpty())
        return schemaError(QStringLiteral("A model needs a name"));
    const Model *existing = model(name);
    if (existing && existing->name.compare(name, Qt::CaseInsensitive) == 0)
        return schemaError(QStringLiteral("Model '%1' is defined twice").arg(name));
    Model defined = namedModel(name, options);
    if (const auto other = m_modelByTable.constFind(defined.tableName); other != m_modelByTable.constEnd())
        return schemaError(QStringLiteral("Models '%1' and '%2' would share the table '%3'")
                                   .arg(m_models.at(*other).name, name, defined.tableName));
    const bool declaredKey = declaresPrimaryKey(attributes);
    const bool implicitId = !declaredKey && !options.noPrimaryKey;
    // The implicit id, the declared attributes, two timestamps and room for a foreign key.
    defined.attributes.reserve(attributes.size() + (implicitId ? 1 : 0) + (options.timestamps ? 2 : 0) + 1);
    if (implicitId)
        addImplicitId(defined);
    GRUMBLE_TRY(addDeclaredAttributes(defined, attributes));
    if (options.noPrimaryKey && declaredKey)
        return schemaError(QStringLiteral("Model '%1' has noPrimaryKey but declares a primary key").arg(name));
    if (implicitId && hasAttributeFrom(attributes, 0, QStringLiteral("id")))
        return schemaError(
                QStringLiteral("Model '%1' has an 'id' attribute that is not its primary key").arg(name));
    if (options.timestamps)
        addTimestamps(defined);
    for (const Attribute &attribute : defined.attributes) {
        if (attribute.primaryKey)
            defined.primaryKey << attribute.name;
    }
    m_models.push_back(std::move(defined));
    indexModel(int(m_models.size()) - 1);
    return &m_models.back();
}

void Schema::indexModel(int position)
{
    const Model &model = m_models.at(position);
    m_modelByName.insert(model.name, position);
    insertFirst(m_modelByFoldedName, model.name.toCaseFolded(), position);
    insertFirst(m_modelByTable, model.tableName, position);
}

void Schema::indexAssociation(int position)
{
    const Association &association = m_associations.at(position);
    m_associationsBySource[association.source].push_back(position);
    insertFirst(m_associationByAlias, association.source + QLatin1Char('\n') + association.as, position);
}

void Schema::reserve(qsizetype models, qsizetype associations)
{
    for (QHash<QString, int> *index : { &m_modelByName, &m_modelByFoldedName, &m_modelByTable })
        index->reserve(models);
    m_associationsBySource.reserve(models);
    m_associationByAlias.reserve(associations);
}

// ---- Looking up ----

Model *Schema::mutableModel(const QString &name)
{
    return const_cast<Model *>(model(name));
}

const Model *Schema::model(const QString &name) const
{
    for (const QHash<QString, int> *index : { &m_modelByName, &m_modelByFoldedName, &m_modelByTable }) {
        const QString &key = index == &m_modelByFoldedName ? name.toCaseFolded() : name;
        if (const auto found = index->constFind(key); found != index->constEnd())
            return &m_models.at(*found);
    }
    return nullptr;
}

Result<const Model *> Schema::requireModel(const QString &name) const
{
    if (const Model *found = model(name))
        return found;
    QStringList names;
    for (const Model &candidate : m_models) {
        if (names.size() == 50) {
            names << QStringLiteral("and %1 more").arg(m_models.size() - 50);
            break;
        }
        names << candidate.name;
    }
    return makeError(ErrorKind::UnknownModel,
                     QStringLiteral("Unknown model '%1' (the schema has: %2)").arg(name, names.join(QStringLiteral(", "))));
}

QVector<const Association *> Schema::associationsOf(const QString &modelName) const
{
    QVector<const Association *> out;
    const Model *source = model(modelName);
    if (!source)
        return out;
    for (const int id : m_associationsBySource.value(source->name))
        out << &m_associations.at(id);
    return out;
}

const Association *Schema::findAssociation(const QString &source, const QString &name) const
{
    const auto candidates = associationsOf(source);
    for (const Association *association : candidates) {
        if (association->as == name)
            return association;
    }
    for (const Association *association : candidates) {
        if (association->singular == name || association->plural == name)
            return association;
    }
    // By target model name, only when unambiguous and not aliased.
    const Model *target = model(name);
    const Association *found = nullptr;
    if (target) {
        for (const Association *association : candidates) {
            if (association->target == target->name) {
                if (found)
                    return nullptr;
                found = association;
            }
        }
    }
    return found;
}

QVector<Accessor> Schema::accessorsOf(const QString &modelName) const
{
    QVector<Accessor> out;
    QSet<QString> names;
    for (const Association *association : associationsOf(modelName)) {
        for (const Accessor &accessor : association->accessors()) {
            if (!names.contains(accessor.name)) {
                names.insert(accessor.name);
                out << accessor;
            }
        }
    }
    return out;
}

std::optional<Accessor> Schema::findAccessor(const QString &modelName, const QString &name) const
{
    // Called for every accessor call: matched against each association's forms without building
    // the accessor list (same order, so the same association wins a clash as in accessorsOf).
    const Model *source = model(modelName);
    if (!source)
        return std::nullopt;
    for (const int id : m_associationsBySource.value(source->name)) {
        const Association &association = m_associations.at(id);
        std::optional<Accessor> found;
        forEachForm(association, [&](const AccessorForm &form) {
            if (!found && namesAccessor(name, form.prefix, form.plural ? association.plural : association.singular))
                found = Accessor { name, form.role, association.id };
        });
        if (found)
            return found;
    }
    return std::nullopt;
}

QVector<const Model *> Schema::creationOrder() const
{
    QVector<const Model *> order;
    QSet<QString> done;
    bool progress = true;
    while (order.size() < int(m_models.size()) && progress) {
        progress = false;
        for (const Model &candidate : m_models) {
            if (done.contains(candidate.name))
                continue;
            bool ready = true;
            for (const Attribute &attribute : candidate.attributes) {
                if (!attribute.referencesModel.isEmpty() && attribute.constraint
                    && attribute.referencesModel != candidate.name && !done.contains(attribute.referencesModel))
                    ready = false;
            }
            if (ready) {
                order << &candidate;
                done.insert(candidate.name);
                progress = true;
            }
        }
    }
    for (const Model &candidate : m_models) { // cycles: definition order
        if (!done.contains(candidate.name))
            order << &candidate;
    }
    return order;
}

// ---- Built-in schemas ----

Result<Schema> Schema::builtin(const QString &name)
{
    initGrumbleResources();
    return fromFile(QStringLiteral(":/grumble/schemas/%1.json").arg(name));
}

Schema Schema::pugs()
{
    if (auto loaded = builtin(QStringLiteral("pugs")))
        return std::move(loaded).value();
    // The resource is always linked; this path only runs if it was not.
    Schema schema;
    Attribute name;
    name.name = QStringLiteral("name");
    (void)schema.define(QStringLiteral("owner"), { name });
    (void)schema.define(QStringLiteral("pug"), { name });
    (void)schema.define(QStringLiteral("friend"), { name });
    (void)schema.belongsTo(QStringLiteral("pug"), QStringLiteral("owner"));
    (void)schema.hasMany(QStringLiteral("owner"), QStringLiteral("pug"));
    AssociationOptions throughFriendship;
    throughFriendship.through = QStringLiteral("friendship");
    (void)schema.belongsToMany(QStringLiteral("friend"), QStringLiteral("pug"), throughFriendship);
    (void)schema.belongsToMany(QStringLiteral("pug"), QStringLiteral("friend"), throughFriendship);
    return schema;
}

} // namespace grumble

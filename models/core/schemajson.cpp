// The JSON schema format (see resources/schemas/pugs.json): loading with messages that say where a
// mistake is, and writing a schema back.

#include "schema.h"
#include "schema_p.h"

#include "timestamps.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVarLengthArray>

#include <cmath>

namespace grumble {

namespace {

// ---- Reading values ----

//! Where a value is in the document ("models[3]", "model 'pug' attributes[2]"): spelled out only
//! when an error message needs it (a 100,000-model schema would otherwise build a string a value).
class Location
{
public:
    //! "label[index]", or "label" for a negative index.
    explicit Location(const char *label, qsizetype index = -1) : m_label(label), m_index(index) { }
    //! "label 'name'".
    Location(const char *label, const QString &name) : m_label(label), m_name(&name) { }
    //! The parent's text, a space and "label[index]" ("model 'pug' attributes[2]", "model 'pug' options").
    Location(const Location &parent, const char *label, qsizetype index = -1)
        : m_parent(&parent), m_label(label), m_index(index)
    {
    }

    QString text() const
    {
        QString out = m_parent ? m_parent->text() + QLatin1Char(' ') : QString();
        out += QLatin1String(m_label);
        if (m_name)
            out += QStringLiteral(" '%1'").arg(*m_name);
        if (m_index >= 0)
            out += QLatin1Char('[') + QString::number(m_index) + QLatin1Char(']');
        return out;
    }

private:
    const Location *m_parent = nullptr;
    const char *m_label;
    const QString *m_name = nullptr;
    qsizetype m_index = -1;
};

Result<void> checkKeys(const QJsonObject &object, const QStringList &allowed, const Location &where)
{
    // Counting the allowed keys there reads no key out (each would be a new string).
    qsizetype present = 0;
    for (const QString &key : allowed)
        present += object.contains(key) ? 1 : 0;
    if (present == object.size())
        return {};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!allowed.contains(it.key()))
            return schemaError(QStringLiteral("%1: unknown key '%2' (allowed: %3)")
                                       .arg(where.text(), it.key(), allowed.join(QStringLiteral(", "))));
    }
    return {};
}

//! The members of one object under the keys its place allows, read in one pass (looking each key
//! up in the object would search it a dozen times); a key not allowed is an error.
class Members
{
public:
    //! `allowed`: a list that outlives the Members (a static one).
    static Result<Members> read(const QJsonObject &object, const QStringList &allowed, const Location &where)
    {
        Members members(allowed);
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const qsizetype slot = allowed.indexOf(it.key());
            if (slot < 0)
                return schemaError(QStringLiteral("%1: unknown key '%2' (allowed: %3)")
                                           .arg(where.text(), it.key(), allowed.join(QStringLiteral(", "))));
            members.m_values[slot] = it.value();
        }
        return members;
    }

    //! The member `key` (one of the allowed keys); undefined when the object does not have it.
    QJsonValue value(const QString &key) const
    {
        const qsizetype slot = m_allowed->indexOf(key);
        return slot < 0 ? QJsonValue(QJsonValue::Undefined) : m_values.at(slot);
    }

private:
    explicit Members(const QStringList &allowed) : m_allowed(&allowed)
    {
        for (qsizetype i = 0; i < allowed.size(); ++i)
            m_values.append(QJsonValue(QJsonValue::Undefined));
    }

    const QStringList *m_allowed;
    QVarLengthArray<QJsonValue, 12> m_values;
};

// Reads a string member into *out; absent (or null) gives an empty string unless `required`.
Result<void> readString(const Members &object, const QString &key, const Location &where, bool required,
                        QString *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return schemaError(QStringLiteral("%1: '%2' is required").arg(where.text(), key));
        out->clear();
        return {};
    }
    if (!value.isString())
        return schemaError(QStringLiteral("%1: '%2' must be a string").arg(where.text(), key));
    *out = value.toString();
    return {};
}

// Reads a boolean member into *out; absent gives `defaultValue`.
Result<void> readBool(const Members &object, const QString &key, bool defaultValue, const Location &where,
                      bool *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined()) {
        *out = defaultValue;
        return {};
    }
    if (!value.isBool())
        return schemaError(QStringLiteral("%1: '%2' must be true or false").arg(where.text(), key));
    *out = value.toBool();
    return {};
}

// ---- Document and models ----

// The root object, checked for known keys and a "models" array.
Result<QJsonObject> parseRoot(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = json.left(parseError.offset).count('\n') + 1;
        return schemaError(QStringLiteral("Schema JSON is malformed at line %1 (offset %2): %3")
                                   .arg(line)
                                   .arg(parseError.offset)
                                   .arg(parseError.errorString()));
    }
    if (!document.isObject())
        return schemaError(QStringLiteral("A schema is a JSON object with \"models\" and \"associations\""));
    const QJsonObject root = document.object();
    static const QStringList keys = { QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("models"),
                                      QStringLiteral("associations"), QStringLiteral("seed") };
    GRUMBLE_TRY(checkKeys(root, keys, Location("schema")));
    if (!root.value(QStringLiteral("models")).isArray())
        return schemaError(QStringLiteral("schema: \"models\" must be an array of model objects"));
    return root;
}

Result<ModelOptions> parseModelOptions(const QJsonValue &value, const Location &where)
{
    ModelOptions options;
    if (value.isUndefined())
        return options;
    if (!value.isObject())
        return schemaError(where.text() + QStringLiteral(": options must be an object"));
    const QJsonObject object = value.toObject();
    static const QStringList keys = { QStringLiteral("timestamps"),  QStringLiteral("freezeTableName"),
                                      QStringLiteral("underscored"), QStringLiteral("tableName"),
                                      QStringLiteral("name"),        QStringLiteral("noPrimaryKey") };
    auto members = Members::read(object, keys, Location(where, "options"));
    if (!members)
        return members.error();
    GRUMBLE_TRY(readBool(*members, QStringLiteral("timestamps"), true, where, &options.timestamps));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("freezeTableName"), false, where, &options.freezeTableName));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("underscored"), false, where, &options.underscored));
    GRUMBLE_TRY(readString(*members, QStringLiteral("tableName"), where, false, &options.tableName));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("noPrimaryKey"), false, where, &options.noPrimaryKey));
    if (members->value(QStringLiteral("name")).isObject()) {
        const QJsonObject names = members->value(QStringLiteral("name")).toObject();
        options.singular = names.value(QStringLiteral("singular")).toString();
        options.plural = names.value(QStringLiteral("plural")).toString();
    }
    return options;
}

// Whether a JSON default fits a column type: a number (or number text) for the numeric types (whole
// for INTEGER and BIGINT), true/false (or 0/1) for BOOLEAN, text a date parses from for DATE and
// DATEONLY, a string or a number for the text types; anything for JSON, any scalar for RAW.
bool defaultFitsType(const QJsonValue &value, DataType type)
{
    if (value.isNull())
        return true;
    switch (type) {
    case DataType::String:
    case DataType::Text: return value.isString() || value.isDouble();
    case DataType::Integer:
    case DataType::BigInt: {
        bool isInteger = false;
        value.toString().toLongLong(&isInteger);
        return isInteger || (value.isDouble() && value.toDouble() == std::floor(value.toDouble()));
    }
    case DataType::Float:
    case DataType::Double: {
        bool isNumber = false;
        value.toString().toDouble(&isNumber);
        return isNumber || value.isDouble();
    }
    case DataType::Boolean: return value.isBool() || (value.isDouble() && (value.toDouble() == 0 || value.toDouble() == 1));
    case DataType::Date: return value.isString() && parseTimestamp(value.toString()).isValid();
    case DataType::DateOnly: return value.isString() && QDate::fromString(value.toString(), Qt::ISODate).isValid();
    case DataType::Json: return true;
    case DataType::Raw: return !value.isArray() && !value.isObject();
    }
    return false;
}

// "defaultValue", if there, checked against the attribute's type.
Result<void> readDefaultValue(const Members &object, const Location &modelWhere, Attribute *attribute)
{
    const QJsonValue value = object.value(QStringLiteral("defaultValue"));
    if (value.isUndefined())
        return {};
    if (!defaultFitsType(value, attribute->type)) {
        const QByteArray text = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
        const QString shown = QString::fromUtf8(text.mid(1, text.size() - 2));
        return schemaError(QStringLiteral("%1 attribute '%2': defaultValue %3 does not fit the type %4")
                                   .arg(modelWhere.text(), attribute->name, shown, attributeTypeName(*attribute)));
    }
    attribute->defaultValue = value.toVariant();
    return {};
}

// attributes[index] of the model `modelWhere` ("model 'pug'").
Result<Attribute> parseAttribute(const QJsonValue &value, const Location &modelWhere, qsizetype index)
{
    const Location where(modelWhere, "attributes", index);
    if (!value.isObject())
        return schemaError(where.text()
                           + QStringLiteral(": must be an object like {\"name\": \"name\", \"type\": \"STRING\"}"));
    const QJsonObject object = value.toObject();
    static const QStringList keys = { QStringLiteral("name"),          QStringLiteral("type"),
                                      QStringLiteral("allowNull"),     QStringLiteral("defaultValue"),
                                      QStringLiteral("unique"),        QStringLiteral("primaryKey"),
                                      QStringLiteral("autoIncrement"), QStringLiteral("field"),
                                      QStringLiteral("comment"),       QStringLiteral("sqlType"),
                                      QStringLiteral("defaultSql") };
    auto members = Members::read(object, keys, where);
    if (!members)
        return members.error();
    Attribute attribute;
    GRUMBLE_TRY(readString(*members, QStringLiteral("name"), where, true, &attribute.name));
    QString typeName;
    GRUMBLE_TRY(readString(*members, QStringLiteral("type"), where, true, &typeName));
    if (!parseDataType(typeName, &attribute.type, &attribute.length))
        return schemaError(QStringLiteral("%1 '%2': unknown type '%3' (use STRING, TEXT, INTEGER, BIGINT, "
                                          "FLOAT, DOUBLE, BOOLEAN, DATE, DATEONLY, JSON, or RAW with a sqlType)")
                                   .arg(modelWhere.text(), attribute.name, typeName));
    GRUMBLE_TRY(readString(*members, QStringLiteral("sqlType"), where, attribute.type == DataType::Raw,
                           &attribute.sqlType));
    GRUMBLE_TRY(readString(*members, QStringLiteral("defaultSql"), where, false, &attribute.defaultSql));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("allowNull"), true, where, &attribute.allowNull));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("unique"), false, where, &attribute.unique));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("primaryKey"), false, where, &attribute.primaryKey));
    GRUMBLE_TRY(readBool(*members, QStringLiteral("autoIncrement"), false, where, &attribute.autoIncrement));
    attribute.field = members->value(QStringLiteral("field")).toString();
    GRUMBLE_TRY(readDefaultValue(*members, modelWhere, &attribute));
    return attribute;
}

Result<QVector<Attribute>> parseAttributes(const QJsonValue &value, const Location &where)
{
    if (!value.isUndefined() && !value.isArray())
        return schemaError(where.text() + QStringLiteral(": attributes must be an array"));
    const QJsonArray array = value.toArray();
    QVector<Attribute> attributes;
    attributes.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto attribute = parseAttribute(array.at(i), where, i);
        if (!attribute)
            return attribute.error();
        attributes << std::move(*attribute);
    }
    return attributes;
}

// models[index]: parsed and defined in `schema`.
Result<void> defineModel(Schema &schema, const QJsonValue &value, qsizetype index)
{
    const Location indexWhere("models", index);
    if (!value.isObject())
        return schemaError(indexWhere.text() + QStringLiteral(": must be an object"));
    const QJsonObject object = value.toObject();
    static const QStringList keys = { QStringLiteral("name"), QStringLiteral("attributes"), QStringLiteral("options") };
    auto members = Members::read(object, keys, indexWhere);
    if (!members)
        return members.error();
    QString name;
    GRUMBLE_TRY(readString(*members, QStringLiteral("name"), indexWhere, true, &name));
    const Location where("model", name);
    auto options = parseModelOptions(members->value(QStringLiteral("options")), where);
    if (!options)
        return options.error();
    auto attributes = parseAttributes(members->value(QStringLiteral("attributes")), where);
    if (!attributes)
        return attributes.error();
    auto defined = schema.define(name, *attributes, *options);
    if (!defined)
        return defined.error();
    return {};
}

// ---- Associations ----

//! One entry of "associations", parsed but not yet declared.
struct AssociationDeclaration
{
    AssociationKind kind = AssociationKind::BelongsTo;
    QString source;
    QString target;
    AssociationOptions options;
};

Result<AssociationKind> parseAssociationKind(const QString &type, const Location &where)
{
    for (AssociationKind kind : { AssociationKind::BelongsTo, AssociationKind::HasOne, AssociationKind::HasMany,
                                  AssociationKind::BelongsToMany }) {
        if (type == associationKindName(kind))
            return kind;
    }
    return schemaError(QStringLiteral("%1: unknown type '%2' (belongsTo, hasOne, hasMany, belongsToMany)")
                               .arg(where.text(), type));
}

// "as": a name, or {singular, plural} (the include key is the plural for to-many kinds).
Result<void> parseAlias(const QJsonValue &value, AssociationKind kind, const Location &where,
                        AssociationOptions *options)
{
    if (value.isString()) {
        options->as = value.toString();
    } else if (value.isObject()) {
        options->asSingular = value.toObject().value(QStringLiteral("singular")).toString();
        options->asPlural = value.toObject().value(QStringLiteral("plural")).toString();
        if (options->asSingular.isEmpty() || options->asPlural.isEmpty())
            return schemaError(where.text() + QStringLiteral(": 'as' as an object needs both singular and plural"));
        const bool toMany = kind == AssociationKind::HasMany || kind == AssociationKind::BelongsToMany;
        options->as = toMany ? options->asPlural : options->asSingular;
    } else if (!value.isUndefined()) {
        return schemaError(where.text() + QStringLiteral(": 'as' must be a string or {singular, plural}"));
    }
    return {};
}

// "foreignKey": a name, or {name, allowNull}.
Result<void> parseForeignKey(const QJsonValue &value, const Location &where, AssociationOptions *options)
{
    if (value.isString()) {
        options->foreignKey = value.toString();
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        options->foreignKey = object.value(QStringLiteral("name")).toString();
        if (object.contains(QStringLiteral("allowNull")))
            options->foreignKeyAllowNull = object.value(QStringLiteral("allowNull")).toBool(true);
    } else if (!value.isUndefined()) {
        return schemaError(where.text() + QStringLiteral(": 'foreignKey' must be a string or {name, allowNull}"));
    }
    return {};
}

// "through": a model name, or {"model": name}.
Result<void> parseThrough(const QJsonValue &value, const Location &where, AssociationOptions *options)
{
    if (value.isString())
        options->through = value.toString();
    else if (value.isObject())
        options->through = value.toObject().value(QStringLiteral("model")).toString();
    else if (!value.isUndefined())
        return schemaError(where.text() + QStringLiteral(": 'through' must be a string or {\"model\": name}"));
    return {};
}

Result<AssociationDeclaration> parseAssociation(const QJsonValue &value, const Location &where)
{
    if (!value.isObject())
        return schemaError(where.text()
                           + QStringLiteral(": must be an object like "
                                            "{\"source\": \"pug\", \"type\": \"belongsTo\", \"target\": \"owner\"}"));
    const QJsonObject object = value.toObject();
    static const QStringList keys = { QStringLiteral("source"),     QStringLiteral("type"),
                                      QStringLiteral("target"),     QStringLiteral("as"),
                                      QStringLiteral("foreignKey"), QStringLiteral("sourceKey"),
                                      QStringLiteral("targetKey"),  QStringLiteral("otherKey"),
                                      QStringLiteral("through"),    QStringLiteral("onDelete"),
                                      QStringLiteral("onUpdate"),   QStringLiteral("constraints") };
    auto members = Members::read(object, keys, where);
    if (!members)
        return members.error();
    AssociationDeclaration declaration;
    QString type;
    GRUMBLE_TRY(readString(*members, QStringLiteral("source"), where, true, &declaration.source));
    GRUMBLE_TRY(readString(*members, QStringLiteral("type"), where, true, &type));
    GRUMBLE_TRY(readString(*members, QStringLiteral("target"), where, true, &declaration.target));
    auto kind = parseAssociationKind(type, where);
    if (!kind)
        return kind.error();
    declaration.kind = *kind;
    AssociationOptions &options = declaration.options;
    GRUMBLE_TRY(parseAlias(members->value(QStringLiteral("as")), *kind, where, &options));
    GRUMBLE_TRY(parseForeignKey(members->value(QStringLiteral("foreignKey")), where, &options));
    GRUMBLE_TRY(parseThrough(members->value(QStringLiteral("through")), where, &options));
    options.sourceKey = members->value(QStringLiteral("sourceKey")).toString();
    options.targetKey = members->value(QStringLiteral("targetKey")).toString();
    options.otherKey = members->value(QStringLiteral("otherKey")).toString();
    options.onDelete = members->value(QStringLiteral("onDelete")).toString();
    options.onUpdate = members->value(QStringLiteral("onUpdate")).toString();
    GRUMBLE_TRY(readBool(*members, QStringLiteral("constraints"), true, where, &options.constraints));
    return declaration;
}

// "associations" (optional): each parsed and declared; a declaration's error names its index.
Result<void> declareAssociations(Schema &schema, const QJsonValue &value)
{
    if (!value.isUndefined() && !value.isArray())
        return schemaError(QStringLiteral("schema: \"associations\" must be an array"));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const Location where("associations", i);
        auto declaration = parseAssociation(array.at(i), where);
        if (!declaration)
            return declaration.error();
        auto declared = schema.associate(declaration->kind, declaration->source, declaration->target,
                                         declaration->options);
        if (!declared) {
            Error error = declared.error();
            error.message = where.text() + QStringLiteral(": ") + error.message;
            return error;
        }
    }
    return {};
}

// ---- Writing ----

QJsonObject attributeToJson(const Model &model, const Attribute &attribute)
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), attribute.name);
    if (attribute.field != columnName(model.options, attribute.name))
        object.insert(QStringLiteral("field"), attribute.field);
    object.insert(QStringLiteral("type"), attribute.type == DataType::String && attribute.length != 255
                          ? QStringLiteral("STRING(%1)").arg(attribute.length)
                          : dataTypeName(attribute.type));
    if (attribute.type == DataType::Raw)
        object.insert(QStringLiteral("sqlType"), attribute.sqlType);
    if (!attribute.allowNull)
        object.insert(QStringLiteral("allowNull"), false);
    if (attribute.unique)
        object.insert(QStringLiteral("unique"), true);
    if (attribute.primaryKey)
        object.insert(QStringLiteral("primaryKey"), true);
    if (attribute.autoIncrement)
        object.insert(QStringLiteral("autoIncrement"), true);
    if (attribute.defaultValue.isValid())
        object.insert(QStringLiteral("defaultValue"), QJsonValue::fromVariant(attribute.defaultValue));
    if (!attribute.defaultSql.isEmpty())
        object.insert(QStringLiteral("defaultSql"), attribute.defaultSql);
    return object;
}

// The options that differ from the defaults.
QJsonObject modelOptionsToJson(const ModelOptions &options)
{
    QJsonObject object;
    if (!options.timestamps)
        object.insert(QStringLiteral("timestamps"), false);
    if (options.freezeTableName)
        object.insert(QStringLiteral("freezeTableName"), true);
    if (options.underscored)
        object.insert(QStringLiteral("underscored"), true);
    if (!options.tableName.isEmpty())
        object.insert(QStringLiteral("tableName"), options.tableName);
    if (options.noPrimaryKey)
        object.insert(QStringLiteral("noPrimaryKey"), true);
    return object;
}

// Where loading puts an attribute that is not written: 0 the implicit id, 2 timestamps, 3 foreign
// keys (in association order); 1 the declared attributes.
int loadingStage(const Attribute &attribute)
{
    if (attribute.autoGenerated)
        return 0;
    if (!attribute.referencesModel.isEmpty())
        return 3;
    return attribute.timestamp ? 2 : 1;
}

// A foreign key its association adds again exactly as it is (nullable, plain, default column name).
bool derivedForeignKey(const Model &model, const Attribute &attribute)
{
    return attribute.allowNull && !attribute.unique && !attribute.primaryKey && !attribute.defaultValue.isValid()
            && attribute.defaultSql.isEmpty() && attribute.type != DataType::Raw
            && attribute.field == columnName(model.options, attribute.name);
}

// Whether the implicit id, timestamps and foreign keys can be left out: loading adds them back in
// the same places with the same properties. Otherwise (an introspected table) every column is written,
// so the column order and each column's properties survive.
bool compactForm(const Model &model)
{
    int stage = 0;
    for (const Attribute &attribute : model.attributes) {
        const int next = loadingStage(attribute);
        if (next < stage || (next == 3 && !derivedForeignKey(model, attribute))
            || (next == 2 && attribute.field != columnName(model.options, attribute.name)))
            return false;
        stage = next;
    }
    return true;
}

// The declared attributes (the implicit id, timestamps and foreign keys come back on loading), or
// every column but the implicit id when loading would not restore them as they are (compactForm).
QJsonObject modelToJson(const Model &model)
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), model.name);
    QJsonArray attributes;
    const bool compact = compactForm(model);
    for (const Attribute &attribute : model.attributes) {
        if (!attribute.autoGenerated && (!compact || (!attribute.timestamp && attribute.referencesModel.isEmpty())))
            attributes.append(attributeToJson(model, attribute));
    }
    object.insert(QStringLiteral("attributes"), attributes);
    const QJsonObject options = modelOptionsToJson(model.options);
    if (!options.isEmpty())
        object.insert(QStringLiteral("options"), options);
    return object;
}

QJsonObject associationToJson(const Association &association, const Model &sourceModel, const Model &targetModel)
{
    QJsonObject object;
    object.insert(QStringLiteral("source"), association.source);
    object.insert(QStringLiteral("type"), associationKindName(association.kind));
    object.insert(QStringLiteral("target"), association.target);
    if (association.aliased)
        object.insert(QStringLiteral("as"), QJsonObject { { QStringLiteral("singular"), association.singular },
                                                          { QStringLiteral("plural"), association.plural } });
    object.insert(QStringLiteral("foreignKey"), association.foreignKey);
    if (!association.sourceKey.isEmpty() && association.sourceKey != sourceModel.primaryKey.value(0))
        object.insert(QStringLiteral("sourceKey"), association.sourceKey);
    if (!association.targetKey.isEmpty() && association.targetKey != targetModel.primaryKey.value(0))
        object.insert(QStringLiteral("targetKey"), association.targetKey);
    if (association.kind == AssociationKind::BelongsToMany) {
        object.insert(QStringLiteral("through"), association.through);
        object.insert(QStringLiteral("otherKey"), association.otherKey);
    }
    object.insert(QStringLiteral("onDelete"), association.onDelete);
    object.insert(QStringLiteral("onUpdate"), association.onUpdate);
    if (!association.constraints)
        object.insert(QStringLiteral("constraints"), false);
    return object;
}

} // namespace

Result<Schema> Schema::fromJson(const QByteArray &json)
{
    auto root = parseRoot(json);
    if (!root)
        return root.error();
    Schema schema;
    const QJsonArray models = root->value(QStringLiteral("models")).toArray();
    schema.reserve(models.size(), root->value(QStringLiteral("associations")).toArray().size());
    for (qsizetype i = 0; i < models.size(); ++i)
        GRUMBLE_TRY(defineModel(schema, models.at(i), i));
    GRUMBLE_TRY(declareAssociations(schema, root->value(QStringLiteral("associations"))));
    return schema;
}

Result<Schema> Schema::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return schemaError(QStringLiteral("Cannot read schema file '%1': %2").arg(path, file.errorString()));
    auto schema = fromJson(file.readAll());
    if (!schema)
        schema.error().message = path + QStringLiteral(": ") + schema.error().message;
    return schema;
}

QJsonObject Schema::toJson() const
{
    QJsonArray models;
    for (const Model &model : m_models) {
        if (!model.implicit)
            models.append(modelToJson(model));
    }
    QJsonArray associations;
    for (const Association &association : m_associations)
        associations.append(associationToJson(association, *model(association.source), *model(association.target)));
    return QJsonObject { { QStringLiteral("models"), models }, { QStringLiteral("associations"), associations } };
}

} // namespace grumble

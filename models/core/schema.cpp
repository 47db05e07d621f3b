#include "schema.h"

#include "inflection.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

static void initGrumbleResources()
{
    Q_INIT_RESOURCE(grumble);
}

namespace grumble {

using namespace inflection;

namespace {

Error schemaError(const QString &message)
{
    return makeError(ErrorKind::Schema, message);
}

struct TypeName
{
    DataType type;
    const char *name;
};

const TypeName kTypeNames[] = {
    { DataType::String, "STRING" },   { DataType::Text, "TEXT" },       { DataType::Integer, "INTEGER" },
    { DataType::BigInt, "BIGINT" },   { DataType::Float, "FLOAT" },     { DataType::Double, "DOUBLE" },
    { DataType::Boolean, "BOOLEAN" }, { DataType::Date, "DATE" },       { DataType::DateOnly, "DATEONLY" },
    { DataType::Json, "JSON" },
};

QString normalizeAction(const QString &action)
{
    return action.trimmed().toUpper().replace(QLatin1Char('_'), QLatin1Char(' '));
}

bool validAction(const QString &a)
{
    static const QStringList ok = { QStringLiteral("CASCADE"), QStringLiteral("SET NULL"),
                                    QStringLiteral("SET DEFAULT"), QStringLiteral("RESTRICT"),
                                    QStringLiteral("NO ACTION") };
    return ok.contains(a);
}

} // namespace

QString dataTypeName(DataType t)
{
    for (const TypeName &tn : kTypeNames) {
        if (tn.type == t)
            return QString::fromLatin1(tn.name);
    }
    return QStringLiteral("STRING");
}

bool parseDataType(const QString &text, DataType *type, int *length)
{
    QString name = text.trimmed().toUpper();
    int len = 255;
    const int paren = name.indexOf(QLatin1Char('('));
    if (paren > 0) {
        if (!name.endsWith(QLatin1Char(')')))
            return false;
        bool ok = false;
        len = name.mid(paren + 1, name.size() - paren - 2).toInt(&ok);
        if (!ok || len <= 0)
            return false;
        name = name.left(paren);
    }
    if (name == QLatin1String("REAL"))
        name = QStringLiteral("FLOAT");
    for (const TypeName &tn : kTypeNames) {
        if (name == QLatin1String(tn.name)) {
            *type = tn.type;
            if (length)
                *length = len;
            return true;
        }
    }
    return false;
}

QString associationKindName(AssociationKind k)
{
    switch (k) {
    case AssociationKind::BelongsTo: return QStringLiteral("belongsTo");
    case AssociationKind::HasOne: return QStringLiteral("hasOne");
    case AssociationKind::HasMany: return QStringLiteral("hasMany");
    case AssociationKind::BelongsToMany: return QStringLiteral("belongsToMany");
    }
    return {};
}

QString accessorRoleName(AccessorRole r)
{
    switch (r) {
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

int Model::indexOf(const QString &attribute) const
{
    for (int i = 0; i < attributes.size(); ++i) {
        if (attributes.at(i).name == attribute)
            return i;
    }
    return -1;
}

const Attribute *Model::attribute(const QString &n) const
{
    const int i = indexOf(n);
    return i < 0 ? nullptr : &attributes.at(i);
}

const Attribute *Model::pk() const
{
    return primaryKey.size() == 1 ? attribute(primaryKey.first()) : nullptr;
}

QString Model::displayAttribute() const
{
    if (attribute(QStringLiteral("name")))
        return QStringLiteral("name");
    for (const Attribute &a : attributes) {
        if ((a.type == DataType::String || a.type == DataType::Text) && a.referencesModel.isEmpty())
            return a.name;
    }
    if (const Attribute *key = pk())
        return key->name;
    return attributes.isEmpty() ? QString() : attributes.first().name;
}

int Model::pkIndex() const
{
    return primaryKey.size() == 1 ? indexOf(primaryKey.first()) : -1;
}

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

template <typename F>
void forEachForm(const Association &a, F f)
{
    if (a.isToMany()) {
        for (const AccessorForm &form : toManyForms)
            f(form);
    } else {
        for (const AccessorForm &form : toOneForms)
            f(form);
    }
}

// Whether `name` is prefix + upperFirst(word), without building the string.
bool namesAccessor(QStringView name, const char *prefix, const QString &word)
{
    const QLatin1StringView p(prefix);
    if (word.isEmpty() || name.size() != p.size() + word.size() || !name.startsWith(p))
        return false;
    const QStringView rest = name.mid(p.size());
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

Result<const Model *> Schema::define(const QString &name, const QVector<Attribute> &attributes,
                                     const ModelOptions &options)
{
    if (name.trimmed().isEmpty())
        return schemaError(QStringLiteral("A model needs a name"));
    if (model(name) && model(name)->name.compare(name, Qt::CaseInsensitive) == 0)
        return schemaError(QStringLiteral("Model '%1' is defined twice").arg(name));
    Model m;
    m.name = name;
    m.options = options;
    m.singular = options.singular.isEmpty() ? singularize(name) : options.singular;
    m.plural = options.plural.isEmpty() ? pluralize(name) : options.plural;
    m.tableName = !options.tableName.isEmpty() ? options.tableName
                                               : (options.freezeTableName ? name : pluralize(name));
    for (const Model &other : m_models) {
        if (other.tableName == m.tableName)
            return schemaError(QStringLiteral("Models '%1' and '%2' would share the table '%3'")
                                       .arg(other.name, name, m.tableName));
    }
    auto fieldOf = [&](const QString &attr) { return options.underscored ? underscore(attr) : attr; };
    bool hasPk = false;
    QSet<QString> seen;
    for (Attribute a : attributes) {
        if (a.name.trimmed().isEmpty())
            return schemaError(QStringLiteral("Model '%1' has an attribute without a name").arg(name));
        if (seen.contains(a.name))
            return schemaError(QStringLiteral("Model '%1' defines attribute '%2' twice").arg(name, a.name));
        seen.insert(a.name);
        if (a.field.isEmpty())
            a.field = fieldOf(a.name);
        if (a.primaryKey) {
            hasPk = true;
            a.allowNull = false;
        }
        m.attributes.push_back(a);
    }
    if (!hasPk) {
        if (seen.contains(QStringLiteral("id")))
            return schemaError(QStringLiteral("Model '%1' has an 'id' attribute that is not its primary key").arg(name));
        Attribute id;
        id.name = id.field = QStringLiteral("id");
        id.type = DataType::Integer;
        id.allowNull = false;
        id.primaryKey = true;
        id.autoIncrement = true;
        id.autoGenerated = true;
        m.attributes.prepend(id);
    }
    if (options.timestamps) {
        for (const QString &ts : { QStringLiteral("createdAt"), QStringLiteral("updatedAt") }) {
            if (seen.contains(ts))
                continue;
            Attribute a;
            a.name = ts;
            a.field = fieldOf(ts);
            a.type = DataType::Date;
            a.allowNull = false;
            a.timestamp = true;
            m.attributes.push_back(a);
        }
    }
    for (const Attribute &a : m.attributes) {
        if (a.primaryKey)
            m.primaryKey << a.name;
    }
    m_models.push_back(std::move(m));
    return &m_models.back();
}

Model *Schema::mutableModel(const QString &name)
{
    return const_cast<Model *>(model(name));
}

const Model *Schema::model(const QString &name) const
{
    for (const Model &m : m_models) {
        if (m.name == name)
            return &m;
    }
    for (const Model &m : m_models) {
        if (m.name.compare(name, Qt::CaseInsensitive) == 0)
            return &m;
    }
    for (const Model &m : m_models) {
        if (m.tableName == name)
            return &m;
    }
    return nullptr;
}

Result<const Model *> Schema::requireModel(const QString &name) const
{
    if (const Model *m = model(name))
        return m;
    QStringList names;
    for (const Model &m : m_models)
        names << m.name;
    return makeError(ErrorKind::UnknownModel,
                     QStringLiteral("Unknown model '%1' (the schema has: %2)").arg(name, names.join(QStringLiteral(", "))));
}

QVector<const Association *> Schema::associationsOf(const QString &modelName) const
{
    QVector<const Association *> out;
    const Model *m = model(modelName);
    if (!m)
        return out;
    for (const Association &a : m_associations) {
        if (a.source == m->name)
            out << &a;
    }
    return out;
}

const Association *Schema::findAssociation(const QString &source, const QString &name) const
{
    const auto list = associationsOf(source);
    for (const Association *a : list) {
        if (a->as == name)
            return a;
    }
    for (const Association *a : list) {
        if (a->singular == name || a->plural == name)
            return a;
    }
    // By target model name, only when unambiguous and not aliased.
    const Model *target = model(name);
    const Association *found = nullptr;
    if (target) {
        for (const Association *a : list) {
            if (a->target == target->name) {
                if (found)
                    return nullptr;
                found = a;
            }
        }
    }
    return found;
}

QVector<Accessor> Schema::accessorsOf(const QString &modelName) const
{
    QVector<Accessor> out;
    QSet<QString> names;
    for (const Association *a : associationsOf(modelName)) {
        for (const Accessor &acc : a->accessors()) {
            if (!names.contains(acc.name)) {
                names.insert(acc.name);
                out << acc;
            }
        }
    }
    return out;
}

std::optional<Accessor> Schema::findAccessor(const QString &modelName, const QString &name) const
{
    // Called for every accessor call: matched against each association's forms without building
    // the accessor list (same order, so the same association wins a clash as in accessorsOf).
    const Model *m = model(modelName);
    if (!m)
        return std::nullopt;
    for (const Association &a : m_associations) {
        if (a.source != m->name)
            continue;
        std::optional<Accessor> found;
        forEachForm(a, [&](const AccessorForm &form) {
            if (!found && namesAccessor(name, form.prefix, form.plural ? a.plural : a.singular))
                found = Accessor { name, form.role, a.id };
        });
        if (found)
            return found;
    }
    return std::nullopt;
}

Result<void> Schema::checkAlias(const Model &source, const QString &as) const
{
    if (source.indexOf(as) >= 0)
        return schemaError(QStringLiteral("Naming collision between attribute '%1' and association '%1' on model %2. "
                                          "To remedy this, change either foreignKey or as in your association definition")
                                   .arg(as, source.name));
    for (const Association &a : m_associations) {
        if (a.source == source.name && a.as == as)
            return schemaError(QStringLiteral("You have used the alias %1 in two separate associations on model %2. "
                                              "Aliased associations must have unique aliases.")
                                       .arg(as, source.name));
    }
    return {};
}

Result<void> Schema::addForeignKey(Model &holder, Attribute fk)
{
    const int existing = holder.indexOf(fk.name);
    if (existing < 0) {
        if (fk.field.isEmpty())
            fk.field = holder.options.underscored ? underscore(fk.name) : fk.name;
        holder.attributes.push_back(fk);
        if (fk.primaryKey)
            holder.primaryKey << fk.name;
        return {};
    }
    Attribute &a = holder.attributes[existing];
    if (!a.referencesModel.isEmpty() && a.referencesModel != fk.referencesModel)
        return schemaError(QStringLiteral("Foreign key '%1' on model %2 already references %3, not %4")
                                   .arg(fk.name, holder.name, a.referencesModel, fk.referencesModel));
    if (a.referencesModel.isEmpty()) {
        // A user-defined column becomes the foreign key: keep its type and nullability.
        a.referencesModel = fk.referencesModel;
        a.referencesKey = fk.referencesKey;
        a.onDelete = fk.onDelete;
        a.onUpdate = fk.onUpdate;
        a.constraint = fk.constraint;
        a.indexed = fk.indexed;
    }
    if (fk.primaryKey && !a.primaryKey) {
        a.primaryKey = true;
        a.allowNull = false;
        holder.primaryKey.clear();
        for (const Attribute &x : holder.attributes) {
            if (x.primaryKey)
                holder.primaryKey << x.name;
        }
    }
    return {};
}

Result<const Association *> Schema::belongsTo(const QString &s, const QString &t, const AssociationOptions &o)
{
    return associate(AssociationKind::BelongsTo, s, t, o);
}
Result<const Association *> Schema::hasOne(const QString &s, const QString &t, const AssociationOptions &o)
{
    return associate(AssociationKind::HasOne, s, t, o);
}
Result<const Association *> Schema::hasMany(const QString &s, const QString &t, const AssociationOptions &o)
{
    return associate(AssociationKind::HasMany, s, t, o);
}
Result<const Association *> Schema::belongsToMany(const QString &s, const QString &t, const AssociationOptions &o)
{
    return associate(AssociationKind::BelongsToMany, s, t, o);
}

Result<const Association *> Schema::associate(AssociationKind kind, const QString &sourceName,
                                              const QString &targetName, const AssociationOptions &o)
{
    const QString kindName = associationKindName(kind);
    auto src = requireModel(sourceName);
    if (!src)
        return src.error();
    auto tgt = requireModel(targetName);
    if (!tgt)
        return tgt.error();
    const Model &source = **src;
    const Model &target = **tgt;
    const bool self = source.name == target.name;
    for (const QString &action : { o.onDelete, o.onUpdate }) {
        if (!action.isEmpty() && !validAction(normalizeAction(action)))
            return schemaError(QStringLiteral("%1.%2(%3): '%4' is not a referential action (CASCADE, SET NULL, "
                                              "SET DEFAULT, RESTRICT, NO ACTION)")
                                       .arg(source.name, kindName, target.name, action));
    }

    Association a;
    a.id = int(m_associations.size());
    a.kind = kind;
    a.source = source.name;
    a.target = target.name;
    a.constraints = o.constraints;
    a.aliased = !o.as.isEmpty() || !o.asSingular.isEmpty();
    const bool toMany = kind == AssociationKind::HasMany || kind == AssociationKind::BelongsToMany;
    if (toMany) {
        a.plural = !o.asPlural.isEmpty() ? o.asPlural : (!o.as.isEmpty() ? o.as : target.plural);
        a.singular = !o.asSingular.isEmpty() ? o.asSingular : (!o.as.isEmpty() ? singularize(o.as) : target.singular);
        a.as = a.plural;
    } else {
        a.singular = !o.asSingular.isEmpty() ? o.asSingular : (!o.as.isEmpty() ? o.as : target.singular);
        a.plural = !o.asPlural.isEmpty() ? o.asPlural : pluralize(a.singular);
        a.as = a.singular;
    }
    if (kind == AssociationKind::BelongsToMany) {
        if (o.through.isEmpty())
            return schemaError(QStringLiteral("%1.belongsToMany(%2) requires a through option, "
                                              "pass either a string or a model")
                                       .arg(source.name, target.name));
        if (self && !a.aliased)
            return schemaError(QStringLiteral("%1.belongsToMany(%1) is a self-association: it needs an 'as' alias")
                                       .arg(source.name));
    }
    GRUMBLE_TRY(checkAlias(source, a.as));

    const QString fkAction = o.onDelete.isEmpty() ? QString() : normalizeAction(o.onDelete);
    a.onUpdate = o.onUpdate.isEmpty() ? QStringLiteral("CASCADE") : normalizeAction(o.onUpdate);

    auto keyAttribute = [&](const Model &m, const QString &explicitKey, QString *out) -> Result<void> {
        const QString key = explicitKey.isEmpty() ? (m.primaryKey.size() == 1 ? m.primaryKey.first() : QString())
                                                  : explicitKey;
        if (key.isEmpty() || !m.attribute(key))
            return schemaError(QStringLiteral("%1.%2(%3): model %4 has no attribute '%5' to reference")
                                       .arg(source.name, kindName, target.name, m.name,
                                            key.isEmpty() ? QStringLiteral("(primary key)") : key));
        *out = key;
        return {};
    };

    Attribute fk;
    fk.constraint = o.constraints;
    fk.indexed = true;
    switch (kind) {
    case AssociationKind::BelongsTo: {
        GRUMBLE_TRY(keyAttribute(target, o.targetKey, &a.targetKey));
        a.foreignKey = !o.foreignKey.isEmpty() ? o.foreignKey
                                               : camelize(a.singular + QLatin1Char('_') + target.primaryKey.value(0));
        const Attribute *key = target.attribute(a.targetKey);
        fk.name = a.foreignKey;
        fk.type = key->type == DataType::Integer && key->autoIncrement ? DataType::Integer : key->type;
        fk.length = key->length;
        fk.allowNull = o.foreignKeyAllowNull.value_or(true);
        fk.referencesModel = target.name;
        fk.referencesKey = a.targetKey;
        a.onDelete = !fkAction.isEmpty() ? fkAction
                                         : (fk.allowNull ? QStringLiteral("SET NULL") : QStringLiteral("NO ACTION"));
        fk.onDelete = a.onDelete;
        fk.onUpdate = a.onUpdate;
        if (source.attribute(a.foreignKey) && source.attribute(a.foreignKey)->primaryKey && fk.allowNull)
            fk.allowNull = false;
        GRUMBLE_TRY(addForeignKey(*mutableModel(source.name), fk));
        break;
    }
    case AssociationKind::HasOne:
    case AssociationKind::HasMany: {
        GRUMBLE_TRY(keyAttribute(source, o.sourceKey, &a.sourceKey));
        if (!o.foreignKey.isEmpty())
            a.foreignKey = o.foreignKey;
        else if (kind == AssociationKind::HasOne)
            a.foreignKey = camelize(singularize(!o.as.isEmpty() ? o.as : source.name) + QLatin1Char('_')
                                    + source.primaryKey.value(0));
        else
            a.foreignKey = camelize(source.singular + QLatin1Char('_') + a.sourceKey);
        if (target.attribute(a.foreignKey) && target.attribute(a.foreignKey)->referencesModel.isEmpty()
            && a.foreignKey == target.primaryKey.value(0))
            return schemaError(QStringLiteral("%1.%2(%3): the foreign key '%4' is the primary key of %3")
                                       .arg(source.name, kindName, target.name, a.foreignKey));
        const Attribute *key = source.attribute(a.sourceKey);
        fk.name = a.foreignKey;
        fk.type = key->type;
        fk.length = key->length;
        fk.allowNull = o.foreignKeyAllowNull.value_or(true);
        fk.referencesModel = source.name;
        fk.referencesKey = a.sourceKey;
        a.onDelete = !fkAction.isEmpty() ? fkAction
                                         : (fk.allowNull ? QStringLiteral("SET NULL") : QStringLiteral("CASCADE"));
        fk.onDelete = a.onDelete;
        fk.onUpdate = a.onUpdate;
        GRUMBLE_TRY(addForeignKey(*mutableModel(target.name), fk));
        break;
    }
    case AssociationKind::BelongsToMany: {
        GRUMBLE_TRY(keyAttribute(source, o.sourceKey, &a.sourceKey));
        GRUMBLE_TRY(keyAttribute(target, o.targetKey, &a.targetKey));
        a.foreignKey = !o.foreignKey.isEmpty() ? o.foreignKey
                                               : camelize(source.singular + QLatin1Char('_') + a.sourceKey);
        a.otherKey = !o.otherKey.isEmpty()
                ? o.otherKey
                : camelize((self ? singularize(a.as) : target.singular) + QLatin1Char('_') + a.targetKey);
        if (a.foreignKey == a.otherKey)
            return schemaError(QStringLiteral("%1.belongsToMany(%2): foreignKey and otherKey are both '%3'; "
                                              "give one of them another name")
                                       .arg(source.name, target.name, a.foreignKey));
        a.onDelete = !fkAction.isEmpty() ? fkAction : QStringLiteral("CASCADE");
        Model *through = mutableModel(o.through);
        if (through && (through->name == source.name || through->name == target.name))
            return schemaError(QStringLiteral("%1.belongsToMany(%2): the through model cannot be %3 itself")
                                       .arg(source.name, target.name, through->name));
        if (!through) {
            ModelOptions to;
            to.tableName = o.through;
            to.freezeTableName = true;
            to.underscored = source.options.underscored;
            auto created = define(o.through, {}, to);
            if (!created)
                return created.error();
            through = mutableModel(o.through);
            // The implicit model has no id: its key is the pair of foreign keys.
            through->attributes.removeIf([](const Attribute &x) { return x.autoGenerated; });
            through->primaryKey.clear();
            through->implicit = true;
        } else if (!through->isJoinModel) {
            const bool hadAutoId = through->attributes.size() && through->attributes.first().autoGenerated;
            if (hadAutoId) {
                through->attributes.removeFirst();
                through->primaryKey.clear();
            }
        }
        through->isJoinModel = true;
        a.through = through->name;
        auto joinKey = [&](const QString &name, const Model &ref, const QString &refKey) {
            Attribute k;
            const Attribute *key = ref.attribute(refKey);
            k.name = name;
            k.type = key->type;
            k.length = key->length;
            k.allowNull = false;
            k.primaryKey = true;
            k.referencesModel = ref.name;
            k.referencesKey = refKey;
            k.onDelete = a.onDelete;
            k.onUpdate = a.onUpdate;
            k.constraint = o.constraints;
            k.indexed = true;
            return k;
        };
        GRUMBLE_TRY(addForeignKey(*through, joinKey(a.foreignKey, source, a.sourceKey)));
        GRUMBLE_TRY(addForeignKey(*through, joinKey(a.otherKey, target, a.targetKey)));
        break;
    }
    }
    m_associations.push_back(a);
    return &m_associations.back();
}

QVector<const Model *> Schema::creationOrder() const
{
    QVector<const Model *> order;
    QSet<QString> done;
    bool progress = true;
    while (order.size() < int(m_models.size()) && progress) {
        progress = false;
        for (const Model &m : m_models) {
            if (done.contains(m.name))
                continue;
            bool ready = true;
            for (const Attribute &a : m.attributes) {
                if (!a.referencesModel.isEmpty() && a.constraint && a.referencesModel != m.name
                    && !done.contains(a.referencesModel))
                    ready = false;
            }
            if (ready) {
                order << &m;
                done.insert(m.name);
                progress = true;
            }
        }
    }
    for (const Model &m : m_models) { // cycles: definition order
        if (!done.contains(m.name))
            order << &m;
    }
    return order;
}

Result<Schema> Schema::builtin(const QString &name)
{
    initGrumbleResources();
    return fromFile(QStringLiteral(":/grumble/schemas/%1.json").arg(name));
}

Schema Schema::pugs()
{
    if (auto s = builtin(QStringLiteral("pugs")))
        return std::move(s).value();
    // The resource is always linked; this path only runs if it was not.
    Schema s;
    Attribute name;
    name.name = QStringLiteral("name");
    (void)s.define(QStringLiteral("owner"), { name });
    (void)s.define(QStringLiteral("pug"), { name });
    (void)s.define(QStringLiteral("friend"), { name });
    (void)s.belongsTo(QStringLiteral("pug"), QStringLiteral("owner"));
    (void)s.hasMany(QStringLiteral("owner"), QStringLiteral("pug"));
    AssociationOptions t;
    t.through = QStringLiteral("friendship");
    (void)s.belongsToMany(QStringLiteral("friend"), QStringLiteral("pug"), t);
    (void)s.belongsToMany(QStringLiteral("pug"), QStringLiteral("friend"), t);
    return s;
}

// ---- JSON ----

namespace {

Result<void> checkKeys(const QJsonObject &o, const QStringList &allowed, const QString &where)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key()))
            return schemaError(QStringLiteral("%1: unknown key '%2' (allowed: %3)")
                                       .arg(where, it.key(), allowed.join(QStringLiteral(", "))));
    }
    return {};
}

Result<QString> stringOf(const QJsonObject &o, const QString &key, const QString &where, bool required)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return schemaError(QStringLiteral("%1: '%2' is required").arg(where, key));
        return QString();
    }
    if (!v.isString())
        return schemaError(QStringLiteral("%1: '%2' must be a string").arg(where, key));
    return v.toString();
}

Result<bool> boolOf(const QJsonObject &o, const QString &key, bool def, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return def;
    if (!v.isBool())
        return schemaError(QStringLiteral("%1: '%2' must be true or false").arg(where, key));
    return v.toBool();
}

} // namespace

Result<Schema> Schema::fromJson(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        const int line = json.left(pe.offset).count('\n') + 1;
        return schemaError(QStringLiteral("Schema JSON is malformed at line %1 (offset %2): %3")
                                   .arg(line).arg(pe.offset).arg(pe.errorString()));
    }
    if (!doc.isObject())
        return schemaError(QStringLiteral("A schema is a JSON object with \"models\" and \"associations\""));
    const QJsonObject root = doc.object();
    GRUMBLE_TRY(checkKeys(root, { QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("models"),
                                  QStringLiteral("associations"), QStringLiteral("seed") },
                          QStringLiteral("schema")));
    if (!root.value(QStringLiteral("models")).isArray())
        return schemaError(QStringLiteral("schema: \"models\" must be an array of model objects"));
    Schema schema;
    const QJsonArray models = root.value(QStringLiteral("models")).toArray();
    for (int mi = 0; mi < models.size(); ++mi) {
        QString where = QStringLiteral("models[%1]").arg(mi);
        if (!models.at(mi).isObject())
            return schemaError(where + QStringLiteral(": must be an object"));
        const QJsonObject mo = models.at(mi).toObject();
        GRUMBLE_TRY(checkKeys(mo, { QStringLiteral("name"), QStringLiteral("attributes"), QStringLiteral("options") }, where));
        auto name = stringOf(mo, QStringLiteral("name"), where, true);
        if (!name)
            return name.error();
        where = QStringLiteral("model '%1'").arg(*name);
        ModelOptions opts;
        const QJsonValue ov = mo.value(QStringLiteral("options"));
        if (!ov.isUndefined()) {
            if (!ov.isObject())
                return schemaError(where + QStringLiteral(": options must be an object"));
            const QJsonObject oo = ov.toObject();
            GRUMBLE_TRY(checkKeys(oo, { QStringLiteral("timestamps"), QStringLiteral("freezeTableName"),
                                        QStringLiteral("underscored"), QStringLiteral("tableName"),
                                        QStringLiteral("name") },
                                  where + QStringLiteral(" options")));
            auto ts = boolOf(oo, QStringLiteral("timestamps"), true, where);
            auto fr = boolOf(oo, QStringLiteral("freezeTableName"), false, where);
            auto us = boolOf(oo, QStringLiteral("underscored"), false, where);
            auto tn = stringOf(oo, QStringLiteral("tableName"), where, false);
            for (const Error *e : { ts ? nullptr : &ts.error(), fr ? nullptr : &fr.error(),
                                    us ? nullptr : &us.error(), tn ? nullptr : &tn.error() }) {
                if (e)
                    return *e;
            }
            opts.timestamps = *ts;
            opts.freezeTableName = *fr;
            opts.underscored = *us;
            opts.tableName = *tn;
            if (oo.value(QStringLiteral("name")).isObject()) {
                const QJsonObject n = oo.value(QStringLiteral("name")).toObject();
                opts.singular = n.value(QStringLiteral("singular")).toString();
                opts.plural = n.value(QStringLiteral("plural")).toString();
            }
        }
        QVector<Attribute> attrs;
        const QJsonValue av = mo.value(QStringLiteral("attributes"));
        if (!av.isUndefined() && !av.isArray())
            return schemaError(where + QStringLiteral(": attributes must be an array"));
        const QJsonArray aa = av.toArray();
        for (int ai = 0; ai < aa.size(); ++ai) {
            const QString aw = where + QStringLiteral(" attributes[%1]").arg(ai);
            if (!aa.at(ai).isObject())
                return schemaError(aw + QStringLiteral(": must be an object like {\"name\": \"name\", \"type\": \"STRING\"}"));
            const QJsonObject ao = aa.at(ai).toObject();
            GRUMBLE_TRY(checkKeys(ao, { QStringLiteral("name"), QStringLiteral("type"), QStringLiteral("allowNull"),
                                        QStringLiteral("defaultValue"), QStringLiteral("unique"),
                                        QStringLiteral("primaryKey"), QStringLiteral("autoIncrement"),
                                        QStringLiteral("field"), QStringLiteral("comment") },
                                  aw));
            Attribute a;
            auto an = stringOf(ao, QStringLiteral("name"), aw, true);
            if (!an)
                return an.error();
            a.name = *an;
            auto tn = stringOf(ao, QStringLiteral("type"), aw, true);
            if (!tn)
                return tn.error();
            if (!parseDataType(*tn, &a.type, &a.length))
                return schemaError(QStringLiteral("%1 '%2': unknown type '%3' (use STRING, TEXT, INTEGER, BIGINT, "
                                                  "FLOAT, DOUBLE, BOOLEAN, DATE, DATEONLY or JSON)")
                                           .arg(where, a.name, *tn));
            auto nul = boolOf(ao, QStringLiteral("allowNull"), true, aw);
            auto uni = boolOf(ao, QStringLiteral("unique"), false, aw);
            auto pk = boolOf(ao, QStringLiteral("primaryKey"), false, aw);
            auto ai2 = boolOf(ao, QStringLiteral("autoIncrement"), false, aw);
            for (const Error *e : { nul ? nullptr : &nul.error(), uni ? nullptr : &uni.error(),
                                    pk ? nullptr : &pk.error(), ai2 ? nullptr : &ai2.error() }) {
                if (e)
                    return *e;
            }
            a.allowNull = *nul;
            a.unique = *uni;
            a.primaryKey = *pk;
            a.autoIncrement = *ai2;
            a.field = ao.value(QStringLiteral("field")).toString();
            if (ao.contains(QStringLiteral("defaultValue")))
                a.defaultValue = ao.value(QStringLiteral("defaultValue")).toVariant();
            attrs << a;
        }
        auto r = schema.define(*name, attrs, opts);
        if (!r)
            return r.error();
    }
    const QJsonValue asv = root.value(QStringLiteral("associations"));
    if (!asv.isUndefined() && !asv.isArray())
        return schemaError(QStringLiteral("schema: \"associations\" must be an array"));
    const QJsonArray assocs = asv.toArray();
    for (int i = 0; i < assocs.size(); ++i) {
        const QString where = QStringLiteral("associations[%1]").arg(i);
        if (!assocs.at(i).isObject())
            return schemaError(where + QStringLiteral(": must be an object like "
                                                      "{\"source\": \"pug\", \"type\": \"belongsTo\", \"target\": \"owner\"}"));
        const QJsonObject o = assocs.at(i).toObject();
        GRUMBLE_TRY(checkKeys(o, { QStringLiteral("source"), QStringLiteral("type"), QStringLiteral("target"),
                                   QStringLiteral("as"), QStringLiteral("foreignKey"), QStringLiteral("sourceKey"),
                                   QStringLiteral("targetKey"), QStringLiteral("otherKey"), QStringLiteral("through"),
                                   QStringLiteral("onDelete"), QStringLiteral("onUpdate"),
                                   QStringLiteral("constraints") },
                              where));
        auto source = stringOf(o, QStringLiteral("source"), where, true);
        auto type = stringOf(o, QStringLiteral("type"), where, true);
        auto target = stringOf(o, QStringLiteral("target"), where, true);
        for (const Error *e : { source ? nullptr : &source.error(), type ? nullptr : &type.error(),
                                target ? nullptr : &target.error() }) {
            if (e)
                return *e;
        }
        AssociationKind kind;
        if (*type == QLatin1String("belongsTo"))
            kind = AssociationKind::BelongsTo;
        else if (*type == QLatin1String("hasOne"))
            kind = AssociationKind::HasOne;
        else if (*type == QLatin1String("hasMany"))
            kind = AssociationKind::HasMany;
        else if (*type == QLatin1String("belongsToMany"))
            kind = AssociationKind::BelongsToMany;
        else
            return schemaError(QStringLiteral("%1: unknown type '%2' (belongsTo, hasOne, hasMany, belongsToMany)")
                                       .arg(where, *type));
        AssociationOptions ao;
        const QJsonValue as = o.value(QStringLiteral("as"));
        if (as.isString()) {
            ao.as = as.toString();
        } else if (as.isObject()) {
            ao.asSingular = as.toObject().value(QStringLiteral("singular")).toString();
            ao.asPlural = as.toObject().value(QStringLiteral("plural")).toString();
            if (ao.asSingular.isEmpty() || ao.asPlural.isEmpty())
                return schemaError(where + QStringLiteral(": 'as' as an object needs both singular and plural"));
            ao.as = kind == AssociationKind::HasMany || kind == AssociationKind::BelongsToMany ? ao.asPlural
                                                                                                : ao.asSingular;
        } else if (!as.isUndefined()) {
            return schemaError(where + QStringLiteral(": 'as' must be a string or {singular, plural}"));
        }
        const QJsonValue fkv = o.value(QStringLiteral("foreignKey"));
        if (fkv.isString()) {
            ao.foreignKey = fkv.toString();
        } else if (fkv.isObject()) {
            ao.foreignKey = fkv.toObject().value(QStringLiteral("name")).toString();
            if (fkv.toObject().contains(QStringLiteral("allowNull")))
                ao.foreignKeyAllowNull = fkv.toObject().value(QStringLiteral("allowNull")).toBool(true);
        } else if (!fkv.isUndefined()) {
            return schemaError(where + QStringLiteral(": 'foreignKey' must be a string or {name, allowNull}"));
        }
        const QJsonValue tv = o.value(QStringLiteral("through"));
        if (tv.isString())
            ao.through = tv.toString();
        else if (tv.isObject())
            ao.through = tv.toObject().value(QStringLiteral("model")).toString();
        else if (!tv.isUndefined())
            return schemaError(where + QStringLiteral(": 'through' must be a string or {\"model\": name}"));
        ao.sourceKey = o.value(QStringLiteral("sourceKey")).toString();
        ao.targetKey = o.value(QStringLiteral("targetKey")).toString();
        ao.otherKey = o.value(QStringLiteral("otherKey")).toString();
        ao.onDelete = o.value(QStringLiteral("onDelete")).toString();
        ao.onUpdate = o.value(QStringLiteral("onUpdate")).toString();
        auto c = boolOf(o, QStringLiteral("constraints"), true, where);
        if (!c)
            return c.error();
        ao.constraints = *c;
        auto r = schema.associate(kind, *source, *target, ao);
        if (!r) {
            Error e = r.error();
            e.message = where + QStringLiteral(": ") + e.message;
            return e;
        }
    }
    return schema;
}

Result<Schema> Schema::fromFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return schemaError(QStringLiteral("Cannot read schema file '%1': %2").arg(path, f.errorString()));
    auto r = fromJson(f.readAll());
    if (!r)
        r.error().message = path + QStringLiteral(": ") + r.error().message;
    return r;
}

QJsonObject Schema::toJson() const
{
    QJsonArray models;
    for (const Model &m : m_models) {
        if (m.implicit)
            continue;
        QJsonObject mo;
        mo.insert(QStringLiteral("name"), m.name);
        QJsonArray attrs;
        for (const Attribute &a : m.attributes) {
            if (a.autoGenerated || a.timestamp || !a.referencesModel.isEmpty())
                continue;
            QJsonObject ao;
            ao.insert(QStringLiteral("name"), a.name);
            ao.insert(QStringLiteral("type"), a.type == DataType::String && a.length != 255
                              ? QStringLiteral("STRING(%1)").arg(a.length) : dataTypeName(a.type));
            if (!a.allowNull)
                ao.insert(QStringLiteral("allowNull"), false);
            if (a.unique)
                ao.insert(QStringLiteral("unique"), true);
            if (a.primaryKey)
                ao.insert(QStringLiteral("primaryKey"), true);
            if (a.autoIncrement)
                ao.insert(QStringLiteral("autoIncrement"), true);
            if (a.defaultValue.isValid())
                ao.insert(QStringLiteral("defaultValue"), QJsonValue::fromVariant(a.defaultValue));
            attrs.append(ao);
        }
        mo.insert(QStringLiteral("attributes"), attrs);
        QJsonObject oo;
        if (!m.options.timestamps)
            oo.insert(QStringLiteral("timestamps"), false);
        if (m.options.freezeTableName)
            oo.insert(QStringLiteral("freezeTableName"), true);
        if (m.options.underscored)
            oo.insert(QStringLiteral("underscored"), true);
        if (!m.options.tableName.isEmpty())
            oo.insert(QStringLiteral("tableName"), m.options.tableName);
        if (!oo.isEmpty())
            mo.insert(QStringLiteral("options"), oo);
        models.append(mo);
    }
    QJsonArray assocs;
    for (const Association &a : m_associations) {
        QJsonObject o;
        o.insert(QStringLiteral("source"), a.source);
        o.insert(QStringLiteral("type"), associationKindName(a.kind));
        o.insert(QStringLiteral("target"), a.target);
        if (a.aliased)
            o.insert(QStringLiteral("as"), QJsonObject { { QStringLiteral("singular"), a.singular },
                                                         { QStringLiteral("plural"), a.plural } });
        o.insert(QStringLiteral("foreignKey"), a.foreignKey);
        if (a.kind == AssociationKind::BelongsToMany) {
            o.insert(QStringLiteral("through"), a.through);
            o.insert(QStringLiteral("otherKey"), a.otherKey);
        }
        o.insert(QStringLiteral("onDelete"), a.onDelete);
        o.insert(QStringLiteral("onUpdate"), a.onUpdate);
        if (!a.constraints)
            o.insert(QStringLiteral("constraints"), false);
        assocs.append(o);
    }
    return QJsonObject { { QStringLiteral("models"), models }, { QStringLiteral("associations"), assocs } };
}

} // namespace grumble

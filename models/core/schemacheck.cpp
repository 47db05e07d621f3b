// Drift between a declared schema and a database's catalog: one SchemaChecker pass per concern
// (tables, columns, foreign keys, hasOne keys, join tables), then one ordering.

#include "schemacheck.h"

#include "inference.h"

#include <QSet>

#include <algorithm>

namespace grumble {

namespace {

struct KindText
{
    SchemaDifferenceKind kind;
    const char *id;
    const char *name;
};

const KindText kKinds[] = {
    { SchemaDifferenceKind::MissingTable, "missingTable", "missing table" },
    { SchemaDifferenceKind::ExtraTable, "extraTable", "extra table" },
    { SchemaDifferenceKind::MissingColumn, "missingColumn", "missing column" },
    { SchemaDifferenceKind::ExtraColumn, "extraColumn", "extra column" },
    { SchemaDifferenceKind::TypeMismatch, "typeMismatch", "type mismatch" },
    { SchemaDifferenceKind::NullabilityMismatch, "nullabilityMismatch", "NULL-ability mismatch" },
    { SchemaDifferenceKind::AssociationWithoutForeignKey, "associationWithoutForeignKey",
      "association without a foreign key constraint" },
    { SchemaDifferenceKind::ForeignKeyWithoutAssociation, "foreignKeyWithoutAssociation",
      "foreign key without an association" },
    { SchemaDifferenceKind::HasOneKeyNotUnique, "hasOneKeyNotUnique", "hasOne whose key is not unique" },
    { SchemaDifferenceKind::JoinTableWithoutCompositeKey, "joinTableWithoutCompositeKey",
      "join table without its composite key" },
    { SchemaDifferenceKind::OnDeleteMismatch, "onDeleteMismatch", "differing ON DELETE" },
    { SchemaDifferenceKind::OnUpdateMismatch, "onUpdateMismatch", "differing ON UPDATE" },
};

const KindText &kindText(SchemaDifferenceKind kind)
{
    for (const KindText &k : kKinds) {
        if (k.kind == kind)
            return k;
    }
    return kKinds[0];
}

//! "a pug", "an owner", "a user".
QString withArticle(const QString &name)
{
    const bool vowel = !name.isEmpty() && QStringLiteral("aeioAEIO").contains(name.at(0)); // "a user"
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + name;
}

bool sameName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

//! "STRING(64)", "INTEGER": the schema's type of an attribute.
QString typeText(const Attribute &a)
{
    if (a.type == DataType::String)
        return QStringLiteral("STRING(%1)").arg(a.length);
    if (a.type == DataType::Raw)
        return a.sqlType; // a database type none of the schema's types is, kept verbatim
    return dataTypeName(a.type);
}

//! An empty action is the database default, NO ACTION; RESTRICT is taken as NO ACTION (see header).
QString normalizedAction(const QString &action)
{
    const QString a = action.trimmed().toUpper().replace(QLatin1Char('_'), QLatin1Char(' '));
    if (a.isEmpty() || a == QLatin1String("RESTRICT"))
        return QStringLiteral("NO ACTION");
    return a;
}

//! What an action does to the referencing rows, for the meaning of a difference.
QString actionEffect(const QString &action, bool onDelete, const QString &rows, const QString &column)
{
    const QString a = normalizedAction(action);
    if (a == QLatin1String("CASCADE"))
        return onDelete ? QStringLiteral("%1 are deleted too").arg(rows)
                        : QStringLiteral("%1 follow the new key").arg(rows);
    if (a == QLatin1String("SET NULL"))
        return QStringLiteral("%1 of %2 becomes NULL").arg(column, rows);
    if (a == QLatin1String("SET DEFAULT"))
        return QStringLiteral("%1 of %2 is set to its default").arg(column, rows);
    return QStringLiteral("it is refused while %1 point at it").arg(rows);
}

//! Whether two schema types are one Sequelize type spelled differently by a database.
bool sameTypeFamily(DataType declared, DataType read, bool sqlite)
{
    if (declared == read)
        return true;
    const auto isFloat = [](DataType t) { return t == DataType::Float || t == DataType::Double; };
    const auto isInteger = [](DataType t) { return t == DataType::Integer || t == DataType::BigInt; };
    if (isFloat(declared) && isFloat(read))
        return true; // FLOAT is REAL or DOUBLE PRECISION depending on the database
    return sqlite && isInteger(declared) && isInteger(read);
}

//! Checks one schema against one catalog; the differences accumulate in `out`.
class SchemaChecker
{
public:
    SchemaChecker(const Schema &schema, const Catalog &catalog) : m_schema(schema), m_catalog(catalog) { }

    QVector<SchemaDifference> run();

private:
    void add(SchemaDifferenceKind kind, const QString &table, const QString &column, const QString &expected,
             const QString &actual, const QString &detail, const QString &meaning);
    void checkTables();
    void checkColumns(const Model &model, const CatalogTable &table);
    void checkColumn(const Model &model, const Attribute &attribute, const CatalogColumn &column,
                     const CatalogTable &table);
    void checkType(const Model &model, const Attribute &attribute, const CatalogColumn &column,
                   const CatalogTable &table);
    void checkStringLength(const Attribute &attribute, int length, const CatalogColumn &column,
                           const CatalogTable &table);
    void checkNullability(const Model &model, const Attribute &attribute, const CatalogColumn &column,
                          const CatalogTable &table);
    void checkForeignKeys(const Model &model, const CatalogTable &table);
    void checkForeignKey(const Model &model, const Attribute &attribute, const CatalogTable &table);
    void checkActions(const Model &model, const Attribute &attribute, const CatalogForeignKey &key,
                      const CatalogTable &table);
    void checkUnusedForeignKeys(const Model &model, const CatalogTable &table);
    void checkAssociationKeys();
    void checkHasOne(const Association &association);
    void checkJoinTable(const Association &association);

    QString referenceText(const Attribute &attribute) const;
    QString associationText(const Model &model, const Attribute &attribute) const;
    const Model *modelOfTable(const QString &tableName) const;

    const Schema &m_schema;
    const Catalog &m_catalog;
    QVector<SchemaDifference> m_out;
    QSet<QString> m_reported; //!< hasOne keys and join tables reported once
};

void SchemaChecker::add(SchemaDifferenceKind kind, const QString &table, const QString &column,
                        const QString &expected, const QString &actual, const QString &detail,
                        const QString &meaning)
{
    SchemaDifference d;
    d.kind = kind;
    d.table = table;
    d.column = column;
    d.expected = expected;
    d.actual = actual;
    d.message = schemaDifferenceKindName(kind) + QStringLiteral(" (") + detail + QLatin1Char(')');
    d.meaning = meaning;
    m_out << d;
}

const Model *SchemaChecker::modelOfTable(const QString &tableName) const
{
    for (const Model &m : m_schema.models()) {
        if (m.tableName == tableName)
            return &m;
    }
    for (const Model &m : m_schema.models()) {
        if (sameName(m.tableName, tableName))
            return &m;
    }
    return nullptr;
}

//! "REFERENCES owners(id)" for a foreign key attribute; empty otherwise.
QString SchemaChecker::referenceText(const Attribute &attribute) const
{
    const Model *referenced = m_schema.model(attribute.referencesModel);
    if (attribute.referencesModel.isEmpty() || !referenced)
        return QString();
    const Attribute *key = referenced->attribute(attribute.referencesKey);
    return QStringLiteral("REFERENCES %1(%2)").arg(referenced->tableName, key ? key->field : attribute.referencesKey);
}

//! "pug.belongsTo(owner)" / "person.hasOne(passport, as passport)": the associations over a key.
QString SchemaChecker::associationText(const Model &model, const Attribute &attribute) const
{
    QStringList out;
    for (const Association &a : m_schema.associations()) {
        const bool onSource = a.kind == AssociationKind::BelongsTo && a.source == model.name;
        const bool onTarget = (a.kind == AssociationKind::HasOne || a.kind == AssociationKind::HasMany)
                && a.target == model.name;
        const bool onThrough = a.kind == AssociationKind::BelongsToMany && a.through == model.name;
        const bool key = a.foreignKey == attribute.name || (onThrough && a.otherKey == attribute.name);
        if ((onSource || onTarget || onThrough) && key)
            out << QStringLiteral("%1.%2(%3%4)")
                            .arg(a.source, associationKindName(a.kind), a.target,
                                 a.aliased ? QStringLiteral(", as ") + a.as : QString());
    }
    return out.isEmpty() ? QStringLiteral("%1.%2").arg(model.name, attribute.name) : out.join(QStringLiteral(", "));
}

void SchemaChecker::checkTables()
{
    for (const Model &model : m_schema.models()) {
        const CatalogTable *table = m_catalog.table(model.tableName);
        if (!table) {
            add(SchemaDifferenceKind::MissingTable, model.tableName, QString(), QStringLiteral("model ") + model.name,
                QString(), QStringLiteral("schema: model %1").arg(model.name),
                QStringLiteral("Every query on %1 fails: the database has no table %2 (Sync… or --sync creates it)")
                        .arg(model.name, model.tableName));
            continue;
        }
        checkColumns(model, *table);
        checkForeignKeys(model, *table);
        checkUnusedForeignKeys(model, *table);
    }
    for (const CatalogTable &table : m_catalog.tables) {
        if (modelOfTable(table.name) || table.name.startsWith(QLatin1String("sqlite_")))
            continue;
        const QString actual = QStringLiteral("%1 columns").arg(table.columns.size());
        add(SchemaDifferenceKind::ExtraTable, table.name, QString(), QString(), actual,
            QStringLiteral("database: %1, no model").arg(actual),
            QStringLiteral("No model of the schema uses this table: Grumble neither shows nor changes it"));
    }
}

void SchemaChecker::checkColumns(const Model &model, const CatalogTable &table)
{
    for (const Attribute &attribute : model.attributes) {
        const CatalogColumn *column = table.column(attribute.field);
        if (column) {
            checkColumn(model, attribute, *column, table);
            continue;
        }
        QString expected = typeText(attribute) + (attribute.allowNull ? QString() : QStringLiteral(" NOT NULL"));
        if (const QString ref = referenceText(attribute); !ref.isEmpty())
            expected += QLatin1Char(' ') + ref;
        add(SchemaDifferenceKind::MissingColumn, table.name, attribute.field, expected, QString(),
            QStringLiteral("schema: ") + expected,
            QStringLiteral("Reading or creating %1 fails: the database has no column %2")
                    .arg(withArticle(model.name), attribute.field));
    }
    for (const CatalogColumn &column : table.columns) {
        const bool used = std::any_of(model.attributes.cbegin(), model.attributes.cend(),
                                      [&](const Attribute &a) { return sameName(a.field, column.name); });
        if (used)
            continue;
        const QString actual = column.sqlType + (column.notNull ? QStringLiteral(" NOT NULL") : QString());
        const bool required = column.notNull && !column.hasDefault && !column.autoIncrement;
        add(SchemaDifferenceKind::ExtraColumn, table.name, column.name, QString(), actual,
            QStringLiteral("database: %1, no attribute").arg(actual),
            required ? QStringLiteral("Creating %1 fails: the database requires %2 (NOT NULL, no default) and "
                                      "the schema never sets it")
                               .arg(withArticle(model.name), column.name)
                     : QStringLiteral("The schema has no attribute for this column: Grumble neither reads nor "
                                      "writes it"));
    }
}

void SchemaChecker::checkColumn(const Model &model, const Attribute &attribute, const CatalogColumn &column,
                                const CatalogTable &table)
{
    checkType(model, attribute, column, table);
    checkNullability(model, attribute, column, table);
}

void SchemaChecker::checkType(const Model &model, const Attribute &attribute, const CatalogColumn &column,
                              const CatalogTable &table)
{
    if (attribute.type == DataType::Raw && sameName(attribute.sqlType.simplified(), column.sqlType.simplified()))
        return;
    DataType read = DataType::String;
    int length = 0;
    const bool known = mapSqlType(column.sqlType, &read, &length);
    const bool sqlite = m_catalog.dialect == QLatin1String("sqlite");
    if (known && sameTypeFamily(attribute.type, read, sqlite)) {
        if (attribute.type == DataType::String && read == DataType::String)
            checkStringLength(attribute, length, column, table);
        return;
    }
    const QString expected = typeText(attribute);
    QString meaning = known ? QStringLiteral("Values of %1 are converted between %2 (schema) and %3 (database): "
                                             "writes may be refused and values read back differently")
                                      .arg(attribute.name, expected, column.sqlType)
                            : QStringLiteral("%1 is none of the schema's types: %2's %3 is read as the "
                                             "database hands it back, not as %4")
                                      .arg(column.sqlType, model.name, attribute.name, expected);
    add(SchemaDifferenceKind::TypeMismatch, table.name, column.name, expected, column.sqlType,
        QStringLiteral("schema: %1, database: %2").arg(expected, column.sqlType), meaning);
}

void SchemaChecker::checkStringLength(const Attribute &attribute, int length, const CatalogColumn &column,
                                      const CatalogTable &table)
{
    if (length <= 0 || length == attribute.length)
        return;
    const QString expected = typeText(attribute);
    QString meaning;
    if (m_catalog.dialect == QLatin1String("sqlite"))
        meaning = QStringLiteral("SQLite does not enforce VARCHAR lengths; text up to %1 characters is stored "
                                 "either way, but a database synced from the schema would differ")
                          .arg(qMax(length, attribute.length));
    else if (length < attribute.length)
        meaning = QStringLiteral("The database refuses text longer than %1 characters although the schema "
                                 "allows %2")
                          .arg(length)
                          .arg(attribute.length);
    else
        meaning = QStringLiteral("The database holds text up to %1 characters, longer than the schema's %2")
                          .arg(length)
                          .arg(attribute.length);
    add(SchemaDifferenceKind::TypeMismatch, table.name, column.name, expected, column.sqlType,
        QStringLiteral("schema: %1, database: %2").arg(expected, column.sqlType), meaning);
}

void SchemaChecker::checkNullability(const Model &model, const Attribute &attribute, const CatalogColumn &column,
                                     const CatalogTable &table)
{
    const bool keyColumn = attribute.primaryKey || table.primaryKey.contains(column.name);
    if (keyColumn || attribute.allowNull != column.notNull)
        return;
    const QString expected = attribute.allowNull ? QStringLiteral("NULL allowed") : QStringLiteral("NOT NULL");
    const QString actual = column.notNull ? QStringLiteral("NOT NULL") : QStringLiteral("NULL allowed");
    const QString meaning = column.notNull
            ? QStringLiteral("Saving %1 without %2 (or setting it to null) fails: the database requires a value")
                      .arg(withArticle(model.name), attribute.name)
            : QStringLiteral("The database may hold %1 rows without %2, which the schema says cannot happen")
                      .arg(model.name, attribute.name);
    add(SchemaDifferenceKind::NullabilityMismatch, table.name, column.name, expected, actual,
        QStringLiteral("schema: %1, database: %2").arg(expected, actual), meaning);
}

void SchemaChecker::checkForeignKeys(const Model &model, const CatalogTable &table)
{
    for (const Attribute &attribute : model.attributes) {
        if (!attribute.referencesModel.isEmpty() && attribute.constraint && table.column(attribute.field))
            checkForeignKey(model, attribute, table);
    }
}

//! "REFERENCES owners(id)" (the referenced columns when the database names them).
QString catalogReferenceText(const CatalogForeignKey &key)
{
    return QStringLiteral("REFERENCES %1(%2)")
            .arg(key.referencedTable, key.referencedColumns.isEmpty() ? QStringLiteral("primary key")
                                                                       : key.referencedColumns.join(QStringLiteral(", ")));
}

const CatalogForeignKey *foreignKeyOn(const CatalogTable &table, const QString &column)
{
    for (const CatalogForeignKey &key : table.foreignKeys) {
        if (key.columns.size() == 1 && sameName(key.columns.first(), column))
            return &key;
    }
    return nullptr;
}

void SchemaChecker::checkForeignKey(const Model &model, const Attribute &attribute, const CatalogTable &table)
{
    const Model *referenced = m_schema.model(attribute.referencesModel);
    const Attribute *referencedKey = referenced ? referenced->attribute(attribute.referencesKey) : nullptr;
    if (!referenced || !referencedKey)
        return;
    const CatalogForeignKey *key = foreignKeyOn(table, attribute.field);
    const bool sameTable = key && sameName(key->referencedTable, referenced->tableName);
    const bool sameColumn = key
            && (key->referencedColumns.isEmpty()
                || (key->referencedColumns.size() == 1 && sameName(key->referencedColumns.first(), referencedKey->field)));
    if (sameTable && sameColumn) {
        checkActions(model, attribute, *key, table);
        return;
    }
    const QString expected = referenceText(attribute);
    const QString actual = key ? catalogReferenceText(*key) : QStringLiteral("no constraint");
    add(SchemaDifferenceKind::AssociationWithoutForeignKey, table.name, attribute.field, expected, actual,
        QStringLiteral("schema: %1 for %2, database: %3").arg(expected, associationText(model, attribute), actual),
        QStringLiteral("Nothing keeps %1.%2 pointing at an existing %3, and the database does not apply the "
                       "schema's ON DELETE %4")
                .arg(table.name, attribute.field, referenced->name, normalizedAction(attribute.onDelete)));
}

void SchemaChecker::checkActions(const Model &model, const Attribute &attribute, const CatalogForeignKey &key,
                                 const CatalogTable &table)
{
    const Model *referenced = m_schema.model(attribute.referencesModel);
    const QString rows = QStringLiteral("the %1 pointing at it").arg(model.plural.isEmpty() ? model.tableName : model.plural);
    for (const bool onDelete : { true, false }) {
        const QString declared = normalizedAction(onDelete ? attribute.onDelete : attribute.onUpdate);
        const QString actual = normalizedAction(onDelete ? key.onDelete : key.onUpdate);
        if (declared == actual)
            continue;
        const QString verb = onDelete ? QStringLiteral("Deleting") : QStringLiteral("Changing the key of");
        add(onDelete ? SchemaDifferenceKind::OnDeleteMismatch : SchemaDifferenceKind::OnUpdateMismatch, table.name,
            attribute.field, declared, actual, QStringLiteral("schema: %1, database: %2").arg(declared, actual),
            QStringLiteral("%1 %2: the database does %3 (%4), the schema says %5 (%6); Grumble's delete "
                           "preview follows the schema")
                    .arg(verb, withArticle(referenced ? referenced->name : attribute.referencesModel), actual,
                         actionEffect(actual, onDelete, rows, attribute.field), declared,
                         actionEffect(declared, onDelete, rows, attribute.field)));
    }
}

void SchemaChecker::checkUnusedForeignKeys(const Model &model, const CatalogTable &table)
{
    for (const CatalogForeignKey &key : table.foreignKeys) {
        const Attribute *attribute = nullptr;
        for (const Attribute &a : model.attributes) {
            if (key.columns.size() == 1 && sameName(a.field, key.columns.first()))
                attribute = &a;
        }
        const Model *referenced = attribute ? m_schema.model(attribute->referencesModel) : nullptr;
        if (referenced && sameName(referenced->tableName, key.referencedTable))
            continue;
        if (attribute && !attribute->referencesModel.isEmpty())
            continue; // the association names another table: reported as an association without its key
        const QString columns = key.columns.join(QStringLiteral(", "));
        const QString actual = catalogReferenceText(key);
        add(SchemaDifferenceKind::ForeignKeyWithoutAssociation, table.name, columns, QString(), actual,
            QStringLiteral("database: %1, no association").arg(actual),
            QStringLiteral("No association of the schema uses %1.%2 → %3: no accessor or include follows it")
                    .arg(table.name, columns, key.referencedTable));
    }
}

void SchemaChecker::checkAssociationKeys()
{
    for (const Association &association : m_schema.associations()) {
        if (association.kind == AssociationKind::HasOne)
            checkHasOne(association);
        else if (association.kind == AssociationKind::BelongsToMany)
            checkJoinTable(association);
    }
}

void SchemaChecker::checkHasOne(const Association &association)
{
    const Model *target = m_schema.model(association.target);
    const Attribute *key = target ? target->attribute(association.foreignKey) : nullptr;
    const CatalogTable *table = target ? m_catalog.table(target->tableName) : nullptr;
    const CatalogColumn *column = table && key ? table->column(key->field) : nullptr;
    if (!column || table->isUniqueOn({ column->name }))
        return;
    if (m_reported.contains(table->name + QLatin1Char('.') + column->name))
        return;
    m_reported.insert(table->name + QLatin1Char('.') + column->name);
    add(SchemaDifferenceKind::HasOneKeyNotUnique, table->name, column->name, QStringLiteral("UNIQUE"),
        QStringLiteral("not unique"),
        QStringLiteral("schema: %1.hasOne(%2), database: %3 not unique").arg(association.source, target->name, column->name),
        QStringLiteral("Several %1 can point at one %2; %3.get%4 returns only one of them")
                .arg(target->plural, association.source, association.source,
                     association.singular.left(1).toUpper() + association.singular.mid(1)));
}

void SchemaChecker::checkJoinTable(const Association &association)
{
    const Model *through = m_schema.model(association.through);
    const Attribute *foreignKey = through ? through->attribute(association.foreignKey) : nullptr;
    const Attribute *otherKey = through ? through->attribute(association.otherKey) : nullptr;
    const CatalogTable *table = through ? m_catalog.table(through->tableName) : nullptr;
    if (!foreignKey || !otherKey || !table)
        return;
    const CatalogColumn *first = table->column(foreignKey->field);
    const CatalogColumn *second = table->column(otherKey->field);
    if (!first || !second || table->isUniqueOn({ first->name, second->name }))
        return;
    QStringList pair = { first->name, second->name };
    std::sort(pair.begin(), pair.end());
    const QString columns = pair.join(QStringLiteral(", "));
    if (m_reported.contains(table->name + QLatin1Char('|') + columns))
        return;
    m_reported.insert(table->name + QLatin1Char('|') + columns);
    add(SchemaDifferenceKind::JoinTableWithoutCompositeKey, table->name, columns,
        QStringLiteral("PRIMARY KEY (%1)").arg(columns), QStringLiteral("not unique"),
        QStringLiteral("schema: %1.belongsToMany(%2) through %3, database: not unique on (%4)")
                .arg(association.source, association.target, table->name, columns),
        QStringLiteral("The same (%1) pair can be stored twice: add and set accessors can leave duplicate "
                       "%2 rows")
                .arg(columns, table->name));
}

bool differenceBefore(const SchemaDifference &a, const SchemaDifference &b)
{
    if (const int t = a.table.compare(b.table, Qt::CaseInsensitive); t != 0)
        return t < 0;
    if (const int t = a.table.compare(b.table); t != 0)
        return t < 0;
    if (const int c = a.column.compare(b.column, Qt::CaseInsensitive); c != 0)
        return c < 0;
    if (const int c = a.column.compare(b.column); c != 0)
        return c < 0;
    return int(a.kind) < int(b.kind);
}

QVector<SchemaDifference> SchemaChecker::run()
{
    checkTables();
    checkAssociationKeys();
    std::stable_sort(m_out.begin(), m_out.end(), differenceBefore);
    return m_out;
}

} // namespace

QString schemaDifferenceKindId(SchemaDifferenceKind kind)
{
    return QString::fromLatin1(kindText(kind).id);
}

QString schemaDifferenceKindName(SchemaDifferenceKind kind)
{
    return QString::fromLatin1(kindText(kind).name);
}

QString SchemaDifference::line() const
{
    QString where = table;
    if (column.contains(QLatin1Char(',')))
        where += QLatin1Char('(') + column + QLatin1Char(')'); // a key of several columns
    else if (!column.isEmpty())
        where += QLatin1Char('.') + column;
    return where + QStringLiteral(": ") + message;
}

QJsonObject SchemaDifference::toJson() const
{
    return QJsonObject{ { QStringLiteral("kind"), schemaDifferenceKindId(kind) },
                        { QStringLiteral("table"), table },
                        { QStringLiteral("column"), column },
                        { QStringLiteral("expected"), expected },
                        { QStringLiteral("actual"), actual },
                        { QStringLiteral("message"), message },
                        { QStringLiteral("meaning"), meaning } };
}

QVector<SchemaDifference> checkSchema(const Schema &schema, const Catalog &catalog)
{
    return SchemaChecker(schema, catalog).run();
}

} // namespace grumble

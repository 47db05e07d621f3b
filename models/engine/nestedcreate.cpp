// Model.create(values, {include: [...]}): a record and the associated records its values hold,
// created in one transaction in Sequelize's order (belongsTo parents, the record, then hasOne /
// hasMany children and belongsToMany targets with their join rows), and returned as a tree.
// Leaf lists are inserted with one multi-row INSERT where Sequelize runs one INSERT per row.

#include "enginecore.h"

namespace grumble {

namespace {

//! One include of a create whose key the values hold.
struct CreateStep
{
    const Association *association = nullptr;
    const IncludeOptions *options = nullptr;
    QVariant value; //!< what the values held under the association's key
};

class NestedCreator
{
public:
    explicit NestedCreator(EngineCore &core) : m_core(core) { }

    Result<Record> create(const Model &model, QVariantMap values,
                          const QVector<IncludeOptions> &includes)
    {
        auto steps = takeSteps(model, values, includes);
        if (!steps)
            return steps.error();
        std::vector<Record> parents(steps->size());
        for (int i = 0; i < steps->size(); ++i) {
            if (steps->at(i).association->kind == AssociationKind::BelongsTo)
                GRUMBLE_TRY(createParent(steps->at(i), values, parents[size_t(i)]));
        }
        auto record = m_core.engine.create(model.name, values);
        if (!record)
            return record.error();
        record->includes.resize(steps->size());
        for (int i = 0; i < steps->size(); ++i) {
            const CreateStep &step = steps->at(i);
            Included &included = record->includes[size_t(i)];
            included.association = step.association->id;
            included.key = step.association->as;
            included.many = step.association->isToMany();
            if (step.association->kind == AssociationKind::BelongsTo)
                included.records.push_back(parents[size_t(i)]);
            else if (step.association->kind == AssociationKind::BelongsToMany)
                GRUMBLE_TRY(createLinked(step, *record, included));
            else
                GRUMBLE_TRY(createChildren(step, *record, included));
        }
        return record;
    }

private:
    //! Resolves the includes and takes the values they name out of `values`.
    Result<QVector<CreateStep>> takeSteps(const Model &model, QVariantMap &values,
                                          const QVector<IncludeOptions> &includes) const
    {
        QVector<CreateStep> steps;
        for (const IncludeOptions &include : includes) {
            const Association *association = m_core.schema.findAssociation(model.name, include.name);
            if (!association) {
                QStringList names;
                for (const Association *a : m_core.schema.associationsOf(model.name))
                    names << a->as;
                return makeError(ErrorKind::UnknownAssociation,
                                 QStringLiteral("%1 has no association named '%2' to create (it "
                                                "has: %3)")
                                         .arg(model.name, include.name,
                                              names.isEmpty() ? QStringLiteral("none")
                                                              : names.join(QStringLiteral(", "))));
            }
            if (!values.contains(association->as) || values.value(association->as).isNull()) {
                values.remove(association->as);
                continue; // nothing to create under it: no key in the result, as in Sequelize
            }
            steps << CreateStep{ association, &include, values.take(association->as) };
        }
        return steps;
    }

    //! The values of one associated record; a Validation error when it is not an object.
    Result<QVariantMap> objectValues(const CreateStep &step, const QVariant &value) const
    {
        if (!isMapValue(value))
            return validationError(QStringLiteral("create: %1 must hold objects of %2 values, "
                                                  "not %3")
                                           .arg(step.association->as, step.association->target,
                                                describeValue(value)));
        return value.toMap();
    }

    //! The objects of a to-many include (an array of objects).
    Result<QList<QVariantMap>> objectList(const CreateStep &step) const
    {
        if (step.association->kind == AssociationKind::HasOne) {
            auto one = objectValues(step, step.value);
            if (!one)
                return one.error();
            return QList<QVariantMap>{ *one };
        }
        if (!isListValue(step.value))
            return validationError(QStringLiteral("create: %1 must hold an array of %2 objects, "
                                                  "not %3")
                                           .arg(step.association->as, step.association->target,
                                                describeValue(step.value)));
        QList<QVariantMap> out;
        for (const QVariant &item : listItems(step.value)) {
            auto map = objectValues(step, item);
            if (!map)
                return map.error();
            out << *map;
        }
        return out;
    }

    //! belongsTo: creates the parent first and points the record's foreign key at it.
    Result<void> createParent(const CreateStep &step, QVariantMap &values, Record &parent)
    {
        auto parentValues = objectValues(step, step.value);
        if (!parentValues)
            return parentValues.error();
        auto created = create(*m_core.schema.model(step.association->target), *parentValues,
                              step.options->include);
        if (!created)
            return created.error();
        parent = *created;
        values.insert(step.association->foreignKey, parent.value(step.association->targetKey));
        return {};
    }

    //! Creates the records of a list (one multi-row INSERT when they include nothing themselves).
    Result<RecordList> createAll(const Model &model, const QList<QVariantMap> &rows,
                                 const QVector<IncludeOptions> &includes)
    {
        if (includes.isEmpty())
            return m_core.insertRows(model, rows, false);
        RecordList out;
        for (const QVariantMap &row : rows) {
            auto created = create(model, row, includes);
            if (!created)
                return created.error();
            out << *created;
        }
        return out;
    }

    //! hasOne / hasMany: the children, their foreign key set to the record's key.
    Result<void> createChildren(const CreateStep &step, const Record &record, Included &included)
    {
        auto rows = objectList(step);
        if (!rows)
            return rows.error();
        const QVariant key = record.value(step.association->sourceKey);
        for (QVariantMap &row : *rows)
            row.insert(step.association->foreignKey, key);
        auto created =
                createAll(*m_core.schema.model(step.association->target), *rows, step.options->include);
        if (!created)
            return created.error();
        for (const Record &child : *created)
            included.records.push_back(child);
        return {};
    }

    //! belongsToMany: the targets, then their join rows (values from each target's
    //! `{through model name: {...}}`), which the targets that gave them show.
    Result<void> createLinked(const CreateStep &step, const Record &record, Included &included)
    {
        const Association &association = *step.association;
        const Model &join = *m_core.schema.model(association.through);
        auto rows = objectList(step);
        if (!rows)
            return rows.error();
        QList<QVariantMap> joinValues;
        QVector<bool> showJoinRow;
        for (QVariantMap &row : *rows) {
            showJoinRow << row.contains(join.name);
            joinValues << row.take(join.name).toMap();
        }
        auto targets = createAll(*m_core.schema.model(association.target), *rows,
                                 step.options->include);
        if (!targets)
            return targets.error();
        for (int i = 0; i < targets->size(); ++i) {
            joinValues[i].insert(association.foreignKey, record.value(association.sourceKey));
            joinValues[i].insert(association.otherKey, targets->at(i).value(association.targetKey));
        }
        auto joinRows = m_core.insertRows(join, joinValues, false);
        if (!joinRows)
            return joinRows.error();
        auto shape = std::make_shared<RecordShape>();
        shape->throughModel = &join;
        for (int i = 0; i < targets->size(); ++i) {
            Record target = targets->at(i);
            if (showJoinRow.at(i) && i < joinRows->size()) {
                target.shape = shape;
                target.throughValues = joinRows->at(i).values;
            }
            included.records.push_back(target);
        }
        return {};
    }

    EngineCore &m_core;
};

} // namespace

Result<CreateOptions> CreateOptions::fromVariant(const QVariant &v)
{
    CreateOptions options;
    if (!v.isValid() || v.isNull())
        return options;
    if (!isMapValue(v))
        return syntaxError(QStringLiteral("create options must be an object like "
                                          "{\"include\": [\"pugs\"]}"));
    const QVariantMap map = v.toMap();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it.key() != QLatin1String("include"))
            return syntaxError(QStringLiteral("Unknown create option '%1' (allowed: include)")
                                       .arg(it.key()));
    }
    auto find = FindOptions::fromVariant(map);
    if (!find)
        return find.error();
    options.include = find->include;
    return options;
}

Result<Record> Engine::create(const QString &model, const QVariantMap &values,
                              const CreateOptions &options)
{
    auto found = m_schema.requireModel(model);
    if (!found)
        return found.error();
    if (options.include.isEmpty())
        return create(model, values);
    Transaction tx(*m_conn);
    GRUMBLE_TRY(tx.start());
    auto created = NestedCreator(*m_core).create(**found, values, options.include);
    if (!created)
        return created.error();
    GRUMBLE_TRY(tx.commit());
    return created;
}

} // namespace grumble

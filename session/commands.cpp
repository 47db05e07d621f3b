#include "commands.h"

namespace grumble::ui {

namespace {

QString accessorFor(const Schema &s, int association, AccessorRole role)
{
    const Association &as = s.associations().at(association);
    for (const Accessor &a : as.accessors()) {
        if (a.role == role)
            return a.name;
    }
    return QString();
}

//! Flattens accessor arguments into keys (records become their key, maps are skipped).
QVariantList keysIn(const QVariantList &args, const QString &attribute)
{
    QVariantList out;
    for (const QVariant &a : args) {
        if (a.metaType() == QMetaType::fromType<Record>())
            out << a.value<Record>().value(attribute);
        else if (a.metaType() == QMetaType::fromType<RecordList>()) {
            for (const Record &r : a.value<RecordList>())
                out << r.value(attribute);
        } else if (a.metaType().id() == QMetaType::QVariantList)
            out << keysIn(a.toList(), attribute);
        else if (a.metaType().id() != QMetaType::QVariantMap && !a.isNull())
            out << a;
    }
    return out;
}

Error missing(const QString &what)
{
    return makeError(ErrorKind::NotFound, what);
}

//! The model's updatedAt attribute when it keeps timestamps, else "".
QString updatedAtOf(const Model *m)
{
    if (!m)
        return QString();
    const Attribute *u = m->attribute(m->updatedAtName());
    return u && u->timestamp ? u->name : QString();
}

//! The join rows of `self` in a belongsToMany, every attribute.
Result<QList<QVariantMap>> joinRowsOf(Engine &engine, const Record &self, const Association &as)
{
    FindOptions o;
    o.where = QVariantMap{ { as.foreignKey, self.value(as.sourceKey) } };
    auto rows = engine.findAll(as.through, o);
    if (!rows)
        return rows.error();
    QList<QVariantMap> out;
    for (const Record &r : *rows)
        out << valuesOf(r);
    return out;
}

//! Puts the join rows of a snapshot back: the ones added since are removed (the accessor), the
//! ones removed since are inserted again with their old values and timestamps.
Result<void> restoreJoinRows(Engine &engine, const Record &self, const Association &as, const AssociationSnapshot &s)
{
    auto now = joinRowsOf(engine, self, as);
    if (!now)
        return now.error();
    QVariantList present, extra;
    for (const QVariantMap &row : std::as_const(*now)) {
        const QVariant target = row.value(as.otherKey);
        present << target;
        if (!s.linked.contains(target))
            extra << target;
    }
    if (!extra.isEmpty()) {
        auto r = engine.call(self, accessorFor(engine.schema(), as.id, AccessorRole::RemoveMultiple), { QVariant(extra) });
        if (!r)
            return r.error();
    }
    QList<QVariantMap> missingRows;
    for (const QVariantMap &row : s.joinRows) {
        if (!present.contains(row.value(as.otherKey)))
            missingRows << row;
    }
    if (!missingRows.isEmpty())
        GRUMBLE_TRY(engine.bulkCreate(as.through, missingRows));
    return {};
}

} // namespace

QVariantMap valuesOf(const Record &r)
{
    QVariantMap m;
    if (!r.model)
        return m;
    for (int i = 0; i < r.model->attributes.size() && i < r.values.size(); ++i)
        m.insert(r.model->attributes.at(i).name, r.values.at(i));
    return m;
}

Result<AssociationSnapshot> takeSnapshot(Engine &engine, const Record &self, const Association &as,
                                         const QVariantList &extraTargets)
{
    AssociationSnapshot s;
    s.association = as.id;
    const Model *target = engine.schema().model(as.target);
    if (!target)
        return missing(as.target);
    switch (as.kind) {
    case AssociationKind::BelongsTo: {
        s.foreignKey = self.value(as.foreignKey);
        const QString updatedAt = updatedAtOf(self.model);
        if (!updatedAt.isEmpty())
            s.selfUpdatedAt = self.value(updatedAt);
        break;
    }
    case AssociationKind::HasOne:
    case AssociationKind::HasMany: {
        const Attribute *pk = target->pk();
        if (!pk)
            return missing(target->name + QStringLiteral(" has no single primary key"));
        QVariantList ors;
        ors << QVariantMap{ { as.foreignKey, self.value(as.sourceKey) } };
        if (!extraTargets.isEmpty())
            ors << QVariantMap{ { pk->name, QVariantMap{ { QStringLiteral("$in"), extraTargets } } } };
        FindOptions o;
        o.where = QVariantMap{ { QStringLiteral("$or"), ors } };
        const QString updatedAt = updatedAtOf(target);
        QStringList attributes{ pk->name, as.foreignKey };
        if (!updatedAt.isEmpty())
            attributes << updatedAt;
        o.attributes = attributes;
        auto rows = engine.findAll(target->name, o);
        if (!rows)
            return rows.error();
        for (const Record &r : *rows) {
            s.targets.append({ r.value(pk->name), r.value(as.foreignKey) });
            s.targetUpdatedAt << (updatedAt.isEmpty() ? QVariant() : r.value(updatedAt));
        }
        break;
    }
    case AssociationKind::BelongsToMany: {
        auto rows = engine.call(self, accessorFor(engine.schema(), as.id, AccessorRole::Get), {});
        if (!rows)
            return rows.error();
        for (const Record &r : rows->value<RecordList>())
            s.linked << r.value(as.targetKey);
        auto joins = joinRowsOf(engine, self, as);
        if (!joins)
            return joins.error();
        s.joinRows = *joins;
        break;
    }
    }
    return s;
}

Result<void> restoreSnapshot(Engine &engine, const Record &self, const AssociationSnapshot &s)
{
    const Association &as = engine.schema().associations().at(s.association);
    switch (as.kind) {
    case AssociationKind::BelongsTo: {
        if (s.selfUpdatedAt.isValid()) { // the key and the updatedAt it had, in one UPDATE
            const QString updatedAt = updatedAtOf(self.model);
            GRUMBLE_TRY(engine.update(self, { { as.foreignKey, s.foreignKey }, { updatedAt, s.selfUpdatedAt } }));
            break;
        }
        auto r = engine.call(self, accessorFor(engine.schema(), as.id, AccessorRole::Set), { s.foreignKey });
        if (!r)
            return r.error();
        break;
    }
    case AssociationKind::HasOne:
    case AssociationKind::HasMany: {
        const QString updatedAt = updatedAtOf(engine.schema().model(as.target));
        for (int i = 0; i < s.targets.size(); ++i) {
            const auto &t = s.targets.at(i);
            auto rec = engine.findByPk(as.target, t.first);
            if (!rec)
                return rec.error();
            if (!rec->isValid())
                continue; // deleted since; nothing to re-link
            if (rec->value(as.foreignKey) == t.second)
                continue;
            QVariantMap values{ { as.foreignKey, t.second } };
            if (!updatedAt.isEmpty() && s.targetUpdatedAt.value(i).isValid())
                values.insert(updatedAt, s.targetUpdatedAt.value(i));
            auto u = engine.update(*rec, values);
            if (!u)
                return u.error();
        }
        break;
    }
    case AssociationKind::BelongsToMany:
        GRUMBLE_TRY(restoreJoinRows(engine, self, as, s));
        break;
    }
    return {};
}

// ---- SessionCommand ----

void SessionCommand::redo()
{
    if (!m_executed) {
        m_executed = true; // execute() already did it
        return;
    }
    runStep(QStringLiteral("Redo"), [this] { return doRedo(); });
}

void SessionCommand::undo()
{
    runStep(QStringLiteral("Undo"), [this] { return doUndo(); });
}

void SessionCommand::runStep(const QString &verb, const std::function<Result<void>()> &step)
{
    Result<void> r;
    {
        Transaction tx(m_session->engine().connection());
        r = tx.start();
        if (r)
            r = step();
        if (r)
            r = tx.commit();
    } // a refused step is rolled back here, before the views re-read
    if (!r) {
        // The database is as it was before this step: keeping the command where the stack now
        // points would claim the opposite. It leaves the history; the commands around it stay.
        setObsolete(true);
        Error refused = r.error();
        refused.message = QStringLiteral("%1 of \u201c%2\u201d refused, nothing was changed: %3 (It was taken off the undo history.)")
                                  .arg(verb, text(), refused.message);
        m_session->reportError(refused);
    }
    m_session->notifyChanged();
}

// ---- AccessorCommand ----

AccessorCommand::AccessorCommand(Session *session, RecordRef self, QString accessor, QVariantList args)
    : SessionCommand(session), m_self(std::move(self)), m_accessor(std::move(accessor)), m_args(std::move(args))
{
}

bool AccessorCommand::execute()
{
    Engine &e = m_session->engine();
    auto self = m_session->fetch(m_self);
    if (!self) {
        m_error = self.error();
        return false;
    }
    const std::optional<Accessor> acc = e.schema().findAccessor(m_self.model, m_accessor);
    if (!acc) {
        m_error = makeError(ErrorKind::UnknownAssociation,
                            QStringLiteral("%1 has no accessor %2").arg(m_self.model, m_accessor));
        return false;
    }
    const Association &as = e.schema().associations().at(acc->association);
    const Model *target = e.schema().model(as.target);
    const QString targetPk = target && target->pk() ? target->pk()->name : QStringLiteral("id");
    const QVariantList extra = keysIn(m_args, targetPk);
    auto before = takeSnapshot(e, *self, as, extra);
    if (!before) {
        m_error = before.error();
        return false;
    }
    m_before = *before;
    auto r = e.call(*self, *acc, m_args);
    if (!r) {
        m_error = r.error();
        return false;
    }
    m_result = *r;
    QVariantList track = extra;
    for (const auto &t : m_before.targets)
        track << t.first;
    if (acc->role == AccessorRole::Create && m_result.metaType() == QMetaType::fromType<Record>()) {
        const Record created = m_result.value<Record>();
        m_createdModel = created.model ? created.model->name : as.target;
        auto fresh = e.reload(created);
        m_createdValues = valuesOf(fresh ? *fresh : created);
        track << created.pk();
    }
    auto selfNow = m_session->fetch(m_self);
    if (!selfNow) {
        m_error = selfNow.error();
        return false;
    }
    auto after = takeSnapshot(e, *selfNow, as, track);
    if (!after) {
        m_error = after.error();
        return false;
    }
    m_after = *after;
    // The "before" state of targets only the action touched: not linked, i.e. what they had.
    setText(QStringLiteral("%1.%2").arg(m_session->displayName(*self), m_accessor));
    return true;
}

Result<void> AccessorCommand::doUndo()
{
    Engine &e = m_session->engine();
    auto self = m_session->fetch(m_self);
    if (!self)
        return self.error();
    GRUMBLE_TRY(restoreSnapshot(e, *self, m_before));
    if (!m_createdModel.isEmpty()) {
        const Model *m = e.schema().model(m_createdModel);
        const Attribute *pk = m ? m->pk() : nullptr;
        if (pk) {
            auto rec = e.findByPk(m_createdModel, m_createdValues.value(pk->name));
            if (!rec)
                return rec.error();
            if (rec->isValid())
                GRUMBLE_TRY(e.destroy(*rec));
        }
    }
    return {};
}

Result<void> AccessorCommand::doRedo()
{
    Engine &e = m_session->engine();
    if (!m_createdModel.isEmpty()) {
        // Re-create with the same key (and a to-one target first, so the link below finds it).
        QVariantMap values = m_createdValues;
        const Association &as = e.schema().associations().at(m_after.association);
        if (as.kind == AssociationKind::HasOne || as.kind == AssociationKind::HasMany)
            values.insert(as.foreignKey, QVariant());
        GRUMBLE_TRY(e.create(m_createdModel, values));
    }
    auto self = m_session->fetch(m_self);
    if (!self)
        return self.error();
    return restoreSnapshot(e, *self, m_after);
}

// ---- CreateRecordCommand ----

CreateRecordCommand::CreateRecordCommand(Session *session, QString model, QVariantMap values)
    : SessionCommand(session), m_model(std::move(model)), m_values(std::move(values))
{
}

bool CreateRecordCommand::execute()
{
    auto r = m_session->engine().create(m_model, m_values);
    if (!r) {
        m_error = r.error();
        return false;
    }
    m_created = *r;
    m_values = valuesOf(m_created);
    setText(QStringLiteral("Create %1").arg(m_created.label()));
    return true;
}

Result<void> CreateRecordCommand::doUndo()
{
    auto rec = m_session->fetch(RecordRef::of(m_created));
    if (!rec)
        return rec.error();
    if (rec->isValid())
        GRUMBLE_TRY(m_session->engine().destroy(*rec));
    return {};
}

Result<void> CreateRecordCommand::doRedo()
{
    auto r = m_session->engine().create(m_model, m_values);
    if (!r)
        return r.error();
    m_created = *r;
    return {};
}

// ---- UpdateRecordCommand ----

UpdateRecordCommand::UpdateRecordCommand(Session *session, RecordRef ref, QVariantMap values, QVariantMap shown)
    : SessionCommand(session), m_before(std::move(ref)), m_new(std::move(values)), m_shown(std::move(shown))
{
}

bool UpdateRecordCommand::execute()
{
    auto rec = m_session->fetch(m_before);
    if (!rec) {
        m_error = rec.error();
        return false;
    }
    for (auto it = m_new.begin(); it != m_new.end(); ++it)
        m_old.insert(it.key(), rec->value(it.key()));
    // What the user saw must still be there: a value another writer changed meanwhile is a
    // Conflict (both values in the message), never silently overwritten.
    auto r = m_session->engine().update(*rec, m_new, UpdateOptions{ m_shown });
    if (!r) {
        m_error = r.error();
        return false;
    }
    m_updated = *r;
    m_after = RecordRef::of(*r);
    for (auto it = m_new.begin(); it != m_new.end(); ++it)
        m_written.insert(it.key(), r->value(it.key()));
    setText(QStringLiteral("Edit %1 of %2").arg(QStringList(m_new.keys()).join(QStringLiteral(", ")), rec->label()));
    return true;
}

Result<void> UpdateRecordCommand::doUndo()
{
    auto rec = m_session->fetch(m_after);
    if (!rec)
        return rec.error();
    if (!rec->isValid())
        return missing(QStringLiteral("%1 no longer exists").arg(m_after.model));
    // Only over what the edit wrote: another writer's value since is a Conflict, never overwritten.
    auto r = m_session->engine().update(*rec, m_old, UpdateOptions{ m_written });
    if (!r)
        return r.error();
    return {};
}

Result<void> UpdateRecordCommand::doRedo()
{
    auto rec = m_session->fetch(m_before);
    if (!rec)
        return rec.error();
    if (!rec->isValid())
        return missing(QStringLiteral("%1 no longer exists").arg(m_before.model));
    auto r = m_session->engine().update(*rec, m_new, UpdateOptions{ m_old });
    if (!r)
        return r.error();
    return {};
}

// ---- DestroyRecordCommand ----

DestroyRecordCommand::DestroyRecordCommand(Session *session, RecordRef ref) : SessionCommand(session), m_ref(std::move(ref))
{
}

bool DestroyRecordCommand::execute()
{
    Engine &e = m_session->engine();
    auto rec = m_session->fetch(m_ref);
    if (!rec) {
        m_error = rec.error();
        return false;
    }
    if (!rec->isValid()) {
        m_error = missing(QStringLiteral("The record no longer exists"));
        return false;
    }
    m_values = valuesOf(*rec);
    for (const Association *as : e.schema().associationsOf(m_ref.model)) {
        if (as->kind == AssociationKind::BelongsTo)
            continue; // its own column, restored with the values
        auto s = takeSnapshot(e, *rec, *as);
        if (!s) {
            m_error = s.error();
            return false;
        }
        m_links << *s;
    }
    const QString text = QStringLiteral("Delete %1").arg(m_session->displayName(*rec));
    auto r = e.destroy(*rec);
    if (!r) {
        m_error = r.error();
        return false;
    }
    setText(text);
    return true;
}

Result<void> DestroyRecordCommand::doUndo()
{
    Engine &e = m_session->engine();
    auto rec = e.create(m_ref.model, m_values);
    if (!rec)
        return rec.error();
    for (const AssociationSnapshot &s : m_links)
        GRUMBLE_TRY(restoreSnapshot(e, *rec, s));
    return {};
}

Result<void> DestroyRecordCommand::doRedo()
{
    auto rec = m_session->fetch(m_ref);
    if (!rec)
        return rec.error();
    if (!rec->isValid())
        return {};
    auto r = m_session->engine().destroy(*rec);
    if (!r)
        return r.error();
    return {};
}

} // namespace grumble::ui

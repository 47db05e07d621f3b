#pragma once

#include "session.h"

#include <QUndoCommand>

#include <functional>
#include <optional>

namespace grumble::ui {

//! What one association of one record looks like at a moment, enough to put it back.
struct AssociationSnapshot
{
    int association = -1;
    QVariant foreignKey;                        //!< belongsTo: the key stored on the record
    QVector<QPair<QVariant, QVariant>> targets; //!< hasOne/hasMany: target pk -> its foreign key
    QVariantList linked;                        //!< belongsToMany: the target keys joined
    QVariant selfUpdatedAt;                     //!< belongsTo: the record's updatedAt then (invalid: none)
    QVariantList targetUpdatedAt;               //!< hasOne/hasMany: each target's updatedAt, aligned with targets
    QList<QVariantMap> joinRows;                //!< belongsToMany: the join rows then, timestamps included
};

//! Reads the state of `as` for `self`; `extraTargets` are hasOne/hasMany targets to track as well.
Result<AssociationSnapshot> takeSnapshot(Engine &engine, const Record &self, const Association &as,
                                         const QVariantList &extraTargets = {});
//! Puts a snapshot back with its timestamps: the keys and updatedAt as they were (an update that
//! sets updatedAt itself), join rows removed through the accessor and re-inserted with their old
//! createdAt/updatedAt.
Result<void> restoreSnapshot(Engine &engine, const Record &self, const AssociationSnapshot &s);

//! Base: the first redo() is the action itself, run by execute() before the push. Each later undo
//! or redo is one transaction; one the database refuses (e.g. a Conflict: another writer changed
//! the value since) changes nothing, is reported ("Undo of … refused: …") and takes the command off
//! the stack (QUndoCommand::setObsolete), so the stack never claims a state the database is not in.
class SessionCommand : public QUndoCommand
{
public:
    explicit SessionCommand(Session *session) : m_session(session) { }
    //! Runs the action the first time; false (and error()) when the engine refused it.
    virtual bool execute() = 0;
    const Error &error() const { return m_error; }
    void redo() final;
    void undo() final;

protected:
    virtual Result<void> doRedo() = 0;
    virtual Result<void> doUndo() = 0;
    //! Runs an undo or redo step in one transaction; a refusal is reported and makes this obsolete.
    void runStep(const QString &verb, const std::function<Result<void>()> &step);
    Session *m_session;
    Error m_error;
    bool m_executed = false;
};

//! An association accessor call (setOwner, addFriends, createPug, ...).
class AccessorCommand : public SessionCommand
{
public:
    AccessorCommand(Session *session, RecordRef self, QString accessor, QVariantList args);
    bool execute() override;
    QVariant result() const { return m_result; }

protected:
    Result<void> doRedo() override;
    Result<void> doUndo() override;

private:
    RecordRef m_self;
    QString m_accessor;
    QVariantList m_args;
    QVariant m_result;
    AssociationSnapshot m_before, m_after;
    QString m_createdModel;
    QVariantMap m_createdValues;
};

//! Creating a record (a table's "Add row").
class CreateRecordCommand : public SessionCommand
{
public:
    CreateRecordCommand(Session *session, QString model, QVariantMap values);
    bool execute() override;
    Record created() const { return m_created; }

protected:
    Result<void> doRedo() override;
    Result<void> doUndo() override;

private:
    QString m_model;
    QVariantMap m_values;
    Record m_created;
};

//! Editing attributes of a record. Undo and redo are optimistic too: undo writes the old values
//! only where the row still holds what the edit wrote, redo only where it still holds the old
//! values; otherwise a Conflict names both values and nothing is overwritten.
class UpdateRecordCommand : public SessionCommand
{
public:
    //! `shown`: the values the user saw (optimistic check, see Engine::update's UpdateOptions).
    UpdateRecordCommand(Session *session, RecordRef ref, QVariantMap values, QVariantMap shown = {});
    bool execute() override;
    Record updated() const { return m_updated; }

protected:
    Result<void> doRedo() override;
    Result<void> doUndo() override;

private:
    RecordRef m_before, m_after;
    QVariantMap m_new, m_old, m_shown;
    QVariantMap m_written; //!< m_new as the database stored it (the values undo expects to find)
    Record m_updated;
};

//! Deleting a record; undo re-creates it and re-links what the delete unlinked or cascaded.
class DestroyRecordCommand : public SessionCommand
{
public:
    DestroyRecordCommand(Session *session, RecordRef ref);
    bool execute() override;

protected:
    Result<void> doRedo() override;
    Result<void> doUndo() override;

private:
    RecordRef m_ref;
    QVariantMap m_values;
    QVector<AssociationSnapshot> m_links;
};

//! Every attribute of a record as a value map (for re-creating it).
QVariantMap valuesOf(const Record &r);

} // namespace grumble::ui

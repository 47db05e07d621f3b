#pragma once

#include "engine.h"
#include "schemacheck.h"

#include <QObject>
#include <QUndoStack>

#include <memory>

namespace grumble::ui {

class ChangeWatcher;

//! A record as the UI names it: its model and primary key ({attribute: value}, composite keys too).
struct RecordRef
{
    QString model;
    QVariantMap key;

    bool isValid() const { return !model.isEmpty() && !key.isEmpty(); }
    bool operator==(const RecordRef &o) const { return model == o.model && key == o.key; }
    bool operator!=(const RecordRef &o) const { return !(*this == o); }
    static RecordRef of(const Record &r);
    //! A model with a single-column primary key.
    static RecordRef byPk(const Model &m, const QVariant &pk);
};

//! Where a session's schema comes from.
enum class SchemaSource {
    Declared, //!< a schema file the user gave (or a schema passed to open())
    Demo,     //!< the built-in pugs schema: an empty database got it, or the database is one Grumble made from it
    Database, //!< read from the database (readCatalog + inferSchema): nothing to compare it with
};

//! The open document: owns the engine, runs every change the widgets ask for (as undoable commands)
//! and tells every view to refresh through changed(). Widgets never talk to the engine to write.
class Session : public QObject
{
    Q_OBJECT
public:
    Session(std::unique_ptr<Engine> engine, QString url, QObject *parent = nullptr);
    ~Session() override;

    //! Opens a URL with a schema. Creates the schema's tables in an empty database; a database
    //! that has tables is opened as it is (nothing written, not even its journal mode), unless
    //! `createMissingTables` (the user asked).
    static Result<std::unique_ptr<Session>> open(const QString &url, Schema schema = Schema::pugs(),
                                                 bool createMissingTables = false);

    //! Opens a URL without a schema file: an empty database gets the pugs demo (as open()); a
    //! database that has tables is opened as it is with the schema read from it (readCatalog +
    //! inferSchema), or with the pugs schema when it is exactly a database Grumble made from it.
    static Result<std::unique_ptr<Session>> openIntrospected(const QString &url);

    Engine &engine() { return *m_engine; }
    SchemaSource schemaSource() const { return m_schemaSource; }
    //! What was inferred and how ambiguous cases were named (SchemaSource::Database), one sentence each.
    QStringList inferenceNotes() const { return m_inferenceNotes; }
    //! Reads the database's catalog and compares the schema with it (checkSchema()); nothing is written.
    Result<QVector<SchemaDifference>> checkSchema();
    //! The statements syncSchema() would run (pretend mode: BEGIN, CREATE TABLE IF NOT EXISTS ...,
    //! COMMIT), without running them.
    Result<QStringList> syncStatements();
    //! Creates the schema's missing tables in one transaction (Engine::sync), then emits changed().
    Result<void> syncSchema();
    const Schema &schema() const { return m_engine->schema(); }
    QString url() const { return m_url; }
    QUndoStack *undoStack() { return &m_undo; }
    QString lastError() const { return m_lastError; }
    //! Whether open() found an empty database and created the tables.
    bool isFresh() const { return m_fresh; }

    // ---- reading ----
    Result<Record> fetch(const RecordRef &ref);
    //! "Tom" (the display attribute) or "owner#3".
    QString displayName(const Record &r) const;
    QString displayName(const RecordRef &ref);
    //! Up to `limit` records of a model whose display attribute contains `text`.
    Result<RecordList> search(const QString &model, const QString &text, int limit = 200);
    //! A reading accessor (get*, count*, has*) on a record the caller already fetched; an error
    //! for accessors that change something (those go through callAccessor).
    Result<QVariant> readAccessor(const Record &self, const QString &accessor, const QVariantList &args = {});

    // ---- changing (each one undoable, one transaction, emits changed()) ----
    //! Calls an association accessor ("setOwner", "addFriends", "createPug"...). Arguments are primary
    //! keys, lists of them, null, or a value map for create*.
    Result<QVariant> callAccessor(const RecordRef &self, const QString &accessor, const QVariantList &args);
    Result<Record> createRecord(const QString &model, const QVariantMap &values);
    //! `shown`: the values the user saw before editing (attribute → value); when the row no longer
    //! holds them the edit is refused with a Conflict error naming both values (never overwritten).
    Result<Record> updateRecord(const RecordRef &ref, const QVariantMap &values, const QVariantMap &shown = {});
    Result<Record> destroyRecord(const RecordRef &ref);
    //! The sentences to show before destroyRecord().
    QStringList describeDestroy(const RecordRef &ref);

    //! Runs a console expression (not undoable; clears the undo history if it may have changed data).
    Result<QVariant> evaluate(const QString &expression);
    QStringList completions() const;

    //! Inserts demo data: `owners` owners with about three pugs each, friends and friendships, in
    //! ONE transaction (batches of 1000 owners); the rows added. `progress(ownersDone, owners,
    //! rowsAdded)` is called after each batch and returns false to cancel: then everything is rolled
    //! back and 0 is returned. The undo history is kept (seeding only adds rows).
    Result<qint64> seedDemo(int owners, const std::function<bool(qint64, qint64, qint64)> &progress = {});
    //! Whether any table of the schema has a row (one query per table, each LIMIT 1).
    Result<bool> hasRows();
    //! The seeds' small example data set (Tom, Cody, CodyFan <3, ...), for a new database.
    Result<void> seedExample();

    //! Checks now whether another program wrote to the database (the app calls it when its window
    //! gets the focus; a timer does every second); emits databaseChangedExternally() and changed().
    bool checkForExternalChanges();
    ChangeWatcher *changeWatcher() const { return m_watcher; }

    //! Emits changed(); for commands and refresh actions.
    void notifyChanged() { emit changed(); }
    //! Records an error for lastError() and errorOccurred().
    void reportError(const Error &e);

signals:
    //! Data changed: every view re-reads.
    void changed();
    void errorOccurred(const QString &message);
    //! Another program wrote to the database; changed() follows (the views re-read, keeping their
    //! selection and scroll position).
    void databaseChangedExternally();
    //! A short human sentence after every successful action, for the status bar.
    void message(const QString &text);

private:
    std::unique_ptr<Engine> m_engine;
    QString m_url;
    QUndoStack m_undo;
    QString m_lastError;
    bool m_fresh = false;
    SchemaSource m_schemaSource = SchemaSource::Declared;
    QStringList m_inferenceNotes;
    ChangeWatcher *m_watcher = nullptr; //!< child: polls the database for other writers
};

} // namespace grumble::ui

Q_DECLARE_METATYPE(grumble::ui::RecordRef)

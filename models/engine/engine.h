#pragma once

#include "connection.h"
#include "error.h"
#include "record.h"
#include "schema.h"

#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

namespace grumble {

//! The `attributes` option beyond a plain list of names, as Sequelize takes it: `[column, alias]`
//! pairs, `{exclude: [...]}` and `{include: [...]}` (all attributes plus these).
struct AttributeSelection
{
    std::optional<QStringList> only; //!< the list form: columns, in order
    QStringList onlyAs;              //!< the output key of each `only` column (an alias or the name)
    QStringList exclude;             //!< `{exclude: [...]}`
    QStringList extra;               //!< `{include: [...]}`: shown after every attribute
    QStringList extraAs;             //!< their output keys

    bool isSet() const { return only || !exclude.isEmpty() || !extra.isEmpty(); }
};

//! One node of an `include` option.
struct IncludeOptions
{
    QString name;                   //!< association alias or target model name
    int associationId = -1;         //!< the association itself (set by `all`); -1: by name
    QString model;                  //!< `{model: ...}` (empty: a string include or `association`)
    QString as;                     //!< `{as: ...}` / `{association: ...}` (empty: none given)
    std::optional<bool> required;   //!< default: true when `where` is given, else false
    QVariant where;                 //!< a where object on the included model
    std::optional<QStringList> attributes;
    AttributeSelection attributeSelection; //!< pairs, exclude, include (attributes holds the names)
    std::optional<QStringList> throughAttributes; //!< belongsToMany: `through: {attributes}`
    QVariant throughWhere;
    QVector<IncludeOptions> include;
    //! `{all: true}` / `{all: "BelongsTo" | ["HasMany", ...]}`: every association (of those kinds)
    //! not included otherwise, each with this node's other options; `nested` recurses (cycle-safe).
    QStringList all;
    bool nested = false;
    std::optional<bool> separate;   //!< hasMany only: loaded by its own statement (always true here)
    std::optional<qint64> limit;    //!< per parent (implies separate)
    QVariantList order;             //!< the include's own order (separate includes)
};

//! Options of findAll / findOne / findByPk / count, as in Sequelize.
struct FindOptions
{
    QVariant where;                 //!< {"name": "Tom", "id": {"$gt": 3}, "$or": [...]}
    QVariantList order;             //!< ["name", "DESC"] entries, or [alias, column, dir]
    std::optional<qint64> limit;
    std::optional<qint64> offset;
    std::optional<QStringList> attributes;
    AttributeSelection attributeSelection; //!< pairs, exclude, include (attributes holds the names)
    QVector<IncludeOptions> include;
    bool distinct = false; //!< count: count distinct primary keys (parents), not joined rows
    QString col;           //!< count: the attribute counted (with distinct: its distinct values)
    //! Not an option of Sequelize (RecordPager's pages): `limit`/`offset` take a window of the
    //! whole order even when it names a to-many include's column, where Sequelize's findAll picks
    //! the page by the root's own order entries first and orders only that page by the others.
    bool fullOrderPages = false;

    //! Parses the JSON-shaped options ({"where": ..., "include": [...], ...}).
    static Result<FindOptions> fromVariant(const QVariant &v);
};

//! Options of Model.create, as in Sequelize: `include` names the associations whose records
//! the values hold under their keys ({"name": "A", "pugs": [{"name": "p"}]}).
struct CreateOptions
{
    QVector<IncludeOptions> include;

    //! Parses {"include": [...]} (names, aliases or {"model"/"association"/"as", "include"}).
    static Result<CreateOptions> fromVariant(const QVariant &v);
};

//! Options of Engine::update.
struct UpdateOptions
{
    //! Attribute name → the value the caller last saw (an edit's "before"). The UPDATE's WHERE
    //! requires them; when the row no longer has them nothing is written and update() returns a
    //! Conflict error naming the value shown and the value now stored (optimistic check).
    QVariantMap expected;
};

class EngineCore;

//! The association engine: a schema on an open connection.
class Engine
{
public:
    ~Engine();
    //! Opens a database URL with a schema (the pugs schema by default). Does not create tables.
    static Result<std::unique_ptr<Engine>> open(const QString &url, Schema schema = Schema::pugs());
    //! What openIntrospected() opened.
    struct Introspected
    {
        std::unique_ptr<Engine> engine;
        bool fromDatabase = false; //!< the schema was read from the database (false: it had no tables)
        QStringList notes;         //!< what was inferred and how ambiguous cases were named (inferSchema)
    };
    //! Opens a database URL with the schema of its own tables (readCatalog + inferSchema, on the
    //! engine's connection); an empty database gets `emptyDatabaseSchema`. Writes nothing.
    static Result<Introspected> openIntrospected(const QString &url, Schema emptyDatabaseSchema = Schema::pugs());
    //! An engine on a connection without a database (Connection::openOffline): every call runs in
    //! pretend mode, for the SQL a dialect would get ("sqlite" / "postgres").
    static Result<std::unique_ptr<Engine>> openOffline(const QString &dialectName, Schema schema = Schema::pugs());

    //! Pretend mode (TinyORM's pretend()): runs `work` with the connection pretending and returns
    //! the statements it would run, in order, BEGIN/COMMIT included; nothing in the database
    //! changes. Accessors and finds called inside behave as if every write succeeded.
    Result<QList<SqlFragment>> pretend(const std::function<Result<void>()> &work);

    const Schema &schema() const { return m_schema; }
    Connection &connection() { return *m_conn; }
    const Dialect &dialect() const { return m_conn->dialect(); }
    //! Whether the database is opened for reading only (Connection::isReadOnly()).
    bool isReadOnly() const { return m_conn->isReadOnly(); }

    // ---- DDL ----
    //! CREATE TABLE and CREATE INDEX statements for one model.
    QStringList createTableSql(const Model &m) const;
    //! Creates missing tables in dependency order; `force` drops and recreates them all. Only call
    //! it when the user asked, or on an empty database (see hasTables()).
    Result<void> sync(bool force = false);
    //! Tables that exist in the database.
    Result<QStringList> existingTables();
    //! Whether the database has any table at all (a database that has is someone's: Grumble
    //! opens it as it is and writes to it only when asked).
    Result<bool> hasTables();

    // ---- records ----
    Result<Record> create(const QString &model, const QVariantMap &values);
    //! Model.create(values, {include}): the record and the associated records its values hold,
    //! in one transaction: belongsTo parents first, then the record, then hasOne/hasMany children
    //! and belongsToMany targets with their join rows (a target's `{through model name: {...}}`
    //! gives the join row's values), recursively. Returns the record with those includes.
    Result<Record> create(const QString &model, const QVariantMap &values,
                          const CreateOptions &options);
    Result<RecordList> bulkCreate(const QString &model, const QList<QVariantMap> &rows);
    //! An invalid Record when there is no such row.
    Result<Record> findByPk(const QString &model, const QVariant &pk, const FindOptions &o = {});
    Result<RecordList> findAll(const QString &model, const FindOptions &o = {});
    //! An invalid Record when nothing matches.
    Result<Record> findOne(const QString &model, const FindOptions &o = {});
    Result<qint64> count(const QString &model, const FindOptions &o = {});
    Result<Record> update(const Record &record, const QVariantMap &values);
    //! update() that writes only when the row still holds `options.expected` (else Conflict).
    Result<Record> update(const Record &record, const QVariantMap &values, const UpdateOptions &options);
    Result<Record> destroy(const Record &record);
    Result<Record> reload(const Record &record);

    // ---- association accessors ----
    //! Calls a generated accessor by name ("setOwner", "addFriends", ...). Arguments are records,
    //! primary keys, lists of those, null, or a value map (create*).
    Result<QVariant> call(const Record &self, const QString &accessor, const QVariantList &args = {});
    Result<QVariant> call(const Record &self, const Accessor &accessor, const QVariantList &args);

    //! What deleting this record will do to related rows, as sentences ("2 pugs will lose their owner").
    Result<QStringList> describeDestroy(const Record &record);

private:
    explicit Engine(std::unique_ptr<Connection> connection, Schema schema);
    //! An engine on an open connection, after the schema's identifier lengths are checked.
    static Result<std::unique_ptr<Engine>> open(std::unique_ptr<Connection> connection, Schema schema);
    //! Before sync() creates the first tables of an empty database: the dialect's
    //! newDatabaseSetup() (SQLite: WAL). Nothing on a database that has tables.
    Result<void> prepareNewDatabase();
    //! update() once (retryTransient() runs it again after a deadlock).
    Result<Record> updateOnce(const Record &record, const QVariantMap &values, const UpdateOptions &options);
    //! The Conflict error of an update whose optimistic check failed (or NotFound: the row is gone).
    Error updateConflict(const Record &record, const QVariantMap &values, const UpdateOptions &options);
    std::unique_ptr<Connection> m_conn;
    Schema m_schema;
    std::unique_ptr<EngineCore> m_core; //!< the internals (enginecore.h), on m_conn and m_schema
    bool m_insidePretend = false;       //!< pretend() is running (a nested call is refused)
};

} // namespace grumble

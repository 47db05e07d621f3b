#pragma once

// Internal to the engine (not installed, not included outside models/engine/): the state every
// part of the engine shares and the helpers they build statements and records with. The public
// Engine holds one EngineCore; the files of models/engine/ each add one concept to it:
//   enginecore.cpp  reading rows into records, keys given as arguments, running fragments
//   coerce.cpp      checking and converting values for attributes
//   where.cpp       compiling where objects
//   insert.cpp      multi-row INSERT ... RETURNING
//   query.cpp       find / count (with includeplan.* and includeload.cpp)

#include "engine.h"
#include "sqlfragment.h"

#include <QHash>

namespace grumble {

//! A Validation error with `message`.
Error validationError(const QString &message);
//! A Syntax error with `message`.
Error syntaxError(const QString &message);
//! Whether a value holds a Record.
bool isRecordValue(const QVariant &value);
//! Whether a value holds a list (QVariantList, QStringList or RecordList).
bool isListValue(const QVariant &value);
//! Whether a value holds a QVariantMap.
bool isMapValue(const QVariant &value);
//! The items of a list value (a RecordList as a list of Record values).
QVariantList listItems(const QVariant &value);
//! A value described for an error message ("the string \"x\"", "a Pug record", ...).
QString describeValue(const QVariant &value);

//! The engine's internals, shared by its files: the connection, schema and dialect it works on,
//! and the helpers that build statements and read records.
class EngineCore
{
public:
    Engine &engine; //!< the public engine (accessors call its create/update/findByPk)
    Connection &connection;
    const Schema &schema;
    const Dialect &dialect;

    EngineCore(Engine &owner, Connection &conn, const Schema &models)
        : engine(owner), connection(conn), schema(models), dialect(conn.dialect())
    { }

    //! Whether the connection records writes instead of running them (Engine::pretend): a write
    //! then changes no row and returns none, and the engine carries on as if it had succeeded.
    bool pretending() const { return connection.isPretending(); }

    // ---- identifiers and columns ----
    //! Quoted identifiers, made once each: accessors build their statements on every call.
    QString quote(const QString &identifier) const
    {
        auto it = m_quoted.constFind(identifier);
        if (it == m_quoted.constEnd())
            it = m_quoted.insert(identifier, dialect.quote(identifier));
        return it.value();
    }
    QString table(const Model &model) const { return quote(model.tableName); }
    //! `"alias"."field"`, or `"field"` without an alias.
    QString column(const QString &alias, const Attribute &attribute) const
    {
        return alias.isEmpty() ? quote(attribute.field)
                               : quote(alias) + QLatin1Char('.') + quote(attribute.field);
    }
    //! A column as the SELECT list reads it (see Dialect::selectColumn).
    QString selected(const QString &alias, const Attribute &attribute) const
    {
        return dialect.selectColumn(column(alias, attribute), attribute.type);
    }
    //! "alias"."id", "alias"."name", ... for every attribute.
    QString selectList(const Model &model, const QString &alias) const;
    //! `column IN (...)` for a list of keys, bound as one parameter (Dialect::inKeyList).
    SqlFragment inKeyList(const QString &quotedColumn, DataType keyType,
                          const QVariantList &keys) const
    {
        return SqlFragment(dialect.inKeyList(quotedColumn, keyType),
                           { dialect.keyListBinding(keys, keyType) });
    }
    //! `column = ?` bound to `value` (converted for the database).
    SqlFragment equals(const QString &alias, const Attribute &attribute,
                       const QVariant &value) const
    {
        return SqlFragment(column(alias, attribute) + QStringLiteral(" = ?"),
                           { bindValue(attribute, value) });
    }

    // ---- values ----
    //! Reads a row of `model` starting at column `first`.
    Record readRecord(const Cursor &cursor, const Model &model, int first) const;
    Values readValues(const Cursor &cursor, const Model &model, int first) const;
    //! Checks and converts a value for an attribute (Validation errors name model and attribute).
    Result<QVariant> coerce(const Model &model, const Attribute &attribute,
                            const QVariant &value) const;
    //! coerce() for a value to be written. While pretending, a null foreign key is accepted even
    //! where the column is NOT NULL: it stands for a key a recorded INSERT would have generated
    //! (createFriend: the new friend's id), so the statements after it can still be shown.
    Result<QVariant> coerceForWrite(const Model &model, const Attribute &attribute,
                                    const QVariant &value) const
    {
        if (value.isNull() && !attribute.referencesModel.isEmpty() && pretending())
            return QVariant();
        return coerce(model, attribute, value);
    }
    //! A record or a primary key given as an argument, reduced to the value of `attribute` of `model`.
    Result<QVariant> keyOf(const Model &model, const QVariant &arg, const QString &attribute,
                           const QString &accessor) const;
    //! A list argument (or a single value) reduced to distinct keys, in order.
    Result<QVariantList> keysOf(const Model &model, const QVariant &arg, const QString &attribute,
                                const QString &accessor, bool allowNull) const;
    QVariant now() const;
    QVariant bindValue(const Attribute &attribute, const QVariant &value) const
    {
        return dialect.toDb(attribute.type, value);
    }
    Error unknownAttribute(const Model &model, const QString &name) const;
    //! `pk = ? [AND pk2 = ?]` identifying one saved record (composite keys included).
    Result<SqlFragment> primaryKeyCondition(const Record &record) const;

    // ---- statements ----
    Result<Cursor *> exec(const SqlFragment &statement)
    {
        return connection.exec(statement.text, statement.bindings);
    }
    Result<int> execAffected(const SqlFragment &statement)
    {
        return connection.execAffected(statement.text, statement.bindings);
    }
    //! The single number a `SELECT COUNT(...)` returns.
    Result<qint64> selectCount(const SqlFragment &statement);
    //! Reads rows of a single model with one statement.
    Result<RecordList> selectRecords(const Model &model, const SqlFragment &statement);

    //! Compiles a where object into SQL; `alias` qualifies columns. Empty for no condition.
    Result<SqlFragment> compileWhere(const Model &model, const QString &alias,
                                     const QVariant &where) const;
    Result<RecordList> find(const Model &model, const FindOptions &options);
    Result<qint64> count(const Model &model, const FindOptions &options);
    //! The first record find() gives with limit 1, or an invalid Record.
    Result<Record> findFirst(const Model &model, FindOptions options);
    //! Multi-row INSERT ... RETURNING; with ignoreDuplicates rows whose key exists are skipped
    //! (and not returned).
    Result<RecordList> insertRows(const Model &model, const QList<QVariantMap> &rows,
                                  bool ignoreDuplicates);

    mutable ValuesBuilder valuesBuilder; //!< reused by readRecord and the inserts

private:
    mutable QHash<QString, QString> m_quoted;
};

} // namespace grumble

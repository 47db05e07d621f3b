#pragma once

// Internal to the engine: shared by engine.cpp (DDL, records, accessors) and query.cpp (find, include).

#include "engine.h"

#include <QHash>
#include <QSqlQuery>

namespace grumble {

struct Engine::Impl
{
    Engine *q;
    Connection &c;
    const Schema &s;
    const Dialect &d;

    Impl(Engine *e, Connection &conn, const Schema &schema) : q(e), c(conn), s(schema), d(conn.dialect()) { }

    //! Quoted identifiers, made once each: accessors build their statements on every call.
    QString quote(const QString &id) const
    {
        auto it = m_quoted.constFind(id);
        if (it == m_quoted.constEnd())
            it = m_quoted.insert(id, d.quote(id));
        return it.value();
    }
    QString table(const Model &m) const { return quote(m.tableName); }
    QString column(const QString &alias, const Attribute &a) const
    {
        return alias.isEmpty() ? quote(a.field) : quote(alias) + QLatin1Char('.') + quote(a.field);
    }
    mutable QHash<QString, QString> m_quoted;
    //! A column as the SELECT list reads it (see Dialect::selectColumn).
    QString selected(const QString &alias, const Attribute &a) const { return d.selectColumn(column(alias, a), a.type); }
    //! "alias"."id", "alias"."name", ... for every attribute.
    QString selectList(const Model &m, const QString &alias) const;
    //! Reads a row of `m` starting at column `first`.
    Record readRecord(const Cursor &query, const Model &m, int first) const;
    Values readValues(const Cursor &query, const Model &m, int first) const;
    mutable ValuesBuilder m_builder; //!< reused by readRecord
    //! Checks and converts a value for an attribute (Validation errors name model and attribute).
    Result<QVariant> coerce(const Model &m, const Attribute &a, const QVariant &v) const;
    //! A record or a primary key given as an argument, reduced to the value of `attribute` of `m`.
    Result<QVariant> keyOf(const Model &m, const QVariant &arg, const QString &attribute,
                           const QString &accessor) const;
    //! A list argument (or a single value) reduced to distinct keys, in order.
    Result<QVariantList> keysOf(const Model &m, const QVariant &arg, const QString &attribute,
                                const QString &accessor, bool allowNull) const;
    QVariant now() const;
    QVariant bindValue(const Attribute &a, const QVariant &v) const { return d.toDb(a.type, v); }
    Error unknownAttribute(const Model &m, const QString &name) const;

    //! Compiles a where object into SQL (appending bindings). `alias` qualifies columns.
    Result<QString> compileWhere(const Model &m, const QString &alias, const QVariant &where,
                                 QVariantList *binds) const;
    Result<RecordList> find(const Model &m, const FindOptions &o);
    Result<qint64> count(const Model &m, const FindOptions &o);
    //! The first record find() gives with limit 1, or an invalid Record.
    Result<Record> findFirst(const Model &m, FindOptions o)
    {
        o.limit = 1;
        auto r = find(m, o);
        if (!r)
            return r.error();
        return r->isEmpty() ? Record() : r->first();
    }

    Result<RecordList> insertRows(const Model &m, const QList<QVariantMap> &rows, bool ignoreDuplicates)
    {
        return q->insertRows(m, rows, ignoreDuplicates);
    }

    // Reading rows of a single model with one statement.
    Result<RecordList> selectRecords(const Model &m, const QString &sql, const QVariantList &binds);
};

} // namespace grumble

#include "engine.h"

#include "engine_p.h"
#include "inflection.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlRecord>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <optional>
#include <type_traits>
#include <utility>

namespace grumble {

namespace {

Error validation(const QString &message)
{
    return makeError(ErrorKind::Validation, message);
}

bool isRecord(const QVariant &v)
{
    return v.metaType().id() == qMetaTypeId<Record>();
}

bool isList(const QVariant &v)
{
    const int t = v.metaType().id();
    return t == QMetaType::QVariantList || t == QMetaType::QStringList || t == qMetaTypeId<RecordList>();
}

QVariantList asList(const QVariant &v)
{
    if (v.metaType().id() == qMetaTypeId<RecordList>()) {
        QVariantList out;
        for (const Record &r : v.value<RecordList>())
            out << QVariant::fromValue(r);
        return out;
    }
    return v.toList();
}

//! A string holding a number (" 12 ", "0.5"), read as T; nullopt for anything else.
template <typename T>
std::optional<T> numberInText(const QVariant &v)
{
    if (v.metaType().id() != QMetaType::QString)
        return std::nullopt;
    bool ok = false;
    const QString text = v.toString().trimmed();
    T n;
    if constexpr (std::is_same_v<T, double>)
        n = text.toDouble(&ok);
    else
        n = text.toLongLong(&ok);
    return ok ? std::optional<T>(n) : std::nullopt;
}

bool isNumber(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::Double:
    case QMetaType::Float: return true;
    default: return false;
    }
}

QString typeOfValue(const QVariant &v)
{
    if (v.isNull())
        return QStringLiteral("null");
    if (isRecord(v))
        return QStringLiteral("a %1 record").arg(v.value<Record>().model->name);
    switch (v.metaType().id()) {
    case QMetaType::Bool: return QStringLiteral("a boolean");
    case QMetaType::QString: return QStringLiteral("the string \"%1\"").arg(v.toString().left(40));
    case QMetaType::QVariantList: return QStringLiteral("an array");
    case QMetaType::QVariantMap: return QStringLiteral("an object");
    default: return isNumber(v) ? QStringLiteral("the number %1").arg(v.toString()) : QString::fromLatin1(v.typeName());
    }
}

QString sqlLiteral(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::Bool: return v.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Double: return v.toString();
    default: {
        QString s = v.toString();
        s.replace(QLatin1Char('\''), QStringLiteral("''"));
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Impl helpers

QString Engine::Impl::selectList(const Model &m, const QString &alias) const
{
    QString out;
    for (const Attribute &a : m.attributes) {
        if (!out.isEmpty())
            out += QStringLiteral(", ");
        out += selected(alias, a);
    }
    return out;
}

Record Engine::Impl::readRecord(const Cursor &query, const Model &m, int first) const
{
    Record r;
    r.model = &m;
    r.values = readValues(query, m, first);
    return r;
}

Values Engine::Impl::readValues(const Cursor &query, const Model &m, int first) const
{
    const int n = int(m.attributes.size());
    m_builder.reset(n);
    for (int i = 0; i < n; ++i)
        query.read(first + i, m.attributes.at(i).type, m_builder, i);
    return m_builder.build();
}

Error Engine::Impl::unknownAttribute(const Model &m, const QString &name) const
{
    QStringList names;
    for (const Attribute &a : m.attributes)
        names << a.name;
    return makeError(ErrorKind::UnknownAttribute, QStringLiteral("Model %1 has no attribute '%2' (it has: %3)")
                                                          .arg(m.name, name, names.join(QStringLiteral(", "))));
}

QVariant Engine::Impl::now() const
{
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

Result<QVariant> Engine::Impl::coerce(const Model &m, const Attribute &a, const QVariant &v) const
{
    const auto whatName = [&] { return m.name + QLatin1Char('.') + a.name; }; // only for messages
    if (!v.isValid() || v.isNull()) {
        if (!a.allowNull)
            return validation(QStringLiteral("%1 cannot be null").arg(whatName()));
        return QVariant();
    }
    const int t = v.metaType().id();
    auto wrong = [&](const QString &expected) {
        return validation(QStringLiteral("%1 must be %2, not %3").arg(whatName(), expected, typeOfValue(v)));
    };
    if (isRecord(v) || (isList(v) && a.type != DataType::Json) || (t == QMetaType::QVariantMap && a.type != DataType::Json))
        return wrong(QStringLiteral("a %1 value").arg(dataTypeName(a.type)));
    switch (a.type) {
    case DataType::String:
    case DataType::Text: {
        if (t == QMetaType::QString) {
            const QString s = v.toString();
            if (a.type == DataType::String && s.size() > a.length)
                return validation(QStringLiteral("%1 is longer than %2 characters").arg(whatName()).arg(a.length));
            return s;
        }
        if (isNumber(v))
            return v.toString();
        return wrong(QStringLiteral("a string"));
    }
    case DataType::Integer:
    case DataType::BigInt: {
        if (t == QMetaType::Double || t == QMetaType::Float) {
            const double d = v.toDouble();
            if (d != std::floor(d) || std::fabs(d) > 9.2e18)
                return wrong(QStringLiteral("an integer"));
            return qint64(d);
        }
        if (isNumber(v))
            return v.toLongLong();
        if (const auto n = numberInText<qint64>(v))
            return *n;
        return wrong(QStringLiteral("an integer"));
    }
    case DataType::Float:
    case DataType::Double: {
        if (isNumber(v))
            return v.toDouble();
        if (const auto d = numberInText<double>(v))
            return *d;
        return wrong(QStringLiteral("a number"));
    }
    case DataType::Boolean: {
        if (t == QMetaType::Bool)
            return v.toBool();
        if (isNumber(v) && (v.toDouble() == 0 || v.toDouble() == 1))
            return v.toDouble() == 1;
        if (t == QMetaType::QString) {
            const QString s = v.toString().toLower();
            if (s == QLatin1String("true") || s == QLatin1String("1"))
                return true;
            if (s == QLatin1String("false") || s == QLatin1String("0"))
                return false;
        }
        return wrong(QStringLiteral("a boolean"));
    }
    case DataType::Date: {
        if (t == QMetaType::QDateTime)
            return v.toDateTime().toUTC();
        if (t == QMetaType::QString) {
            bool ok = false;
            const QDateTime dt = parseTimestamp(v.toString(), &ok);
            if (ok)
                return dt;
            const QDate date = QDate::fromString(v.toString(), Qt::ISODate);
            if (date.isValid())
                return QDateTime(date, QTime(0, 0), Qt::UTC);
        }
        if (isNumber(v))
            return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
        return wrong(QStringLiteral("a date (ISO 8601 text such as \"2026-11-21T22:09:46.517Z\")"));
    }
    case DataType::DateOnly: {
        if (t == QMetaType::QDate)
            return v;
        if (t == QMetaType::QString) {
            const QDate date = QDate::fromString(v.toString().left(10), Qt::ISODate);
            if (date.isValid())
                return date;
        }
        return wrong(QStringLiteral("a date (\"YYYY-MM-DD\")"));
    }
    case DataType::Json:
        return v;
    }
    return v;
}

Result<QVariant> Engine::Impl::keyOf(const Model &m, const QVariant &arg, const QString &attribute,
                                     const QString &accessor) const
{
    const Attribute *a = m.attribute(attribute);
    if (isRecord(arg)) {
        const Record r = arg.value<Record>();
        if (r.model != &m && (!r.model || r.model->name != m.name))
            return validation(QStringLiteral("%1 expects %2 records or keys, not %3")
                                      .arg(accessor, m.name, typeOfValue(arg)));
        const QVariant v = r.value(attribute);
        if (v.isNull())
            return validation(QStringLiteral("%1: the %2 record has no %3 (was it saved?)").arg(accessor, m.name, attribute));
        return v;
    }
    if (arg.isNull())
        return validation(QStringLiteral("%1 expects a %2, not null").arg(accessor, m.name));
    if (isList(arg) || arg.metaType().id() == QMetaType::QVariantMap || arg.metaType().id() == QMetaType::Bool)
        return validation(QStringLiteral("%1 expects a %2 record or its %3, not %4")
                                  .arg(accessor, m.name, attribute, typeOfValue(arg)));
    Attribute key = *a;
    key.allowNull = false;
    auto r = coerce(m, key, arg);
    if (!r)
        r.error().message = accessor + QStringLiteral(": ") + r.error().message;
    return r;
}

Result<QVariantList> Engine::Impl::keysOf(const Model &m, const QVariant &arg, const QString &attribute,
                                          const QString &accessor, bool allowNull) const
{
    QVariantList out;
    if (arg.isNull() || !arg.isValid()) {
        if (allowNull)
            return out;
        return validation(QStringLiteral("%1 expects %2 records or keys, not null").arg(accessor, m.name));
    }
    const QVariantList items = isList(arg) ? asList(arg) : QVariantList { arg };
    QSet<QString> seen;
    for (const QVariant &item : items) {
        auto k = keyOf(m, item, attribute, accessor);
        if (!k)
            return k.error();
        const QString sig = k->toString();
        if (seen.contains(sig))
            continue;
        seen.insert(sig);
        out << *k;
    }
    return out;
}

Result<RecordList> Engine::Impl::selectRecords(const Model &m, const QString &sql, const QVariantList &binds)
{
    auto r = c.exec(sql, binds);
    if (!r)
        return r.error();
    Cursor *query = *r;
    RecordList out;
    while (query->next())
        out << readRecord(*query, m, 0);
    query->finish();
    return out;
}

// ---------------------------------------------------------------------------------------------

Engine::Engine(std::unique_ptr<Connection> c, Schema s) : m_conn(std::move(c)), m_schema(std::move(s))
{
    d = std::make_unique<Impl>(this, *m_conn, m_schema);
}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::open(const QString &url, Schema schema)
{
    qRegisterMetaType<grumble::SqlLogEntry>();
    qRegisterMetaType<grumble::Record>();
    qRegisterMetaType<grumble::RecordList>();
    auto c = Connection::open(url);
    if (!c)
        return c.error();
    if (const int max = (*c)->dialect().maxIdentifierLength()) {
        for (const Model &m : schema.models()) {
            for (const QString &name : QStringList { m.tableName }) {
                if (name.toUtf8().size() > max)
                    return makeError(ErrorKind::Schema, QStringLiteral("Table name '%1' is longer than the %2 bytes %3 keeps")
                                                                .arg(name).arg(max).arg((*c)->dialect().name()));
            }
            for (const Attribute &a : m.attributes) {
                if (a.field.toUtf8().size() > max)
                    return makeError(ErrorKind::Schema, QStringLiteral("Column name '%1.%2' is longer than the %3 bytes %4 keeps")
                                                                .arg(m.tableName, a.field).arg(max).arg((*c)->dialect().name()));
            }
        }
    }
    return std::unique_ptr<Engine>(new Engine(std::move(*c), std::move(schema)));
}

// ---- DDL ----

QStringList Engine::createTableSql(const Model &m) const
{
    const Dialect &dl = dialect();
    QStringList defs;
    const bool inlinePk = dl.inlineAutoIncrementKey();
    for (const Attribute &a : m.attributes) {
        QString def = dl.quote(a.field) + QLatin1Char(' ');
        if (a.primaryKey && a.autoIncrement && m.primaryKey.size() == 1) {
            def += dl.autoIncrementPrimaryKey(a);
        } else {
            def += dl.columnType(a);
            if (!a.allowNull)
                def += QStringLiteral(" NOT NULL");
            if (a.unique)
                def += QStringLiteral(" UNIQUE");
            if (a.primaryKey && m.primaryKey.size() == 1 && inlinePk)
                def += QStringLiteral(" PRIMARY KEY");
            if (a.defaultValue.isValid() && !a.defaultValue.isNull() && a.type != DataType::Json)
                def += QStringLiteral(" DEFAULT ") + sqlLiteral(a.type == DataType::Boolean ? QVariant(a.defaultValue.toBool())
                                                                                                  : dl.toDb(a.type, a.defaultValue));
        }
        if (!a.referencesModel.isEmpty() && a.constraint) {
            const Model *ref = m_schema.model(a.referencesModel);
            const Attribute *refKey = ref ? ref->attribute(a.referencesKey) : nullptr;
            if (ref && refKey) {
                def += QStringLiteral(" REFERENCES ") + dl.quote(ref->tableName) + QStringLiteral(" (")
                        + dl.quote(refKey->field) + QLatin1Char(')');
                if (!a.onDelete.isEmpty())
                    def += QStringLiteral(" ON DELETE ") + a.onDelete;
                if (!a.onUpdate.isEmpty())
                    def += QStringLiteral(" ON UPDATE ") + a.onUpdate;
            }
        }
        defs << def;
    }
    const bool separatePk = m.primaryKey.size() > 1 || (!inlinePk && !m.primaryKey.isEmpty());
    if (separatePk) {
        QStringList cols;
        for (const QString &k : m.primaryKey)
            cols << dl.quote(m.attribute(k)->field);
        defs << QStringLiteral("PRIMARY KEY (") + cols.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    QStringList out;
    out << QStringLiteral("CREATE TABLE IF NOT EXISTS ") + dl.quote(m.tableName) + QStringLiteral(" (")
                    + defs.join(QStringLiteral(", ")) + QLatin1Char(')');
    // Grumble's own indexes on foreign keys (Sequelize creates none). A key that leads the
    // primary key is already indexed.
    for (const Attribute &a : m.attributes) {
        if (a.referencesModel.isEmpty() || !a.indexed || (a.primaryKey && m.primaryKey.value(0) == a.name))
            continue;
        QString name = QStringLiteral("grumble_idx_") + m.tableName + QLatin1Char('_') + a.field;
        if (const int max = dl.maxIdentifierLength(); max && name.toUtf8().size() > max)
            name = QStringLiteral("grumble_idx_%1").arg(qHash(m.tableName + a.field), 0, 16);
        out << QStringLiteral("CREATE INDEX IF NOT EXISTS ") + dl.quote(name) + QStringLiteral(" ON ")
                        + dl.quote(m.tableName) + QStringLiteral(" (") + dl.quote(a.field) + QLatin1Char(')');
    }
    return out;
}

Result<QStringList> Engine::existingTables()
{
    auto r = m_conn->exec(dialect().listTablesSql());
    if (!r)
        return r.error();
    QStringList out;
    while ((*r)->next())
        out << (*r)->value(0).toString();
    (*r)->finish();
    return out;
}

Result<void> Engine::sync(bool force)
{
    ContextScope scope(*m_conn, force ? QStringLiteral("sync({force: true})") : QStringLiteral("sync()"));
    m_conn->clearStatementCache();
    Transaction tx(*m_conn);
    GRUMBLE_TRY(tx.start());
    const QVector<const Model *> order = m_schema.creationOrder();
    if (force) {
        for (int i = order.size() - 1; i >= 0; --i)
            GRUMBLE_TRY(m_conn->execDirect(dialect().dropTable(order.at(i)->tableName)));
    }
    for (const Model *m : order) {
        for (const QString &sql : createTableSql(*m))
            GRUMBLE_TRY(m_conn->execDirect(sql));
    }
    GRUMBLE_TRY(tx.commit());
    m_conn->clearStatementCache();
    return {};
}

// ---- records ----

namespace {

struct InsertRow
{
    QVector<QVariant> values; // aligned with attributes; invalid QVariant = omitted (auto id)
};

} // namespace

Result<RecordList> Engine::bulkCreate(const QString &modelName, const QList<QVariantMap> &rows)
{
    auto mr = m_schema.requireModel(modelName);
    if (!mr)
        return mr.error();
    return insertRows(**mr, rows, false);
}

Result<RecordList> Engine::insertRows(const Model &m, const QList<QVariantMap> &rows, bool ignoreDuplicates)
{
    const QVariant now = d->now();
    const QVariant nowDb = dialect().toDb(DataType::Date, now); // formatted once for every row
    const QVariant nowRead = dialect().fromDb(DataType::Date, nowDb); // what reading it back gives
    const int n = int(m.attributes.size());
    // Validate everything before the first statement; rows hold values ready to bind.
    QVector<QVector<QVariant>> prepared;
    prepared.reserve(rows.size());
    QVector<bool> hasAutoKey;
    for (int ri = 0; ri < rows.size(); ++ri) {
        const QVariantMap &values = rows.at(ri);
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (m.indexOf(it.key()) < 0)
                return d->unknownAttribute(m, it.key());
        }
        QVector<QVariant> row(n);
        bool autoKey = false;
        for (int i = 0; i < n; ++i) {
            const Attribute &a = m.attributes.at(i);
            auto it = values.find(a.name);
            if (it != values.end() && !(a.autoIncrement && it.value().isNull())) {
                auto v = d->coerce(m, a, it.value());
                if (!v) {
                    if (rows.size() > 1)
                        v.error().message = QStringLiteral("row %1: ").arg(ri + 1) + v.error().message;
                    return v.error();
                }
                row[i] = d->bindValue(a, *v);
            } else if (a.timestamp) {
                row[i] = nowDb;
            } else if (a.autoIncrement) {
                autoKey = true;
            } else if (a.defaultValue.isValid()) {
                row[i] = d->bindValue(a, a.defaultValue);
            } else if (!a.allowNull) {
                return validation(QStringLiteral("%1%2.%3 cannot be null")
                                          .arg(rows.size() > 1 ? QStringLiteral("row %1: ").arg(ri + 1) : QString(),
                                               m.name, a.name));
            }
        }
        prepared << row;
        hasAutoKey << autoKey;
    }
    ContextScope scope(*m_conn, rows.size() == 1 ? QStringLiteral("%1.create").arg(m.name)
                                                 : QStringLiteral("%1.bulkCreate").arg(m.name));
    // Records come back in the order of `rows`.
    QVector<Record> made(rows.size());
    QVector<bool> inserted(rows.size(), false);
    // One statement needs no transaction; more run in one.
    const int perStatement = qMax(1, qMin(dialect().preferredBindParameters() / qMax(1, n), 2000));
    int autoRows = 0;
    for (bool a : hasAutoKey)
        autoRows += a;
    const int autoColumns = int(std::count_if(m.attributes.begin(), m.attributes.end(),
                                              [](const Attribute &a) { return !a.autoIncrement; }));
    const bool manyStatements = (autoRows > 0 && rows.size() - autoRows > 0) || rows.size() > perStatement
            || (autoColumns == 0 && rows.size() > 1);
    Transaction tx(*m_conn);
    if (manyStatements)
        GRUMBLE_TRY(tx.start());
    // Without ON CONFLICT every row is inserted, so the database only has to hand back the keys it
    // generated; the other values are the ones bound, read the way a SELECT would read them. With
    // ON CONFLICT DO NOTHING the inserted rows are whole in RETURNING (the skipped ones are not).
    const QString returningAll = (ignoreDuplicates ? dialect().onConflictDoNothing() : QString())
            + QStringLiteral(" RETURNING ") + d->selectList(m, QString());
    auto recordFromBinds = [&](int ri, const QVariantList &generated, const QVector<int> &generatedCols) {
        const QVector<QVariant> &row = prepared.at(ri);
        ValuesBuilder &b = d->m_builder;
        b.reset(n);
        for (int i = 0; i < n; ++i) {
            const int g = generatedCols.indexOf(i);
            if (g >= 0)
                b.set(i, generated.at(g));
            else if (m.attributes.at(i).timestamp && row.at(i) == nowDb)
                b.set(i, nowRead); // parsed once, not once a row
            else
                b.set(i, dialect().fromDb(m.attributes.at(i).type, row.at(i)));
        }
        Record r;
        r.model = &m;
        r.values = b.build();
        made[ri] = std::move(r);
        inserted[ri] = true;
    };
    // Two passes: rows that let the database pick the key, then rows that give it.
    for (int pass = 0; pass < 2; ++pass) {
        QVector<int> cols, generatedCols;
        for (int i = 0; i < n; ++i) {
            if (!(pass == 0 && m.attributes.at(i).autoIncrement))
                cols << i;
            else
                generatedCols << i;
        }
        QVector<int> members;
        for (int ri = 0; ri < prepared.size(); ++ri) {
            if (hasAutoKey.at(ri) == (pass == 0))
                members << ri;
        }
        if (members.isEmpty())
            continue;
        QString returning = returningAll;
        // One row that may be skipped: whether it went in is the number of rows changed, and a
        // RETURNING clause would cost SQLite more than the insert itself (addFriend).
        const bool singleIgnorable = ignoreDuplicates && members.size() == 1 && generatedCols.isEmpty();
        if (singleIgnorable) {
            returning = dialect().onConflictDoNothing();
        } else if (!ignoreDuplicates) {
            QStringList g;
            for (int i : generatedCols)
                g << d->selected(QString(), m.attributes.at(i));
            returning = g.isEmpty() ? QString() : QStringLiteral(" RETURNING ") + g.join(QStringLiteral(", "));
        }
        const int chunk = perStatement;
        QString head = QStringLiteral("INSERT INTO ") + d->table(m) + QStringLiteral(" (");
        QString rowPlaceholders = QStringLiteral("(");
        for (int j = 0; j < cols.size(); ++j) {
            if (j) {
                head += QStringLiteral(", ");
                rowPlaceholders += QStringLiteral(", ");
            }
            head += dialect().quote(m.attributes.at(cols.at(j)).field);
            rowPlaceholders += QLatin1Char('?');
        }
        rowPlaceholders += QLatin1Char(')');
        head += QStringLiteral(") VALUES ");
        if (cols.isEmpty()) {
            // DEFAULT VALUES inserts one row per statement
            head = QStringLiteral("INSERT INTO ") + d->table(m) + QStringLiteral(" DEFAULT VALUES");
            for (int ri : members) {
                auto r = d->selectRecords(m, head + returningAll, {});
                if (!r)
                    return r.error();
                if (!r->isEmpty()) {
                    made[ri] = r->first();
                    inserted[ri] = true;
                }
            }
            continue;
        }
        QString fullChunkSql; // every full chunk runs the same text
        for (int start = 0; start < members.size(); start += chunk) {
            const int count = qMin(chunk, int(members.size()) - start);
            QString sql;
            if (count == chunk && !fullChunkSql.isEmpty()) {
                sql = fullChunkSql;
            } else {
                sql = head;
                sql.reserve(head.size() + count * (rowPlaceholders.size() + 2) + returning.size());
                for (int k = 0; k < count; ++k) {
                    if (k)
                        sql += QStringLiteral(", ");
                    sql += rowPlaceholders;
                }
                sql += returning;
                if (count == chunk)
                    fullChunkSql = sql;
            }
            QVariantList binds;
            binds.reserve(count * cols.size());
            for (int k = 0; k < count; ++k) {
                const QVector<QVariant> &row = prepared.at(members.at(start + k));
                for (int col : cols)
                    binds << row.at(col);
            }
            if (singleIgnorable) {
                auto changed = d->c.execAffected(sql, binds);
                if (!changed)
                    return changed.error();
                if (*changed > 0)
                    recordFromBinds(members.first(), {}, {});
                continue;
            }
            if (ignoreDuplicates) {
                // The rows that were inserted, whole; matched to theirs by the primary key.
                auto r = d->selectRecords(m, sql, binds);
                if (!r)
                    return r.error();
                QHash<QString, int> byKey;
                auto keyText = [&](auto valueAt) {
                    QString k;
                    for (const QString &pk : m.primaryKey)
                        k += displayText(valueAt(m.indexOf(pk))) + QChar(0x1f);
                    return k;
                };
                for (int k = 0; k < count; ++k) {
                    const int ri = members.at(start + k);
                    const QVector<QVariant> &row = prepared.at(ri);
                    byKey.insert(keyText([&](int i) { return dialect().fromDb(m.attributes.at(i).type, row.at(i)); }), ri);
                }
                for (const Record &rec : *r) {
                    const int ri = byKey.value(keyText([&](int i) { return rec.values.value(i); }), -1);
                    if (ri >= 0) {
                        made[ri] = rec;
                        inserted[ri] = true;
                    }
                }
                continue;
            }
            auto r = d->c.exec(sql, binds);
            if (!r)
                return r.error();
            Cursor &q = **r;
            if (generatedCols.isEmpty()) {
                q.finish();
                for (int k = 0; k < count; ++k)
                    recordFromBinds(members.at(start + k), {}, {});
                continue;
            }
            // Generated keys grow in the order the rows were inserted, whatever order RETURNING
            // lists them in: sorted, the k-th belongs to the k-th row of the statement.
            QVector<QVariantList> keys;
            keys.reserve(count);
            while (q.next()) {
                QVariantList g;
                for (int j = 0; j < generatedCols.size(); ++j)
                    g << q.typed(j, m.attributes.at(generatedCols.at(j)).type);
                keys << g;
            }
            q.finish();
            if (keys.size() != count)
                return makeError(ErrorKind::Database, QStringLiteral("%1.bulkCreate: the database returned %2 keys for %3 rows")
                                                              .arg(m.name).arg(keys.size()).arg(count));
            std::sort(keys.begin(), keys.end(), [](const QVariantList &a, const QVariantList &b) {
                return a.first().toLongLong() < b.first().toLongLong();
            });
            for (int k = 0; k < count; ++k)
                recordFromBinds(members.at(start + k), keys.at(k), generatedCols);
        }
    }
    if (manyStatements)
        GRUMBLE_TRY(tx.commit());
    RecordList out;
    out.reserve(rows.size());
    for (int ri = 0; ri < made.size(); ++ri) {
        if (inserted.at(ri))
            out << std::move(made[ri]);
    }
    return out;
}

Result<Record> Engine::create(const QString &model, const QVariantMap &values)
{
    auto r = bulkCreate(model, { values });
    if (!r)
        return r.error();
    return r->value(0);
}

Result<Record> Engine::findByPk(const QString &modelName, const QVariant &pk, const FindOptions &o)
{
    auto mr = m_schema.requireModel(modelName);
    if (!mr)
        return mr.error();
    const Model &m = **mr;
    const Attribute *key = m.pk();
    if (!key)
        return makeError(ErrorKind::Schema, QStringLiteral("%1 has a composite primary key; use findOne").arg(m.name));
    auto k = d->keyOf(m, pk, key->name, m.name + QStringLiteral(".findByPk"));
    if (!k)
        return k.error();
    FindOptions opts = o;
    QVariantMap where { { key->name, *k } };
    if (o.where.isValid() && !o.where.isNull())
        where = QVariantMap { { QStringLiteral("$and"), QVariantList { where, o.where } } };
    opts.where = where;
    opts.offset.reset();
    ContextScope scope(*m_conn, m.name + QStringLiteral(".findByPk"));
    return d->findFirst(m, opts);
}

namespace {

// Resolves the model, names the action in the SQL log, and runs it.
template <typename F>
auto onModel(const Schema &schema, Connection &c, const QString &modelName, const char *action, F run)
        -> decltype(run(std::declval<const Model &>()))
{
    auto mr = schema.requireModel(modelName);
    if (!mr)
        return mr.error();
    ContextScope scope(c, (*mr)->name + QLatin1Char('.') + QLatin1String(action));
    return run(**mr);
}

} // namespace

Result<RecordList> Engine::findAll(const QString &modelName, const FindOptions &o)
{
    return onModel(m_schema, *m_conn, modelName, "findAll", [&](const Model &m) { return d->find(m, o); });
}

Result<Record> Engine::findOne(const QString &modelName, const FindOptions &o)
{
    return onModel(m_schema, *m_conn, modelName, "findOne", [&](const Model &m) { return d->findFirst(m, o); });
}

Result<qint64> Engine::count(const QString &modelName, const FindOptions &o)
{
    return onModel(m_schema, *m_conn, modelName, "count", [&](const Model &m) { return d->count(m, o); });
}

namespace {

// WHERE clause identifying one record by its primary key (composite keys included).
Result<QString> pkCondition(const Engine::Impl &d, const Record &r, QVariantList *binds)
{
    if (!r.model || r.model->primaryKey.isEmpty())
        return makeError(ErrorKind::Validation, QStringLiteral("The record has no primary key"));
    QStringList parts;
    for (const QString &k : r.model->primaryKey) {
        const Attribute *a = r.model->attribute(k);
        const QVariant v = r.value(k);
        if (v.isNull())
            return makeError(ErrorKind::Validation,
                             QStringLiteral("The %1 record has no %2 (was it saved?)").arg(r.model->name, k));
        parts << d.column(QString(), *a) + QStringLiteral(" = ?");
        *binds << d.bindValue(*a, v);
    }
    return parts.join(QStringLiteral(" AND "));
}

Error notFound(const Record &r)
{
    return makeError(ErrorKind::NotFound, QStringLiteral("%1 does not exist (any more)").arg(r.label()));
}

} // namespace

Result<Record> Engine::update(const Record &record, const QVariantMap &values)
{
    if (!record.model)
        return validation(QStringLiteral("update() needs a record"));
    const Model &m = *record.model;
    QStringList sets;
    QVariantList binds;
    bool touchedUpdatedAt = false;
    for (auto it = values.begin(); it != values.end(); ++it) {
        const Attribute *a = m.attribute(it.key());
        if (!a)
            return d->unknownAttribute(m, it.key());
        auto v = d->coerce(m, *a, it.value());
        if (!v)
            return v.error();
        sets << d->column(QString(), *a) + QStringLiteral(" = ?");
        binds << d->bindValue(*a, *v);
        touchedUpdatedAt |= a->name == m.updatedAtName();
    }
    if (const Attribute *u = m.attribute(m.updatedAtName()); u && u->timestamp && !touchedUpdatedAt) {
        sets << d->column(QString(), *u) + QStringLiteral(" = ?");
        binds << d->bindValue(*u, d->now());
    }
    if (sets.isEmpty())
        return record;
    auto cond = pkCondition(*d, record, &binds);
    if (!cond)
        return cond.error();
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".update"));
    const QString sql = QStringLiteral("UPDATE ") + d->table(m) + QStringLiteral(" SET ") + sets.join(QStringLiteral(", "))
            + QStringLiteral(" WHERE ") + *cond + QStringLiteral(" RETURNING ") + d->selectList(m, QString());
    auto r = d->selectRecords(m, sql, binds);
    if (!r)
        return r.error();
    if (r->isEmpty())
        return notFound(record);
    return r->first();
}

Result<Record> Engine::destroy(const Record &record)
{
    if (!record.model)
        return validation(QStringLiteral("destroy() needs a record"));
    QVariantList binds;
    auto cond = pkCondition(*d, record, &binds);
    if (!cond)
        return cond.error();
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".destroy"));
    auto n = m_conn->execAffected(QStringLiteral("DELETE FROM ") + d->table(*record.model) + QStringLiteral(" WHERE ") + *cond,
                                  binds);
    if (!n)
        return n.error();
    if (*n == 0)
        return notFound(record);
    return record;
}

Result<Record> Engine::reload(const Record &record)
{
    if (!record.model)
        return validation(QStringLiteral("reload() needs a record"));
    QVariantList binds;
    auto cond = pkCondition(*d, record, &binds);
    if (!cond)
        return cond.error();
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".reload"));
    auto r = d->selectRecords(*record.model, QStringLiteral("SELECT ") + d->selectList(*record.model, QString())
                                      + QStringLiteral(" FROM ") + d->table(*record.model) + QStringLiteral(" WHERE ") + *cond,
                              binds);
    if (!r)
        return r.error();
    if (r->isEmpty())
        return notFound(record);
    return r->first();
}

Result<QStringList> Engine::describeDestroy(const Record &record)
{
    QStringList out;
    if (!record.model)
        return out;
    ContextScope scope(*m_conn, record.label() + QStringLiteral(".describeDestroy"));
    for (const Model &other : m_schema.models()) {
        for (const Attribute &a : other.attributes) {
            if (a.referencesModel != record.model->name || !a.constraint)
                continue;
            const QVariant key = record.value(a.referencesKey);
            if (key.isNull())
                continue;
            auto r = m_conn->exec(QStringLiteral("SELECT COUNT(*) FROM ") + d->table(other) + QStringLiteral(" WHERE ")
                                          + d->column(QString(), a) + QStringLiteral(" = ?"),
                                  { d->bindValue(a, key) });
            if (!r)
                return r.error();
            qint64 n = 0;
            if ((*r)->next())
                n = (*r)->value(0).toLongLong();
            (*r)->finish();
            if (n == 0)
                continue;
            const QString rows = n == 1 ? other.singular : other.plural;
            if (a.onDelete == QLatin1String("CASCADE"))
                out << QStringLiteral("%1 %2 will be deleted").arg(n).arg(rows);
            else if (a.onDelete == QLatin1String("SET NULL"))
                out << QStringLiteral("%1 %2 will lose their %3 (%4 set to NULL)")
                               .arg(n).arg(rows, record.model->singular, a.name);
            else if (a.onDelete == QLatin1String("SET DEFAULT"))
                out << QStringLiteral("%1 %2 will get the default %3").arg(n).arg(rows, a.name);
            else
                out << QStringLiteral("%1 %2 still reference it: the database will refuse the delete").arg(n).arg(rows);
        }
    }
    return out;
}

// ---- accessors ----

namespace {

struct AccessorContext
{
    Engine::Impl &d;
    const Association &as;
    const Model &source;
    const Model &target;
    const Model *through;
    const Record &self;
    QString name;

    Connection &c() { return d.c; }
    QString q(const QString &id) const { return d.quote(id); }
    const Attribute &attr(const Model &m, const QString &n) const { return *m.attribute(n); }
};

// UPDATE target SET fk = ?, updatedAt = ? WHERE <cond>
QString updateFkSql(AccessorContext &x, const QString &where, QVariantList *binds, const QVariant &value)
{
    const Attribute &fk = x.attr(x.target, x.as.foreignKey);
    QString sql = QStringLiteral("UPDATE ") + x.d.table(x.target) + QStringLiteral(" SET ") + x.d.column(QString(), fk)
            + QStringLiteral(" = ?");
    binds->prepend(x.d.bindValue(fk, value));
    if (const Attribute *u = x.target.attribute(x.target.updatedAtName()); u && u->timestamp) {
        sql += QStringLiteral(", ") + x.d.column(QString(), *u) + QStringLiteral(" = ?");
        binds->insert(1, x.d.bindValue(*u, x.d.now()));
    }
    return sql + QStringLiteral(" WHERE ") + where;
}

Result<QVariant> sourceKeyValue(AccessorContext &x, const QString &attribute)
{
    const QVariant v = x.self.value(attribute);
    if (v.isNull())
        return makeError(ErrorKind::Validation, QStringLiteral("%1: %2 has no %3 (was it saved?)")
                                                        .arg(x.name, x.self.label(), attribute));
    return v;
}

Result<QVariantMap> createValues(AccessorContext &x, const QVariantList &args)
{
    const QVariant v = args.value(0);
    if (v.isValid() && !v.isNull() && v.metaType().id() != QMetaType::QVariantMap)
        return makeError(ErrorKind::Validation, QStringLiteral("%1 expects an object of %2 values, not %3")
                                                        .arg(x.name, x.target.name, typeOfValue(v)));
    return v.toMap();
}

// count*/has*: one COUNT; has* compares it with the number of distinct keys given ([] is true).
Result<QVariant> countOrHas(AccessorContext &x, AccessorRole role, QString sql, QVariantList binds,
                            const QString &keyColumn, const Attribute &key, const QVariant &arg, const QString &joiner)
{
    qint64 expected = 0;
    if (role != AccessorRole::Count) {
        auto keys = x.d.keysOf(x.target, arg, key.name, x.name, false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return true; // hasPugs([]) is true, as in Sequelize; no query needed
        expected = keys->size();
        sql += joiner + x.d.d.inKeyList(keyColumn, key.type);
        binds << x.d.d.keyListBinding(*keys, key.type);
    }
    auto r = x.c().exec(sql, binds);
    if (!r)
        return r.error();
    const qint64 n = (*r)->next() ? (*r)->value(0).toLongLong() : 0;
    (*r)->finish();
    if (role == AccessorRole::Count)
        return n;
    return n == expected;
}

// ---- belongsTo ----
Result<QVariant> belongsToCall(AccessorContext &x, AccessorRole role, const QVariantList &args)
{
    const Attribute &fk = x.attr(x.source, x.as.foreignKey);
    const Attribute &tk = x.attr(x.target, x.as.targetKey);
    switch (role) {
    case AccessorRole::Get: {
        const QVariant key = x.self.value(fk.name);
        if (key.isNull())
            return QVariant();
        auto r = x.d.selectRecords(x.target, QStringLiteral("SELECT ") + x.d.selectList(x.target, QString())
                                                   + QStringLiteral(" FROM ") + x.d.table(x.target) + QStringLiteral(" WHERE ")
                                                   + x.d.column(QString(), tk) + QStringLiteral(" = ?"),
                                   { x.d.bindValue(tk, key) });
        if (!r)
            return r.error();
        return r->isEmpty() ? QVariant() : QVariant::fromValue(r->first());
    }
    case AccessorRole::Set: {
        QVariant key;
        if (!args.value(0).isNull()) {
            auto k = x.d.keyOf(x.target, args.value(0), tk.name, x.name);
            if (!k)
                return k.error();
            key = *k;
        } else if (!fk.allowNull) {
            return makeError(ErrorKind::Validation, QStringLiteral("%1: %2.%3 cannot be null")
                                                            .arg(x.name, x.source.name, fk.name));
        }
        auto r = x.d.q->update(x.self, { { fk.name, key } });
        if (!r)
            return r.error();
        return QVariant::fromValue(*r);
    }
    case AccessorRole::Create: {
        auto values = createValues(x, args);
        if (!values)
            return values.error();
        Transaction tx(x.c());
        GRUMBLE_TRY(tx.start());
        auto created = x.d.q->create(x.target.name, *values);
        if (!created)
            return created.error();
        auto updated = x.d.q->update(x.self, { { fk.name, created->value(tk.name) } });
        if (!updated)
            return updated.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(*created);
    }
    default: break;
    }
    return makeError(ErrorKind::UnknownAssociation, x.name);
}

// ---- hasOne / hasMany ----
Result<QVariant> hasCall(AccessorContext &x, AccessorRole role, const QVariantList &args)
{
    const Attribute &fk = x.attr(x.target, x.as.foreignKey);
    const Attribute &sk = x.attr(x.source, x.as.sourceKey);
    const Attribute *tpk = x.target.pk();
    if (!tpk)
        return makeError(ErrorKind::Schema, QStringLiteral("%1 needs a single-column primary key on %2").arg(x.name, x.target.name));
    auto ownKey = sourceKeyValue(x, sk.name);
    if (!ownKey)
        return ownKey.error();
    const QVariant own = x.d.bindValue(sk, *ownKey);
    const QString fkCol = x.d.column(QString(), fk);
    const QString pkCol = x.d.column(QString(), *tpk);
    const bool one = x.as.kind == AssociationKind::HasOne;
    const QString selectTargets = QStringLiteral("SELECT ") + x.d.selectList(x.target, QString()) + QStringLiteral(" FROM ")
            + x.d.table(x.target) + QStringLiteral(" WHERE ") + fkCol + QStringLiteral(" = ?");
    auto keyListArg = [&](const QVariant &arg, bool allowNull) {
        return x.d.keysOf(x.target, arg, tpk->name, x.name, allowNull);
    };
    auto inList = [&](QVariantList *binds, const QVariantList &keys) {
        *binds << x.d.d.keyListBinding(keys, tpk->type);
        return x.d.d.inKeyList(pkCol, tpk->type);
    };
    switch (role) {
    case AccessorRole::Get: {
        auto r = x.d.selectRecords(x.target, selectTargets + QStringLiteral(" ORDER BY ") + pkCol
                                           + (one ? QStringLiteral(" LIMIT 1") : QString()),
                                   { own });
        if (!r)
            return r.error();
        if (one)
            return r->isEmpty() ? QVariant() : QVariant::fromValue(r->first());
        return QVariant::fromValue(*r);
    }
    case AccessorRole::Count:
    case AccessorRole::HasSingle:
    case AccessorRole::HasAll:
        return countOrHas(x, role,
                          QStringLiteral("SELECT COUNT(") + pkCol + QStringLiteral(") FROM ") + x.d.table(x.target)
                                  + QStringLiteral(" WHERE ") + fkCol + QStringLiteral(" = ?"),
                          { own }, pkCol, *tpk, args.value(0), QStringLiteral(" AND "));
    case AccessorRole::Create: {
        auto values = createValues(x, args);
        if (!values)
            return values.error();
        QVariantMap v = *values;
        v.insert(fk.name, *ownKey);
        if (!one) {
            auto r = x.d.q->create(x.target.name, v);
            if (!r)
                return r.error();
            return QVariant::fromValue(*r);
        }
        // hasOne: the previous target lets go first.
        Transaction tx(x.c());
        GRUMBLE_TRY(tx.start());
        QVariantList binds { own };
        auto n = x.c().execAffected(updateFkSql(x, fkCol + QStringLiteral(" = ?"), &binds, QVariant()), binds);
        if (!n)
            return n.error();
        auto r = x.d.q->create(x.target.name, v);
        if (!r)
            return r.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(*r);
    }
    case AccessorRole::Add:
    case AccessorRole::AddMultiple: {
        auto keys = keyListArg(args.value(0), false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return QVariant::fromValue(x.self);
        Transaction tx(x.c());
        GRUMBLE_TRY(tx.start());
        QVariantList binds;
        const QString cond = inList(&binds, *keys);
        auto n = x.c().execAffected(updateFkSql(x, cond, &binds, *ownKey), binds);
        if (!n)
            return n.error();
        if (*n != keys->size())
            return makeError(ErrorKind::NotFound, QStringLiteral("%1: %2 of the %3 given %4 do not exist")
                                                          .arg(x.name).arg(keys->size() - *n).arg(keys->size())
                                                          .arg(x.target.plural));
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(x.self);
    }
    case AccessorRole::Remove:
    case AccessorRole::RemoveMultiple: {
        auto keys = keyListArg(args.value(0), false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return qint64(0);
        if (!fk.allowNull)
            return makeError(ErrorKind::Validation, QStringLiteral("%1: %2.%3 cannot be null, so a %2 cannot be removed from "
                                                                   "its %4; destroy it instead")
                                                            .arg(x.name, x.target.name, fk.name, x.source.name));
        QVariantList binds { own };
        const QString cond = fkCol + QStringLiteral(" = ? AND ") + inList(&binds, *keys);
        auto n = x.c().execAffected(updateFkSql(x, cond, &binds, QVariant()), binds);
        if (!n)
            return n.error();
        return qint64(*n);
    }
    case AccessorRole::Set: {
        const QVariant arg = args.value(0);
        QVariantList wanted;
        if (one) {
            if (!arg.isNull()) {
                auto k = x.d.keyOf(x.target, arg, tpk->name, x.name);
                if (!k)
                    return k.error();
                wanted << *k;
            }
        } else {
            auto keys = keyListArg(arg, true);
            if (!keys)
                return keys.error();
            wanted = *keys;
        }
        Transaction tx(x.c());
        GRUMBLE_TRY(tx.start());
        auto current = x.d.selectRecords(x.target, selectTargets, { own });
        if (!current)
            return current.error();
        QSet<QString> wantedSet, currentSet;
        for (const QVariant &k : wanted)
            wantedSet.insert(k.toString());
        QVariantList obsolete;
        for (const Record &r : *current) {
            currentSet.insert(r.pk().toString());
            if (!wantedSet.contains(r.pk().toString()))
                obsolete << r.pk();
        }
        QVariantList added;
        for (const QVariant &k : wanted) {
            if (!currentSet.contains(k.toString()))
                added << k;
        }
        if (!obsolete.isEmpty()) {
            if (!fk.allowNull)
                return makeError(ErrorKind::Validation, QStringLiteral("%1: %2.%3 cannot be null, so %4 %5 cannot be "
                                                                       "let go; destroy them or give them another %6")
                                                                .arg(x.name, x.target.name, fk.name).arg(obsolete.size())
                                                                .arg(x.target.plural, x.source.name));
            QVariantList binds;
            const QString cond = inList(&binds, obsolete);
            auto n = x.c().execAffected(updateFkSql(x, cond, &binds, QVariant()), binds);
            if (!n)
                return n.error();
        }
        if (!added.isEmpty()) {
            QVariantList binds;
            const QString cond = inList(&binds, added);
            auto n = x.c().execAffected(updateFkSql(x, cond, &binds, *ownKey), binds);
            if (!n)
                return n.error();
            if (*n != added.size())
                return makeError(ErrorKind::NotFound, QStringLiteral("%1: %2 of the %3 given %4 do not exist")
                                                              .arg(x.name).arg(added.size() - *n).arg(added.size())
                                                              .arg(x.target.plural));
        }
        GRUMBLE_TRY(tx.commit());
        if (one) {
            if (wanted.isEmpty())
                return QVariant();
            auto r = x.d.q->findByPk(x.target.name, wanted.first());
            if (!r)
                return r.error();
            return QVariant::fromValue(*r);
        }
        return QVariant::fromValue(x.self);
    }
    }
    return makeError(ErrorKind::UnknownAssociation, x.name);
}

// ---- belongsToMany ----
Result<QVariant> belongsToManyCall(AccessorContext &x, AccessorRole role, const QVariantList &args)
{
    const Model &j = *x.through;
    const Attribute &jfk = x.attr(j, x.as.foreignKey);
    const Attribute &jok = x.attr(j, x.as.otherKey);
    const Attribute &sk = x.attr(x.source, x.as.sourceKey);
    const Attribute &tk = x.attr(x.target, x.as.targetKey);
    const Attribute *tpk = x.target.pk();
    if (!tpk)
        return makeError(ErrorKind::Schema, QStringLiteral("%1 needs a single-column primary key on %2").arg(x.name, x.target.name));
    auto ownKey = sourceKeyValue(x, sk.name);
    if (!ownKey)
        return ownKey.error();
    const QVariant own = x.d.bindValue(jfk, *ownKey);
    const QString ta = x.target.name;           // target alias
    const QString ja = j.name;                  // through alias
    const auto joinSql = [&] {
        return x.d.table(x.target) + QStringLiteral(" AS ") + x.q(ta) + QStringLiteral(" INNER JOIN ")
                + x.d.table(j) + QStringLiteral(" AS ") + x.q(ja) + QStringLiteral(" ON ") + x.d.column(ta, tk)
                + QStringLiteral(" = ") + x.d.column(ja, jok) + QStringLiteral(" AND ") + x.d.column(ja, jfk)
                + QStringLiteral(" = ?");
    };
    auto keyListArg = [&](const QVariant &arg, bool allowNull) {
        return x.d.keysOf(x.target, arg, tk.name, x.name, allowNull);
    };
    auto selectJoinRows = [&](const QVariantList &others) -> Result<RecordList> {
        QVariantList binds { own };
        QString sql = QStringLiteral("SELECT ") + x.d.selectList(j, QString()) + QStringLiteral(" FROM ") + x.d.table(j)
                + QStringLiteral(" WHERE ") + x.d.column(QString(), jfk) + QStringLiteral(" = ?");
        if (!others.isEmpty()) {
            sql += QStringLiteral(" AND ") + x.d.d.inKeyList(x.d.column(QString(), jok), jok.type);
            binds << x.d.d.keyListBinding(others, jok.type);
        }
        return x.d.selectRecords(j, sql, binds);
    };
    auto insertJoinRows = [&](const QVariantList &others) -> Result<RecordList> {
        QList<QVariantMap> rows;
        for (const QVariant &o : others)
            rows << QVariantMap { { jfk.name, *ownKey }, { jok.name, o } };
        return x.d.q->bulkCreate(j.name, rows);
    };
    auto deleteJoinRows = [&](const QVariantList &others) -> Result<int> {
        QVariantList binds { own, x.d.d.keyListBinding(others, jok.type) };
        return x.c().execAffected(QStringLiteral("DELETE FROM ") + x.d.table(j) + QStringLiteral(" WHERE ")
                                          + x.d.column(QString(), jfk) + QStringLiteral(" = ? AND ")
                                          + x.d.d.inKeyList(x.d.column(QString(), jok), jok.type),
                                  binds);
    };
    switch (role) {
    case AccessorRole::Get: {
        auto r = x.c().exec(QStringLiteral("SELECT ") + x.d.selectList(x.target, ta) + QStringLiteral(", ")
                                    + x.d.selectList(j, ja) + QStringLiteral(" FROM ") + joinSql() + QStringLiteral(" ORDER BY ")
                                    + x.d.column(ta, *tpk),
                            { own });
        if (!r)
            return r.error();
        RecordList out;
        const int n = int(x.target.attributes.size());
        auto shape = std::make_shared<RecordShape>();
        shape->throughModel = &j;
        while ((*r)->next()) {
            Record rec = x.d.readRecord(**r, x.target, 0);
            rec.shape = shape;
            rec.throughValues = x.d.readValues(**r, j, n);
            out << rec;
        }
        (*r)->finish();
        return QVariant::fromValue(out);
    }
    case AccessorRole::Count:
    case AccessorRole::HasSingle:
    case AccessorRole::HasAll:
        return countOrHas(x, role, QStringLiteral("SELECT COUNT(") + x.d.column(ta, *tpk) + QStringLiteral(") FROM ") + joinSql(),
                          { own }, x.d.column(ta, tk), tk, args.value(0), QStringLiteral(" WHERE "));
    case AccessorRole::Add:
    case AccessorRole::AddMultiple: {
        // One INSERT ... ON CONFLICT DO NOTHING RETURNING: the pairs that existed are skipped and
        // only the new join rows come back (Sequelize: SELECT existing, then INSERT the rest).
        auto keys = keyListArg(args.value(0), false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return QVariant();
        QList<QVariantMap> rows;
        for (const QVariant &o : *keys)
            rows << QVariantMap { { jfk.name, *ownKey }, { jok.name, o } };
        auto inserted = x.d.insertRows(j, rows, true);
        if (!inserted)
            return inserted.error();
        if (inserted->isEmpty())
            return QVariant(); // Sequelize returns undefined when every pair existed
        return QVariant::fromValue(*inserted);
    }
    case AccessorRole::Remove:
    case AccessorRole::RemoveMultiple: {
        auto keys = keyListArg(args.value(0), false);
        if (!keys)
            return keys.error();
        if (keys->isEmpty())
            return qint64(0);
        auto n = deleteJoinRows(*keys);
        if (!n)
            return n.error();
        return qint64(*n);
    }
    case AccessorRole::Set: {
        auto keys = keyListArg(args.value(0), true);
        if (!keys)
            return keys.error();
        Transaction tx(x.c());
        GRUMBLE_TRY(tx.start());
        auto current = selectJoinRows({});
        if (!current)
            return current.error();
        QSet<QString> wanted, have;
        for (const QVariant &k : *keys)
            wanted.insert(k.toString());
        QVariantList obsolete;
        for (const Record &r : *current) {
            const QVariant other = r.value(jok.name);
            have.insert(other.toString());
            if (!wanted.contains(other.toString()))
                obsolete << other;
        }
        QVariantList missing;
        for (const QVariant &k : *keys) {
            if (!have.contains(k.toString()))
                missing << k;
        }
        QVariantList result;
        if (!obsolete.isEmpty()) {
            auto n = deleteJoinRows(obsolete);
            if (!n)
                return n.error();
            result << qint64(*n);
        }
        if (!missing.isEmpty()) {
            auto inserted = insertJoinRows(missing);
            if (!inserted)
                return inserted.error();
            result << QVariant::fromValue(*inserted);
        }
        GRUMBLE_TRY(tx.commit());
        return result;
    }
    case AccessorRole::Create: {
        auto values = createValues(x, args);
        if (!values)
            return values.error();
        Transaction tx(x.c());
        GRUMBLE_TRY(tx.start());
        auto created = x.d.q->create(x.target.name, *values);
        if (!created)
            return created.error();
        auto inserted = insertJoinRows({ created->value(tk.name) });
        if (!inserted)
            return inserted.error();
        GRUMBLE_TRY(tx.commit());
        return QVariant::fromValue(*created);
    }
    }
    return makeError(ErrorKind::UnknownAssociation, x.name);
}

} // namespace

Result<QVariant> Engine::call(const Record &self, const QString &accessor, const QVariantList &args)
{
    if (!self.model)
        return validation(QStringLiteral("%1 needs a record to call it on").arg(accessor));
    const std::optional<Accessor> acc = m_schema.findAccessor(self.model->name, accessor);
    if (!acc) {
        QStringList names;
        for (const Accessor &a : m_schema.accessorsOf(self.model->name))
            names << a.name;
        return makeError(ErrorKind::UnknownAssociation,
                         QStringLiteral("%1 has no accessor '%2'%3").arg(self.model->name, accessor,
                                 names.isEmpty() ? QStringLiteral(" (it has no associations)")
                                                 : QStringLiteral(" (it has: %1)").arg(names.join(QStringLiteral(", ")))));
    }
    return call(self, *acc, args);
}

Result<QVariant> Engine::call(const Record &self, const Accessor &acc, const QVariantList &args)
{
    const Association &as = m_schema.associations().at(acc.association);
    const Model *source = m_schema.model(as.source);
    const Model *target = m_schema.model(as.target);
    const Model *through = as.through.isEmpty() ? nullptr : m_schema.model(as.through);
    if (!self.model || self.model->name != source->name)
        return validation(QStringLiteral("%1 is an accessor of %2, not of %3")
                                  .arg(acc.name, source->name, self.model ? self.model->name : QStringLiteral("nothing")));
    const bool needsArg = acc.role != AccessorRole::Get && acc.role != AccessorRole::Count && acc.role != AccessorRole::Create;
    if (needsArg && args.isEmpty())
        return validation(QStringLiteral("%1 needs an argument").arg(acc.name));
    if (args.size() > 1)
        return validation(QStringLiteral("%1 takes %2 argument, not %3")
                                  .arg(acc.name, needsArg || acc.role == AccessorRole::Create ? QStringLiteral("one")
                                                                                               : QStringLiteral("no"))
                                  .arg(args.size()));
    if (!needsArg && acc.role != AccessorRole::Create && !args.isEmpty())
        return validation(QStringLiteral("%1 takes no argument").arg(acc.name));
    const bool listRole = acc.role == AccessorRole::AddMultiple || acc.role == AccessorRole::RemoveMultiple
            || acc.role == AccessorRole::HasAll || (acc.role == AccessorRole::Set && as.isToMany());
    const bool singleRole = acc.role == AccessorRole::Add || acc.role == AccessorRole::Remove
            || acc.role == AccessorRole::HasSingle;
    if (listRole && !args.isEmpty() && !args.first().isNull() && !isList(args.first())
        && !(acc.role == AccessorRole::Set))
        return validation(QStringLiteral("%1 expects an array of %2 records or keys").arg(acc.name, target->name));
    if (singleRole && isList(args.value(0)))
        return validation(QStringLiteral("%1 expects one %2 record or key, not an array (use %3)")
                                  .arg(acc.name, target->name,
                                       acc.name.left(acc.name.indexOf(QRegularExpression(QStringLiteral("[A-Z]"))))
                                               + inflection::upperFirst(as.plural)));
    ContextScope scope(*m_conn, self.label() + QLatin1Char('.') + acc.name);
    AccessorContext x { *d, as, *source, *target, through, self, acc.name };
    switch (as.kind) {
    case AssociationKind::BelongsTo: return belongsToCall(x, acc.role, args);
    case AssociationKind::HasOne:
    case AssociationKind::HasMany: return hasCall(x, acc.role, args);
    case AssociationKind::BelongsToMany: return belongsToManyCall(x, acc.role, args);
    }
    return makeError(ErrorKind::UnknownAssociation, acc.name);
}

} // namespace grumble


#include "databaseurl.h"
#include "dialect.h"
#include "dialect_p.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSqlDatabase>
#include <QStringList>

#include <charconv>

namespace grumble {

namespace {

class PostgresDialect final : public Dialect
{
public:
    QString name() const override { return QStringLiteral("postgres"); }
    QString qtDriver() const override { return QStringLiteral("QPSQL"); }
    QString quote(const QString &id) const override { return quoteWith(id, QLatin1Char('"')); }
    QString columnType(const Attribute &a) const override
    {
        switch (a.type) {
        case DataType::Float: return QStringLiteral("REAL");
        case DataType::Boolean: return QStringLiteral("BOOLEAN");
        case DataType::Date: return QStringLiteral("TIMESTAMP WITH TIME ZONE");
        default: return Dialect::columnType(a);
        }
    }
    QString selectColumn(const QString &expr, DataType type) const override
    {
        return type == DataType::Date ? QStringLiteral("CAST(") + expr + QStringLiteral(" AS TEXT)") : expr;
    }
    QString autoIncrementPrimaryKey(const Attribute &a) const override
    {
        return a.type == DataType::BigInt ? QStringLiteral("BIGSERIAL") : QStringLiteral("SERIAL");
    }
    bool inlineAutoIncrementKey() const override { return false; }
    //! Also points the session at the URL's schema (remembered by configure()), so the engine's
    //! unqualified table names and listTablesSql() (current_schema()) are that schema's.
    QStringList connectionSetup() const override
    {
        QStringList setup { QStringLiteral("SET client_min_messages TO WARNING"), QStringLiteral("SET TIME ZONE 'UTC'") };
        if (!m_schema.isEmpty())
            setup << QStringLiteral("SET search_path TO ") + quote(m_schema);
        return setup;
    }
    QString beginWrite() const override { return QStringLiteral("BEGIN"); }
    int maxIdentifierLength() const override { return 63; }
    int maxBindParameters() const override { return 65535; }
    QString inKeyList(const QString &col, DataType type) const override
    {
        QString arrayType = QStringLiteral("text[]");
        if (type == DataType::Integer)
            arrayType = QStringLiteral("integer[]");
        else if (type == DataType::BigInt)
            arrayType = QStringLiteral("bigint[]");
        return col + QStringLiteral(" = ANY(CAST(? AS ") + arrayType + QStringLiteral("))");
    }
    QVariant keyListBinding(const QVariantList &keys, DataType type) const override
    {
        QString s;
        s.reserve(keys.size() * 8 + 2);
        s += QLatin1Char('{');
        bool first = true;
        const bool numeric = type == DataType::Integer || type == DataType::BigInt;
        for (const QVariant &k : keys) {
            if (!first)
                s += QLatin1Char(',');
            first = false;
            if (numeric) {
                s += QString::number(k.toLongLong());
            } else {
                QString t = k.toString();
                t.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
                s += QLatin1Char('"') + t + QLatin1Char('"');
            }
        }
        s += QLatin1Char('}');
        return s;
    }
    QString limitOffset(bool hasLimit, bool hasOffset) const override
    {
        return (hasLimit ? QStringLiteral(" LIMIT ?") : QString()) + (hasOffset ? QStringLiteral(" OFFSET ?") : QString());
    }
    QString listTablesSql() const override
    {
        return QStringLiteral("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
    }
    QString dropTable(const QString &table) const override
    {
        return QStringLiteral("DROP TABLE IF EXISTS ") + quote(table) + QStringLiteral(" CASCADE");
    }
    QVariant toDb(DataType type, const QVariant &v) const override
    {
        // FLOAT columns are REAL (4 bytes): bind what the column will hold, the shortest decimal
        // of the nearest float (as PostgreSQL prints it back), so a record made from the bound
        // values (create, bulkCreate) equals the row read back.
        if (type == DataType::Float && !v.isNull() && v.canConvert<double>()) {
            char buf[32];
            const auto r = std::to_chars(buf, buf + sizeof buf, float(v.toDouble())); // shortest for a float
            return std::strtod(std::string(buf, r.ptr).c_str(), nullptr);
        }
        return Dialect::toDb(type, v);
    }

    QString driverPackage() const override { return QStringLiteral("libqt6sql6-psql"); }
    QString connectOptions() const override { return QStringLiteral("connect_timeout=5"); }
    void configure(QSqlDatabase &db, const DatabaseUrl &url) const override
    {
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setUserName(url.user);
        db.setPassword(url.password);
        db.setDatabaseName(url.database);
        db.setConnectOptions(connectOptions());
        m_schema = url.schema;
    }
    ErrorKind classifyError(const QString &code, const QString &) const override
    {
        // SQLSTATE: foreign_key_violation, unique_violation, not_null_violation, then
        // invalid_text_representation, numeric_value_out_of_range, string_data_right_truncation.
        if (code == QLatin1String("23503"))
            return ErrorKind::ForeignKey;
        if (code == QLatin1String("23505"))
            return ErrorKind::UniqueConstraint;
        if (code == QLatin1String("23502") || code == QLatin1String("22P02") || code == QLatin1String("22003")
            || code == QLatin1String("22001"))
            return ErrorKind::Validation;
        return ErrorKind::Database;
    }

private:
    //! The schema of the URL configure() was given; connectionSetup() sets the search_path to it.
    mutable QString m_schema;
};

} // namespace

std::unique_ptr<Dialect> makePostgresDialect()
{
    return std::make_unique<PostgresDialect>();
}

} // namespace grumble

#include "pgcursor.h"

#include "cursorfactory.h"
#include "dialect.h"
#include "timestamps.h"

#include <QSqlDriver>
#include <QVector>

#include <cstdlib>

namespace grumble {

namespace {

// Type OIDs of the columns value() decodes natively (pg_type.h).
constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kBool = 16;

//! A binding as libpq's text parameter format.
QByteArray parameterText(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::Bool:
        return v.toBool() ? "true" : "false";
    case QMetaType::Double:
    case QMetaType::Float:
        return QByteArray::number(v.toDouble(), 'g', 17);
    case QMetaType::QDateTime:
        return formatTimestampIso(v.toDateTime()).toLatin1();
    case QMetaType::QDate:
        return v.toDate().toString(Qt::ISODate).toLatin1();
    default:
        return v.toString().toUtf8();
    }
}

bool isTrue(const char *text)
{
    return text[0] == 't' || text[0] == '1';
}

} // namespace

PgCursor::PgCursor(PGconn *conn, QByteArray name, const Dialect &dialect)
    : m_conn(conn), m_name(std::move(name)), m_dialect(dialect)
{ }

PgCursor::~PgCursor()
{
    finish();
    PQclear(PQexec(m_conn, ("DEALLOCATE " + m_name).constData()));
}

QByteArray PgCursor::numberPlaceholders(const QString &sql, int *count)
{
    QByteArray out;
    const QByteArray in = sql.toUtf8();
    char quote = 0;
    int n = 0;
    for (char c : in) {
        if (quote) {
            if (c == quote)
                quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$' + QByteArray::number(++n);
        } else {
            out += c;
        }
    }
    *count = n;
    return out;
}

bool PgCursor::run(const QVariantList &bindings, DriverError *error)
{
    finish();
    QVector<QByteArray> texts(bindings.size());
    QVector<const char *> values(bindings.size());
    for (int i = 0; i < bindings.size(); ++i) {
        if (bindings.at(i).isNull())
            continue; // values[i] stays nullptr: SQL NULL
        texts[i] = parameterText(bindings.at(i));
        values[i] = texts[i].constData();
    }
    m_result = PQexecPrepared(m_conn, m_name.constData(), int(values.size()), values.constData(),
                              nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(m_result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        error->text = QString::fromUtf8(PQresultErrorMessage(m_result));
        error->code = QString::fromLatin1(PQresultErrorField(m_result, PG_DIAG_SQLSTATE));
        finish();
        return false;
    }
    m_rows = PQntuples(m_result);
    m_row = -1;
    // `UPDATE … RETURNING` returns tuples too, but is a write: its command tag says so.
    const QByteArray tag(PQcmdStatus(m_result));
    m_select = status == PGRES_TUPLES_OK && !tag.startsWith("INSERT") && !tag.startsWith("UPDATE")
            && !tag.startsWith("DELETE") && !tag.startsWith("MERGE");
    return true;
}

QVariant PgCursor::value(int column) const
{
    if (isNull(column))
        return QVariant();
    switch (PQftype(m_result, column)) {
    case kInt8:
    case kInt2:
    case kInt4:
        return QVariant(qint64(std::strtoll(text(column), nullptr, 10)));
    case kFloat4:
    case kFloat8:
        return QVariant(std::strtod(text(column), nullptr));
    case kBool:
        return QVariant(text(column)[0] == 't');
    default:
        return QString::fromUtf8(text(column), length(column));
    }
}

QVariant PgCursor::typed(int column, DataType type) const
{
    if (isNull(column))
        return QVariant();
    const char *p = text(column);
    switch (type) {
    case DataType::Integer:
    case DataType::BigInt:
        return QVariant(qint64(std::strtoll(p, nullptr, 10)));
    case DataType::String:
    case DataType::Text:
        return QString::fromUtf8(p, length(column));
    case DataType::Date:
        return parseTimestamp(p, length(column));
    case DataType::Boolean:
        return QVariant(isTrue(p));
    case DataType::Float:
    case DataType::Double:
        return QVariant(std::strtod(p, nullptr));
    default:
        return m_dialect.fromDb(type, value(column));
    }
}

qint64 PgCursor::integer(int column) const
{
    return isNull(column) ? 0 : std::strtoll(text(column), nullptr, 10);
}

void PgCursor::read(int column, DataType type, ValuesBuilder &out, int index) const
{
    if (isNull(column)) {
        out.setNull(index);
        return;
    }
    const char *p = text(column);
    qint64 ms = 0;
    switch (type) {
    case DataType::Integer:
    case DataType::BigInt:
        out.setInt(index, std::strtoll(p, nullptr, 10));
        return;
    case DataType::String:
    case DataType::Text:
        out.setUtf8(index, p, length(column));
        return;
    case DataType::Date:
        if (parseTimestampMsecs(p, length(column), &ms)) {
            out.setTimestamp(index, ms);
            return;
        }
        break;
    case DataType::Boolean:
        out.setBool(index, isTrue(p));
        return;
    case DataType::Float:
    case DataType::Double:
        out.setReal(index, std::strtod(p, nullptr));
        return;
    default:
        break;
    }
    out.set(index, typed(column, type));
}

int PgCursor::numRowsAffected() const
{
    return m_result ? std::atoi(PQcmdTuples(m_result)) : -1;
}

void PgCursor::finish()
{
    if (m_result)
        PQclear(m_result);
    m_result = nullptr;
    m_rows = 0;
    m_row = -1;
}

namespace {

//! Prepares server-side statements named grumble_1, grumble_2 ... on QPSQL's PGconn.
class PgCursorFactory final : public CursorFactory
{
public:
    explicit PgCursorFactory(PGconn *conn) : m_conn(conn) { }
    QString kind() const override { return QStringLiteral("libpq"); }
    Cursor *prepare(const QString &sql, const Dialect &dialect, DriverError *error) override
    {
        int parameters = 0;
        const QByteArray text = PgCursor::numberPlaceholders(sql, &parameters);
        const QByteArray name = "grumble_" + QByteArray::number(++m_prepared);
        PGresult *result =
                PQprepare(m_conn, name.constData(), text.constData(), parameters, nullptr);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        if (!ok) {
            error->text = QString::fromUtf8(PQresultErrorMessage(result));
            error->code = QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        }
        PQclear(result);
        return ok ? new PgCursor(m_conn, name, dialect) : nullptr;
    }

private:
    PGconn *m_conn;
    quint64 m_prepared = 0;
};

} // namespace

std::unique_ptr<CursorFactory> makePgCursorFactory(const QSqlDatabase &db)
{
    if (qEnvironmentVariableIsSet("GRUMBLE_NO_NATIVE_PQ") || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // QPSQL registers the handle as "pg_conn*" (PGconn is a typedef of struct pg_conn).
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0
            && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return std::make_unique<PgCursorFactory>(*static_cast<PGconn *const *>(handle.constData()));
}

} // namespace grumble

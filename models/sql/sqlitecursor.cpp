#include "sqlitecursor.h"

#include "cursorfactory.h"
#include "dialect.h"
#include "timestamps.h"

#include <QSqlDriver>

namespace grumble {

SqliteCursor::SqliteCursor(sqlite3 *db, sqlite3_stmt *statement, const Dialect &dialect)
    : m_db(db), m_statement(statement), m_dialect(dialect)
{ }

SqliteCursor::~SqliteCursor()
{
    sqlite3_finalize(m_statement);
}

bool SqliteCursor::run(const QVariantList &bindings, DriverError *error)
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    TextCache texts;
    for (int i = 0; i < bindings.size(); ++i) {
        if (bind(i + 1, bindings.at(i), texts) != SQLITE_OK)
            return fail(error);
    }
    return step(error);
}

int SqliteCursor::bind(int index, const QVariant &value, TextCache &texts)
{
    if (value.isNull())
        return sqlite3_bind_null(m_statement, index);
    switch (value.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Short:
        return sqlite3_bind_int64(m_statement, index, value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return sqlite3_bind_double(m_statement, index, value.toDouble());
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        return sqlite3_bind_blob(m_statement, index, bytes.constData(), int(bytes.size()),
                                 SQLITE_TRANSIENT);
    }
    case QMetaType::QString:
        return bindText(index, *static_cast<const QString *>(value.constData()), texts);
    default: {
        const QByteArray u = value.toString().toUtf8();
        return sqlite3_bind_text(m_statement, index, u.constData(), int(u.size()),
                                 SQLITE_TRANSIENT);
    }
    }
}

int SqliteCursor::bindText(int index, const QString &text, TextCache &texts)
{
    // The same text bound many times (shared data, not just equal) is converted to UTF-8 once.
    const QByteArray *cached = nullptr;
    for (const auto &[seen, utf8] : texts) {
        if (seen.constData() == text.constData() && seen.size() == text.size())
            cached = &utf8;
    }
    if (!cached && !text.isDetached() && texts.size() < 8) {
        texts.append({ text, text.toUtf8() });
        cached = &texts.last().second;
    }
    if (cached)
        return sqlite3_bind_text(m_statement, index, cached->constData(), int(cached->size()),
                                 SQLITE_TRANSIENT);
    const QByteArray once = text.toUtf8();
    return sqlite3_bind_text(m_statement, index, once.constData(), int(once.size()),
                             SQLITE_TRANSIENT);
}

bool SqliteCursor::step(DriverError *error)
{
    m_changes = 0;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        m_pending = rc == SQLITE_ROW;
        m_done = rc == SQLITE_DONE;
        // A write with RETURNING changed its rows in this step, but SQLite counts them only when
        // the statement completes (sqlite3_changes() is the previous statement's until then).
        m_changesPending = m_pending && !sqlite3_stmt_readonly(m_statement);
        m_changes = m_changesPending ? 0 : sqlite3_changes(m_db);
        return true;
    }
    fail(error);
    sqlite3_reset(m_statement);
    return false;
}

bool SqliteCursor::next()
{
    if (m_pending) {
        m_pending = false;
        return true;
    }
    if (m_done)
        return false;
    if (sqlite3_step(m_statement) == SQLITE_ROW)
        return true;
    m_done = true;
    countChanges();
    return false;
}

QVariant SqliteCursor::value(int column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_NULL:
        return QVariant();
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_statement, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, column));
    case SQLITE_BLOB:
        return QByteArray(static_cast<const char *>(sqlite3_column_blob(m_statement, column)),
                          sqlite3_column_bytes(m_statement, column));
    default:
        return text(column);
    }
}

QVariant SqliteCursor::typed(int column, DataType type) const
{
    const int storage = sqlite3_column_type(m_statement, column);
    if (storage == SQLITE_NULL)
        return QVariant();
    QVariant native = typedNative(column, storage, type);
    return native.isValid() ? native : m_dialect.fromDb(type, value(column));
}

QVariant SqliteCursor::typedNative(int column, int storage, DataType type) const
{
    switch (type) {
    case DataType::Integer:
    case DataType::BigInt:
        if (storage == SQLITE_INTEGER)
            return QVariant(qint64(sqlite3_column_int64(m_statement, column)));
        break;
    case DataType::String:
    case DataType::Text:
        return text(column);
    case DataType::Date:
        if (storage == SQLITE_TEXT)
            return parseTimestamp(utf8(column), sqlite3_column_bytes(m_statement, column));
        break;
    case DataType::Float:
    case DataType::Double:
        if (storage != SQLITE_TEXT)
            return QVariant(sqlite3_column_double(m_statement, column));
        break;
    case DataType::Boolean:
        if (storage == SQLITE_INTEGER)
            return QVariant(sqlite3_column_int64(m_statement, column) != 0);
        break;
    default:
        break;
    }
    return QVariant();
}

qint64 SqliteCursor::integer(int column) const
{
    if (sqlite3_column_type(m_statement, column) == SQLITE_INTEGER)
        return sqlite3_column_int64(m_statement, column);
    return Cursor::integer(column);
}

void SqliteCursor::read(int column, DataType type, ValuesBuilder &out, int index) const
{
    if (!readNative(column, type, out, index))
        out.set(index, typed(column, type));
}

bool SqliteCursor::readNative(int column, DataType type, ValuesBuilder &out, int index) const
{
    const bool integral = type == DataType::Integer || type == DataType::BigInt;
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_NULL:
        out.setNull(index);
        return true;
    case SQLITE_INTEGER:
        if (integral)
            out.setInt(index, sqlite3_column_int64(m_statement, column));
        else if (type == DataType::Boolean)
            out.setBool(index, sqlite3_column_int64(m_statement, column) != 0);
        return integral || type == DataType::Boolean;
    case SQLITE_FLOAT:
        if (type != DataType::Float && type != DataType::Double)
            return false;
        out.setReal(index, sqlite3_column_double(m_statement, column));
        return true;
    case SQLITE_TEXT:
        if (type == DataType::String || type == DataType::Text) {
            out.setUtf8(index, utf8(column), sqlite3_column_bytes(m_statement, column));
            return true;
        }
        if (type == DataType::Date) {
            qint64 ms = 0;
            if (!parseTimestampMsecs(utf8(column), sqlite3_column_bytes(m_statement, column), &ms))
                return false;
            out.setTimestamp(index, ms);
            return true;
        }
        return false;
    default:
        return false;
    }
}

void SqliteCursor::finish()
{
    sqlite3_reset(m_statement);
    m_pending = false;
    m_done = true;
    countChanges();
}

void SqliteCursor::countChanges()
{
    if (!m_changesPending)
        return;
    m_changesPending = false;
    m_changes = sqlite3_changes(m_db);
    if (rowsAffectedKnown)
        rowsAffectedKnown(m_changes);
}

QString SqliteCursor::text(int column) const
{
    return QString::fromUtf8(utf8(column), sqlite3_column_bytes(m_statement, column));
}

bool SqliteCursor::fail(DriverError *error) const
{
    error->text = QString::fromUtf8(sqlite3_errmsg(m_db));
    error->code = QString::number(sqlite3_extended_errcode(m_db));
    return false;
}

namespace {

//! Prepares statements with sqlite3_prepare_v2 on QSQLITE's handle.
class SqliteCursorFactory final : public CursorFactory
{
public:
    explicit SqliteCursorFactory(sqlite3 *db) : m_db(db) { }
    QString kind() const override { return QStringLiteral("sqlite3"); }
    Cursor *prepare(const QString &sql, const Dialect &dialect, DriverError *error) override
    {
        sqlite3_stmt *statement = nullptr;
        const QByteArray utf8 = sql.toUtf8();
        if (sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &statement, nullptr)
            == SQLITE_OK)
            return new SqliteCursor(m_db, statement, dialect);
        sqlite3_finalize(statement);
        error->text = QString::fromUtf8(sqlite3_errmsg(m_db));
        error->code = QString::number(sqlite3_extended_errcode(m_db));
        return nullptr;
    }

private:
    sqlite3 *m_db;
};

} // namespace

std::unique_ptr<CursorFactory> makeSqliteCursorFactory(const QSqlDatabase &db)
{
    if (qEnvironmentVariableIsSet("GRUMBLE_NO_NATIVE_SQLITE") || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return std::make_unique<SqliteCursorFactory>(
            *static_cast<sqlite3 *const *>(handle.constData()));
}

} // namespace grumble

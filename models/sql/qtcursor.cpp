#include "qtcursor.h"

#include "cursorfactory.h"
#include "dialect.h"

#include <QSqlError>

namespace grumble {

QtCursor::QtCursor(const QSqlDatabase &db, const Dialect &dialect) : m_query(db), m_dialect(dialect)
{
    m_query.setForwardOnly(true);
}

bool QtCursor::prepare(const QString &sql, DriverError *error)
{
    if (m_query.prepare(sql))
        return true;
    *error = lastError();
    return false;
}

bool QtCursor::run(const QVariantList &bindings, DriverError *error)
{
    for (int i = 0; i < bindings.size(); ++i)
        m_query.bindValue(i, bindings.at(i));
    if (m_query.exec())
        return true;
    *error = lastError();
    m_query.finish();
    return false;
}

QVariant QtCursor::typed(int column, DataType type) const
{
    return m_dialect.fromDb(type, m_query.value(column));
}

DriverError QtCursor::lastError() const
{
    const QSqlError e = m_query.lastError();
    return { e.databaseText().isEmpty() ? e.text() : e.databaseText(), e.nativeErrorCode() };
}

namespace {

//! Prepares every statement as a QSqlQuery on one database.
class QtCursorFactory final : public CursorFactory
{
public:
    explicit QtCursorFactory(const QSqlDatabase &db) : m_db(db) { }
    QString kind() const override { return QStringLiteral("qt"); }
    Cursor *prepare(const QString &sql, const Dialect &dialect, DriverError *error) override
    {
        auto cursor = std::make_unique<QtCursor>(m_db, dialect);
        return cursor->prepare(sql, error) ? cursor.release() : nullptr;
    }

private:
    QSqlDatabase m_db;
};

} // namespace

std::unique_ptr<CursorFactory> makeQtCursorFactory(const QSqlDatabase &db)
{
    return std::make_unique<QtCursorFactory>(db);
}

} // namespace grumble

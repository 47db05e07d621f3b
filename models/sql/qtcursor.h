#pragma once

#include "cursor.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace grumble {

//! Any driver, through a forward-only QSqlQuery. The fallback when no native cursor fits.
class QtCursor final : public Cursor
{
public:
    QtCursor(const QSqlDatabase &db, const Dialect &dialect);
    //! Prepares the statement; false with `error` filled when the driver refuses it.
    bool prepare(const QString &sql, DriverError *error);

    bool run(const QVariantList &bindings, DriverError *error) override;
    bool next() override { return m_query.next(); }
    bool isNull(int column) const override { return m_query.isNull(column); }
    QVariant value(int column) const override { return m_query.value(column); }
    QVariant typed(int column, DataType type) const override;
    int numRowsAffected() const override { return m_query.numRowsAffected(); }
    void finish() override { m_query.finish(); }
    bool isSelect() const override { return m_query.isSelect(); }

private:
    //! The query's last error as the connection classifies it.
    DriverError lastError() const;

    QSqlQuery m_query;
    const Dialect &m_dialect;
};

} // namespace grumble

#pragma once

#include "cursor.h"

#include <QByteArray>

#include <libpq-fe.h>

namespace grumble {

//! PostgreSQL through libpq on the connection QPSQL opened: server-side prepared statements with
//! text parameters, values decoded straight from the result's text. Built only with libpq.
class PgCursor final : public Cursor
{
public:
    //! `name` is a statement already prepared on `conn`; DEALLOCATEd in the destructor.
    PgCursor(PGconn *conn, QByteArray name, const Dialect &dialect);
    ~PgCursor() override;

    //! "?" placeholders become $1, $2 ... (outside quotes and identifiers).
    static QByteArray numberPlaceholders(const QString &sql, int *count);

    bool run(const QVariantList &bindings, DriverError *error) override;
    bool next() override { return m_result && ++m_row < m_rows; }
    bool isNull(int column) const override { return PQgetisnull(m_result, m_row, column); }
    QVariant value(int column) const override;
    QVariant typed(int column, DataType type) const override;
    qint64 integer(int column) const override;
    void read(int column, DataType type, ValuesBuilder &out, int index) const override;
    int numRowsAffected() const override;
    void finish() override;
    bool isSelect() const override { return m_select; }

private:
    const char *text(int column) const { return PQgetvalue(m_result, m_row, column); }
    int length(int column) const { return PQgetlength(m_result, m_row, column); }

    PGconn *m_conn;
    QByteArray m_name;
    const Dialect &m_dialect;
    PGresult *m_result = nullptr;
    int m_rows = 0;
    int m_row = -1;
    bool m_select = false;
};

} // namespace grumble

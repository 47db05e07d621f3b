#pragma once

// The statements a Connection's SQL log reports, collected for a test's checks.

#include "connection.h"

#include <QList>
#include <QObject>

#include <algorithm>

namespace grumble::test {

//! The statements a connection's SQL log reports while it lives.
class StatementLog
{
public:
    explicit StatementLog(Connection &connection)
    {
        m_connection = QObject::connect(connection.log(), &SqlLog::executed,
                                        [this](const SqlLogEntry &e) { m_entries << e; });
    }
    ~StatementLog() { QObject::disconnect(m_connection); }
    StatementLog(const StatementLog &) = delete;
    StatementLog &operator=(const StatementLog &) = delete;

    //! Every statement so far, in order.
    const QList<SqlLogEntry> &entries() const { return m_entries; }
    //! The statements logged under `context`.
    QList<SqlLogEntry> in(const QString &context) const
    {
        QList<SqlLogEntry> out;
        std::copy_if(m_entries.begin(), m_entries.end(), std::back_inserter(out),
                     [&](const SqlLogEntry &e) { return e.context == context; });
        return out;
    }
    //! The statements recorded in pretend mode.
    int pretendedCount() const
    {
        return int(std::count_if(m_entries.begin(), m_entries.end(), [](const SqlLogEntry &e) { return e.pretended; }));
    }
    //! What Connection::statementCount() counts: all but transaction control.
    int nonControlCount() const
    {
        return int(std::count_if(m_entries.begin(), m_entries.end(), [](const SqlLogEntry &e) { return !e.control; }));
    }
    void clear() { m_entries.clear(); }

private:
    QList<SqlLogEntry> m_entries;
    QMetaObject::Connection m_connection;
};

} // namespace grumble::test

// Pretend mode: the statements an accessor or a find would run, without changing the database.
// The connection records them (Connection::setPretending); this file runs the work around it.

#include "engine.h"


namespace grumble {

namespace {

//! Pretends for a scope: on the way out (also by an exception) the connection's previous
//! pretending state comes back and `inside` is false again.
class PretendScope
{
public:
    PretendScope(bool &inside, Connection &connection)
        : m_inside(inside), m_connection(connection), m_wasPretending(connection.isPretending())
    {
        m_inside = true;
        (void)m_connection.takePretended(); // statements recorded before this call are not ours
        m_connection.setPretending(true);
    }
    ~PretendScope()
    {
        m_connection.setPretending(m_wasPretending);
        m_inside = false;
    }
    PretendScope(const PretendScope &) = delete;
    PretendScope &operator=(const PretendScope &) = delete;

private:
    bool &m_inside;
    Connection &m_connection;
    bool m_wasPretending;
};

} // namespace

Result<std::unique_ptr<Engine>> Engine::openOffline(const QString &dialectName, Schema schema)
{
    qRegisterMetaType<grumble::SqlLogEntry>();
    qRegisterMetaType<grumble::Record>();
    qRegisterMetaType<grumble::RecordList>();
    auto c = Connection::openOffline(dialectName);
    if (!c)
        return c.error();
    return std::unique_ptr<Engine>(new Engine(std::move(*c), std::move(schema)));
}

Result<QList<SqlFragment>> Engine::pretend(const std::function<Result<void>()> &work)
{
    if (m_insidePretend)
        return makeError(
                ErrorKind::Database,
                QStringLiteral("pretend() cannot be nested: this engine is already pretending"));
    Result<void> outcome = [&]() -> Result<void> {
        PretendScope scope(m_insidePretend, *m_conn);
        return work();
    }();
    QList<SqlFragment> statements = m_conn->takePretended();
    if (!outcome)
        return outcome.error();
    return statements;
}

} // namespace grumble

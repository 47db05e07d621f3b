// Pretend mode: the statements an accessor or a find would run, without changing the database.
// The connection records them (Connection::setPretending); this file runs the work around it.

#include "engine.h"

#include <QSet>

namespace grumble {

namespace {

//! The engines inside pretend() on this thread, so a nested call is refused instead of taking
//! the outer call's statements.
thread_local QSet<const Engine *> t_pretendingEngines;

//! Pretends for a scope: on the way out (also by an exception) the connection's previous
//! pretending state comes back and the engine leaves t_pretendingEngines.
class PretendScope
{
public:
    PretendScope(const Engine *engine, Connection &connection)
        : m_engine(engine), m_connection(connection), m_wasPretending(connection.isPretending())
    {
        t_pretendingEngines.insert(engine);
        (void)m_connection.takePretended(); // statements recorded before this call are not ours
        m_connection.setPretending(true);
    }
    ~PretendScope()
    {
        m_connection.setPretending(m_wasPretending);
        t_pretendingEngines.remove(m_engine);
    }
    PretendScope(const PretendScope &) = delete;
    PretendScope &operator=(const PretendScope &) = delete;

private:
    const Engine *m_engine;
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
    if (t_pretendingEngines.contains(this))
        return makeError(
                ErrorKind::Database,
                QStringLiteral("pretend() cannot be nested: this engine is already pretending"));
    Result<void> outcome = [&]() -> Result<void> {
        PretendScope scope(this, *m_conn);
        return work();
    }();
    QList<SqlFragment> statements = m_conn->takePretended();
    if (!outcome)
        return outcome.error();
    return statements;
}

} // namespace grumble

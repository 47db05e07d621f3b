// Pretend mode: the statements an accessor or a find would run, without changing the database.
// (Placeholder until the connection implements it; see engine.h and connection.h.)

#include "engine.h"

namespace grumble {

Result<std::unique_ptr<Engine>> Engine::openOffline(const QString &dialectName, Schema schema)
{
    auto c = Connection::openOffline(dialectName);
    if (!c)
        return c.error();
    return std::unique_ptr<Engine>(new Engine(std::move(*c), std::move(schema)));
}

Result<QList<SqlFragment>> Engine::pretend(const std::function<Result<void>()> &work)
{
    m_conn->setPretending(true);
    auto r = work();
    m_conn->setPretending(false);
    if (!r)
        return r.error();
    return m_conn->takePretended();
}

} // namespace grumble

// ChangeWatcher: noticing writes of other connections (see changewatcher.h).

#include "changewatcher.h"

#include "connection.h"

#include <QSqlQuery>

namespace grumble::ui {

ChangeWatcher::ChangeWatcher(Connection &connection, int intervalMs, QObject *parent)
    : QObject(parent), m_connection(connection)
{
    m_seen = probe();
    connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::check);
    setInterval(intervalMs);
}

void ChangeWatcher::setInterval(int ms)
{
    m_timer.stop();
    if (ms <= 0)
        return;
    m_timer.setInterval(ms);
    m_timer.start();
}

QString ChangeWatcher::probeSql() const
{
    if (m_connection.dialect().name() == QLatin1String("postgres"))
        return QStringLiteral("SELECT pg_snapshot_xmax(pg_current_snapshot())::text");
    return QStringLiteral("PRAGMA data_version");
}

QVariant ChangeWatcher::probe() const
{
    if (m_connection.isOffline() || m_connection.inTransaction())
        return {};
    QSqlQuery query(m_connection.database());
    if (!query.exec(probeSql()) || !query.next())
        return {};
    return query.value(0).toString();
}

bool ChangeWatcher::check()
{
    const QVariant now = probe();
    if (!now.isValid())
        return false;
    if (!m_seen.isValid()) {
        m_seen = now;
        return false;
    }
    if (now == m_seen)
        return false;
    m_seen = now;
    emit changedExternally();
    return true;
}

void ChangeWatcher::resync()
{
    const QVariant now = probe();
    if (now.isValid())
        m_seen = now;
}

} // namespace grumble::ui

#pragma once

#include <QObject>
#include <QTimer>
#include <QVariant>

namespace grumble {
class Connection;
}

namespace grumble::ui {

//! Notices when another program (the user's own application, a teammate on the shared server)
//! wrote to the database this connection is open on. It polls a cheap value that changes only on
//! a committed write and writes nothing: SQLite's `PRAGMA data_version` (which this connection's
//! own commits do not change), PostgreSQL's `pg_snapshot_xmax(pg_current_snapshot())` (the next
//! transaction id: it moves when any write transaction of the server commits, including this
//! connection's own, so the session calls resync() after its own changes). Probes run on the
//! connection's handle without the SQL log (one a second would drown it) and never inside an open
//! transaction.
class ChangeWatcher : public QObject
{
    Q_OBJECT
public:
    //! Watches `connection` every `intervalMs` (0: only when check() is called).
    explicit ChangeWatcher(Connection &connection, int intervalMs = 1000, QObject *parent = nullptr);

    //! Probes now; emits changedExternally() when the value moved since the last probe.
    bool check();
    //! Polls every `ms` from now on (0: only when check() is called).
    void setInterval(int ms);
    //! Takes the current value as seen (after this connection's own writes).
    void resync();
    //! The probe's statement for this connection's dialect.
    QString probeSql() const;
    //! The probe's current value (invalid when it could not run).
    QVariant probe() const;

signals:
    //! Another connection committed a write since the last probe.
    void changedExternally();

private:
    Connection &m_connection;
    QTimer m_timer;
    QVariant m_seen;
};

} // namespace grumble::ui

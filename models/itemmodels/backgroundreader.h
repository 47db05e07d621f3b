#pragma once

#include "sqlfragment.h"

#include <QObject>
#include <QString>

class QThread;

namespace grumble {

class Connection;

//! Runs reads that return one number (a COUNT, a row's position) on a connection of its own in a
//! worker thread, so the UI thread never waits for them; the answers come back as finished()
//! signals in the order asked. Only for a database a second connection can open: a SQLite file or
//! a server (canOpen()), never SQLite in memory. Its statements are not in the app's SQL log.
class BackgroundReader : public QObject
{
    Q_OBJECT
public:
    //! A reader of the database `url` names (opened on the first read, in the worker thread).
    explicit BackgroundReader(const QString &url, QObject *parent = nullptr);
    ~BackgroundReader() override;
    //! Whether a second connection reaches the same data as the first (not `:memory:`).
    static bool canOpen(const QString &url);
    //! Queues a statement whose first column of the first row is the answer; returns its ticket.
    quint64 read(const SqlFragment &statement);

signals:
    //! The answer to a ticket: `value` (-1 when there was no row) and whether it ran.
    void finished(quint64 ticket, qint64 value, bool ok);

private:
    class Worker;
    QThread *m_thread;
    Worker *m_worker;
    quint64 m_tickets = 0;
};

} // namespace grumble

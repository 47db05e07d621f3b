#pragma once

#include "error.h"
#include "sqlfragment.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace grumble {

class Connection;

//! What a background read answers: a number (a COUNT, a row's position; -1 when there was no
//! row), or rows of cells; `ok` false with the engine's error when a statement failed, `skipped`
//! when the read was no longer wanted when its turn came (nothing ran).
struct BackgroundAnswer
{
    qint64 value = -1;
    QVector<QVector<QVariant>> rows;
    bool ok = true;
    bool skipped = false;
    std::optional<Error> error;
};

//! Runs reads on a connection of its own in a worker thread, so the UI thread never waits for
//! them; the answers come back as answered() signals in the order asked. Only
//! for a database a second connection can open: a SQLite file or a server (canOpen()), never
//! SQLite in memory. Its statements are not in the app's SQL log.
class BackgroundReader : public QObject
{
    Q_OBJECT
public:
    //! A read in the worker thread on the reader's connection; it must not touch objects of the
    //! UI thread (it gets copies of what it needs).
    using Job = std::function<BackgroundAnswer(Connection &)>;
    //! A read's generation: a job whose generation is no longer the current one is skipped.
    using Generation = std::shared_ptr<std::atomic<quint64>>;

    //! A reader of the database `url` names (opened on the first read, in the worker thread).
    explicit BackgroundReader(const QString &url, QObject *parent = nullptr);
    ~BackgroundReader() override;
    //! Whether a second connection reaches the same data as the first (not `:memory:`).
    static bool canOpen(const QString &url);
    //! Queues a job; skipped (answered with `skipped`) unless `generation` still holds `wanted`
    //! when its turn comes (no generation: always runs). Returns its ticket.
    quint64 submit(Job job, Generation generation = {}, quint64 wanted = 0);
    //! A job reading the first column of the first row of a statement (-1: no row).
    static BackgroundAnswer readNumber(Connection &connection, const SqlFragment &statement);

signals:
    //! The answer to a ticket of submit().
    void answered(quint64 ticket, const grumble::BackgroundAnswer &answer);

private:
    class Worker;
    QThread *m_thread;
    Worker *m_worker;
    quint64 m_tickets = 0;
};

} // namespace grumble

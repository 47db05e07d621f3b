#include "backgroundreader.h"

#include "connection.h"
#include "databaseurl.h"

#include <QThread>

#include <memory>

namespace grumble {

//! Lives in the worker thread; owns the connection (opened and closed there).
class BackgroundReader::Worker : public QObject
{
    Q_OBJECT
public:
    Worker(QString url, BackgroundReader *reader) : m_url(std::move(url)), m_reader(reader) { }
    //! Runs one job (unless no longer wanted) and posts its answer to the reader's thread.
    void run(quint64 ticket, const Job &job, const Generation &generation, quint64 wanted)
    {
        BackgroundAnswer answer;
        if (generation && generation->load() != wanted) {
            answer.ok = false;
            answer.skipped = true;
        } else if (!m_connection) {
            auto opened = Connection::open(m_url);
            if (opened)
                m_connection = std::move(*opened);
            else
                answer = failed(opened.error());
        }
        if (m_connection && !answer.skipped)
            answer = job(*m_connection);
        BackgroundReader *reader = m_reader;
        // The reader outlives its worker's jobs (its destructor waits for them); an answer posted
        // to it is dropped if it is gone by the time the event loop delivers it.
        QMetaObject::invokeMethod(
                reader,
                [reader, ticket, answer] {
                    emit reader->answered(ticket, answer);
                },
                Qt::QueuedConnection);
    }
    void close() { m_connection.reset(); }

    static BackgroundAnswer failed(const Error &error)
    {
        BackgroundAnswer answer;
        answer.ok = false;
        answer.error = error;
        return answer;
    }

private:
    QString m_url;
    BackgroundReader *m_reader;
    std::unique_ptr<Connection> m_connection;
};

BackgroundReader::BackgroundReader(const QString &url, QObject *parent)
    : QObject(parent), m_thread(new QThread), m_worker(new Worker(url, this))
{
    m_worker->moveToThread(m_thread);
    m_thread->setObjectName(QStringLiteral("grumble background reads"));
    m_thread->start();
}

BackgroundReader::~BackgroundReader()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
}

bool BackgroundReader::canOpen(const QString &url)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return false;
    const bool memory = parsed->path.contains(QLatin1String(":memory:")) || url.contains(QLatin1String("mode=memory"));
    if (parsed->driver == QLatin1String("QPSQL"))
        return true;
    return !memory && !url.startsWith(QLatin1String("offline:")) && !parsed->path.isEmpty();
}

BackgroundAnswer BackgroundReader::readNumber(Connection &connection, const SqlFragment &statement)
{
    auto cursor = connection.exec(statement.text, statement.bindings);
    if (!cursor)
        return Worker::failed(cursor.error());
    BackgroundAnswer answer;
    answer.value = (*cursor)->next() ? (*cursor)->integer(0) : -1;
    (*cursor)->finish();
    return answer;
}

quint64 BackgroundReader::submit(Job job, Generation generation, quint64 wanted)
{
    const quint64 ticket = ++m_tickets;
    QMetaObject::invokeMethod(
            m_worker,
            [w = m_worker, ticket, job = std::move(job), generation = std::move(generation), wanted] {
                w->run(ticket, job, generation, wanted);
            },
            Qt::QueuedConnection);
    return ticket;
}

} // namespace grumble

#include "backgroundreader.moc"

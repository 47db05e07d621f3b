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
    explicit Worker(QString url) : m_url(std::move(url)) { }
    //! Runs one statement; emits done().
    void run(quint64 ticket, const SqlFragment &statement)
    {
        if (!m_connection) {
            auto opened = Connection::open(m_url);
            if (!opened) {
                emit done(ticket, -1, false);
                return;
            }
            m_connection = std::move(*opened);
        }
        auto cursor = m_connection->exec(statement.text, statement.bindings);
        if (!cursor) {
            emit done(ticket, -1, false);
            return;
        }
        const qint64 value = (*cursor)->next() ? (*cursor)->integer(0) : -1;
        (*cursor)->finish();
        emit done(ticket, value, true);
    }
    void close() { m_connection.reset(); }

signals:
    void done(quint64 ticket, qint64 value, bool ok);

private:
    QString m_url;
    std::unique_ptr<Connection> m_connection;
};

BackgroundReader::BackgroundReader(const QString &url, QObject *parent)
    : QObject(parent), m_thread(new QThread), m_worker(new Worker(url))
{
    m_worker->moveToThread(m_thread);
    connect(m_worker, &Worker::done, this, &BackgroundReader::finished, Qt::QueuedConnection);
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

quint64 BackgroundReader::read(const SqlFragment &statement)
{
    const quint64 ticket = ++m_tickets;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ticket, statement] { w->run(ticket, statement); }, Qt::QueuedConnection);
    return ticket;
}

} // namespace grumble

#include "backgroundreader.moc"

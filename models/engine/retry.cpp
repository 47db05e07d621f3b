// Retrying writes after a transient conflict with another writer (see retry.h).

#include "retry.h"

#include <QRandomGenerator>
#include <QThread>

namespace grumble {

namespace {

thread_local int t_retryDepth = 0;

bool isPostgresConflict(const QString &code)
{
    return code == QLatin1String("40001") || code == QLatin1String("40P01");
}

//! SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes (low byte 5 or 6).
bool isSqliteBusy(const QString &code)
{
    bool numeric = false;
    const int value = code.toInt(&numeric);
    return numeric && code.size() < 5 /* not a SQLSTATE */ && ((value & 0xff) == 5 || (value & 0xff) == 6);
}

} // namespace

bool isTransientConflict(const Error &error)
{
    if (isPostgresConflict(error.code) || isSqliteBusy(error.code))
        return true;
    // QSQLITE's own path may give only the message.
    return error.code.isEmpty()
            && (error.message.contains(QLatin1String("database is locked"))
                || error.message.contains(QLatin1String("deadlock detected")));
}

QString transientConflictName(const Error &error)
{
    if (error.code == QLatin1String("40P01") || error.message.contains(QLatin1String("deadlock")))
        return QStringLiteral("deadlock detected");
    if (error.code == QLatin1String("40001"))
        return QStringLiteral("serialization failure");
    return QStringLiteral("database busy");
}

bool mayRetryOn(const Connection &connection)
{
    return !connection.inTransaction() && !connection.isPretending() && t_retryDepth == 0;
}

void prepareRetry(Connection &connection, int attempt, const Error &error)
{
    connection.logNote(QStringLiteral("-- retry %1 of %2 after %3")
                               .arg(attempt)
                               .arg(kMaxRetries)
                               .arg(transientConflictName(error)));
    // 2, 4, 8, 16, 32 ms, each between half and one and a half times that: writers that
    // collided do not collide again in step.
    const double base = 2.0 * double(1 << qMin(attempt - 1, 6));
    const double jittered = base * (0.5 + QRandomGenerator::global()->generateDouble());
    QThread::usleep(static_cast<unsigned long>(jittered * 1000.0));
}

Error retriesExhausted(Error error)
{
    error.message = QStringLiteral("%1 (gave up after %2 retries: other writers kept conflicting)")
                            .arg(error.message)
                            .arg(kMaxRetries);
    error.kind = ErrorKind::Conflict;
    return error;
}

RetryScope::RetryScope()
{
    ++t_retryDepth;
}

RetryScope::~RetryScope()
{
    --t_retryDepth;
}

bool RetryScope::active()
{
    return t_retryDepth > 0;
}

} // namespace grumble

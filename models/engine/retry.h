#pragma once

// Retrying a write that lost a race with another writer: a deadlock or serialization failure on
// PostgreSQL, SQLITE_BUSY past the busy timeout on SQLite. The whole accessor (or record write)
// runs again in a fresh transaction a bounded number of times, with jittered exponential backoff;
// each retry is a line in the SQL log ("-- retry 2 of 5 after deadlock detected").
// Engine::call, bulkCreate, update and destroy run through retryTransient().

#include "connection.h"
#include "error.h"

namespace grumble {

//! How many times a transient failure is retried (the first run not counted).
constexpr int kMaxRetries = 5;

//! Whether an error is a transient conflict with another writer that a fresh transaction can
//! resolve: SQLSTATE 40001 (serialization_failure) or 40P01 (deadlock_detected), SQLite's
//! SQLITE_BUSY / SQLITE_LOCKED and their extended codes.
bool isTransientConflict(const Error &error);

//! What a transient conflict was, for the log ("deadlock", "serialization failure", "database busy").
QString transientConflictName(const Error &error);

//! Whether retryTransient() may re-run work on this connection now: not inside a transaction some
//! caller opened (its earlier statements are gone with the rollback), not in pretend mode, not
//! already inside a retrying run (the outermost run retries the whole thing).
bool mayRetryOn(const Connection &connection);

//! Logs the retry `attempt` (1-based) and sleeps its jittered backoff (a few ms, doubling).
void prepareRetry(Connection &connection, int attempt, const Error &error);

//! The error returned after the last retry failed too: a Conflict that says so.
Error retriesExhausted(Error error);

//! Marks a retrying run on this thread (nested runs do not retry on their own).
class RetryScope
{
public:
    RetryScope();
    ~RetryScope();
    RetryScope(const RetryScope &) = delete;
    RetryScope &operator=(const RetryScope &) = delete;
    //! Whether a retrying run is active on this thread.
    static bool active();
};

//! Runs `work` (returns a Result<T>) and re-runs it after a transient conflict, at most
//! kMaxRetries times. Nested calls and calls inside an open transaction run `work` once.
template <typename Work>
auto retryTransient(Connection &connection, Work &&work) -> decltype(work())
{
    if (!mayRetryOn(connection))
        return work();
    RetryScope scope;
    for (int attempt = 1;; ++attempt) {
        auto result = work();
        if (result.ok() || !isTransientConflict(result.error()))
            return result;
        if (attempt > kMaxRetries)
            return retriesExhausted(std::move(result.error()));
        prepareRetry(connection, attempt, result.error());
    }
}

} // namespace grumble

#pragma once

// Timestamps as the databases store them and JSON writes them, parsed and formatted without
// QDateTime::fromString / toString (the engine reads and writes millions of them).

#include <QDateTime>
#include <QString>

namespace grumble {

//! The timestamps Grumble stores and reads: 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z,
//! what both databases' text forms and Sequelize (JavaScript's Date, ISO text) hold with four-digit
//! years. Anything outside is refused (a Validation error when given, not a timestamp when read).
constexpr qint64 kMinTimestampMsecs = -62135596800000LL;
constexpr qint64 kMaxTimestampMsecs = 253402300799999LL;
//! Whether msecsUtc (since the epoch) lies in [kMinTimestampMsecs, kMaxTimestampMsecs].
constexpr bool timestampInRange(qint64 msecsUtc)
{
    return msecsUtc >= kMinTimestampMsecs && msecsUtc <= kMaxTimestampMsecs;
}
//! Whether a QDateTime is valid and in range.
bool timestampInRange(const QDateTime &timestamp);

//! Parses "2026-11-21 22:09:46.517 +00:00" (SQLite, as Sequelize stores it), PostgreSQL's
//! "2026-11-21 22:09:46.517+00" and ISO 8601; an invalid QDateTime (and *ok false) otherwise.
QDateTime parseTimestamp(const QString &text, bool *ok = nullptr);
//! The same over UTF-8 text.
QDateTime parseTimestamp(const char *utf8, int size, bool *ok = nullptr);
//! The same, into milliseconds since the epoch (UTC); false for text that is not a timestamp.
bool parseTimestampMsecs(const char *utf8, int size, qint64 *msecsUtc);
//! "2026-11-21 22:09:46.517 +00:00", the storage text Sequelize uses on SQLite. The formatters
//! clamp a time outside the range (never reached: values are checked where they are coerced).
QString formatTimestampForStorage(const QDateTime &timestamp);
//! "2026-11-21T22:09:46.517Z", JSON's form.
QString formatTimestampIso(const QDateTime &timestamp);
//! The same into `buf` (at least 32 bytes); returns the length.
int formatTimestampIso(qint64 msecsUtc, char *buf);

} // namespace grumble

#pragma once

// Timestamps as the databases store them and JSON writes them, parsed and formatted without
// QDateTime::fromString / toString (the engine reads and writes millions of them).

#include <QDateTime>
#include <QString>

namespace grumble {

//! Parses "2026-11-21 22:09:46.517 +00:00" (SQLite, as Sequelize stores it), PostgreSQL's
//! "2026-11-21 22:09:46.517+00" and ISO 8601; an invalid QDateTime (and *ok false) otherwise.
QDateTime parseTimestamp(const QString &text, bool *ok = nullptr);
//! The same over UTF-8 text.
QDateTime parseTimestamp(const char *utf8, int size, bool *ok = nullptr);
//! The same, into milliseconds since the epoch (UTC); false for text that is not a timestamp.
bool parseTimestampMsecs(const char *utf8, int size, qint64 *msecsUtc);
//! "2026-11-21 22:09:46.517 +00:00", the storage text Sequelize uses on SQLite.
QString formatTimestampForStorage(const QDateTime &timestamp);
//! "2026-11-21T22:09:46.517Z", JSON's form.
QString formatTimestampIso(const QDateTime &timestamp);
//! The same into `buf` (at least 32 bytes); returns the length.
int formatTimestampIso(qint64 msecsUtc, char *buf);

} // namespace grumble

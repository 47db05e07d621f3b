#pragma once

// The practical limit for the include ops: the same rows Grumble loads, read with hand-written
// SQL through the database's own C API (sqlite3, libpq) into plain structs, every field decoded
// (text to QString, timestamps to QDateTime, parsed by hand).

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace grumble::bench {

struct OwnerRow
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt, updatedAt;
};

struct PugRow
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt, updatedAt;
    std::optional<qint64> ownerId;
};

struct FriendshipRow
{
    QDateTime createdAt, updatedAt;
    qint64 friendId = 0, pugId = 0;
};

struct FriendRow
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt, updatedAt;
    FriendshipRow friendship; //!< the join row, as Sequelize and Grumble attach it
};

struct PugWithOwner
{
    PugRow pug;
    std::optional<OwnerRow> owner;
};

struct OwnerWithPugs
{
    OwnerRow owner;
    std::vector<PugRow> pugs;
};

struct PugWithFriends
{
    PugRow pug;
    std::vector<FriendRow> friends;
};

struct OwnerTree
{
    OwnerRow owner;
    std::vector<PugWithFriends> pugs;
};

//! Parses "2026-11-21 22:09:46.517 +00:00", "2026-11-21 22:09:46.517+00", "...T...Z" to UTC.
//! Returns an invalid QDateTime when the text is not such a timestamp.
QDateTime parseTimestampRaw(const char *s, int n);

//! A read-only connection through the C API to the database a Grumble URL names.
class RawDb
{
public:
    virtual ~RawDb() = default;
    //! SQLite file (sqlite3_open_v2) or PostgreSQL (PQconnectdb); nullptr and *error on failure.
    static std::unique_ptr<RawDb> open(const QString &url, QString *error);

    virtual QString driverVersion() const = 0;
    //! a: pugs LEFT JOIN owners, one statement.
    virtual std::vector<PugWithOwner> loadPugsWithOwner() = 0;
    //! b: owners, then all pugs grouped under them (two statements).
    virtual std::vector<OwnerWithPugs> loadOwnersWithPugs() = 0;
    //! c: pugs, then friendship JOIN friends grouped under them (two statements).
    virtual std::vector<PugWithFriends> loadPugsWithFriends() = 0;
    //! d: owners, pugs, friendship JOIN friends (three statements).
    virtual std::vector<OwnerTree> loadOwnerTree() = 0;
    //! Statements run by the loaders so far.
    quint64 statementCount() const { return m_statements; }

protected:
    quint64 m_statements = 0;
};

} // namespace grumble::bench

#include "rawload.h"

#include "connection.h"

#include <QHash>

#include <cstdio>
#include <cstdlib>

#include <libpq-fe.h>
#include <sqlite3.h>

namespace grumble::bench {

namespace {

inline int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; ++i)
        v = v * 10 + (s[i] - '0');
    return v;
}

// Howard Hinnant's days_from_civil.
inline qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

[[noreturn]] void fail(const char *what, const char *sql, const char *msg)
{
    std::fprintf(stderr, "grumble-bench: raw %s failed: %s\n  SQL: %s\n", what, msg, sql);
    std::exit(2);
}

} // namespace

QDateTime parseTimestampRaw(const char *s, int n)
{
    // YYYY-MM-DD[ T]HH:MM:SS[.f+][ ][Z|(+|-)HH[[:]MM]]
    if (n < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':')
        return QDateTime();
    const int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    const int h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    int i = 19, ms = 0;
    if (i < n && s[i] == '.') {
        ++i;
        int scale = 100;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i) {
            ms += (s[i] - '0') * scale;
            scale /= 10;
        }
    }
    if (i < n && s[i] == ' ')
        ++i;
    int offsetMin = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        const int sign = s[i] == '-' ? -1 : 1;
        ++i;
        int oh = 0, om = 0;
        if (i + 2 <= n)
            oh = digits(s + i, 2);
        i += 2;
        if (i < n && s[i] == ':')
            ++i;
        if (i + 2 <= n)
            om = digits(s + i, 2);
        offsetMin = sign * (oh * 60 + om);
    }
    const qint64 msecs = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60000LL + sec * 1000LL + ms;
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

namespace {

// ---- the statements (identical on both engines; "..." quoting works on SQLite too) ----

const char *const kSqlA =
        "SELECT p.\"id\", p.\"name\", p.\"createdAt\", p.\"updatedAt\", p.\"ownerId\", "
        "o.\"id\", o.\"name\", o.\"createdAt\", o.\"updatedAt\" "
        "FROM \"pugs\" AS p LEFT OUTER JOIN \"owners\" AS o ON o.\"id\" = p.\"ownerId\" ORDER BY p.\"id\"";
const char *const kSqlOwners =
        "SELECT \"id\", \"name\", \"createdAt\", \"updatedAt\" FROM \"owners\" ORDER BY \"id\"";
const char *const kSqlPugs =
        "SELECT \"id\", \"name\", \"createdAt\", \"updatedAt\", \"ownerId\" FROM \"pugs\" ORDER BY \"id\"";
const char *const kSqlOwnedPugs =
        "SELECT \"id\", \"name\", \"createdAt\", \"updatedAt\", \"ownerId\" FROM \"pugs\" "
        "WHERE \"ownerId\" IS NOT NULL ORDER BY \"id\"";
const char *const kSqlFriends =
        "SELECT f.\"id\", f.\"name\", f.\"createdAt\", f.\"updatedAt\", "
        "fs.\"createdAt\", fs.\"updatedAt\", fs.\"friendId\", fs.\"pugId\" "
        "FROM \"friendship\" AS fs INNER JOIN \"friends\" AS f ON f.\"id\" = fs.\"friendId\" ORDER BY f.\"id\"";

template <class C>
void readOwner(C &c, int i, OwnerRow &o)
{
    o.id = c.i64(i);
    o.name = c.str(i + 1);
    o.createdAt = c.ts(i + 2);
    o.updatedAt = c.ts(i + 3);
}

template <class C>
void readPug(C &c, int i, PugRow &p)
{
    p.id = c.i64(i);
    p.name = c.str(i + 1);
    p.createdAt = c.ts(i + 2);
    p.updatedAt = c.ts(i + 3);
    if (!c.isNull(i + 4))
        p.ownerId = c.i64(i + 4);
}

template <class C>
void readFriend(C &c, FriendRow &f)
{
    f.id = c.i64(0);
    f.name = c.str(1);
    f.createdAt = c.ts(2);
    f.updatedAt = c.ts(3);
    f.friendship.createdAt = c.ts(4);
    f.friendship.updatedAt = c.ts(5);
    f.friendship.friendId = c.i64(6);
    f.friendship.pugId = c.i64(7);
}

template <class Db>
std::vector<PugWithOwner> loadA(Db &db)
{
    std::vector<PugWithOwner> out;
    auto c = db.query(kSqlA);
    out.reserve(c.rowHint());
    while (c.next()) {
        PugWithOwner &x = out.emplace_back();
        readPug(c, 0, x.pug);
        if (!c.isNull(5))
            readOwner(c, 5, x.owner.emplace());
    }
    return out;
}

template <class Db>
std::vector<OwnerRow> loadOwners(Db &db, QHash<qint64, size_t> *index)
{
    std::vector<OwnerRow> owners;
    auto c = db.query(kSqlOwners);
    owners.reserve(c.rowHint());
    while (c.next())
        readOwner(c, 0, owners.emplace_back());
    index->reserve(qsizetype(owners.size()));
    for (size_t i = 0; i < owners.size(); ++i)
        index->insert(owners[i].id, i);
    return owners;
}

template <class Db>
std::vector<OwnerWithPugs> loadB(Db &db)
{
    QHash<qint64, size_t> index;
    std::vector<OwnerRow> owners = loadOwners(db, &index);
    std::vector<OwnerWithPugs> out(owners.size());
    for (size_t i = 0; i < owners.size(); ++i)
        out[i].owner = std::move(owners[i]);
    auto c = db.query(kSqlOwnedPugs);
    PugRow p;
    while (c.next()) {
        readPug(c, 0, p);
        auto it = index.constFind(*p.ownerId);
        if (it != index.constEnd())
            out[*it].pugs.push_back(std::move(p));
        p = PugRow();
    }
    return out;
}

template <class Db>
void attachFriends(Db &db, const QHash<qint64, PugWithFriends *> &pugs)
{
    auto c = db.query(kSqlFriends);
    FriendRow f;
    while (c.next()) {
        readFriend(c, f);
        if (PugWithFriends *p = pugs.value(f.friendship.pugId))
            p->friends.push_back(std::move(f));
        f = FriendRow();
    }
}

template <class Db>
std::vector<PugWithFriends> loadC(Db &db)
{
    std::vector<PugWithFriends> out;
    {
        auto c = db.query(kSqlPugs);
        out.reserve(c.rowHint());
        while (c.next())
            readPug(c, 0, out.emplace_back().pug);
    }
    QHash<qint64, PugWithFriends *> index;
    index.reserve(qsizetype(out.size()));
    for (PugWithFriends &p : out)
        index.insert(p.pug.id, &p);
    attachFriends(db, index);
    return out;
}

template <class Db>
std::vector<OwnerTree> loadD(Db &db)
{
    QHash<qint64, size_t> ownerIndex;
    std::vector<OwnerRow> owners = loadOwners(db, &ownerIndex);
    std::vector<OwnerTree> out(owners.size());
    for (size_t i = 0; i < owners.size(); ++i)
        out[i].owner = std::move(owners[i]);
    {
        auto c = db.query(kSqlOwnedPugs);
        PugWithFriends p;
        while (c.next()) {
            readPug(c, 0, p.pug);
            auto it = ownerIndex.constFind(*p.pug.ownerId);
            if (it != ownerIndex.constEnd())
                out[*it].pugs.push_back(std::move(p));
            p = PugWithFriends();
        }
    }
    QHash<qint64, PugWithFriends *> pugIndex;
    for (OwnerTree &o : out) {
        for (PugWithFriends &p : o.pugs)
            pugIndex.insert(p.pug.id, &p);
    }
    attachFriends(db, pugIndex);
    return out;
}

// ---- SQLite ----

class SqliteDb final : public RawDb
{
public:
    class Cursor
    {
    public:
        Cursor(sqlite3 *db, const char *sql) : m_sql(sql)
        {
            if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
                fail("prepare", sql, sqlite3_errmsg(db));
        }
        ~Cursor() { sqlite3_finalize(m_stmt); }
        Cursor(const Cursor &) = delete;
        size_t rowHint() const { return 0; }
        bool next()
        {
            const int rc = sqlite3_step(m_stmt);
            if (rc == SQLITE_ROW)
                return true;
            if (rc != SQLITE_DONE)
                fail("step", m_sql, sqlite3_errmsg(sqlite3_db_handle(m_stmt)));
            return false;
        }
        bool isNull(int i) const { return sqlite3_column_type(m_stmt, i) == SQLITE_NULL; }
        qint64 i64(int i) const { return sqlite3_column_int64(m_stmt, i); }
        QString str(int i) const
        {
            const char *t = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
            return t ? QString::fromUtf8(t, sqlite3_column_bytes(m_stmt, i)) : QString();
        }
        QDateTime ts(int i) const
        {
            const char *t = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
            return t ? parseTimestampRaw(t, sqlite3_column_bytes(m_stmt, i)) : QDateTime();
        }

    private:
        sqlite3_stmt *m_stmt = nullptr;
        const char *m_sql;
    };

    explicit SqliteDb(sqlite3 *db) : m_db(db) { }
    ~SqliteDb() override { sqlite3_close_v2(m_db); }
    Cursor query(const char *sql)
    {
        ++m_statements;
        return Cursor(m_db, sql);
    }
    QString driverVersion() const override { return QStringLiteral("sqlite3 C API %1").arg(QString::fromUtf8(sqlite3_libversion())); }
    std::vector<PugWithOwner> loadPugsWithOwner() override { return loadA(*this); }
    std::vector<OwnerWithPugs> loadOwnersWithPugs() override { return loadB(*this); }
    std::vector<PugWithFriends> loadPugsWithFriends() override { return loadC(*this); }
    std::vector<OwnerTree> loadOwnerTree() override { return loadD(*this); }

private:
    sqlite3 *m_db;
};

// ---- PostgreSQL (text results, decoded by hand) ----

class PgDb final : public RawDb
{
public:
    class Cursor
    {
    public:
        Cursor(PGconn *conn, const char *sql) : m_res(PQexec(conn, sql))
        {
            if (PQresultStatus(m_res) != PGRES_TUPLES_OK)
                fail("PQexec", sql, PQerrorMessage(conn));
            m_rows = PQntuples(m_res);
        }
        ~Cursor() { PQclear(m_res); }
        Cursor(const Cursor &) = delete;
        size_t rowHint() const { return size_t(m_rows); }
        bool next() { return ++m_row < m_rows; }
        bool isNull(int i) const { return PQgetisnull(m_res, m_row, i); }
        qint64 i64(int i) const
        {
            const char *s = PQgetvalue(m_res, m_row, i);
            const bool neg = *s == '-';
            if (neg)
                ++s;
            qint64 v = 0;
            for (; *s; ++s)
                v = v * 10 + (*s - '0');
            return neg ? -v : v;
        }
        QString str(int i) const
        {
            if (PQgetisnull(m_res, m_row, i))
                return QString();
            return QString::fromUtf8(PQgetvalue(m_res, m_row, i), PQgetlength(m_res, m_row, i));
        }
        QDateTime ts(int i) const
        {
            if (PQgetisnull(m_res, m_row, i))
                return QDateTime();
            return parseTimestampRaw(PQgetvalue(m_res, m_row, i), PQgetlength(m_res, m_row, i));
        }

    private:
        PGresult *m_res;
        int m_rows = 0;
        int m_row = -1;
    };

    explicit PgDb(PGconn *c) : m_conn(c) { }
    ~PgDb() override { PQfinish(m_conn); }
    Cursor query(const char *sql)
    {
        ++m_statements;
        return Cursor(m_conn, sql);
    }
    QString driverVersion() const override { return QStringLiteral("libpq %1").arg(PQlibVersion()); }
    std::vector<PugWithOwner> loadPugsWithOwner() override { return loadA(*this); }
    std::vector<OwnerWithPugs> loadOwnersWithPugs() override { return loadB(*this); }
    std::vector<PugWithFriends> loadPugsWithFriends() override { return loadC(*this); }
    std::vector<OwnerTree> loadOwnerTree() override { return loadD(*this); }

private:
    PGconn *m_conn;
};

} // namespace

std::unique_ptr<RawDb> RawDb::open(const QString &urlText, QString *error)
{
    auto url = DatabaseUrl::parse(urlText);
    if (!url) {
        *error = url.error().toString();
        return nullptr;
    }
    if (url->driver == QLatin1String("QPSQL")) {
        QString conninfo = QStringLiteral("host=%1 port=%2 dbname=%3").arg(url->host).arg(url->port).arg(url->database);
        if (!url->user.isEmpty())
            conninfo += QStringLiteral(" user=") + url->user;
        if (!url->password.isEmpty())
            conninfo += QStringLiteral(" password=") + url->password;
        PGconn *c = PQconnectdb(conninfo.toUtf8().constData());
        if (PQstatus(c) != CONNECTION_OK) {
            *error = QString::fromUtf8(PQerrorMessage(c));
            PQfinish(c);
            return nullptr;
        }
        PQclear(PQexec(c, "SET TIME ZONE 'UTC'"));
        return std::make_unique<PgDb>(c);
    }
    if (url->path == QLatin1String(":memory:") || url->path.isEmpty()) {
        *error = QStringLiteral("the sqlite3 C API cannot see Qt's in-memory database; use a file");
        return nullptr;
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(url->path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close_v2(db);
        return nullptr;
    }
    return std::make_unique<SqliteDb>(db);
}

} // namespace grumble::bench

#include "databaseurl.h"

#include <QUrl>

namespace grumble {

namespace {

//! A postgresql:// or postgres:// URL.
Result<DatabaseUrl> parsePostgres(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return makeError(
                ErrorKind::Connection,
                QStringLiteral(
                        "Malformed PostgreSQL URL '%1' (expected postgresql://user@host:port/db)")
                        .arg(text));
    DatabaseUrl u;
    u.driver = QStringLiteral("QPSQL");
    u.host = url.host();
    u.port = url.port(5432);
    u.user = url.userName().isEmpty() ? QStringLiteral("postgres") : url.userName();
    u.password = url.password();
    u.database = url.path().mid(1);
    if (u.database.isEmpty())
        u.database = u.user;
    return u;
}

//! A file path, `sqlite:PATH`, `sqlite://PATH` or `:memory:`.
Result<DatabaseUrl> parseSqlite(const QString &text)
{
    QString path = text;
    if (path.startsWith(QLatin1String("sqlite://")))
        path = path.mid(9);
    else if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    if (path.isEmpty())
        return makeError(ErrorKind::Connection,
                         QStringLiteral("SQLite URL '%1' names no file").arg(text));
    if (path.contains(QLatin1String("://")))
        return makeError(
                ErrorKind::Connection,
                QStringLiteral(
                        "Unsupported database URL '%1' (use a file path, sqlite:PATH, :memory: "
                        "or postgresql://user@host:port/db)")
                        .arg(text));
    DatabaseUrl u;
    u.driver = QStringLiteral("QSQLITE");
    u.path = path;
    return u;
}

} // namespace

QString DatabaseUrl::display() const
{
    if (driver == QLatin1String("QSQLITE"))
        return path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorKind::Connection, QStringLiteral("Empty database URL"));
    const bool postgres = trimmed.startsWith(QLatin1String("postgresql://"))
            || trimmed.startsWith(QLatin1String("postgres://"));
    auto url = postgres ? parsePostgres(trimmed) : parseSqlite(trimmed);
    if (url)
        url->original = text;
    return url;
}

} // namespace grumble

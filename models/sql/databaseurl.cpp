#include "databaseurl.h"

#include <QUrl>
#include <QUrlQuery>

namespace grumble {

namespace {

const QString kDefaultPostgresSchema = QStringLiteral("public");

//! The `?schema=NAME` parameter of a PostgreSQL URL (default "public"); any other is an error.
Result<QString> postgresSchema(const QUrl &url, const QString &text)
{
    QString schema = kDefaultPostgresSchema;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key != QLatin1String("schema"))
            return makeError(ErrorKind::Connection,
                             QStringLiteral("Unknown parameter '%1' in PostgreSQL URL '%2' "
                                            "(supported: schema=NAME)")
                                     .arg(key, text));
        if (value.isEmpty())
            return makeError(
                    ErrorKind::Connection,
                    QStringLiteral("Empty schema in PostgreSQL URL '%1' (expected ?schema=NAME)")
                            .arg(text));
        schema = value;
    }
    return schema;
}

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
    auto schema = postgresSchema(url, text);
    if (!schema)
        return schema.error();
    u.schema = *schema;
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
    u.schema = QStringLiteral("main");
    return u;
}

} // namespace

QString DatabaseUrl::display() const
{
    if (driver == QLatin1String("QSQLITE"))
        return path;
    const QString base =
            QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
    if (schema.isEmpty() || schema == kDefaultPostgresSchema)
        return base;
    return base + QStringLiteral("?schema=") + schema;
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

#pragma once

#include "error.h"

#include <QString>

namespace grumble {

//! Where a database lives, parsed from a URL.
struct DatabaseUrl
{
    QString driver; //!< "QSQLITE" or "QPSQL"
    QString path; //!< SQLite file or ":memory:"
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    //! The namespace the connection works in: PostgreSQL's `?schema=NAME` (default "public"),
    //! "main" for SQLite.
    QString schema;
    QString original;
    //! The URL without its password, for titles and logs.
    QString display() const;

    //! `:memory:`, `sqlite::memory:`, `sqlite:PATH`, a file path,
    //! `postgresql://user[:pw]@host[:port]/db[?schema=NAME]`. Any other `?` parameter of a
    //! PostgreSQL URL is an error.
    static Result<DatabaseUrl> parse(const QString &url);
};

} // namespace grumble

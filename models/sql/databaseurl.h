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
    QString original;
    //! The URL without its password, for titles and logs.
    QString display() const;

    //! `:memory:`, `sqlite::memory:`, `sqlite:PATH`, a file path, `postgresql://user[:pw]@host[:port]/db`.
    static Result<DatabaseUrl> parse(const QString &url);
};

} // namespace grumble

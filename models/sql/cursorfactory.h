#pragma once

// The cursor factories a build has. Each lives in its cursor's file (qtcursor.cpp,
// sqlitecursor.cpp, pgcursor.cpp); the native ones are compiled only where their library was
// found, and nativecursors_fallback.cpp stands in for a missing one.

#include "cursor.h"

#include <QSqlDatabase>

#include <memory>

namespace grumble {

//! SQLite's own API on the handle QSQLITE opened; nullptr when this build has no SQLite3, the
//! database is not QSQLITE or GRUMBLE_NO_NATIVE_SQLITE is set.
std::unique_ptr<CursorFactory> makeSqliteCursorFactory(const QSqlDatabase &db);
//! libpq on the PGconn QPSQL opened; nullptr when this build has no libpq, the database is not
//! QPSQL or GRUMBLE_NO_NATIVE_PQ is set.
std::unique_ptr<CursorFactory> makePgCursorFactory(const QSqlDatabase &db);
//! QSqlQuery: works on every driver.
std::unique_ptr<CursorFactory> makeQtCursorFactory(const QSqlDatabase &db);

//! The fastest factory for an open database: a native one when there is one, else Qt's.
inline std::unique_ptr<CursorFactory> makeCursorFactory(const QSqlDatabase &db)
{
    if (auto sqlite = makeSqliteCursorFactory(db))
        return sqlite;
    if (auto pq = makePgCursorFactory(db))
        return pq;
    return makeQtCursorFactory(db);
}

} // namespace grumble

// Stand-ins for the native cursor factories this build was configured without (CMake compiles
// sqlitecursor.cpp only where SQLite3 was found, pgcursor.cpp only where PostgreSQL was found).
// Without them every statement runs through QSqlQuery (qtcursor.cpp).

#include "cursorfactory.h"

namespace grumble {

#ifndef GRUMBLE_NATIVE_SQLITE
std::unique_ptr<CursorFactory> makeSqliteCursorFactory(const QSqlDatabase &)
{
    return nullptr;
}
#endif

#ifndef GRUMBLE_NATIVE_PQ
std::unique_ptr<CursorFactory> makePgCursorFactory(const QSqlDatabase &)
{
    return nullptr;
}
#endif

} // namespace grumble

#pragma once

#include <QString>

namespace grumble {

//! Whether a statement only reads: a SELECT, or a WITH ... SELECT without INSERT, UPDATE, DELETE
//! or MERGE. Everything else (writes, DDL, BEGIN/COMMIT/ROLLBACK/SAVEPOINT, PRAGMA, SET) could
//! change something, and pretend mode records it without running it.
bool isReadStatement(const QString &sql);

//! Transaction control and session settings (BEGIN, COMMIT, ROLLBACK, PRAGMA, SET), which the SQL
//! log marks as control.
bool isControlStatement(const QString &sql);

} // namespace grumble

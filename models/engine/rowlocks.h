#pragma once

// Row locks of the multi-statement accessors, taken in one order so concurrent writers queue
// instead of deadlocking: first the row of the record the accessor is called on, then the target
// rows in key order. On PostgreSQL these are SELECT ... FOR NO KEY UPDATE (which does not block the
// foreign-key checks of other writers, FOR KEY SHARE); on SQLite BEGIN IMMEDIATE already makes
// every write transaction exclusive, so nothing is added there.

#include "accessorcontext.h"

namespace grumble {

//! " FOR NO KEY UPDATE" where rows are locked one by one (PostgreSQL), empty where the write
//! transaction is the lock (SQLite).
QString rowLockClause(const Dialect &dialect);

//! Locks the source row of an accessor call (`source.key = value`) until the transaction ends, so
//! accessors on the same record run one after the other and each sees what the one before wrote.
//! No statement where rowLockClause() is empty.
Result<void> lockSourceRow(AccessorContext &call, const Attribute &key, const QVariant &value);

} // namespace grumble

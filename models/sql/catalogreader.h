#pragma once

#include "catalog.h"
#include "error.h"

namespace grumble {

class Connection;

//! Reads every table of the database a connection is on (PostgreSQL: the URL's `?schema=NAME`,
//! default `public`) with its columns, primary key, foreign keys, unique constraints and indexes.
//! A constant number of statements per database, never one round trip per table; nothing is
//! written and no setting of the database changes. Each statement is logged under the context
//! "read catalog".
Result<Catalog> readCatalog(Connection &connection);

// Made in sqlitecatalog.cpp and postgrescatalog.cpp; readCatalog() picks by dialect.
Result<Catalog> readSqliteCatalog(Connection &connection);
Result<Catalog> readPostgresCatalog(Connection &connection, const QString &namespaceName);

} // namespace grumble

#pragma once

// Private to the inference files (inference.cpp, typemapping.cpp).

#include "catalog.h"
#include "schema.h"

namespace grumble {

//! Sets the attribute's default from the column's: a literal (a number, TRUE/FALSE, a quoted string,
//! PostgreSQL casts removed) becomes defaultValue, a sequence (nextval) makes it autoIncrement, any
//! other expression (CURRENT_TIMESTAMP, gen_random_uuid()) is kept verbatim in defaultSql.
void readColumnDefault(const CatalogColumn &column, Attribute *attribute);

} // namespace grumble

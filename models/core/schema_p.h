#pragma once

// Private to the schema files (schema.cpp, associations.cpp, schemajson.cpp).

#include "error.h"
#include "inflection.h"
#include "schema.h"

namespace grumble {

//! An error of kind Schema.
inline Error schemaError(const QString &message)
{
    return makeError(ErrorKind::Schema, message);
}

//! The column of an attribute: the attribute name, underscored when the model says so.
inline QString columnName(const ModelOptions &options, const QString &attribute)
{
    return options.underscored ? inflection::underscore(attribute) : attribute;
}

} // namespace grumble

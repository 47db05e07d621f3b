#pragma once

#include "catalog.h"
#include "error.h"
#include "schema.h"

namespace grumble {

//! A schema inferred from a database's catalog, with what was inferred and how ambiguous cases
//! were named, one sentence each ("posts.authorId → users: post.belongsTo(user, {as: 'author'})").
struct InferredSchema
{
    Schema schema;
    QStringList notes;
};

//! Models and associations the way Sequelize names them, from tables and their keys:
//! model name = singular of the table name; a foreign key column T.xId → P gives T.belongsTo(P) and
//! P.hasMany(T) (hasOne when the column is unique), aliased when the column is not the default name;
//! a table keyed (or unique) on exactly two foreign keys is a join table: belongsToMany both ways
//! through it; createdAt/updatedAt (or created_at/updated_at, then underscored) turn timestamps on.
//! Unknown column types are kept verbatim. A table without a primary key is a model whose rows can
//! be read but not updated or deleted.
Result<InferredSchema> inferSchema(const Catalog &catalog);

//! The schema type of a database column type ("VARCHAR(255)" → STRING(255), "DATETIME" and
//! "TIMESTAMP WITH TIME ZONE" → DATE, "TINYINT(1)"/"BOOLEAN" → BOOLEAN, ...); false when the type is
//! none of the schema's types (the caller keeps it verbatim).
bool mapSqlType(const QString &sqlType, DataType *type, int *length);

} // namespace grumble

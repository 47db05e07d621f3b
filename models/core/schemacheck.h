#pragma once

#include "catalog.h"
#include "schema.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace grumble {

//! What differs between a declared schema and a database (see checkSchema()).
enum class SchemaDifferenceKind {
    MissingTable,                 //!< a model whose table the database lacks
    ExtraTable,                   //!< a table no model uses
    MissingColumn,                //!< an attribute whose column the table lacks
    ExtraColumn,                  //!< a column no attribute uses
    TypeMismatch,                 //!< the column's type is not the attribute's (STRING lengths too)
    NullabilityMismatch,          //!< allowNull vs NOT NULL
    AssociationWithoutForeignKey, //!< the schema's foreign key has no (or another) constraint in the database
    ForeignKeyWithoutAssociation, //!< a database foreign key no association of the schema uses
    HasOneKeyNotUnique,           //!< a hasOne whose foreign key column is not unique
    JoinTableWithoutCompositeKey, //!< a belongsToMany through table not unique on (foreignKey, otherKey)
    OnDeleteMismatch,             //!< the constraint's ON DELETE differs from the schema's
    OnUpdateMismatch,             //!< the constraint's ON UPDATE differs from the schema's
};

//! A stable identifier for scripts and JSON: "missingTable", "typeMismatch", ...
QString schemaDifferenceKindId(SchemaDifferenceKind kind);
//! The words used in messages: "missing table", "type mismatch", ...
QString schemaDifferenceKindName(SchemaDifferenceKind kind);

//! One difference between a schema and a database.
struct SchemaDifference
{
    SchemaDifferenceKind kind = SchemaDifferenceKind::MissingTable;
    QString table;    //!< the table concerned
    QString column;   //!< the column(s) concerned ("pugId, friendId"); empty for a whole table
    QString expected; //!< what the schema says ("INTEGER REFERENCES owners(id)"), may be empty
    QString actual;   //!< what the database has ("VARCHAR(255) NOT NULL"), may be empty
    QString message;  //!< one line: "missing column (schema: INTEGER REFERENCES owners(id))"
    QString meaning;  //!< what it means for the user: "Reading or creating a pug fails: ..."

    //! "pugs.ownerId: missing column (schema: INTEGER REFERENCES owners(id))": stable, greppable; a key
    //! of several columns is written "friendship(friendId, pugId): ...".
    QString line() const;
    //! {kind, table, column, expected, actual, message, meaning}; kind is schemaDifferenceKindId().
    QJsonObject toJson() const;
};

//! Compares a declared schema with what a database holds and returns every difference, ordered by
//! table, then column (a table's own differences first), then kind. Reads nothing itself.
//!
//! Types are compared through mapSqlType() and leniently where one Sequelize type has several
//! spellings (INTEGER/int4, DATETIME/TIMESTAMP WITH TIME ZONE, FLOAT/REAL/DOUBLE PRECISION; on
//! SQLite, which stores every integer in 8 bytes, INTEGER/BIGINT). ON DELETE / ON UPDATE: an empty
//! action is NO ACTION, and NO ACTION and RESTRICT are taken as the same (both refuse to delete or
//! change a referenced row; they differ only in when a deferred check runs, which Grumble never
//! uses). Primary key columns are not checked for NULL-ability (a key is never NULL).
QVector<SchemaDifference> checkSchema(const Schema &schema, const Catalog &catalog);

} // namespace grumble

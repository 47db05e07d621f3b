#pragma once

// Private to the Sequelize export (sequelizeexport.cpp, sequelizemigration.cpp): JavaScript
// spelling of names, literals and data types.

#include "schema.h"

#include <QString>
#include <QVariant>

namespace grumble::sequelizecode {

//! A single-quoted JavaScript string literal ('it\'s').
QString jsString(const QString &text);
//! A key of an object literal: the name itself when it is an identifier, else a string literal.
QString jsKey(const QString &name);
//! `object.name`, or `object['name']` when the name is not an identifier.
QString jsMember(const QString &object, const QString &name);
//! A literal JavaScript value for a default value (number, boolean, string, or JSON).
QString jsLiteral(const QVariant &value);
//! The data type of an attribute: `DataTypes.STRING(32)`, `DataTypes.INTEGER`, or a RAW type's
//! database type as a string literal (`'inet'`), which Sequelize passes through verbatim.
//! `dataTypes` is the name of the DataTypes object in scope ("DataTypes", "Sequelize").
QString typeCode(const Attribute &attribute, const QString &dataTypes);
//! The default value of an attribute as code (`sequelize.literal('now()')` for a database-computed
//! one, given `literalOwner`), or an empty string when it has none.
QString defaultCode(const Attribute &attribute, const QString &literalOwner);
//! A JavaScript class name for a model ("pug" -> "Pug"), never one of the names the model file uses.
QString className(const QString &model);

} // namespace grumble::sequelizecode

#include "sequelizeexport.h"

namespace grumble {

//! The migration of an exported project (sequelizemigration.cpp).
SequelizeFile sequelizeMigration(const Schema &schema, const QDateTime &timestamp);

} // namespace grumble

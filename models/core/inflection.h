#pragma once

#include <QString>

namespace grumble::inflection {

//! English plural of a word ("pug" -> "pugs", "person" -> "people", "box" -> "boxes").
QString pluralize(const QString &word);
//! English singular of a word ("pugs" -> "pug", "people" -> "person", "categories" -> "category").
QString singularize(const QString &word);
//! "pug_id" / "pug id" -> "pugId" (Sequelize's Utils.camelize).
QString camelize(const QString &name);
//! "ownerId" -> "owner_id" (Sequelize's Utils.underscore).
QString underscore(const QString &name);
//! "pug" -> "Pug".
QString upperFirst(const QString &word);

} // namespace grumble::inflection

#pragma once

#include <QString>

namespace grumble::inflection {

// Sequelize 6 names models, tables, aliases, keys and accessors with these; each gives the answer
// of Sequelize's own function for every string (tests/tst_inflection.cpp runs the real one).

//! Plural of the whole string as the npm `inflection` package 1.13 (Sequelize's Utils.pluralize)
//! gives it: "pug" -> "pugs", "person" -> "people", "campus" -> "campuses", "fish" -> "fishes".
QString pluralize(const QString &word);
//! Singular as `inflection` gives it (Utils.singularize): "people" -> "person", "octopi" -> "octopi".
QString singularize(const QString &word);
//! Sequelize's Utils.camelize: "pug_id" / "pug id" / "pug-id" -> "pugId", "_id" -> "Id".
QString camelize(const QString &name);
//! `inflection.underscore` (Utils.underscore): "ownerId" -> "owner_id", "userID" -> "user_i_d".
QString underscore(const QString &name);
//! lodash's upperFirst: "pug" -> "Pug".
QString upperFirst(const QString &word);

} // namespace grumble::inflection

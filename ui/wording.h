#pragma once

#include <QString>

namespace grumble::ui {

//! "a" or "an" for an English noun as Grumble names models ("an owner", "a pug", "a user",
//! "an hour"): by the sound of its first letter, with the usual exceptions.
QString indefiniteArticle(const QString &noun);
//! The noun with its article: "an owner".
QString withArticle(const QString &noun);
//! "1 owner", "2 owners", "0 owners"; the number in the user's locale ("10,000 owners").
QString countOf(qint64 n, const QString &singular, const QString &plural);

} // namespace grumble::ui

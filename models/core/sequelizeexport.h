#pragma once

#include "schema.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVector>

namespace grumble {

//! One file of an exported Sequelize project, its path relative to the project folder.
struct SequelizeFile
{
    QString path;       //!< "models/pug.js", "models/index.js", "migrations/20261202120000-create-owners-pugs.js"
    QByteArray content; //!< UTF-8 JavaScript
};

//! A small Sequelize project for a schema, in the sequelize-cli layout: `models/<model>.js` per model
//! (`class X extends Model`, `X.init` with DataTypes and options, a static `associate` declaring
//! its associations with every non-default option), `models/index.js` as sequelize-cli writes it,
//! and one migration `migrations/<YYYYMMDDHHMMSS>-create-<tables>.js` (createTable in dependency
//! order with references and ON DELETE/UPDATE, the join tables' composite keys, addIndex for the
//! foreign-key indexes Grumble adds, `down` dropping in reverse order). `timestamp` names the
//! migration (UTC).
QVector<SequelizeFile> exportSequelizeProject(const Schema &schema, const QDateTime &timestamp);

//! The Sequelize code of one model (its `models/<model>.js`), for showing and copying in the app;
//! empty when there is no such model.
QString sequelizeModelCode(const Schema &schema, const QString &model);

} // namespace grumble

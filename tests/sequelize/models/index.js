'use strict';
// The model loader, shaped like sequelize-cli's models/index.js, except that the Sequelize instance
// (the connection) is handed in by the caller instead of read from config/config.json:
//
//     const db = require('./models')(sequelize);   // db.User, db.employee, ..., db.sequelize
const fs = require('fs');
const path = require('path');
const Sequelize = require('sequelize');

const basename = path.basename(__filename);

module.exports = (sequelize) => {
  const db = {};
  fs.readdirSync(__dirname)
    .filter((file) => file.indexOf('.') !== 0 && file !== basename && file.slice(-3) === '.js')
    .sort()
    .forEach((file) => {
      const model = require(path.join(__dirname, file))(sequelize, Sequelize.DataTypes);
      db[model.name] = model;
    });
  Object.keys(db).forEach((modelName) => {
    if (db[modelName].associate) {
      db[modelName].associate(db);
    }
  });
  db.sequelize = sequelize;
  db.Sequelize = Sequelize;
  return db;
};

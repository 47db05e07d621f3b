'use strict';
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class Profile extends Model {
    static associate(models) {
      Profile.belongsTo(models.User);
    }
  }
  Profile.init(
    { bio: DataTypes.TEXT, website: DataTypes.STRING(100) },
    { sequelize, modelName: 'Profile' }
  );
  return Profile;
};

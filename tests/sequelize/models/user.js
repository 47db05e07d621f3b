'use strict';
// Blog project, in the shape `sequelize-cli model:generate` writes: class models with capitalized
// names, so the tables are "Users", "Posts", ... and default foreign keys are "UserId", "PostId".
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class User extends Model {
    static associate(models) {
      // Two foreign keys to one table, each with its own alias.
      User.hasMany(models.Post, { as: 'authoredPosts', foreignKey: 'authorId' });
      User.hasMany(models.Post, { as: 'editedPosts', foreignKey: 'editorId' });
      // Default key "UserId" on Comments.
      User.hasMany(models.Comment);
      // hasOne with a plain (not unique) key "UserId" on Profiles: Sequelize does not make it unique.
      User.hasOne(models.Profile);
      // Self belongsToMany through an implicit join table with custom keys.
      User.belongsToMany(models.User, {
        as: 'friends',
        through: 'Friendships',
        foreignKey: 'userId',
        otherKey: 'friendId',
      });
    }
  }
  User.init(
    {
      firstName: { type: DataTypes.STRING, allowNull: false },
      email: { type: DataTypes.STRING, unique: true },
    },
    { sequelize, modelName: 'User' }
  );
  return User;
};

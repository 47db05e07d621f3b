'use strict';
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class Comment extends Model {
    static associate(models) {
      Comment.belongsTo(models.Post);
      Comment.belongsTo(models.User);
    }
  }
  Comment.init({ body: { type: DataTypes.TEXT, allowNull: false } }, { sequelize, modelName: 'Comment' });
  return Comment;
};

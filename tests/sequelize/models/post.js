'use strict';
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class Post extends Model {
    static associate(models) {
      Post.belongsTo(models.User, { as: 'author', foreignKey: 'authorId' });
      Post.belongsTo(models.User, { as: 'editor', foreignKey: 'editorId' });
      Post.hasMany(models.Comment);
    }
  }
  Post.init(
    {
      title: { type: DataTypes.STRING(100), allowNull: false },
      body: DataTypes.TEXT,
      published: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    },
    { sequelize, modelName: 'Post' }
  );
  return Post;
};

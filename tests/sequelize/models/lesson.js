'use strict';
// A one-sided belongsTo (course has no hasMany lessons) and no timestamps.
module.exports = (sequelize, DataTypes) => {
  const lesson = sequelize.define(
    'lesson',
    {
      title: { type: DataTypes.STRING, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
    },
    { timestamps: false }
  );
  lesson.associate = (models) => {
    lesson.belongsTo(models.course, { onDelete: 'CASCADE' });
  };
  return lesson;
};

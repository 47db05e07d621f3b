'use strict';
module.exports = (sequelize, DataTypes) => {
  const course = sequelize.define('course', {
    title: { type: DataTypes.STRING, allowNull: false },
    credits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 5 },
  });
  course.associate = (models) => {
    course.belongsToMany(models.student, { through: models.enrollment });
  };
  return course;
};

'use strict';
// School project: a through model with extra columns, belongsToMany both ways.
module.exports = (sequelize, DataTypes) => {
  const student = sequelize.define(
    'student',
    { name: { type: DataTypes.STRING, allowNull: false } },
    { freezeTableName: true }
  );
  student.associate = (models) => {
    student.belongsToMany(models.course, { through: models.enrollment });
  };
  return student;
};

'use strict';
module.exports = (sequelize, DataTypes) => {
  const department = sequelize.define(
    'department',
    {
      code: { type: DataTypes.STRING(8), primaryKey: true },
      name: { type: DataTypes.STRING, allowNull: false },
    },
    { tableName: 'dept', timestamps: false }
  );
  department.associate = (models) => {
    department.hasMany(models.employee);
  };
  return department;
};

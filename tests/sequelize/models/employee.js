'use strict';
// HR project, in the older sequelize.define shape: lower-case model names, underscored columns.
module.exports = (sequelize, DataTypes) => {
  const employee = sequelize.define(
    'employee',
    {
      firstName: { type: DataTypes.STRING, allowNull: false },
      hiredOn: DataTypes.DATEONLY,
    },
    { underscored: true }
  );
  employee.associate = (models) => {
    // Self reference: manager_id → employees.
    employee.belongsTo(models.employee, { as: 'manager' });
    employee.hasMany(models.employee, { as: 'reports', foreignKey: 'managerId' });
    // hasOne whose key is declared unique: badges.employee_id UNIQUE.
    employee.hasOne(models.badge, { foreignKey: { name: 'employeeId', unique: true } });
    // A target with a custom table name and a non-id primary key: department_code → dept.code.
    employee.belongsTo(models.department);
  };
  return employee;
};

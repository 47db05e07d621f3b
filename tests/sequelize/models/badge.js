'use strict';
module.exports = (sequelize, DataTypes) => {
  const badge = sequelize.define(
    'badge',
    { code: { type: DataTypes.STRING(32), allowNull: false, unique: true } },
    { underscored: true, timestamps: false }
  );
  badge.associate = (models) => {
    badge.belongsTo(models.employee, { foreignKey: { name: 'employeeId', unique: true } });
  };
  return badge;
};

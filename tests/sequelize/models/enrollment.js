'use strict';
// The through model of student ↔ course; Sequelize drops its implicit id and keys it on
// (studentId, courseId).
module.exports = (sequelize, DataTypes) =>
  sequelize.define('enrollment', {
    role: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'student' },
    grade: DataTypes.FLOAT,
  });

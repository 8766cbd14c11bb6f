"use strict";

const { DataTypes, Model } = require("sequelize");

/**
 * Table departments.
 * Has a head (an employee) while employees belong to a department: a foreign key cycle.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Department extends Model {}

  Department.init(
    {
      id: {
        type: DataTypes.INTEGER,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      name: { type: DataTypes.TEXT, field: "name", allowNull: false },
      headId: { type: DataTypes.UUID, field: "head_id" },
      flagshipProjectId: { type: DataTypes.UUID, field: "flagship_project_id" },
    },
    {
      sequelize,
      modelName: "Department",
      tableName: "departments",
      schema: "public",
      comment: "Has a head (an employee) while employees belong to a department: a foreign key cycle.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "uniq_departments_name", unique: true, fields: ["name"] },
        { name: "idx_departments_head_id", fields: ["head_id"] },
        { name: "idx_departments_flagship_project_id", fields: ["flagship_project_id"] },
      ],
    },
  );
  return Department;
};

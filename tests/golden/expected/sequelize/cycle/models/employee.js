"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table employees.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Employee extends Model {}

  Employee.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: DataTypes.UUIDV4,
        comment: "Set by the application, not the database.",
      },
      badgeNo: { type: DataTypes.STRING(12), field: "badge_no", allowNull: false },
      departmentId: { type: DataTypes.INTEGER, field: "department_id", allowNull: false },
      mentorBadgeNo: {
        type: DataTypes.STRING(12),
        field: "mentor_badge_no",
        comment: "Self-reference through a unique index.",
      },
      email: { type: DataTypes.STRING(255), field: "email" },
      ticketNo: {
        type: DataTypes.BIGINT,
        field: "ticket_no",
        allowNull: false,
        defaultValue: Sequelize.literal("nextval('ticket_numbers'::regclass)"),
      },
    },
    {
      sequelize,
      modelName: "Employee",
      tableName: "employees",
      schema: "public",
      underscored: true,
      timestamps: false,
      indexes: [
        {
          name: "uniq_employees_email",
          unique: true,
          fields: ["email"],
          where: Sequelize.literal("email IS NOT NULL"),
        },
        { name: "idx_employees_badge_no", unique: true, fields: ["badge_no"] },
        { name: "idx_employees_department_id", fields: ["department_id"] },
        { name: "idx_employees_mentor_badge_no", fields: ["mentor_badge_no"] },
      ],
    },
  );
  return Employee;
};

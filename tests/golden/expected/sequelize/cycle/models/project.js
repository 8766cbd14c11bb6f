"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table projects.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Project extends Model {}

  Project.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      departmentId: { type: DataTypes.INTEGER, field: "department_id", allowNull: false },
      leadId: { type: DataTypes.UUID, field: "lead_id", allowNull: false },
      ticketNo: {
        type: DataTypes.BIGINT,
        field: "ticket_no",
        allowNull: false,
        defaultValue: Sequelize.literal("nextval('ticket_numbers'::regclass)"),
        comment: "Shares a sequence with employees.ticket_no.",
      },
      code: {
        type: DataTypes.INTEGER,
        field: "code",
        defaultValue: Sequelize.literal("nextval('projects_code_seq'::regclass)"),
      },
    },
    {
      sequelize,
      modelName: "Project",
      tableName: "projects",
      schema: "public",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "idx_projects_department_id", fields: ["department_id"] },
        { name: "idx_projects_lead_id", fields: ["lead_id"] },
      ],
    },
  );
  return Project;
};

"use strict";

/**
 * Defines every model on `sequelize` and wires their associations.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
function initModels(sequelize) {
  const Department = require("./department")(sequelize);
  const Employee = require("./employee")(sequelize);
  const Project = require("./project")(sequelize);

  // departments.head_id -> employees
  Department.belongsTo(Employee, { as: "head", foreignKey: "headId", targetKey: "id", constraints: false });
  Employee.hasMany(Department, { as: "departments", foreignKey: "headId", sourceKey: "id", constraints: false });
  // departments.flagship_project_id -> projects
  Department.belongsTo(Project, {
    as: "flagshipProject",
    foreignKey: "flagshipProjectId",
    targetKey: "id",
    constraints: false,
  });
  Project.hasMany(Department, {
    as: "departments",
    foreignKey: "flagshipProjectId",
    sourceKey: "id",
    constraints: false,
  });
  // employees.department_id -> departments
  Employee.belongsTo(Department, {
    as: "department",
    foreignKey: "departmentId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "CASCADE",
  });
  Department.hasMany(Employee, {
    as: "employees",
    foreignKey: "departmentId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "CASCADE",
  });
  // employees.mentor_badge_no -> employees
  Employee.belongsTo(Employee, {
    as: "mentor",
    foreignKey: "mentorBadgeNo",
    targetKey: "badgeNo",
    constraints: false,
  });
  Employee.hasMany(Employee, { as: "mentees", foreignKey: "mentorBadgeNo", sourceKey: "badgeNo", constraints: false });
  // projects.department_id -> departments
  Project.belongsTo(Department, {
    as: "department",
    foreignKey: "departmentId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Department.hasMany(Project, {
    as: "projects",
    foreignKey: "departmentId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  // projects.lead_id -> employees
  Project.belongsTo(Employee, {
    as: "lead",
    foreignKey: "leadId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  Employee.hasMany(Project, {
    as: "projects",
    foreignKey: "leadId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });

  // sync() creates tables only: the schemas, enum types and sequences they use come first.
  sequelize.addHook("beforeBulkSync", "createTypes", async () => {
    await sequelize.query("CREATE SEQUENCE IF NOT EXISTS ticket_numbers AS bigint;");
    await sequelize.query("CREATE SEQUENCE IF NOT EXISTS projects_code_seq AS integer;");
  });

  return { Department, Employee, Project };
}

module.exports = { initModels };

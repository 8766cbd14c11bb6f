"use strict";

// Creates the schema Cycle; down() drops everything up() created.

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query("CREATE SEQUENCE ticket_numbers AS bigint;", { transaction });
      await queryInterface.sequelize.query("CREATE SEQUENCE projects_code_seq AS integer;", { transaction });
      await queryInterface.createTable(
        "departments",
        {
          id: { type: Sequelize.INTEGER, allowNull: false, autoIncrement: true, autoIncrementIdentity: true },
          name: { type: Sequelize.TEXT, allowNull: false },
          head_id: { type: Sequelize.UUID },
          flagship_project_id: { type: Sequelize.UUID },
        },
        { transaction, comment: "Has a head (an employee) while employees belong to a department: a foreign key cycle." },
      );
      await queryInterface.addConstraint("departments", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "departments_pkey",
        transaction,
      });
      await queryInterface.addConstraint("departments", {
        type: "UNIQUE",
        fields: ["name"],
        name: "uniq_departments_name",
        transaction,
      });
      await queryInterface.addIndex("departments", {
        name: "idx_departments_head_id",
        fields: ["head_id"],
        transaction,
      });
      await queryInterface.addIndex("departments", {
        name: "idx_departments_flagship_project_id",
        fields: ["flagship_project_id"],
        transaction,
      });
      await queryInterface.createTable(
        "employees",
        {
          id: { type: Sequelize.UUID, allowNull: false, comment: "Set by the application, not the database." },
          badge_no: { type: Sequelize.STRING(12), allowNull: false },
          department_id: { type: Sequelize.INTEGER, allowNull: false },
          mentor_badge_no: { type: Sequelize.STRING(12), comment: "Self-reference through a unique index." },
          email: { type: Sequelize.STRING(255) },
          ticket_no: {
            type: Sequelize.BIGINT,
            allowNull: false,
            defaultValue: Sequelize.literal("nextval('ticket_numbers'::regclass)"),
          },
        },
        { transaction },
      );
      await queryInterface.addConstraint("employees", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "employees_pkey",
        transaction,
      });
      await queryInterface.sequelize.query("CREATE UNIQUE INDEX uniq_employees_email ON employees (email) NULLS NOT DISTINCT WHERE email IS NOT NULL;", { transaction });
      await queryInterface.addIndex("employees", {
        name: "idx_employees_badge_no",
        unique: true,
        fields: ["badge_no"],
        transaction,
      });
      await queryInterface.addIndex("employees", {
        name: "idx_employees_department_id",
        fields: ["department_id"],
        transaction,
      });
      await queryInterface.addIndex("employees", {
        name: "idx_employees_mentor_badge_no",
        fields: ["mentor_badge_no"],
        transaction,
      });
      await queryInterface.createTable(
        "projects",
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          department_id: { type: Sequelize.INTEGER, allowNull: false },
          lead_id: { type: Sequelize.UUID, allowNull: false },
          ticket_no: {
            type: Sequelize.BIGINT,
            allowNull: false,
            defaultValue: Sequelize.literal("nextval('ticket_numbers'::regclass)"),
            comment: "Shares a sequence with employees.ticket_no.",
          },
          code: { type: Sequelize.INTEGER, defaultValue: Sequelize.literal("nextval('projects_code_seq'::regclass)") },
        },
        { transaction },
      );
      await queryInterface.addConstraint("projects", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "projects_pkey",
        transaction,
      });
      await queryInterface.addIndex("projects", {
        name: "idx_projects_department_id",
        fields: ["department_id"],
        transaction,
      });
      await queryInterface.addIndex("projects", { name: "idx_projects_lead_id", fields: ["lead_id"], transaction });
      await queryInterface.addConstraint("departments", {
        type: "FOREIGN KEY",
        fields: ["head_id"],
        references: { table: "employees", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        deferrable: Sequelize.Deferrable.INITIALLY_IMMEDIATE,
        name: "fk_departments_head_id",
        transaction,
      });
      await queryInterface.addConstraint("departments", {
        type: "FOREIGN KEY",
        fields: ["flagship_project_id"],
        references: { table: "projects", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        deferrable: Sequelize.Deferrable.INITIALLY_DEFERRED,
        name: "fk_departments_flagship_project_id",
        transaction,
      });
      await queryInterface.addConstraint("employees", {
        type: "FOREIGN KEY",
        fields: ["department_id"],
        references: { table: "departments", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "CASCADE",
        name: "fk_employees_department_id",
        transaction,
      });
      await queryInterface.addConstraint("employees", {
        type: "FOREIGN KEY",
        fields: ["mentor_badge_no"],
        references: { table: "employees", fields: ["badge_no"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk_employees_mentor",
        transaction,
      });
      await queryInterface.addConstraint("projects", {
        type: "FOREIGN KEY",
        fields: ["department_id"],
        references: { table: "departments", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_projects_department_id",
        transaction,
      });
      await queryInterface.addConstraint("projects", {
        type: "FOREIGN KEY",
        fields: ["lead_id"],
        references: { table: "employees", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_projects_lead_id",
        transaction,
      });
      await queryInterface.sequelize.query("ALTER SEQUENCE projects_code_seq OWNED BY projects.code;", { transaction });
    });
  },

  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeConstraint("projects", "fk_projects_lead_id", { transaction });
      await queryInterface.removeConstraint("projects", "fk_projects_department_id", { transaction });
      await queryInterface.removeConstraint("employees", "fk_employees_mentor", { transaction });
      await queryInterface.removeConstraint("employees", "fk_employees_department_id", { transaction });
      await queryInterface.removeConstraint("departments", "fk_departments_flagship_project_id", { transaction });
      await queryInterface.removeConstraint("departments", "fk_departments_head_id", { transaction });
      await queryInterface.dropTable("projects", { transaction });
      await queryInterface.dropTable("employees", { transaction });
      await queryInterface.dropTable("departments", { transaction });
      await queryInterface.sequelize.query("DROP SEQUENCE IF EXISTS projects_code_seq;", { transaction });
      await queryInterface.sequelize.query("DROP SEQUENCE IF EXISTS ticket_numbers;", { transaction });
    });
  },
};

"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table accounts.
 * Someone who can sign in.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Account extends Model {}

  Account.init(
    {
      id: {
        type: DataTypes.BIGINT,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      email: {
        type: DataTypes.STRING(255),
        field: "email",
        allowNull: false,
        comment: "Unique among live accounts.",
      },
      displayName: { type: DataTypes.TEXT, field: "display_name", allowNull: false },
      status: {
        type: "account_status",
        field: "status",
        allowNull: false,
        defaultValue: "active",
        validate: { isIn: [["active", "suspended", "closed"]] },
      },
      managerId: {
        type: DataTypes.BIGINT,
        field: "manager_id",
        comment: "Self-reference: who manages this account.",
      },
      settings: {
        type: DataTypes.JSONB,
        field: "settings",
        allowNull: false,
        defaultValue: Sequelize.literal("'{}'"),
      },
      nicknames: { type: DataTypes.ARRAY(DataTypes.TEXT), field: "nicknames" },
      loginCount: { type: DataTypes.INTEGER, field: "login_count", allowNull: false, defaultValue: 0 },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at" },
    },
    {
      sequelize,
      modelName: "Account",
      tableName: "accounts",
      schema: "public",
      comment: "Someone who can sign in.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        {
          name: "uniq_accounts_email",
          unique: true,
          fields: ["email"],
          where: Sequelize.literal("deleted_at IS NULL"),
        },
        { name: "idx_accounts_lower_email", unique: true, fields: [Sequelize.literal("(lower((email)::text))")] },
        { name: "idx_accounts_manager_id", fields: ["manager_id"] },
        { name: "idx_accounts_settings", using: "gin", fields: [{ name: "settings", operator: "jsonb_path_ops" }] },
      ],
    },
  );
  return Account;
};

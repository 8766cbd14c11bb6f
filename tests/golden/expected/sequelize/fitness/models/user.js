"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table users.
 * A person with an account.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class User extends Model {}

  User.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      email: {
        type: DataTypes.STRING(255),
        field: "email",
        allowNull: false,
        comment: "Sign-in address, unique among live users.",
      },
      displayName: { type: DataTypes.TEXT, field: "display_name", allowNull: false },
      role: {
        type: "user_role",
        field: "role",
        allowNull: false,
        defaultValue: "member",
        validate: { isIn: [["member", "coach", "admin"]] },
      },
      isActive: { type: DataTypes.BOOLEAN, field: "is_active", allowNull: false, defaultValue: true },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at", comment: "Set when the user is soft-deleted." },
    },
    {
      sequelize,
      modelName: "User",
      tableName: "users",
      schema: "public",
      comment: "A person with an account.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        { name: "uniq_users_email", unique: true, fields: ["email"], where: Sequelize.literal("deleted_at IS NULL") },
      ],
    },
  );
  return User;
};

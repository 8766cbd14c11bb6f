"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table programs.
 * A multi-week training plan.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Program extends Model {}

  Program.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      userId: { type: DataTypes.UUID, field: "user_id", allowNull: false, comment: "The owner." },
      name: { type: DataTypes.TEXT, field: "name", allowNull: false },
      description: { type: DataTypes.TEXT, field: "description" },
      difficulty: {
        type: "difficulty",
        field: "difficulty",
        allowNull: false,
        validate: { isIn: [["beginner", "intermediate", "advanced"]] },
      },
      weeks: { type: DataTypes.SMALLINT, field: "weeks", allowNull: false },
      isPublic: { type: DataTypes.BOOLEAN, field: "is_public", allowNull: false, defaultValue: false },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at" },
    },
    {
      sequelize,
      modelName: "Program",
      tableName: "programs",
      schema: "public",
      comment: "A multi-week training plan.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        {
          name: "idx_programs_user_id_created_at",
          fields: ["user_id", { name: "created_at", order: "DESC" }],
          where: Sequelize.literal("deleted_at IS NULL"),
        },
      ],
    },
  );
  return Program;
};

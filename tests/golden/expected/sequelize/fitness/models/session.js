"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table sessions.
 * A workout as actually trained: when it started and ended and how hard it felt.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Session extends Model {}

  Session.init(
    {
      id: {
        type: DataTypes.BIGINT,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      userId: { type: DataTypes.UUID, field: "user_id", allowNull: false },
      workoutId: { type: DataTypes.UUID, field: "workout_id" },
      status: {
        type: "session_status",
        field: "status",
        allowNull: false,
        defaultValue: "planned",
        validate: { isIn: [["planned", "in_progress", "completed", "skipped"]] },
      },
      startedAt: { type: DataTypes.DATE, field: "started_at" },
      completedAt: { type: DataTypes.DATE, field: "completed_at" },
      perceivedEffort: {
        type: DataTypes.SMALLINT,
        field: "perceived_effort",
        comment: "RPE from 1 (easy) to 10 (maximal).",
      },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at" },
    },
    {
      sequelize,
      modelName: "Session",
      tableName: "sessions",
      schema: "public",
      comment: "A workout as actually trained: when it started and ended and how hard it felt.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        {
          name: "idx_sessions_user_id_started_at",
          fields: ["user_id", { name: "started_at", order: "DESC" }],
          where: Sequelize.literal("deleted_at IS NULL"),
        },
        { name: "idx_sessions_workout_id", fields: ["workout_id"] },
      ],
    },
  );
  return Session;
};

"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table workouts.
 * One day's training in a program, or a one-off workout.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Workout extends Model {}

  Workout.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      userId: { type: DataTypes.UUID, field: "user_id", allowNull: false },
      programId: { type: DataTypes.UUID, field: "program_id", comment: "Empty for a one-off workout." },
      name: { type: DataTypes.TEXT, field: "name", allowNull: false },
      scheduledOn: { type: DataTypes.DATEONLY, field: "scheduled_on" },
      dayIndex: { type: DataTypes.SMALLINT, field: "day_index", comment: "Day of the program, from 0." },
      notes: { type: DataTypes.TEXT, field: "notes" },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at" },
    },
    {
      sequelize,
      modelName: "Workout",
      tableName: "workouts",
      schema: "public",
      comment: "One day's training in a program, or a one-off workout.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        {
          name: "idx_workouts_user_id_scheduled_on",
          fields: ["user_id", "scheduled_on"],
          where: Sequelize.literal("deleted_at IS NULL"),
        },
        { name: "idx_workouts_program_id", fields: ["program_id"] },
      ],
    },
  );
  return Workout;
};

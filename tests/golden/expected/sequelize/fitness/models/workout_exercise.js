"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table workout_exercises.
 * The exercises of a workout, in order, with their targets.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class WorkoutExercise extends Model {}

  WorkoutExercise.init(
    {
      workoutId: { type: DataTypes.UUID, field: "workout_id", allowNull: false, primaryKey: true },
      exerciseId: { type: DataTypes.UUID, field: "exercise_id", allowNull: false },
      orderIndex: { type: DataTypes.INTEGER, field: "order_index", allowNull: false, primaryKey: true },
      targetSets: { type: DataTypes.SMALLINT, field: "target_sets", allowNull: false },
      targetReps: { type: DataTypes.SMALLINT, field: "target_reps" },
      targetWeightKg: { type: DataTypes.DECIMAL(6, 2), field: "target_weight_kg" },
      restSeconds: { type: DataTypes.INTEGER, field: "rest_seconds", allowNull: false, defaultValue: 90 },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at" },
    },
    {
      sequelize,
      modelName: "WorkoutExercise",
      tableName: "workout_exercises",
      schema: "public",
      comment: "The exercises of a workout, in order, with their targets.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        { name: "idx_workout_exercises_exercise_id", fields: ["exercise_id"] },
      ],
    },
  );
  return WorkoutExercise;
};

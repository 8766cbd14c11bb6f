"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table exercises.
 * The exercise library that workouts draw from.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Exercise extends Model {}

  Exercise.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      name: { type: DataTypes.TEXT, field: "name", allowNull: false },
      slug: {
        type: DataTypes.TEXT,
        field: "slug",
        allowNull: false,
        comment: "URL-safe name, unique among live exercises.",
      },
      exerciseType: {
        type: "exercise_type",
        field: "exercise_type",
        allowNull: false,
        validate: { isIn: [["strength", "cardio", "mobility", "plyometric"]] },
      },
      movementPattern: {
        type: "movement_pattern",
        field: "movement_pattern",
        allowNull: false,
        validate: { isIn: [["squat", "hinge", "push", "pull", "carry", "lunge", "rotation"]] },
      },
      difficulty: {
        type: "difficulty",
        field: "difficulty",
        allowNull: false,
        defaultValue: "intermediate",
        validate: { isIn: [["beginner", "intermediate", "advanced"]] },
      },
      equipment: {
        type: DataTypes.ARRAY(DataTypes.TEXT),
        field: "equipment",
        allowNull: false,
        defaultValue: Sequelize.literal("'{}'"),
        comment: "Equipment needed, e.g. barbell, bench.",
      },
      muscleGroups: {
        type: DataTypes.ARRAY(DataTypes.TEXT),
        field: "muscle_groups",
        allowNull: false,
        defaultValue: Sequelize.literal("'{}'"),
      },
      instructions: {
        type: DataTypes.TEXT,
        field: "instructions",
        comment: "How to perform it; optional for well-known lifts.",
      },
      metadata: {
        type: DataTypes.JSONB,
        field: "metadata",
        allowNull: false,
        defaultValue: Sequelize.literal("'{}'"),
      },
      createdBy: {
        type: DataTypes.UUID,
        field: "created_by",
        comment: "The coach who added it; empty for the built-in library.",
      },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      updatedAt: { type: DataTypes.DATE, field: "updated_at", allowNull: false, defaultValue: Sequelize.fn("now") },
      deletedAt: { type: DataTypes.DATE, field: "deleted_at" },
    },
    {
      sequelize,
      modelName: "Exercise",
      tableName: "exercises",
      schema: "public",
      comment: "The exercise library that workouts draw from.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: "updatedAt",
      deletedAt: "deletedAt",
      paranoid: true,
      indexes: [
        {
          name: "uniq_exercises_slug",
          unique: true,
          fields: ["slug"],
          where: Sequelize.literal("deleted_at IS NULL"),
        },
        {
          name: "idx_exercises_type_difficulty",
          fields: ["exercise_type", "difficulty"],
          where: Sequelize.literal("deleted_at IS NULL"),
        },
        { name: "idx_exercises_muscle_groups", using: "gin", fields: ["muscle_groups"] },
        { name: "idx_exercises_created_by", fields: ["created_by"] },
      ],
    },
  );
  return Exercise;
};

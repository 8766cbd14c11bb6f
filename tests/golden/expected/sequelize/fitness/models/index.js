"use strict";

/**
 * Defines every model on `sequelize` and wires their associations.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
function initModels(sequelize) {
  const User = require("./user")(sequelize);
  const Exercise = require("./exercise")(sequelize);
  const Program = require("./program")(sequelize);
  const Workout = require("./workout")(sequelize);
  const WorkoutExercise = require("./workout_exercise")(sequelize);
  const Session = require("./session")(sequelize);

  // exercises.created_by -> users
  Exercise.belongsTo(User, {
    as: "creator",
    foreignKey: "createdBy",
    targetKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  User.hasMany(Exercise, {
    as: "createdExercises",
    foreignKey: "createdBy",
    sourceKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  // programs.user_id -> users
  Program.belongsTo(User, {
    as: "user",
    foreignKey: "userId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  User.hasMany(Program, {
    as: "programs",
    foreignKey: "userId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  // workouts.user_id -> users
  Workout.belongsTo(User, {
    as: "user",
    foreignKey: "userId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  User.hasMany(Workout, {
    as: "workouts",
    foreignKey: "userId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  // workouts.program_id -> programs
  Workout.belongsTo(Program, {
    as: "program",
    foreignKey: "programId",
    targetKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  Program.hasMany(Workout, {
    as: "workouts",
    foreignKey: "programId",
    sourceKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  // workout_exercises.workout_id -> workouts
  WorkoutExercise.belongsTo(Workout, {
    as: "workout",
    foreignKey: "workoutId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Workout.hasMany(WorkoutExercise, {
    as: "workoutExercises",
    foreignKey: "workoutId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  // workout_exercises.exercise_id -> exercises
  WorkoutExercise.belongsTo(Exercise, {
    as: "exercise",
    foreignKey: "exerciseId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  Exercise.hasMany(WorkoutExercise, {
    as: "workoutExercises",
    foreignKey: "exerciseId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  Workout.belongsToMany(Exercise, {
    through: { model: WorkoutExercise, unique: false },
    as: "exercises",
    foreignKey: "workoutId",
    otherKey: "exerciseId",
    sourceKey: "id",
    targetKey: "id",
    constraints: false,
  });
  Exercise.belongsToMany(Workout, {
    through: { model: WorkoutExercise, unique: false },
    as: "workouts",
    foreignKey: "exerciseId",
    otherKey: "workoutId",
    sourceKey: "id",
    targetKey: "id",
    constraints: false,
  });
  // sessions.user_id -> users
  Session.belongsTo(User, {
    as: "user",
    foreignKey: "userId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  User.hasMany(Session, {
    as: "sessions",
    foreignKey: "userId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  // sessions.workout_id -> workouts
  Session.belongsTo(Workout, {
    as: "workout",
    foreignKey: "workoutId",
    targetKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  Workout.hasMany(Session, {
    as: "sessions",
    foreignKey: "workoutId",
    sourceKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });

  // sync() creates tables only: the schemas, enum types and sequences they use come first.
  sequelize.addHook("beforeBulkSync", "createTypes", async () => {
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'user_role' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE user_role AS ENUM ('member', 'coach', 'admin');\n    END IF;\nEND\n$$;\nCOMMENT ON TYPE user_role IS 'What a user may do in the app.';");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'difficulty' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE difficulty AS ENUM ('beginner', 'intermediate', 'advanced');\n    END IF;\nEND\n$$;");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'exercise_type' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE exercise_type AS ENUM ('strength', 'cardio', 'mobility', 'plyometric');\n    END IF;\nEND\n$$;");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'movement_pattern' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE movement_pattern AS ENUM ('squat', 'hinge', 'push', 'pull', 'carry', 'lunge', 'rotation');\n    END IF;\nEND\n$$;\nCOMMENT ON TYPE movement_pattern IS 'The fundamental movement an exercise trains; required for workout generation.';");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'session_status' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE session_status AS ENUM ('planned', 'in_progress', 'completed', 'skipped');\n    END IF;\nEND\n$$;");
  });

  return { User, Exercise, Program, Workout, WorkoutExercise, Session };
}

module.exports = { initModels };

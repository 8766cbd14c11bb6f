"use strict";

// Creates the schema Fitness; down() drops everything up() created.

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query("CREATE TYPE user_role AS ENUM ('member', 'coach', 'admin');\nCOMMENT ON TYPE user_role IS 'What a user may do in the app.';", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE difficulty AS ENUM ('beginner', 'intermediate', 'advanced');", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE exercise_type AS ENUM ('strength', 'cardio', 'mobility', 'plyometric');", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE movement_pattern AS ENUM ('squat', 'hinge', 'push', 'pull', 'carry', 'lunge', 'rotation');\nCOMMENT ON TYPE movement_pattern IS 'The fundamental movement an exercise trains; required for workout generation.';", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE session_status AS ENUM ('planned', 'in_progress', 'completed', 'skipped');", { transaction });
      await queryInterface.createTable(
        "users",
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          email: { type: Sequelize.STRING(255), allowNull: false, comment: "Sign-in address, unique among live users." },
          display_name: { type: Sequelize.TEXT, allowNull: false },
          role: { type: "user_role", allowNull: false, defaultValue: "member" },
          is_active: { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: true },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE, comment: "Set when the user is soft-deleted." },
        },
        { transaction, comment: "A person with an account." },
      );
      await queryInterface.addConstraint("users", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "users_pkey",
        transaction,
      });
      await queryInterface.addConstraint("users", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("position('@' in email) > 1"),
        name: "chk_users_email_format",
        transaction,
      });
      await queryInterface.addIndex("users", {
        name: "uniq_users_email",
        unique: true,
        fields: ["email"],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.createTable(
        "exercises",
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          name: { type: Sequelize.TEXT, allowNull: false },
          slug: { type: Sequelize.TEXT, allowNull: false, comment: "URL-safe name, unique among live exercises." },
          exercise_type: { type: "exercise_type", allowNull: false },
          movement_pattern: { type: "movement_pattern", allowNull: false },
          difficulty: { type: "difficulty", allowNull: false, defaultValue: "intermediate" },
          equipment: {
            type: Sequelize.ARRAY(Sequelize.TEXT),
            allowNull: false,
            defaultValue: Sequelize.literal("'{}'"),
            comment: "Equipment needed, e.g. barbell, bench.",
          },
          muscle_groups: {
            type: Sequelize.ARRAY(Sequelize.TEXT),
            allowNull: false,
            defaultValue: Sequelize.literal("'{}'"),
          },
          instructions: { type: Sequelize.TEXT, comment: "How to perform it; optional for well-known lifts." },
          metadata: { type: Sequelize.JSONB, allowNull: false, defaultValue: Sequelize.literal("'{}'") },
          created_by: { type: Sequelize.UUID, comment: "The coach who added it; empty for the built-in library." },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE },
        },
        { transaction, comment: "The exercise library that workouts draw from." },
      );
      await queryInterface.addConstraint("exercises", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "exercises_pkey",
        transaction,
      });
      await queryInterface.addIndex("exercises", {
        name: "uniq_exercises_slug",
        unique: true,
        fields: ["slug"],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.addIndex("exercises", {
        name: "idx_exercises_type_difficulty",
        fields: ["exercise_type", "difficulty"],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.addIndex("exercises", {
        name: "idx_exercises_muscle_groups",
        using: "gin",
        fields: ["muscle_groups"],
        transaction,
      });
      await queryInterface.addIndex("exercises", {
        name: "idx_exercises_created_by",
        fields: ["created_by"],
        transaction,
      });
      await queryInterface.createTable(
        "programs",
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          user_id: { type: Sequelize.UUID, allowNull: false, comment: "The owner." },
          name: { type: Sequelize.TEXT, allowNull: false },
          description: { type: Sequelize.TEXT },
          difficulty: { type: "difficulty", allowNull: false },
          weeks: { type: Sequelize.SMALLINT, allowNull: false },
          is_public: { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: false },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE },
        },
        { transaction, comment: "A multi-week training plan." },
      );
      await queryInterface.addConstraint("programs", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "programs_pkey",
        transaction,
      });
      await queryInterface.addConstraint("programs", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("weeks BETWEEN 1 AND 52"),
        name: "weeks_in_range",
        transaction,
      });
      await queryInterface.addIndex("programs", {
        name: "idx_programs_user_id_created_at",
        fields: ["user_id", { name: "created_at", order: "DESC" }],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.createTable(
        "workouts",
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          user_id: { type: Sequelize.UUID, allowNull: false },
          program_id: { type: Sequelize.UUID, comment: "Empty for a one-off workout." },
          name: { type: Sequelize.TEXT, allowNull: false },
          scheduled_on: { type: Sequelize.DATEONLY },
          day_index: { type: Sequelize.SMALLINT, comment: "Day of the program, from 0." },
          notes: { type: Sequelize.TEXT },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE },
        },
        { transaction, comment: "One day's training in a program, or a one-off workout." },
      );
      await queryInterface.addConstraint("workouts", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "workouts_pkey",
        transaction,
      });
      await queryInterface.addConstraint("workouts", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("day_index >= 0"),
        name: "day_index_positive",
        transaction,
      });
      await queryInterface.addIndex("workouts", {
        name: "idx_workouts_user_id_scheduled_on",
        fields: ["user_id", "scheduled_on"],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.addIndex("workouts", {
        name: "idx_workouts_program_id",
        fields: ["program_id"],
        transaction,
      });
      await queryInterface.createTable(
        "workout_exercises",
        {
          workout_id: { type: Sequelize.UUID, allowNull: false },
          exercise_id: { type: Sequelize.UUID, allowNull: false },
          order_index: { type: Sequelize.INTEGER, allowNull: false },
          target_sets: { type: Sequelize.SMALLINT, allowNull: false },
          target_reps: { type: Sequelize.SMALLINT },
          target_weight_kg: { type: Sequelize.DECIMAL(6, 2) },
          rest_seconds: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 90 },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE },
        },
        { transaction, comment: "The exercises of a workout, in order, with their targets." },
      );
      await queryInterface.addConstraint("workout_exercises", {
        type: "PRIMARY KEY",
        fields: ["workout_id", "order_index"],
        name: "workout_exercises_pkey",
        transaction,
      });
      await queryInterface.addConstraint("workout_exercises", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("order_index >= 0"),
        name: "order_index_positive",
        transaction,
      });
      await queryInterface.addConstraint("workout_exercises", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("target_sets > 0"),
        name: "set_is_positive",
        transaction,
      });
      await queryInterface.addIndex("workout_exercises", {
        name: "idx_workout_exercises_exercise_id",
        fields: ["exercise_id"],
        transaction,
      });
      await queryInterface.createTable(
        "sessions",
        {
          id: { type: Sequelize.BIGINT, allowNull: false },
          user_id: { type: Sequelize.UUID, allowNull: false },
          workout_id: { type: Sequelize.UUID },
          status: { type: "session_status", allowNull: false, defaultValue: "planned" },
          started_at: { type: Sequelize.DATE },
          completed_at: { type: Sequelize.DATE },
          perceived_effort: { type: Sequelize.SMALLINT, comment: "RPE from 1 (easy) to 10 (maximal)." },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE },
        },
        { transaction, comment: "A workout as actually trained: when it started and ended and how hard it felt." },
      );
      await queryInterface.sequelize.query("ALTER TABLE sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;", { transaction });
      await queryInterface.addConstraint("sessions", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "sessions_pkey",
        transaction,
      });
      await queryInterface.addConstraint("sessions", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("completed_at IS NULL OR completed_at >= started_at"),
        name: "completed_after_start",
        transaction,
      });
      await queryInterface.addConstraint("sessions", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("perceived_effort BETWEEN 1 AND 10"),
        name: "perceived_effort_range",
        transaction,
      });
      await queryInterface.addIndex("sessions", {
        name: "idx_sessions_user_id_started_at",
        fields: ["user_id", { name: "started_at", order: "DESC" }],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.addIndex("sessions", {
        name: "idx_sessions_workout_id",
        fields: ["workout_id"],
        transaction,
      });
      await queryInterface.addConstraint("exercises", {
        type: "FOREIGN KEY",
        fields: ["created_by"],
        references: { table: "users", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk_exercises_created_by",
        transaction,
      });
      await queryInterface.addConstraint("programs", {
        type: "FOREIGN KEY",
        fields: ["user_id"],
        references: { table: "users", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_programs_user_id",
        transaction,
      });
      await queryInterface.addConstraint("workouts", {
        type: "FOREIGN KEY",
        fields: ["user_id"],
        references: { table: "users", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_workouts_user_id",
        transaction,
      });
      await queryInterface.addConstraint("workouts", {
        type: "FOREIGN KEY",
        fields: ["program_id"],
        references: { table: "programs", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk_workouts_program_id",
        transaction,
      });
      await queryInterface.addConstraint("workout_exercises", {
        type: "FOREIGN KEY",
        fields: ["workout_id"],
        references: { table: "workouts", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_workout_exercises_workout_id",
        transaction,
      });
      await queryInterface.addConstraint("workout_exercises", {
        type: "FOREIGN KEY",
        fields: ["exercise_id"],
        references: { table: "exercises", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_workout_exercises_exercise_id",
        transaction,
      });
      await queryInterface.addConstraint("sessions", {
        type: "FOREIGN KEY",
        fields: ["user_id"],
        references: { table: "users", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_sessions_user_id",
        transaction,
      });
      await queryInterface.addConstraint("sessions", {
        type: "FOREIGN KEY",
        fields: ["workout_id"],
        references: { table: "workouts", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk_sessions_workout_id",
        transaction,
      });
    });
  },

  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeConstraint("sessions", "fk_sessions_workout_id", { transaction });
      await queryInterface.removeConstraint("sessions", "fk_sessions_user_id", { transaction });
      await queryInterface.removeConstraint("workout_exercises", "fk_workout_exercises_exercise_id", { transaction });
      await queryInterface.removeConstraint("workout_exercises", "fk_workout_exercises_workout_id", { transaction });
      await queryInterface.removeConstraint("workouts", "fk_workouts_program_id", { transaction });
      await queryInterface.removeConstraint("workouts", "fk_workouts_user_id", { transaction });
      await queryInterface.removeConstraint("programs", "fk_programs_user_id", { transaction });
      await queryInterface.removeConstraint("exercises", "fk_exercises_created_by", { transaction });
      await queryInterface.dropTable("sessions", { transaction });
      await queryInterface.dropTable("workout_exercises", { transaction });
      await queryInterface.dropTable("workouts", { transaction });
      await queryInterface.dropTable("programs", { transaction });
      await queryInterface.dropTable("exercises", { transaction });
      await queryInterface.dropTable("users", { transaction });
      await queryInterface.sequelize.query("DROP TYPE session_status;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE movement_pattern;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE exercise_type;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE difficulty;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE user_role;", { transaction });
    });
  },
};

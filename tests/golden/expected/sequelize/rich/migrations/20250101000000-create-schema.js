"use strict";

// Creates the schema Rich; down() drops everything up() created.

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query("CREATE SCHEMA billing;\nCOMMENT ON SCHEMA billing IS 'Money lives apart.';", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE account_status AS ENUM ('active', 'suspended', 'closed');\nCOMMENT ON TYPE account_status IS 'Lifecycle of an account.';", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE post_state AS ENUM ('draft', 'published', 'archived');", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE billing.invoice_status AS ENUM ('open', 'paid', 'void');", { transaction });
      await queryInterface.sequelize.query("CREATE SEQUENCE order_legacy_code_seq AS integer;", { transaction });
      await queryInterface.createTable(
        "accounts",
        {
          id: { type: Sequelize.BIGINT, allowNull: false, autoIncrement: true, autoIncrementIdentity: true },
          email: { type: Sequelize.STRING(255), allowNull: false, comment: "Unique among live accounts." },
          display_name: { type: Sequelize.TEXT, allowNull: false },
          status: { type: "account_status", allowNull: false, defaultValue: "active" },
          manager_id: { type: Sequelize.BIGINT, comment: "Self-reference: who manages this account." },
          settings: { type: Sequelize.JSONB, allowNull: false, defaultValue: Sequelize.literal("'{}'") },
          nicknames: { type: Sequelize.ARRAY(Sequelize.TEXT) },
          login_count: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          updated_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          deleted_at: { type: Sequelize.DATE },
        },
        { transaction, comment: "Someone who can sign in." },
      );
      await queryInterface.addConstraint("accounts", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "accounts_pkey",
        transaction,
      });
      await queryInterface.addConstraint("accounts", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("login_count >= 0"),
        name: "chk_accounts_login_count",
        transaction,
      });
      await queryInterface.addIndex("accounts", {
        name: "uniq_accounts_email",
        unique: true,
        fields: ["email"],
        where: Sequelize.literal("deleted_at IS NULL"),
        transaction,
      });
      await queryInterface.addIndex("accounts", {
        name: "idx_accounts_lower_email",
        unique: true,
        fields: [Sequelize.literal("(lower((email)::text))")],
        transaction,
      });
      await queryInterface.addIndex("accounts", {
        name: "idx_accounts_manager_id",
        fields: ["manager_id"],
        transaction,
      });
      await queryInterface.addIndex("accounts", {
        name: "idx_accounts_settings",
        using: "gin",
        fields: [{ name: "settings", operator: "jsonb_path_ops" }],
        transaction,
      });
      await queryInterface.createTable(
        "profiles",
        {
          account_id: { type: Sequelize.BIGINT, allowNull: false },
          bio: { type: Sequelize.TEXT },
          birth_date: { type: Sequelize.DATEONLY },
          avatar: { type: Sequelize.BLOB },
        },
        { transaction, comment: "One-to-one with accounts." },
      );
      await queryInterface.addConstraint("profiles", {
        type: "PRIMARY KEY",
        fields: ["account_id"],
        name: "profiles_pkey",
        transaction,
      });
      await queryInterface.createTable(
        "posts",
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          author_id: { type: Sequelize.BIGINT, allowNull: false },
          editor_id: { type: Sequelize.BIGINT },
          title: { type: Sequelize.STRING(200), allowNull: false },
          slug: { type: Sequelize.TEXT, allowNull: false },
          body: { type: Sequelize.TEXT, allowNull: false, defaultValue: "" },
          state: { type: "post_state", allowNull: false, defaultValue: "draft" },
          rating: { type: Sequelize.DECIMAL(3, 2) },
          word_count: { type: "integer GENERATED ALWAYS AS (length(body)) STORED" },
          published_at: { type: Sequelize.DATE },
          created_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
        },
        { transaction, comment: "An article." },
      );
      await queryInterface.addConstraint("posts", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "posts_pkey",
        transaction,
      });
      await queryInterface.addConstraint("posts", {
        type: "UNIQUE",
        fields: ["author_id", "slug"],
        name: "uniq_posts_author_slug",
        transaction,
      });
      await queryInterface.addConstraint("posts", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("rating >= 0 AND rating <= 5"),
        name: "chk_posts_rating_range",
        transaction,
      });
      await queryInterface.addConstraint("posts", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("state <> 'published'::post_state OR published_at IS NOT NULL"),
        name: "chk_posts_published_at",
        transaction,
      });
      await queryInterface.addIndex("posts", { name: "idx_posts_editor_id", fields: ["editor_id"], transaction });
      await queryInterface.sequelize.query("CREATE INDEX idx_posts_published ON posts (published_at DESC NULLS LAST) INCLUDE (title) WHERE state = 'published'::post_state;", { transaction });
      await queryInterface.createTable(
        "tags",
        {
          id: { type: Sequelize.INTEGER, allowNull: false },
          label: { type: Sequelize.STRING(50), allowNull: false },
        },
        { transaction },
      );
      await queryInterface.sequelize.query("ALTER TABLE tags ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;", { transaction });
      await queryInterface.addConstraint("tags", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "tags_pkey",
        transaction,
      });
      await queryInterface.addConstraint("tags", {
        type: "UNIQUE",
        fields: ["label"],
        name: "uniq_tags_label",
        transaction,
      });
      await queryInterface.createTable(
        "post_tags",
        {
          post_id: { type: Sequelize.UUID, allowNull: false },
          tag_id: { type: Sequelize.INTEGER, allowNull: false },
          added_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
        },
        { transaction, comment: "Many-to-many between posts and tags." },
      );
      await queryInterface.addConstraint("post_tags", {
        type: "PRIMARY KEY",
        fields: ["post_id", "tag_id"],
        name: "post_tags_pkey",
        transaction,
      });
      await queryInterface.addIndex("post_tags", { name: "idx_post_tags_tag_id", fields: ["tag_id"], transaction });
      await queryInterface.createTable(
        "post_revisions",
        {
          post_id: { type: Sequelize.UUID, allowNull: false },
          revision: { type: Sequelize.INTEGER, allowNull: false },
          body: { type: Sequelize.TEXT, allowNull: false },
          saved_at: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
        },
        { transaction, comment: "Composite key, referenced by a composite foreign key." },
      );
      await queryInterface.addConstraint("post_revisions", {
        type: "PRIMARY KEY",
        fields: ["post_id", "revision"],
        name: "post_revisions_pkey",
        transaction,
      });
      await queryInterface.addConstraint("post_revisions", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("revision > 0"),
        name: "chk_post_revisions_revision",
        transaction,
      });
      await queryInterface.createTable(
        "revision_reviews",
        {
          id: { type: Sequelize.BIGINT, allowNull: false, autoIncrement: true, autoIncrementIdentity: true },
          post_id: { type: Sequelize.UUID, allowNull: false },
          revision: { type: Sequelize.INTEGER, allowNull: false },
          reviewer_id: { type: Sequelize.BIGINT, allowNull: false },
          approved: { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: false },
        },
        { transaction },
      );
      await queryInterface.addConstraint("revision_reviews", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "revision_reviews_pkey",
        transaction,
      });
      await queryInterface.addIndex("revision_reviews", {
        name: "idx_revision_reviews_revision",
        fields: ["post_id", "revision"],
        transaction,
      });
      await queryInterface.addIndex("revision_reviews", {
        name: "idx_revision_reviews_reviewer_id",
        using: "hash",
        fields: ["reviewer_id"],
        transaction,
      });
      await queryInterface.createTable(
        { tableName: "invoices", schema: "billing" },
        {
          id: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          account_id: { type: Sequelize.BIGINT, allowNull: false },
          number: { type: Sequelize.STRING(32), allowNull: false },
          status: { type: "billing.invoice_status", allowNull: false, defaultValue: "open" },
          total: { type: Sequelize.DECIMAL(12, 2), allowNull: false, defaultValue: Sequelize.literal("0") },
          currency: { type: Sequelize.CHAR(3), allowNull: false, defaultValue: "EUR" },
          issued_on: { type: Sequelize.DATEONLY, allowNull: false, defaultValue: Sequelize.literal("CURRENT_DATE") },
          due_at: { type: "timestamp(3)" },
          lines: { type: Sequelize.JSONB, allowNull: false, defaultValue: Sequelize.literal("'[]'") },
          period: { type: "daterange" },
        },
        { transaction, comment: "What an account owes." },
      );
      await queryInterface.addConstraint({ tableName: "invoices", schema: "billing" }, {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "invoices_pkey",
        transaction,
      });
      await queryInterface.sequelize.query("ALTER TABLE billing.invoices ADD CONSTRAINT uniq_invoices_number UNIQUE NULLS NOT DISTINCT (number);", { transaction });
      await queryInterface.addConstraint({ tableName: "invoices", schema: "billing" }, {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("total >= 0"),
        name: "chk_invoices_total",
        transaction,
      });
      await queryInterface.addIndex({ tableName: "invoices", schema: "billing" }, {
        name: "idx_invoices_account_id_issued_on",
        fields: ["account_id", { name: "issued_on", order: "DESC" }],
        transaction,
      });
      await queryInterface.addIndex({ tableName: "invoices", schema: "billing" }, {
        name: "idx_invoices_open",
        fields: ["due_at"],
        where: Sequelize.literal("status = 'open'::billing.invoice_status"),
        transaction,
      });
      await queryInterface.addIndex({ tableName: "invoices", schema: "billing" }, {
        name: "idx_invoices_issued_brin",
        using: "brin",
        fields: ["issued_on"],
        transaction,
      });
      await queryInterface.createTable(
        "order",
        {
          id: { type: Sequelize.BIGINT, allowNull: false, autoIncrement: true, autoIncrementIdentity: true },
          user: { type: Sequelize.BIGINT, allowNull: false, comment: "Reserved word as a column name." },
          Select: { type: Sequelize.TEXT },
          "group by": { type: Sequelize.SMALLINT, defaultValue: 1 },
          amount: { type: Sequelize.DECIMAL(10, 2), allowNull: false },
          legacy_code: {
            type: Sequelize.INTEGER,
            defaultValue: Sequelize.literal("nextval('order_legacy_code_seq'::regclass)"),
          },
        },
        { transaction, comment: "Reserved word as a table name; mixed-case and spaced names need quotes." },
      );
      await queryInterface.addConstraint("order", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "order_pkey",
        transaction,
      });
      await queryInterface.addConstraint("order", {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("amount > 0"),
        name: "chk_order_amount",
        transaction,
      });
      await queryInterface.addIndex("order", { name: "idx_order_user", fields: ["user"], transaction });
      await queryInterface.addConstraint("accounts", {
        type: "FOREIGN KEY",
        fields: ["manager_id"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk_accounts_manager_id",
        transaction,
      });
      await queryInterface.addConstraint("profiles", {
        type: "FOREIGN KEY",
        fields: ["account_id"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_profiles_account_id",
        transaction,
      });
      await queryInterface.addConstraint("posts", {
        type: "FOREIGN KEY",
        fields: ["author_id"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "CASCADE",
        name: "fk_posts_author_id",
        transaction,
      });
      await queryInterface.addConstraint("posts", {
        type: "FOREIGN KEY",
        fields: ["editor_id"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk_posts_editor_id",
        transaction,
      });
      await queryInterface.addConstraint("post_tags", {
        type: "FOREIGN KEY",
        fields: ["post_id"],
        references: { table: "posts", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_post_tags_post_id",
        transaction,
      });
      await queryInterface.addConstraint("post_tags", {
        type: "FOREIGN KEY",
        fields: ["tag_id"],
        references: { table: "tags", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_post_tags_tag_id",
        transaction,
      });
      await queryInterface.addConstraint("post_revisions", {
        type: "FOREIGN KEY",
        fields: ["post_id"],
        references: { table: "posts", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_post_revisions_post_id",
        transaction,
      });
      await queryInterface.addConstraint("revision_reviews", {
        type: "FOREIGN KEY",
        fields: ["post_id", "revision"],
        references: { table: "post_revisions", fields: ["post_id", "revision"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        deferrable: Sequelize.Deferrable.INITIALLY_DEFERRED,
        name: "fk_revision_reviews_revision",
        transaction,
      });
      await queryInterface.addConstraint("revision_reviews", {
        type: "FOREIGN KEY",
        fields: ["reviewer_id"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_revision_reviews_reviewer_id",
        transaction,
      });
      await queryInterface.addConstraint({ tableName: "invoices", schema: "billing" }, {
        type: "FOREIGN KEY",
        fields: ["account_id"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "RESTRICT",
        onUpdate: "NO ACTION",
        name: "fk_invoices_account_id",
        transaction,
      });
      await queryInterface.addConstraint("order", {
        type: "FOREIGN KEY",
        fields: ["user"],
        references: { table: "accounts", fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk_order_user",
        transaction,
      });
      await queryInterface.sequelize.query("ALTER SEQUENCE order_legacy_code_seq OWNED BY \"order\".legacy_code;", { transaction });
    });
  },

  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeConstraint("order", "fk_order_user", { transaction });
      await queryInterface.removeConstraint({ tableName: "invoices", schema: "billing" }, "fk_invoices_account_id", { transaction });
      await queryInterface.removeConstraint("revision_reviews", "fk_revision_reviews_reviewer_id", { transaction });
      await queryInterface.removeConstraint("revision_reviews", "fk_revision_reviews_revision", { transaction });
      await queryInterface.removeConstraint("post_revisions", "fk_post_revisions_post_id", { transaction });
      await queryInterface.removeConstraint("post_tags", "fk_post_tags_tag_id", { transaction });
      await queryInterface.removeConstraint("post_tags", "fk_post_tags_post_id", { transaction });
      await queryInterface.removeConstraint("posts", "fk_posts_editor_id", { transaction });
      await queryInterface.removeConstraint("posts", "fk_posts_author_id", { transaction });
      await queryInterface.removeConstraint("profiles", "fk_profiles_account_id", { transaction });
      await queryInterface.removeConstraint("accounts", "fk_accounts_manager_id", { transaction });
      await queryInterface.dropTable("order", { transaction });
      await queryInterface.dropTable({ tableName: "invoices", schema: "billing" }, { transaction });
      await queryInterface.dropTable("revision_reviews", { transaction });
      await queryInterface.dropTable("post_revisions", { transaction });
      await queryInterface.dropTable("post_tags", { transaction });
      await queryInterface.dropTable("tags", { transaction });
      await queryInterface.dropTable("posts", { transaction });
      await queryInterface.dropTable("profiles", { transaction });
      await queryInterface.dropTable("accounts", { transaction });
      await queryInterface.sequelize.query("DROP SEQUENCE IF EXISTS order_legacy_code_seq;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE billing.invoice_status;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE post_state;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE account_status;", { transaction });
      await queryInterface.sequelize.query("DROP SCHEMA billing;", { transaction });
    });
  },
};

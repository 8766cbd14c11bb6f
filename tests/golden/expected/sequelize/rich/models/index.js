"use strict";

/**
 * Defines every model on `sequelize` and wires their associations.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
function initModels(sequelize) {
  const Account = require("./account")(sequelize);
  const Profile = require("./profile")(sequelize);
  const Post = require("./post")(sequelize);
  const Tag = require("./tag")(sequelize);
  const PostTag = require("./post_tag")(sequelize);
  const PostRevision = require("./post_revision")(sequelize);
  const RevisionReview = require("./revision_review")(sequelize);
  const Invoice = require("./invoice")(sequelize);
  const Order = require("./order")(sequelize);

  // accounts.manager_id -> accounts
  Account.belongsTo(Account, {
    as: "manager",
    foreignKey: "managerId",
    targetKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  Account.hasMany(Account, {
    as: "reports",
    foreignKey: "managerId",
    sourceKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  // profiles.account_id -> accounts
  Profile.belongsTo(Account, {
    as: "account",
    foreignKey: "accountId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Account.hasOne(Profile, {
    as: "profile",
    foreignKey: "accountId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  // posts.author_id -> accounts
  Post.belongsTo(Account, {
    as: "author",
    foreignKey: "authorId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "CASCADE",
  });
  Account.hasMany(Post, {
    as: "authorPosts",
    foreignKey: "authorId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "CASCADE",
  });
  // posts.editor_id -> accounts
  Post.belongsTo(Account, {
    as: "editor",
    foreignKey: "editorId",
    targetKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  Account.hasMany(Post, {
    as: "editorPosts",
    foreignKey: "editorId",
    sourceKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  // post_tags.post_id -> posts
  PostTag.belongsTo(Post, {
    as: "post",
    foreignKey: "postId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Post.hasMany(PostTag, {
    as: "postTags",
    foreignKey: "postId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  // post_tags.tag_id -> tags
  PostTag.belongsTo(Tag, {
    as: "tag",
    foreignKey: "tagId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Tag.hasMany(PostTag, {
    as: "postTags",
    foreignKey: "tagId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Post.belongsToMany(Tag, {
    through: { model: PostTag, unique: false },
    as: "tags",
    foreignKey: "postId",
    otherKey: "tagId",
    sourceKey: "id",
    targetKey: "id",
    constraints: false,
  });
  Tag.belongsToMany(Post, {
    through: { model: PostTag, unique: false },
    as: "posts",
    foreignKey: "tagId",
    otherKey: "postId",
    sourceKey: "id",
    targetKey: "id",
    constraints: false,
  });
  // post_revisions.post_id -> posts
  PostRevision.belongsTo(Post, {
    as: "post",
    foreignKey: "postId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Post.hasMany(PostRevision, {
    as: "postRevisions",
    foreignKey: "postId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  // revision_reviews.reviewer_id -> accounts
  RevisionReview.belongsTo(Account, {
    as: "reviewer",
    foreignKey: "reviewerId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  Account.hasMany(RevisionReview, {
    as: "revisionReviews",
    foreignKey: "reviewerId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  // billing.invoices.account_id -> accounts
  Invoice.belongsTo(Account, {
    as: "account",
    foreignKey: "accountId",
    targetKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  Account.hasMany(Invoice, {
    as: "invoices",
    foreignKey: "accountId",
    sourceKey: "id",
    onDelete: "RESTRICT",
    onUpdate: "NO ACTION",
  });
  // order.user -> accounts
  Order.belongsTo(Account, {
    as: "userAccount",
    foreignKey: "user",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  Account.hasMany(Order, {
    as: "order",
    foreignKey: "user",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });

  // sync() creates tables only: the schemas, enum types and sequences they use come first.
  sequelize.addHook("beforeBulkSync", "createTypes", async () => {
    await sequelize.query("CREATE SCHEMA IF NOT EXISTS billing;\nCOMMENT ON SCHEMA billing IS 'Money lives apart.';");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'account_status' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE account_status AS ENUM ('active', 'suspended', 'closed');\n    END IF;\nEND\n$$;\nCOMMENT ON TYPE account_status IS 'Lifecycle of an account.';");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'post_state' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE post_state AS ENUM ('draft', 'published', 'archived');\n    END IF;\nEND\n$$;");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'invoice_status' AND n.nspname = 'billing'\n    ) THEN\n        CREATE TYPE billing.invoice_status AS ENUM ('open', 'paid', 'void');\n    END IF;\nEND\n$$;");
    await sequelize.query("CREATE SEQUENCE IF NOT EXISTS order_legacy_code_seq AS integer;");
  });

  return { Account, Profile, Post, Tag, PostTag, PostRevision, RevisionReview, Invoice, Order };
}

module.exports = { initModels };

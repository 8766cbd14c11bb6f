"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table posts.
 * An article.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Post extends Model {}

  Post.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      authorId: { type: DataTypes.BIGINT, field: "author_id", allowNull: false },
      editorId: { type: DataTypes.BIGINT, field: "editor_id" },
      title: { type: DataTypes.STRING(200), field: "title", allowNull: false },
      slug: { type: DataTypes.TEXT, field: "slug", allowNull: false },
      body: { type: DataTypes.TEXT, field: "body", allowNull: false, defaultValue: "" },
      state: {
        type: "post_state",
        field: "state",
        allowNull: false,
        defaultValue: "draft",
        validate: { isIn: [["draft", "published", "archived"]] },
      },
      rating: { type: DataTypes.DECIMAL(3, 2), field: "rating" },
      // computed by the database: never set it
      wordCount: { type: "integer GENERATED ALWAYS AS (length(body)) STORED", field: "word_count" },
      publishedAt: { type: DataTypes.DATE, field: "published_at" },
      createdAt: { type: DataTypes.DATE, field: "created_at", allowNull: false, defaultValue: Sequelize.fn("now") },
    },
    {
      sequelize,
      modelName: "Post",
      tableName: "posts",
      schema: "public",
      comment: "An article.",
      underscored: true,
      timestamps: true,
      createdAt: "createdAt",
      updatedAt: false,
      indexes: [
        { name: "uniq_posts_author_slug", unique: true, fields: ["author_id", "slug"] },
        { name: "idx_posts_editor_id", fields: ["editor_id"] },
      ],
    },
  );
  return Post;
};

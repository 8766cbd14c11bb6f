"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table post_tags.
 * Many-to-many between posts and tags.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class PostTag extends Model {}

  PostTag.init(
    {
      postId: { type: DataTypes.UUID, field: "post_id", allowNull: false, primaryKey: true },
      tagId: { type: DataTypes.INTEGER, field: "tag_id", allowNull: false, primaryKey: true },
      addedAt: { type: DataTypes.DATE, field: "added_at", allowNull: false, defaultValue: Sequelize.fn("now") },
    },
    {
      sequelize,
      modelName: "PostTag",
      tableName: "post_tags",
      schema: "public",
      comment: "Many-to-many between posts and tags.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "idx_post_tags_tag_id", fields: ["tag_id"] },
      ],
    },
  );
  return PostTag;
};

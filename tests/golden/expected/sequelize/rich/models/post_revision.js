"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table post_revisions.
 * Composite key, referenced by a composite foreign key.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class PostRevision extends Model {}

  PostRevision.init(
    {
      postId: { type: DataTypes.UUID, field: "post_id", allowNull: false, primaryKey: true },
      revision: { type: DataTypes.INTEGER, field: "revision", allowNull: false, primaryKey: true },
      body: { type: DataTypes.TEXT, field: "body", allowNull: false },
      savedAt: { type: DataTypes.DATE, field: "saved_at", allowNull: false, defaultValue: Sequelize.fn("now") },
    },
    {
      sequelize,
      modelName: "PostRevision",
      tableName: "post_revisions",
      schema: "public",
      comment: "Composite key, referenced by a composite foreign key.",
      underscored: true,
      timestamps: false,
    },
  );
  return PostRevision;
};

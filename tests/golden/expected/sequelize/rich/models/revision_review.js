"use strict";

const { DataTypes, Model } = require("sequelize");

/**
 * Table revision_reviews.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class RevisionReview extends Model {}

  RevisionReview.init(
    {
      id: {
        type: DataTypes.BIGINT,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      postId: { type: DataTypes.UUID, field: "post_id", allowNull: false },
      revision: { type: DataTypes.INTEGER, field: "revision", allowNull: false },
      reviewerId: { type: DataTypes.BIGINT, field: "reviewer_id", allowNull: false },
      approved: { type: DataTypes.BOOLEAN, field: "approved", allowNull: false, defaultValue: false },
    },
    {
      sequelize,
      modelName: "RevisionReview",
      tableName: "revision_reviews",
      schema: "public",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "idx_revision_reviews_revision", fields: ["post_id", "revision"] },
        { name: "idx_revision_reviews_reviewer_id", using: "hash", fields: ["reviewer_id"] },
      ],
    },
  );
  return RevisionReview;
};

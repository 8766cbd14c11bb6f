"use strict";

const { DataTypes, Model } = require("sequelize");

/**
 * Table profiles.
 * One-to-one with accounts.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Profile extends Model {}

  Profile.init(
    {
      accountId: { type: DataTypes.BIGINT, field: "account_id", allowNull: false, primaryKey: true },
      bio: { type: DataTypes.TEXT, field: "bio" },
      birthDate: { type: DataTypes.DATEONLY, field: "birth_date" },
      avatar: { type: DataTypes.BLOB, field: "avatar" },
    },
    {
      sequelize,
      modelName: "Profile",
      tableName: "profiles",
      schema: "public",
      comment: "One-to-one with accounts.",
      underscored: true,
      timestamps: false,
    },
  );
  return Profile;
};

"use strict";

const { DataTypes, Model } = require("sequelize");

/**
 * Table tags.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Tag extends Model {}

  Tag.init(
    {
      id: {
        type: DataTypes.INTEGER,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      label: { type: DataTypes.STRING(50), field: "label", allowNull: false },
    },
    {
      sequelize,
      modelName: "Tag",
      tableName: "tags",
      schema: "public",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "uniq_tags_label", unique: true, fields: ["label"] },
      ],
    },
  );
  return Tag;
};

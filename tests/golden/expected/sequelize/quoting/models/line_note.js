"use strict";

const { DataTypes, Model } = require("sequelize");

/**
 * Table Sales Dept.line notes.
 * Points at Order Items across a quoted schema.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class LineNote extends Model {}

  LineNote.init(
    {
      itemId: { type: DataTypes.BIGINT, field: "item id", allowNull: false, primaryKey: true },
      n: { type: DataTypes.SMALLINT, field: "n", allowNull: false, primaryKey: true },
      text: { type: DataTypes.TEXT, field: "text", allowNull: false, defaultValue: "" },
    },
    {
      sequelize,
      modelName: "LineNote",
      tableName: "line notes",
      schema: "Sales Dept",
      comment: "Points at Order Items across a quoted schema.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "ix line notes item id", fields: ["item id"] },
      ],
    },
  );
  return LineNote;
};

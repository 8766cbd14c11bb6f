"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table Sales Dept.Order Items.
 * Quotes ' and " and $$dollar$$ and E'\x' and a
 * new line; DROP TABLE x; --
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class OrderItem extends Model {}

  OrderItem.init(
    {
      id: {
        type: DataTypes.BIGINT,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
        comment: "*/ /* \"\"\" ${x} `tick`",
      },
      select: {
        type: DataTypes.TEXT,
        field: "select",
        allowNull: false,
        defaultValue: "it's \"quoted\" \\ $$",
        comment: "Reserved word.",
      },
      qty: { type: DataTypes.INTEGER, field: "Qty", allowNull: false, defaultValue: 1 },
      weirdName: { type: DataTypes.STRING(20), field: "weird\"name", comment: "A double quote in a name." },
      backSlash: {
        type: DataTypes.TEXT,
        field: "back\\slash",
        comment: "A backslash in a name: \\n is not a newline.",
      },
      semiColonX: { type: DataTypes.DECIMAL(8, 3), field: "semi;colon --x" },
      column: { type: DataTypes.TEXT, field: "名前", comment: "Unicode: é ü 名前 \u2028 (line separator)" },
      status: {
        type: "\"Sales Dept\".\"Status \"\"quoted\"\"\"",
        field: "status",
        allowNull: false,
        defaultValue: "it's",
        validate: { isIn: [["it's", "a\"b", "$$", "back\\slash", "new\nline", "é名前"]] },
      },
      kind: { type: "kind[]", field: "kind" },
      tag: { type: DataTypes.TEXT, field: "$$tag", comment: "$$ in a name must not end a dollar quote" },
      hash: { type: DataTypes.BOOLEAN, field: "#hash", allowNull: false, defaultValue: false },
    },
    {
      sequelize,
      modelName: "OrderItem",
      tableName: "Order Items",
      schema: "Sales Dept",
      comment: "Quotes ' and \" and $$dollar$$ and E'\\x' and a\nnew line; DROP TABLE x; --",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "uq_名前", unique: true, fields: ["名前"] },
        {
          name: "ix_lower_select",
          fields: [Sequelize.literal("(lower(\"select\"))")],
          where: Sequelize.literal("\"#hash\""),
        },
      ],
    },
  );
  return OrderItem;
};

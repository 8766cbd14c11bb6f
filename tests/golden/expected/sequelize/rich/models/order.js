"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table order.
 * Reserved word as a table name; mixed-case and spaced names need quotes.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Order extends Model {}

  Order.init(
    {
      id: {
        type: DataTypes.BIGINT,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      user: { type: DataTypes.BIGINT, field: "user", allowNull: false, comment: "Reserved word as a column name." },
      select: { type: DataTypes.TEXT, field: "Select" },
      groupBy: { type: DataTypes.SMALLINT, field: "group by", defaultValue: 1 },
      amount: { type: DataTypes.DECIMAL(10, 2), field: "amount", allowNull: false },
      legacyCode: {
        type: DataTypes.INTEGER,
        field: "legacy_code",
        defaultValue: Sequelize.literal("nextval('order_legacy_code_seq'::regclass)"),
      },
    },
    {
      sequelize,
      modelName: "Order",
      tableName: "order",
      schema: "public",
      comment: "Reserved word as a table name; mixed-case and spaced names need quotes.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "idx_order_user", fields: ["user"] },
      ],
    },
  );
  return Order;
};

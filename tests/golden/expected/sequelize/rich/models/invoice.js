"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table billing.invoices.
 * What an account owes.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class Invoice extends Model {}

  Invoice.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "id",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      accountId: { type: DataTypes.BIGINT, field: "account_id", allowNull: false },
      number: { type: DataTypes.STRING(32), field: "number", allowNull: false },
      status: {
        type: "billing.invoice_status",
        field: "status",
        allowNull: false,
        defaultValue: "open",
        validate: { isIn: [["open", "paid", "void"]] },
      },
      total: {
        type: DataTypes.DECIMAL(12, 2),
        field: "total",
        allowNull: false,
        defaultValue: Sequelize.literal("0"),
      },
      currency: { type: DataTypes.CHAR(3), field: "currency", allowNull: false, defaultValue: "EUR" },
      issuedOn: {
        type: DataTypes.DATEONLY,
        field: "issued_on",
        allowNull: false,
        defaultValue: Sequelize.literal("CURRENT_DATE"),
      },
      dueAt: { type: "timestamp(3)", field: "due_at" },
      lines: { type: DataTypes.JSONB, field: "lines", allowNull: false, defaultValue: Sequelize.literal("'[]'") },
      period: { type: "daterange", field: "period" },
    },
    {
      sequelize,
      modelName: "Invoice",
      tableName: "invoices",
      schema: "billing",
      comment: "What an account owes.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "uniq_invoices_number", unique: true, fields: ["number"] },
        { name: "idx_invoices_account_id_issued_on", fields: ["account_id", { name: "issued_on", order: "DESC" }] },
        {
          name: "idx_invoices_open",
          fields: ["due_at"],
          where: Sequelize.literal("status = 'open'::billing.invoice_status"),
        },
        { name: "idx_invoices_issued_brin", using: "brin", fields: ["issued_on"] },
      ],
    },
  );
  return Invoice;
};

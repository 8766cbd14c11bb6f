"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table user.
 * A reserved word in public, referenced from the quoted schema.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class User extends Model {}

  User.init(
    {
      id: {
        type: DataTypes.UUID,
        field: "ID",
        allowNull: false,
        primaryKey: true,
        defaultValue: Sequelize.fn("gen_random_uuid"),
      },
      favouriteItem: { type: DataTypes.BIGINT, field: "favourite item" },
    },
    {
      sequelize,
      modelName: "User",
      tableName: "user",
      schema: "public",
      comment: "A reserved word in public, referenced from the quoted schema.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "ix_user_favourite", fields: ["favourite item"] },
      ],
    },
  );
  return User;
};

"use strict";

const { DataTypes, Model, Sequelize } = require("sequelize");

/**
 * Table every_type.
 * One column of every logical type, and arrays of several.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
module.exports = (sequelize) => {
  class EveryType extends Model {}

  EveryType.init(
    {
      id: {
        type: DataTypes.BIGINT,
        field: "id",
        allowNull: false,
        primaryKey: true,
        autoIncrement: true,
        autoIncrementIdentity: true,
      },
      aSmallint: { type: DataTypes.SMALLINT, field: "a_smallint", defaultValue: -1 },
      anInteger: { type: DataTypes.INTEGER, field: "an_integer", allowNull: false, defaultValue: 0 },
      aBigint: { type: DataTypes.BIGINT, field: "a_bigint" },
      aNumeric: { type: DataTypes.DECIMAL, field: "a_numeric" },
      aNumeric102: {
        type: DataTypes.DECIMAL(10, 2),
        field: "a_numeric_10_2",
        defaultValue: Sequelize.literal("0.50"),
      },
      aNumeric5: { type: DataTypes.DECIMAL(5, 0), field: "a_numeric_5" },
      aReal: { type: DataTypes.REAL, field: "a_real" },
      aDouble: { type: DataTypes.DOUBLE, field: "a_double", defaultValue: Sequelize.literal("1.5") },
      aBoolean: { type: DataTypes.BOOLEAN, field: "a_boolean", allowNull: false, defaultValue: true },
      aText: { type: DataTypes.TEXT, field: "a_text", defaultValue: "hello" },
      aVarchar: { type: "varchar", field: "a_varchar" },
      aVarchar40: { type: DataTypes.STRING(40), field: "a_varchar_40" },
      aChar2: { type: DataTypes.CHAR(2), field: "a_char_2" },
      aUuid: { type: DataTypes.UUID, field: "a_uuid", defaultValue: Sequelize.fn("gen_random_uuid") },
      aDate: { type: DataTypes.DATEONLY, field: "a_date", defaultValue: Sequelize.literal("CURRENT_DATE") },
      aTime: { type: DataTypes.TIME, field: "a_time" },
      aTime3: { type: "time(3)", field: "a_time_3" },
      aTimetz: { type: "timetz", field: "a_timetz" },
      aTimestamp: { type: "timestamp", field: "a_timestamp" },
      aTimestamp0: { type: "timestamp(0)", field: "a_timestamp_0" },
      aTimestamptz: {
        type: DataTypes.DATE,
        field: "a_timestamptz",
        allowNull: false,
        defaultValue: Sequelize.fn("now"),
      },
      aTimestamptz6: { type: "timestamptz(6)", field: "a_timestamptz_6" },
      anInterval: { type: "interval", field: "an_interval" },
      aJson: { type: DataTypes.JSON, field: "a_json" },
      aJsonb: {
        type: DataTypes.JSONB,
        field: "a_jsonb",
        allowNull: false,
        defaultValue: Sequelize.literal("'{\"k\": [1, 2]}'"),
      },
      aBytea: { type: DataTypes.BLOB, field: "a_bytea" },
      anInet: { type: DataTypes.INET, field: "an_inet" },
      aCidr: { type: DataTypes.CIDR, field: "a_cidr" },
      aMacaddr: { type: DataTypes.MACADDR, field: "a_macaddr" },
      aMoney: { type: "money", field: "a_money" },
      aTsvector: { type: DataTypes.TSVECTOR, field: "a_tsvector" },
      anXml: { type: "xml", field: "an_xml" },
      anEnum: {
        type: "mood",
        field: "an_enum",
        allowNull: false,
        defaultValue: "ok",
        validate: { isIn: [["ok", "meh", "great"]] },
      },
      anOther: { type: "int4range", field: "an_other" },
      textArray: {
        type: DataTypes.ARRAY(DataTypes.TEXT),
        field: "text_array",
        allowNull: false,
        defaultValue: Sequelize.literal("'{}'"),
      },
      intMatrix: { type: DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.INTEGER)), field: "int_matrix" },
      varcharArray: { type: DataTypes.ARRAY(DataTypes.STRING(10)), field: "varchar_array" },
      numericArray: { type: DataTypes.ARRAY(DataTypes.DECIMAL(8, 3)), field: "numeric_array" },
      uuidArray: { type: DataTypes.ARRAY(DataTypes.UUID), field: "uuid_array" },
      enumArray: { type: "mood[]", field: "enum_array" },
      timestamptzArray: { type: DataTypes.ARRAY(DataTypes.DATE), field: "timestamptz_array" },
      jsonbArray: { type: DataTypes.ARRAY(DataTypes.JSONB), field: "jsonb_array" },
    },
    {
      sequelize,
      modelName: "EveryType",
      tableName: "every_type",
      schema: "public",
      comment: "One column of every logical type, and arrays of several.",
      underscored: true,
      timestamps: false,
      indexes: [
        { name: "idx_every_type_a_tsvector", using: "gin", fields: ["a_tsvector"] },
        { name: "idx_every_type_text_array", using: "gin", fields: ["text_array"] },
      ],
    },
  );
  return EveryType;
};

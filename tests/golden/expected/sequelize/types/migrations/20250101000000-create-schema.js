"use strict";

// Creates the schema Types; down() drops everything up() created.

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query("CREATE TYPE mood AS ENUM ('ok', 'meh', 'great');", { transaction });
      await queryInterface.createTable(
        "every_type",
        {
          id: { type: Sequelize.BIGINT, allowNull: false, autoIncrement: true, autoIncrementIdentity: true },
          a_smallint: { type: Sequelize.SMALLINT, defaultValue: -1 },
          an_integer: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
          a_bigint: { type: Sequelize.BIGINT },
          a_numeric: { type: Sequelize.DECIMAL },
          a_numeric_10_2: { type: Sequelize.DECIMAL(10, 2), defaultValue: Sequelize.literal("0.50") },
          a_numeric_5: { type: Sequelize.DECIMAL(5, 0) },
          a_real: { type: Sequelize.REAL },
          a_double: { type: Sequelize.DOUBLE, defaultValue: Sequelize.literal("1.5") },
          a_boolean: { type: Sequelize.BOOLEAN, allowNull: false, defaultValue: true },
          a_text: { type: Sequelize.TEXT, defaultValue: "hello" },
          a_varchar: { type: "varchar" },
          a_varchar_40: { type: Sequelize.STRING(40) },
          a_char_2: { type: Sequelize.CHAR(2) },
          a_uuid: { type: Sequelize.UUID, defaultValue: Sequelize.fn("gen_random_uuid") },
          a_date: { type: Sequelize.DATEONLY, defaultValue: Sequelize.literal("CURRENT_DATE") },
          a_time: { type: Sequelize.TIME },
          a_time_3: { type: "time(3)" },
          a_timetz: { type: "timetz" },
          a_timestamp: { type: "timestamp" },
          a_timestamp_0: { type: "timestamp(0)" },
          a_timestamptz: { type: Sequelize.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
          a_timestamptz_6: { type: "timestamptz(6)" },
          an_interval: { type: "interval" },
          a_json: { type: Sequelize.JSON },
          a_jsonb: { type: Sequelize.JSONB, allowNull: false, defaultValue: Sequelize.literal("'{\"k\": [1, 2]}'") },
          a_bytea: { type: Sequelize.BLOB },
          an_inet: { type: Sequelize.INET },
          a_cidr: { type: Sequelize.CIDR },
          a_macaddr: { type: Sequelize.MACADDR },
          a_money: { type: "money" },
          a_tsvector: { type: Sequelize.TSVECTOR },
          an_xml: { type: "xml" },
          an_enum: { type: "mood", allowNull: false, defaultValue: "ok" },
          an_other: { type: "int4range" },
          text_array: { type: Sequelize.ARRAY(Sequelize.TEXT), allowNull: false, defaultValue: Sequelize.literal("'{}'") },
          int_matrix: { type: Sequelize.ARRAY(Sequelize.ARRAY(Sequelize.INTEGER)) },
          varchar_array: { type: Sequelize.ARRAY(Sequelize.STRING(10)) },
          numeric_array: { type: Sequelize.ARRAY(Sequelize.DECIMAL(8, 3)) },
          uuid_array: { type: Sequelize.ARRAY(Sequelize.UUID) },
          enum_array: { type: "mood[]" },
          timestamptz_array: { type: Sequelize.ARRAY(Sequelize.DATE) },
          jsonb_array: { type: Sequelize.ARRAY(Sequelize.JSONB) },
        },
        { transaction, comment: "One column of every logical type, and arrays of several." },
      );
      await queryInterface.addConstraint("every_type", {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "every_type_pkey",
        transaction,
      });
      await queryInterface.addIndex("every_type", {
        name: "idx_every_type_a_tsvector",
        using: "gin",
        fields: ["a_tsvector"],
        transaction,
      });
      await queryInterface.addIndex("every_type", {
        name: "idx_every_type_text_array",
        using: "gin",
        fields: ["text_array"],
        transaction,
      });
    });
  },

  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.dropTable("every_type", { transaction });
      await queryInterface.sequelize.query("DROP TYPE mood;", { transaction });
    });
  },
};

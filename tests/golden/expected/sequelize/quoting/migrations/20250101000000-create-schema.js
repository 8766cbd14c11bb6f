"use strict";

// Creates the schema Quoting "torture" test; down() drops everything up() created.

module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query("CREATE SCHEMA \"Sales Dept\";\nCOMMENT ON SCHEMA \"Sales Dept\" IS 'A schema whose name has a space; it''s quoted.';", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE \"Sales Dept\".\"Status \"\"quoted\"\"\" AS ENUM ('it''s', 'a\"b', '$$', E'back\\\\slash', E'new\\x0aline', 'é名前');\nCOMMENT ON TYPE \"Sales Dept\".\"Status \"\"quoted\"\"\" IS E'Values that need escaping: '' \" $$ \\\\ and a line break.';", { transaction });
      await queryInterface.sequelize.query("CREATE TYPE kind AS ENUM ('plain', 'Mixed Case', 'select');\nCOMMENT ON TYPE kind IS '*/ closes a block comment; -- starts a line comment';", { transaction });
      await queryInterface.sequelize.query("CREATE TABLE \"Sales Dept\".\"Order Items\" (\n    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n    \"select\" text NOT NULL DEFAULT E'it''s \"quoted\" \\\\ $$',\n    \"Qty\" integer NOT NULL DEFAULT 1,\n    \"weird\"\"name\" varchar(20),\n    \"back\\slash\" text,\n    \"semi;colon --x\" numeric(8,3),\n    \"名前\" text,\n    status \"Sales Dept\".\"Status \"\"quoted\"\"\" NOT NULL DEFAULT 'it''s',\n    kind kind[],\n    \"$$tag\" text,\n    \"#hash\" boolean NOT NULL DEFAULT false\n);", { transaction });
      await queryInterface.sequelize.query("COMMENT ON TABLE \"Sales Dept\".\"Order Items\" IS E'Quotes '' and \" and $$dollar$$ and E''\\\\x'' and a\\x0anew line; DROP TABLE x; --';", { transaction });
      await queryInterface.sequelize.query("COMMENT ON COLUMN \"Sales Dept\".\"Order Items\".id IS '*/ /* \"\"\" ${x} `tick`';", { transaction });
      await queryInterface.sequelize.query("COMMENT ON COLUMN \"Sales Dept\".\"Order Items\".\"select\" IS 'Reserved word.';", { transaction });
      await queryInterface.sequelize.query("COMMENT ON COLUMN \"Sales Dept\".\"Order Items\".\"weird\"\"name\" IS 'A double quote in a name.';", { transaction });
      await queryInterface.sequelize.query("COMMENT ON COLUMN \"Sales Dept\".\"Order Items\".\"back\\slash\" IS E'A backslash in a name: \\\\n is not a newline.';", { transaction });
      await queryInterface.sequelize.query("COMMENT ON COLUMN \"Sales Dept\".\"Order Items\".\"名前\" IS 'Unicode: é ü 名前 \u2028 (line separator)';", { transaction });
      await queryInterface.sequelize.query("COMMENT ON COLUMN \"Sales Dept\".\"Order Items\".\"$$tag\" IS '$$ in a name must not end a dollar quote';", { transaction });
      await queryInterface.addConstraint({ tableName: "Order Items", schema: "Sales Dept" }, {
        type: "PRIMARY KEY",
        fields: ["id"],
        name: "Order Items_pkey",
        transaction,
      });
      await queryInterface.addConstraint({ tableName: "Order Items", schema: "Sales Dept" }, {
        type: "UNIQUE",
        fields: ["名前"],
        name: "uq_名前",
        transaction,
      });
      await queryInterface.addConstraint({ tableName: "Order Items", schema: "Sales Dept" }, {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("\"Qty\" > 0"),
        name: "ck Qty positive",
        transaction,
      });
      await queryInterface.addConstraint({ tableName: "Order Items", schema: "Sales Dept" }, {
        type: "CHECK",
        fields: [],
        where: Sequelize.literal("status::text <> 'it''s not'"),
        name: "ck_status_text",
        transaction,
      });
      await queryInterface.sequelize.query("CREATE UNIQUE INDEX \"uq \"\"select\"\" live\" ON \"Sales Dept\".\"Order Items\" (\"select\", \"Qty\") WHERE \"Qty\" > 0;", { transaction });
      await queryInterface.sequelize.query("CREATE INDEX \"ix weird\"\"name\" ON \"Sales Dept\".\"Order Items\" (\"weird\"\"name\" DESC);", { transaction });
      await queryInterface.addIndex({ tableName: "Order Items", schema: "Sales Dept" }, {
        name: "ix_lower_select",
        fields: [Sequelize.literal("(lower(\"select\"))")],
        where: Sequelize.literal("\"#hash\""),
        transaction,
      });
      await queryInterface.createTable(
        { tableName: "line notes", schema: "Sales Dept" },
        {
          "item id": { type: Sequelize.BIGINT, allowNull: false },
          n: { type: Sequelize.SMALLINT, allowNull: false },
          text: { type: Sequelize.TEXT, allowNull: false, defaultValue: "" },
        },
        { transaction, comment: "Points at Order Items across a quoted schema." },
      );
      await queryInterface.addConstraint({ tableName: "line notes", schema: "Sales Dept" }, {
        type: "PRIMARY KEY",
        fields: ["item id", "n"],
        name: "line notes_pkey",
        transaction,
      });
      await queryInterface.addIndex({ tableName: "line notes", schema: "Sales Dept" }, {
        name: "ix line notes item id",
        fields: ["item id"],
        transaction,
      });
      await queryInterface.createTable(
        "user",
        {
          ID: { type: Sequelize.UUID, allowNull: false, defaultValue: Sequelize.fn("gen_random_uuid") },
          "favourite item": { type: Sequelize.BIGINT },
        },
        { transaction, comment: "A reserved word in public, referenced from the quoted schema." },
      );
      await queryInterface.addConstraint("user", {
        type: "PRIMARY KEY",
        fields: ["ID"],
        name: "user_pkey",
        transaction,
      });
      await queryInterface.addIndex("user", { name: "ix_user_favourite", fields: ["favourite item"], transaction });
      await queryInterface.addConstraint({ tableName: "line notes", schema: "Sales Dept" }, {
        type: "FOREIGN KEY",
        fields: ["item id"],
        references: { table: { tableName: "Order Items", schema: "Sales Dept" }, fields: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        name: "fk line notes → items",
        transaction,
      });
      await queryInterface.addConstraint("user", {
        type: "FOREIGN KEY",
        fields: ["favourite item"],
        references: { table: { tableName: "Order Items", schema: "Sales Dept" }, fields: ["id"] },
        onDelete: "SET NULL",
        onUpdate: "NO ACTION",
        name: "fk user favourite",
        transaction,
      });
    });
  },

  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeConstraint("user", "fk user favourite", { transaction });
      await queryInterface.removeConstraint({ tableName: "line notes", schema: "Sales Dept" }, "fk line notes → items", { transaction });
      await queryInterface.dropTable("user", { transaction });
      await queryInterface.dropTable({ tableName: "line notes", schema: "Sales Dept" }, { transaction });
      await queryInterface.dropTable({ tableName: "Order Items", schema: "Sales Dept" }, { transaction });
      await queryInterface.sequelize.query("DROP TYPE kind;", { transaction });
      await queryInterface.sequelize.query("DROP TYPE \"Sales Dept\".\"Status \"\"quoted\"\"\";", { transaction });
      await queryInterface.sequelize.query("DROP SCHEMA \"Sales Dept\";", { transaction });
    });
  },
};

"use strict";

/**
 * Defines every model on `sequelize` and wires their associations.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
function initModels(sequelize) {
  const OrderItem = require("./order_item")(sequelize);
  const LineNote = require("./line_note")(sequelize);
  const User = require("./user")(sequelize);

  // Sales Dept.line notes.item id -> Order Items
  LineNote.belongsTo(OrderItem, {
    as: "itemIdOrderItem",
    foreignKey: "itemId",
    targetKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  OrderItem.hasMany(LineNote, {
    as: "lineNotes",
    foreignKey: "itemId",
    sourceKey: "id",
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  // user.favourite item -> Order Items
  User.belongsTo(OrderItem, {
    as: "favouriteItemOrderItem",
    foreignKey: "favouriteItem",
    targetKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });
  OrderItem.hasMany(User, {
    as: "user",
    foreignKey: "favouriteItem",
    sourceKey: "id",
    onDelete: "SET NULL",
    onUpdate: "NO ACTION",
  });

  // sync() creates tables only: the schemas, enum types and sequences they use come first.
  sequelize.addHook("beforeBulkSync", "createTypes", async () => {
    await sequelize.query("CREATE SCHEMA IF NOT EXISTS \"Sales Dept\";\nCOMMENT ON SCHEMA \"Sales Dept\" IS 'A schema whose name has a space; it''s quoted.';");
    await sequelize.query("DO $q1$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'Status \"quoted\"' AND n.nspname = 'Sales Dept'\n    ) THEN\n        CREATE TYPE \"Sales Dept\".\"Status \"\"quoted\"\"\" AS ENUM ('it''s', 'a\"b', '$$', E'back\\\\slash', E'new\\x0aline', 'é名前');\n    END IF;\nEND\n$q1$;\nCOMMENT ON TYPE \"Sales Dept\".\"Status \"\"quoted\"\"\" IS E'Values that need escaping: '' \" $$ \\\\ and a line break.';");
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'kind' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE kind AS ENUM ('plain', 'Mixed Case', 'select');\n    END IF;\nEND\n$$;\nCOMMENT ON TYPE kind IS '*/ closes a block comment; -- starts a line comment';");
  });

  return { OrderItem, LineNote, User };
}

module.exports = { initModels };

"use strict";

/**
 * Defines every model on `sequelize` and wires their associations.
 *
 * @param {import("sequelize").Sequelize} sequelize
 */
function initModels(sequelize) {
  const EveryType = require("./every_type")(sequelize);

  // sync() creates tables only: the schemas, enum types and sequences they use come first.
  sequelize.addHook("beforeBulkSync", "createTypes", async () => {
    await sequelize.query("DO $$\nBEGIN\n    IF NOT EXISTS (\n        SELECT 1 FROM pg_catalog.pg_type t\n        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n        WHERE t.typname = 'mood' AND n.nspname = current_schema()\n    ) THEN\n        CREATE TYPE mood AS ENUM ('ok', 'meh', 'great');\n    END IF;\nEND\n$$;");
  });

  return { EveryType };
}

module.exports = { initModels };

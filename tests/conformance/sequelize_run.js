// Runs a Sequelize export against a database, the ways a Sequelize user would.
//
//   node sequelize_run.js <export dir> <database url> up|down|sync
//
// up / down: every migration in <dir>/migrations (in file name order; down in reverse) through
// queryInterface, as sequelize-cli's migrator calls them. sync: initModels() from
// <dir>/models/index.js, then sequelize.sync(). Resolves "sequelize" from <dir>/node_modules.
"use strict";

const fs = require("fs");
const path = require("path");

async function main() {
  const [dir, url, step] = process.argv.slice(2);
  if (!dir || !url || !["up", "down", "sync"].includes(step)) {
    throw new Error("usage: sequelize_run.js <export dir> <database url> up|down|sync");
  }
  const root = path.resolve(dir);
  const { Sequelize } = require(require.resolve("sequelize", { paths: [root] }));
  const sequelize = new Sequelize(url, { dialect: "postgres", logging: false });
  try {
    if (step === "sync") {
      const { initModels } = require(path.join(root, "models", "index.js"));
      initModels(sequelize);
      await sequelize.sync();
      return;
    }
    const folder = path.join(root, "migrations");
    const files = fs.readdirSync(folder).filter((f) => f.endsWith(".js")).sort();
    if (step === "down") files.reverse();
    const queryInterface = sequelize.getQueryInterface();
    for (const file of files) {
      await require(path.join(folder, file))[step](queryInterface, Sequelize);
    }
  } finally {
    await sequelize.close();
  }
}

main().catch((error) => {
  console.error(error && error.sql ? `${error.message}\n--- SQL\n${error.sql}` : error);
  process.exit(1);
});

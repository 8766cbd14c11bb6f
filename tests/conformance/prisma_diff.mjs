// Print the SQL that Prisma's own schema engine would run to take an empty database to a schema.
//
// Usage: node prisma_diff.mjs SCHEMA.prisma DATABASE_URL > migration.sql
//
// The Prisma 7 CLI cannot run `migrate diff` here: it needs its native schema-engine binary,
// which it downloads on first use (no network). The same engine ships as WebAssembly in
// @prisma/schema-engine-wasm; it talks to PostgreSQL through the pg driver adapter, and needs a
// live connection even to diff from `empty` (it reads the server version). See TOOLCHAINS.md.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { PrismaPg } = require('@prisma/adapter-pg');
const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');

// The package's own entry imports the .wasm file as an ES module, which Node 20 refuses;
// instantiate it by hand with the JS glue as its import object.
async function loadEngine() {
  const dir = require.resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, '');
  const glue = await import(dir + 'schema_engine_bg.js');
  const module = new WebAssembly.Module(readFileSync(dir + 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

const [schemaPath, url] = process.argv.slice(2);
if (!schemaPath || !url) {
  process.stderr.write('usage: node prisma_diff.mjs SCHEMA.prisma DATABASE_URL\n');
  process.exit(2);
}
const content = readFileSync(schemaPath, 'utf8');
const files = [{ path: schemaPath, content }];
try {
  const SchemaEngine = await loadEngine();
  // The engine calls the factory's methods unbound and expects Result-wrapped answers:
  // the driver-adapter-utils binder is what Prisma's own CLI uses for that.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, content]] }, () => {}, adapter);
  const result = await engine.diff({
    from: { tag: 'empty' },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  // The adapter keeps a connection pool open; exit once the script is written.
  process.stdout.write(result.stdout ?? '', () => process.exit(0));
} catch (error) {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exit(1);
}

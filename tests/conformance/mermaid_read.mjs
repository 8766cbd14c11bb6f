// Read a Mermaid file with Mermaid's own parser and print what it understood, as JSON:
// {"entities": [{"label", "attributes": [{"type", "name", "keys", "comment"}]}], "relationships": [...]}.
// Mermaid wants a DOM even to parse, so jsdom provides one.
import fs from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");

const text = fs.readFileSync(process.argv[2], "utf8");
await mermaid.parse(text); // throws with the parser's message on a syntax error
const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
const entities = [...db.getEntities().values()].map((e) => ({
  label: e.alias || e.label,
  attributes: e.attributes.map((a) => ({ type: a.type, name: a.name, keys: a.keys, comment: a.comment })),
}));
const relationships = db.getRelationships().map((r) => ({ from: r.entityA, to: r.entityB, role: r.roleA,
  cardinality: [r.relSpec.cardA, r.relSpec.cardB], identifying: r.relSpec.relType }));
console.log(JSON.stringify({ entities, relationships }));

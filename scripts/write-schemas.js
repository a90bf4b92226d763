#!/usr/bin/env node
// Write the JSON Schemas of the input files (src/schemas.ts) to schemas/<name>.schema.json.
// Needs the built TypeScript: run `npx tsc -p tsconfig.build.json` first.
// `--check` writes nothing and exits 1 when a committed file differs from the generated schema.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const built = new URL('dist/schemas.js', root);
if (!existsSync(fileURLToPath(built))) {
  console.error('write-schemas: dist/schemas.js not found; run `npx tsc -p tsconfig.build.json` first');
  process.exit(1);
}
const { jsonSchemas, schemaFileText } = await import(built.href);

const check = process.argv.includes('--check');
const dir = new URL('schemas/', root);
mkdirSync(dir, { recursive: true });
let stale = 0;
for (const [name, schema] of Object.entries(jsonSchemas())) {
  const file = new URL(`${name}.schema.json`, dir);
  const text = schemaFileText(schema);
  const path = fileURLToPath(file);
  if (check) {
    const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (old !== text) {
      console.error(`write-schemas: ${path} is out of date`);
      stale++;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
process.exit(stale > 0 ? 1 : 0);

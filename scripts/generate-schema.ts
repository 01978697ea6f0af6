// Writes schema/lakeops.schema.json and schema/pipeline.schema.json from the TypeBox definitions in
// src/model/schema.ts (the one source of truth), for editors that validate YAML against them.
//   npm run schema            write the files
//   npm run schema -- --check exit 1 when the committed files differ from the definitions
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineSchema, ProjectSchema } from '../src/model/schema.js';

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'schema');

/** Plain JSON Schema: TypeBox marks its objects with symbol keys, which JSON leaves out. */
export function toJsonSchema(schema: object): string {
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2) + '\n';
}

export function generatedSchemas(): Record<string, string> {
  return {
    'lakeops.schema.json': toJsonSchema(ProjectSchema),
    'pipeline.schema.json': toJsonSchema(PipelineSchema),
  };
}

function main(check: boolean): number {
  let stale = 0;
  for (const [name, text] of Object.entries(generatedSchemas())) {
    const file = join(SCHEMA_DIR, name);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === text) continue;
    if (check) {
      process.stderr.write(`schema/${name} is out of date; run npm run schema\n`);
      stale++;
    } else {
      mkdirSync(SCHEMA_DIR, { recursive: true });
      writeFileSync(file, text);
      process.stdout.write(`wrote schema/${name}\n`);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.includes('--check'));
}

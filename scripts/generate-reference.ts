// Writes docs/reference.md from the schema (src/docs/reference.ts), with examples from the
// example project's lakeops.yaml and pipelines/*/pipeline.yaml.
//   npx tsx scripts/generate-reference.ts           write the file
//   npx tsx scripts/generate-reference.ts --check   exit 1 when the committed file is stale
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { renderReference } from '../src/docs/reference.js';
import { PipelineSchema, ProjectSchema } from '../src/model/schema.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REFERENCE_FILE = join(ROOT, 'docs', 'reference.md');

export function generatedReference(): string {
  const pipelines = readdirSync(join(ROOT, 'pipelines'))
    .filter((d) => existsSync(join(ROOT, 'pipelines', d, 'pipeline.yaml')))
    .sort()
    .map((d) => parse(readFileSync(join(ROOT, 'pipelines', d, 'pipeline.yaml'), 'utf8')) as unknown);
  const project = [parse(readFileSync(join(ROOT, 'lakeops.yaml'), 'utf8')) as unknown];
  // Plain JSON Schema (TypeBox's symbol keys dropped), as the editor sees it.
  const plain = (s: object) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
  return renderReference(plain(ProjectSchema), plain(PipelineSchema), { project, pipelines });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generatedReference();
  if (process.argv.includes('--check')) {
    const current = existsSync(REFERENCE_FILE) ? readFileSync(REFERENCE_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('docs/reference.md is stale: run npx tsx scripts/generate-reference.ts\n');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(REFERENCE_FILE, text);
    process.stdout.write(`wrote ${REFERENCE_FILE}\n`);
  }
}

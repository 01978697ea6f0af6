// schema/*.schema.json are generated from src/model/schema.ts; the committed files must match
// (run `npm run schema` after changing the model) and be plain JSON Schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { generatedSchemas, SCHEMA_DIR } from '../../scripts/generate-schema.js';
import { VALID_FIXTURE } from './support/corpus.js';

test.each(Object.entries(generatedSchemas()))('schema/%s is up to date', (name, text) => {
  expect(readFileSync(join(SCHEMA_DIR, name), 'utf8')).toBe(text);
});

test('the generated schemas are plain JSON Schema that accept the valid fixture and reject a typo', () => {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });
  const pipeline = ajv.compile(JSON.parse(generatedSchemas()['pipeline.schema.json']!));
  const project = ajv.compile(JSON.parse(generatedSchemas()['lakeops.schema.json']!));
  expect(project(parse(readFileSync(join(VALID_FIXTURE, 'lakeops.yaml'), 'utf8')))).toBe(true);
  const orders = parse(readFileSync(join(VALID_FIXTURE, 'pipelines/orders/pipeline.yaml'), 'utf8'));
  expect(pipeline(orders)).toBe(true);
  expect(pipeline({ ...orders, stateMachne: {} })).toBe(false);
});

// docs/reference.md is generated from the schema: the committed file must be what the generator
// makes now (a schema change without regenerating fails here, and so in CI), and it must list
// every field the schema has.
import { readFileSync } from 'node:fs';
import { generatedReference, REFERENCE_FILE } from '../../scripts/generate-reference.js';
import { fields } from '../../src/docs/reference.js';
import { PipelineSchema, ProjectSchema } from '../../src/model/schema.js';

const plain = (s: object) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;

test('docs/reference.md is current with src/model/schema.ts (regenerate: npx tsx scripts/generate-reference.ts)', () => {
  expect(readFileSync(REFERENCE_FILE, 'utf8')).toBe(generatedReference());
});

test('every property of both schemas has a row, with its type and an example from the example project', () => {
  const text = generatedReference();
  const names = (s: Record<string, unknown>): string[] => {
    const out: string[] = [];
    const walk = (n: unknown) => {
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      // Only object schemas: a field named "properties" (tables:) is itself no properties map.
      if (o.type === 'object' && o.properties)
        out.push(...Object.keys(o.properties as object).filter((k) => k !== '$schema'));
      for (const v of Object.values(o)) walk(v);
    };
    walk(s);
    return out;
  };
  for (const schema of [ProjectSchema, PipelineSchema]) {
    const documented = new Set(fields(plain(schema), []).map((f) => f.path.split('.').pop()!.replace('[]', '')));
    for (const n of names(plain(schema))) expect(documented.has(n) ? n : `missing: ${n}`).toBe(n);
  }
  expect(text).toContain(
    '| `jobs.<job>.outputs[].mode` | "overwrite-partitions" \\| "overwrite" \\| "append" |  |  | overwrite-partitions (default): replace only the partitions this run writes. | `overwrite-partitions` |',
  );
  expect(text).toContain('| `environments.<env>.target` | "local" \\| "aws" | yes |');
  expect(text).toContain('`["year","month","day","hour"]`');
});

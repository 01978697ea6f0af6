// docs/reference.md, generated from the JSON Schema of lakeops.yaml and pipeline.yaml (which
// src/model/schema.ts defines): every field with its type, default, description and an example
// taken from the example project's own files, so the reference cannot drift from the schema.
// scripts/generate-reference.ts writes it; a test fails when the committed file is stale.

type Json = Record<string, unknown>;

export interface FieldDoc {
  path: string;
  type: string;
  required: boolean;
  default?: string;
  description?: string;
  example?: string;
}

/** The JSON Schema type of a node as a short text: "string", "integer ≥ 1", `"a" | "b"`. */
function typeText(s: Json): string {
  if (Array.isArray(s.anyOf)) {
    const parts = (s.anyOf as Json[]).map((x) => ('const' in x ? JSON.stringify(x.const) : typeText(x)));
    return parts.join(' | ');
  }
  if ('const' in s) return JSON.stringify(s.const);
  const t = (s.type as string | undefined) ?? 'any';
  if (t === 'object' && s.patternProperties) return 'map';
  if (t === 'array') return `list of ${typeText((s.items as Json) ?? {})}`;
  const bounds: string[] = [];
  if (typeof s.minimum === 'number') bounds.push(`≥ ${s.minimum}`);
  if (typeof s.maximum === 'number') bounds.push(`≤ ${s.maximum}`);
  if (typeof s.minItems === 'number') bounds.push(`at least ${s.minItems}`);
  if (typeof s.pattern === 'string') bounds.push(`matching \`${s.pattern}\``);
  return [t, ...bounds].join(' ');
}

/** A default stated by the schema, or in its description as "(default ...)". */
function defaultText(s: Json): string | undefined {
  if ('default' in s) return JSON.stringify(s.default);
  const m = /\(default:? ([^)]+)\)/i.exec(String(s.description ?? ''));
  return m ? m[1] : undefined;
}

/** Every value at a schema path in a parsed document ("<name>" and "[]" go through all entries). */
function valuesAt(doc: unknown, path: string[]): unknown[] {
  let cur: unknown[] = [doc];
  for (const p of path) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (c === undefined || c === null || typeof c !== 'object') continue;
      if (p === '[]') next.push(...(Array.isArray(c) ? c : []));
      else if (p.startsWith('<')) next.push(...Object.values(c as Json));
      else next.push((c as Json)[p]);
    }
    cur = next.filter((v) => v !== undefined);
  }
  return cur;
}

/** The first scalar (or list of scalars) found at the path in the example files. */
function exampleText(docs: unknown[], path: string[]): string | undefined {
  for (const d of docs)
    for (const v of valuesAt(d, path)) {
      const scalarList = Array.isArray(v) && v.every((x) => typeof x !== 'object');
      if (typeof v === 'object' && v !== null && !scalarList) continue; // documented field by field
      const text = typeof v === 'string' ? (v === '' ? "''" : v) : JSON.stringify(v);
      return text.length > 70 ? text.slice(0, 69) + '…' : text;
    }
  return undefined;
}

const KEY_NAMES: Record<string, string> = {
  environments: '<env>',
  buckets: '<alias>',
  variables: '<name>',
  tags: '<key>',
  databases: '<database>',
  jobs: '<job>',
  crawlers: '<crawler>',
  triggers: '<trigger>',
  eventBuses: '<bus>',
  rules: '<rule>',
  schedules: '<schedule>',
  views: '<view>',
  validations: '<validation>',
  parameters: '<parameter>',
  arguments: '<argument>',
  extraArguments: '<argument>',
  runProperties: '<property>',
  substitutions: '<name>',
  tests: '<database.table>',
  columns: '<column>',
};

/** Whether a node has fields to list below it (an object, a map or list of them, a union with objects). */
function hasFields(s: Json): boolean {
  if (s.type === 'object') return !!(s.properties || s.patternProperties);
  if (s.type === 'array') return hasFields((s.items as Json | undefined) ?? {});
  return Array.isArray(s.anyOf) && (s.anyOf as Json[]).some((v) => v.type === 'object' && v.properties);
}

/** Every field under a schema, depth first, in the schema's order. */
export function fields(schema: Json, docs: unknown[]): FieldDoc[] {
  const out: FieldDoc[] = [];
  const walk = (s: Json, path: string[], required: boolean) => {
    if (path.length) {
      out.push({
        path: path.join('.').replace(/\.\[\]/g, '[]'),
        type: typeText(s),
        required,
        default: defaultText(s),
        description: s.description as string | undefined,
        example: exampleText(docs, path),
      });
    }
    if (s.type === 'object' && s.properties) {
      const req = new Set((s.required as string[] | undefined) ?? []);
      for (const [k, v] of Object.entries(s.properties as Record<string, Json>)) {
        if (k === '$schema') continue;
        walk(v, [...path, k], req.has(k));
      }
    } else if (s.type === 'object' && s.patternProperties) {
      const inner = Object.values(s.patternProperties as Record<string, Json>)[0]!;
      if (hasFields(inner)) walk(inner, [...path, KEY_NAMES[path[path.length - 1] ?? ''] ?? '<name>'], true);
    } else if (s.type === 'array' && hasFields((s.items as Json | undefined) ?? {})) {
      walk(s.items as Json, [...path, '[]'], true);
    } else if (Array.isArray(s.anyOf)) {
      // A union with object variants (a column test is "not_null" or { accepted_values: [...] }):
      // each variant's fields are listed under the same path.
      for (const v of s.anyOf as Json[]) if (v.type === 'object' && v.properties) walkFields(v, path);
    }
  };
  const walkFields = (s: Json, path: string[]) => {
    const req = new Set((s.required as string[] | undefined) ?? []);
    for (const [k, v] of Object.entries(s.properties as Record<string, Json>)) walk(v, [...path, k], req.has(k));
  };
  walk(schema, [], true);
  return out;
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(title: string, file: string, schema: Json, docs: unknown[]): string {
  const rows = fields(schema, docs).map(
    (f) =>
      `| \`${f.path}\` | ${cell(f.type)} | ${f.required ? 'yes' : ''} | ${cell(f.default)} | ${cell(f.description)} | ${
        f.example !== undefined ? `\`${cell(f.example)}\`` : ''
      } |`,
  );
  return [
    `## ${title}`,
    '',
    `${cell(schema.description as string | undefined) || `The fields of \`${file}\`.`} JSON Schema: \`schema/${file.replace('.yaml', '.schema.json')}\`.`,
    '',
    '| field | type | required | default | description | example |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function renderReference(
  project: Json,
  pipeline: Json,
  examples: { project: unknown[]; pipelines: unknown[] },
): string {
  return [
    '# Reference: lakeops.yaml and pipeline.yaml',
    '',
    '<!-- Generated by scripts/generate-reference.ts from src/model/schema.ts; do not edit by hand. -->',
    '',
    'Every field, its type, whether it is required, its default, what it means and an example taken',
    'from the example project in this repository. `<name>` stands for a key you choose; `[]` for the',
    'entries of a list. Strings may use `${Name}` substitutions (bucket aliases, variables, physical',
    "names of the project's resources).",
    '',
    table('lakeops.yaml', 'lakeops.yaml', project, examples.project),
    '',
    table('pipeline.yaml', 'pipeline.yaml', pipeline, examples.pipelines),
    '',
  ].join('\n');
}

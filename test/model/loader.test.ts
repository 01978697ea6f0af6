// loadProject: typed pipelines from the YAML files, and every problem as a diagnostic with the
// file, line and column of the offending key or value.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, type Diagnostic } from '../../src/model/diagnostics.js';
import {
  findProjectRoot,
  getPipeline,
  loadProject,
  loadProjectOrThrow,
  normaliseJob,
} from '../../src/model/project.js';
import { positionInText, SourceFile } from '../../src/model/source-file.js';
import { VALID_FIXTURE } from '../validate/support/corpus.js';

const LAKEOPS = 'project: demo\nenvironments:\n  local:\n    target: local\n';

/** A temporary project from file contents; removed after the test. */
const made: string[] = [];
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-model-'));
  made.push(root);
  for (const [rel, text] of Object.entries({ 'lakeops.yaml': LAKEOPS, ...files })) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const at = (d: Diagnostic | undefined) => d && `${d.file}:${d.line}:${d.column} [${d.rule}]`;

test('loads the valid fixture into typed, normalised pipelines', () => {
  const p = loadProjectOrThrow(VALID_FIXTURE);
  expect(p.config.project).toBe('shop');
  expect(p.pipelines.map((x) => x.name)).toEqual(['orders', 'returns']);
  const orders = getPipeline(p, 'orders');
  expect(orders.dir).toBe('pipelines/orders');
  expect(orders.stateMachineName).toBe('orders');
  expect(orders.definitionFile).toBe('pipelines/orders/state-machine.asl.json');
  expect(orders.workflowName).toBeUndefined();
  const clean = orders.jobs.find((j) => j.name === 'orders-clean')!;
  expect(clean.kind).toBe('sql');
  expect(clean.outputs).toEqual([
    expect.objectContaining({
      sql: 'sql/jobs/orders_clean.sql',
      path: 's3://${data}/clean/orders/',
      format: 'parquet',
      partitionBy: ['day'],
    }),
  ]);
  expect(orders.jobs.find((j) => j.name === 'orders-score')!.kind).toBe('script');
  expect(getPipeline(p, 'returns').workflowName).toBe('returns');
  expect(() => getPipeline(p, 'nope')).toThrow(/unknown pipeline "nope"; known pipelines: orders, returns/);
});

test('normaliseJob gives each output its SQL (job-level sql is the default)', () => {
  const job = normaliseJob('p', 'j', {
    sql: 'a.sql',
    outputs: [
      { path: 's3://b/x/', format: 'json' },
      { path: 's3://b/y/', format: 'parquet', sql: 'b.sql' },
    ],
  });
  expect(job.outputs.map((o) => o.sql)).toEqual(['a.sql', 'b.sql']);
  expect(normaliseJob('p', 's', { script: 'x.py' }).outputs).toEqual([]);
});

test.each([
  [
    'unknown key at the key',
    'name: p\njobs:\n  j:\n    script: a.py\n    retries: 2\n',
    'pipelines/p/pipeline.yaml:5:5 [schema-unknown-key]',
    /unknown key "retries" in jobs\.j; allowed: description, sql, inputs/,
  ],
  [
    'wrong type at the value',
    'name: p\ncrawlers:\n  c:\n    database: d\n    targets: s3://b/x/\n',
    'pipelines/p/pipeline.yaml:5:14 [schema-type]',
    /crawlers\.c\.targets must be array/,
  ],
  [
    'missing key at the object',
    'name: p\nviews:\n  v:\n    sql: v.sql\n',
    'pipelines/p/pipeline.yaml:3:3 [schema-required]',
    /views\.v is missing required key "database"/,
  ],
  [
    'enum lists the allowed values',
    'name: p\nworkflow:\n  triggers:\n    t:\n      type: DAILY\n      actions: [{ job: j }]\n',
    'pipelines/p/pipeline.yaml:5:13 [schema-enum]',
    /must be one of: ON_DEMAND, SCHEDULED, CONDITIONAL, EVENT/,
  ],
  [
    'pattern',
    'name: p\ncrawlers:\n  c:\n    database: d\n    targets: [{ path: /local/x }]\n',
    'pipelines/p/pipeline.yaml:5:23 [schema-pattern]',
    /must match \^s3:/,
  ],
  [
    'duplicate key',
    'name: p\njobs:\n  j:\n    script: a.py\n    script: b.py\n',
    'pipelines/p/pipeline.yaml:5:5 [duplicate-key]',
    /key "script" appears twice/,
  ],
  ['YAML syntax', 'name: p\njobs:\n\tj: {}\n', 'pipelines/p/pipeline.yaml:3:1 [yaml-syntax]', /Tabs/],
  [
    'name differs from folder',
    'name: q\n',
    'pipelines/p/pipeline.yaml:1:7 [name-folder]',
    /"q" must equal its folder name "p"/,
  ],
])('%s', (_what, yaml, where, message) => {
  const { project: loaded, diagnostics } = loadProject(project({ 'pipelines/p/pipeline.yaml': yaml }));
  expect(loaded).toBeDefined(); // lakeops.yaml is fine; only the pipeline is not
  const d = diagnostics.find((x) => at(x) === where);
  expect({ all: diagnostics.map(at), found: at(d) }).toMatchObject({ found: where });
  expect(d!.message).toMatch(message);
  expect(d!.severity).toBe('error');
});

test('a pipeline with schema errors is left out; the others load', () => {
  const root = project({
    'pipelines/a/pipeline.yaml': 'name: a\n',
    'pipelines/b/pipeline.yaml': 'name: b\nbogus: 1\n',
  });
  const { project: p, diagnostics } = loadProject(root);
  expect(p!.pipelines.map((x) => x.name)).toEqual(['a']);
  expect(diagnostics.map(at)).toEqual(['pipelines/b/pipeline.yaml:2:1 [schema-unknown-key]']);
});

test('a pipeline folder without pipeline.yaml, and a missing or broken lakeops.yaml', () => {
  const root = project({ 'pipelines/empty/README.md': 'x' });
  expect(loadProject(root).diagnostics.map(at)).toEqual(['pipelines/empty:1:1 [missing-file]']);
  const broken = project({ 'lakeops.yaml': 'project: demo\nenvironments:\n  dev:\n    target: gcp\n' });
  const r = loadProject(broken);
  expect(r.project).toBeUndefined();
  expect(r.diagnostics.map(at)).toEqual(['lakeops.yaml:4:13 [schema-enum]']);
  expect(() => loadProjectOrThrow(broken)).toThrow(ConfigError);
  const none = mkdtempSync(join(tmpdir(), 'lakeops-none-'));
  made.push(none);
  expect(loadProject(none).diagnostics.map(at)).toEqual(['lakeops.yaml:1:1 [missing-file]']);
});

test('a folder named pipeline.yaml or lakeops.yaml is a missing file, not a read error', () => {
  const root = project({ 'pipelines/odd/pipeline.yaml/x': 'x' });
  expect(loadProject(root).diagnostics.map(at)).toEqual(['pipelines/odd:1:1 [missing-file]']);
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-dir-'));
  made.push(dir);
  mkdirSync(join(dir, 'lakeops.yaml'));
  expect(loadProject(dir).diagnostics.map(at)).toEqual(['lakeops.yaml:1:1 [missing-file]']);
});

test('findProjectRoot walks up to the folder holding lakeops.yaml', () => {
  expect(findProjectRoot(join(VALID_FIXTURE, 'pipelines', 'orders'))).toBe(VALID_FIXTURE);
  const none = mkdtempSync(join(tmpdir(), 'lakeops-none-'));
  made.push(none);
  expect(() => findProjectRoot(none)).toThrow(/no lakeops\.yaml found/);
});

test('SourceFile.locate points at values, keys, and the nearest ancestor of a missing path', () => {
  const f = new SourceFile('x.yaml', 'a:\n  b:\n    - c: 1\n    - d: [2, 3]\n');
  expect(f.locate(['a', 'b', 1, 'd', 1])).toEqual({ line: 4, column: 14 });
  expect(f.locate(['a', 'b', 0, 'c'], { key: true })).toEqual({ line: 3, column: 7 });
  expect(f.locate(['a', 'b', 0, 'missing'])).toEqual({ line: 3, column: 7 });
  expect(f.diagnostic(['a'], 'm', 'r', { key: true })).toEqual({
    file: 'x.yaml',
    line: 1,
    column: 1,
    severity: 'error',
    message: 'm',
    rule: 'r',
  });
  const json = new SourceFile('y.json', '{\n  "S": { "A": { "Next": "B" } }\n}\n');
  expect(json.locate(['S', 'A', 'Next'])).toEqual({ line: 2, column: 25 });
});

test('positionInText counts lines and columns from 1', () => {
  expect(positionInText('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
  expect(positionInText('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
});

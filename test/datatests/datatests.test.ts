// Data tests declared per table in pipeline.yaml: compiled to SQL that returns violating rows, run
// by `lakeops check` on the local target, each result pointing at its pipeline.yaml line.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { compileDataTests } from '../../src/datatests/compile.js';
import { makeProject } from '../local-orchestration/project.js';
import { runCli } from '../support/run-cli.js';

jest.setTimeout(120_000);

const TESTS = `tests:
  example_hits.hits_per_country:
    columns:
      country_code:
        - not_null
        - unique
        - accepted_values: [DE, "O'Brien"]
        - relationships: { to: example_hits.hits_per_country, field: country_code }
      hits:
        - expression: hits > 0
      nope:
        - not_null
    row_count: { min: 1, max: 1000 }
    freshness: { column: hour_start, maxAge: 2h }
    expression: ['hour = 10']
`;

test('each kind compiles to a query returning violating rows, on the physical table, values quoted', () => {
  const t = makeProject({
    p: {
      jobs: { j: {} },
      workflow: { triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'j' }] } } },
      databases: { sales: {} },
      tests: {
        'sales.orders': {
          severity: 'warn',
          columns: {
            id: ['not_null', 'unique', { relationships: { to: 'sales.customers', field: 'id' } }],
            state: [{ accepted_values: ["it's", 3] }],
          },
          row_count: { min: 1 },
          freshness: { column: 'ts', maxAge: '90m' },
          expression: ['amount >= 0'],
        },
      },
    },
  });
  const env = { ...t.env, physicalName: (kind: string, n: string) => (kind === 'database' ? `dev_${n}` : n) };
  const c = compileDataTests(t.project.pipelines[0]!, env as never);
  expect(c.map((x) => x.name)).toEqual([
    'sales.orders.id:not_null',
    'sales.orders.id:unique',
    'sales.orders.id:relationships',
    'sales.orders.state:accepted_values',
    'sales.orders:row_count',
    'sales.orders:freshness',
    'sales.orders:expression',
  ]);
  expect(c.every((x) => x.severity === 'warn')).toBe(true);
  const sql = Object.fromEntries(c.map((x) => [x.name, x.sql]));
  expect(sql['sales.orders.id:not_null']).toBe('SELECT * FROM "dev_sales"."orders" WHERE "id" IS NULL');
  expect(sql['sales.orders.id:unique']).toContain('GROUP BY "id" HAVING count(*) > 1');
  expect(sql['sales.orders.id:relationships']).toContain('LEFT JOIN "dev_sales"."customers" AS p ON c."id" = p."id"');
  expect(sql['sales.orders.state:accepted_values']).toContain(`NOT IN ('it''s', '3')`);
  expect(sql['sales.orders:row_count']).toMatch(/WHERE n < 1$/);
  expect(sql['sales.orders:freshness']).toContain(`INTERVAL '5400' SECOND`);
  expect(sql['sales.orders:expression']).toBe('SELECT * FROM "dev_sales"."orders" WHERE NOT (amount >= 0)');
});

test('check runs the data tests locally: passes, violations with rows, a missing column at its line', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-datatests-'));
  expect((await runCli(root, 'init')).code).toBe(0);
  const file = join(root, 'pipelines/example-hits/pipeline.yaml');
  appendFileSync(file, TESTS);
  // validate finds the column no table has before anything runs (issue 14), at its line.
  const v = await runCli(root, 'validate');
  expect(v.code).toBe(1);
  const columnErrors = v.out.split('\n').filter((l) => l.includes('[sql-column]'));
  expect(columnErrors).toEqual([expect.stringMatching(/pipeline\.yaml:\d+:\d+: error: data test names column "nope"/)]);
  const at = Number(/pipeline\.yaml:(\d+):/.exec(columnErrors[0]!)![1]);
  expect(readFileSync(file, 'utf8').split('\n')[at - 1]).toMatch(/^\s+nope:$/);
  expect((await runCli(root, 'run', 'example-hits')).code).toBe(0);
  const r = await runCli(root, 'check', 'example-hits', '--json');
  expect(r.code).toBe(1);
  const results = JSON.parse(r.out).validations as {
    name: string;
    status: string;
    line: number;
    rows: Record<string, unknown>[];
    error?: string;
  }[];
  const by = Object.fromEntries(results.map((v) => [v.name, v]));
  const t = 'example_hits.hits_per_country';
  for (const pass of [
    `${t}.country_code:not_null`,
    `${t}.country_code:unique`,
    `${t}.country_code:relationships`,
    `${t}.hits:expression`,
    `${t}:row_count`,
    `${t}:expression`,
  ])
    expect([pass, by[pass]?.status]).toEqual([pass, 'pass']);
  expect(by[`${t}.country_code:accepted_values`]!.status).toBe('fail');
  expect(by[`${t}.country_code:accepted_values`]!.rows.length).toBeGreaterThan(0);
  expect(by[`${t}:freshness`]!.status).toBe('fail'); // the sample is from 2024
  // The test naming a missing column is an error pointing at the line that declares it.
  const missing = by[`${t}.nope:not_null`]!;
  expect(missing.status).toBe('error');
  expect(missing.error).toContain('"nope"');
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines[missing.line - 1]).toMatch(/^\s+- not_null$/);
  expect(lines[missing.line - 2]).toMatch(/^\s+nope:$/);
});

test('the PR run stage runs data tests of a pipeline that declares no validation queries', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-datatests-pr-'));
  expect((await runCli(root, 'init')).code).toBe(0);
  appendFileSync(
    join(root, 'pipelines/example-hits/pipeline.yaml'),
    'tests:\n  example_hits.hits_per_country:\n    columns:\n      country_code:\n        - not_null\n',
  );
  const { loadProjectOrThrow } = await import('../../src/model/project.js');
  const { runPipelines, withTarget } = await import('../../src/github/stages.js');
  const project = loadProjectOrThrow(root);
  const quiet = { stepStarted() {}, stepEnded() {}, info() {} };
  expect(project.pipelines[0]!.config.validations ?? {}).toEqual({});
  const result = await withTarget(project, 'local', (t) =>
    runPipelines(t, project, ['example-hits'], { progress: quiet }),
  );
  expect(result.runs.map((r) => r.status)).toEqual(['SUCCEEDED']);
  expect(result.validations.map((v) => [v.name, v.status])).toEqual([
    ['example_hits.hits_per_country.country_code:not_null', 'pass'],
  ]);
});

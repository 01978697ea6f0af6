// lakeops init and lakeops new pipeline: a project and pipelines that validate and run locally at
// once (real DuckDB), and refusals that write nothing.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { runCli } from '../support/run-cli.js';

jest.setTimeout(120_000);

const tmp = () => mkdtempSync(join(tmpdir(), 'lakeops-init-'));

test('init makes a project whose example pipeline validates and runs locally at once', async () => {
  const root = tmp();
  const init = await runCli(root, 'init', '--json');
  expect(init.code).toBe(0);
  const r = JSON.parse(init.out);
  expect(r.pipeline).toBe('example-hits');
  for (const f of ['lakeops.yaml', 'pipelines/example-hits/pipeline.yaml', 'schema/pipeline.schema.json'])
    expect(r.files).toContain(f);
  expect(existsSync(join(root, 'glue-scripts/lakeops_sql_runner.py'))).toBe(true);
  expect((await runCli(root, 'validate')).code).toBe(0);
  const run = await runCli(root, 'run', 'example-hits', '--json');
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.out);
  expect(doc.runs[0].status).toBe('SUCCEEDED');
  // The example aggregates one hour of the generated hits: rows were written.
  const rows = doc.runs[0].steps.find((s: { name: string }) => s.name === 'Aggregate').rowsWritten;
  expect(rows['example_hits.hits_per_country']).toBeGreaterThan(0);
});

test('init refuses a folder that is not empty, writing nothing, and --force writes there', async () => {
  const root = tmp();
  writeFileSync(join(root, 'notes.txt'), 'mine');
  const r = await runCli(root, 'init');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/is not empty \(notes\.txt\).*--force/);
  expect(readdirSync(root)).toEqual(['notes.txt']);
  const forced = await runCli(root, 'init', '--force');
  expect(forced.code).toBe(0);
  expect(existsSync(join(root, 'lakeops.yaml'))).toBe(true);
  expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('mine');
  // A folder holding only .git counts as empty.
  const g = tmp();
  mkdirSync(join(g, '.git'));
  expect((await runCli(g, 'init')).code).toBe(0);
});

test.each(['glue-workflow', 'scheduled-sql', 'state-machine'])(
  'new pipeline --kind %s adds a pipeline that validates and runs locally at once (beside an init example of the same kind)',
  async (kind) => {
    const root = tmp();
    // Same kind twice: the two pipelines' Glue names (jobs, crawlers, triggers) must not collide.
    expect((await runCli(root, 'init', '--kind', kind)).code).toBe(0);
    const made = await runCli(root, 'new', 'pipeline', 'my-pipe', '--kind', kind, '--json');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out).files).toContain('pipelines/my-pipe/pipeline.yaml');
    const v = await runCli(root, 'validate', '--json');
    expect(JSON.parse(v.out).diagnostics).toEqual([]);
    const run = await runCli(root, 'run', 'my-pipe', '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out).runs[0];
    expect(result.status).toBe('SUCCEEDED');
    expect(result.orchestration).toBe(kind === 'glue-workflow' ? 'workflow' : 'stateMachine');
    const written = result.steps.map((s: { rowsWritten?: Record<string, number> }) => s.rowsWritten ?? {});
    expect(written.some((w: Record<string, number>) => (w['my_pipe.hits_per_country'] ?? 0) > 0)).toBe(true);
  },
);

test('new pipeline refuses a taken name, a bad name or kind, writing nothing', async () => {
  const root = tmp();
  expect((await runCli(root, 'init')).code).toBe(0);
  const taken = await runCli(root, 'new', 'pipeline', 'example-hits', '--kind', 'glue-workflow');
  expect(taken.code).toBe(2);
  expect(taken.err).toContain('pipelines/example-hits/pipeline.yaml');
  expect(taken.err).toContain('nothing was written');
  const bad = await runCli(root, 'new', 'pipeline', 'Bad_Name', '--kind', 'glue-workflow');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('is not a pipeline name');
  const kind = await runCli(root, 'new', 'pipeline', 'ok', '--kind', 'lambda');
  expect(kind.code).toBe(2);
  expect(kind.err).toContain('is not one of state-machine, glue-workflow, scheduled-sql');
  expect(readdirSync(join(root, 'pipelines'))).toEqual(['example-hits']);
});

// plan and deploy on the local target: what a deploy creates, what changed since the last one,
// views that wait for their tables, and bad input that writes nothing.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/model/diagnostics.js';
import { makeProject, recordingProgress, writeFiles } from './project.js';

const pipeline = {
  databases: { raw: {} },
  jobs: { convert: { sql: 'sql/convert.sql', output: { path: 's3://${data}/out/', format: 'parquet' } } },
  crawlers: { crawl: { database: 'raw', targets: [{ path: 's3://${data}/in/' }] } },
  workflow: {
    name: 'flow',
    triggers: { go: { type: 'SCHEDULED', schedule: 'cron(0 1 * * ? *)', actions: [{ crawler: 'crawl' }] } },
  },
  rules: { landed: { pattern: { source: ['aws.s3'], detail: { bucket: { name: ['${data}'] } } }, target: 'workflow' } },
  views: { latest: { database: 'raw', sql: 'sql/latest.sql' } },
};
const files = { 'sql/convert.sql': 'SELECT 1 AS x', 'sql/latest.sql': 'SELECT * FROM "in"' };

test('plan before the first deploy lists every resource to create, with its file and line', async () => {
  const t = makeProject({ p: pipeline }, files);
  const plan = await t.target.plan(t.project);
  expect(plan.target).toBe('local');
  const byKind = Object.fromEntries(plan.changes.map((c) => [`${c.kind}:${c.name}`, c.action]));
  expect(byKind).toEqual({
    'database:raw': 'create',
    'job:convert': 'create',
    'crawler:crawl': 'create',
    'workflow:flow': 'create',
    'trigger:go': 'create',
    'rule:landed': 'create',
    'view:raw.latest': 'create',
  });
  const job = plan.changes.find((c) => c.kind === 'job')!;
  expect(job.file).toBe('pipelines/p/pipeline.yaml');
  expect(job.line).toBeGreaterThan(1);
  expect(plan.changes.find((c) => c.kind === 'trigger')!.reason).toMatch(/on demand locally/);
});

test('deploy creates databases and views, records deployed.json; the next plan is all noop; a changed SQL file is an update', async () => {
  const t = makeProject({ p: pipeline }, files);
  const result = await t.target.deploy(t.project, {}, recordingProgress());
  expect(result.failed).toEqual([]);
  expect(result.applied).toHaveLength(7);
  expect(t.engine.calls).toContain('ensureDatabases');
  expect(t.engine.views).toEqual(['raw.latest']);
  const deployed = JSON.parse(readFileSync(join(t.root, '.lakeops/local/deployed.json'), 'utf8'));
  expect(Object.keys(deployed.resources)).toContain('rule:landed');

  expect((await t.target.plan(t.project)).changes.every((c) => c.action === 'noop')).toBe(true);

  writeFiles(t.root, { 'sql/convert.sql': 'SELECT 2 AS x' });
  const after = await t.reload().target.plan(t.project);
  const job = after.changes.find((c) => c.kind === 'job')!;
  expect(job.action).toBe('update');
  expect(job.diffs.map((d) => d.path)).toEqual(['contents.sql/convert.sql']);
  expect(after.changes.filter((c) => c.action !== 'noop')).toHaveLength(1);
});

test('a view whose table does not exist yet is deferred to the crawl, not failed', async () => {
  const t = makeProject({ p: pipeline }, files);
  t.engine.createView = async () => ({ status: 'pending' as const, error: 'Table with name in does not exist!' });
  const progress = recordingProgress();
  const result = await t.target.deploy(t.project, {}, progress);
  expect(result.failed).toEqual([]);
  expect(result.skipped.map((s) => [s.kind, s.name])).toEqual([['view', 'raw.latest']]);
  expect(result.skipped[0]!.reason).toMatch(/created after the crawl/);
  expect(JSON.parse(readFileSync(join(t.root, '.lakeops/local/deployed.json'), 'utf8')).deferredViews).toEqual([
    'raw.latest',
  ]);
});

test('a removed pipeline shows as delete; deploy keeps it registered unless --prune', async () => {
  const t = makeProject({ p: pipeline, q: { databases: { other: {} } } }, files);
  await t.target.deploy(t.project, {}, recordingProgress());
  rmSync(join(t.root, 'pipelines/q'), { recursive: true });
  const t2 = t.reload();
  const plan = await t2.target.plan(t2.project);
  expect(plan.changes.filter((c) => c.action === 'delete').map((c) => c.name)).toEqual(['other']);
  const kept = await t2.target.deploy(t2.project, {}, recordingProgress());
  expect(kept.skipped.map((s) => s.name)).toEqual(['other']);
  await t2.target.deploy(t2.project, { prune: true }, recordingProgress());
  expect((await t2.target.plan(t2.project)).changes.some((c) => c.action === 'delete')).toBe(false);
});

test('an invalid rule pattern stops deploy before anything is written; a state the local target cannot run does not', async () => {
  const bad = makeProject(
    { p: { ...pipeline, rules: { landed: { pattern: { source: 'aws.s3' }, target: 'workflow' } } } },
    files,
  );
  await expect(bad.target.deploy(bad.project, {}, recordingProgress())).rejects.toThrow(ConfigError);
  expect(bad.engine.calls).toEqual([]);
  expect(existsSync(join(bad.root, '.lakeops/local/deployed.json'))).toBe(false);

  const lambda = makeProject(
    { p: { stateMachine: { definition: 'pipelines/p/sm.asl.json' } } },
    {
      'pipelines/p/sm.asl.json': {
        StartAt: 'L',
        States: { L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true } },
      },
    },
  );
  // Whether a state machine runs locally is checked when that pipeline runs: it never blocks the
  // deployment (and so the runs) of the other pipelines.
  await expect(lambda.target.deploy(lambda.project, {}, recordingProgress())).resolves.toMatchObject({ failed: [] });
  await expect(lambda.target.run(lambda.project, 'p', {}, recordingProgress())).rejects.toThrow(
    /state "L" \(arn:aws:lambda:us-east-1:123456789012:function:f\): no local engine for Lambda/,
  );
});

test('run deploys first when the local deployment is missing or out of date', async () => {
  const t = makeProject({ p: pipeline }, files);
  const progress = recordingProgress();
  const run = await t.target.run(t.project, 'p', {}, progress);
  expect(run.status).toBe('SUCCEEDED');
  expect(progress.messages.join('\n')).toMatch(/local deployment is out of date \(7 change\(s\)\); deploying first/);
  expect(existsSync(join(t.root, `.lakeops/local/runs/p/${run.executionName}.json`))).toBe(true);
});

test('a run lands the sample first when its prefix is empty, and leaves existing data alone', async () => {
  const t = makeProject(
    { p: { ...pipeline, sample: [{ generator: 'customers', to: 's3://${data}/in/', rows: 5, format: 'csv' }] } },
    files,
  );
  const progress = recordingProgress();
  await t.target.run(t.project, 'p', {}, progress);
  expect(progress.messages.join('\n')).toMatch(
    /no data under s3:\/\/orch-data\/in\/: landed the pipeline's customers sample \(1 file\(s\)\)/,
  );
  const landed = t.engine.calls.filter((c) => c.startsWith('put:'));
  expect(landed).toHaveLength(1);
  await t.target.run(t.project, 'p', {}, recordingProgress());
  expect(t.engine.calls.filter((c) => c.startsWith('put:'))).toEqual(landed);
});

// hourly-hits' input contract, run for real on the local target (DuckDB, the ASL interpreter):
// {"target_hour": H} aggregates exactly hour H; {"scheduled_time": T} aggregates the hour before T;
// re-running an hour replaces its partitions instead of adding to them.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { getPipeline, loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { ProgressSink } from '../../src/report/model.js';
import { hitsPerHour, HIT_FIRST_HOUR } from '../../src/sample/generators/hits.js';
import { createLocalTarget, type LocalTarget } from '../../src/targets/local/index.js';

const silent: ProgressSink = { stepStarted() {}, stepEnded() {}, info() {}, stop() {} } as unknown as ProgressSink;
const AGGREGATIONS = ['hits_by_country', 'hits_by_domain_and_groupid', 'hits_by_useragent'];

let dir: string;
let project: Project;
let target: LocalTarget;
let sampleRows: number;

beforeAll(async () => {
  // A copy of the project, so the local state (.lakeops/local) lands in a temp folder.
  dir = mkdtempSync(join(tmpdir(), 'lakeops-hourly-hits-'));
  for (const entry of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(entry, join(dir, entry), { recursive: true });
  project = loadProjectOrThrow(dir);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
  const deployed = await target.deploy(project, { pipelines: ['hourly-hits'] }, silent);
  expect(deployed.failed).toEqual([]);
  const pipeline = getPipeline(project, 'hourly-hits');
  sampleRows = pipeline.config.sample![0]!.rows!;
  await target.landSample(pipeline, { events: false });
});

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Total hits per (aggregation, hour) in the aggregated tables. */
async function totals(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of AGGREGATIONS) {
    const r = await target.query(
      `SELECT CAST(hour AS integer) AS hour, sum(hits) AS hits FROM "demo-aggregated-data"."${t}" GROUP BY 1 ORDER BY 1`,
    );
    for (const row of r.rows) out[`${t}@${Number(row.hour)}`] = Number(row.hits);
  }
  return out;
}

const expectedFor = (hour: number) => hitsPerHour(sampleRows)[hour - HIT_FIRST_HOUR]!;

async function run(input: Record<string, string>): Promise<void> {
  const result = await target.run(project, 'hourly-hits', { input }, silent);
  expect({ input, status: result.status }).toEqual({ input, status: 'SUCCEEDED' });
}

test('target_hour aggregates exactly that hour, three ways, with equal totals', async () => {
  await run({ target_hour: '2024-05-01T10:00:00Z' });
  const t = await totals();
  expect(t).toEqual(Object.fromEntries(AGGREGATIONS.map((a) => [`${a}@10`, expectedFor(10)])));
});

test('scheduled_time aggregates the preceding hour, leaving the other hours alone', async () => {
  await run({ scheduled_time: '2024-05-01T12:00:00Z' });
  const t = await totals();
  for (const a of AGGREGATIONS) {
    expect(t[`${a}@10`]).toBe(expectedFor(10));
    expect(t[`${a}@11`]).toBe(expectedFor(11));
  }
  expect(Object.keys(t)).toHaveLength(AGGREGATIONS.length * 2);
});

test('re-running an hour overwrites its partitions (a backfill is idempotent)', async () => {
  const before = await totals();
  await run({ target_hour: '2024-05-01T10:00:00Z' });
  expect(await totals()).toEqual(before);
});

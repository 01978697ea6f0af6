// sales-jsonata, a JSONata state machine with variables, run for real on the local target: the
// threshold variable reaches the Glue job, the Athena ranking comes back through JSONata, and a
// bad threshold fails in the Choice/Fail path with a JSONata Cause.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { getPipeline, loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { ProgressSink } from '../../src/report/model.js';
import { sales, SALES_COLUMNS } from '../../src/sample/generators/sales.js';
import { createLocalTarget, type LocalTarget } from '../../src/targets/local/index.js';

const silent = { stepStarted() {}, stepEnded() {}, info() {}, stop() {} } as unknown as ProgressSink;

let dir: string;
let project: Project;
let target: LocalTarget;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lakeops-sales-jsonata-'));
  for (const entry of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(entry, join(dir, entry), { recursive: true });
  project = loadProjectOrThrow(dir);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
});

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the threshold variable reaches the job; the top countries come back labelled, as the sample says', async () => {
  const run = await target.run(project, 'sales-jsonata', { input: { min_total: 50, top: 2 } }, silent);
  expect(run.status).toBe('SUCCEEDED');
  const sample = getPipeline(project, 'sales-jsonata').config.sample![0]!;
  const col = (c: string) => SALES_COLUMNS.findIndex((x) => x.name === c);
  const revenue = new Map<string, number>();
  for (const t of sales(sample.rows!, sample.seed!))
    for (const r of t.rows)
      if (Number(r[col('total_amount')]) >= 50) {
        const country = String(r[col('country')]);
        revenue.set(country, (revenue.get(country) ?? 0) + Number(r[col('total_amount')]));
      }
  const top = [...revenue]
    .map(([c, v]) => [c, Math.round(v * 100) / 100] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 2);
  expect(run.output).toEqual({
    jobRunId: expect.stringMatching(/^jr_/),
    minTotal: 50,
    top: top.map(([c, v], i) => `${i + 1}. ${c} ${v}`),
  });
});

test('a negative threshold takes the Choice to the Fail state, whose Cause is JSONata', async () => {
  const run = await target.run(project, 'sales-jsonata', { input: { min_total: -1 } }, silent);
  expect(run.status).toBe('FAILED');
  expect(run.failure).toMatchObject({
    state: 'Invalid Threshold',
    error: 'InvalidThreshold',
    cause: 'min_total must be 0 or more, got -1',
  });
});

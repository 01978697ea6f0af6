// order-scoring run for real on the local target: its Lambda and SNS states answered from
// pipelines/order-scoring/mocks.json (Step Functions Local format), its Glue job on DuckDB with the
// min_quantity the mocked validator returned; and a bad mock file or test case fails before
// anything runs while the other pipelines stay runnable.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  dir = mkdtempSync(join(tmpdir(), 'lakeops-order-scoring-'));
  for (const entry of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(entry, join(dir, entry), { recursive: true });
  project = loadProjectOrThrow(dir);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
  await target.landSample(getPipeline(project, 'order-scoring'), { events: false });
});

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('runs with its default mock file: mocked Lambda/SNS answers flow through, the Glue job totals the orders', async () => {
  const mocks = JSON.parse(readFileSync(join(dir, 'pipelines/order-scoring/mocks.json'), 'utf8'));
  const validator = mocks.MockedResponses.ValidBatch['0'].Return.Payload;
  const run = await target.run(project, 'order-scoring', {}, silent);
  expect(run.status).toBe('SUCCEEDED');
  const out = run.output as { scores: unknown[]; announced: unknown; summary: { state: string } };
  // One mocked Lambda answer per Map iteration, in invocation order.
  expect(out.scores).toEqual(
    ['0', '1', '2'].map((k) => {
      const p = mocks.MockedResponses.CategoryScores[k].Return.Payload;
      return { category: p.category, score: p.score };
    }),
  );
  expect(out.announced).toEqual({ messageId: mocks.MockedResponses.Published['0'].Return.MessageId });
  expect(out.summary.state).toBe('SUCCEEDED');

  // The job used the mocked validator's minQuantity: compare with the sample itself.
  const sample = getPipeline(project, 'order-scoring').config.sample![0]!;
  const idx = (c: string) => SALES_COLUMNS.findIndex((x) => x.name === c);
  const expected = new Map<string, number>();
  for (const t of sales(sample.rows!, sample.seed!))
    for (const r of t.rows)
      if (Number(r[idx('quantity')]) >= validator.minQuantity) {
        const k = `${String(r[idx('product_category')])}/${String(r[idx('channel')])}`;
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
  const got = await target.query(
    'SELECT product_category, channel, orders FROM order_scoring.category_totals ORDER BY 1, 2',
  );
  expect(
    Object.fromEntries(got.rows.map((r) => [`${String(r.product_category)}/${String(r.channel)}`, Number(r.orders)])),
  ).toEqual(Object.fromEntries([...expected].sort()));
});

test('a test case the mock file lacks fails naming the file, and runs nothing', async () => {
  const before = existsSync(join(dir, '.lakeops/local/runs/order-scoring'))
    ? readFileSync(join(dir, '.lakeops/local/deployed.json'), 'utf8')
    : '';
  await expect(target.run(project, 'order-scoring', { testCase: 'NoSuchCase' }, silent)).rejects.toThrow(
    'pipelines/order-scoring/mocks.json: StateMachines.order-scoring-workflow.TestCases has no test case "NoSuchCase" (known: HappyPath)',
  );
  if (before) expect(readFileSync(join(dir, '.lakeops/local/deployed.json'), 'utf8')).toBe(before);
});

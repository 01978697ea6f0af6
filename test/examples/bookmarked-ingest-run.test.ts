// bookmarked-ingest, the Glue workflow with a bookmarked job, run twice on the local target: the
// second run appends only the order file landed in between (Glue job bookmarks on S3 sources), the
// no-duplicates validation holds, `lakeops bookmarks reset` makes a run read everything again,
// and `lakeops clean` removes the bookmark with the rest of the local state.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { getPipeline, loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { ProgressSink } from '../../src/report/model.js';
import { runValidations } from '../../src/runner/validations.js';
import { bookmarksDir } from '../../src/targets/local/bookmarks.js';
import { stateDir } from '../../src/targets/local/history.js';
import { createLocalTarget, type LocalTarget } from '../../src/targets/local/index.js';

const silent = { stepStarted() {}, stepEnded() {}, info() {}, stop() {} } as unknown as ProgressSink;
const CLI = join(process.cwd(), 'bin', 'lakeops.js');

let dir: string;
let project: Project;
let target: LocalTarget;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lakeops-bookmarked-ingest-'));
  for (const entry of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(entry, join(dir, entry), { recursive: true });
  project = loadProjectOrThrow(dir);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
  await target.landSample(getPipeline(project, 'bookmarked-ingest'), { events: false });
});

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ordersRows = async () =>
  Number((await target.query('SELECT count(*) AS n FROM "bookmarked_ingest"."orders"')).rows[0]!.n);

test('the second run ingests only the newly landed file; reset reads everything again', async () => {
  const first = await target.run(project, 'bookmarked-ingest', {}, silent);
  expect(first.status).toBe('SUCCEEDED');
  expect(await ordersRows()).toBe(500);

  const landed = [
    'order_id,order_date,customer_id,product_id,product_category,quantity,unit_price,total_amount,country,channel',
  ]
    .concat(Array.from({ length: 7 }, (_, i) => `NEW-${i},2024-06-01,C${i},P${i},books,1,9.99,9.99,de,web`))
    .join('\n');
  await target.putObject('lakeops-demo-data', 'bookmarked-ingest/landing/orders/late-orders.csv', landed + '\n');
  const second = await target.run(project, 'bookmarked-ingest', {}, silent);
  expect(second.status).toBe('SUCCEEDED');
  expect(await ordersRows()).toBe(507);

  const third = await target.run(project, 'bookmarked-ingest', {}, silent);
  expect(third.status).toBe('SUCCEEDED');
  expect(await ordersRows()).toBe(507);

  const validations = await runValidations(target, project, { pipelines: ['bookmarked-ingest'] });
  expect(validations.map((v) => [v.name, v.status, v.violationCount])).toEqual([['no-duplicate-orders', 'pass', 0]]);

  // Closed so the CLI process can open the same lake.
  await target.close();
  const reset = spawnSync(process.execPath, [CLI, 'bookmarks', 'reset', 'ingest-orders', '-C', dir], {
    encoding: 'utf8',
  });
  expect(reset.stdout).toMatch(/reset the bookmark of job ingest-orders \(local\)/);
  expect(reset.status).toBe(0);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
  await target.run(project, 'bookmarked-ingest', {}, silent);
  expect(await ordersRows()).toBe(507 * 2);

  // lakeops clean removes the bookmarks with the rest of the environment's state.
  await target.close();
  expect(existsSync(bookmarksDir(stateDir(dir, 'local')))).toBe(true);
  const clean = spawnSync(process.execPath, [CLI, 'clean', '-C', dir], { encoding: 'utf8' });
  expect(clean.status).toBe(0);
  expect(existsSync(bookmarksDir(stateDir(dir, 'local')))).toBe(false);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
});

// `lakeops query` on a local environment: a text table, --json rows, ? parameters, exit codes.
import { runCli } from '../support/run-cli.js';
import { makeProject, writeWithDuckDB, type TestProject } from './project.js';

let p: TestProject;
beforeAll(async () => {
  p = await makeProject({
    name: 'q',
    databases: { 'sales-db': {} },
    crawlers: { c: { database: 'sales-db', targets: [{ path: 's3://${data}/orders/' }] } },
  });
  await writeWithDuckDB(
    p.s3Path('orders/part-0.parquet'),
    "SELECT range AS id, CASE WHEN range % 2 = 0 THEN 'even' ELSE 'odd' END AS kind, range * 10 AS amount FROM range(5)",
    'parquet',
  );
  await p.engine.startCrawler('c');
  // The command opens the engine itself; release this one so it is not shared.
  await p.engine.close();
});
afterAll(async () => {
  await p.close();
});

const lakeops = (...args: string[]) => runCli(p.root, ...args);

test('prints a table with the row count', async () => {
  const r = await lakeops(
    'query',
    '-d',
    'sales-db',
    'SELECT kind, count(*) AS n, sum(amount) AS total FROM orders GROUP BY kind ORDER BY kind',
  );
  expect(r.code).toBe(0);
  expect(r.out.split('\n').slice(0, 4)).toEqual(['kind  n  total', '----  -  -----', 'even  3  60', 'odd   2  40']);
  expect(r.out).toContain('(2 rows');
});

test('--json prints an array of row objects; --param binds ? markers', async () => {
  const r = await lakeops(
    'query',
    '--json',
    '-d',
    'sales-db',
    '-p',
    "'odd'",
    '-p',
    '20',
    'SELECT id FROM orders WHERE kind = ? AND amount > ? ORDER BY id',
  );
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toEqual([{ id: 3 }]);
});

test('a failing query exits 1 with the reason; a bad option exits 2', async () => {
  const bad = await lakeops('query', '-d', 'sales-db', 'SELECT nope FROM orders');
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/nope/);
  const usage = await lakeops('query', '--max-rows', 'lots', 'SELECT 1');
  expect(usage.code).toBe(2);
  expect(usage.err).toMatch(/--max-rows "lots"/);
});

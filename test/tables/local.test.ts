// Declared tables on the local target: real DuckDB over real files. Deploy creates each as a catalog
// table over its location with the declared columns and types; jobs and queries read db.table;
// partitions are the folders (key=value, or the locationTemplate layout); a table created empty
// sees files that land later; an Iceberg table is read as its Parquet data files; ORC is not created.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { deployLocal } from '../../src/targets/local/local-deploy.js';
import { makeProject, writeWithDuckDB, type TestProject } from '../local-engine/project.js';

const orders = (extra: Record<string, unknown> = {}) => ({
  database: 'raw',
  location: 's3://${data}/orders/',
  format: 'json',
  columns: [
    { name: 'order_id', type: 'bigint' },
    { name: 'amount', type: 'decimal(10,2)' },
    { name: 'items', type: 'array<string>' },
  ],
  partitionKeys: [
    { name: 'dt', type: 'string' },
    { name: 'region', type: 'int' },
  ],
  projection: {
    dt: { type: 'date', format: 'yyyy-MM-dd', range: '2024-01-01,NOW' },
    region: { type: 'integer', range: '1,9' },
  },
  ...extra,
});

let tp: TestProject | undefined;
afterEach(async () => {
  await tp?.close();
  tp = undefined;
});

const q = async (sql: string) => (await tp!.engine.query(sql)).rows;
const jsonl = (path: string, rows: object[]) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
};

test('a Hive table is read with its declared types, its partitions from key=value folders (typed as declared)', async () => {
  tp = await makeProject({ name: 'shop', databases: { raw: {} }, tables: { orders: orders() } });
  jsonl(tp.s3Path('orders/dt=2024-01-01/region=1/part-0.json'), [
    { order_id: 1, amount: 10.5, items: ['a'] },
    { order_id: 2, amount: 4.25, items: [] },
  ]);
  jsonl(tp.s3Path('orders/dt=2024-01-02/region=2/part-0.json'), [{ order_id: 3, amount: 1, items: ['b', 'c'] }]);
  writeFileSync(tp.s3Path('orders/_SUCCESS'), '');
  const outcome = await tp.engine.registerDeclaredTables();
  expect(outcome).toEqual([{ table: 'raw.orders', status: 'created', files: 2 }]);
  expect(
    await q(
      'SELECT dt, region, count(*) AS n, sum(amount) AS total, typeof(region) AS rt, typeof(amount) AS at FROM raw.orders GROUP BY ALL ORDER BY dt',
    ),
  ).toEqual([
    { dt: '2024-01-01', region: 1, n: 2, total: '14.75', rt: 'INTEGER', at: 'DECIMAL(10,2)' },
    { dt: '2024-01-02', region: 2, n: 1, total: '1.00', rt: 'INTEGER', at: 'DECIMAL(10,2)' },
  ]);
  // The catalog answers Glue's GetTable shape with the declared columns.
  expect(await tp.engine.getTable('raw', 'orders')).toMatchObject({
    StorageDescriptor: {
      Columns: [
        { Name: 'order_id', Type: 'bigint' },
        { Name: 'amount', Type: 'decimal(10,2)' },
        { Name: 'items', Type: 'array<string>' },
      ],
    },
  });
});

test('a job reads the declared table as db.table', async () => {
  tp = await makeProject(
    {
      name: 'shop',
      databases: { raw: {}, agg: {} },
      tables: { orders: orders() },
      jobs: {
        totals: {
          inputs: [{ name: 'o', table: 'raw.orders' }],
          sql: 'sql/totals.sql',
          output: { path: 's3://${data}/totals/', format: 'json', table: 'agg.totals' },
        },
      },
    },
    { 'sql/totals.sql': 'SELECT region, sum(amount) AS total FROM o GROUP BY region' },
  );
  jsonl(tp.s3Path('orders/dt=2024-01-01/region=1/part-0.json'), [{ order_id: 1, amount: 2.5, items: [] }]);
  jsonl(tp.s3Path('orders/dt=2024-01-01/region=3/part-0.json'), [{ order_id: 2, amount: 7, items: [] }]);
  await tp.engine.ensureDatabases();
  await tp.engine.registerDeclaredTables();
  const run = await tp.engine.startJobRun('totals');
  expect(run).toMatchObject({ JobRunState: 'SUCCEEDED' });
  expect(await q('SELECT region, total FROM agg.totals ORDER BY region')).toEqual([
    // Written as JSON by the job, read back as JSON numbers.
    { region: 1, total: 2.5 },
    { region: 3, total: 7 },
  ]);
});

test('with a locationTemplate of plain folders, the partition values are the folder names', async () => {
  tp = await makeProject({
    name: 'shop',
    databases: { raw: {} },
    tables: {
      orders: orders({
        partitionKeys: [{ name: 'dt', type: 'string' }],
        projection: { dt: { type: 'date', format: 'yyyy-MM-dd', range: '2024-01-01,NOW' } },
        locationTemplate: 's3://${data}/orders/${dt}/',
      }),
    },
  });
  jsonl(tp.s3Path('orders/2024-03-01/a.json'), [{ order_id: 1, amount: 1, items: [] }]);
  jsonl(tp.s3Path('orders/2024-03-02/b.json'), [{ order_id: 2, amount: 1, items: [] }]);
  await tp.engine.registerDeclaredTables();
  expect(await q('SELECT dt, order_id FROM raw.orders ORDER BY dt')).toEqual([
    { dt: '2024-03-01', order_id: 1 },
    { dt: '2024-03-02', order_id: 2 },
  ]);
});

test('a table created while its location is empty sees the files that land afterwards', async () => {
  tp = await makeProject({ name: 'shop', databases: { raw: {} }, tables: { orders: orders() } });
  expect(await tp.engine.registerDeclaredTables()).toEqual([{ table: 'raw.orders', status: 'created', files: 0 }]);
  expect(await q('SELECT count(*) AS n FROM raw.orders')).toEqual([{ n: 0 }]);
  jsonl(tp.s3Path('orders/dt=2024-01-01/region=1/late.json'), [{ order_id: 9, amount: 1, items: [] }]);
  expect(await q('SELECT count(*) AS n FROM raw.orders')).toEqual([{ n: 1 }]);
});

test('an Iceberg table is read as the Parquet data files under its location, not its metadata', async () => {
  tp = await makeProject({
    name: 'shop',
    databases: { raw: {} },
    tables: {
      events: {
        database: 'raw',
        location: 's3://${data}/iceberg/events/',
        format: 'iceberg',
        columns: [
          { name: 'id', type: 'bigint' },
          { name: 'ts', type: 'timestamp' },
        ],
        partitionBy: ['day(ts)'],
      },
    },
  });
  await writeWithDuckDB(
    tp.s3Path('iceberg/events/data/ts_day=2024-01-01/00000-0.parquet'),
    "SELECT range AS id, TIMESTAMP '2024-01-01 10:00:00' AS ts FROM range(3)",
    'parquet',
  );
  mkdirSync(dirname(tp.s3Path('iceberg/events/metadata/v1.metadata.json')), { recursive: true });
  writeFileSync(tp.s3Path('iceberg/events/metadata/v1.metadata.json'), '{"format-version": 2}');
  expect(await tp.engine.registerDeclaredTables()).toEqual([{ table: 'raw.events', status: 'created', files: 1 }]);
  expect(await q('SELECT count(*) AS n, max(id) AS m FROM raw.events')).toEqual([{ n: 3, m: 2 }]);
});

test('a CSV table without a header line reads its columns in order, with its delimiter', async () => {
  tp = await makeProject({
    name: 'shop',
    databases: { raw: {} },
    tables: {
      people: {
        database: 'raw',
        location: 's3://${data}/people/',
        format: 'csv',
        csv: { delimiter: '|' },
        columns: [
          { name: 'name', type: 'string' },
          { name: 'age', type: 'int' },
        ],
      },
    },
  });
  mkdirSync(dirname(tp.s3Path('people/p.csv')), { recursive: true });
  writeFileSync(tp.s3Path('people/p.csv'), 'ada|36\ngrace|45\n');
  await tp.engine.registerDeclaredTables();
  expect(await q('SELECT name, age FROM raw.people ORDER BY age')).toEqual([
    { name: 'ada', age: 36 },
    { name: 'grace', age: 45 },
  ]);
});

test('an ORC table is not created locally, and says why', async () => {
  tp = await makeProject({
    name: 'shop',
    databases: { raw: {} },
    tables: {
      o: { database: 'raw', location: 's3://${data}/o/', format: 'orc', columns: [{ name: 'a', type: 'int' }] },
    },
  });
  expect(await tp.engine.registerDeclaredTables()).toEqual([
    { table: 'raw.o', status: 'skipped', reason: 'orc tables cannot be read by the local target (DuckDB)' },
  ]);
});

test('lakeops deploy on the local target creates the declared tables, before the views that read them', async () => {
  tp = await makeProject(
    {
      name: 'shop',
      databases: { raw: {} },
      tables: { orders: orders() },
      views: { big_orders: { database: 'raw', sql: 'sql/big.sql' } },
    },
    { 'sql/big.sql': 'SELECT order_id FROM raw.orders WHERE amount > 5' },
  );
  jsonl(tp.s3Path('orders/dt=2024-01-01/region=1/part-0.json'), [
    { order_id: 1, amount: 10, items: [] },
    { order_id: 2, amount: 1, items: [] },
  ]);
  const { result } = await deployLocal(
    tp.project,
    resolveEnvironment(tp.project, 'local'),
    tp.engine,
    {},
    {
      stepStarted() {},
      stepEnded() {},
      info() {},
    },
  );
  expect(result.failed).toEqual([]);
  expect(result.applied.map((c) => `${c.action} ${c.kind} ${c.name}`)).toContain('create table raw.orders');
  expect(await q('SELECT order_id FROM raw.big_orders')).toEqual([{ order_id: 1 }]);
});

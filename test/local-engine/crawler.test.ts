// Crawlers on the local engine: format and schema inference from real Parquet / JSON / CSV files,
// Hive partitions, Glue's table naming (folder name, prefix), new partitions and schema changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeProject, writeWithDuckDB, type TestProject } from './project.js';

const pipeline = {
  name: 'crawl',
  databases: { 'raw-data': {}, zones: {} },
  crawlers: {
    'sales-crawler': { database: 'raw-data', targets: [{ path: 's3://${data}/lake/sales/' }] },
    'events-crawler': {
      database: 'raw-data',
      tablePrefix: 'ml_final_',
      targets: [{ path: 's3://${data}/lake/Events-2024/' }],
    },
    'customers-crawler': { database: 'raw-data', targets: [{ path: 's3://${data}/lake/customers/' }] },
    'zone-crawler': {
      database: 'zones',
      targets: [{ path: 's3://${data}/zone/', exclusions: ['**/*.txt', 'scratch/**'] }],
    },
    'years-crawler': { database: 'zones', targets: [{ path: 's3://${data}/by-year/' }] },
    'single-crawler': { database: 'zones', targets: [{ path: 's3://${data}/single/' }] },
    'mixed-crawler': { database: 'zones', targets: [{ path: 's3://${data}/mixed/' }] },
    'root-crawler': { database: 'zones', targets: [{ path: 's3://${data}' }] },
  },
};

let p: TestProject;
beforeEach(async () => {
  p = await makeProject(pipeline);
});
afterEach(async () => {
  await p.close();
});

const text = (key: string, body: string) => {
  mkdirSync(dirname(p.s3Path(key)), { recursive: true });
  writeFileSync(p.s3Path(key), body);
};
const sales = (month: string, ids: [number, number], extra = '') =>
  writeWithDuckDB(
    p.s3Path(`lake/sales/year=2024/month=${month}/part-0.parquet`),
    `SELECT i::BIGINT AS id, 'item ' || i AS name, (i * 1.5)::DOUBLE AS amount${extra} FROM range(${ids[0]}, ${ids[1]}) t(i)`,
    'parquet',
  );
const count = async (sql: string, parameters?: string[]) =>
  (await p.engine.query(sql, { database: 'raw-data', parameters })).rows[0]!.n;

test('Parquet under key=value folders: one table named after the folder, string partition keys, typed columns', async () => {
  await sales('01', [0, 10]);
  await sales('02', [10, 25]);
  await p.engine.startCrawler('sales-crawler');
  const crawler = await p.engine.getCrawler('sales-crawler');
  expect(crawler.State).toBe('READY');
  expect(crawler.LastCrawl).toMatchObject({
    Status: 'SUCCEEDED',
    TablesCreated: ['raw-data.sales'],
    PartitionsAdded: 2,
  });

  const table = (await p.engine.getTable('raw-data', 'sales')) as any;
  expect(table.PartitionKeys).toEqual([
    { Name: 'year', Type: 'string' },
    { Name: 'month', Type: 'string' },
  ]);
  expect(table.StorageDescriptor.Columns).toEqual([
    { Name: 'id', Type: 'bigint' },
    { Name: 'name', Type: 'string' },
    { Name: 'amount', Type: 'double' },
  ]);
  expect(table.StorageDescriptor.Location).toBe('s3://test-data/lake/sales/');
  expect(await count('SELECT count(*) AS n FROM sales WHERE month = ?', ["'02'"])).toBe(15);
});

test('new partitions appear, a re-crawl with no change reports nothing new, and a new column updates the table', async () => {
  await sales('01', [0, 10]);
  await p.engine.startCrawler('sales-crawler');

  await sales('03', [100, 104]);
  await p.engine.startCrawler('sales-crawler');
  let last = (await p.engine.getCrawler('sales-crawler')).LastCrawl!;
  expect(last).toMatchObject({ TablesCreated: [], TablesUpdated: [], PartitionsAdded: 1 });
  expect(await count('SELECT count(*) AS n FROM sales')).toBe(14);

  await p.engine.startCrawler('sales-crawler');
  last = (await p.engine.getCrawler('sales-crawler')).LastCrawl!;
  expect(last).toMatchObject({
    TablesCreated: [],
    TablesUpdated: [],
    PartitionsAdded: 0,
    TablesUnchanged: ['raw-data.sales'],
  });

  await sales('04', [200, 202], ', 0.1 AS discount');
  await p.engine.startCrawler('sales-crawler');
  last = (await p.engine.getCrawler('sales-crawler')).LastCrawl!;
  expect(last).toMatchObject({ TablesUpdated: ['raw-data.sales'], PartitionsAdded: 1 });
  const table = (await p.engine.getTable('raw-data', 'sales')) as any;
  expect(table.StorageDescriptor.Columns.map((c: any) => c.Name)).toEqual(['id', 'name', 'amount', 'discount']);
  const r = await p.engine.query('SELECT count(discount) AS with_discount, count(*) AS n FROM sales', {
    database: 'raw-data',
  });
  expect(r.rows[0]).toEqual({ with_discount: 2, n: 16 });
});

test('JSON lines (no file extension): prefix naming, lower-cased columns, timestamps stay strings', async () => {
  const lines = (n: number, hour: string) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ CountryCode: i % 2 ? 'DE' : 'US', GroupID: i, Timestamp: `2024-05-01T${hour}:0${i % 10}:00` }),
    ).join('\n');
  text('lake/Events-2024/hour=10/part-r-00000', lines(6, '10'));
  text('lake/Events-2024/hour=11/part-r-00000', lines(4, '11'));
  await p.engine.startCrawler('events-crawler');
  const last = (await p.engine.getCrawler('events-crawler')).LastCrawl!;
  expect(last.TablesCreated).toEqual(['raw-data.ml_final_events_2024']);
  const table = (await p.engine.getTable('raw-data', 'ml_final_events_2024')) as any;
  expect(table.Parameters.classification).toBe('json');
  expect(table.StorageDescriptor.Columns).toEqual([
    { Name: 'countrycode', Type: 'string' },
    { Name: 'groupid', Type: 'bigint' },
    { Name: 'timestamp', Type: 'string' },
  ]);
  const r = await p.engine.query(
    'SELECT countrycode, count(*) AS n FROM ml_final_events_2024 WHERE hour = ? GROUP BY countrycode ORDER BY countrycode',
    { database: 'raw-data', parameters: ["'10'"] },
  );
  expect(r.rows).toEqual([
    { countrycode: 'DE', n: 3 },
    { countrycode: 'US', n: 3 },
  ]);
});

test('CSV with a header: numbers typed, dates kept as strings like the Glue CSV classifier', async () => {
  text('lake/customers/customers.csv', 'id,name,signup\n1,Ann,2024-01-05\n2,Bob,2024-02-07\n3,"Lee, Cy",2024-03-09\n');
  await p.engine.startCrawler('customers-crawler');
  const table = (await p.engine.getTable('raw-data', 'customers')) as any;
  expect(table.Parameters.classification).toBe('csv');
  expect(table.PartitionKeys).toEqual([]);
  expect(table.StorageDescriptor.Columns).toEqual([
    { Name: 'id', Type: 'bigint' },
    { Name: 'name', Type: 'string' },
    { Name: 'signup', Type: 'string' },
  ]);
  const r = await p.engine.query("SELECT name FROM customers WHERE signup LIKE '2024-03%'", { database: 'raw-data' });
  expect(r.rows).toEqual([{ name: 'Lee, Cy' }]);
});

test('a folder of different datasets gives one table per subfolder; exclusions are honoured', async () => {
  await writeWithDuckDB(p.s3Path('zone/orders/a.parquet'), 'SELECT 1 AS order_id, 9.5 AS total', 'parquet');
  text('zone/people/people.csv', 'person_id,first,last,city\n1,A,B,X\n2,C,D,Y\n');
  text('zone/people/readme.txt', 'not data');
  await writeWithDuckDB(p.s3Path('zone/scratch/junk.parquet'), 'SELECT 1 AS junk', 'parquet');
  await p.engine.startCrawler('zone-crawler');
  const last = (await p.engine.getCrawler('zone-crawler')).LastCrawl!;
  expect([...last.TablesCreated!].sort()).toEqual(['zones.orders', 'zones.people']);
  expect(await p.engine.getTable('zones', 'scratch')).toBeUndefined();
  const r = await p.engine.query('SELECT count(*) AS n FROM people', { database: 'zones' });
  expect(r.rows[0]!.n).toBe(2);
});

test('plain subfolders with the same schema are partitions of one table (partition_0), as Glue groups them', async () => {
  text('by-year/2024/a.json', '{"id": 1, "v": "x"}\n{"id": 2, "v": "y"}\n');
  text('by-year/2025/b.json', '{"id": 3, "v": "z"}\n');
  await p.engine.startCrawler('years-crawler');
  const last = (await p.engine.getCrawler('years-crawler')).LastCrawl!;
  expect(last).toMatchObject({ TablesCreated: ['zones.by_year'], PartitionsAdded: 2 });
  const table = (await p.engine.getTable('zones', 'by_year')) as any;
  expect(table.PartitionKeys).toEqual([{ Name: 'partition_0', Type: 'string' }]);
  const r = await p.engine.query('SELECT partition_0, count(*) AS n FROM by_year GROUP BY 1 ORDER BY 1', {
    database: 'zones',
  });
  expect(r.rows).toEqual([
    { partition_0: '2024', n: 2 },
    { partition_0: '2025', n: 1 },
  ]);
});

test('unknown crawler and an empty target', async () => {
  await expect(p.engine.startCrawler('nope')).rejects.toMatchObject({ name: 'EntityNotFoundException' });
  await p.engine.startCrawler('customers-crawler');
  expect((await p.engine.getCrawler('customers-crawler')).LastCrawl).toMatchObject({
    Status: 'SUCCEEDED',
    TablesCreated: [],
    PartitionsAdded: 0,
  });
});

// Table naming by layout, after "How does a crawler determine when to create partitions?":
// https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html
// ("The name of the table is based on the Amazon S3 prefix or folder name.")
describe('Glue table naming by folder layout (crawler-s3-folder-table-partition.html)', () => {
  test('an include path holding a single folder of files: one table named after that folder, located there', async () => {
    text('single/orders/part-1.csv', 'order_id,total\n1,9.5\n2,3.0\n');
    text('single/orders/part-2.csv', 'order_id,total\n3,1.5\n');
    await p.engine.startCrawler('single-crawler');
    const last = (await p.engine.getCrawler('single-crawler')).LastCrawl!;
    expect(last.TablesCreated).toEqual(['zones.orders']);
    const table = (await p.engine.getTable('zones', 'orders')) as any;
    expect(table.StorageDescriptor.Location).toBe('s3://test-data/single/orders/');
    expect(table.PartitionKeys).toEqual([]);
    expect((await p.engine.query('SELECT count(*) AS n FROM orders', { database: 'zones' })).rows[0]!.n).toBe(3);
  });

  test('key=value folders over plain folders: Hive keys by name, plain levels as partition_<i>', async () => {
    text('mixed/region=eu/2024/a.json', '{"id": 1}\n{"id": 2}\n');
    text('mixed/region=us/2025/b.json', '{"id": 3}\n');
    await p.engine.startCrawler('mixed-crawler');
    const table = (await p.engine.getTable('zones', 'mixed')) as any;
    expect(table.PartitionKeys).toEqual([
      { Name: 'region', Type: 'string' },
      { Name: 'partition_1', Type: 'string' },
    ]);
    const r = await p.engine.query('SELECT region, partition_1, count(*) AS n FROM mixed GROUP BY 1, 2 ORDER BY 1', {
      database: 'zones',
    });
    expect(r.rows).toEqual([
      { region: 'eu', partition_1: '2024', n: 2 },
      { region: 'us', partition_1: '2025', n: 1 },
    ]);
  });

  test('a crawler on a bucket root: tables per folder of differing schema, located in that bucket', async () => {
    await writeWithDuckDB(p.s3Path('orders/a.parquet'), 'SELECT 1 AS order_id, 9.5 AS total', 'parquet');
    text('people/people.csv', 'person_id,first,last,city\n1,A,B,X\n2,C,D,Y\n');
    await p.engine.startCrawler('root-crawler');
    const last = (await p.engine.getCrawler('root-crawler')).LastCrawl!;
    expect(last.Status).toBe('SUCCEEDED');
    expect([...last.TablesCreated!].sort()).toEqual(['zones.orders', 'zones.people']);
    const people = (await p.engine.getTable('zones', 'people')) as any;
    expect(people.StorageDescriptor.Location).toBe('s3://test-data/people/');
    expect((await p.engine.query('SELECT count(*) AS n FROM people', { database: 'zones' })).rows[0]!.n).toBe(2);
  });

  test('a bucket root whose folders share a schema: one table named after the bucket, folders as partition_0', async () => {
    text('2024/a.json', '{"id": 1, "v": "x"}\n');
    text('2025/b.json', '{"id": 2, "v": "y"}\n');
    await p.engine.startCrawler('root-crawler');
    const table = (await p.engine.getTable('zones', 'test_data')) as any;
    expect(table.StorageDescriptor.Location).toBe('s3://test-data/');
    expect(table.PartitionKeys).toEqual([{ Name: 'partition_0', Type: 'string' }]);
    const r = await p.engine.query('SELECT partition_0, id FROM test_data ORDER BY id', { database: 'zones' });
    expect(r.rows).toEqual([
      { partition_0: '2024', id: 1 },
      { partition_0: '2025', id: 2 },
    ]);
  });
});

// Crawler options on the local crawler, each case after the Glue page it follows:
// - grouping policy: https://docs.aws.amazon.com/glue/latest/dg/crawler-grouping-policy.html
// - table level: https://docs.aws.amazon.com/glue/latest/dg/crawler-table-level.html
// - SchemaChangePolicy: https://docs.aws.amazon.com/glue/latest/webapi/API_SchemaChangePolicy.html
//   and https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-glue-crawler-schemachangepolicy.html
// - MergeNewColumns / InheritFromTable: https://docs.aws.amazon.com/glue/latest/dg/crawler-schema-changes-prevent.html
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeProject, type TestProject } from './project.js';

const crawler = (path: string, extra: Record<string, unknown> = {}) => ({
  database: 'zones',
  targets: [{ path: `s3://\${data}/${path}` }],
  ...extra,
});

const pipeline = {
  name: 'crawl-options',
  databases: { zones: {} },
  crawlers: {
    // The grouping page's example: two key=value folders whose schemas have nothing in common.
    'default-crawler': crawler('table1/'),
    'combine-crawler': crawler('table1/', {
      configuration: { grouping: { tableGroupingPolicy: 'CombineCompatibleSchemas' } },
    }),
    'level-crawler': crawler('mydataset/', { configuration: { grouping: { tableLevelConfiguration: 3 } } }),
    'level1-crawler': crawler('mydataset/year=2024/', { configuration: { grouping: { tableLevelConfiguration: 2 } } }),
    'update-crawler': crawler('orders/'),
    'log-crawler': crawler('orders/', { schemaChangePolicy: { updateBehavior: 'LOG', deleteBehavior: 'LOG' } }),
    'merge-crawler': crawler('orders/', {
      configuration: {
        crawlerOutput: {
          tables: { addOrUpdateBehavior: 'MergeNewColumns' },
          partitions: { addOrUpdateBehavior: 'InheritFromTable' },
        },
      },
    }),
    'deprecate-crawler': crawler('zone/'),
    'delete-crawler': crawler('zone/', { schemaChangePolicy: { deleteBehavior: 'DELETE_FROM_DATABASE' } }),
    'keep-crawler': crawler('zone/', { schemaChangePolicy: { deleteBehavior: 'LOG' } }),
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
const crawl = async (name: string) => {
  await p.engine.startCrawler(name);
  const last = (await p.engine.getCrawler(name)).LastCrawl!;
  expect(last.ErrorMessage).toBeUndefined();
  return last;
};
const table = async (name: string) => (await p.engine.getTable('zones', name)) as any;
const columns = async (name: string) =>
  (await table(name)).StorageDescriptor.Columns.map((c: any) => `${c.Name}:${c.Type}`);
const rows = async (sql: string) => (await p.engine.query(sql, { database: 'zones' })).rows;

describe('Configuration.Grouping.TableGroupingPolicy (crawler-grouping-policy.html)', () => {
  beforeEach(() => {
    text('table1/year=2017/data1.json', '{"A": 1, "B": 2}\n');
    text('table1/year=2018/data2.json', '{"C": 3, "D": 4}\n');
  });

  test('by default, dissimilar schemas give the two tables year_2017 and year_2018', async () => {
    const last = await crawl('default-crawler');
    expect([...last.TablesCreated!].sort()).toEqual(['zones.year_2017', 'zones.year_2018']);
    expect(await columns('year_2017')).toEqual(['a:bigint', 'b:bigint']);
  });

  test('CombineCompatibleSchemas: one table, schema A,B,C,D and partition key year', async () => {
    const last = await crawl('combine-crawler');
    expect(last.TablesCreated).toEqual(['zones.table1']);
    expect(await columns('table1')).toEqual(['a:bigint', 'b:bigint', 'c:bigint', 'd:bigint']);
    expect((await table('table1')).PartitionKeys).toEqual([{ Name: 'year', Type: 'string' }]);
    expect(await rows('SELECT year, a, c FROM table1 ORDER BY year')).toEqual([
      { year: '2017', a: 1, c: null },
      { year: '2018', a: null, c: 3 },
    ]);
  });
});

describe('Configuration.Grouping.TableLevelConfiguration (crawler-table-level.html)', () => {
  test('level 3 (the bucket is level 1): a table per folder at that level, the folders below as partitions', async () => {
    // Same schema everywhere: without a table level the crawler would make one table "mydataset".
    text('mydataset/sales/month=Jan/a.json', '{"id": 1}\n');
    text('mydataset/sales/month=Mar/b.json', '{"id": 2}\n');
    text('mydataset/returns/month=Jan/c.json', '{"id": 3}\n');
    text('mydataset/stray.json', '{"id": 9}\n');
    const last = await crawl('level-crawler');
    expect([...last.TablesCreated!].sort()).toEqual(['zones.returns', 'zones.sales']);
    const sales = await table('sales');
    expect(sales.StorageDescriptor.Location).toBe('s3://test-data/mydataset/sales/');
    expect(sales.PartitionKeys).toEqual([{ Name: 'month', Type: 'string' }]);
    expect(await rows('SELECT month, id FROM sales ORDER BY id')).toEqual([
      { month: 'Jan', id: 1 },
      { month: 'Mar', id: 2 },
    ]);
    // A file above the table level belongs to no table.
    expect(last.SkippedFiles!.some((f) => f.endsWith('stray.json'))).toBe(true);
  });

  test('a level above the include path: the table is created at that level, named after its folder', async () => {
    text('mydataset/year=2024/month=01/a.json', '{"id": 1}\n');
    const last = await crawl('level1-crawler');
    expect(last.TablesCreated).toEqual(['zones.mydataset']);
    const t = await table('mydataset');
    expect(t.StorageDescriptor.Location).toBe('s3://test-data/mydataset/');
    expect(t.PartitionKeys.map((k: any) => k.Name)).toEqual(['year', 'month']);
  });
});

describe('SchemaChangePolicy.UpdateBehavior (API_SchemaChangePolicy)', () => {
  const first = () => text('orders/part-1.json', '{"id": 1, "total": 9.5}\n');
  const changed = () => text('orders/part-2.json', '{"id": 2, "total": 3, "coupon": "X"}\n');

  test('UPDATE_IN_DATABASE (the default): a second crawl with a changed schema updates the table', async () => {
    first();
    await crawl('update-crawler');
    changed();
    const last = await crawl('update-crawler');
    expect(last.TablesUpdated).toEqual(['zones.orders']);
    expect(await columns('orders')).toEqual(['id:bigint', 'total:double', 'coupon:string']);
  });

  test('LOG: a second crawl with a changed schema leaves the table as it was and logs the change', async () => {
    first();
    await crawl('log-crawler');
    changed();
    const last = await crawl('log-crawler');
    expect(last.TablesUpdated).toEqual([]);
    expect(await columns('orders')).toEqual(['id:bigint', 'total:double']);
    expect(last.Log).toEqual([expect.stringContaining('zones.orders: schema change found and not applied')]);
    // The data is still read, with the catalog's columns.
    expect(await rows('SELECT count(*) AS n FROM orders')).toEqual([{ n: 2 }]);
  });

  test('MergeNewColumns: new columns are added, existing ones keep their types', async () => {
    text('orders/part-1.json', '{"id": 1, "total": 9}\n');
    await crawl('merge-crawler');
    expect(await columns('orders')).toEqual(['id:bigint', 'total:bigint']);
    // The new file would make total a double and drop nothing; only coupon is added.
    rmSync(p.s3Path('orders/part-1.json'));
    text('orders/part-2.json', '{"id": 2, "total": 3.5, "coupon": "X"}\n');
    const last = await crawl('merge-crawler');
    expect(last.TablesUpdated).toEqual(['zones.orders']);
    expect(await columns('orders')).toEqual(['id:bigint', 'total:bigint', 'coupon:string']);
  });

  test('MergeNewColumns: a changed classification marks the table deprecated instead', async () => {
    text('orders/part-1.json', '{"id": 1}\n');
    await crawl('merge-crawler');
    rmSync(p.s3Path('orders/part-1.json'));
    text('orders/part-1.csv', 'id\n1\n');
    const last = await crawl('merge-crawler');
    expect(last.TablesDeprecated).toEqual(['zones.orders']);
    const t = await table('orders');
    expect(t.Parameters.classification).toBe('json');
    expect(t.Parameters.DEPRECATED_BY_CRAWLER).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('SchemaChangePolicy.DeleteBehavior when the data is gone (API_SchemaChangePolicy)', () => {
  const twoTables = () => {
    text('zone/orders/a.json', '{"order_id": 1, "total": 9.5}\n');
    text('zone/people/p.csv', 'person_id,first,last,city\n1,A,B,X\n');
  };

  test('DEPRECATE_IN_DATABASE (the default): the table stays, marked DEPRECATED_BY_CRAWLER, and reads empty', async () => {
    twoTables();
    await crawl('deprecate-crawler');
    rmSync(p.s3Path('zone/people'), { recursive: true });
    const last = await crawl('deprecate-crawler');
    expect(last.TablesDeprecated).toEqual(['zones.people']);
    const people = await table('people');
    expect(people.Parameters.DEPRECATED_BY_CRAWLER).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await columns('people')).toEqual(['person_id:bigint', 'first:string', 'last:string', 'city:string']);
    expect(await rows('SELECT count(*) AS n FROM people')).toEqual([{ n: 0 }]);
    // The data comes back: the mark goes.
    text('zone/people/p.csv', 'person_id,first,last,city\n1,A,B,X\n');
    await crawl('deprecate-crawler');
    expect((await table('people')).Parameters.DEPRECATED_BY_CRAWLER).toBeUndefined();
    expect(await rows('SELECT count(*) AS n FROM people')).toEqual([{ n: 1 }]);
  });

  test('DELETE_FROM_DATABASE: the table is deleted', async () => {
    twoTables();
    await crawl('delete-crawler');
    rmSync(p.s3Path('zone/people'), { recursive: true });
    const last = await crawl('delete-crawler');
    expect(last.TablesDeleted).toEqual(['zones.people']);
    expect(await table('people')).toBeUndefined();
    expect(await table('orders')).toBeDefined();
  });

  test('LOG: the table is kept as it was and the crawl logs that its data is gone', async () => {
    twoTables();
    await crawl('keep-crawler');
    rmSync(p.s3Path('zone/people'), { recursive: true });
    const last = await crawl('keep-crawler');
    expect(last.TablesDeleted).toEqual([]);
    expect(last.TablesDeprecated).toEqual([]);
    expect(last.Log).toEqual([
      expect.stringContaining('zones.people: its data at s3://test-data/zone/people/ is gone'),
    ]);
    expect((await table('people')).Parameters.DEPRECATED_BY_CRAWLER).toBeUndefined();
  });
});

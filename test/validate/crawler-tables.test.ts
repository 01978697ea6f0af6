// validate's idea of the tables a crawler makes comes from the function the local crawler lays its
// tables out with (crawler-naming.ts), so the two agree: every table a local crawl creates is one
// validate knows, and where the layout alone decides (table level, CombineCompatibleSchemas, the
// bucket root) the sets are equal. Glue pages: crawler-s3-folder-table-partition.html,
// crawler-grouping-policy.html, crawler-table-level.html, incremental-crawls.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { knownTables } from '../../src/validate/tables.js';
import { validateLoadedProject } from '../../src/validate/index.js';
import { makeProject, type TestProject } from '../local-engine/project.js';

const files: Record<string, string> = {
  // Bucket root: two folders sharing a schema (one table named after the bucket).
  '2024/a.json': '{"id": 1, "v": "x"}\n',
  '2025/b.json': '{"id": 2, "v": "y"}\n',
  'mydataset/sales/month=Jan/a.json': '{"id": 1}\n',
  'mydataset/returns/month=Jan/c.json': '{"id": 3}\n',
  'table1/year=2017/data1.json': '{"A": 1, "B": 2}\n',
  'table1/year=2018/data2.json': '{"C": 3, "D": 4}\n',
  'zone2/orders/a.json': '{"order_id": 1}\n',
  'zone2/scratch/junk.json': '{"junk": true}\n',
};
// The project names its data paths (as samples), which is how validate sees the folders.
const sample = Object.keys(files).map((key, i) => ({
  generator: 'file',
  file: `data/f${i}.json`,
  to: `s3://\${data}/${key}`,
}));

const pipeline = {
  name: 'crawl-agree',
  databases: { zones: {}, levels: {}, grouped: {}, excl: {} },
  sample,
  crawlers: {
    'root-crawler': { database: 'zones', targets: [{ path: 's3://${data}' }], tablePrefix: 'r_' },
    'level-crawler': {
      database: 'levels',
      targets: [{ path: 's3://${data}/mydataset/' }],
      configuration: { grouping: { tableLevelConfiguration: 3 } },
    },
    'combine-crawler': {
      database: 'grouped',
      targets: [{ path: 's3://${data}/table1/' }],
      configuration: { grouping: { tableGroupingPolicy: 'CombineCompatibleSchemas' } },
    },
    'excluding-crawler': {
      database: 'excl',
      targets: [{ path: 's3://${data}/zone2/', exclusions: ['scratch/**'] }],
    },
    'incremental-crawler': {
      database: 'zones',
      targets: [{ path: 's3://${data}/mydataset/' }],
      recrawl: 'new-folders-only',
      schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' },
    },
  },
};

let p: TestProject;
beforeAll(async () => {
  p = await makeProject(pipeline, Object.fromEntries(Object.keys(files).map((k, i) => [`data/f${i}.json`, files[k]!])));
  for (const [key, body] of Object.entries(files)) {
    mkdirSync(dirname(p.s3Path(key)), { recursive: true });
    writeFileSync(p.s3Path(key), body);
  }
});
afterAll(async () => {
  await p.close();
});

const validateTables = (database: string, crawler: string) =>
  knownTables(p.project, (alias) => resolveEnvironment(p.project, 'local').bucket(alias))
    .filter((t) => t.database === database && t.origin === `crawler ${crawler}`)
    .map((t) => t.table)
    .sort();
const crawled = async (crawler: string) =>
  [...((await p.engine.startCrawler(crawler), await p.engine.getCrawler(crawler)).LastCrawl!.TablesCreated ?? [])]
    .map((t) => t.split('.')[1]!)
    .sort();

test('a crawler on a bucket root: every table the local crawl creates is one validate knows', async () => {
  // The bucket holds datasets of differing schemas: the local crawl splits them by folder.
  const local = await crawled('root-crawler');
  expect(local).toEqual(['r_2024', 'r_2025', 'r_mydataset', 'r_orders', 'r_scratch', 'r_year_2017', 'r_year_2018']);
  // From paths alone the folders may or may not share a schema: validate lists both outcomes,
  // including the table named after the bucket (s3://test-data: r_test_data).
  const known = validateTables('zones', 'root-crawler');
  expect(known).toEqual(expect.arrayContaining([...local, 'r_test_data']));
});

test('TableLevelConfiguration: validate and the local crawler name the same tables', async () => {
  const local = await crawled('level-crawler');
  expect(local).toEqual(['returns', 'sales']);
  expect(validateTables('levels', 'level-crawler')).toEqual(local);
});

test('CombineCompatibleSchemas: validate and the local crawler name the same one table', async () => {
  const local = await crawled('combine-crawler');
  expect(local).toEqual(['table1']);
  expect(validateTables('grouped', 'combine-crawler')).toEqual(local);
});

test('exclusions (define-crawler.html#crawler-data-stores-exclude): both leave out the excluded folder', async () => {
  const local = await crawled('excluding-crawler');
  expect(local).toEqual(['orders']);
  expect(validateTables('excl', 'excluding-crawler')).toEqual(local);
});

test('recrawl: new-folders-only with a schemaChangePolicy other than LOG is an error at the field', async () => {
  const diagnostics = await validateLoadedProject(p.project, resolveEnvironment(p.project, 'local'));
  const found = diagnostics.filter((d) => d.rule === 'crawler-options');
  expect(found).toEqual([
    expect.objectContaining({
      file: 'pipelines/crawl-agree/pipeline.yaml',
      severity: 'error',
      message: expect.stringContaining('requires updateBehavior: LOG, not UPDATE_IN_DATABASE'),
    }),
  ]);
  const lines = (await import('node:fs'))
    .readFileSync(`${p.root}/pipelines/crawl-agree/pipeline.yaml`, 'utf8')
    .split('\n');
  expect(lines[found[0]!.line - 1]).toMatch(/updateBehavior: UPDATE_IN_DATABASE/);
});

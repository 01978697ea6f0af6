// Column checks: every column a query names is one the table it reads will have, judged by the SQL
// parser's own scopes (aliases, CTEs, subqueries, USING, struct fields, lambdas, LATERAL VIEW,
// UNNEST, select aliases), case-insensitively in both dialects; tables lakeops cannot know are
// never judged (no false positives), and the example projects validate with no column errors.
import { jest } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveColumnsWith, type ColumnTable } from '../../src/validate/column-resolution.js';
import { loadSqlParserHere } from '../../src/validate/analysis.js';
import { foldQuotedIdentifiers, planColumns } from '../../src/validate/sql-columns.js';
import { validateProject } from '../../src/validate/index.js';
import { createContext } from '../../src/validate/context.js';
import { loadProject } from '../../src/model/project.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { runInit } from '../../src/cli/commands/init.js';
import { runNewPipeline } from '../../src/cli/commands/new.js';
import { PIPELINE_KINDS } from '../../src/scaffold/pipeline.js';
import { REPO_ROOT, VALID_FIXTURE } from './support/corpus.js';

jest.setTimeout(120_000);

const ORDERS: ColumnTable = {
  name: 'orders',
  columns: ['order_id', 'customer', 'items', 'addr', 'amount', 'ts', 'tags'],
  from: [],
};
const CUST: ColumnTable = { name: 'cust', schema: 'db1', columns: ['customer', 'name'], from: [] };
const MYSTERY: ColumnTable = { name: 'mystery', columns: [], from: [-1] };

async function unknownIn(sql: string, dialect: 'spark' | 'athena', tables = [ORDERS, CUST, MYSTERY]) {
  const pg = await loadSqlParserHere();
  const r = resolveColumnsWith(pg as never, {
    derive: [],
    check: [{ sql: foldQuotedIdentifiers(sql, dialect), dialect, tables }],
  });
  return r.unknown[0]!.map((u) => sql.slice(u.start, u.end).replace(/^.*\./, ''));
}

// Valid queries the parser must not flag: each names only columns that exist, through the scoping
// constructs of each dialect.
const VALID: [string, 'spark' | 'athena'][] = [
  ['SELECT o.order_id, c.name FROM orders o JOIN db1.cust c ON c.customer = o.customer', 'spark'],
  ['SELECT name, amount FROM orders JOIN db1.cust USING (customer)', 'spark'],
  ['WITH x AS (SELECT order_id AS oid, amount FROM orders) SELECT oid, amount FROM x', 'spark'],
  ['SELECT s.oid FROM (SELECT order_id AS oid FROM orders) s WHERE s.oid > 1', 'athena'],
  ['SELECT addr.city, orders.addr.city, o.addr.zip.code FROM orders, orders o', 'spark'],
  ['SELECT transform(items, i -> i.qty) AS q, filter(items, x -> x.qty > 0) AS f FROM orders', 'spark'],
  ['SELECT order_id, row_number() OVER w AS rn FROM orders WINDOW w AS (PARTITION BY customer ORDER BY ts)', 'spark'],
  ['SELECT customer, sum(amount) AS total FROM orders GROUP BY customer ORDER BY total DESC', 'athena'],
  ['SELECT upper(customer) AS c, count(*) AS n FROM orders GROUP BY c HAVING n > 1', 'spark'],
  ['SELECT amount AS a, a + 1 AS b FROM orders', 'spark'],
  ['SELECT order_id, x.sku FROM orders LATERAL VIEW explode(items) t AS x', 'spark'],
  ['SELECT order_id, pos, x FROM orders LATERAL VIEW posexplode(items) t AS pos, x', 'spark'],
  ['SELECT o.order_id, t.it.sku FROM orders o CROSS JOIN UNNEST(o.items) AS t(it)', 'athena'],
  ['SELECT order_id, u.sku, u.qty FROM orders CROSS JOIN UNNEST(items) AS u(sku, qty)', 'athena'],
  ['SELECT element_at(tags, 1), items[1].sku FROM orders', 'athena'],
  ['SELECT "Order_Id", o."AMOUNT" FROM orders o', 'athena'],
  ['SELECT `Order_Id`, ORDER_ID, Orders.Amount FROM ORDERS', 'spark'],
  ['SELECT order_id FROM orders QUALIFY row_number() OVER (PARTITION BY customer ORDER BY ts DESC) = 1', 'spark'],
  ['SELECT a.order_id FROM orders a WHERE EXISTS (SELECT 1 FROM db1.cust c WHERE c.customer = a.customer)', 'athena'],
  // A table lakeops cannot know: nothing that may come from it is judged.
  ['SELECT nope, order_id FROM orders JOIN mystery m ON m.id = orders.order_id', 'spark'],
  ['WITH x AS (SELECT * FROM mystery) SELECT anything FROM x', 'athena'],
  ['SELECT m.whatever FROM mystery m', 'athena'],
  ["SELECT date_trunc('hour', ts) AS h, count(*) FROM orders GROUP BY 1", 'spark'],
  ['SELECT cast(:day AS date) AS day, order_id FROM orders WHERE date(ts) = :day', 'spark'],
  ["SELECT order_id FROM orders WHERE ts > current_timestamp - INTERVAL '1' HOUR AND amount > ?", 'athena'],
];

test.each(VALID)('no unknown column in %s (%s)', async (sql, dialect) => {
  expect(await unknownIn(sql, dialect)).toEqual([]);
});

const INVALID: [string, 'spark' | 'athena', string[]][] = [
  ['SELECT order_id, amont FROM orders', 'spark', ['amont']],
  ['SELECT o.order_idx FROM orders o', 'athena', ['order_idx']],
  ['WITH x AS (SELECT order_id AS oid FROM orders) SELECT order_id FROM x', 'spark', ['order_id']],
  ['SELECT s.amount FROM (SELECT order_id FROM orders) s', 'athena', ['amount']],
  ['SELECT c.nam FROM orders o JOIN db1.cust c ON c.customer = o.customer', 'spark', ['nam']],
  ['SELECT orders.nope FROM orders JOIN mystery m ON m.id = orders.order_id', 'spark', ['nope']],
  ['SELECT "Amount_Usd" FROM orders', 'athena', ['"Amount_Usd"']],
  ['SELECT order_id FROM orders WHERE amount > 0 ORDER BY totl', 'spark', ['totl']],
];

test.each(INVALID)('%s (%s) names unknown columns %j', async (sql, dialect, expected) => {
  expect(await unknownIn(sql, dialect)).toEqual(expected);
});

test('two tables of one name in different databases are not judged (the parser would confuse them)', async () => {
  const other: ColumnTable = { name: 'orders', schema: 'db2', columns: ['x'], from: [] };
  expect(
    await unknownIn('SELECT a.nope FROM orders a JOIN db2.orders b ON a.order_id = b.x', 'athena', [ORDERS, other]),
  ).toEqual([]);
});

test('derived select lists expand * from known inputs and stay unknown otherwise', async () => {
  const pg = await loadSqlParserHere();
  const r = resolveColumnsWith(pg as never, {
    derive: [
      {
        sql: 'SELECT o.*, c.name AS cname FROM orders o JOIN db1.cust c USING (customer)',
        dialect: 'spark',
        tables: [ORDERS, CUST],
      },
      { sql: 'SELECT *, 1 AS one FROM mystery', dialect: 'spark', tables: [MYSTERY] },
      { sql: 'SELECT day, count(*) FROM orders GROUP BY day', dialect: 'spark', tables: [ORDERS] },
      { sql: 'SELECT order_id, cname FROM x', dialect: 'athena', tables: [{ name: 'x', columns: [], from: [0] }] },
    ],
    check: [],
  });
  expect(r.derived[0]).toEqual([...ORDERS.columns, 'cname']);
  expect(r.derived[1]).toBeNull();
  expect(r.derived[2]).toBeNull(); // count(*) has no name lakeops can know
  expect(r.derived[3]).toEqual(['order_id', 'cname']);
});

test('quoted identifiers fold to lower case without moving any offset; strings stay', () => {
  expect(foldQuotedIdentifiers(`SELECT "Ab", 'Cd', "E""f" FROM t -- "Gh"`, 'athena')).toBe(
    `SELECT "ab", 'Cd', "e""f" FROM t -- "Gh"`,
  );
  expect(foldQuotedIdentifiers('SELECT `Ab`, "Cd"', 'spark')).toBe('SELECT `ab`, "Cd"');
});

function columnErrors(diagnostics: { rule: string }[]) {
  return diagnostics.filter((d) => d.rule === 'sql-column').map((d) => formatDiagnostic(d as never));
}

function checksWithKnownTables(root: string, env = 'local'): number {
  const { project } = loadProject(root);
  const plan = planColumns(createContext(project!, resolveEnvironment(project!, env)));
  return plan.checks.filter((c) => c.tables.some((t) => t.binding)).length;
}

test.each(['local', 'dev', 'prod'])(
  'the example pipelines have no column errors in %s, with columns checked',
  async (env) => {
    const report = await validateProject(REPO_ROOT, { env });
    expect(columnErrors(report.diagnostics)).toEqual([]);
    // Not vacuous: most of the examples' queries read tables whose columns are known.
    expect(checksWithKnownTables(REPO_ROOT, env)).toBeGreaterThanOrEqual(20);
  },
);

function copyExamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-columns-'));
  for (const f of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts', 'schema'])
    cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  return dir;
}

test('a wrong column in an example query is reported at its SQL line, with the nearest column', async () => {
  const dir = copyExamples();
  try {
    const edit = (file: string, find: string, replace: string) => {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text.split(find)).toHaveLength(2);
      writeFileSync(join(dir, file), text.replace(find, replace));
      return text.slice(0, text.indexOf(find)).split('\n').length;
    };
    const view = edit('sql/views/tpc_customer_inter.sql', 'CAST("total_clicks"', 'CAST("Total_Click"');
    const job = edit('sql/jobs/customer_etl_transform.sql', 'c_birth_country', 'c_birth_countri');
    const report = await validateProject(dir, { env: 'local' });
    const errors = report.diagnostics.filter((d) => d.rule === 'sql-column');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'sql/views/tpc_customer_inter.sql',
          line: view,
          message: expect.stringContaining('did you mean "total_clicks"?'),
        }),
        expect.objectContaining({
          file: 'sql/jobs/customer_etl_transform.sql',
          line: job,
          message: expect.stringContaining('did you mean "c_birth_country"?'),
        }),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("lakeops init's project and every `new pipeline --kind` validate with no column errors", async () => {
  for (const kind of PIPELINE_KINDS) {
    const dir = mkdtempSync(join(tmpdir(), 'lakeops-columns-init-'));
    try {
      await runInit(dir, { kind });
      for (const k of PIPELINE_KINDS) await runNewPipeline(dir, ['data'], `extra-${k}`, k);
      const report = await validateProject(dir, { env: 'local' });
      expect(columnErrors(report.diagnostics)).toEqual([]);
      expect(checksWithKnownTables(dir)).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

describe('what lakeops cannot know is not judged', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lakeops-columns-unknown-'));
    cpSync(VALID_FIXTURE, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const edit = (file: string, find: string, replace: string) => {
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), text.replace(find, replace));
  };

  test('a crawled table no sample lands data in (shop_raw.returns)', async () => {
    edit('sql/jobs/returns_clean.sql', 'r.return_id', 'r.anything_at_all');
    expect(columnErrors((await validateProject(dir)).diagnostics)).toEqual([]);
  });

  test('a folder a Python script also writes to', async () => {
    edit('sql/jobs/orders_clean.sql', 'customer_id,', 'customer_idx,');
    // Without the script writing there, the mistake is found...
    expect(columnErrors((await validateProject(dir)).diagnostics)).toHaveLength(1);
    // ...with it, the raw table's columns are not known any more.
    edit(
      'pipelines/orders/pipeline.yaml',
      '    type: pythonshell\n',
      '    type: pythonshell\n    arguments:\n      --target: s3://${data}/raw/orders/extra/\n',
    );
    expect(columnErrors((await validateProject(dir)).diagnostics)).toEqual([]);
  });

  test('a query holding PIVOT (which the parser resolves wrongly)', async () => {
    writeFileSync(
      join(dir, 'sql/views/orders_daily.sql'),
      "SELECT * FROM orders PIVOT (sum(amount) FOR customer_id IN ('a', 'b'))\n",
    );
    expect(columnErrors((await validateProject(dir)).diagnostics)).toEqual([]);
  });
});

test('tables declared with columns (tables:) are a schema source, partition keys included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-columns-declared-'));
  try {
    cpSync(VALID_FIXTURE, dir, { recursive: true });
    const yaml = join(dir, 'pipelines/returns/pipeline.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8') +
        [
          'tables:',
          '  returns:',
          '    database: shop_raw',
          '    location: s3://${data}/raw/returns/',
          '    format: csv',
          '    crawled: true',
          '    columns:',
          '      - { name: return_id, type: bigint }',
          '      - { name: order_id, type: bigint }',
          '    partitionKeys:',
          '      - { name: dt, type: string }',
          '',
        ].join('\n'),
    );
    const sql = join(dir, 'sql/jobs/returns_clean.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8').replace('r.return_id', 'r.return_id, r.dt, r.refund_amount'));
    const report = await validateProject(dir);
    expect(columnErrors(report.diagnostics)).toEqual([
      expect.stringMatching(
        /^sql\/jobs\/returns_clean\.sql:1:\d+: error: column "refund_amount" does not exist in returns \(columns from table shop_raw\.returns declared in pipelines\/returns\/pipeline\.yaml: return_id, order_id, dt\)/,
      ),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a CSV sample without a header row gives no columns (the crawler would name them col0, col1...)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-columns-noheader-'));
  try {
    cpSync(VALID_FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'samples/orders.csv'), '1,10,12.50,2024-05-01\n2,11,3.00,2024-05-01\n');
    const sql = join(dir, 'sql/jobs/orders_clean.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8').replace('customer_id,', 'col1 AS customer_id,'));
    expect(columnErrors((await validateProject(dir)).diagnostics)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Athena on the local engine: ExecutionParameters bound as values (Athena literals), the default
// database, Athena's ResultSet shape and pagination, failures, bytes scanned, and views that are
// created once their tables exist and recreated when a crawl changes a table.
import { statementTypes } from '../../src/targets/local/athena.js';
import { makeProject, writeWithDuckDB, type TestProject } from './project.js';

const pipeline = {
  name: 'athena',
  databases: { 'demo-raw-data': {} },
  crawlers: { clicks: { database: 'demo-raw-data', targets: [{ path: 's3://${data}/clicks/' }] } },
};

let p: TestProject;
beforeEach(async () => {
  p = await makeProject(pipeline);
  await p.engine.ensureDatabases();
});
afterEach(async () => {
  await p.close();
});

const clicks = (part: string, select: string) =>
  writeWithDuckDB(p.s3Path(`clicks/day=${part}/part-0.parquet`), select, 'parquet');
const base = `SELECT 'c' || (i % 7) AS customer, i AS clicks FROM range(25) t(i)`;

async function crawled(): Promise<void> {
  await clicks('1', base);
  await p.engine.startCrawler('clicks');
}

test('ExecutionParameters are SQL literals bound as values, never pasted into the SQL', async () => {
  await crawled();
  const q = await p.engine.startQueryExecution({
    QueryString: 'SELECT count(*) AS n FROM clicks WHERE customer = ? AND clicks >= ? AND day = ?',
    Database: 'demo-raw-data',
    ExecutionParameters: ["'c3'", '10', "'1'"],
  });
  expect(q.Status.State).toBe('SUCCEEDED');
  const r = await p.engine.getQueryResults(q.QueryExecutionId);
  expect(r.ResultSet.Rows).toEqual([{ Data: [{ VarCharValue: 'n' }] }, { Data: [{ VarCharValue: '3' }] }]); // c3: 10, 17, 24
  expect(r.ResultSet.ResultSetMetadata.ColumnInfo).toEqual([{ Name: 'n', Type: 'bigint' }]);

  // A would-be injection is just a string value that matches nothing.
  const injected = await p.engine.query('SELECT count(*) AS n FROM clicks WHERE customer = ?', {
    database: 'demo-raw-data',
    parameters: ["'c3'' OR ''1''=''1'"],
  });
  expect(injected.rows).toEqual([{ n: 0 }]);

  // Typed literals and NULL.
  const typed = await p.engine.query("SELECT ? + INTERVAL '1' DAY AS d, ? IS NULL AS n, ? AS neg", {
    parameters: ["DATE '2024-05-01'", 'NULL', '-2.5'],
  });
  expect(typed.rows).toEqual([{ d: '2024-05-02 00:00:00', n: true, neg: -2.5 }]);

  // Unquoted text is not a literal: Athena rejects it, so does the local engine.
  const bad = await p.engine.startQueryExecution({ QueryString: 'SELECT ?', ExecutionParameters: ['2024-05-01T10'] });
  expect(bad.Status).toMatchObject({ State: 'FAILED' });
  expect(bad.Status.StateChangeReason).toMatch(/not a SQL literal/);
  await expect(p.engine.getQueryResults(bad.QueryExecutionId)).rejects.toMatchObject({
    name: 'InvalidRequestException',
  });
  const count = await p.engine.startQueryExecution({ QueryString: 'SELECT ?, ?', ExecutionParameters: ["'a'"] });
  expect(count.Status.StateChangeReason).toMatch(/2 \? parameter marker\(s\) but 1 ExecutionParameters/);
});

test('results page with MaxResults and NextToken; the first row of the first page is the header', async () => {
  await crawled();
  const q = await p.engine.startQueryExecution({
    QueryString: 'SELECT clicks, customer FROM clicks ORDER BY clicks',
    Database: 'demo-raw-data',
  });
  expect(q.Statistics!.DataScannedInBytes).toBeGreaterThan(0);
  const rows: string[][] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await p.engine.getQueryResults(q.QueryExecutionId, { MaxResults: 10, NextToken: token });
    expect(page.ResultSet.Rows.length).toBeLessThanOrEqual(10);
    rows.push(...page.ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue!)));
    token = page.NextToken;
    pages++;
  } while (token);
  expect(pages).toBe(3); // header + 25 rows = 26 rows in pages of 10
  expect(rows[0]).toEqual(['clicks', 'customer']);
  expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: 25 }, (_, i) => i));
  await expect(p.engine.getQueryResults(q.QueryExecutionId, { NextToken: 'bogus' })).rejects.toMatchObject({
    name: 'InvalidRequestException',
  });
  const stored = await p.engine.getQueryExecution(q.QueryExecutionId);
  expect(stored.Query).toBe('SELECT clicks, customer FROM clicks ORDER BY clicks');
});

test('a failing query is FAILED with the reason; unknown databases and ids are errors', async () => {
  await crawled();
  const q = await p.engine.startQueryExecution({ QueryString: 'SELECT nope FROM clicks', Database: 'demo-raw-data' });
  expect(q.Status.State).toBe('FAILED');
  expect(q.Status.StateChangeReason).toMatch(/nope/);
  await expect(p.engine.query('SELECT 1', { database: 'missing-db' })).rejects.toThrow(/SCHEMA_NOT_FOUND/);
  await expect(p.engine.getQueryExecution('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
    name: 'InvalidRequestException',
  });
});

test('a view waits for its table, is created by the crawl that makes it, and is recreated when a crawl changes the table', async () => {
  const view = await p.engine.createView('demo-raw-data', 'top_customers', 'SELECT * FROM "clicks" WHERE clicks > 20');
  expect(view.status).toBe('pending');

  await crawled();
  let crawl = (await p.engine.getCrawler('clicks')).LastCrawl!;
  expect(crawl.TablesCreated).toEqual(['demo-raw-data.clicks']);
  expect((crawl as any).ViewsRecreated).toEqual(['demo-raw-data.top_customers']);
  let r = await p.engine.query('SELECT * FROM top_customers ORDER BY clicks', { database: 'demo-raw-data' });
  expect(r.columns).toEqual(['customer', 'clicks', 'day']);
  expect(r.rows.map((x) => x.clicks)).toEqual([21, 22, 23, 24]);

  // A new column in a new partition: the crawl updates the table and recreates the view over it.
  await clicks('2', `SELECT 'c9' AS customer, 99 AS clicks, 'web' AS channel`);
  await p.engine.startCrawler('clicks');
  crawl = (await p.engine.getCrawler('clicks')).LastCrawl!;
  expect(crawl.TablesUpdated).toEqual(['demo-raw-data.clicks']);
  expect((crawl as any).ViewsRecreated).toEqual(['demo-raw-data.top_customers']);
  r = await p.engine.query('SELECT * FROM top_customers ORDER BY clicks', { database: 'demo-raw-data' });
  expect(r.columns).toEqual(['customer', 'clicks', 'channel', 'day']);
  expect(r.rows.at(-1)).toEqual({ customer: 'c9', clicks: 99, channel: 'web', day: '2' });
});

test('views cannot take parameters; a view over a missing column fails with the reason', async () => {
  await crawled();
  await expect(p.engine.createView('demo-raw-data', 'v', 'SELECT * FROM clicks WHERE clicks > ?')).rejects.toThrow(
    /cannot take parameters/,
  );
  const v = await p.engine.createView('demo-raw-data', 'broken', 'SELECT nope FROM clicks');
  expect(v.status).toBe('failed');
  expect(v.error).toMatch(/nope/);
});

// GetQueryExecution's QueryExecution as Athena returns it:
// https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecution.html
test('GetQueryExecution: WorkGroup, ResultConfiguration, Statistics, EngineVersion, statement types', async () => {
  await crawled();
  const q = await p.engine.startQueryExecution({
    QueryString: 'SELECT customer, count(*) AS n FROM clicks GROUP BY customer',
    Database: 'demo-raw-data',
    WorkGroup: 'analysts',
    ResultConfiguration: { OutputLocation: 's3://test-data/athena-results/' },
  });
  const e = (await p.engine.getQueryExecution(q.QueryExecutionId)) as any;
  expect(e).toMatchObject({
    QueryExecutionId: q.QueryExecutionId,
    WorkGroup: 'analysts',
    StatementType: 'DML',
    SubstatementType: 'SELECT',
    QueryExecutionContext: { Database: 'demo-raw-data' },
    ResultConfiguration: { OutputLocation: `s3://test-data/athena-results/${q.QueryExecutionId}.csv` },
    EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    Status: { State: 'SUCCEEDED' },
  });
  expect(e.Statistics.DataScannedInBytes).toBeGreaterThan(0);
  expect(e.Statistics.TotalExecutionTimeInMillis).toBeGreaterThanOrEqual(e.Statistics.EngineExecutionTimeInMillis);
  expect(Date.parse(e.Status.CompletionDateTime)).toBeGreaterThanOrEqual(Date.parse(e.Status.SubmissionDateTime));

  // No workgroup given: Athena's default workgroup "primary".
  const d = (await p.engine.startQueryExecution({ QueryString: 'SHOW TABLES', Database: 'demo-raw-data' })) as any;
  expect(d).toMatchObject({ WorkGroup: 'primary', StatementType: 'UTILITY' });
});

// Athena writes <OutputLocation>/<QueryID>.csv, every field in double quotes, NULL as an empty field:
// https://docs.aws.amazon.com/athena/latest/ug/querying-finding-output-files.html
// Arrays, maps and rows as Athena renders them (e.g. {last=Smith, first=Bob, age=35}):
// https://docs.aws.amazon.com/athena/latest/ug/maps.html
test('arrays, maps and structs come back as Athena renders them, and the CSV result file is in local S3', async () => {
  const q = await p.engine.startQueryExecution({
    QueryString: `SELECT ARRAY[1, 2] AS a, MAP(ARRAY['first', 'age'], ARRAY['Bob', '35']) AS m,
      CAST(ROW(1, 'x') AS ROW(a integer, b varchar)) AS s, ARRAY[CAST(ROW(NULL) AS ROW(x integer))] AS n,
      'say "hi"' AS t, CAST(NULL AS varchar) AS z`,
    ResultConfiguration: { OutputLocation: 's3://test-data/results' },
  });
  expect(q.Status).toMatchObject({ State: 'SUCCEEDED' });
  const r = await p.engine.getQueryResults(q.QueryExecutionId);
  expect(r.ResultSet.Rows[1]!.Data).toEqual([
    { VarCharValue: '[1, 2]' },
    { VarCharValue: '{first=Bob, age=35}' },
    { VarCharValue: '{a=1, b=x}' },
    { VarCharValue: '[{x=null}]' },
    { VarCharValue: 'say "hi"' },
    {},
  ]);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(p.s3Path(`results/${q.QueryExecutionId}.csv`), 'utf8')).toBe(
    '"a","m","s","n","t","z"\n"[1, 2]","{first=Bob, age=35}","{a=1, b=x}","[{x=null}]","say ""hi""",\n',
  );
});

test.each([
  ['WITH a AS (SELECT 1) SELECT * FROM a', 'DML', 'SELECT'],
  ['-- note\n(SELECT 1)', 'DML', 'SELECT'],
  ['INSERT INTO t SELECT 1', 'DML', 'INSERT'],
  ["CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 1", 'DML', 'CREATE_TABLE_AS_SELECT'],
  ["CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/'", 'DDL', 'CREATE_TABLE'],
  ['CREATE OR REPLACE VIEW v AS SELECT 1', 'DDL', 'CREATE_VIEW'],
  ['DROP TABLE IF EXISTS t', 'DDL', 'DROP_TABLE'],
  ['DESCRIBE t', 'UTILITY', 'DESCRIBE'],
])('statement types of %j', (sql, type, sub) => {
  expect(statementTypes(sql)).toEqual({ StatementType: type, SubstatementType: sub });
});

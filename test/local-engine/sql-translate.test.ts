// Spark and Athena SQL translated to DuckDB. Each case runs the translation on DuckDB and checks
// the value Spark (or Athena) would return, including the cases the transpiler alone gets wrong.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { translateSql, SqlTranslateError, referencedTables } from '../../src/targets/local/sql-translate.js';
import { SPARK_FUNCTIONS_NOT_RUN_LOCALLY } from '../../src/targets/local/spark-functions.js';

let db: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

async function value(
  sql: string,
  from: 'spark' | 'athena',
  params?: Record<string, string> | string[],
): Promise<unknown> {
  const t = await translateSql(sql, from);
  const r = await conn.runAndReadAll(t.sql, params);
  return r.getRowsJson()[0]![0];
}

test.each([
  // The transpiler leaves the argument of year()/hour() untranslated (DuckDB's to_timestamp takes epoch seconds).
  ["SELECT year(to_timestamp('05/03/2024 17', 'dd/MM/yyyy HH'))", '2024'],
  ["SELECT hour(to_timestamp('05/03/2024 17:30', 'dd/MM/yyyy HH:mm'))", '17'],
  ["SELECT dayofmonth(to_date('05/03/2024', 'dd/MM/yyyy'))", '5'],
  // Spark: Sunday = 1 ... Saturday = 7 (2024-05-05 is a Sunday, 2024-05-06 a Monday).
  ["SELECT dayofweek(DATE'2024-05-05')", '1'],
  ["SELECT dayofweek(DATE'2024-05-06')", '2'],
  // Spark arrays are 0-based.
  ["SELECT split('a,b,c', ',')[0]", 'a'],
  ["SELECT split('a,b,c', ',')[2]", 'c'],
  ["SELECT map('k', 7)['k']", 7],
  ["SELECT date_format(to_timestamp('2024-05-01 10:20:00'), 'yyyy-MM-dd HH')", '2024-05-01 10'],
  ["SELECT nvl(CAST(NULL AS STRING), 'x')", 'x'],
  ["SELECT CAST('abc' AS INT)", null], // Spark (non-ANSI) casts to NULL instead of failing
])('Spark %s', async (sql, expected) => {
  expect(await value(sql, 'spark')).toEqual(expected);
});

test('Spark :name parameters become DuckDB $name prepared-statement parameters', async () => {
  const t = await translateSql("SELECT :a || '-' || :b AS x, :a AS y", 'spark');
  expect(t.namedParams).toEqual(['a', 'b']);
  expect(t.sql).not.toContain(':a');
  expect(await value("SELECT :a || '-' || :b AS x", 'spark', { a: "it's", b: '2' })).toBe("it's-2");
});

test.each([
  ["SELECT regexp_like('AB', '^[A-Z]{2}$')", true],
  ["SELECT date_trunc('hour', from_iso8601_timestamp('2024-05-01T10:42:00Z'))", '2024-05-01 10:00:00+00'],
  ['SELECT "sum"(x) FROM (VALUES (1), (2)) AS t(x)', '3'],
  ["SELECT day(DATE '2024-05-09')", '9'],
  ['SELECT cardinality(ARRAY[1, 2, 3])', '3'],
])('Athena %s', async (sql, expected) => {
  expect(await value(sql, 'athena')).toEqual(expected);
});

test('Athena ? markers stay positional and are counted', async () => {
  const t = await translateSql('SELECT ? AS a, ? AS b', 'athena');
  expect(t.positionalParams).toBe(2);
  expect(await value('SELECT CAST(? AS bigint) + 1', 'athena', ['41'])).toBe('42');
});

test('a syntax error carries its line and column', async () => {
  try {
    await translateSql('SELECT a,\n  FROM FROM t', 'spark');
    throw new Error('expected a SqlTranslateError');
  } catch (e) {
    expect(e).toBeInstanceOf(SqlTranslateError);
    expect((e as SqlTranslateError).line).toBe(2);
    expect((e as Error).message).toMatch(/Spark SQL does not parse/);
  }
  await expect(translateSql('SELECT 1; SELECT 2', 'athena')).rejects.toThrow(/one SQL statement/);
});

test('translations are cached by text', async () => {
  const sql = 'SELECT 1 AS cached_one';
  expect(await translateSql(sql, 'spark')).toBe(await translateSql(sql, 'spark'));
});

test('referenced tables exclude CTE names and keep schemas', async () => {
  const t = await translateSql(
    'WITH x AS (SELECT * FROM "demo-raw".hits) SELECT * FROM x JOIN other ON true',
    'athena',
  );
  expect(t.tables).toEqual(await referencedTables(t.sql));
  expect(t.tables).toEqual(
    expect.arrayContaining([
      { schema: 'demo-raw', table: 'hits' },
      { schema: undefined, table: 'other' },
    ]),
  );
  expect(t.tables).toHaveLength(2);
});

// Spark's raise_error(msg) fails the query with msg
// (https://spark.apache.org/docs/latest/api/sql/index.html#raise_error); DuckDB's error(msg) does too.
test('Spark raise_error fails the query with its message on DuckDB; rows that do not reach it pass', async () => {
  const t = await translateSql(
    "SELECT CASE WHEN x > 1 THEN raise_error(concat('bad row ', x)) ELSE x END AS y FROM VALUES (1), (2) AS v(x)",
    'spark',
  );
  await expect(conn.run(t.sql)).rejects.toThrow(/bad row 2/);
  const ok = await translateSql("SELECT CASE WHEN 1 > 1 THEN raise_error('never') ELSE 1 END AS y", 'spark');
  expect((await conn.runAndReadAll(ok.sql)).getRowsJson()).toEqual([[1]]);
});

// The list validate reports stays true: each function still comes out of the transpiler as a
// function DuckDB does not have (hash: one that computes something else). A name the transpiler
// learns to translate fails here and leaves the list.
test.each(Object.keys(SPARK_FUNCTIONS_NOT_RUN_LOCALLY).filter((n) => n !== 'hash'))(
  'Spark %s is left untranslated and DuckDB has no such function',
  async (name) => {
    const t = await translateSql(`SELECT ${name}(1) AS x`, 'spark');
    expect(t.sql.toLowerCase()).toContain(`${name}(`);
    const r = await conn.runAndReadAll('SELECT count(*)::INTEGER FROM duckdb_functions() WHERE function_name = $name', {
      name,
    });
    expect(r.getRowsJson()[0]![0]).toBe(0);
  },
);

// Spark's hash() is a 32-bit Murmur3 int (https://spark.apache.org/docs/latest/api/sql/index.html#hash);
// the transpiler keeps the name and DuckDB's hash() is another, 64-bit unsigned hash.
test("Spark hash() comes out as DuckDB's hash(), which is not Spark's (another type, other values)", async () => {
  const t = await translateSql("SELECT typeof(hash('a')) AS x", 'spark');
  expect((await conn.runAndReadAll(t.sql)).getRowsJson()[0]![0]).toBe('UBIGINT');
});

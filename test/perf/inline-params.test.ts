// Job parameters are written into the SQL as literals, so DuckDB binds a job statement once (a
// prepared statement with values is bound again when it runs, expanding every input glob twice).
// The substitution is exact (DuckDB's parse of the result equals the original with each marker
// replaced by a literal) or it is not done; and a job's statements then run with no bound values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { DuckDBConnection, DuckDBExtractedStatements, DuckDBInstance } from '@duckdb/node-api';
import { inlineParameters, parameterMarkers } from '../../src/targets/local/inline-params.js';
import { checkStatement, SqlRefused } from '../../src/targets/local/sandbox.js';
import { translateSql } from '../../src/targets/local/sql-translate.js';
import { makeProject, type TestProject } from '../local-engine/project.js';

let db: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(
    `CREATE TABLE raw_data AS SELECT * FROM (VALUES ('US', '2024', '05', '03', '09'), ('FR', '2024', '05', '03', '10')) t(CountryCode, year, month, day, hour)`,
  );
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

const rows = async (sql: string, values?: Record<string, string>) =>
  JSON.stringify((await conn.runAndReadAll(sql, values)).getRowObjectsJson());

describe('parameterMarkers', () => {
  test('finds $name outside strings, quoted identifiers, comments and dollar-quoted strings', () => {
    const sql = `SELECT $a, '$b', "$c", $$ $d $$, $t$ $e $t$ -- $f\n/* $g */ , x$h, $i_2`;
    expect(parameterMarkers(sql).map((m) => m.name)).toEqual(['a', 'i_2']);
  });
});

describe('inlineParameters', () => {
  test('the hourly job SQL gets literals and returns what binding the values returns', async () => {
    const { sql } = await translateSql(readFileSync(join('sql', 'jobs', 'hits_by_country.sql'), 'utf8'), 'spark');
    const values = { target_hour: '2024-05-03T09:00:00Z', scheduled_time: '' };
    const inlined = await inlineParameters(conn, sql, values);
    expect(inlined).toBeDefined();
    expect(parameterMarkers(inlined!)).toEqual([]);
    expect(inlined).toContain(`'2024-05-03T09:00:00Z'`);
    expect(await rows(inlined!)).toEqual(await rows(sql, values));
    expect(JSON.parse(await rows(inlined!))).toHaveLength(1);
  });

  test('a value with quotes stays one string literal', async () => {
    const sql = `SELECT count(*) AS n, $v AS v FROM raw_data WHERE CountryCode = $v`;
    const hostile = `US' OR '1'='1`;
    const inlined = await inlineParameters(conn, sql, { v: hostile });
    expect(inlined).toBeDefined();
    expect(await rows(inlined!)).toEqual(await rows(sql, { v: hostile }));
    expect(Number(JSON.parse(await rows(inlined!))[0].n)).toBe(0);
  });

  test('when the lexer would be wrong, DuckDB’s parse disagrees and nothing is inlined', async () => {
    // An escape string: the lexer ends it at \\' and sees $v inside it as a marker.
    const sql = `SELECT E'it\\'s $v' AS s, $v AS v`;
    expect(parameterMarkers(sql).map((m) => m.at)).toEqual([sql.indexOf('$v')]); // the one inside the string
    expect(await inlineParameters(conn, sql, { v: 'x' })).toBeUndefined();
  });

  test('a value without a literal form here, or a marker without a value: not inlined', async () => {
    expect(await inlineParameters(conn, `SELECT $v`, {})).toBeUndefined();
    expect(await inlineParameters(conn, `SELECT $v`, { v: true as never })).toBeUndefined();
  });
});

describe('the sandbox check of a statement', () => {
  test('binds nothing for a SELECT (a bind expands every input glob); other statements are still typed', async () => {
    // Which SQL each prepared statement came from (the check's own json_serialize_sql query is
    // prepared to bind its argument; that one reads no input).
    const origin = new WeakMap<object, string>();
    const original = DuckDBConnection.prototype.extractStatements;
    const extract = jest.spyOn(DuckDBConnection.prototype, 'extractStatements').mockImplementation(async function (
      this: DuckDBConnection,
      sql: string,
    ) {
      const e = await original.call(this, sql);
      origin.set(e, sql);
      return e;
    });
    const prepare = jest.spyOn(DuckDBExtractedStatements.prototype, 'prepare');
    const prepared = () => prepare.mock.contexts.map((c) => origin.get(c as object) ?? '?');
    try {
      const select = `SELECT CountryCode FROM raw_data WHERE hour = '09'`;
      await checkStatement(conn, select, 'job');
      expect(prepared()).not.toContain(select);
      const del = `DELETE FROM raw_data`;
      await expect(checkStatement(conn, del, 'job')).rejects.toThrow(SqlRefused);
      await expect(checkStatement(conn, del, 'job')).rejects.toThrow(/a DELETE statement/);
      expect(prepared()).toContain(del);
    } finally {
      prepare.mockRestore();
      extract.mockRestore();
    }
  });
});

describe('a SQL job', () => {
  let p: TestProject;
  afterAll(async () => {
    await p?.close();
  });

  test('runs its parameterized statement with no bound values (one bind)', async () => {
    p = await makeProject(
      {
        name: 'hits',
        databases: { agg: {} },
        jobs: {
          aggregate: {
            inputs: [{ name: 'raw_data', path: 's3://${data}/raw/', format: 'json', partitioned: true }],
            parameters: {
              target_hour: { type: 'string', default: '' },
              scheduled_time: { type: 'string', default: '' },
            },
            outputs: [
              {
                sql: 'sql/jobs/hits_by_country.sql',
                path: 's3://${data}/agg/by_country/',
                format: 'parquet',
                partitionBy: ['year', 'month', 'day', 'hour'],
              },
            ],
          },
        },
      },
      { 'sql/jobs/hits_by_country.sql': readFileSync(join('sql', 'jobs', 'hits_by_country.sql'), 'utf8') },
    );
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = p.s3Path('raw/year=2024/month=05/day=03/hour=09/minute=00');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hits.json'), `${JSON.stringify({ CountryCode: 'US', Domain: 'd' })}\n`);
    const run = jest.spyOn(DuckDBConnection.prototype, 'run');
    try {
      const r = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-03T09:00:00Z' });
      expect(r.ErrorMessage).toBeUndefined();
      const copies = run.mock.calls.filter(([sql]) => /^COPY \(.*hits_by_country/s.test(String(sql)));
      expect(copies).toHaveLength(1);
      expect(copies[0]![1]).toBeUndefined();
      expect(String(copies[0]![0])).toContain(`'2024-05-03T09:00:00Z'`);
    } finally {
      run.mockRestore();
    }
  });
});

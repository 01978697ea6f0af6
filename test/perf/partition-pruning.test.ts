// Partition pruning of the hourly jobs: each of the three hits_* SELECTs, translated as the local
// target translates it and run over the raw_data view built as a SQL job builds it (Hive folders
// as VARCHAR columns, parameters bound as prepared values), reads only the files of its hour.
// The evidence is DuckDB's own EXPLAIN ANALYZE "Total Files Read" of the table scan.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'yaml';
import { resolveParameter } from '../../src/runner/validations.js';
import { parameterValue } from '../../src/targets/local/athena.js';
import { projection, readerSql, type ColumnDef } from '../../src/targets/local/formats.js';
import { translateSql } from '../../src/targets/local/sql-translate.js';

const JOBS = ['hits_by_country', 'hits_by_domain_and_groupid', 'hits_by_useragent'];
const HOURS = 6;
const MINUTES = 3; // files per hour
const LEVELS = ['year', 'month', 'day', 'hour', 'minute'].map((name) => ({ name, hive: true }));
const COLUMNS: ColumnDef[] = ['CountryCode', 'Domain', 'GroupID', 'UserAgent'].map((name) => ({
  name,
  type: 'string',
  duckType: 'VARCHAR',
}));

let root: string;
let conn: DuckDBConnection;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lakeops-prune-'));
  // Two days so that day and hour both matter: 2024-05-01 and 2024-05-02, hours 00..05, 3 minute files each.
  for (const day of ['01', '02'])
    for (let h = 0; h < HOURS; h++)
      for (let m = 0; m < MINUTES; m++) {
        const dir = join(root, `year=2024/month=05/day=${day}/hour=${String(h).padStart(2, '0')}/minute=0${m}`);
        mkdirSync(dir, { recursive: true });
        const row = (c: string) => JSON.stringify({ CountryCode: c, Domain: 'd', GroupID: '1', UserAgent: 'ua' });
        writeFileSync(join(dir, 'hits.json'), `${row('US')}\n${row('FR')}\n`);
      }
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  const partitions = { root, levels: LEVELS };
  await conn.run(
    `CREATE TEMP VIEW raw_data AS SELECT ${projection(COLUMNS, partitions)} FROM ${readerSql(
      'json',
      [join(root, '*/*/*/*/*/*.json')],
      { columns: COLUMNS, partitions },
    )}`,
  );
});

afterAll(() => {
  conn?.closeSync();
  rmSync(root, { recursive: true, force: true });
});

async function filesRead(sql: string, values: Record<string, string>): Promise<number> {
  const plan = await conn.runAndReadAll(`EXPLAIN ANALYZE ${sql}`, values);
  const text = plan
    .getRows()
    .map((r) => String(r[1]))
    .join('\n');
  const counts = [...text.matchAll(/Total Files Read: (\d+)/g)].map((m) => Number(m[1]));
  expect(counts).toHaveLength(1); // one scan of raw_data
  return counts[0]!;
}

describe.each(JOBS)('sql/jobs/%s.sql', (job) => {
  let sql: string;
  beforeAll(async () => {
    sql = (await translateSql(readFileSync(join('sql/jobs', `${job}.sql`), 'utf8'), 'spark')).sql;
  });

  test('a backfill hour (target_hour) reads only the files of that hour', async () => {
    const values = { target_hour: '2024-05-02T03:00:00Z', scheduled_time: '' };
    expect(await filesRead(sql, values)).toBe(MINUTES);
    const rows = (await conn.runAndReadAll(sql, values)).getRowObjectsJS();
    expect(rows.reduce((s, r) => s + Number(r.hits), 0)).toBe(MINUTES * 2);
    expect(new Set(rows.map((r) => `${r.year}-${r.month}-${r.day} ${r.hour}`))).toEqual(new Set(['2024-5-2 3']));
  });

  test('a scheduled run reads only the files of the hour before the schedule time', async () => {
    const values = { target_hour: '', scheduled_time: '2024-05-01T01:00:00Z' };
    expect(await filesRead(sql, values)).toBe(MINUTES);
    const rows = (await conn.runAndReadAll(sql, values)).getRowObjectsJS();
    expect(new Set(rows.map((r) => `${r.day} ${r.hour}`))).toEqual(new Set(['1 0']));
  });
});

// The validation hits-hour-aggregated (Athena SQL) over the aggregated hits_by_country table: its
// parameters resolved from the pipeline's declaration and the run input exactly as a run resolves
// them, bound as the local Athena binds ExecutionParameters, and counted the same way.
describe('sql/validations/hits_hour_aggregated.sql', () => {
  let aggRoot: string;
  let sql: string;
  let declared: string[];

  beforeAll(async () => {
    aggRoot = mkdtempSync(join(tmpdir(), 'lakeops-prune-agg-'));
    // Aggregated output as the jobs write it: year=2024/month=5/day=1/hour=0 (no zero padding), one
    // Parquet file per hour, hours 00..05 of two days; 2024-05-02 04:00 has no file.
    for (const day of [1, 2])
      for (let h = 0; h < HOURS; h++) {
        if (day === 2 && h === 4) continue;
        const dir = join(aggRoot, `year=2024/month=5/day=${day}/hour=${h}`);
        mkdirSync(dir, { recursive: true });
        await conn.run(`COPY (SELECT 'US' AS country_code, 2::BIGINT AS hits) TO '${join(dir, 'part.parquet')}'`);
      }
    const levels = ['year', 'month', 'day', 'hour'].map((name) => ({ name, hive: true }));
    const columns: ColumnDef[] = [
      { name: 'country_code', type: 'string', duckType: 'VARCHAR' },
      { name: 'hits', type: 'bigint', duckType: 'BIGINT' },
    ];
    const partitions = { root: aggRoot, levels };
    await conn.run(
      `CREATE TEMP VIEW hits_by_country AS SELECT ${projection(columns, partitions)} FROM ${readerSql(
        'parquet',
        [join(aggRoot, '*/*/*/*/*.parquet')],
        { columns, partitions },
      )}`,
    );
    const translated = await translateSql(readFileSync('sql/validations/hits_hour_aggregated.sql', 'utf8'), 'athena');
    sql = translated.sql;
    const pipeline = parse(readFileSync('pipelines/hourly-hits/pipeline.yaml', 'utf8')) as {
      validations: Record<string, { parameters: string[] }>;
    };
    declared = pipeline.validations['hits-hour-aggregated']!.parameters;
    expect(translated.positionalParams).toBe(declared.length);
  });

  afterAll(() => rmSync(aggRoot, { recursive: true, force: true }));

  async function run(targetHour: string): Promise<{ files: number; missing: unknown[] }> {
    const values = [];
    for (const [i, p] of declared.entries())
      values.push(await parameterValue(conn, resolveParameter(p, new Map(), { target_hour: targetHour }), i));
    const plan = await conn.runAndReadAll(`EXPLAIN ANALYZE ${sql}`, values);
    const text = plan
      .getRows()
      .map((r) => String(r[1]))
      .join('\n');
    const counts = [...text.matchAll(/Total Files Read: (\d+)/g)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(1); // one scan of hits_by_country
    const rows = (await conn.runAndReadAll(sql, values)).getRows();
    return { files: counts[0]!, missing: rows.map((r) => String(r[0])) };
  }

  test('an aggregated hour passes and reads only that hour’s file', async () => {
    expect(await run('2024-05-02T03:00:00Z')).toEqual({ files: 1, missing: [] });
  });

  test('a missing hour fails with that hour and reads no file of other hours', async () => {
    const { files, missing } = await run('2024-05-02T04:00:00Z');
    expect(files).toBe(0);
    expect(missing).toEqual(['2024-05-02 04:00:00+00']);
  });
});

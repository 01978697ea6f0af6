// Partition pruning of the hourly jobs: each of the three hits_* SELECTs, translated as the local
// target translates it and run over the raw_data view built as a SQL job builds it (Hive folders
// as VARCHAR columns, parameters bound as prepared values), reads only the files of its hour.
// The evidence is DuckDB's own EXPLAIN ANALYZE "Total Files Read" of the table scan.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
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

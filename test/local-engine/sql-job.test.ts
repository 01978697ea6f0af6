// SQL jobs on the local engine: Spark SQL translated and run by DuckDB over real files, parameters
// from job arguments, partitioned Parquet and JSON outputs, and the write modes — re-running an
// hour replaces exactly that hour's partitions, so no row is ever counted twice.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { walkFiles } from '../../src/targets/local/storage.js';
import { BUCKET, duckCount, makeProject, type TestProject } from './project.js';

const HITS_SQL = `-- hits per country in one hour (Spark SQL)
SELECT country, count(*) AS hits,
       date_format(to_timestamp(:target_hour), 'yyyy-MM-dd') AS dt,
       hour(to_timestamp(:target_hour)) AS hr
FROM raw_hits
WHERE year = date_format(to_timestamp(:target_hour), 'yyyy')
  AND month = date_format(to_timestamp(:target_hour), 'MM')
  AND day = date_format(to_timestamp(:target_hour), 'dd')
  AND hour = date_format(to_timestamp(:target_hour), 'HH')
GROUP BY country
HAVING count(*) >= :min_hits
`;
const AGENT_SQL = `SELECT agent, count(*) AS hits, date_format(to_timestamp(:target_hour), 'yyyy-MM-dd') AS dt, hour(to_timestamp(:target_hour)) AS hr
FROM raw_hits
WHERE concat(year, '-', month, '-', day, ' ', hour) = date_format(to_timestamp(:target_hour), 'yyyy-MM-dd HH')
GROUP BY agent`;

const raw = { name: 'raw_hits', path: 's3://${data}/raw/hits/', format: 'json', partitioned: true };
const pipeline = {
  name: 'hits',
  databases: { agg: {} },
  jobs: {
    aggregate: {
      inputs: [raw],
      parameters: { target_hour: { type: 'string' }, min_hits: { type: 'integer', default: '1' } },
      outputs: [
        {
          sql: 'sql/by_country.sql',
          path: 's3://${data}/agg/by_country/',
          format: 'parquet',
          partitionBy: ['dt', 'hr'],
          table: 'agg.by_country',
        },
        { sql: 'sql/by_agent.sql', path: 's3://${data}/agg/by_agent/', format: 'json', partitionBy: ['dt', 'hr'] },
      ],
    },
    broken: {
      inputs: [raw],
      sql: 'sql/broken.sql',
      output: { path: 's3://${data}/agg/broken/', format: 'parquet' },
    },
    appender: {
      inputs: [raw],
      sql: 'sql/all.sql',
      output: { path: 's3://${data}/agg/appended/', format: 'json', mode: 'append' },
    },
    rewriter: {
      inputs: [raw],
      sql: 'sql/all.sql',
      output: { path: 's3://${data}/agg/rewritten/', format: 'parquet', mode: 'overwrite', partitionBy: ['hour'] },
    },
  },
};

let p: TestProject;
beforeEach(async () => {
  p = await makeProject(pipeline, {
    'sql/by_country.sql': HITS_SQL,
    'sql/by_agent.sql': AGENT_SQL,
    'sql/broken.sql': 'SELECT country, nope FROM raw_hits',
    'sql/all.sql': 'SELECT country, agent, hour FROM raw_hits',
  });
  // Two hours of raw hits, one JSON-lines file per minute folder, with a skewed country mix.
  for (const [hour, n] of [
    ['10', 37],
    ['11', 23],
  ] as const) {
    for (let m = 0; m < 3; m++) {
      const lines = Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          country: ['DE', 'US', 'FR', 'DE'][(i + m) % 4],
          agent: i % 3 ? 'curl' : 'Mozilla',
          ts: `2024-05-01T${hour}:0${m}:00Z`,
        }),
      );
      const file = p.s3Path(`raw/hits/year=2024/month=05/day=01/hour=${hour}/minute=0${m}/part-0.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, lines.join('\n') + '\n');
    }
  }
});
afterEach(async () => {
  await p.close();
});

const rawHour = (hour: string) =>
  `read_json('${p.s3Path(`raw/hits/year=2024/month=05/day=01/hour=${hour}`)}/*/*.json')`;
const countryTotal = async (hr: number) =>
  (
    await p.engine.query('SELECT CAST(sum(hits) AS bigint) AS n FROM by_country WHERE hr = ?', {
      database: 'agg',
      parameters: [`'${hr}'`],
    })
  ).rows[0]!.n;

test('aggregates exactly the hour it is given: totals equal a direct DuckDB count over that hour of raw files', async () => {
  const run = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-01 10:00:00' });
  expect(run).toMatchObject({ JobName: 'aggregate', JobRunState: 'SUCCEEDED' });
  expect(run.Id).toMatch(/^jr_[0-9a-f]{64}$/);
  expect(run.RowsWritten).toEqual({ 'agg.by_country': 3, [`s3://${BUCKET}/agg/by_agent/`]: 2 });
  expect(await countryTotal(10)).toBe(await duckCount(`SELECT count(*) FROM ${rawHour('10')}`));
  expect(await countryTotal(10)).toBe(111);

  // Hive layout as Spark writes it: the partition columns are folders, not columns in the files.
  const parquet = await walkFiles(p.s3Path('agg/by_country/dt=2024-05-01/hr=10'));
  expect(parquet.length).toBeGreaterThan(0);
  expect(parquet.every((f) => f.endsWith('.parquet'))).toBe(true);
  const json = await walkFiles(p.s3Path('agg/by_agent/dt=2024-05-01/hr=10'));
  expect(json.length).toBeGreaterThan(0);
  expect(json.every((f) => f.endsWith('.json'))).toBe(true);
  const agents = await duckCount(`SELECT sum(hits) FROM read_json('${p.s3Path('agg/by_agent')}/**/*.json')`);
  expect(agents).toBe(111);

  const table = (await p.engine.getTable('agg', 'by_country')) as any;
  expect(table.PartitionKeys.map((k: any) => k.Name)).toEqual(['dt', 'hr']);
});

test('re-running an hour replaces its partitions; another hour is added without touching the first', async () => {
  await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-01 10:00:00' });
  const firstFiles = await walkFiles(p.s3Path('agg/by_country/dt=2024-05-01/hr=10'));
  const again = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-01 10:00:00' });
  expect(again.JobRunState).toBe('SUCCEEDED');
  expect(await countryTotal(10)).toBe(111);
  expect((await walkFiles(p.s3Path('agg/by_country/dt=2024-05-01/hr=10'))).length).toBe(firstFiles.length);

  const hour10 = await walkFiles(p.s3Path('agg/by_country/dt=2024-05-01/hr=10'));
  const mtimes = hour10.map((f) => statSync(f).mtimeMs);
  const eleven = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-01 11:00:00' });
  expect(eleven.JobRunState).toBe('SUCCEEDED');
  expect(await countryTotal(11)).toBe(69);
  expect(await countryTotal(10)).toBe(111);
  expect(await walkFiles(p.s3Path('agg/by_country/dt=2024-05-01/hr=10'))).toEqual(hour10);
  expect(hour10.map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
  expect(readdirSync(p.s3Path('agg/by_country/dt=2024-05-01')).sort()).toEqual(['hr=10', 'hr=11']);
});

test('integer parameters bind typed; a declared default applies when no argument is given', async () => {
  const run = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-01 10:00:00', '--min_hits': '30' });
  expect(run.JobRunState).toBe('SUCCEEDED');
  // Hour 10 holds DE 55, US 28, FR 28 hits: only DE reaches 30.
  const r = await p.engine.query('SELECT country FROM by_country', { database: 'agg' });
  expect(r.rows).toEqual([{ country: 'DE' }]);
  const bad = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-01 10:00:00', '--min_hits': 'many' });
  expect(bad.JobRunState).toBe('FAILED');
  expect(bad.ErrorMessage).toMatch(/min_hits must be an integer/);
});

test('a missing parameter value fails the run and says how to pass it', async () => {
  const run = await p.engine.startJobRun('aggregate', {});
  expect(run.JobRunState).toBe('FAILED');
  expect(run.ErrorMessage).toContain('sql/by_country.sql uses :target_hour');
  expect(run.ErrorMessage).toContain('--target_hour');
});

test("a SQL error (missing column) is a FAILED run naming the job, the SQL file and DuckDB's message; nothing is written", async () => {
  const run = await p.engine.startJobRun('broken');
  expect(run.JobRunState).toBe('FAILED');
  expect(run.ErrorMessage).toContain('job "broken" (pipelines/hits/pipeline.yaml)');
  expect(run.ErrorMessage).toContain('sql/broken.sql');
  expect(run.ErrorMessage).toMatch(/Referenced column "nope" not found/);
  expect(run.CompletedOn).toBeDefined();
  expect(await walkFiles(p.s3Path('agg/broken'))).toEqual([]);
  expect(p.engine.jobRunLog(run.Id).join('\n')).toContain('nope');
  expect(await p.engine.getJobRun('broken', run.Id)).toMatchObject({ JobRunState: 'FAILED' });
});

test('append adds rows on every run; overwrite replaces the whole output', async () => {
  await p.engine.startJobRun('appender');
  await p.engine.startJobRun('appender');
  expect(await duckCount(`SELECT count(*) FROM read_json('${p.s3Path('agg/appended')}/**/*.json')`)).toBe(2 * 180);

  await p.engine.startJobRun('rewriter');
  const second = await p.engine.startJobRun('rewriter');
  expect(second.RowsWritten).toEqual({ [`s3://${BUCKET}/agg/rewritten/`]: 180 });
  expect(await duckCount(`SELECT count(*) FROM read_parquet('${p.s3Path('agg/rewritten')}/**/*.parquet')`)).toBe(180);
  expect(readdirSync(p.s3Path('agg/rewritten')).sort()).toEqual(['hour=10', 'hour=11']);
});

test('unknown jobs and runs are EntityNotFoundException, as on Glue', async () => {
  await expect(p.engine.startJobRun('nope')).rejects.toMatchObject({ name: 'EntityNotFoundException' });
  await expect(p.engine.getJobRun('aggregate', 'jr_missing')).rejects.toMatchObject({
    name: 'EntityNotFoundException',
  });
  expect(join(p.root, '.lakeops', 'local')).toBe(p.engine.stateDir);
});

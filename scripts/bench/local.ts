// Benchmark: the hourly-hits pipeline on the local target over one hour of 1,000,000 raw hits,
// against the bare DuckDB aggregation of the same files in the same process.
// Run: npm run bench -- local [--rows N] [--runs N]
// Prints the whole-run time (`lakeops run hourly-hits --input '{"target_hour":...}'`: ASL
// interpreter, Glue job with its three outputs written as Parquet/JSON partitions, the crawl), the
// bare aggregation time (three GROUP BYs over the hour's JSON files, results materialised in
// memory; the hour's files are read once) and their ratio. Targets: whole run < 5 s, ratio < 1.5. Medians of --runs runs.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveEnvironment } from '../../src/model/environment.js';
import { findProjectRoot, getPipeline, loadProjectOrThrow } from '../../src/model/project.js';
import { silentProgress } from '../../src/report/model.js';
import { hits } from '../../src/sample/generators/hits.js';
import { toJsonLines } from '../../src/sample/writers.js';
import { createLocalTarget } from '../../src/targets/local/index.js';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const HOUR = '2024-05-01T06:00:00Z';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// A throwaway copy of the project, so the bench never touches the repository's .lakeops/.
const source = findProjectRoot();
const root = mkdtempSync(join(tmpdir(), 'lakeops-bench-'));
for (const d of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
  cpSync(join(source, d), join(root, d), { recursive: true });
const project = loadProjectOrThrow(root);
const env = resolveEnvironment(project, 'local');
const pipeline = getPipeline(project, 'hourly-hits');
const target = await createLocalTarget(project, env);

try {
  // One hour of hits: the generator spreads rows over six hours, so asking for 6 x ROWS and keeping
  // its first 60 minute files gives exactly ROWS hits in hour 06 (one JSON-lines file per minute).
  const t0 = performance.now();
  const bucket = env.bucket('data');
  let landed = 0;
  let bytes = 0;
  let minute = 0;
  for (const table of hits(ROWS * 6, 4)) {
    if (minute++ === 60 || landed >= ROWS) break;
    const body = toJsonLines({ ...table, rows: table.rows.slice(0, ROWS - landed) });
    await target.engine.putObject(bucket, `hourly-hits/raw_data/${table.key}.json`, body);
    landed += Math.min(table.rows.length, ROWS - landed);
    bytes += body.length;
  }
  process.stdout.write(
    `generated ${landed.toLocaleString('en-US')} hits (${(bytes / 1e6).toFixed(0)} MB JSON, 60 files) in ${secs(performance.now() - t0)}\n`,
  );
  await target.deploy(project, {}, silentProgress);

  const hourDir = join(root, '.lakeops/local/s3', bucket, 'hourly-hits/raw_data/year=2024/month=05/day=01/hour=06');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const files = `read_json_auto('${hourDir}/*/*.json', hive_partitioning = true)`;
  await conn.run(`SELECT count(*) FROM ${files}`); // warm the page cache for both contenders

  const whole: number[] = [];
  const bare: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const run = await target.run(project, pipeline.name, { input: { target_hour: HOUR } }, silentProgress);
    whole.push(performance.now() - s);
    if (run.status !== 'SUCCEEDED') throw new Error(`hourly-hits ${run.status}: ${JSON.stringify(run.failure)}`);
    const check = await target.query(
      'SELECT sum(hits) AS n FROM hits_by_country WHERE year = 2024 AND month = 5 AND day = 1 AND hour = 6',
      { database: env.physicalName('database', 'demo-aggregated-data') },
    );
    total = Number(check.rows[0]?.n);

    // The bare version reads the hour once (the columns it needs) and aggregates it three ways.
    const b = performance.now();
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE hour_hits AS SELECT CountryCode, Domain, GroupID, UserAgent FROM ${files}`,
    );
    for (const [name, keys] of [
      ['by_country', 'CountryCode'],
      ['by_domain_and_groupid', 'Domain, GroupID'],
      ['by_useragent', 'UserAgent'],
    ] as const)
      await conn.run(
        `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT ${keys}, count(*) AS hits FROM hour_hits GROUP BY ${keys}`,
      );
    bare.push(performance.now() - b);
  }
  conn.closeSync();
  if (total !== landed) throw new Error(`hits_by_country counts ${total} hits for the hour, expected ${landed}`);

  const w = median(whole);
  const a = median(bare);
  process.stdout.write(
    [
      `hourly-hits whole run (local target):  ${secs(w)}   target < 5 s   ${w < 5000 ? 'ok' : 'MISSED'}`,
      `bare DuckDB aggregation (3 GROUP BYs): ${secs(a)}`,
      `ratio whole run / bare:               ${(w / a).toFixed(2)}     target < 1.5  ${w / a < 1.5 ? 'ok' : 'MISSED'}`,
      `(medians of ${RUNS} runs; ${total.toLocaleString('en-US')} hits aggregated)`,
    ].join('\n') + '\n',
  );
} finally {
  await target.close();
  rmSync(root, { recursive: true, force: true });
}

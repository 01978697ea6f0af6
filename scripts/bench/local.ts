// Benchmark: lakeops on the local target against plain DuckDB doing the same work, side by side.
// Each contender is a fresh process per run, reading the same input files and writing the same
// three outputs (hits by country and by domain/group id as Parquet, by user agent as JSON lines,
// one partition per hour):
//   lakeops  `node bin/lakeops.js -C <project> run hourly-hits --input '{"target_hour": ...}'`
//            (state machine, Glue job on DuckDB, outputs committed, aggregated tables crawled);
//   DuckDB   scripts/bench/support/plain-duckdb.mjs, the same statements written by hand on
//            @duckdb/node-api (the duckdb CLI is not installed here; this is the same engine).
// Work: one hour of N raw hits for each N in --rows, and a backfill of --backfill-hours hours over
// --history-days days of hourly history: `lakeops backfill` (the command a user backfills with:
// one process, one execution per hour) against plain DuckDB run once per hour as fresh processes
// (the comparison), and against all hours in one plain DuckDB process (the strictest);
// --backfill-runs adds one `lakeops run` process per hour (a shell loop over lakeops run).
// Time and peak RSS come from GNU time (the OS), never the JS heap. The input is generated once
// into a cache folder outside the repository (os.tmpdir()/lakeops-bench-cache) and reused.
// Run: npm run bench -- local [--rows 1e6,1e7] [--runs 3] [--backfill-hours 24]
//        [--history-days 7] [--history-rows-per-hour 20000] [--no-backfill] [--backfill-runs]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { hitsInput } from './support/hits-input.js';
import { measure, median, requireGnuTime, type Measured } from './support/measure.js';
import { REPO } from './support/time-cli.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1e6,1e7' },
    runs: { type: 'string', default: '3' },
    'backfill-hours': { type: 'string', default: '24' },
    'history-days': { type: 'string', default: '7' },
    'history-rows-per-hour': { type: 'string', default: '20000' },
    'no-backfill': { type: 'boolean', default: false },
    'backfill-runs': { type: 'boolean', default: false },
  },
});
const whole = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a whole number >= 1 (1e6 is fine), got "${text}"\n`);
    process.exit(2);
  }
  return n;
};
const ROWS = args.rows.split(',').map((r) => whole('rows', r.trim()));
const RUNS = whole('runs', args.runs);
const BACKFILL_HOURS = whole('backfill-hours', args['backfill-hours']);
const HISTORY_DAYS = whole('history-days', args['history-days']);
const HISTORY_ROWS = whole('history-rows-per-hour', args['history-rows-per-hour']);
if (BACKFILL_HOURS > HISTORY_DAYS * 24) {
  process.stderr.write(`--backfill-hours (${BACKFILL_HOURS}) cannot exceed the history (${HISTORY_DAYS * 24} hours)\n`);
  process.exit(2);
}

requireGnuTime();
const LAKEOPS = join(REPO, 'bin', 'lakeops.js');
const PLAIN = join(REPO, 'scripts', 'bench', 'support', 'plain-duckdb.mjs');
for (const f of [LAKEOPS, PLAIN, join(REPO, 'node_modules', '@duckdb', 'node-api')])
  if (!existsSync(f)) {
    process.stderr.write(`cannot find ${f}; run npm ci first\n`);
    process.exit(2);
  }

const BUCKET = 'lakeops-demo-data'; // lakeops.yaml's local data bucket
const work = mkdtempSync(join(tmpdir(), 'lakeops-bench-local-'));

/** A throwaway copy of the project whose local S3 holds the raw hits (hard links, no copy). */
function projectWith(raw: string, name: string): string {
  const root = join(work, name);
  for (const d of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(join(REPO, d), join(root, d), { recursive: true });
  const s3 = join(root, '.lakeops', 'local', 's3', BUCKET, 'hourly-hits');
  mkdirSync(s3, { recursive: true });
  execFileSync('cp', ['-al', raw, join(s3, 'raw_data')]);
  return root;
}

const lakeopsRun = (project: string, hour: string): Measured =>
  measure('lakeops run', process.execPath, [
    LAKEOPS,
    '-C',
    project,
    'run',
    'hourly-hits',
    '--input',
    JSON.stringify({ target_hour: hour }),
  ]);
const plainRun = (raw: string, out: string, hour: string): Measured =>
  measure('plain DuckDB', process.execPath, [PLAIN, raw, out, hour], { cwd: REPO });

/** Total hits per output table under `root` (both contenders must write the same counts). */
async function outputTotals(root: string): Promise<Record<string, number>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const totals: Record<string, number> = {};
  try {
    for (const [table, ext] of [
      ['hits_by_country', 'parquet'],
      ['hits_by_domain_and_groupid', 'parquet'],
      ['hits_by_useragent', 'json'],
    ] as const) {
      const glob = `${join(root, table)}/*/*/*/*/*.${ext}`;
      const fn = ext === 'parquet' ? 'read_parquet' : 'read_json_auto';
      const r = await conn.runAndReadAll(`SELECT sum(hits)::BIGINT AS n FROM ${fn}('${glob.replace(/'/g, "''")}')`);
      totals[table] = Number(r.getRows()[0]![0]);
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return totals;
}

function sameOutputs(what: string, a: Record<string, number>, b: Record<string, number>, expected: number): void {
  for (const [table, n] of Object.entries(a))
    if (n !== expected || b[table] !== expected) {
      process.stderr.write(
        `${what}: outputs differ: ${table} lakeops ${n}, plain DuckDB ${b[table]}, expected ${expected} hits\n`,
      );
      process.exit(1);
    }
}

interface Row {
  work: string;
  lakeops: { s: number; cpu: number; mib: number };
  duck: { s: number; cpu: number; mib: number };
  timeTarget?: number;
  memTarget?: number;
}
const rows: Row[] = [];
const secs = (s: number) => `${s.toFixed(2)} s`;

try {
  // ---------------------------------------------------------------- one hour of N hits
  const HOUR = '2024-05-01T06:00:00Z';
  for (const n of ROWS) {
    const raw = await hitsInput(`hour-${n}`, new Date(HOUR), 1, n);
    const project = projectWith(raw, `hour-${n}`);
    const out = join(work, `plain-hour-${n}`);
    // One untimed run each first: lakeops deploys the local pipeline and fills its translation
    // cache (paid once per project, not per run), and both warm the OS page cache.
    lakeopsRun(project, HOUR);
    plainRun(raw, out, HOUR);
    const l: Measured[] = [];
    const d: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      l.push(lakeopsRun(project, HOUR));
      d.push(plainRun(raw, out, HOUR));
    }
    sameOutputs(
      `${n} rows`,
      await outputTotals(join(project, '.lakeops', 'local', 's3', BUCKET, 'hourly-hits', 'aggregated')),
      await outputTotals(out),
      n,
    );
    rows.push({
      work: `one hour, ${n.toLocaleString('en-US')} hits`,
      lakeops: {
        s: median(l.map((m) => m.seconds)),
        cpu: median(l.map((m) => m.cpuSeconds)),
        mib: Math.max(...l.map((m) => m.peakMiB)),
      },
      duck: {
        s: median(d.map((m) => m.seconds)),
        cpu: median(d.map((m) => m.cpuSeconds)),
        mib: Math.max(...d.map((m) => m.peakMiB)),
      },
      timeTarget: n >= 10_000_000 ? 1.15 : 1.3,
      memTarget: n >= 10_000_000 ? undefined : 1.5,
    });
    process.stdout.write(`done: one hour of ${n.toLocaleString('en-US')} hits\n`);
  }

  // ---------------------------------------------------------------- backfill over history
  if (!args['no-backfill']) {
    const hours = HISTORY_DAYS * 24;
    const start = new Date('2024-05-01T00:00:00Z');
    const raw = await hitsInput(`history-${HISTORY_DAYS}d-${HISTORY_ROWS}`, start, hours, HISTORY_ROWS);
    // The backfill covers the last BACKFILL_HOURS hours of the history; one run per hour, in order.
    const first = hours - BACKFILL_HOURS;
    const hourAt = (h: number) => new Date(start.getTime() + h * 3_600_000).toISOString().replace('.000Z', 'Z');
    const slots = Array.from({ length: BACKFILL_HOURS }, (_, i) => hourAt(first + i));
    const what = `backfill ${BACKFILL_HOURS} h over ${HISTORY_DAYS} days (${HISTORY_ROWS.toLocaleString('en-US')} hits/h)`;
    const expected = HISTORY_ROWS * BACKFILL_HOURS;
    const lakeOut = (project: string) => join(project, '.lakeops', 'local', 's3', BUCKET, 'hourly-hits', 'aggregated');
    const sum = (ms: Measured[]) => ms.reduce((s, m) => s + m.seconds, 0);
    const cpu = (ms: Measured[]) => ms.reduce((s, m) => s + m.cpuSeconds, 0);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const q = Math.max(1, Math.floor(BACKFILL_HOURS / 4));

    // Plain DuckDB as a shell loop would run it: one fresh process per hour.
    const out = join(work, 'plain-backfill');
    const d = slots.map((h) => plainRun(raw, out, h));
    // lakeops as a user backfills: `lakeops backfill`, one process running one execution per hour.
    const project = projectWith(raw, 'backfill');
    const bf = measure('lakeops backfill', process.execPath, [
      LAKEOPS,
      '-C',
      project,
      'backfill',
      'hourly-hits',
      '--from',
      slots[0]!,
      '--to',
      hourAt(hours),
      '--json',
    ]);
    sameOutputs('backfill', await outputTotals(lakeOut(project)), await outputTotals(out), expected);
    rows.push({
      work: `${what}: \`lakeops backfill\` (one process) vs one plain DuckDB process per hour`,
      lakeops: { s: bf.seconds, cpu: bf.cpuSeconds, mib: bf.peakMiB },
      duck: { s: sum(d), cpu: cpu(d), mib: Math.max(...d.map((m) => m.peakMiB)) },
      timeTarget: 1.5,
    });
    // Linear in hours: the last slots cost what the first ones did (history and outputs grow).
    const slotMs = (JSON.parse(bf.stdout) as { slots: { durationMs: number }[] }).slots.map((s) => s.durationMs / 1000);
    process.stdout.write(
      `backfill: lakeops per slot ${secs(mean(slotMs.slice(0, q)))} (first ${q}) -> ${secs(mean(slotMs.slice(-q)))} (last ${q}), ` +
        `growth ${(mean(slotMs.slice(-q)) / mean(slotMs.slice(0, q))).toFixed(2)}x; ` +
        `process ${secs(bf.seconds)} of which slots ${secs(slotMs.reduce((a, b) => a + b, 0))}; ` +
        `plain DuckDB per process ${secs(mean(d.map((m) => m.seconds)))}\n`,
    );

    // The strictest comparison: the same hours written by hand in ONE DuckDB process as well.
    const out1 = join(work, 'plain-backfill-one');
    const d1 = measure('plain DuckDB', process.execPath, [PLAIN, raw, out1, ...slots], { cwd: REPO });
    sameOutputs(
      'backfill (one DuckDB process)',
      await outputTotals(lakeOut(project)),
      await outputTotals(out1),
      expected,
    );
    rows.push({
      work: `${what}: \`lakeops backfill\` vs all hours in one plain DuckDB process`,
      lakeops: { s: bf.seconds, cpu: bf.cpuSeconds, mib: bf.peakMiB },
      duck: { s: d1.seconds, cpu: d1.cpuSeconds, mib: d1.peakMiB },
    });

    if (args['backfill-runs']) {
      // One `lakeops run` process per hour (a shell loop over lakeops run): pays start-up each hour.
      const projectRuns = projectWith(raw, 'backfill-runs');
      const l = slots.map((h) => lakeopsRun(projectRuns, h));
      sameOutputs('backfill (runs)', await outputTotals(lakeOut(projectRuns)), await outputTotals(out), expected);
      rows.push({
        work: `${what}: one \`lakeops run\` process per hour vs one plain DuckDB process per hour`,
        lakeops: { s: sum(l), cpu: cpu(l), mib: Math.max(...l.map((m) => m.peakMiB)) },
        duck: { s: sum(d), cpu: cpu(d), mib: Math.max(...d.map((m) => m.peakMiB)) },
      });
      const perRun = l.map((m) => m.seconds);
      process.stdout.write(
        `backfill as runs: lakeops per run ${secs(mean(perRun.slice(0, q)))} (first ${q}) -> ${secs(mean(perRun.slice(-q)))} (last ${q})\n`,
      );
    }
  }

  // ---------------------------------------------------------------- the table
  const lines = [
    '',
    `| work | lakeops | plain DuckDB, same SQL | time ratio | CPU ratio | memory ratio | target |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const r of rows) {
    const t = r.lakeops.s / r.duck.s;
    const m = r.lakeops.mib / r.duck.mib;
    const verdict = [
      r.timeTarget ? `time <= ${r.timeTarget}x ${t <= r.timeTarget ? 'met' : 'MISSED'}` : '',
      r.memTarget ? `memory <= ${r.memTarget}x ${m <= r.memTarget ? 'met' : 'MISSED'}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `| ${r.work} | ${secs(r.lakeops.s)} (CPU ${secs(r.lakeops.cpu)}), ${r.lakeops.mib.toFixed(0)} MiB | ` +
        `${secs(r.duck.s)} (CPU ${secs(r.duck.cpu)}), ${r.duck.mib.toFixed(0)} MiB | ${t.toFixed(2)}x | ` +
        `${(r.lakeops.cpu / r.duck.cpu).toFixed(2)}x | ${m.toFixed(2)}x | ${verdict} |`,
    );
  }
  lines.push(
    '',
    `(one hour: medians of ${RUNS} runs after one untimed run each, peak RSS the largest; backfill: the one process, or the total of one process per hour;`,
    ` separate cold processes, GNU time (CPU: user + system seconds; steadier than wall time when other work shares the machine); load average at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Kill the lakeops process (SIGKILL, no cleanup) at named points of a run, a sample landing and a
// `lakeops put`, then check that the lake holds either the state before the step or the state
// after it — per table, by row count and content hash — once the next process has opened it, and
// that the next run completes. The points are those fault.ts names.
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { LocalEngine } from '../../src/targets/local/engine.js';
import { walkFiles } from '../../src/targets/local/storage.js';

jest.setTimeout(600_000);

const CLI = resolve('bin/lakeops.js');
const BUCKET = 'fault-data';
const work = mkdtempSync(join(tmpdir(), 'lakeops-fault-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const csv = (rows: [number, string, number][]) => 'id,kind,amount\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
const ordersA = csv([
  [1, 'a', 10],
  [2, 'b', 20],
  [3, 'a', 30],
]);
const ordersB = csv([
  [4, 'b', 40],
  [5, 'c', 50],
]);
const ordersC = csv([
  [6, 'a', 60],
  [7, 'c', 70],
  [8, 'd', 80],
]);

function makeProject(dir: string): void {
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write(
    'lakeops.yaml',
    stringify({ project: 'faulttest', environments: { local: { target: 'local', buckets: { data: BUCKET } } } }),
  );
  write('samples/orders-a.csv', ordersA);
  write('samples/orders-b.csv', ordersB);
  write('sql/by_kind.sql', 'SELECT kind, count(*) AS n, sum(amount) AS total FROM orders GROUP BY kind');
  write('sql/all.sql', 'SELECT id, kind, amount FROM orders');
  write(
    'pipelines/orders/pipeline.yaml',
    stringify({
      name: 'orders',
      databases: { out: {} },
      jobs: {
        agg: {
          inputs: [{ name: 'orders', path: 's3://${data}/in/', format: 'csv' }],
          outputs: [
            {
              sql: 'sql/by_kind.sql',
              path: 's3://${data}/out/by_kind/',
              format: 'parquet',
              partitionBy: ['kind'],
              mode: 'overwrite-partitions',
              table: 'out.by_kind',
            },
            {
              sql: 'sql/all.sql',
              path: 's3://${data}/out/all/',
              format: 'json',
              mode: 'overwrite',
              table: 'out.all_orders',
            },
          ],
        },
      },
      workflow: { name: 'orders-flow', triggers: { start: { type: 'ON_DEMAND', actions: [{ job: 'agg' }] } } },
      // Two samples land under one prefix: both must land.
      sample: [
        { generator: 'file', file: 'samples/orders-a.csv', to: 's3://${data}/in/' },
        { generator: 'file', file: 'samples/orders-b.csv', to: 's3://${data}/in/' },
      ],
    }),
  );
}

function cli(dir: string, fault: string | undefined, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LAKEOPS_FAULT_POINT: fault ?? '' },
    timeout: 300_000,
  });
  return { status: r.status, signal: r.signal, out: r.stdout + r.stderr };
}

const s3 = (dir: string, key: string) => join(dir, '.lakeops', 'local', 's3', BUCKET, key);

/** Row count and content hash of the files of one folder, read by a DuckDB independent of the engine. */
async function fingerprint(dir: string, key: string, format: 'parquet' | 'json' | 'csv') {
  const root = s3(dir, key);
  const ext = format === 'csv' ? 'csv' : format;
  const files = (await walkFiles(root)).filter((f) => f.endsWith(`.${ext}`));
  if (!files.length) return { rows: 0, hash: '' };
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const list = `[${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
    const reader =
      format === 'parquet'
        ? `read_parquet(${list}, hive_partitioning = true)`
        : format === 'json'
          ? `read_json_auto(${list})`
          : `read_csv(${list}, header = true)`;
    const r = await conn.runAndReadAll(
      `SELECT count(*)::INTEGER, coalesce(md5(string_agg(x::VARCHAR, '|' ORDER BY x::VARCHAR)), '') FROM (SELECT * FROM ${reader}) x`,
    );
    const [rows, hash] = r.getRows()[0]!;
    return { rows: Number(rows), hash: String(hash) };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Every table's state: files by fingerprint, and the catalog's row count of the two job tables. */
async function lakeState(dir: string) {
  // Opening the engine is what the next process does first: it rolls interrupted commits forward.
  const project = loadProjectOrThrow(dir);
  const engine = await LocalEngine.open(project, resolveEnvironment(project, 'local'));
  const catalogRows: Record<string, number> = {};
  try {
    for (const t of ['by_kind', 'all_orders']) {
      const table = await engine.catalog.getTable(engine.databaseName('out'), t);
      catalogRows[t] = table
        ? Number(
            (await engine.query(`SELECT count(*) AS n FROM ${t}`, { database: engine.databaseName('out') })).rows[0]!.n,
          )
        : 0;
    }
  } finally {
    await engine.close();
  }
  const state = {
    input: await fingerprint(dir, 'in', 'csv'),
    by_kind: await fingerprint(dir, 'out/by_kind', 'parquet'),
    all_orders: await fingerprint(dir, 'out/all', 'json'),
  };
  // The catalog reads the same files it should: its counts match the files'.
  expect(catalogRows.by_kind).toBe(state.by_kind.rows);
  expect(catalogRows.all_orders).toBe(state.all_orders.rows);
  return state;
}

const RUN = ['run', 'orders'];

describe('a run killed at each commit point leaves every table before or after, and the next run completes', () => {
  const base = join(work, 'run-base');
  let before: Awaited<ReturnType<typeof lakeState>>;
  let after: Awaited<ReturnType<typeof lakeState>>;

  beforeAll(async () => {
    makeProject(base);
    expect(cli(base, undefined, ...RUN).status).toBe(0);
    // The step under test: new input arrives and the job reruns, replacing partitions a and c.
    writeFileSync(s3(base, 'in/orders-c.csv'), ordersC);
    before = await lakeState(base);
    const ref = join(work, 'run-ref');
    cpSync(base, ref, { recursive: true });
    expect(cli(ref, undefined, ...RUN).status).toBe(0);
    after = await lakeState(ref);
    expect(after.by_kind).not.toEqual(before.by_kind);
    expect(after.all_orders).not.toEqual(before.all_orders);
  });

  test.each([
    ['job.staged', 'before'],
    ['commit.journal-written', 'after'],
    ['commit.between-renames', 'after'],
    ['commit.after-first-move', 'after'],
    ['commit.moved', 'after'],
    ['commit.registered', 'after'],
    ['commit.trash-removed', 'after'],
  ])('%s', async (point, expected) => {
    const dir = join(work, `run-${point}`);
    cpSync(base, dir, { recursive: true });
    const killed = cli(dir, point, ...RUN);
    expect(killed.signal).toBe('SIGKILL');
    const state = await lakeState(dir);
    expect(state).toEqual(expected === 'before' ? before : after);
    // No staging or journal is left once the lake was opened, and nothing was deleted that held data.
    expect(readdirSync(join(dir, '.lakeops', 'local', 'tmp', 'journal'))).toEqual([]);
    const next = cli(dir, undefined, ...RUN);
    expect(next.status).toBe(0);
    expect(await lakeState(dir)).toEqual(after);
  });
});

describe('a sample landing killed at any point is redone before the run uses the prefix', () => {
  let complete: Awaited<ReturnType<typeof lakeState>>;
  beforeAll(async () => {
    const ref = join(work, 'land-ref');
    makeProject(ref);
    expect(cli(ref, undefined, ...RUN).status).toBe(0);
    complete = await lakeState(ref);
    expect(complete.input.rows).toBe(5); // both samples of the prefix landed
  });

  test.each(['landing.intent-written', 'landing.first-file', 'put.temp-written', 'landing.files-written'])(
    '%s',
    async (point) => {
      const dir = join(work, `land-${point}`);
      makeProject(dir);
      expect(cli(dir, point, ...RUN).signal).toBe('SIGKILL');
      const next = cli(dir, undefined, ...RUN);
      expect(next.status).toBe(0);
      expect(await lakeState(dir)).toEqual(complete);
    },
  );
});

describe('lakeops put killed at any point stores the object whole or not at all', () => {
  test.each(['put.temp-written', 'put.stored'])('%s', async (point) => {
    const dir = join(work, `put-${point}`);
    makeProject(dir);
    const file = join(dir, 'samples/orders-c.csv');
    writeFileSync(file, ordersC);
    const key = `s3://${BUCKET}/landing/orders-c.csv`;
    expect(cli(dir, point, 'put', file, key).signal).toBe('SIGKILL');
    const target = s3(dir, 'landing/orders-c.csv');
    if (existsSync(target)) expect(readFileSync(target, 'utf8')).toBe(ordersC);
    // A temp file is never listed as an object.
    const project = loadProjectOrThrow(dir);
    const engine = await LocalEngine.open(project, resolveEnvironment(project, 'local'));
    try {
      const listed = await engine.storage.list(BUCKET, 'landing/');
      expect(listed.map((o) => o.key).every((k) => k === 'landing/orders-c.csv')).toBe(true);
    } finally {
      await engine.close();
    }
    const again = cli(dir, undefined, 'put', file, key);
    expect(again.status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(ordersC);
  });
});

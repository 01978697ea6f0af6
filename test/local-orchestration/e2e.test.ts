// The local target for real (DuckDB, files, the ASL interpreter, the CLI as a user runs it):
// hourly-hits aggregates exactly the requested hour; a failing job takes the Catch path; run
// inputs and keys; an S3-event pipeline; and the demo leaves row counts unchanged when run again.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveEnvironment } from '../../src/model/environment.js';
import { getPipeline, loadProjectOrThrow } from '../../src/model/project.js';
import type { RunResult } from '../../src/report/model.js';
import { createLocalTarget } from '../../src/targets/local/index.js';

const exec = promisify(execFile);
const REPO = process.cwd();
const HOUR = '2024-05-01T10:00:00Z';
/** Each test starts the CLI as a user would (several processes); generous under a loaded CI runner. */
const SLOW = 240_000;

function copyProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-e2e-'));
  for (const d of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(join(REPO, d), join(root, d), { recursive: true });
  return root;
}

async function lakeops(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [join(REPO, 'bin/lakeops.js'), '-C', root, ...args], {
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Lands a pipeline's sample data straight into local S3 (no events), as the demo does. */
async function landSample(root: string, pipeline: string): Promise<void> {
  const project = loadProjectOrThrow(root);
  const target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
  try {
    await target.landSample(getPipeline(project, pipeline), { events: false });
  } finally {
    await target.close();
  }
}

async function duck<T>(fn: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  } finally {
    conn.closeSync();
  }
}

const latestHistory = (root: string, pipeline: string): RunResult => {
  const dir = join(root, '.lakeops/local/runs', pipeline);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return JSON.parse(readFileSync(join(dir, files[files.length - 1]!), 'utf8')) as RunResult;
};

describe('lakeops run hourly-hits --input {"target_hour": ...}', () => {
  let root: string;
  beforeAll(async () => {
    root = copyProject();
    await landSample(root, 'hourly-hits');
  }, SLOW);

  test(
    'aggregates exactly that hour: totals equal a direct DuckDB count over the hour raw files',
    async () => {
      const r = await lakeops(root, 'run', 'hourly-hits', '--input', JSON.stringify({ target_hour: HOUR }));
      expect(r.stderr).not.toMatch(/lakeops:/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/SUCCEEDED/);
      expect(r.stdout).toMatch(/Aggregate Hits/);

      const s3 = join(root, '.lakeops/local/s3/lakeops-demo-data/hourly-hits');
      const raw = `read_json_auto('${s3}/raw_data/year=2024/month=05/day=01/hour=10/*/*.json')`;
      const out = (t: string, ext: string) => `'${s3}/aggregated/${t}/**/*.${ext}'`;
      await duck(async (q) => {
        const [direct] = await q(`SELECT count(*) AS n FROM ${raw}`);
        const byCountry = await q(`SELECT CountryCode AS c, count(*) AS n FROM ${raw} GROUP BY 1 ORDER BY 1`);
        expect(Number(direct!.n)).toBeGreaterThan(0);

        const country = await q(
          `SELECT country_code AS c, hits AS n, hour FROM read_parquet(${out('hits_by_country', 'parquet')}, hive_partitioning = true) ORDER BY 1`,
        );
        const domain = await q(
          `SELECT sum(hits) AS n FROM read_parquet(${out('hits_by_domain_and_groupid', 'parquet')}, hive_partitioning = true)`,
        );
        const agent = await q(
          `SELECT sum(hits) AS n FROM read_json_auto(${out('hits_by_useragent', 'json')}, hive_partitioning = true)`,
        );
        // Only the requested hour was written, and each aggregation accounts for every raw hit of it.
        expect([...new Set(country.map((r) => Number(r.hour)))]).toEqual([10]);
        expect(country.map((r) => [r.c, Number(r.n)])).toEqual(byCountry.map((r) => [r.c, Number(r.n)]));
        expect(Number(domain[0]!.n)).toBe(Number(direct!.n));
        expect(Number(agent[0]!.n)).toBe(Number(direct!.n));
      });

      // Athena (the catalog after the crawl) sees the same totals.
      const q = await lakeops(
        root,
        'query',
        '--json',
        'SELECT sum(hits) AS n FROM "demo-aggregated-data"."hits_by_country" WHERE year = 2024 AND month = 5 AND day = 1 AND hour = 10',
      );
      expect(q.code).toBe(0);
      const direct = await duck(async (run) => Number((await run(`SELECT count(*) AS n FROM ${raw}`))[0]!.n));
      expect(Number((JSON.parse(q.stdout) as { n: unknown }[])[0]!.n)).toBe(direct);
    },
    SLOW,
  );

  test(
    'the same --key does not run twice; another input with that key is a usage error',
    async () => {
      const input = JSON.stringify({ target_hour: '2024-05-01T07:00:00Z' });
      const first = await lakeops(root, 'run', 'hourly-hits', '--input', input, '--key', 'gh-42');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/execution hourly-hits-gh-42/);
      const again = await lakeops(root, 'run', 'hourly-hits', '--input', input, '--key', 'gh-42');
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/already ran \(SUCCEEDED\); not running it again/);
      const other = await lakeops(
        root,
        'run',
        'hourly-hits',
        '--input',
        JSON.stringify({ target_hour: '2024-05-01T08:00:00Z' }),
        '--key',
        'gh-42',
      );
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/ExecutionAlreadyExists/);
    },
    SLOW,
  );

  test(
    'an input that breaks the inputSchema, bad JSON or an unknown pipeline exit 2 before anything runs',
    async () => {
      const bad = await lakeops(root, 'run', 'hourly-hits', '--input', '{"target_hour":"2024-05-01T10:30:00Z"}');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(
        /does not match its inputSchema \(pipelines\/hourly-hits\/pipeline.yaml:\d+\).*target_hour/,
      );
      expect(bad.stderr).not.toMatch(/Aggregate Hits/);
      const extra = await lakeops(root, 'run', 'hourly-hits', '--input', '{"hour":10}');
      expect(extra.code).toBe(2);
      expect(extra.stderr).toMatch(/must NOT have additional properties \("hour"\)/);
      expect((await lakeops(root, 'run', 'hourly-hits', '--input', '{oops')).code).toBe(2);
      const unknown = await lakeops(root, 'run', 'no-such-pipeline');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown pipeline "no-such-pipeline"/);
    },
    SLOW,
  );
});

describe('a failing job', () => {
  test(
    'a SQL job referencing a missing column takes the Catch path: failure event recorded, exit 1, summary names the step and error',
    async () => {
      const root = copyProject();
      const sqlFile = join(root, 'sql/jobs/hits_by_country.sql');
      writeFileSync(
        sqlFile,
        readFileSync(sqlFile, 'utf8').replace('CountryCode AS country_code', 'CountryKode AS country_code'),
      );
      await landSample(root, 'hourly-hits');

      const r = await lakeops(root, 'run', 'hourly-hits', '--input', JSON.stringify({ target_hour: HOUR }));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAILED/);
      expect(r.stdout).toMatch(/Failed at "Aggregate Hits": States\.TaskFailed/);
      expect(r.stdout).toMatch(/CountryKode/);
      expect(r.stdout).toMatch(/hits-aggregator-events: lakeops\.hourly-hits "Hits Aggregation Failed"/);

      const history = latestHistory(root, 'hourly-hits');
      expect(history.status).toBe('FAILED');
      expect(history.steps.map((s) => [s.name, s.status])).toEqual([
        ['Choose Hour', 'succeeded'],
        ['Backfill Target Hour', 'succeeded'],
        ['Aggregate Hits', 'caught'],
        ['Format Failure', 'succeeded'],
        ['Publish Failure Event', 'succeeded'],
        ['Failed', 'failed'],
      ]);
      expect(history.failure).toMatchObject({
        state: 'Aggregate Hits',
        error: 'States.TaskFailed',
        jobName: 'hits-aggregator',
      });
      expect(history.events).toHaveLength(1);
      expect(history.events![0]).toMatchObject({
        bus: 'hits-aggregator-events',
        detailType: 'Hits Aggregation Failed',
        detail: { pipeline: 'hourly-hits', error: 'States.TaskFailed' },
      });
      // Nothing was written for the hour: the job's outputs are all-or-nothing.
      expect(() =>
        readdirSync(
          join(root, '.lakeops/local/s3/lakeops-demo-data/hourly-hits/aggregated/hits_by_domain_and_groupid'),
        ),
      ).toThrow();
    },
    SLOW,
  );
});

describe('a pipeline started by S3 events', () => {
  test(
    'lakeops run customer-dedup lands its sample; find-matches-rule starts the state machine',
    async () => {
      const root = copyProject();
      const r = await lakeops(root, 'run', 'customer-dedup');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /rule find-matches-rule matched AWS API Call via CloudTrail event: starting customer-dedup/,
      );
      expect(r.stdout).toMatch(/Find Match Job/);
      expect(r.stdout).toMatch(/Crawl Dedup Data/);
      const history = latestHistory(root, 'customer-dedup');
      expect(history.status).toBe('SUCCEEDED');
    },
    SLOW,
  );
});

describe('npm run demo', () => {
  test(
    'runs every example pipeline with every validation passing, and a second run leaves every table with the same row count',
    async () => {
      const root = copyProject();
      const demo = async (...extra: string[]) => {
        const r = await exec(
          process.execPath,
          ['--import', 'tsx', join(REPO, 'scripts/demo.ts'), '--json', '--dir', root, ...extra],
          {
            env: { ...process.env, CI: 'true' },
            maxBuffer: 64 * 1024 * 1024,
          },
        );
        return JSON.parse(r.stdout) as {
          ok: boolean;
          runs: RunResult[];
          validations: { status: string; severity: string }[];
          tableRows: Record<string, number>;
        };
      };
      const first = await demo();
      expect(first.ok).toBe(true);
      expect(first.runs.map((r) => [r.pipeline, r.status])).toEqual([
        // A Glue workflow whose job has job bookmarks: the kept-state run below appends nothing.
        ['bookmarked-ingest', 'SUCCEEDED'],
        ['byod-curation', 'SUCCEEDED'],
        // A Distributed Map over landed files; Lambda and SNS from its mocks.json.
        ['click-file-audit', 'SUCCEEDED'],
        ['clickstream-total-clicks', 'SUCCEEDED'],
        ['customer-dedup', 'SUCCEEDED'],
        ['customer-etl', 'SUCCEEDED'],
        ['hourly-hits', 'SUCCEEDED'],
        // Its Lambda and SNS states answered from pipelines/order-scoring/mocks.json.
        ['order-scoring', 'SUCCEEDED'],
        // A JSONata state machine with variables.
        ['sales-jsonata', 'SUCCEEDED'],
      ]);
      expect(first.validations.filter((v) => v.severity === 'error' && v.status !== 'pass')).toEqual([]);
      expect(Object.keys(first.tableRows).length).toBeGreaterThanOrEqual(10);
      expect(Object.values(first.tableRows).every((n) => n > 0)).toBe(true);

      const again = await demo('--keep-state');
      expect(again.ok).toBe(true);
      expect(again.tableRows).toEqual(first.tableRows);
    },
    SLOW,
  );
});

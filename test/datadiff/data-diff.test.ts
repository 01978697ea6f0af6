// The data diff end to end: a git repository of the fixture project, a PR that changes a job's
// SQL, both sides run on the local target, and the diff's counts checked against counts this test
// computes on its own with direct DuckDB queries over the sample input (not over the runs' files).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataDiff } from '../../src/datadiff/run.js';
import { dataDiffMarkdown, dataDiffSummary } from '../../src/datadiff/markdown.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/github/project');
const BASE_SQL = 'SELECT customer_id, SUM(amount) AS total\nFROM orders\nGROUP BY customer_id\n';
const HEAD_SQL =
  'SELECT customer_id, SUM(amount) * 2 AS total, COUNT(*) AS orders\nFROM orders\nWHERE amount > 10\nGROUP BY customer_id\n';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-C', dir, ...args], { stdio: 'pipe' });

/** The expected counts, computed directly: both queries over the sample file, compared by customer. */
async function expected(sample: string) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const src = `read_json_auto('${sample}')`;
  await c.run(`CREATE TABLE b AS ${BASE_SQL.replace('FROM orders', `FROM ${src}`)}`);
  await c.run(`CREATE TABLE h AS ${HEAD_SQL.replace('FROM orders', `FROM ${src}`)}`);
  const n = async (sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0]![0]);
  const out = {
    baseRows: await n('SELECT count(*) FROM b'),
    headRows: await n('SELECT count(*) FROM h'),
    added: await n('SELECT count(*) FROM h WHERE customer_id NOT IN (SELECT customer_id FROM b)'),
    removed: await n('SELECT count(*) FROM b WHERE customer_id NOT IN (SELECT customer_id FROM h)'),
    changed: await n('SELECT count(*) FROM b JOIN h USING (customer_id) WHERE b.total <> h.total'),
    unchanged: await n('SELECT count(*) FROM b JOIN h USING (customer_id) WHERE b.total = h.total'),
    headSum: await n('SELECT sum(total) FROM h'),
    headMedian: await n('SELECT median(total) FROM h'),
  };
  c.closeSync();
  db.closeSync();
  return out;
}

describe('data diff against the base branch', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lakeops-dd-test-'));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'sql/jobs/order_totals.sql'), BASE_SQL);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    // The pull request: the job's SQL changes (uncommitted is fine: the working tree is the head).
    writeFileSync(join(dir, 'sql/jobs/order_totals.sql'), HEAD_SQL);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a changed job SQL shows the row, schema and value changes a direct DuckDB query finds', async () => {
    const report = await dataDiff({ repoRoot: dir, baseRef: 'main', pipelines: ['orders'] });
    const want = await expected(join(dir, 'samples/orders.json'));
    const p = report.pipelines[0]!;
    expect(p).toMatchObject({ pipeline: 'orders', status: 'compared' });
    expect(p.tables).toHaveLength(1);
    const t = p.tables[0]!;
    expect(t.table).toBe('sales.order_totals');
    expect(t.key).toEqual(['customer_id']);
    expect({
      baseRows: t.baseRows,
      headRows: t.headRows,
      added: t.added,
      removed: t.removed,
      changed: t.changed,
      unchanged: t.unchanged,
    }).toEqual({
      baseRows: want.baseRows,
      headRows: want.headRows,
      added: want.added,
      removed: want.removed,
      changed: want.changed,
      unchanged: want.unchanged,
    });
    // The fixture's numbers make every kind of change happen at least once.
    expect(want.removed).toBeGreaterThan(0);
    expect(want.changed).toBeGreaterThan(0);
    expect(t.schema).toEqual([{ column: 'orders', change: 'added', headType: 'BIGINT' }]);
    expect(t.sample.removed.map((r) => r.customer_id)).toEqual(['c-3']);
    expect(t.sample.changed.length).toBe(want.changed);
    const total = t.numeric.find((s) => s.column === 'total')!;
    expect(total.head.sum).toBeCloseTo(want.headSum);
    expect(total.head.median).toBeCloseTo(want.headMedian);
    // Rendered for the comment.
    const md = dataDiffMarkdown(p);
    expect(md).toContain(`${want.baseRows} → ${want.headRows} rows`);
    expect(md).toContain('column `orders` added (BIGINT)');
    expect(dataDiffSummary(p)).toContain(`−${want.removed}`);
    // The JSON form round-trips.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  }, 120_000);

  test('a base ref that is not in the checkout is reported, not thrown', async () => {
    const report = await dataDiff({ repoRoot: dir, baseRef: 'no-such-branch', pipelines: ['orders'] });
    expect(report.pipelines[0]).toMatchObject({ status: 'failed' });
    expect(report.pipelines[0]!.error).toMatch(/not in this checkout.*fetch-depth: 0/);
  });
});

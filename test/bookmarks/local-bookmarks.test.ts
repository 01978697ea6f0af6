// Glue job bookmarks on the local target, as Glue documents them for S3 sources
// (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html): with
// job-bookmark-enable a run reads only the objects new or modified since the last successful run;
// pause reads them without advancing; disable reads everything; a failed run never advances; a
// reset makes the next run read everything again.
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readBookmark, resetBookmark, bookmarksDir } from '../../src/targets/local/bookmarks.js';
import { recoverCommits, writeJournal } from '../../src/targets/local/commit-journal.js';
import { duckCount, makeProject, type TestProject } from '../local-engine/project.js';

const pipeline = {
  name: 'ingest',
  databases: { lake: {} },
  jobs: {
    ingest: {
      inputs: [{ name: 'landed', path: 's3://${data}/landing/', format: 'csv' }],
      parameters: { tag: { type: 'string' } },
      sql: 'sql/ingest.sql',
      output: { path: 's3://${data}/curated/', format: 'parquet', mode: 'append' },
      glue: { bookmarks: 'enable' },
    },
  },
};

let p: TestProject;
let n = 0;
/** Lands one CSV file of `rows` rows under the landing prefix; returns its path. */
function land(rows: number): string {
  const file = p.s3Path(`landing/part-${String(n++).padStart(3, '0')}.csv`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `id,amount\n${Array.from({ length: rows }, (_, i) => `${n}-${i},${i}`).join('\n')}\n`);
  return file;
}
const curatedRows = () => duckCount(`SELECT count(*) FROM read_parquet('${p.s3Path('curated/')}**/*.parquet')`);
const run = (args: Record<string, string> = {}) => p.engine.startJobRun('ingest', { '--tag': 't', ...args });

beforeEach(async () => {
  n = 0;
  p = await makeProject(pipeline, { 'sql/ingest.sql': 'SELECT id, amount, :tag AS tag FROM landed' });
});
afterEach(() => p.close());

test('a second run reads only the files landed since the first; a run with nothing new writes no rows', async () => {
  land(3);
  land(4);
  const first = await run();
  expect(first.JobRunState).toBe('SUCCEEDED');
  expect(first.RowsWritten).toEqual({ 's3://test-data/curated/': 7 });
  land(5);
  const second = await run();
  expect(second.JobRunState).toBe('SUCCEEDED');
  expect(second.RowsWritten).toEqual({ 's3://test-data/curated/': 5 });
  expect(await curatedRows()).toBe(12);
  const third = await run();
  expect(third.RowsWritten).toEqual({ 's3://test-data/curated/': 0 });
  expect(await curatedRows()).toBe(12);
  const state = await readBookmark(p.engine.stateDir, 'ingest');
  expect(state.run).toBe(3);
  expect(Object.keys(state.inputs.landed!.files)).toHaveLength(3);
});

test('a failed run does not advance the bookmark (Glue commits it only at job.commit())', async () => {
  land(3);
  await run();
  land(4);
  // No --tag: the SQL's :tag has no value, so the run fails after it has read its inputs.
  const failed = await p.engine.startJobRun('ingest', {});
  expect(failed.JobRunState).toBe('FAILED');
  expect((await readBookmark(p.engine.stateDir, 'ingest')).run).toBe(1);
  const retry = await run();
  expect(retry.RowsWritten).toEqual({ 's3://test-data/curated/': 4 });
  expect(await curatedRows()).toBe(7);
});

test('pause reads the new files without advancing; disable reads every file', async () => {
  land(3);
  await run();
  land(4);
  const pause = { '--job-bookmark-option': 'job-bookmark-pause' };
  expect((await run(pause)).RowsWritten).toEqual({ 's3://test-data/curated/': 4 });
  expect((await run(pause)).RowsWritten).toEqual({ 's3://test-data/curated/': 4 });
  expect((await run({ '--job-bookmark-option': 'job-bookmark-disable' })).RowsWritten).toEqual({
    's3://test-data/curated/': 7,
  });
  // Neither pause nor disable moved the bookmark: enable still finds the 4-row file new.
  expect((await run()).RowsWritten).toEqual({ 's3://test-data/curated/': 4 });
  expect((await run()).RowsWritten).toEqual({ 's3://test-data/curated/': 0 });
});

test('a file modified since it was processed is read again (S3 bookmarks follow modification time)', async () => {
  const file = land(3);
  land(2);
  await run();
  const later = new Date(Date.now() + 60_000);
  utimesSync(file, later, later);
  expect((await run()).RowsWritten).toEqual({ 's3://test-data/curated/': 3 });
});

test('reset makes the next run read every file; an unknown bookmark option fails the run', async () => {
  land(3);
  land(4);
  await run();
  expect(await resetBookmark(p.engine.stateDir, 'ingest')).toBe(true);
  expect((await run()).RowsWritten).toEqual({ 's3://test-data/curated/': 7 });
  const bad = await run({ '--job-bookmark-option': 'job-bookmark-on' });
  expect(bad.JobRunState).toBe('FAILED');
  expect(bad.ErrorMessage).toMatch(/job-bookmark-on" is not one of job-bookmark-enable/);
});

test('a commit interrupted after its journal was written advances the bookmark when the lake reopens', async () => {
  const stateDir = p.engine.stateDir;
  await writeJournal(stateDir, {
    runId: 'jr_crashed',
    job: 'ingest',
    moves: [],
    tables: [],
    bookmark: {
      job: 'ingest',
      run: 1,
      runId: 'jr_crashed',
      inputs: { landed: { files: { 'test-data/landing/a.csv': 1 } } },
    },
  });
  expect(existsSync(join(bookmarksDir(stateDir), 'ingest.json'))).toBe(false);
  expect(await recoverCommits(stateDir, async () => {})).toEqual(['jr_crashed']);
  expect((await readBookmark(stateDir, 'ingest')).inputs.landed!.files).toEqual({ 'test-data/landing/a.csv': 1 });
});

test('a damaged bookmark fails the run naming the file and the reset command (never read as "nothing processed")', async () => {
  land(3);
  await run();
  writeFileSync(join(bookmarksDir(p.engine.stateDir), 'ingest.json'), '{"job":');
  const r = await run();
  expect(r.JobRunState).toBe('FAILED');
  expect(r.ErrorMessage).toMatch(
    /bookmark of job ingest .*ingest\.json\) is not JSON; reset it with lakeops bookmarks reset/,
  );
  expect(await curatedRows()).toBe(3);
});

test("pause's --job-bookmark-from/--job-bookmark-to (a range of earlier runs) fail a local run instead of being ignored", async () => {
  land(3);
  const r = await run({ '--job-bookmark-option': 'job-bookmark-pause', '--job-bookmark-from': 'jr_1' });
  expect(r.JobRunState).toBe('FAILED');
  expect(r.ErrorMessage).toMatch(/--job-bookmark-from is not supported by the local target/);
});

test('a run reads the schema of the files it reads: new files without a column older files had still load', async () => {
  const old = p.s3Path('landing/part-old.csv');
  mkdirSync(dirname(old), { recursive: true });
  writeFileSync(old, 'id,amount,note\na,1,x\nb,2,y\n');
  await run();
  land(4); // id,amount only
  const second = await run();
  expect([second.JobRunState, second.ErrorMessage]).toEqual(['SUCCEEDED', undefined]);
  expect(second.RowsWritten).toEqual({ 's3://test-data/curated/': 4 });
});

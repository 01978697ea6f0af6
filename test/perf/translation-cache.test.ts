// Start-up paid once: translated SQL is kept on disk by content hash, so a second process running
// the same SQL translates nothing and never loads the transpiler's WebAssembly.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlTranslateError, translateSql } from '../../src/targets/local/sql-translate.js';
import {
  resetTranslationMemory,
  setTranslationCacheDir,
  translationCacheStats,
} from '../../src/targets/local/translation-cache.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lakeops-translations-'));
  setTranslationCacheDir(join(dir, 'sql-translations'));
  resetTranslationMemory();
});
afterEach(() => {
  setTranslationCacheDir(undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('a translation is read back from disk by a fresh process (memory forgotten), not recomputed', async () => {
  const sql = "SELECT year(to_timestamp(:t)) AS y, split('a,b', ',')[0] AS first_part";
  const first = await translateSql(sql, 'spark');
  expect(translationCacheStats().computed).toBe(1);
  expect(readdirSync(join(dir, 'sql-translations'))).toHaveLength(1);

  resetTranslationMemory(); // what a new process starts with
  const again = await translateSql(sql, 'spark');
  expect(again).toEqual(first);
  expect(translationCacheStats()).toEqual({ computed: 0, fromDisk: 1, fromMemory: 0 });

  // Another text (or the other dialect) is another key.
  await translateSql(`${sql} `, 'spark');
  await translateSql('SELECT 1 AS y', 'athena');
  expect(translationCacheStats().computed).toBe(2);
});

test('a parse error is kept too, with its line and column', async () => {
  const bad = 'SELECT a,\n  FROM FROM t';
  await expect(translateSql(bad, 'spark')).rejects.toBeInstanceOf(SqlTranslateError);
  resetTranslationMemory();
  const e = await translateSql(bad, 'spark').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(SqlTranslateError);
  expect((e as SqlTranslateError).line).toBe(2);
  expect(translationCacheStats()).toMatchObject({ computed: 0, fromDisk: 1 });
});

test('without a cache folder nothing is written, and a removed folder is not recreated', async () => {
  rmSync(dir, { recursive: true, force: true });
  await translateSql('SELECT 2 AS two', 'athena');
  expect(() => readdirSync(dir)).toThrow(); // the parent was gone: no write, no folder brought back
  mkdirSync(dir);
});

test('a second CLI process running the same SQL does not load the transpiler', () => {
  const project = join(dir, 'project');
  for (const d of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(join(REPO_ROOT, d), join(project, d), { recursive: true });
  const trace = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ load(url, ctx, next) { seen.add(url); return next(url, ctx); } });
process.on('exit', () => process.stderr.write('\\n' + [...seen].map((u) => 'LOADED ' + u).join('\\n') + '\\n'));
`)}`;
  const query = () => {
    const r = spawnSync(
      process.execPath,
      ['--import', trace, join(REPO_ROOT, 'bin/lakeops.js'), '-C', project, 'query', "SELECT upper('x') AS one"],
      { encoding: 'utf8', cwd: REPO_ROOT, timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ') && l.includes('/node_modules/@polyglot-sql/'));
  };
  expect(query().length).toBeGreaterThan(0); // the first translates (the trace works)
  expect(query()).toEqual([]);
});

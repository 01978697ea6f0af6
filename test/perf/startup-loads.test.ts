// Start-up paid once: `lakeops validate` parses SQL in its helper process (started with V8 flags
// that keep the WebAssembly cheap), so the CLI process itself loads neither the transpiler nor
// DuckDB; and `run` loads the transpiler only when a translation is not on disk yet (see
// translation-cache.test.ts). `--help` is covered by test/cli/startup.test.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ load(url, ctx, next) { seen.add(url); return next(url, ctx); } });
process.on('exit', () => process.stderr.write('\\n' + [...seen].map((u) => 'LOADED ' + u).join('\\n') + '\\n'));
`)}`;

test('validate checks the SQL without loading the transpiler or DuckDB into the CLI process', () => {
  const r = spawnSync(process.execPath, ['--import', TRACE, 'bin/lakeops.js', 'validate'], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 120_000,
  });
  expect(r.status).toBe(0);
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
  expect(loaded.some((l) => l.includes('/src/validate/'))).toBe(true); // the trace works
  expect(
    loaded.filter((l) => l.includes('/node_modules/@polyglot-sql/') || l.includes('/node_modules/@duckdb/')),
  ).toEqual([]);
});

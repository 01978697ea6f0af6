// What a repeated `lakeops run` loads. Every process pays for every module it loads (the 24-hour
// backfill is 24 processes), so a run whose sample data is already landed must not load the
// sample generators and their random-data library. Each spawned CLI records the modules it loads.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ load(url, ctx, next) { seen.add(url); return next(url, ctx); } });
process.on('exit', () => process.stderr.write('\\n' + [...seen].map((u) => 'LOADED ' + u).join('\\n') + '\\n'));
`)}`;
const SAMPLE = ['/src/sample/', '/node_modules/pure-rand/'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lakeops-run-loads-'));
  for (const entry of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runTraced() {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      TRACE,
      join(REPO_ROOT, 'bin/lakeops.js'),
      'run',
      'hourly-hits',
      '--input',
      '{"target_hour":"2024-05-01T10:00:00Z"}',
    ],
    { encoding: 'utf8', cwd: dir, timeout: 120_000 },
  );
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice('LOADED '.length));
  return { code: r.status, loaded, stderr: r.stderr };
}

const matching = (loaded: string[]) => loaded.filter((u) => SAMPLE.some((p) => u.includes(p)));

test('the first run lands the sample (and loads its generators); a re-run loads none of them', () => {
  const first = runTraced();
  expect(first.code).toBe(0);
  expect(matching(first.loaded).length).toBeGreaterThan(0); // the trace sees them when they are needed
  const again = runTraced();
  expect(again.code).toBe(0);
  expect(again.loaded.some((u) => u.endsWith('/src/targets/local/index.ts'))).toBe(true);
  expect(matching(again.loaded)).toEqual([]);
}, 240_000);

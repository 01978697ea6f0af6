// `lakeops validate` stays light: its own process never loads DuckDB (the column checks read
// sample schemas from the generators' declared columns and the files' headers, not by running the
// local engine) nor the SQL parser (that runs in the analysis helper process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/corpus.js';

test('validate of the example project loads neither DuckDB nor the SQL parser in its own process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-loads-'));
  const record = join(dir, 'loads.txt');
  try {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        join(REPO_ROOT, 'test/validate/support/record-loads.mjs'),
        join(REPO_ROOT, 'bin/lakeops.js'),
        'validate',
        '-C',
        REPO_ROOT,
      ],
      { encoding: 'utf8', env: { ...process.env, LAKEOPS_RECORD_LOADS: record, LAKEOPS_IN_PROCESS_ANALYSIS: '' } },
    );
    expect(r.status).toBe(0);
    const loads = readFileSync(record, 'utf8').split('\n');
    // The recorder sees the project's own modules, the column checks among them...
    expect(loads.some((u) => u.endsWith('/src/validate/sql-columns.ts'))).toBe(true);
    expect(loads.some((u) => u.endsWith('/src/sample/generators/hits.ts'))).toBe(true);
    // ...and none of the heavy ones.
    expect(loads.filter((u) => /@duckdb|polyglot|\/src\/sample\/writers\.ts|\/src\/sample\/index\.ts/.test(u))).toEqual(
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// DuckDB's memory_limit on the local target comes from lakeops.yaml (environments.<env>.duckdb.
// memoryLimit). Beyond it, a grouping spills to the environment's spill folder and succeeds; what
// DuckDB cannot spill fails the run (exit 1) with a message that names the setting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { duckRows } from '../local-engine/project.js';
import { writeFiles } from '../local-orchestration/project.js';
import { runCli } from '../support/run-cli.js';

jest.setTimeout(180_000);

function project(memoryLimit: string | undefined, sql: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-memlimit-'));
  writeFiles(root, {
    'lakeops.yaml': {
      project: 'memtest',
      environments: {
        local: { target: 'local', buckets: { data: 'mem-data' }, ...(memoryLimit ? { duckdb: { memoryLimit } } : {}) },
      },
    },
    'pipelines/big/pipeline.yaml': {
      name: 'big',
      jobs: {
        crunch: {
          inputs: [],
          outputs: [{ sql: 'sql/crunch.sql', path: 's3://${data}/out/', format: 'parquet' }],
        },
      },
      workflow: { name: 'big', triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'crunch' }] } } },
    },
    'sql/crunch.sql': sql,
  });
  return root;
}

// One list of 20 M numbers: aggregate state DuckDB keeps in memory (it cannot spill it).
const UNSPILLABLE = 'SELECT length(CAST(list(i) AS STRING)) AS n FROM range(20000000) AS t(i)';
// 3 M groups: a hash aggregate, which DuckDB spills to its temp_directory beyond memory_limit.
const SPILLABLE =
  'SELECT count(*) AS groups FROM (SELECT i % 3000000 AS g, count(*) AS c FROM range(6000000) AS t(i) GROUP BY g)';

describe('duckdb.memoryLimit in lakeops.yaml', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  test('what cannot spill fails the run with exit 1 and a message naming the setting', async () => {
    const root = project('48MB', UNSPILLABLE);
    roots.push(root);
    const r = await runCli(root, 'run', 'big');
    expect(r.code).toBe(1);
    const text = r.out + r.err;
    expect(text).toMatch(/Out of Memory Error/);
    expect(text).toMatch(/memory_limit here is 48MB/);
    expect(text).toMatch(/duckdb\.memoryLimit of this environment in lakeops\.yaml/);
  });

  test('a grouping of more state than the limit spills to disk and succeeds, with the right answer', async () => {
    const root = project('48MB', SPILLABLE);
    roots.push(root);
    const r = await runCli(root, 'run', 'big');
    expect(r.code).toBe(0);
    const out = join(root, '.lakeops', 'local', 's3', 'mem-data', 'out');
    expect(await duckRows(`SELECT CAST(groups AS INTEGER) AS groups FROM read_parquet('${out}/*.parquet')`)).toEqual([
      { groups: 3_000_000 },
    ]);
  });

  test('a bad value is refused when lakeops.yaml is loaded, naming the field (exit 2)', async () => {
    const root = project('lots', SPILLABLE);
    roots.push(root);
    const r = await runCli(root, 'run', 'big');
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/memoryLimit/);
  });
});

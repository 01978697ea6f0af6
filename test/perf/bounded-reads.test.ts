// A job's reads are bounded by the hour it processes, not by the history under its input: the
// real hits_by_country SQL (sql/jobs) runs as a local SQL job over 100 hours of raw files, in
// which every file that neither schema inference's sample nor the target hour needs is not JSON.
// The run succeeds only if it never opens them: its SELECT is pruned to the target hour, and the
// schema is inferred from SCHEMA_SAMPLE_FILES files, not from all of them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { schemaSample, SCHEMA_SAMPLE_FILES } from '../../src/targets/local/schema-sample.js';
import { makeProject, type TestProject } from '../local-engine/project.js';

const HOURS = 100;
const pipeline = {
  name: 'hits',
  databases: { agg: {} },
  jobs: {
    aggregate: {
      inputs: [{ name: 'raw_data', path: 's3://${data}/raw/', format: 'json', partitioned: true }],
      parameters: { target_hour: { type: 'string', default: '' }, scheduled_time: { type: 'string', default: '' } },
      outputs: [
        {
          sql: 'sql/jobs/hits_by_country.sql',
          path: 's3://${data}/agg/by_country/',
          format: 'parquet',
          partitionBy: ['year', 'month', 'day', 'hour'],
        },
      ],
    },
  },
};

let p: TestProject;
beforeAll(async () => {
  p = await makeProject(pipeline, {
    'sql/jobs/hits_by_country.sql': readFileSync(join('sql', 'jobs', 'hits_by_country.sql'), 'utf8'),
  });
  const start = Date.UTC(2024, 4, 1, 0);
  const files: string[] = [];
  for (let h = 0; h < HOURS; h++) {
    const d = new Date(start + h * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    files.push(
      p.s3Path(
        `raw/year=${d.getUTCFullYear()}/month=${pad(d.getUTCMonth() + 1)}/day=${pad(d.getUTCDate())}/hour=${pad(d.getUTCHours())}/minute=00/hits.json`,
      ),
    );
  }
  const target = files[57]!; // 2024-05-03T09:00Z
  const readable = new Set([...schemaSample(files), target]);
  for (const f of files) {
    mkdirSync(dirname(f), { recursive: true });
    const rows = ['US', 'FR', 'US'].map((c) => JSON.stringify({ CountryCode: c, Domain: 'd' }));
    writeFileSync(f, readable.has(f) ? `${rows.join('\n')}\n` : 'this file must not be read\n');
  }
  expect(readable.size).toBeLessThan(HOURS / 2); // most of the history is unreadable
});
afterAll(async () => {
  await p.close();
});

test('an hourly run reads its hour and a sample of files for the schema, never the whole history', async () => {
  const run = await p.engine.startJobRun('aggregate', { '--target_hour': '2024-05-03T09:00:00Z' });
  expect(run.ErrorMessage).toBeUndefined();
  expect(run.JobRunState).toBe('SUCCEEDED');
  // Read back with a DuckDB of its own (the engine's queries read catalog tables only).
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const out = await conn.runAndReadAll(
      `SELECT country_code, CAST(hits AS integer) AS hits FROM read_parquet('${p.s3Path('agg/by_country')}/**/*.parquet', hive_partitioning = true) WHERE day = 3 AND hour = 9 ORDER BY 1`,
    );
    expect(out.getRowObjectsJS()).toEqual([
      { country_code: 'FR', hits: 1 },
      { country_code: 'US', hits: 2 },
    ]);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});

test('the sample is every file up to the limit, else the limit spread from the first to the last', () => {
  const few = ['c', 'a', 'b'];
  expect(schemaSample(few)).toEqual(['a', 'b', 'c']);
  const many = Array.from({ length: 1000 }, (_, i) => `f${String(i).padStart(4, '0')}`);
  const s = schemaSample(many);
  expect(s).toHaveLength(SCHEMA_SAMPLE_FILES);
  expect(s[0]).toBe('f0000');
  expect(s.at(-1)).toBe('f0999');
  expect(new Set(s).size).toBe(s.length);
});

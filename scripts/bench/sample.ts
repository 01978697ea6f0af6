// Benchmark: sample data generation (`lakeops run --rows N` must stay cheap).
// Run: npm run bench -- sample
// Prints the median of 3 runs per case: files, bytes and wall time.
import { generateSample } from '../../src/sample/index.js';
import type { SampleConfig } from '../../src/model/schema.js';

const CASES: { label: string; spec: SampleConfig; rows: number }[] = [
  { label: 'hits json 1,000,000', spec: { generator: 'hits', to: 's3://data/raw/', format: 'json' }, rows: 1_000_000 },
  {
    label: 'hits parquet 100,000',
    spec: { generator: 'hits', to: 's3://data/raw/', format: 'parquet' },
    rows: 100_000,
  },
  {
    label: 'customers csv 100,000',
    spec: { generator: 'customers', to: 's3://data/c/', format: 'csv' },
    rows: 100_000,
  },
  {
    label: 'sales parquet 100,000',
    spec: { generator: 'sales', to: 's3://data/s/', format: 'parquet' },
    rows: 100_000,
  },
  { label: 'clicks json 100,000', spec: { generator: 'clicks', to: 's3://data/k/', format: 'json' }, rows: 100_000 },
];

const RUNS = 3;

for (const c of CASES) {
  const times: number[] = [];
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const out = await generateSample(c.spec, { rows: c.rows, seed: 1 });
    times.push(performance.now() - start);
    files = out.length;
    bytes = out.reduce((n, f) => n + f.body.length, 0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(RUNS / 2)]!;
  console.log(
    `${c.label.padEnd(24)} ${String(files).padStart(4)} files ${(bytes / 1e6).toFixed(1).padStart(7)} MB ` +
      `${ms.toFixed(0).padStart(6)} ms  ${((c.rows / ms) * 1000).toFixed(0).padStart(9)} rows/s`,
  );
}

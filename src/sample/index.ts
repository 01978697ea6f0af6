// Deterministic sample data for local runs: `sample:` entries of a pipeline.yaml name a generator
// (clicks | customers | hits | sales, or file), a row count, a seed and a format. generateSample
// returns the files to land under the entry's `to` prefix; the same spec and seed always give the
// same bytes.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ConfigError } from '../model/diagnostics.js';
import type { SampleConfig } from '../model/schema.js';
import { clicks } from './generators/clicks.js';
import { customers } from './generators/customers.js';
import { hits } from './generators/hits.js';
import { sales } from './generators/sales.js';
import type { SampleGenerator } from './table.js';
import { DuckDbFileWriter, EXTENSIONS, JsonLinesWriter, type SampleFormat } from './writers.js';

export interface SampleFile {
  /** Relative to the sample's `to` prefix, e.g. "year=2024/month=05/day=01/hour=10/minute=00/hits-00000.json". */
  key: string;
  body: Buffer;
}

export interface GenerateOptions {
  /** Overrides the spec's row count (`--rows N`). */
  rows?: number;
  /** Overrides the spec's seed. */
  seed?: number;
  /** Project root, for `generator: file` (default: the current directory). */
  root?: string;
}

type GeneratorName = Exclude<SampleConfig['generator'], 'file'>;

export const GENERATORS: Record<GeneratorName, { generate: SampleGenerator; rows: number; format: SampleFormat }> = {
  clicks: { generate: clicks, rows: 2000, format: 'json' },
  customers: { generate: customers, rows: 500, format: 'csv' },
  hits: { generate: hits, rows: 6000, format: 'json' },
  sales: { generate: sales, rows: 3000, format: 'csv' },
};

export const DEFAULT_SEED = 1;

/** The row count and seed a spec resolves to, after options. */
export function resolveSampleSize(spec: SampleConfig, opts: GenerateOptions = {}): { rows: number; seed: number } {
  const rows = opts.rows ?? spec.rows ?? (spec.generator === 'file' ? 0 : GENERATORS[spec.generator].rows);
  if (!Number.isInteger(rows) || rows < 0)
    throw new ConfigError(`sample rows must be a whole number >= 0 (got ${rows}); fix --rows or the sample's rows:`);
  return { rows, seed: opts.seed ?? spec.seed ?? DEFAULT_SEED };
}

export async function generateSample(spec: SampleConfig, opts: GenerateOptions = {}): Promise<SampleFile[]> {
  if (spec.generator === 'file') {
    if (!spec.file) throw new ConfigError(`sample generator "file" needs a file: path (relative to the project root)`);
    const path = resolve(opts.root ?? process.cwd(), spec.file);
    return [{ key: basename(spec.file), body: await readFile(path) }];
  }
  const generator = GENERATORS[spec.generator];
  const { rows, seed } = resolveSampleSize(spec, opts);
  const format: SampleFormat = spec.format ?? generator.format;
  const files: SampleFile[] = [];
  const json = new JsonLinesWriter();
  const writer = format === 'json' ? undefined : await DuckDbFileWriter.open();
  try {
    for (const table of generator.generate(rows, seed)) {
      if (table.rows.length === 0) continue;
      const body = writer ? await writer.write(table, format as 'csv' | 'parquet') : json.write(table);
      files.push({ key: table.key + EXTENSIONS[format], body });
    }
  } finally {
    await writer?.close();
  }
  return files;
}

// Turns sample tables into file bodies. JSON lines are written directly (the fast path: the hits
// sample at 1,000,000 rows is JSON). CSV and Parquet are written by DuckDB, a real writer for both
// formats (quoting, types, Parquet encoding), from a JSON-lines staging file with declared column
// types, so no type is inferred and the bytes only depend on the rows.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @duckdb/node-api: the DuckDB engine the local target also uses; here it writes CSV and Parquet.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Column, SampleTable } from './table.js';

export type SampleFormat = 'json' | 'csv' | 'parquet';

export const EXTENSIONS: Record<SampleFormat, string> = { json: '.json', csv: '.csv', parquet: '.parquet' };

/**
 * Remembers the JSON text of a column's repeated strings (country codes, user agents): encoding a
 * long string once instead of per row is most of the JSON writer's time. A column whose values
 * rarely repeat (timestamps, ids) stops caching after a trial.
 */
export class JsonStringCache {
  private readonly cache = new Map<string, string>();
  private lookups = 0;
  private hits = 0;
  private enabled = true;

  encode(v: string): string {
    if (!this.enabled) return JSON.stringify(v);
    this.lookups++;
    const cached = this.cache.get(v);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    const encoded = JSON.stringify(v);
    if (this.cache.size < 10_000) this.cache.set(v, encoded);
    if (this.lookups === 1000 && this.hits < 500) {
      this.enabled = false;
      this.cache.clear();
    }
    return encoded;
  }
}

/** Writes JSON lines; one writer keeps its string caches across the files of a sample. */
export class JsonLinesWriter {
  private readonly caches = new Map<string, JsonStringCache>();

  write(table: SampleTable): Buffer {
    const caches = table.columns.map((c) => {
      let cache = this.caches.get(c.name);
      if (!cache) this.caches.set(c.name, (cache = new JsonStringCache()));
      return cache;
    });
    return toJsonLines(table, caches);
  }
}

/** One JSON object per line, keys in column order. */
export function toJsonLines(
  table: SampleTable,
  caches: JsonStringCache[] = table.columns.map(() => new JsonStringCache()),
): Buffer {
  const keys = table.columns.map((c) => `${JSON.stringify(c.name)}:`);
  const lines: string[] = new Array(table.rows.length);
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    let line = '{';
    for (let c = 0; c < keys.length; c++) {
      if (c > 0) line += ',';
      const v = row[c] ?? null;
      line += keys[c]! + (typeof v === 'string' ? caches[c]!.encode(v) : JSON.stringify(v));
    }
    lines[r] = line + '}';
  }
  return Buffer.from(lines.length ? lines.join('\n') + '\n' : '', 'utf8');
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function columnsStruct(columns: readonly Column[]): string {
  return `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}`;
}

/** Writes CSV and Parquet bodies through one in-memory DuckDB; close() when done. */
export class DuckDbFileWriter {
  private readonly json = new JsonLinesWriter();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dir: string,
  ) {}

  static async open(): Promise<DuckDbFileWriter> {
    // One thread: the Parquet writer then lays out row groups in one fixed order (same bytes per seed).
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    const dir = await mkdtemp(join(tmpdir(), 'lakeops-sample-'));
    return new DuckDbFileWriter(instance, connection, dir);
  }

  async write(table: SampleTable, format: 'csv' | 'parquet'): Promise<Buffer> {
    const staged = join(this.dir, 'staged.json');
    const out = join(this.dir, `out${EXTENSIONS[format]}`);
    await writeFile(staged, this.json.write(table));
    const source =
      `SELECT * FROM read_json(${sqlString(staged)}, format = 'newline_delimited', ` +
      `columns = ${columnsStruct(table.columns)}, timestampformat = '%Y-%m-%dT%H:%M:%S.%gZ')`;
    const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT parquet, COMPRESSION snappy`;
    await this.connection.run(`COPY (${source}) TO ${sqlString(out)} (${options})`);
    return readFile(out);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}

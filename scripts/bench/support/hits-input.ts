// Benchmark input for the hourly-hits pipeline: raw hits as JSON lines, one file per minute under
// year=/month=/day=/hour=/minute= folders (the layout the pipeline reads), written by DuckDB from
// a deterministic row function. Generated once into a cache folder outside the repository and
// reused by every later run (a `.complete` marker says a folder is whole).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const CACHE_ROOT = join(tmpdir(), 'lakeops-bench-cache');

const pad = (n: number) => String(n).padStart(2, '0');
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The minute folder of hour `h` (a Date at the hour) under `root`. */
function minuteDir(root: string, hour: Date, minute: number): string {
  return join(
    root,
    `year=${hour.getUTCFullYear()}`,
    `month=${pad(hour.getUTCMonth() + 1)}`,
    `day=${pad(hour.getUTCDate())}`,
    `hour=${pad(hour.getUTCHours())}`,
    `minute=${pad(minute)}`,
  );
}

// Seed 004's columns; values picked by a hash of the row number (stable across runs and machines).
const rowSql = (first: number, count: number, minuteIso: string) => `
  SELECT (hash(i) % 20)::BIGINT + 1 AS GroupID,
         ['US','DE','FR','GB','JP','BR','IN','CA','ES','IT','NL','SE','PL','MX','AU','KR','CN','ZA','AR','NG'][(hash(i * 7) % 20)::BIGINT + 1] AS CountryCode,
         ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0','Mozilla/5.0 (Macintosh) Safari/605.1',
          'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0','Mozilla/5.0 (iPhone) Mobile/15E148',
          'Mozilla/5.0 (Linux; Android 14) Chrome/124.0 Mobile','curl/8.5.0'][(hash(i * 13) % 6)::BIGINT + 1] AS UserAgent,
         ['en-US','de-DE','fr-FR','ja-JP','pt-BR','es-ES'][(hash(i * 17) % 6)::BIGINT + 1] AS Language,
         ['example.com','shop.example.com','blog.example.com','docs.example.org','news.example.net'][(hash(i * 19) % 5)::BIGINT + 1] AS Domain,
         strftime(TIMESTAMP ${quote(minuteIso)} + to_milliseconds((hash(i * 23) % 60000)::BIGINT), '%Y-%m-%dT%H:%M:%S.%gZ') AS Timestamp
  FROM range(${first}, ${first + count}) t(i)`;

/**
 * Hits for `hours` consecutive hours from `start`, `rowsPerHour` each, spread over 60 minute
 * files; returns the raw_data folder. Reused when already generated.
 */
export async function hitsInput(name: string, start: Date, hours: number, rowsPerHour: number): Promise<string> {
  const dir = join(CACHE_ROOT, name);
  const root = join(dir, 'raw_data');
  if (existsSync(join(dir, '.complete'))) return root;
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let row = 0;
  try {
    for (let h = 0; h < hours; h++) {
      const hour = new Date(start.getTime() + h * 3_600_000);
      for (let m = 0; m < 60; m++) {
        const count = Math.floor((rowsPerHour * (m + 1)) / 60) - Math.floor((rowsPerHour * m) / 60);
        const folder = minuteDir(root, hour, m);
        mkdirSync(folder, { recursive: true });
        const minuteIso = new Date(hour.getTime() + m * 60_000).toISOString().slice(0, 19).replace('T', ' ');
        await conn.run(
          `COPY (${rowSql(row, count, minuteIso)}) TO ${quote(join(folder, 'hits-00000.json'))} (FORMAT JSON)`,
        );
        row += count;
      }
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  writeFileSync(join(dir, '.complete'), `${row} rows\n`);
  process.stdout.write(
    `generated ${name}: ${row.toLocaleString('en-US')} hits, ${hours * 60} files, in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${dir})\n`,
  );
  return root;
}

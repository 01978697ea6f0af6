import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSample, type SampleFile } from '../../src/sample/index.js';
import { hitsPerHour, HIT_FIRST_HOUR, HIT_HOURS } from '../../src/sample/generators/hits.js';
import { ConfigError } from '../../src/model/diagnostics.js';
import type { SampleConfig } from '../../src/model/schema.js';

const spec = (generator: SampleConfig['generator'], format?: SampleConfig['format']): SampleConfig => ({
  generator,
  to: 's3://data/sample/',
  ...(format ? { format } : {}),
});

const jsonLines = (files: SampleFile[]): Record<string, unknown>[] =>
  files.flatMap((f) =>
    f.body
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );

/** Lands files in a temp folder and reads them back with DuckDB (an independent reader). */
async function readWithDuckDb(files: SampleFile[], format: 'csv' | 'parquet'): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lakeops-sample-test-'));
  try {
    for (const f of files) {
      await mkdir(dirname(join(dir, f.key)), { recursive: true });
      await writeFile(join(dir, f.key), f.body);
    }
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const glob = join(dir, '**', `*.${format}`).replace(/'/g, "''");
    const reader = format === 'csv' ? `read_csv('${glob}', header = true)` : `read_parquet('${glob}')`;
    const result = await con.runAndReadAll(`SELECT * FROM ${reader}`);
    const rows = result.getRowObjectsJS() as Record<string, unknown>[];
    con.closeSync();
    db.closeSync();
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('generateSample determinism', () => {
  const cases: [SampleConfig['generator'], SampleConfig['format']][] = [
    ['clicks', 'json'],
    ['customers', 'csv'],
    ['hits', 'json'],
    ['sales', 'csv'],
    ['sales', 'parquet'],
    ['customers', 'parquet'],
  ];
  test.each(cases)('%s as %s: same seed gives the same bytes, another seed other bytes', async (g, format) => {
    const a = await generateSample(spec(g, format), { rows: 300, seed: 11 });
    const b = await generateSample(spec(g, format), { rows: 300, seed: 11 });
    const c = await generateSample(spec(g, format), { rows: 300, seed: 12 });
    expect(a.map((f) => f.key)).toEqual(b.map((f) => f.key));
    expect(Buffer.concat(a.map((f) => f.body)).equals(Buffer.concat(b.map((f) => f.body)))).toBe(true);
    expect(Buffer.concat(a.map((f) => f.body)).equals(Buffer.concat(c.map((f) => f.body)))).toBe(false);
  });

  test('the seed comes from the spec unless the options override it', async () => {
    const fromSpec = await generateSample({ ...spec('sales'), seed: 5 }, { rows: 50 });
    const fromOpts = await generateSample(spec('sales'), { rows: 50, seed: 5 });
    const overridden = await generateSample({ ...spec('sales'), seed: 6 }, { rows: 50, seed: 5 });
    expect(fromSpec[0]!.body.equals(fromOpts[0]!.body)).toBe(true);
    expect(overridden[0]!.body.equals(fromOpts[0]!.body)).toBe(true);
  });
});

describe('hits (seed 004 schema)', () => {
  test('one JSON-lines file per minute under year=/month=/day=/hour=/minute=, six hours of 2024-05-01', async () => {
    const files = await generateSample(spec('hits'), { rows: 3600, seed: 4 });
    expect(files).toHaveLength(HIT_HOURS * 60);
    for (const f of files)
      expect(f.key).toMatch(/^year=2024\/month=05\/day=01\/hour=(0[6-9]|1[01])\/minute=[0-5]\d\/hits-00000\.json$/);
    expect(new Set(files.map((f) => f.key)).size).toBe(files.length);
    expect(files[0]!.key).toBe('year=2024/month=05/day=01/hour=06/minute=00/hits-00000.json');
  });

  test('rows: the requested count, spread over the hours as hitsPerHour says, each in its folder minute', async () => {
    const rows = 5000;
    const files = await generateSample(spec('hits'), { rows, seed: 9 });
    const perHour = new Map<number, number>();
    for (const f of files) {
      const m = /hour=(\d\d)\/minute=(\d\d)/.exec(f.key)!;
      const [hour, minute] = [Number(m[1]), Number(m[2])];
      for (const rec of jsonLines([f])) {
        expect(Object.keys(rec)).toEqual(['GroupID', 'CountryCode', 'UserAgent', 'Language', 'Domain', 'Timestamp']);
        const ts = new Date(rec.Timestamp as string);
        expect([ts.getUTCFullYear(), ts.getUTCMonth() + 1, ts.getUTCDate()]).toEqual([2024, 5, 1]);
        expect([ts.getUTCHours(), ts.getUTCMinutes()]).toEqual([hour, minute]);
        expect(rec.CountryCode).toMatch(/^[A-Z]{2}$/);
        expect(Number.isInteger(rec.GroupID)).toBe(true);
      }
      perHour.set(hour, (perHour.get(hour) ?? 0) + jsonLines([f]).length);
    }
    const expected = hitsPerHour(rows);
    expect(expected.reduce((a, b) => a + b, 0)).toBe(rows);
    for (let h = 0; h < HIT_HOURS; h++) expect(perHour.get(HIT_FIRST_HOUR + h)).toBe(expected[h]);
  });

  test('as Parquet, DuckDB reads back the same rows', async () => {
    const files = await generateSample(spec('hits', 'parquet'), { rows: 720, seed: 3 });
    expect(files.every((f) => f.key.endsWith('.parquet'))).toBe(true);
    const rows = await readWithDuckDb(files, 'parquet');
    expect(rows).toHaveLength(720);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['GroupID', 'CountryCode', 'UserAgent', 'Language', 'Domain', 'Timestamp']),
    );
  });
});

describe('clicks (seed 000 total_clicks)', () => {
  test('one file per hour partition with the columns the view reads', async () => {
    const files = await generateSample(spec('clicks'), { rows: 1001, seed: 42 });
    expect(files.map((f) => f.key)).toEqual(
      [8, 9, 10, 11].map((h) => `year=2024/month=05/day=01/hour=${String(h).padStart(2, '0')}/total-clicks-00000.json`),
    );
    const recs = jsonLines(files);
    expect(recs).toHaveLength(1001);
    for (const r of recs) {
      expect(typeof r.c_full_name).toBe('string');
      expect(r.c_email_address).toMatch(/@/);
      expect(r.total_clicks).toBeGreaterThan(0);
    }
    // Skewed customers: the top customer has clearly more rows than an average one.
    const counts = new Map<string, number>();
    for (const r of recs) counts.set(r.c_email_address as string, (counts.get(r.c_email_address as string) ?? 0) + 1);
    const max = Math.max(...counts.values());
    expect(max).toBeGreaterThan((3 * recs.length) / counts.size);
  });
});

describe('customers (dedup input)', () => {
  test('CSV with a header, unique ids, near-duplicate emails and some nulls', async () => {
    const files = await generateSample(spec('customers'), { rows: 600, seed: 1 });
    expect(files.map((f) => f.key)).toEqual(['customers-00000.csv']);
    const rows = await readWithDuckDb(files, 'csv');
    expect(rows).toHaveLength(600);
    expect(new Set(rows.map((r) => r.c_customer_id)).size).toBe(600);
    const emails = rows.map((r) => r.c_email_address as string | null).filter((e): e is string => e !== null);
    const normalised = new Set(emails.map((e) => e.trim().toLowerCase()));
    // Roughly 15% are near-duplicates; raw emails are more distinct than normalised ones.
    expect(normalised.size).toBeLessThan(emails.length * 0.92);
    expect(new Set(emails).size).toBeGreaterThan(normalised.size);
    expect(rows.some((r) => r.c_email_address === null)).toBe(true);
    expect(rows.some((r) => r.c_birth_country === null)).toBe(true);
  });
});

describe('sales', () => {
  test('total_amount is quantity x unit_price to the cent', async () => {
    const files = await generateSample(spec('sales', 'parquet'), { rows: 400, seed: 2 });
    const rows = await readWithDuckDb(files, 'parquet');
    expect(rows).toHaveLength(400);
    for (const r of rows) {
      const q = Number(r.quantity);
      expect(q).toBeGreaterThanOrEqual(1);
      expect(Math.abs(Number(r.total_amount) - q * Number(r.unit_price))).toBeLessThan(0.011);
    }
  });
});

describe('options and errors', () => {
  test('rows 0 gives no files; the spec rows apply when the options give none', async () => {
    expect(await generateSample(spec('hits'), { rows: 0 })).toEqual([]);
    const files = await generateSample({ ...spec('sales', 'csv'), rows: 25 });
    expect(files[0]!.body.toString().trim().split('\n')).toHaveLength(26);
  });

  test('a negative or fractional row count is a ConfigError', async () => {
    await expect(generateSample(spec('hits'), { rows: -1 })).rejects.toThrow(ConfigError);
    await expect(generateSample(spec('hits'), { rows: 1.5 })).rejects.toThrow(/whole number/);
  });

  test('generator file copies the named file, and needs file:', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakeops-sample-file-'));
    try {
      await writeFile(join(dir, 'full-top-customer.csv'), 'a,b\n1,2\n');
      const files = await generateSample(
        { generator: 'file', to: 's3://d/x/', file: 'full-top-customer.csv' },
        { root: dir },
      );
      expect(files).toEqual([{ key: 'full-top-customer.csv', body: Buffer.from('a,b\n1,2\n') }]);
      await expect(generateSample({ generator: 'file', to: 's3://d/x/' }, { root: dir })).rejects.toThrow(
        /needs a file/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// compareOutput on files written directly with DuckDB: whole-row comparison (EXCEPT ALL) when no
// unique key exists, retyped and removed columns, and a side with no files.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compareOutput } from '../../src/datadiff/compare.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lakeops-cmp-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(sub: string, select: string): Promise<string> {
  const out = join(dir, sub);
  mkdirSync(out, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (${select}) TO '${join(out, 'part-0.parquet')}' (FORMAT PARQUET)`);
  c.closeSync();
  db.closeSync();
  return out;
}

test('duplicate keys: rows are compared whole, as multisets', async () => {
  const b = await write(
    'b1',
    "SELECT name, v::DOUBLE AS v FROM (VALUES ('a', 1.0), ('a', 1.0), ('b', 2.0)) t(name, v)",
  );
  const h = await write(
    'h1',
    "SELECT name, v::DOUBLE AS v FROM (VALUES ('a', 1.0), ('b', 2.0), ('b', 2.0), ('c', 3.0)) t(name, v)",
  );
  const d = await compareOutput('t', 's3://x/t/', { dir: b, format: 'parquet' }, { dir: h, format: 'parquet' });
  expect(d.key).toEqual([]);
  expect(d).toMatchObject({ baseRows: 3, headRows: 4, added: 2, removed: 1, changed: 0, unchanged: 2 });
  expect(d.sample.added).toEqual([
    { name: 'b', v: 2 },
    { name: 'c', v: 3 },
  ]);
  expect(d.sample.removed).toEqual([{ name: 'a', v: 1 }]);
});

test('retyped and removed columns; a side without files', async () => {
  const b = await write('b2', "SELECT * FROM (VALUES ('a', 1, 'x'), ('b', 2, 'y')) t(name, n, note)");
  const h = await write('h2', "SELECT * FROM (VALUES ('a', 1.5), ('b', 2.0)) t(name, n)");
  const d = await compareOutput('t', 's3://x/t/', { dir: b, format: 'parquet' }, { dir: h, format: 'parquet' });
  expect(d.schema).toEqual([
    { column: 'n', change: 'retyped', baseType: 'INTEGER', headType: 'DECIMAL(2,1)' },
    { column: 'note', change: 'removed', baseType: 'VARCHAR' },
  ]);
  const gone = await compareOutput(
    't',
    's3://x/t/',
    { dir: b, format: 'parquet' },
    { dir: join(dir, 'none'), format: 'parquet' },
  );
  expect(gone).toMatchObject({ baseRows: 2, headRows: null, removed: 2, added: 0 });
});

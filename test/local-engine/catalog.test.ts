// The catalog file: it survives the project folder moving (table views hold absolute paths and are
// rebuilt), and a second process gets a clear message instead of DuckDB's lock error.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { LocalCatalog } from '../../src/targets/local/catalog.js';
import { LocalEngine } from '../../src/targets/local/engine.js';
import { LocalStorage } from '../../src/targets/local/storage.js';
import { makeProject, writeWithDuckDB } from './project.js';

const pipeline = {
  name: 'moves',
  databases: { raw: {} },
  crawlers: { c: { database: 'raw', targets: [{ path: 's3://${data}/t/' }] } },
};

test('after the project folder moves, tables and views still read their files', async () => {
  const p = await makeProject(pipeline);
  await writeWithDuckDB(p.s3Path('t/a.parquet'), 'SELECT range AS id FROM range(7)', 'parquet');
  await p.engine.startCrawler('c');
  await p.engine.createView('raw', 'big_ids', 'SELECT id FROM t WHERE id > 4');
  await p.engine.close();

  const moved = mkdtempSync(join(tmpdir(), 'lakeops-moved-'));
  cpSync(p.root, moved, { recursive: true });
  rmSync(p.root, { recursive: true, force: true });
  const project = loadProjectOrThrow(moved);
  const engine = await LocalEngine.open(project, resolveEnvironment(project, 'local'));
  try {
    expect((await engine.query('SELECT count(*) AS n FROM t', { database: 'raw' })).rows).toEqual([{ n: 7 }]);
    expect((await engine.query('SELECT count(*) AS n FROM big_ids', { database: 'raw' })).rows).toEqual([{ n: 2 }]);
  } finally {
    await engine.close();
    rmSync(moved, { recursive: true, force: true });
  }
});

test('a catalog held by another process is reported as such', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-lock-'));
  const file = join(dir, 'catalog.duckdb');
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api';
       const db = await DuckDBInstance.create(${JSON.stringify(file)});
       await (await db.connect()).run('CREATE TABLE x (a INT)');
       console.log('ready');
       process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`,
    ],
    { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
    await expect(LocalCatalog.open(file, new LocalStorage(join(dir, 's3')))).rejects.toThrow(
      /in use by another lakeops process .*wait for it to finish/,
    );
  } finally {
    holder.stdin!.end();
    await new Promise((r) => holder.on('close', r));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a table whose files are all gone is registered as an empty table with its columns', async () => {
  const p = await makeProject(pipeline);
  try {
    await writeWithDuckDB(p.s3Path('t/a.parquet'), 'SELECT range AS id FROM range(3)', 'parquet');
    await p.engine.startCrawler('c');
    const meta = (await p.engine.catalog.getTable('raw', 't'))!;
    expect(meta.sources.length).toBeGreaterThan(0);
    rmSync(p.s3Path('t/a.parquet'));
    // DuckDB finds no file for the view: the catalog keeps the table, empty, instead of failing
    // (the first attempt's error aborts its transaction; the empty view is a transaction of its own).
    await p.engine.catalog.putTable(meta);
    const r = await p.engine.query('SELECT count(*) AS n FROM t', { database: 'raw' });
    expect(r.rows).toEqual([{ n: 0 }]);
    const cols = await p.engine.query('SELECT * FROM t', { database: 'raw' });
    expect(cols.columns).toEqual(['id']);
  } finally {
    await p.engine.close();
  }
});

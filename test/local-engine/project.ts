// A tiny lakeops project in a temp folder (lakeops.yaml + one pipeline.yaml + its SQL files) and a
// LocalEngine on it: the engine tests run real DuckDB on real files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow, type Project } from '../../src/model/project.js';
import { LocalEngine } from '../../src/targets/local/engine.js';

export const BUCKET = 'test-data';

export interface TestProject {
  root: string;
  project: Project;
  engine: LocalEngine;
  /** Local path of s3://BUCKET/<key>. */
  s3Path(key: string): string;
  close(): Promise<void>;
}

export async function makeProject(
  pipeline: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<TestProject> {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-engine-'));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write(
    'lakeops.yaml',
    stringify({ project: 'enginetest', environments: { local: { target: 'local', buckets: { data: BUCKET } } } }),
  );
  write(`pipelines/${pipeline.name}/pipeline.yaml`, stringify(pipeline));
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  const project = loadProjectOrThrow(root);
  const engine = await LocalEngine.open(project, resolveEnvironment(project, 'local'));
  return {
    root,
    project,
    engine,
    s3Path: (key) => engine.storage.pathOf(BUCKET, key),
    async close() {
      await engine.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes files with DuckDB (Parquet, JSON lines or CSV) from a SELECT: the fixtures are real files. */
export async function writeWithDuckDB(path: string, select: string, format: 'parquet' | 'json' | 'csv'): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(
      `COPY (${select}) TO '${path.replace(/'/g, "''")}' (FORMAT ${format.toUpperCase()}${format === 'csv' ? ', HEADER' : ''})`,
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Counts rows with a fresh in-memory DuckDB (independent of the engine under test). */
export async function duckCount(sql: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const r = await conn.runAndReadAll(sql);
    return Number(r.getRows()[0]![0]);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Row objects of a query run by a fresh in-memory DuckDB (reads lake files by path, outside the engine's sandbox). */
export async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

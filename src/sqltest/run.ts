// SQL unit tests (`lakeops test`): given input rows, expected output rows, for the SQL of a job
// (Spark SQL) or a view (Athena SQL), run on an in-memory DuckDB with the same translation the
// local target uses. A test file:
//   sql: sql/jobs/hits_by_country.sql
//   dialect: spark            # or athena (views); default spark
//   parameters: { target_hour: '2024-05-01T10:00:00Z' }
//   given:                    # every table the SQL reads: its rows
//     raw_data: [{ CountryCode: DE, year: 2024, month: 5, day: 1, hour: 10 }]
//   expect:                   # the output rows (any order; only these columns compared)
//     - { country_code: DE, hits: 1 }
// A table the SQL reads that `given:` lacks, or an expected column the output lacks, is an error
// naming the test file's line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { referencedTables, translateSql } from '../targets/local/sql-translate.js';

export interface SqlTestResult {
  file: string;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  /** Expected rows not produced, and produced rows not expected (compared columns only). */
  missing?: Record<string, unknown>[];
  unexpected?: Record<string, unknown>[];
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const norm = (v: unknown) =>
  v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);

class TestFileError extends Error {}

export async function runSqlTest(root: string, file: string): Promise<SqlTestResult> {
  const rel = relative(root, file);
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc });
  // The line of a map key ("given:") or of a list entry, in the test file.
  const lineOf = (path: (string | number)[]) => {
    const last = path[path.length - 1];
    const parent = path.length ? doc.getIn(path.slice(0, -1), true) : undefined;
    const container = path.length === 1 ? doc.contents : parent;
    if (typeof last === 'string' && isMap(container)) {
      const pair = container.items.find((i) => (i.key as { value?: unknown } | null)?.value === last);
      const k = pair?.key as Node | undefined;
      if (k?.range) return lc.linePos(k.range[0]).line;
    }
    const n = doc.getIn(path, true) as Node | undefined;
    return n?.range ? lc.linePos(n.range[0]).line : 1;
  };
  const at = (path: (string | number)[], msg: string) => new TestFileError(`${rel}:${lineOf(path)}: ${msg}`);
  const t = doc.toJS() as {
    sql?: string;
    dialect?: string;
    parameters?: Record<string, string>;
    given?: Record<string, Record<string, unknown>[]>;
    expect?: Record<string, unknown>[];
  };
  const tmp = mkdtempSync(join(tmpdir(), 'lakeops-sqltest-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    if (doc.errors.length) throw new TestFileError(`${rel}: ${doc.errors[0]!.message}`);
    if (!t?.sql) throw at([], 'no sql: (the SQL file to test)');
    if (!Array.isArray(t.expect)) throw at([], 'no expect: (the output rows)');
    const dialect = t.dialect ?? 'spark';
    if (dialect !== 'spark' && dialect !== 'athena')
      throw at(['dialect'], `dialect "${dialect}" is not spark or athena`);
    let text: string;
    try {
      text = readFileSync(join(root, t.sql), 'utf8');
    } catch {
      throw at(['sql'], `cannot read ${t.sql}`);
    }
    const translated = await translateSql(text, dialect);
    const given = new Map(Object.keys(t.given ?? {}).map((k) => [k.toLowerCase(), k]));
    for (const ref of await referencedTables(translated.sql)) {
      const name = (ref.schema ? `${ref.schema}.${ref.table}` : ref.table).toLowerCase();
      if (!given.has(name))
        throw at(t.given ? ['given'] : [], `${t.sql} reads table ${name}, which given: does not define`);
    }
    for (const [name, rows] of Object.entries(t.given ?? {})) {
      if (!isSeq(doc.getIn(['given', name], true)) || !rows.length)
        throw at(['given', name], `given.${name} must be a list of at least one row`);
      const f = join(tmp, `${given.size}-${name.replace(/[^A-Za-z0-9_]/g, '_')}.json`);
      writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
      const [schema, table] = name.includes('.') ? name.split('.', 2) : [undefined, name];
      if (schema) await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`);
      await conn.run(
        `CREATE TABLE ${schema ? `${quote(schema)}.` : ''}${quote(table!)} AS SELECT * FROM read_json_auto('${f.replace(/'/g, "''")}')`,
      );
    }
    const values: Record<string, string> = {};
    for (const p of translated.namedParams) {
      const v = t.parameters?.[p];
      if (v === undefined)
        throw at(t.parameters ? ['parameters'] : [], `${t.sql} uses :${p}; give it under parameters:`);
      values[p] = String(v);
    }
    let actual: Record<string, unknown>[];
    try {
      const r = await conn.runAndReadAll(translated.sql, values);
      actual = r.getRowObjectsJson() as Record<string, unknown>[];
    } catch (e) {
      throw at(['sql'], `${t.sql}: ${String((e as Error).message).split('\n')[0]}`);
    }
    const outCols = new Set(actual.length ? Object.keys(actual[0]!) : []);
    t.expect.forEach((row, i) => {
      if (!isMap(doc.getIn(['expect', i], true)))
        throw at(['expect', i], 'each expected row is a map of column: value');
      for (const col of Object.keys(row))
        if (actual.length && !outCols.has(col))
          throw at(['expect', i, col], `the output has no column ${col} (it has ${[...outCols].join(', ')})`);
    });
    const cols = [...new Set(t.expect.flatMap((r) => Object.keys(r)))];
    const key = (r: Record<string, unknown>) => JSON.stringify(cols.map((c) => norm(r[c])));
    const pending = actual.map(key);
    const missing: Record<string, unknown>[] = [];
    for (const row of t.expect) {
      const i = pending.indexOf(key(row));
      if (i >= 0) pending.splice(i, 1);
      else missing.push(row);
    }
    const unexpected = actual
      .filter((r) => pending.includes(key(r)))
      .map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])));
    if (!missing.length && !unexpected.length) return { file: rel, status: 'pass' };
    return {
      file: rel,
      status: 'fail',
      message: `${missing.length} expected row(s) missing, ${unexpected.length} unexpected`,
      missing,
      unexpected,
    };
  } catch (e) {
    if (e instanceof TestFileError) return { file: rel, status: 'error', message: e.message };
    return { file: rel, status: 'error', message: `${rel}: ${(e as Error).message}` };
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(tmp, { recursive: true, force: true });
  }
}

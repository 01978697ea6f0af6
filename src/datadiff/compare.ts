// Compares one output table as two sets of files (base run, head run) with DuckDB SQL: row counts,
// schema (DESCRIBE), rows matched by key with a FULL OUTER JOIN (or whole rows with EXCEPT ALL
// when no unique key exists), and summary statistics of the numeric columns. Nothing is computed
// row by row in JavaScript: only counts and a few sample rows come back.
// @duckdb/node-api: the same embedded DuckDB the local target uses.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  SAMPLE_ROWS,
  type ColumnChange,
  type NumericShift,
  type NumericStats,
  type Row,
  type TableDiff,
} from './model.js';

export interface OutputSide {
  /** Local folder holding the output's files, or undefined when this side has no such output. */
  dir?: string;
  format: 'parquet' | 'json';
}

const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Files of `format` under `dir`, recursively (Hive partition folders included). */
function hasFiles(dir: string | undefined, format: string): boolean {
  if (!dir || !existsSync(dir)) return false;
  const walk = (d: string): boolean =>
    readdirSync(d).some((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? walk(p) : f.endsWith(`.${format}`);
    });
  return walk(dir);
}

function reader(side: OutputSide): string {
  const glob = quoteString(join(side.dir!, '**', `*.${side.format}`));
  return side.format === 'parquet'
    ? `read_parquet(${glob}, hive_partitioning = true, union_by_name = true)`
    : `read_json_auto(${glob}, hive_partitioning = true, union_by_name = true)`;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const MEASURE = /^(FLOAT|DOUBLE|DECIMAL.*)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
/** Integer columns that identify rather than measure: ids and the time partitions of the examples. */
const ID_NAME = /(^id$|_id$|^(year|month|day|hour|minute|dt|date)$)/i;

async function all(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

async function one(conn: DuckDBConnection, sql: string): Promise<Row> {
  return (await all(conn, sql))[0] ?? {};
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function describe(conn: DuckDBConnection, view: string): Promise<Map<string, string>> {
  const rows = await all(conn, `DESCRIBE ${view}`);
  return new Map(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}

async function stats(conn: DuckDBConnection, view: string, col: string): Promise<NumericStats> {
  const c = ident(col);
  const r = await one(
    conn,
    `SELECT count(${c}) AS n, count(*) - count(${c}) AS nulls, min(${c})::DOUBLE AS mn, max(${c})::DOUBLE AS mx, avg(${c})::DOUBLE AS mean, median(${c})::DOUBLE AS med, sum(${c})::DOUBLE AS total FROM ${view}`,
  );
  return {
    count: num(r.n)!,
    nulls: num(r.nulls)!,
    min: num(r.mn),
    max: num(r.mx),
    mean: num(r.mean),
    median: num(r.med),
    sum: num(r.total),
  };
}

const sameStats = (a: NumericStats, b: NumericStats) =>
  a.count === b.count &&
  a.nulls === b.nulls &&
  a.min === b.min &&
  a.max === b.max &&
  a.median === b.median &&
  a.sum === b.sum;

/** The key rows are matched on: shared non-measure columns, when unique on both sides. */
async function inferKey(
  conn: DuckDBConnection,
  base: Map<string, string>,
  head: Map<string, string>,
): Promise<string[]> {
  const key = [...head.keys()].filter((c) => {
    const t = base.get(c);
    if (t === undefined || t !== head.get(c)) return false;
    if (MEASURE.test(t)) return false;
    return !INTEGER.test(t) || ID_NAME.test(c);
  });
  if (!key.length || key.length === head.size) return [];
  const cols = key.map(ident).join(', ');
  for (const v of ['b', 'h']) {
    const dup = await one(
      conn,
      `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${v} GROUP BY ALL HAVING count(*) > 1)`,
    );
    if (num(dup.n)) return [];
  }
  return key;
}

/** The diff of one output. `table` and `path` only label it. */
export async function compareOutput(
  table: string,
  path: string,
  base: OutputSide,
  head: OutputSide,
): Promise<TableDiff> {
  const out: TableDiff = {
    table,
    path,
    format: head.format,
    baseRows: null,
    headRows: null,
    schema: [],
    key: [],
    added: 0,
    removed: 0,
    changed: 0,
    unchanged: 0,
    sample: { added: [], removed: [], changed: [] },
    numeric: [],
  };
  const hasBase = hasFiles(base.dir, base.format);
  const hasHead = hasFiles(head.dir, head.format);
  if (!hasBase && !hasHead) return out;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    // An empty side is an empty relation with the other side's columns.
    if (hasBase) await conn.run(`CREATE TEMP VIEW b AS SELECT * FROM ${reader(base)}`);
    if (hasHead) await conn.run(`CREATE TEMP VIEW h AS SELECT * FROM ${reader(head)}`);
    if (!hasBase) await conn.run('CREATE TEMP VIEW b AS SELECT * FROM h LIMIT 0');
    if (!hasHead) await conn.run('CREATE TEMP VIEW h AS SELECT * FROM b LIMIT 0');
    const bCols = await describe(conn, 'b');
    const hCols = await describe(conn, 'h');
    out.baseRows = hasBase ? num((await one(conn, 'SELECT count(*) AS n FROM b')).n) : null;
    out.headRows = hasHead ? num((await one(conn, 'SELECT count(*) AS n FROM h')).n) : null;
    if (hasBase && hasHead) {
      for (const [c, t] of hCols) {
        const bt = bCols.get(c);
        if (bt === undefined) out.schema.push({ column: c, change: 'added', headType: t });
        else if (bt !== t) out.schema.push({ column: c, change: 'retyped', baseType: bt, headType: t });
      }
      for (const [c, t] of bCols)
        if (!hCols.has(c)) out.schema.push({ column: c, change: 'removed', baseType: t } satisfies ColumnChange);
    }
    const common = [...hCols.keys()].filter((c) => bCols.get(c) === hCols.get(c));
    const commonSql = common.map(ident).join(', ') || '1';
    out.key = hasBase && hasHead ? await inferKey(conn, bCols, hCols) : [];
    const order = (out.key.length ? out.key : common).map(ident).join(', ') || '1';
    if (out.key.length) {
      const on = out.key.map((k) => `b.${ident(k)} IS NOT DISTINCT FROM h.${ident(k)}`).join(' AND ');
      const values = common.filter((c) => !out.key.includes(c));
      const differs = values.map((c) => `b.${ident(c)} IS DISTINCT FROM h.${ident(c)}`).join(' OR ') || 'false';
      await conn.run(
        `CREATE TEMP TABLE j AS SELECT b.__b IS NULL AS only_head, h.__h IS NULL AS only_base, (${differs}) AS differs,
           ${out.key.map((k) => `coalesce(h.${ident(k)}, b.${ident(k)}) AS ${ident(k)}`).join(', ')}
         FROM (SELECT *, true AS __b FROM b) b FULL OUTER JOIN (SELECT *, true AS __h FROM h) h ON ${on}`,
      );
      const c = await one(
        conn,
        `SELECT count(*) FILTER (only_head) AS added, count(*) FILTER (only_base) AS removed,
                count(*) FILTER (NOT only_head AND NOT only_base AND differs) AS changed,
                count(*) FILTER (NOT only_head AND NOT only_base AND NOT differs) AS unchanged FROM j`,
      );
      out.added = num(c.added)!;
      out.removed = num(c.removed)!;
      out.changed = num(c.changed)!;
      out.unchanged = num(c.unchanged)!;
      const keyMatch = (side: string) =>
        out.key.map((k) => `${side}.${ident(k)} IS NOT DISTINCT FROM j.${ident(k)}`).join(' AND ');
      out.sample.added = await all(
        conn,
        `SELECT h.* FROM h JOIN j ON ${keyMatch('h')} WHERE j.only_head ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`,
      );
      out.sample.removed = await all(
        conn,
        `SELECT b.* FROM b JOIN j ON ${keyMatch('b')} WHERE j.only_base ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`,
      );
      const pack = (side: string) =>
        `struct_pack(${common.map((c) => `${ident(c)} := ${side}.${ident(c)}`).join(', ')})`;
      const changed = await all(
        conn,
        `SELECT ${pack('b')} AS base, ${pack('h')} AS head FROM b JOIN h ON ${on} WHERE ${differs}
         ORDER BY ${out.key.map((k) => `h.${ident(k)}`).join(', ')} LIMIT ${SAMPLE_ROWS}`,
      );
      out.sample.changed = changed.map((r) => ({ base: r.base as Row, head: r.head as Row }));
    } else {
      // No unique key: whole rows over the shared columns, as multisets.
      const c = await one(
        conn,
        `SELECT (SELECT count(*) FROM (SELECT ${commonSql} FROM h EXCEPT ALL SELECT ${commonSql} FROM b)) AS added,
                (SELECT count(*) FROM (SELECT ${commonSql} FROM b EXCEPT ALL SELECT ${commonSql} FROM h)) AS removed`,
      );
      out.added = num(c.added)!;
      out.removed = num(c.removed)!;
      out.unchanged = (out.headRows ?? 0) - out.added;
      out.sample.added = await all(
        conn,
        `SELECT * FROM (SELECT ${commonSql} FROM h EXCEPT ALL SELECT ${commonSql} FROM b) ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`,
      );
      out.sample.removed = await all(
        conn,
        `SELECT * FROM (SELECT ${commonSql} FROM b EXCEPT ALL SELECT ${commonSql} FROM h) ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`,
      );
    }
    if (hasBase && hasHead)
      for (const col of common) {
        if (!NUMERIC.test(hCols.get(col)!) || out.key.includes(col)) continue;
        const s: NumericShift = { column: col, base: await stats(conn, 'b', col), head: await stats(conn, 'h', col) };
        if (!sameStats(s.base, s.head)) out.numeric.push(s);
      }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

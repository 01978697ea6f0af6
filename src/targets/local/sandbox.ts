// The one gate every SQL statement of the local target passes: `lakeops query`, validations, the
// Athena stand-in, views, job SQL and crawler schema reads. Two layers:
//
// 1. DuckDB's own controls, set once per database instance and then locked
//    (https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview):
//    enable_external_access = false with allowed_directories = the lake's S3 folder and its staging
//    folder, extension auto-install/auto-load off, lock_configuration = true. No statement, however
//    written, can then read or write a file outside the lake, attach a database or load an extension.
// 2. A statement allow-list per use, decided from DuckDB's own parse (extracted statements, the
//    prepared statement's type and json_serialize_sql's syntax tree), never from the SQL text:
//    reads (query, validation, athena) are one SELECT (WITH, DESCRIBE, SHOW, SUMMARIZE, VALUES parse
//    as SELECT) or one EXPLAIN of one; views and jobs are one SELECT. In every use a SELECT may read
//    only relations of the catalog (tables, views, a job's declared inputs, its CTEs): table
//    functions that read files or the system and scans of a file by name are refused, so a job
//    reads its declared inputs and writes only its declared outputs (the COPY into staging is
//    built by the job runner, not taken from the SQL).
import { mkdir } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';

export type SqlUse = 'query' | 'validation' | 'athena' | 'view' | 'job';

/** A statement the sandbox does not run: which statement, in which use, by which rule. */
export class SqlRefused extends Error {
  constructor(
    readonly use: SqlUse,
    readonly statement: string,
    readonly rule: string,
  ) {
    super(`refused ${USE_LABEL[use]} statement ${JSON.stringify(clip(statement))}: ${rule}`);
    this.name = 'SqlRefused';
  }
}

const USE_LABEL: Record<SqlUse, string> = {
  query: 'query',
  validation: 'validation',
  athena: 'Athena (local)',
  view: 'view',
  job: 'job',
};

const clip = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
};

/** Table functions that read neither files nor the system: the only ones user SQL may call. */
const SAFE_TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

export interface SandboxPaths {
  /** The lake's S3 folder (`.lakeops/<env>/s3`). */
  s3Root: string;
  /** Staging for job outputs and DuckDB's spill files (`.lakeops/<env>/tmp`). */
  tmpDir: string;
}

/** Resource settings of the local DuckDB (a place for speed work to tune without touching the sandbox). */
export const DUCKDB_RESOURCES = { memoryLimit: `${Math.max(256, Math.floor((totalmem() / 2 ** 20) * 0.5))}MB` };

export interface DuckDbResources {
  /** memory_limit (lakeops.yaml: environments.<env>.duckdb.memoryLimit); default DUCKDB_RESOURCES. */
  memoryLimit?: string;
}

/**
 * DuckDB's message for a statement that needed more than memory_limit and could not spill (lists,
 * strings and other state DuckDB keeps in memory), with the setting that raises the limit.
 */
export function withMemoryHint(message: string, memoryLimit: string): string {
  if (!/Out of Memory Error/i.test(message)) return message;
  return (
    `${message} (DuckDB's memory_limit here is ${memoryLimit}; what sorts, joins and groupings need beyond it ` +
    `spills to disk, this could not: raise duckdb.memoryLimit of this environment in lakeops.yaml, or make the SQL keep less in memory)`
  );
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const dirOf = (p: string) => (p.endsWith('/') ? p : `${p}/`);

/**
 * Opens the catalog's DuckDB file with the sandbox configuration applied and locked. Settings that
 * DuckDB takes only at runtime (allowed_directories) are set on a first connection before the lock.
 */
export async function openSandboxedInstance(
  file: string,
  paths: SandboxPaths,
  resources: DuckDbResources = {},
): Promise<DuckDBInstance> {
  const spill = join(paths.tmpDir, 'duckdb-spill');
  await mkdir(paths.s3Root, { recursive: true });
  await mkdir(spill, { recursive: true });
  const instance = await DuckDBInstance.create(file, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    memory_limit: resources.memoryLimit ?? DUCKDB_RESOURCES.memoryLimit,
    temp_directory: spill,
  });
  const conn = await instance.connect();
  try {
    // Glue's Spark and Athena compute in UTC; set before the configuration is locked.
    await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
    await conn.run(
      `SET allowed_directories = [${[paths.s3Root, paths.tmpDir].map((d) => quote(dirOf(d))).join(', ')}]`,
    );
    await conn.run('SET enable_external_access = false');
    await conn.run('SET lock_configuration = true');
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    throw e;
  } finally {
    conn.closeSync();
  }
  return instance;
}

/** DuckDB's syntax tree of `sql` when it is only SELECT statements, else undefined. */
async function selectTree(conn: DuckDBConnection, sql: string): Promise<{ statements: unknown[] } | undefined> {
  const r = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const tree = JSON.parse(String(r.getRows()[0]![0])) as { error: boolean; statements?: unknown[] };
  return tree.error ? undefined : { statements: tree.statements ?? [] };
}

interface Relations {
  /** Existing relations, "schema.name" and bare "name" (lower case). */
  known: Set<string>;
}

async function knownRelations(conn: DuckDBConnection): Promise<Relations> {
  const r = await conn.runAndReadAll(
    `SELECT schema_name, view_name FROM duckdb_views() UNION ALL SELECT schema_name, table_name FROM duckdb_tables()`,
  );
  const known = new Set<string>();
  for (const [schema, name] of r.getRows()) {
    known.add(`${String(schema)}.${String(name)}`.toLowerCase());
    known.add(String(name).toLowerCase());
  }
  return { known };
}

/** Walks a serialized SELECT and returns the first rule it breaks, or undefined. */
function treeViolation(tree: unknown, rel: Relations): string | undefined {
  const ctes = new Set<string>();
  const collect = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(collect);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    const map = (o.cte_map as { map?: { key: string }[] } | undefined)?.map;
    if (map) for (const m of map) ctes.add(String(m.key).toLowerCase());
    Object.values(o).forEach(collect);
  };
  collect(tree);
  let found: string | undefined;
  const visit = (n: unknown): void => {
    if (found) return;
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TABLE_FUNCTION') {
      const fn = o.function as { function_name?: string } | undefined;
      const name = String(fn?.function_name ?? '?').toLowerCase();
      if (!SAFE_TABLE_FUNCTIONS.has(name)) {
        found = `it calls the table function ${name}(); SQL here reads only catalog tables, views and declared inputs (files are read through them, never by path)`;
        return;
      }
    }
    if (o.type === 'BASE_TABLE') {
      const catalog = String(o.catalog_name ?? '');
      const schema = String(o.schema_name ?? '').toLowerCase();
      const table = String(o.table_name ?? '').toLowerCase();
      const full = schema ? `${schema}.${table}` : table;
      if (catalog && schema) {
        found = `it names the database catalog "${catalog}"; only the local catalog's databases may be read`;
        return;
      }
      // DuckDB reads a file in place of a table it does not know (a "replacement scan"): a name that
      // is no relation and no CTE and looks like a file path is such a read.
      const known = rel.known.has(full) || (!schema && ctes.has(table));
      if (!known && /[/\\:.]|^~/.test(table)) {
        found = `it reads "${o.table_name}" as a file; SQL here reads only catalog tables, views and declared inputs`;
        return;
      }
    }
    Object.values(o).forEach(visit);
  };
  visit(tree);
  return found;
}

/** How many statements DuckDB's parser finds in `sql` (parsing binds nothing), or a refusal. */
async function statementCount(conn: DuckDBConnection, sql: string, use: SqlUse, written: string): Promise<number> {
  try {
    return (await conn.extractStatements(sql)).count;
  } catch (e) {
    throw new SqlRefused(use, written, `DuckDB cannot parse it: ${String((e as Error).message).split('\n')[0]}`);
  }
}

/** The one statement of `sql` in DuckDB's parse, or a refusal. */
async function singleStatementType(
  conn: DuckDBConnection,
  sql: string,
  use: SqlUse,
  written: string,
): Promise<StatementType> {
  let extracted;
  try {
    extracted = await conn.extractStatements(sql);
  } catch (e) {
    throw new SqlRefused(use, written, `DuckDB cannot parse it: ${String((e as Error).message).split('\n')[0]}`);
  }
  if (extracted.count !== 1)
    throw new SqlRefused(use, written, `it holds ${extracted.count} statements; exactly one is allowed`);
  try {
    const prepared = await extracted.prepare(0);
    const type = prepared.statementType;
    prepared.destroySync();
    return type;
  } catch {
    // Binding failed (unknown table, permission refused by DuckDB, ...): what it is decides below.
    return StatementType.INVALID;
  }
}

const READ_USES: SqlUse[] = ['query', 'validation', 'athena'];

/**
 * Refuses `sql` unless it is allowed in `use` (throws SqlRefused naming the statement and the rule).
 * Returns nothing: the caller then runs the statement (reads inside a READ ONLY transaction).
 */
export async function checkStatement(
  conn: DuckDBConnection,
  sql: string,
  use: SqlUse,
  /** The statement as its author wrote it (before dialect translation), for the message. */
  written = sql,
): Promise<void> {
  // The syntax tree first: a SELECT needs no prepare, which binds the statement and so expands
  // every file glob of the inputs it reads (seconds over a week of minute files, paid again when
  // the statement runs). Only what is not a SELECT is prepared, to name its type.
  const count = await statementCount(conn, sql, use, written);
  if (count !== 1) throw new SqlRefused(use, written, `it holds ${count} statements; exactly one is allowed`);
  let tree = await selectTree(conn, sql);
  const type = tree ? StatementType.SELECT : await singleStatementType(conn, sql, use, written);
  if (!tree && READ_USES.includes(use) && type === StatementType.EXPLAIN) {
    // EXPLAIN of a SELECT only (EXPLAIN ANALYZE runs its statement). DuckDB's parse of the rest
    // must be a SELECT; a comment or ANALYZE before it fails closed.
    const rest = /^\s*explain\s+/i.exec(sql);
    if (rest) tree = await selectTree(conn, sql.slice(rest[0].length));
    if (!tree) throw new SqlRefused(use, written, 'only EXPLAIN of a single SELECT is allowed (not EXPLAIN ANALYZE)');
  }
  if (!tree) {
    const what =
      StatementType[type] && type !== StatementType.INVALID ? `a ${StatementType[type]} statement` : 'not a SELECT';
    const allowed = READ_USES.includes(use)
      ? 'this use is read-only: SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN'
      : use === 'view'
        ? 'a view is exactly one SELECT'
        : 'job SQL is exactly one SELECT; the job writes only its declared outputs';
    throw new SqlRefused(use, written, `it is ${what}; ${allowed}`);
  }
  if (tree.statements.length !== 1)
    throw new SqlRefused(use, written, `it holds ${tree.statements.length} statements; exactly one is allowed`);
  const violation = treeViolation(tree.statements, await knownRelations(conn));
  if (violation) throw new SqlRefused(use, written, violation);
}

/**
 * Runs an allowed read (query, validation, Athena stand-in) inside a READ ONLY transaction, so
 * DuckDB itself refuses any write to the catalog even if a statement got past the allow-list.
 */
export async function withReadOnly<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION READ ONLY');
  try {
    return await fn();
  } finally {
    await conn.run('ROLLBACK').catch(() => undefined);
  }
}

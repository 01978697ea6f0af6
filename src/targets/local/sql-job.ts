// SQL jobs on the local target: what glue-scripts/lakeops_sql_runner.py does on Glue, done by
// DuckDB. Inputs become temp views named as the SQL reads them, job arguments bind to the SQL's
// :name parameters as prepared-statement values, and each output's SELECT is written with COPY to
// a staging folder first. Only when every output succeeded are the files moved into place, so a
// failing run changes nothing, and overwrite-partitions replaces exactly the partitions the run
// wrote (re-running an hour never duplicates rows).
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { LocalCatalog } from './catalog.js';
import { partitionLevelsOf, sourceGlobs, type Crawler } from './crawler.js';
import {
  describeFiles,
  isDataFileName,
  projection,
  readerSql,
  sniffFormat,
  type ColumnDef,
  type DataFormat,
  type PartitionLevel,
} from './formats.js';
import {
  applyMoves,
  finishCommit,
  relativeTo,
  stagingDir,
  trashDir,
  writeJournal,
  type CommitJournal,
  type CommitMove,
} from './commit-journal.js';
import { advance, unprocessed, type BookmarkedFile, type RunBookmark } from './bookmarks.js';
import { faultPoint } from './fault.js';
import { checkStatement, SqlRefused } from './sandbox.js';
import { schemaSample } from './schema-sample.js';
import { inlineParameters } from './inline-params.js';
import { withMemoryHint } from './sandbox.js';
import { quoteIdent, quoteString, SqlTranslateError, translateSql } from './sql-translate.js';
import { walkFiles, type LocalStorage } from './storage.js';

export interface SqlJobInput {
  /** The view name the SQL reads. */
  name: string;
  /** A catalog table (physical database name). */
  table?: { database: string; name: string };
  /** s3:// URI (substitutions resolved). */
  path?: string;
  format?: DataFormat;
  partitioned?: boolean;
}

export interface SqlJobOutput {
  /** SQL file relative to the project root, for messages. */
  sqlFile: string;
  /** Spark SQL text (substitutions resolved). */
  sql: string;
  /** s3:// URI of the output folder. */
  path: string;
  format: 'parquet' | 'json';
  partitionBy: string[];
  mode: 'overwrite-partitions' | 'overwrite' | 'append';
  /** Catalog table (physical database) the output feeds; it is created or updated after the write. */
  table?: { database: string; name: string };
}

export interface SqlJobParameter {
  value: string;
  type: 'string' | 'integer' | 'timestamp';
}

export interface SqlJobSpec {
  /** Physical job name and where it is declared, for messages. */
  jobName: string;
  declaredIn: string;
  runId: string;
  inputs: SqlJobInput[];
  outputs: SqlJobOutput[];
  /** Parameter values by name (arguments over declared defaults). */
  parameters: Record<string, SqlJobParameter>;
  /** The run's job bookmark (--job-bookmark-option and the state it starts from), when the job sets one. */
  bookmark?: RunBookmark;
  /** Aborted when the run times out: the running query is interrupted and nothing is committed. */
  signal?: AbortSignal;
}

export interface SqlJobResult {
  rowsWritten: Record<string, number>;
  log: string[];
}

/** A job failure with the lines of its run log (the local stand-in for the CloudWatch log). */
export class JobRunError extends Error {
  constructor(
    message: string,
    readonly log: string[] = [],
  ) {
    super(message);
    this.name = 'JobRunError';
  }
}

export interface SqlJobContext {
  catalog: LocalCatalog;
  storage: LocalStorage;
  crawler: (conn: DuckDBConnection) => Crawler;
  /** The environment's state folder (`.lakeops/<env>`): staging, commit journals and the lake share its file system, so renames are atomic. */
  stateDir: string;
  /** Inferred schemas of path inputs, by exact file set (kept by the engine across runs). */
  schemaCache?: Map<string, ColumnDef[]>;
}

/** DuckDB's message without its LINE/caret excerpt (it shows translated SQL, not the user's file). */
function duckMessage(e: unknown): string {
  const text = String((e as Error)?.message ?? e);
  return text
    .split('\n')
    .filter((l) => l.trim() && !/^LINE \d+:/.test(l) && !/^\s*\^\s*$/.test(l))
    .join(' ')
    .trim();
}

interface Staged {
  output: SqlJobOutput;
  dir: string;
  rows: number;
}

export async function runSqlJob(ctx: SqlJobContext, spec: SqlJobSpec): Promise<SqlJobResult> {
  const log: string[] = [];
  const who = `job "${spec.jobName}" (${spec.declaredIn})`;
  const stagingRoot = stagingDir(ctx.stateDir, spec.runId);
  const conn = await ctx.catalog.connect();
  let journaled = false;
  // On timeout, interrupt the running statement, and keep interrupting until the run ends (a
  // statement starting just after the first interrupt would otherwise run on).
  let interrupting: NodeJS.Timeout | undefined;
  const interrupt = () => {
    conn.interrupt();
    interrupting = setInterval(() => conn.interrupt(), 50);
  };
  spec.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    const reads: Record<string, BookmarkedFile[]> = {};
    for (const input of spec.inputs) {
      const read = await registerInput(ctx, conn, input, who, log, spec.bookmark);
      if (read) reads[input.name] = read;
    }
    const staged: Staged[] = [];
    for (const [i, output] of spec.outputs.entries()) {
      const dir = join(stagingRoot, String(i));
      const rows = await stageOutput(conn, spec, output, dir, who, log);
      staged.push({ output, dir, rows });
    }
    // A run that timed out while staging commits nothing.
    if (spec.signal?.aborted) throw new JobRunError(`${who}: the run timed out before its output was committed`, log);
    await faultPoint('job.staged');
    // Every output is staged: the journal makes the commit of all of them happen, even across a crash.
    const journal: CommitJournal = {
      runId: spec.runId,
      job: spec.jobName,
      moves: [],
      tables: [],
    };
    // Glue's job.commit(): the bookmark advances with the outputs, in the same journal.
    const advanced = spec.bookmark && advance(spec.bookmark, reads, spec.runId);
    if (advanced) journal.bookmark = advanced;
    for (const [i, s] of staged.entries()) {
      journal.moves.push(...(await commitMoves(ctx, s, join(trashDir(ctx.stateDir, spec.runId), String(i)))));
      if (s.output.table)
        journal.tables.push({ database: s.output.table.database, name: s.output.table.name, path: s.output.path });
    }
    await writeJournal(ctx.stateDir, journal);
    journaled = true;
    await faultPoint('commit.journal-written');
    await applyMoves(ctx.stateDir, journal);
    await faultPoint('commit.moved');
    const rowsWritten: Record<string, number> = {};
    for (const s of staged) {
      const key = s.output.table ? `${s.output.table.database}.${s.output.table.name}` : s.output.path;
      rowsWritten[key] = (rowsWritten[key] ?? 0) + s.rows;
      log.push(`wrote ${s.rows} rows to ${s.output.path} (${s.output.format}, ${s.output.mode})`);
      if (s.output.table) await registerOutputTable(ctx, conn, s.output, spec.jobName);
    }
    await faultPoint('commit.registered');
    await finishCommit(ctx.stateDir, journal);
    return { rowsWritten, log };
  } catch (e) {
    // A statement that needed more than DuckDB's memory_limit and could not spill: name the setting.
    if (e instanceof JobRunError) {
      const message = withMemoryHint(e.message, ctx.catalog.memoryLimit);
      throw new JobRunError(message, [...log, message]);
    }
    const message = withMemoryHint(`${who}: ${(e as Error).message}`, ctx.catalog.memoryLimit);
    throw new JobRunError(message, [...log, message]);
  } finally {
    clearInterval(interrupting);
    spec.signal?.removeEventListener('abort', interrupt);
    conn.closeSync();
    // Without a journal the run never committed: its staging is nobody's data. With one, the
    // commit finished above or is rolled forward when the lake is next opened.
    if (!journaled) await rm(stagingRoot, { recursive: true, force: true });
  }
}

async function registerInput(
  ctx: SqlJobContext,
  conn: DuckDBConnection,
  input: SqlJobInput,
  who: string,
  log: string[],
  bookmark?: RunBookmark,
): Promise<BookmarkedFile[] | undefined> {
  const view = quoteIdent(input.name);
  if (input.table) {
    const { database, name } = input.table;
    const exists =
      (await ctx.catalog.getTable(database, name)) ?? (await ctx.catalog.getView(database, name.toLowerCase()));
    if (!exists)
      throw new JobRunError(
        `${who}: input "${input.name}" reads table ${database}.${name}, which is not in the local catalog; ` +
          `run the crawler or job that creates it first`,
      );
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * FROM ${quoteIdent(database)}.${quoteIdent(name)}`);
    log.push(`input ${input.name}: table ${database}.${name}`);
    return undefined;
  }
  if (!input.path) throw new JobRunError(`${who}: input "${input.name}" has neither table nor path`);
  const root = ctx.storage.pathOfUri(input.path.endsWith('/') ? input.path : `${input.path}/`);
  const files = (await walkFiles(root))
    .filter((f) => isDataFileName(f))
    .map((abs) => ({ abs, dirs: relative(root, abs).split(sep).slice(0, -1) }))
    .filter((f) => !f.dirs.some((d) => d.startsWith('_') || d.startsWith('.')));
  if (!files.length)
    throw new JobRunError(`${who}: input "${input.name}": no files under ${input.path} (Spark: Path does not exist)`);
  // Bookmarks: the objects new or modified since the last committed run (all of them when disabled).
  const stats = await Promise.all(files.map((f) => stat(f.abs)));
  const bookmarked = files.map((f, i) => ({
    ...f,
    id: relative(ctx.storage.root, f.abs).split(sep).join('/'),
    mtimeMs: stats[i]!.mtimeMs,
  }));
  const toRead = unprocessed(bookmarked, bookmark, input.name);
  const format = input.format ?? (await sniffFormat(files[0]!.abs));
  if (!format)
    throw new JobRunError(`${who}: input "${input.name}": cannot tell the format of ${input.path}; set format:`);
  // Like Spark's partition discovery: key=value folders become string columns unless partitioned: false.
  const levels = input.partitioned === false ? [] : partitionLevelsOf(files);
  const hive: PartitionLevel[] = [];
  for (const l of levels) {
    if (!l.hive) break; // Spark discovers key=value folders only
    hive.push(l);
  }
  // The schema of what this run reads (a bookmarked DynamicFrame's schema is that of its new files).
  const readSet = toRead.length ? toRead : files;
  const sample = schemaSample(readSet.map((f) => f.abs));
  const columns = await fileSchema(ctx, conn, format, sample);
  if (sample.length < readSet.length)
    log.push(
      `input ${input.name}: schema inferred from ${sample.length} of ${readSet.length} files (schema-sample.ts)`,
    );
  const partitions = { root, levels: hive };
  const hiveNames = new Set(hive.map((l) => l.name));
  // A bookmarked read lists its files one by one; with nothing new the view is empty, with the
  // schema of the files already processed (Glue's bookmarked DynamicFrame is empty, not an error).
  const partial = toRead.length < files.length;
  const reader = readerSql(
    format,
    partial ? readSet.map((f) => f.abs) : inputGlobs(files, format).map((g) => join(root, g)),
    { columns: columns.filter((c) => !hiveNames.has(c.name.toLowerCase())), partitions },
  );
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW ${view} AS SELECT ${projection(
      columns.filter((c) => !hiveNames.has(c.name.toLowerCase())),
      partitions,
    )} FROM ${reader}${toRead.length ? '' : ' LIMIT 0'}`,
  );
  log.push(
    `input ${input.name}: ${input.path} (${format}, ${files.length} files${hive.length ? `, partitions ${hive.map((l) => l.name).join('/')}` : ''})`,
  );
  if (bookmark && bookmark.option !== 'job-bookmark-disable')
    log.push(
      `input ${input.name}: ${bookmark.option}: ${toRead.length} of ${files.length} files new since the last committed run`,
    );
  return toRead.map(({ id, mtimeMs }) => ({ id, mtimeMs }));
}

/**
 * Globs for a path input's files, relative to its root. When every file sits at the same depth
 * (partition folders, as Spark's partition discovery requires), `*` per level instead of `**`:
 * the same files, but DuckDB expands a recursive glob much more slowly (10,080 minute folders:
 * about 130 ms more for each statement that reads the input).
 */
export function inputGlobs(files: { abs: string; dirs: string[] }[], format: DataFormat): string[] {
  const globs = sourceGlobs(files.map((f) => ({ ...f, format })));
  const depths = new Set(files.map((f) => f.dirs.length));
  if (depths.size !== 1) return globs;
  const levels = '*/'.repeat([...depths][0]!);
  return globs.map((g) => (g.startsWith('**/') ? levels + g.slice(3) : g));
}

/**
 * The schema of a path input's files. Hourly jobs read the same files run after run, so schemas
 * are kept per exact file set (paths, sizes, modification times): a new or rewritten file means a
 * new inference, as Spark's reader would infer again.
 */
async function fileSchema(
  ctx: SqlJobContext,
  conn: DuckDBConnection,
  format: DataFormat,
  files: string[],
): Promise<ColumnDef[]> {
  const stats = await Promise.all(files.map((f) => stat(f)));
  const key = `${format}\n${files.map((f, i) => `${f}\t${stats[i]!.size}\t${stats[i]!.mtimeMs}`).join('\n')}`;
  const hit = ctx.schemaCache?.get(key);
  if (hit) return hit;
  const columns = await describeFiles(conn, format, files);
  if (ctx.schemaCache) {
    if (ctx.schemaCache.size >= 50) ctx.schemaCache.delete(ctx.schemaCache.keys().next().value!);
    ctx.schemaCache.set(key, columns);
  }
  return columns;
}

/** The prepared-statement values for the parameters a statement uses. */
async function bindValues(
  conn: DuckDBConnection,
  names: string[],
  spec: SqlJobSpec,
  output: SqlJobOutput,
  who: string,
): Promise<Record<string, DuckDBValue>> {
  const values: Record<string, DuckDBValue> = {};
  for (const name of names) {
    const p = spec.parameters[name];
    if (!p)
      throw new JobRunError(
        `${who}: ${output.sqlFile} uses :${name}, which has no value; pass the job argument --${name} ` +
          `or declare parameters.${name}.default in the job`,
      );
    if (p.type === 'integer') {
      if (!/^-?\d+$/.test(p.value.trim()))
        throw new JobRunError(`${who}: parameter ${name} must be an integer, got "${p.value}"`);
      values[name] = BigInt(p.value.trim());
    } else if (p.type === 'timestamp') {
      try {
        const r = await conn.runAndReadAll('SELECT CAST($v AS TIMESTAMPTZ)', { v: p.value });
        values[name] = r.getRows()[0]![0]!;
      } catch {
        throw new JobRunError(`${who}: parameter ${name} must be a timestamp (ISO 8601), got "${p.value}"`);
      }
    } else values[name] = p.value;
  }
  return values;
}

async function stageOutput(
  conn: DuckDBConnection,
  spec: SqlJobSpec,
  output: SqlJobOutput,
  dir: string,
  who: string,
  log: string[],
): Promise<number> {
  let translated;
  try {
    translated = await translateSql(output.sql, 'spark');
  } catch (e) {
    const at = e instanceof SqlTranslateError && e.line ? `:${e.line}:${e.column ?? 1}` : '';
    throw new JobRunError(`${who}: ${output.sqlFile}${at}: ${(e as Error).message}`);
  }
  const bound = await bindValues(conn, translated.namedParams, spec, output, who);
  // Parameters written in as literals when that is certain (inline-params.ts): one bind, so one
  // expansion of each input glob, instead of two.
  const inlined = await inlineParameters(conn, translated.sql, bound);
  const sql = inlined ?? translated.sql;
  const values = inlined ? undefined : bound;
  // Job SQL is one SELECT over its declared inputs and catalog tables (sandbox.ts); the COPY that
  // writes the declared output is built here, never taken from the SQL.
  try {
    await checkStatement(conn, sql, 'job', output.sql);
  } catch (e) {
    if (e instanceof SqlRefused) throw new JobRunError(`${who}: ${output.sqlFile}: ${e.message}`);
    throw e;
  }
  await mkdir(dir, { recursive: true });
  const name = `part-00000-${spec.runId}`;
  const partitionBy = output.partitionBy;
  const partitionClause = partitionBy.length
    ? `, PARTITION_BY (${partitionBy.map(quoteIdent).join(', ')}), FILENAME_PATTERN ${quoteString(`part-{uuid}`)}`
    : '';
  // DuckDB cannot partition JSON output: partitioned JSON is staged as Parquet (DuckDB names and
  // escapes the key=value folders as Hive does) and each file is then rewritten as JSON lines.
  const stageAsParquet = output.format === 'parquet' || partitionBy.length > 0;
  const target = partitionBy.length ? dir : join(dir, `${name}.${output.format === 'parquet' ? 'parquet' : 'json'}`);
  const options = `FORMAT ${stageAsParquet ? 'PARQUET' : 'JSON'}${partitionClause}`;
  let rows: number;
  try {
    const result = await conn.run(`COPY (${sql}) TO ${quoteString(target)} (${options})`, values);
    rows = Number(result.rowsChanged);
  } catch (e) {
    throw new JobRunError(`${who}: ${output.sqlFile}: ${duckMessage(e)}`);
  }
  if (output.format === 'json' && partitionBy.length) {
    for (const file of await walkFiles(dir)) {
      await conn.run(
        `COPY (SELECT * FROM read_parquet(${quoteString(file)})) TO ${quoteString(file.replace(/\.parquet$/, '.json'))} (FORMAT JSON)`,
      );
      await rm(file);
    }
  }
  log.push(`${output.sqlFile}: ${rows} rows staged`);
  return rows;
}

/** Leaf folders (relative, "/"-joined) `depth` levels below `dir`. */
async function partitionDirs(dir: string, depth: number): Promise<string[]> {
  const dirs = new Set<string>();
  for (const f of await walkFiles(dir)) {
    const parts = relative(dir, f).split(sep);
    if (parts.length > depth) dirs.add(parts.slice(0, depth).join('/'));
  }
  return [...dirs].sort();
}

/** The renames that put one staged output in place (paths relative to the state folder). */
async function commitMoves(ctx: SqlJobContext, s: Staged, trash: string): Promise<CommitMove[]> {
  const target = ctx.storage.pathOfUri(s.output.path.endsWith('/') ? s.output.path : `${s.output.path}/`);
  const rel = (abs: string) => relativeTo(ctx.stateDir, abs);
  const { mode, partitionBy } = s.output;
  if (mode === 'overwrite' || (mode === 'overwrite-partitions' && !partitionBy.length))
    return [{ from: rel(s.dir), to: rel(target), trash: rel(trash) }];
  if (mode === 'overwrite-partitions')
    return (await partitionDirs(s.dir, partitionBy.length)).map((p) => ({
      from: rel(join(s.dir, p)),
      to: rel(join(target, p)),
      trash: rel(join(trash, p)),
    }));
  // append: every staged file moves in beside what is there (file names carry the run id or a uuid).
  return (await walkFiles(s.dir)).map((f) => ({ from: rel(f), to: rel(join(target, relative(s.dir, f))) }));
}

/** Creates or updates the output's catalog table, as a Glue job with catalog updates enabled does. */
async function registerOutputTable(
  ctx: SqlJobContext,
  conn: DuckDBConnection,
  output: SqlJobOutput,
  jobName: string,
): Promise<void> {
  const root = ctx.storage.pathOfUri(output.path.endsWith('/') ? output.path : `${output.path}/`);
  const entries = await readdir(root).catch(() => []);
  if (!entries.length) return;
  await ctx.crawler(conn).registerTable(output.table!.database, output.table!.name, root, `job:${jobName}`);
}

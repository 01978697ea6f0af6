// Athena on the local target: StartQueryExecution / GetQueryExecution / GetQueryResults over the
// DuckDB catalog. Trino SQL is translated to DuckDB, ExecutionParameters bind to the ? markers as
// prepared-statement values (never pasted into the SQL), the QueryExecutionContext database is the
// default schema, and results keep Athena's ResultSet shape (the first row holds the column names).
import { randomUUID } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  type Json,
} from '@duckdb/node-api';
import type { QueryResult } from '../../report/model.js';
import type { LocalCatalog } from './catalog.js';
import { checkStatement, withReadOnly, type SqlUse } from './sandbox.js';
import type { LocalQueryExecution, LocalQueryRequest, LocalResultSet } from './services.js';
import { parseS3Uri } from '../../model/environment.js';
import { parseAthena, quoteString, translateSql } from './sql-translate.js';
import { walkFiles } from './storage.js';

/** GetQueryResults returns at most 1,000 rows a page (Athena's limit). */
const MAX_PAGE = 1000;

interface StoredQuery {
  execution: LocalQueryExecution;
  columns: { Name: string; Type: string }[];
  /** Cell text as Athena returns it; undefined is SQL NULL (Athena omits VarCharValue). */
  rows: (string | undefined)[][];
}

/** An error with the name AWS gives it, so callers (e.g. ASL Catch) see Athena's error names. */
export class AthenaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Athena (Trino) type name of a DuckDB type, as ColumnInfo.Type reports it. */
export function athenaTypeOf(t: DuckDBType): string {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return 'tinyint';
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return 'smallint';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return 'integer';
    // DuckDB's sum(bigint) is a 128-bit integer (HUGEINT); Athena's is bigint.
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'bigint';
    case DuckDBTypeId.FLOAT:
      return 'real';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.DECIMAL:
      return 'decimal';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp with time zone';
    case DuckDBTypeId.TIME:
      return 'time';
    case DuckDBTypeId.BLOB:
      return 'varbinary';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return 'array';
    case DuckDBTypeId.STRUCT:
      return 'row';
    case DuckDBTypeId.MAP:
      return 'map';
    default:
      return 'varchar';
  }
}

/**
 * A cell as Athena's GetQueryResults gives it: arrays as [1, 2], maps and rows as {key=value, ...}
 * with strings unquoted and null inside them as "null"
 * (https://docs.aws.amazon.com/athena/latest/ug/maps.html shows {last=Smith, first=Bob, age=35}).
 * undefined is SQL NULL at the top level (Athena omits VarCharValue).
 */
export function athenaText(v: Json, t: DuckDBType): string | undefined {
  if (v === null || v === undefined) return undefined;
  const inner = (x: Json, xt: DuckDBType) => athenaText(x, xt) ?? 'null';
  if (t.typeId === DuckDBTypeId.LIST || t.typeId === DuckDBTypeId.ARRAY) {
    const items = Array.isArray(v) ? v : [];
    return `[${items.map((x) => inner(x, t.valueType)).join(', ')}]`;
  }
  if (t.typeId === DuckDBTypeId.STRUCT) {
    const o = v as Record<string, Json>;
    return `{${t.entryNames.map((n, i) => `${n}=${inner(o[n] ?? null, t.entryTypes[i]!)}`).join(', ')}}`;
  }
  if (t.typeId === DuckDBTypeId.MAP) {
    const entries = (Array.isArray(v) ? v : []) as { key: Json; value: Json }[];
    return `{${entries.map((e) => `${inner(e.key, t.keyType)}=${inner(e.value, t.valueType)}`).join(', ')}}`;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Athena's StatementType / SubstatementType of a statement, from its leading keywords: queries and
 * writes are DML, CREATE / DROP / ALTER are DDL, SHOW / DESCRIBE / EXPLAIN are UTILITY
 * (https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecution.html).
 */
export function statementTypes(sql: string): { StatementType: 'DDL' | 'DML' | 'UTILITY'; SubstatementType: string } {
  const words = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/^[\s(]+/, '')
    .split(/[\s(]+/, 8)
    .map((w) => w.toUpperCase());
  const [first = '', second = ''] = words;
  if (first === 'SELECT' || first === 'WITH' || first === 'VALUES' || first === 'TABLE')
    return { StatementType: 'DML', SubstatementType: 'SELECT' };
  if (first === 'INSERT' || first === 'UPDATE' || first === 'DELETE' || first === 'MERGE')
    return { StatementType: 'DML', SubstatementType: first };
  if (
    first === 'CREATE' &&
    words.includes('AS') &&
    (second === 'TABLE' || words.includes('TABLE')) &&
    second !== 'VIEW'
  )
    return { StatementType: 'DML', SubstatementType: 'CREATE_TABLE_AS_SELECT' };
  if (first === 'SHOW' || first === 'DESCRIBE' || first === 'EXPLAIN')
    return { StatementType: 'UTILITY', SubstatementType: first === 'SHOW' ? `SHOW_${second}` : first };
  // CREATE EXTERNAL TABLE, CREATE OR REPLACE VIEW, DROP TABLE IF EXISTS: the verb and its object.
  const object = words.slice(1).find((w) => ['TABLE', 'VIEW', 'DATABASE', 'SCHEMA', 'FUNCTION'].includes(w));
  return { StatementType: 'DDL', SubstatementType: object ? `${first}_${object}` : first };
}

/** Athena's CSV result file: every field in double quotes (quotes doubled), NULL as an empty field. */
export function resultCsv(columns: { Name: string }[], rows: (string | undefined)[][]): string {
  const field = (v: string | undefined) => (v === undefined ? '' : `"${v.replace(/"/g, '""')}"`);
  return [columns.map((c) => field(c.Name)), ...rows.map((r) => r.map(field))].map((r) => r.join(',') + '\n').join('');
}

/** A cell's text as a JSON value by its Athena type (the same rules the AWS target applies). */
export function typedValue(text: string | undefined, type: string): unknown {
  if (text === undefined) return null;
  switch (type) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
      return Number(text);
    case 'bigint': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

/**
 * One ExecutionParameters element as a value. Athena takes each parameter as a SQL literal:
 * strings in single quotes, numbers, booleans, NULL, DATE '...' / TIMESTAMP '...'
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html). The text
 * is parsed as an Athena expression and must be exactly one literal.
 */
export async function parameterValue(conn: DuckDBConnection, text: string, index: number): Promise<DuckDBValue> {
  const bad = () =>
    new AthenaError(
      'InvalidRequestException',
      `ExecutionParameters[${index}] (${JSON.stringify(text)}) is not a SQL literal; quote strings as in SQL, e.g. '2024-05-01'`,
    );
  const ast = (await parseAthena(`SELECT ${text}`)) as any[] | undefined;
  const exprs = ast?.[0]?.select?.expressions as any[] | undefined;
  if (!exprs || exprs.length !== 1) throw bad();
  let e = exprs[0];
  let negative = false;
  if (e.neg) {
    negative = true;
    e = e.neg.this;
  }
  if (e.null !== undefined && !negative) return null;
  if (e.boolean && !negative) return e.boolean.value as boolean;
  const lit = e.literal;
  if (!lit) throw bad();
  if (lit.literal_type === 'number') {
    const s = (negative ? '-' : '') + lit.value;
    return /^-?\d+$/.test(s) ? BigInt(s) : Number(s);
  }
  if (negative) throw bad();
  if (lit.literal_type === 'string') return lit.value as string;
  const typed: Record<string, string> = { date: 'DATE', timestamp: 'TIMESTAMP', time: 'TIME' };
  const type = typed[lit.literal_type];
  if (!type) throw bad();
  try {
    const v = await conn.runAndReadAll(`SELECT CAST($v AS ${type})`, { v: lit.value });
    return v.getRows()[0]![0]!;
  } catch {
    throw bad();
  }
}

const bucketKey = (uri: string): [string, string] => {
  const { bucket, key } = parseS3Uri(uri);
  return [bucket, key];
};

export class LocalAthena {
  private readonly queries = new Map<string, StoredQuery>();

  constructor(
    private readonly catalog: LocalCatalog,
    /** Folder for result files (`.lakeops/<env>/athena`). */
    private readonly resultDir: string,
  ) {}

  async startQueryExecution(
    input: LocalQueryRequest & {
      /** Which sandbox rules apply (default: the Athena stand-in's, read-only). */
      use?: SqlUse;
    },
  ): Promise<LocalQueryExecution> {
    const id = randomUUID();
    const started = performance.now();
    const submitted = new Date().toISOString();
    // Athena writes results to <OutputLocation>/<QueryID>.csv for API queries
    // (https://docs.aws.amazon.com/athena/latest/ug/querying-finding-output-files.html).
    const base = input.ResultConfiguration?.OutputLocation;
    const output = base ? `${base.replace(/\/+$/, '')}/${id}.csv` : undefined;
    const stored: StoredQuery = {
      execution: {
        QueryExecutionId: id,
        Query: input.QueryString,
        ...statementTypes(input.QueryString),
        WorkGroup: input.WorkGroup ?? 'primary', // Athena's default workgroup
        ...(input.Database ? { QueryExecutionContext: { Database: input.Database } } : {}),
        ...(output ? { ResultConfiguration: { OutputLocation: output } } : {}),
        EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
        Status: { State: 'RUNNING', SubmissionDateTime: submitted },
      },
      columns: [],
      rows: [],
    };
    this.queries.set(id, stored);
    try {
      const { columns, rows, scanned } = await this.execute(
        input.QueryString,
        input.Database,
        input.ExecutionParameters ?? [],
        input.use ?? 'athena',
      );
      stored.columns = columns;
      stored.rows = rows;
      if (output) await this.catalog.storage.put(...bucketKey(output), resultCsv(columns, rows));
      stored.execution.Status = { State: 'SUCCEEDED', SubmissionDateTime: submitted };
      stored.execution.Statistics = { DataScannedInBytes: scanned, EngineExecutionTimeInMillis: 0 };
    } catch (e) {
      stored.execution.Status = {
        State: 'FAILED',
        StateChangeReason: (e as Error).message,
        SubmissionDateTime: submitted,
      };
      stored.execution.Statistics = { DataScannedInBytes: 0, EngineExecutionTimeInMillis: 0 };
    }
    // A local query never queues: engine time and total time are the same wall-clock span.
    const ms = Math.round(performance.now() - started);
    stored.execution.Statistics = {
      ...stored.execution.Statistics,
      EngineExecutionTimeInMillis: ms,
      TotalExecutionTimeInMillis: ms,
      QueryQueueTimeInMillis: 0,
    };
    stored.execution.Status.CompletionDateTime = new Date().toISOString();
    await this.save(stored);
    return structuredClone(stored.execution);
  }

  async getQueryExecution(id: string): Promise<LocalQueryExecution> {
    return structuredClone(this.get(id).execution);
  }

  async getQueryResults(
    id: string,
    opts: { MaxResults?: number; NextToken?: string } = {},
  ): Promise<LocalResultSet & { NextToken?: string }> {
    const q = this.get(id);
    if (q.execution.Status.State !== 'SUCCEEDED')
      throw new AthenaError(
        'InvalidRequestException',
        `Query has not yet finished. Current state: ${q.execution.Status.State}${q.execution.Status.StateChangeReason ? ` (${q.execution.Status.StateChangeReason})` : ''}`,
      );
    const max = opts.MaxResults ?? MAX_PAGE;
    if (!Number.isInteger(max) || max < 1 || max > MAX_PAGE)
      throw new AthenaError('InvalidRequestException', `MaxResults must be between 1 and ${MAX_PAGE}, got ${max}`);
    // The token is the offset into [header, ...rows]; opaque to callers as Athena's is.
    let offset = 0;
    if (opts.NextToken !== undefined) {
      const m = /^lq:(\d+)$/.exec(Buffer.from(opts.NextToken, 'base64url').toString('utf8'));
      if (!m) throw new AthenaError('InvalidRequestException', 'NextToken is invalid');
      offset = Number(m[1]);
    }
    const all = [q.columns.map((c) => c.Name as string | undefined), ...q.rows];
    const page = all.slice(offset, offset + max);
    const next = offset + max < all.length ? Buffer.from(`lq:${offset + max}`).toString('base64url') : undefined;
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: q.columns.map((c) => ({ ...c })) },
        Rows: page.map((r) => ({ Data: r.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
      },
      ...(next ? { NextToken: next } : {}),
    };
  }

  /** Runs a query and returns typed rows (Target.query and `lakeops query`); throws when it fails. */
  async query(
    sql: string,
    opts: { database?: string; parameters?: string[]; maxRows?: number; use?: SqlUse } = {},
  ): Promise<QueryResult> {
    const execution = await this.startQueryExecution({
      QueryString: sql,
      Database: opts.database,
      ExecutionParameters: opts.parameters,
      use: opts.use ?? 'query',
    });
    if (execution.Status.State !== 'SUCCEEDED')
      throw new AthenaError(
        'AthenaQueryFailed',
        `query ${execution.QueryExecutionId} failed: ${execution.Status.StateChangeReason}`,
      );
    const q = this.get(execution.QueryExecutionId);
    const shown = opts.maxRows === undefined ? q.rows : q.rows.slice(0, opts.maxRows);
    return {
      columns: q.columns.map((c) => c.Name),
      rows: shown.map((r) => Object.fromEntries(q.columns.map((c, i) => [c.Name, typedValue(r[i], c.Type)]))),
      totalRows: q.rows.length,
      bytesScanned: execution.Statistics?.DataScannedInBytes,
      queryExecutionId: execution.QueryExecutionId,
    };
  }

  private get(id: string): StoredQuery {
    const q = this.queries.get(id);
    if (!q) throw new AthenaError('InvalidRequestException', `QueryExecution ${id} was not found`);
    return q;
  }

  private async execute(
    sql: string,
    database: string | undefined,
    parameters: string[],
    use: SqlUse,
  ): Promise<{ columns: StoredQuery['columns']; rows: StoredQuery['rows']; scanned: number }> {
    const translated = await translateSql(sql, 'athena');
    if (translated.namedParams.length)
      throw new Error(
        `named parameters (:${translated.namedParams[0]}) are not Athena SQL; use ? and ExecutionParameters`,
      );
    if (translated.positionalParams !== parameters.length)
      throw new Error(
        `the query has ${translated.positionalParams} ? parameter marker(s) but ${parameters.length} ExecutionParameters were given`,
      );
    if (database && !(await this.catalog.hasDatabase(database)))
      throw new Error(`SCHEMA_NOT_FOUND: database ${database} does not exist in the local catalog`);
    const conn = await this.catalog.connect();
    try {
      if (database) await conn.run(`SET search_path = ${quoteString(`"${database.replace(/"/g, '""')}"`)}`);
      const values: DuckDBValue[] = [];
      for (const [i, p] of parameters.entries()) values.push(await parameterValue(conn, p, i));
      // The sandbox decides from DuckDB's parse whether this use may run the statement at all.
      await checkStatement(conn, translated.sql, use, sql);
      const { columns, rows } = await withReadOnly(conn, async () => {
        const result = await conn.run(translated.sql, values.length ? values : undefined);
        const types = result.columnTypes();
        const columns = result.columnNames().map((Name, i) => ({ Name, Type: athenaTypeOf(types[i]!) }));
        const rows: StoredQuery['rows'] = [];
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk())
          for (const row of chunk.convertRows(JsonDuckDBValueConverter))
            rows.push(row.map((v, i) => athenaText(v as Json, types[i]!)));
        return { columns, rows };
      });
      const scanned = await this.estimateScanned(translated.tables, database);
      return { columns, rows, scanned };
    } finally {
      conn.closeSync();
    }
  }

  /**
   * DataScannedInBytes, best effort: the total size of the files under every table the query
   * reads (through views too). Athena counts bytes actually read, which is less when partitions
   * are pruned or only some Parquet columns are read.
   */
  private async estimateScanned(
    tables: { schema?: string; table: string }[],
    database: string | undefined,
  ): Promise<number> {
    const seen = new Set<string>();
    let bytes = 0;
    const visit = async (schema: string | undefined, name: string): Promise<void> => {
      const db = schema ?? database;
      if (!db) return;
      const key = `${db}.${name}`.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      const table = await this.catalog.getTable(db, name);
      if (table) {
        for (const f of await walkFiles(this.catalog.storage.pathOfUri(table.location))) bytes += (await stat(f)).size;
        return;
      }
      const view = await this.catalog.getView(db, name.toLowerCase());
      for (const dep of view?.dependsOn ?? []) {
        const dot = dep.lastIndexOf('.');
        await visit(dep.slice(0, dot), dep.slice(dot + 1));
      }
    };
    for (const t of tables) await visit(t.schema, t.table);
    return bytes;
  }

  private async save(q: StoredQuery): Promise<void> {
    await mkdir(this.resultDir, { recursive: true });
    await writeFile(join(this.resultDir, `${q.execution.QueryExecutionId}.json`), JSON.stringify(q));
  }
}

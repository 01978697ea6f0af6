// Runs one SQL statement on Athena: StartQueryExecution in the environment's workgroup with
// positional ExecutionParameters, polling with exponential backoff and a timeout, then paginated
// GetQueryResults converted to typed rows. The AWS target's query() delegates here.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type QueryExecution,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import type { Environment } from '../model/environment.js';
import type { QueryResult } from '../report/model.js';
import type { AwsClients } from '../targets/aws/clients.js';
import type { QueryOptions } from '../targets/target.js';
import { formatDuration } from '../report/format.js';
import { Backoff, realClock, type Clock } from './poll.js';

export interface AthenaQueryOptions extends QueryOptions {
  /** Give up (and stop the query) after this long; default 10 minutes. */
  timeoutMs?: number;
  /** First poll delay and cap of the doubling backoff (default 200 ms and 5 s). */
  pollInitialMs?: number;
  pollMaxMs?: number;
  clock?: Clock;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 10 * 60_000;
/** GetQueryResults returns at most 1,000 rows a page. */
const PAGE_SIZE = 1000;

export class AthenaQueryError extends Error {
  constructor(
    message: string,
    readonly queryExecutionId: string,
    readonly state?: string,
  ) {
    super(message);
    this.name = 'AthenaQueryError';
  }
}

/** Converts one Athena cell (always text on the wire) to a JSON value by its column type. */
export function convertValue(text: string | undefined, type: string | undefined): unknown {
  if (text === undefined) return null; // Athena omits VarCharValue for SQL NULL
  switch ((type ?? '').toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return Number(text);
    case 'bigint': {
      // Beyond 2^53 a JS number loses digits; keep such values as their exact text.
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'double':
    case 'float':
    case 'real':
      return Number(text);
    case 'boolean':
      return text === 'true';
    default:
      // decimal keeps its exact text; dates, timestamps, arrays, maps and rows stay as Athena prints them.
      return text;
  }
}

function rowValues(row: { Data?: { VarCharValue?: string }[] }): (string | undefined)[] {
  return (row.Data ?? []).map((d) => d.VarCharValue);
}

function failureMessage(q: QueryExecution, id: string): string {
  const s = q.Status;
  const reason = s?.AthenaError?.ErrorMessage ?? s?.StateChangeReason ?? 'no reason given';
  return `Athena query ${id} ${s?.State === 'CANCELLED' ? 'was cancelled' : 'failed'}: ${reason}`;
}

/** Starts a query and waits for it to finish; returns the final QueryExecution. */
export async function startAndWait(
  clients: Pick<AwsClients, 'athena'>,
  env: Environment,
  sql: string,
  opts: AthenaQueryOptions = {},
): Promise<QueryExecution> {
  const clock = opts.clock ?? realClock;
  const athena = env.config.athena ?? {};
  const input: StartQueryExecutionCommandInput = {
    QueryString: sql,
    ...(athena.workgroup ? { WorkGroup: athena.workgroup } : {}),
    ...(athena.resultLocation ? { ResultConfiguration: { OutputLocation: athena.resultLocation } } : {}),
    ...(opts.database || athena.catalog
      ? {
          QueryExecutionContext: {
            ...(opts.database ? { Database: opts.database } : {}),
            ...(athena.catalog ? { Catalog: athena.catalog } : {}),
          },
        }
      : {}),
    // Values travel separately from the SQL text (the API rejects an empty list, so omit it then).
    ...(opts.parameters?.length ? { ExecutionParameters: opts.parameters } : {}),
  };
  const started = await clients.athena.send(new StartQueryExecutionCommand(input));
  const id = started.QueryExecutionId;
  if (!id) throw new Error('Athena StartQueryExecution returned no QueryExecutionId');

  const t0 = clock.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const backoff = new Backoff(opts.pollInitialMs ?? 200, opts.pollMaxMs ?? 5000);
  for (;;) {
    const { QueryExecution: q } = await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED') return q!;
    if (state === 'FAILED' || state === 'CANCELLED') throw new AthenaQueryError(failureMessage(q!, id), id, state);
    const elapsed = clock.now() - t0;
    if (elapsed >= timeoutMs) {
      // Stopping is best effort: the timeout message matters more than a failed stop call.
      await clients.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      throw new AthenaQueryError(
        `Athena query ${id} did not finish within ${formatDuration(timeoutMs)} (still ${state ?? 'unknown'} after ` +
          `${formatDuration(elapsed)}); it was stopped with StopQueryExecution. Raise the timeout or make the query cheaper.`,
        id,
        state,
      );
    }
    await clock.sleep(Math.min(backoff.next(), Math.max(0, timeoutMs - elapsed)));
  }
}

/**
 * Runs `sql` and returns its rows. At most `maxRows` rows are kept (default: all); totalRows still
 * counts every row, from the query's runtime statistics when available, else by reading the pages.
 */
export async function queryAthena(
  clients: Pick<AwsClients, 'athena'>,
  env: Environment,
  sql: string,
  opts: AthenaQueryOptions = {},
): Promise<QueryResult> {
  const q = await startAndWait(clients, env, sql, opts);
  const id = q.QueryExecutionId!;
  const maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;

  let columns: ColumnInfo[] = [];
  const rows: Record<string, unknown>[] = [];
  let counted = 0;
  let nextToken: string | undefined;
  let first = true;
  do {
    const page = await clients.athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken, MaxResults: PAGE_SIZE }),
    );
    const data = page.ResultSet?.Rows ?? [];
    let start = 0;
    if (first) {
      columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      // The first row of the first page of a SELECT repeats the column names (DDL output has none).
      const head = data[0] ? rowValues(data[0]) : [];
      const isHeader =
        q.StatementType === 'DML' ||
        (q.StatementType === undefined &&
          head.length === columns.length &&
          head.every((v, i) => v === columns[i]?.Name));
      if (isHeader && data.length) start = 1;
      first = false;
    }
    for (let i = start; i < data.length; i++) {
      if (rows.length < maxRows) {
        const values = rowValues(data[i]!);
        const row: Record<string, unknown> = {};
        columns.forEach((c, j) => (row[c.Name ?? `_col${j}`] = convertValue(values[j], c.Type)));
        rows.push(row);
      }
      counted++;
    }
    nextToken = page.NextToken;
    if (nextToken && rows.length >= maxRows) {
      // Enough rows kept; ask for the total instead of reading every remaining page.
      const total = await outputRows(clients, id);
      if (total !== undefined) {
        counted = Math.max(total, counted);
        nextToken = undefined;
      }
    }
  } while (nextToken);

  return {
    columns: columns.map((c, j) => c.Name ?? `_col${j}`),
    rows,
    totalRows: counted,
    bytesScanned: q.Statistics?.DataScannedInBytes,
    queryExecutionId: id,
  };
}

/** Rows the query returned, from GetQueryRuntimeStatistics (absent e.g. under Lake Formation row filters). */
async function outputRows(clients: Pick<AwsClients, 'athena'>, id: string): Promise<number | undefined> {
  try {
    const r = await clients.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: id }));
    return r.QueryRuntimeStatistics?.Rows?.OutputRows;
  } catch {
    return undefined;
  }
}

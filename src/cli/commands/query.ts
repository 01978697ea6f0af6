// `lakeops query [--env E] [--json] [--database DB] [--param VALUE]... "<sql>"`: runs one SQL query
// (Athena/Trino dialect) against the environment's catalog — DuckDB on the local target, Athena on
// AWS — and prints the rows as a table, or with --json as an array of row objects. Parameters bind
// to ? markers as Athena ExecutionParameters (SQL literals: quote strings), never pasted into the SQL.
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { formatBytes, formatValue, truncateText } from '../../report/format.js';
import type { QueryResult } from '../../report/model.js';
import { safeText } from '../../report/terminal.js';
import { createTarget } from '../../targets/index.js';
import type { QueryOptions } from '../../targets/target.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface QueryCommandOptions {
  database?: string;
  param?: string[];
  maxRows?: string;
}

export const DEFAULT_MAX_ROWS = 1000;
const MAX_CELL = 60;

/** A database name as the user wrote it: a logical name a pipeline declares gets the environment's prefix. */
export function physicalDatabase(project: Project, env: Environment, name: string): string {
  const declared = project.pipelines.some((p) => p.config.databases?.[name] !== undefined);
  return declared ? env.physicalName('database', name) : name;
}

/** Runs the query on the environment's target: the local engine directly, or the target's query(). */
export async function runQuery(
  project: Project,
  env: Environment,
  sql: string,
  opts: QueryOptions,
): Promise<QueryResult> {
  if (env.target === 'local') {
    // The engine alone (no orchestration) is all a query needs.
    const { LocalEngine } = await import('../../targets/local/engine.js');
    const engine = await LocalEngine.open(project, env);
    try {
      return await engine.query(sql, opts);
    } finally {
      await engine.close();
    }
  }
  const target = await createTarget(project, env);
  try {
    return await target.query(sql, opts);
  } finally {
    await target.close();
  }
}

/** Rows as an aligned text table (control characters shown escaped, long cells cut). */
export function renderRows(result: QueryResult): string {
  const header = result.columns;
  const body = result.rows.map((r) =>
    header.map((c) => truncateText(safeText(formatValue(r[c])).replace(/\r?\n/g, '↵'), MAX_CELL)),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const shown = result.rows.length;
  const more = result.totalRows > shown ? `, showing the first ${shown}; --max-rows N shows more` : '';
  const scanned = result.bytesScanned !== undefined ? `, ${formatBytes(result.bytesScanned)} scanned` : '';
  lines.push('', `(${result.totalRows} row${result.totalRows === 1 ? '' : 's'}${more}${scanned})`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('query')
    .description("run one SQL query (Athena/Trino SQL) on the environment's catalog: DuckDB locally, Athena on AWS")
    .argument('<sql>', 'the query, e.g. "SELECT * FROM hits_by_country LIMIT 10"')
    .option('-d, --database <name>', 'default database for unqualified table names (Athena QueryExecutionContext)')
    .option(
      '-p, --param <value>',
      "a value for the next ? marker, as a SQL literal ('text', 42, DATE '2024-05-01'); repeat for each marker",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--max-rows <n>', `rows to print (default ${DEFAULT_MAX_ROWS})`)
    .action(
      action(async (sql: string, opts: QueryCommandOptions, cmd: Command) => {
        const g = globalOptions(cmd);
        if (!sql.trim())
          throw new ConfigError('the query is empty; pass the SQL as one argument, e.g. lakeops query "SELECT 1"');
        let maxRows = DEFAULT_MAX_ROWS;
        if (opts.maxRows !== undefined) {
          maxRows = Number(opts.maxRows);
          if (!Number.isInteger(maxRows) || maxRows < 0)
            throw new ConfigError(`--max-rows "${opts.maxRows}" must be a whole number of rows (0 or more)`);
        }
        const { project, env } = await openProject(g);
        const result = await runQuery(project, env, sql, {
          database: opts.database ? physicalDatabase(project, env, opts.database) : undefined,
          parameters: opts.param,
          maxRows,
        });
        process.stdout.write(g.json ? JSON.stringify(result.rows, null, 2) + '\n' : renderRows(result));
        return EXIT_OK;
      }),
    );
}

// The column work the SQL parser does for `lakeops validate`, in one pass over a list of tasks the
// main process prepared (sql-columns.ts): first the output columns of every job output and view
// whose inputs are known (in dependency order, so a job reading another job's output sees its
// columns, `SELECT *` expanded), then every query checked against the columns of the tables it
// reads. It runs inside the analysis helper as source text (analysis.ts), so it must use nothing
// from outside its own body.
//
// The parser is @polyglot-sql/sdk: outputColumnsWithSchema for select lists (wildcards expanded
// against the schema, CTEs and subqueries followed) and validateWithSchema for the references
// (aliases, CTEs, subqueries, USING, struct field access, lambda parameters, LATERAL VIEW and
// UNNEST aliases resolved by the parser's own scopes). Only its unknown-column findings (E201) are
// kept: tables lakeops cannot know are left out of the schema, and what reads them is not judged.

/** One table a task's SQL reads: its name as written, and where its columns come from. */
export interface ColumnTable {
  /** The table name as the SQL writes it (a job input name, or the table part of db.table). */
  name: string;
  /** The database part as the SQL writes it, when it writes one. */
  schema?: string;
  /** Columns known up front (samples, declared tables), lower case. */
  columns: string[];
  /** Derive tasks whose output columns add to `columns`; when one has none, the table is unknown. */
  from: number[];
}

export interface ColumnTask {
  sql: string;
  dialect: 'spark' | 'athena';
  tables: ColumnTable[];
}

export interface ColumnRequest {
  /** Output columns to compute, each after the tasks it reads from (their indexes are smaller). */
  derive: ColumnTask[];
  /** Queries to check against the tables they read. */
  check: ColumnTask[];
}

export interface UnknownColumn {
  message: string;
  /** Unicode code point offsets in the task's SQL. */
  start: number;
  end: number;
}

export interface ColumnResult {
  /** Per derive task: its output column names (lower case), or null when they cannot be known. */
  derived: (string[] | null)[];
  /** Per check task: the unknown columns the parser found. */
  unknown: UnknownColumn[][];
}

interface ColumnParser {
  outputColumnsWithSchema(sql: string, schema: unknown, dialect: string): unknown;
  validateWithSchema(sql: string, schema: unknown, dialect: string, options: object): unknown;
}

/** Runs a ColumnRequest with the parser. Self-contained: it is also sent to the helper as text. */
export function resolveColumnsWith(pg: ColumnParser, req: ColumnRequest): ColumnResult {
  const derived: (string[] | null)[] = [];
  // The parser's schema for a task: only tables whose columns are all known. Two tables with one
  // name in different databases would be confused by name, so such a task gets no schema at all.
  const schemaOf = (task: ColumnTask) => {
    const tables: { name: string; schema?: string; columns: { name: string; type: string }[] }[] = [];
    const names = new Set<string>();
    for (const t of task.tables) {
      const cols = new Set(t.columns);
      let known = true;
      for (const id of t.from) {
        const d = derived[id];
        if (!d) {
          known = false;
          break;
        }
        for (const c of d) cols.add(c);
      }
      if (!known) continue;
      const key = t.name.toLowerCase();
      if (names.has(key) && !tables.some((x) => x.name === key && x.schema === t.schema?.toLowerCase())) return null;
      names.add(key);
      tables.push({
        name: key,
        ...(t.schema ? { schema: t.schema.toLowerCase() } : {}),
        columns: [...cols].map((c) => ({ name: c, type: 'unknown' })),
      });
    }
    return tables.length ? { tables, strict: true } : null;
  };
  for (const task of req.derive) {
    // With a table unknown, no wildcard is expanded: a select list that names every column
    // still gives the output, one with a * does not.
    const known = schemaOf(task);
    const schema = known && known.tables.length === task.tables.length ? known : { tables: [], strict: false };
    let out: string[] | null = null;
    {
      try {
        const r = pg.outputColumnsWithSchema(task.sql, schema, task.dialect) as {
          success: boolean;
          output?: { columns: { kind: string; name?: string }[] };
        };
        const cols = r.success ? (r.output?.columns ?? []) : [];
        // A wildcard left unexpanded, or an expression without a name (the engine names it
        // `_c0`, `count(1)`, `_col0`...), leaves the output's columns unknown.
        if (cols.length && cols.every((c) => c.kind === 'named' && c.name && !/^_col_?\d+$/.test(c.name)))
          out = [...new Set(cols.map((c) => c.name!.toLowerCase()))];
      } catch {
        out = null;
      }
    }
    derived.push(out);
  }
  const unknown = req.check.map((task) => {
    const schema = schemaOf(task);
    if (!schema) return [];
    try {
      const r = pg.validateWithSchema(task.sql, schema, task.dialect, {}) as {
        errors?: { code: string; message: string; start?: number; end?: number }[];
      };
      return (r.errors ?? [])
        .filter((e) => e.code === 'E201' && typeof e.start === 'number')
        .map((e) => ({ message: e.message, start: e.start!, end: e.end ?? e.start! }));
    } catch {
      return [];
    }
  });
  return { derived, unknown };
}

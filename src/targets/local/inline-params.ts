// Job parameters as SQL literals instead of prepared-statement values. DuckDB binds a statement
// with parameters twice, once when it is prepared and again when it runs with its values (only
// then can a filter on a Hive partition column prune the file list), and each bind expands every
// file glob of the inputs: over a week of minute folders that is the larger part of an hourly run
// (duckdb/duckdb#17237, "executing prepared statement always need to rebind and replan"). Spark
// binds `spark.sql(sql, args)` parameters as literals too, so the statement means the same.
//
// The parameter markers are found by a small lexer that skips strings, quoted identifiers,
// comments and dollar-quoted strings; the result is then checked against DuckDB's own parse
// (json_serialize_sql): the two syntax trees must be equal except that each parameter became a
// literal. When anything differs, or a value has no literal form here, the caller binds the
// values as before: this only ever saves a bind, it never changes what runs.
import { DuckDBTimestampTZValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The SQL literal of a bound value, or undefined when it has none here. */
function literal(v: DuckDBValue): string | undefined {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'bigint') return v < 0n ? `(${v})` : String(v);
  if (v instanceof DuckDBTimestampTZValue) return `CAST(${quote(v.toString())} AS TIMESTAMPTZ)`;
  return undefined;
}

const IDENT = /[A-Za-z0-9_]/;

/** Offsets and names of the `$name` markers outside strings, quoted identifiers and comments. */
export function parameterMarkers(sql: string): { at: number; name: string }[] {
  const out: { at: number; name: string }[] = [];
  let i = 0;
  const skipTo = (end: string, from: number) => {
    const j = sql.indexOf(end, from);
    return j < 0 ? sql.length : j + end.length;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      // '' and "" inside are the quote itself: skipping to each next quote walks over them.
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j++;
      i = j + 1;
    } else if (c === '-' && next === '-') i = skipTo('\n', i);
    else if (c === '/' && next === '*') i = skipTo('*/', i + 2);
    else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m)
        i = skipTo(m[0], i + m[0].length); // $tag$ ... $tag$
      else {
        const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i));
        if (name && (i === 0 || !IDENT.test(sql[i - 1]!))) {
          out.push({ at: i, name: name[1]! });
          i += name[0].length;
        } else i++;
      }
    } else i++;
  }
  return out;
}

async function treeOf(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const r = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  const tree = JSON.parse(String(r.getRows()[0]![0])) as { error: boolean };
  return tree.error ? undefined : tree;
}

/** True when `b` is `a` with each parameter node replaced by a literal (a constant, or a cast of one). */
function sameButLiterals(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameButLiterals(x, b[i]));
  if (!a || typeof a !== 'object') return a === b;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (x.class === 'PARAMETER') {
    const child = y.class === 'CAST' ? (y.child as Record<string, unknown> | undefined) : y;
    return child?.class === 'CONSTANT' && (y.alias ?? '') === (x.alias ?? '');
  }
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  keys.delete('query_location'); // offsets move when a marker becomes a longer literal
  keys.delete('named_param_map'); // the statement's list of parameter names (none are left)
  return [...keys].every((k) => sameButLiterals(x[k], y[k]));
}

/**
 * `sql` (one SELECT with `$name` markers) with the values written in as literals, or undefined
 * when that cannot be done with certainty (then bind the values).
 */
export async function inlineParameters(
  conn: DuckDBConnection,
  sql: string,
  values: Record<string, DuckDBValue>,
): Promise<string | undefined> {
  const markers = parameterMarkers(sql);
  if (!markers.length) return undefined;
  let out = '';
  let from = 0;
  for (const m of markers) {
    if (!(m.name in values)) return undefined;
    const lit = literal(values[m.name]!);
    if (lit === undefined) return undefined;
    out += `${sql.slice(from, m.at)}${lit}`;
    from = m.at + 1 + m.name.length;
  }
  out += sql.slice(from);
  const [before, after] = await Promise.all([treeOf(conn, sql), treeOf(conn, out)]);
  return before && after && sameButLiterals(before, after) ? out : undefined;
}

// Spark SQL (Glue jobs) and Athena/Trino SQL (views, validations, queries) translated to DuckDB
// with a real transpiler. Where the transpiler is wrong for our dialects, the fix is made on its
// AST before or after transpiling — never with regexes over SQL text.
//
// @polyglot-sql/sdk: the SQL parser/generator/transpiler (Rust, WebAssembly) with Spark, Athena and
// DuckDB dialects; it parses with positions, so errors point at the line and column.
//
// Start-up is paid once, not per process: every translation is kept on disk by content hash
// (translation-cache.ts), so a re-run of the same pipeline never loads the transpiler, and the
// transpiler is only imported on a cache miss (translator.ts).
import type { ast, Dialect as DialectEnum } from '@polyglot-sql/sdk';
import { cachedOnDisk } from './translation-cache.js';
import { loadTranslator, type Polyglot } from './translator.js';

type Expression = ast.Expression;
type Node = Record<string, any>;

export type SourceDialect = 'spark' | 'athena';

export interface TranslatedSql {
  /** DuckDB SQL. Spark's :name parameters are DuckDB $name; Athena's ? stay ? (both bind as prepared values). */
  sql: string;
  /** Named parameters (Spark :name), each once, in order of first use. */
  namedParams: string[];
  /** Number of positional ? markers (Athena ExecutionParameters). */
  positionalParams: number;
  /** Tables and views the DuckDB SQL reads (CTE names excluded), schema undefined when unqualified. */
  tables: { schema?: string; table: string }[];
}

export class SqlTranslateError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'SqlTranslateError';
  }
}

const readDialect = (pg: Polyglot, from: SourceDialect): DialectEnum =>
  from === 'spark' ? pg.Dialect.Spark : pg.Dialect.Athena;

/**
 * Typed date-part nodes whose argument the transpiler does not translate: Spark
 * `year(to_timestamp(s, 'dd/MM/yyyy'))` comes out as DuckDB `YEAR(TO_TIMESTAMP(s, 'dd/MM/yyyy'))`
 * (DuckDB's to_timestamp takes epoch seconds), while `EXTRACT(YEAR FROM ...)` has its argument
 * translated (`STRPTIME(s, '%d/%m/%Y')`). Both dialects define year(x) as EXTRACT(YEAR FROM x), so
 * these nodes become extract nodes before transpiling. (@polyglot-sql/sdk 0.12; a test pins it.)
 */
const DATE_PART_FIELDS: Record<string, string> = {
  year: 'Year',
  month: 'Month',
  day: 'Day',
  day_of_month: 'Day',
  hour: 'Hour',
  minute: 'Minute',
  second: 'Second',
  quarter: 'Quarter',
  day_of_year: 'DayOfYear',
  week_of_year: 'Week',
};

const numberLiteral = (value: number): Node => ({ literal: { literal_type: 'number', value: String(value) } });
const binary = (op: string, left: Node, right: Node): Node => ({
  [op]: { left, right, left_comments: [], operator_comments: [], trailing_comments: [] },
});

/** Rewrites on the source AST, before transpiling (see each case for the transpiler's mistake). */
function fixSource(pg: Polyglot, stmt: Expression, from: SourceDialect): Expression {
  const config: Record<string, (node: Expression) => Expression | undefined> = {};
  for (const [type, field] of Object.entries(DATE_PART_FIELDS)) {
    config[type] = (node) => ({ extract: { this: (node as Node)[type].this, field } }) as unknown as Expression;
  }
  if (from === 'spark') {
    // Spark's raise_error(msg) throws msg; the transpiler keeps the name, which DuckDB lacks. DuckDB's
    // error(msg) throws msg the same way (https://duckdb.org/docs/sql/functions/utility).
    config.function = (node) => {
      const f = (node as Node).function;
      if (String(f.name).toLowerCase() !== 'raise_error') return undefined;
      return { function: { ...f, name: 'error' } } as unknown as Expression;
    };
    // Spark dayofweek is Sunday=1..Saturday=7; the transpiler emits DuckDB ISODOW (Monday=1..Sunday=7).
    // EXTRACT(DOW ...) is Sunday=0..Saturday=6 in DuckDB, so DOW + 1 is Spark's value.
    config.day_of_week = (node) =>
      binary(
        'add',
        {
          paren: {
            this: { extract: { this: (node as Node).day_of_week.this, field: 'DayOfWeek' } },
            trailing_comments: [],
          },
        },
        numberLiteral(1),
      ) as unknown as Expression;
    // Spark arrays are 0-based, DuckDB lists 1-based; the transpiler keeps the index as written, so
    // split(s, ',')[0] would read NULL. A numeric literal index is shifted; a string index is a map
    // key and stays. (A computed index is left as is: it may be a map key.)
    config.subscript = (node) => {
      const s = (node as Node).subscript;
      const lit = s.index?.literal;
      if (lit?.literal_type !== 'number' || !/^\d+$/.test(lit.value)) return undefined;
      return { subscript: { ...s, index: numberLiteral(Number(lit.value) + 1) } } as unknown as Expression;
    };
  }
  return pg.transform(stmt, config as any);
}

/** Rewrites on the DuckDB AST, after transpiling. */
function fixTarget(pg: Polyglot, stmt: Expression, named: Set<string>, positional: { n: number }): Expression {
  return pg.transform(stmt, {
    // Spark's named markers are :name; DuckDB's prepared statements use $name. The transpiler keeps
    // :name, which DuckDB cannot parse, so the parameter node's style changes to Dollar.
    parameter: (node: Expression) => {
      const p = (node as Node).parameter;
      if (p.style === 'Colon' && p.name) {
        named.add(p.name);
        return { parameter: { ...p, style: 'Dollar' } } as unknown as Expression;
      }
      if (p.style === 'Question') positional.n++;
      return undefined;
    },
    placeholder: () => {
      positional.n++;
      return undefined;
    },
  } as any);
}

function fail(what: string, r: { error?: string; errorLine?: number; errorColumn?: number }): never {
  throw new SqlTranslateError(`${what}: ${r.error ?? 'unknown error'}`, r.errorLine, r.errorColumn);
}

function translateWith(pg: Polyglot, sql: string, from: SourceDialect): TranslatedSql {
  const { Dialect, generate, parse, transpile } = pg;
  const read = readDialect(pg, from);
  const parsed = parse(sql, read);
  if (!parsed.success) fail(`${from === 'spark' ? 'Spark' : 'Athena'} SQL does not parse`, parsed);
  const statements = (parsed.ast ?? []) as Expression[];
  if (statements.length !== 1) throw new SqlTranslateError(`expected one SQL statement, found ${statements.length}`);
  // The transpiler takes text: the fixed source AST goes back to source-dialect SQL first.
  const fixedSource = generate([fixSource(pg, statements[0]!, from)], read);
  if (!fixedSource.success || !fixedSource.sql) fail('cannot regenerate the SQL', fixedSource);
  const duck = transpile(fixedSource.sql[0]!, read, Dialect.DuckDB);
  if (!duck.success || !duck.sql) fail(`cannot translate the SQL to DuckDB`, duck);
  const reparsed = parse(duck.sql[0]!, Dialect.DuckDB);
  if (!reparsed.success) fail('the translated SQL does not parse as DuckDB', reparsed);
  const named = new Set<string>();
  const positional = { n: 0 };
  const fixed = (reparsed.ast as Expression[]).map((s) => fixTarget(pg, s, named, positional));
  const out = generate(fixed, Dialect.DuckDB);
  if (!out.success || !out.sql) fail('cannot generate DuckDB SQL', out);
  const duckSql = out.sql.join(';\n');
  return {
    sql: duckSql,
    namedParams: [...named],
    positionalParams: positional.n,
    tables: tablesWith(pg, duckSql),
  };
}

function tablesWith(pg: Polyglot, duckSql: string): TranslatedSql['tables'] {
  const r = pg.analyzeQuery(duckSql, pg.Dialect.DuckDB);
  if (!r.success || !r.analysis) return [];
  return r.analysis.baseTables
    .filter((t) => t.kind === 'table' && t.table)
    .map((t) => (t.schema ? { schema: t.schema, table: t.table! } : { table: t.table! }));
}

// A parse error is cached too: the same broken file fails the same way without loading the transpiler.
type Cached<T> = { ok: T } | { error: { message: string; line?: number; column?: number } };

async function cached<T>(kind: string, text: string, compute: (pg: Polyglot) => T): Promise<T> {
  const entry = await cachedOnDisk<Cached<T>>(kind, text, async () => {
    const pg = await loadTranslator();
    try {
      return { ok: compute(pg) };
    } catch (e) {
      if (!(e instanceof SqlTranslateError)) throw e;
      return { error: { message: e.message, line: e.line, column: e.column } };
    }
  });
  if ('error' in entry) throw new SqlTranslateError(entry.error.message, entry.error.line, entry.error.column);
  return entry.ok;
}

/** Translates one statement to DuckDB; throws SqlTranslateError with the position of a parse error. */
export function translateSql(sql: string, from: SourceDialect): Promise<TranslatedSql> {
  return cached(`translate-${from}`, sql, (pg) => translateWith(pg, sql, from));
}

/**
 * The tables and views a DuckDB query reads (CTE names excluded), as [schema, table] with schema
 * undefined when unqualified. Used for view dependencies and Athena's bytes-scanned estimate.
 */
export function referencedTables(duckSql: string): Promise<TranslatedSql['tables']> {
  return cached('tables-duckdb', duckSql, (pg) => tablesWith(pg, duckSql));
}

/** The AST of one Athena SELECT (e.g. an ExecutionParameters literal), or undefined when it does not parse. */
export function parseAthena(sql: string): Promise<unknown[] | undefined> {
  return cached('parse-athena', sql, (pg) => {
    const r = pg.parse(sql, pg.Dialect.Athena);
    return r.success ? ((r.ast ?? []) as unknown[]) : undefined;
  });
}

/** Double-quotes an identifier for DuckDB (names like demo-raw-data need it). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal for DuckDB DDL where values cannot be bound (file paths in CREATE VIEW). */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

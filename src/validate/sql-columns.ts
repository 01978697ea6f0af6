// Columns checked against the schema each query will meet: every job's SQL, view and validation
// query, and the columns data tests name. planColumns (before the parser runs) binds each table a
// query reads to what the project knows of its columns (schema-sources.ts) and lists the work for
// the parser (column-resolution.ts); columnDiagnostics turns the parser's findings into errors at
// the SQL file's own line and column, with the nearest known column as a hint.
//
// Identifiers are case-insensitive in both engines: Athena (Trino) lower-cases every identifier,
// quoted or not, because the Glue catalog stores names in lower case
// (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html), and Spark
// resolves names case-insensitively unless spark.sql.caseSensitive is set. Quoted identifiers are
// folded to lower case before parsing (same length, so positions stay the file's own).
import type { Diagnostic } from '../model/diagnostics.js';
import type { Pipeline } from '../model/project.js';
import { positionInText } from '../model/source-file.js';
import type { ColumnRequest, ColumnResult, ColumnTable, ColumnTask } from './column-resolution.js';
import type { ValidationContext } from './context.js';
import { SchemaSources, type Binding, type DeclaredTable, type QueryScope } from './schema-sources.js';
import { maskSql, tableReferences } from './sql-dialect.js';
import { codePointIndexer, databasesByPhysicalName, sqlUses, substituteSql, type SqlUse } from './sql.js';
import { nearest } from './suggest.js';

/** Constructs the parser's column resolution gets wrong: queries holding them are not judged. */
const UNJUDGED = /\b(?:PIVOT|UNPIVOT|TRANSFORM\s*\([^)]*\)\s*USING|MATCH_RECOGNIZE)\b/i;

/** Folds quoted identifiers ("x" in Athena, `x` in Spark) to lower case, keeping every offset. */
export function foldQuotedIdentifiers(sql: string, dialect: 'spark' | 'athena'): string {
  const masked = maskSql(sql);
  const re = dialect === 'athena' ? /"(?:[^"\n]|"")*"/g : /`[^`\n]*`/g;
  let out = sql;
  for (const m of masked.matchAll(re)) {
    const lower = m[0].toLowerCase();
    if (lower.length === m[0].length) out = out.slice(0, m.index!) + lower + out.slice(m.index! + lower.length);
  }
  return out;
}

interface PlannedCheck {
  use: SqlUse;
  /** The file's text, and a map from offsets in the checked text back to it. */
  text: string;
  toOriginal: (offset: number) => number;
  checked: string;
  task: number;
  tables: { name: string; binding?: Binding }[];
}

interface PlannedTest {
  pipeline: Pipeline;
  path: (string | number)[];
  column: string;
  table: string;
  binding?: Binding;
}

/** A data test's `expression`, checked as the query it compiles to. */
interface PlannedExpression {
  pipeline: Pipeline;
  path: (string | number)[];
  table: string;
  sql: string;
  task: number;
  binding: Binding;
}

export interface ColumnPlan {
  request: ColumnRequest;
  checks: PlannedCheck[];
  tests: PlannedTest[];
  expressions: PlannedExpression[];
}

/** Tables declared with their columns in pipeline.yaml (`tables:`), partition keys included. */
function declaredTables(ctx: ValidationContext): DeclaredTable[] {
  const out: DeclaredTable[] = [];
  for (const p of ctx.project.pipelines)
    for (const [name, t] of Object.entries(p.config.tables ?? {}))
      out.push({
        database: t.database,
        table: name,
        location: t.location,
        columns: [...t.columns, ...(t.partitionKeys ?? [])].map((c) => c.name.toLowerCase()),
        origin: `table ${t.database}.${name} declared in ${p.source.path}`,
      });
  return out;
}

/** Lists the parser's column work for every query of the project (run before analysis). */
export function planColumns(ctx: ValidationContext): ColumnPlan {
  const request: ColumnRequest = { derive: [], check: [] };
  const deriveIds = new Map<string, number>();
  const checkIds = new Map<string, number>();
  const dbs = databasesByPhysicalName(ctx);
  const resolved = new Map<string, ReturnType<typeof substituteSql> | undefined>();
  const resolve = (p: Pipeline, file: string) => {
    const subs = ctx.substitutions(p);
    const key = `${file}`;
    // Substitutions are shared by every pipeline without its own: cache per file for those.
    const own = p.config.stateMachine?.substitutions && Object.keys(p.config.stateMachine.substitutions).length;
    const k = own ? `${p.name}\0${key}` : key;
    if (!resolved.has(k)) {
      const text = ctx.readText(file);
      resolved.set(k, text === undefined ? undefined : substituteSql(text, subs));
    }
    return resolved.get(k);
  };

  const sources: SchemaSources = new SchemaSources(
    ctx,
    {
      sqlText: (p, file) => resolve(p, file)?.resolved,
      tablesOf: (sql, scope) => bindTables(sql, scope).tables,
      derive: (task, tables) => {
        if (unjudged(task.sql)) return -1;
        return add(request.derive, deriveIds, {
          sql: fold(task.sql, task.dialect),
          dialect: task.dialect,
          tables,
        });
      },
    },
    declaredTables(ctx),
  );
  const bindTables = (sql: string, scope: QueryScope): { tables: ColumnTable[]; bindings: (Binding | undefined)[] } => {
    const tables: ColumnTable[] = [];
    const bindings: (Binding | undefined)[] = [];
    const seen = new Set<string>();
    let refs = refsOf.get(sql);
    if (!refs) refsOf.set(sql, (refs = tableReferences(sql)));
    for (const ref of refs) {
      const key = ref.parts.join('.').toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      let b: Binding | undefined;
      if (ref.parts.length === 1) {
        if (scope.job) b = sources.input(scope.job, ref.parts[0]!);
        else if (scope.database) b = sources.table(scope.database, ref.parts[0]!);
      } else if (ref.parts.length === 2) {
        const logical = dbs.get(ref.parts[0]!.toLowerCase());
        if (logical) b = sources.table(logical, ref.parts[1]!);
      }
      bindings.push(b);
      tables.push({
        name: ref.parts[ref.parts.length - 1]!,
        ...(ref.parts.length === 2 ? { schema: ref.parts[0] } : {}),
        columns: b?.columns ?? [],
        from: b ? b.from : [-1],
      });
      if (ref.parts.length > 2) tables[tables.length - 1]!.from = [-1];
    }
    return { tables, bindings };
  };
  // Pipelines share SQL files: each text is read for its tables and folded once.
  const refsOf = new Map<string, ReturnType<typeof tableReferences>>();
  const folded = new Map<string, string>();
  const skipped = new Map<string, boolean>();
  const unjudged = (sql: string) => {
    let u = skipped.get(sql);
    if (u === undefined) skipped.set(sql, (u = UNJUDGED.test(maskSql(sql))));
    return u;
  };
  const fold = (sql: string, dialect: 'spark' | 'athena') => {
    const k = `${dialect}\0${sql}`;
    let f = folded.get(k);
    if (f === undefined) folded.set(k, (f = foldQuotedIdentifiers(sql, dialect)));
    return f;
  };
  const add = (list: ColumnTask[], ids: Map<string, number>, task: ColumnTask): number => {
    const key = JSON.stringify(task);
    let id = ids.get(key);
    if (id === undefined) {
      id = list.length;
      list.push(task);
      ids.set(key, id);
    }
    return id;
  };

  const checks: PlannedCheck[] = [];
  for (const use of sqlUses(ctx)) {
    const text = ctx.readText(use.file);
    const r = resolve(use.pipeline, use.file);
    if (text === undefined || !r || unjudged(r.resolved)) continue;
    const scope: QueryScope = use.job
      ? { pipeline: use.pipeline, job: use.pipeline.jobs.find((j) => j.name === use.job), dialect: use.dialect }
      : {
          pipeline: use.pipeline,
          database: (use.view
            ? use.pipeline.config.views![use.view]
            : use.pipeline.config.validations![use.validation!])!.database,
          dialect: use.dialect,
        };
    const { tables, bindings } = bindTables(r.resolved, scope);
    if (!bindings.some(Boolean)) continue; // nothing it reads is known: nothing to judge
    const task = add(request.check, checkIds, {
      sql: fold(r.resolved, use.dialect),
      dialect: use.dialect,
      tables,
    });
    checks.push({
      use,
      text,
      toOriginal: r.toOriginal,
      checked: r.resolved,
      task,
      tables: tables.map((t, i) => ({ name: t.schema ? `${t.schema}.${t.name}` : t.name, binding: bindings[i] })),
    });
  }
  // Data test expressions compile to SELECT * FROM <table> WHERE NOT (<expression>) (Athena SQL,
  // src/datatests/compile.ts): checked as that query against the table's columns.
  const expressions: PlannedExpression[] = [];
  for (const p of ctx.project.pipelines)
    for (const [table, tests] of Object.entries(p.config.tests ?? {})) {
      const [db, name] = table.split('.') as [string, string];
      const binding = sources.table(db, name);
      if (!binding) continue;
      const found: { path: (string | number)[]; expr: string }[] = [];
      (tests.expression ?? []).forEach((expr, i) => found.push({ path: ['tests', table, 'expression', i], expr }));
      for (const [col, list] of Object.entries(tests.columns ?? {}))
        list.forEach((t, i) => {
          if (typeof t === 'object' && 'expression' in t)
            found.push({ path: ['tests', table, 'columns', col, i, 'expression'], expr: t.expression });
        });
      for (const { path, expr } of found) {
        const sql = `SELECT * FROM ${name} WHERE NOT (${expr})`;
        if (unjudged(sql)) continue;
        const task = add(request.check, checkIds, {
          sql: fold(sql, 'athena'),
          dialect: 'athena',
          tables: [{ name, columns: binding.columns, from: binding.from }],
        });
        expressions.push({ pipeline: p, path, table, sql, task, binding });
      }
    }
  return { request, checks, tests: planDataTests(ctx, sources), expressions };
}

/** The columns data tests name: per column, freshness.column and relationships.field. */
function planDataTests(ctx: ValidationContext, sources: SchemaSources): PlannedTest[] {
  const out: PlannedTest[] = [];
  for (const p of ctx.project.pipelines)
    for (const [table, tests] of Object.entries(p.config.tests ?? {})) {
      const [db, name] = table.split('.') as [string, string];
      const binding = sources.table(db, name);
      for (const [col, list] of Object.entries(tests.columns ?? {})) {
        out.push({ pipeline: p, path: ['tests', table, 'columns', col], column: col, table, binding });
        list.forEach((t, i) => {
          if (typeof t === 'object' && 'relationships' in t) {
            const [rdb, rname] = t.relationships.to.split('.');
            if (rdb && rname)
              out.push({
                pipeline: p,
                path: ['tests', table, 'columns', col, i, 'relationships', 'field'],
                column: t.relationships.field,
                table: t.relationships.to,
                binding: sources.table(rdb, rname),
              });
          }
        });
      }
      if (tests.freshness)
        out.push({
          pipeline: p,
          path: ['tests', table, 'freshness', 'column'],
          column: tests.freshness.column,
          table,
          binding,
        });
    }
  return out;
}

/** A binding's columns once derive tasks are resolved, or undefined when unknown. */
function columnsOf(binding: Binding | undefined, result: ColumnResult): string[] | undefined {
  if (!binding) return undefined;
  const cols = new Set(binding.columns);
  for (const id of binding.from) {
    const d = result.derived[id];
    if (!d) return undefined;
    for (const c of d) cols.add(c);
  }
  return [...cols];
}

const list = (cols: string[]) => (cols.length <= 12 ? cols.join(', ') : `${cols.slice(0, 12).join(', ')}, ...`);

/**
 * The parser's findings as diagnostics. `broken(file)` says a file already has a syntax error
 * (then its columns are not reported: the parser's view of it is unreliable).
 */
export function columnDiagnostics(
  plan: ColumnPlan,
  result: ColumnResult,
  broken: (file: string) => boolean,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const c of plan.checks) {
    if (broken(c.use.file)) continue;
    const found = result.unknown[c.task] ?? [];
    if (!found.length) continue;
    const toIndex = codePointIndexer(c.checked);
    const known = c.tables
      .map((t) => ({ ...t, columns: columnsOf(t.binding, result) }))
      .filter((t): t is typeof t & { columns: string[] } => !!t.columns);
    for (const f of found) {
      const start = toIndex(f.start);
      const written = c.checked.slice(start, toIndex(f.end));
      const name = (/^(?:.*\.)?("?`?)([^".`]+)\1$/.exec(written.trim())?.[2] ?? written).trim();
      const table = /in table '([^']*)'/.exec(f.message)?.[1]?.toLowerCase();
      const owner = known.find(
        (t) => table && (t.name.toLowerCase() === table || t.name.toLowerCase().endsWith(`.${table}`)),
      );
      const candidates = owner ? owner.columns : known.flatMap((t) => t.columns);
      const guess = nearest(name, candidates);
      const where = owner
        ? `${owner.name} (columns from ${owner.binding!.origin}: ${list(owner.columns)})`
        : `any table this query reads (${known.map((t) => t.name).join(', ')})`;
      const pos = positionInText(c.text, c.toOriginal(start));
      const key = `${c.use.file}:${pos.line}:${pos.column}:${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        file: c.use.file,
        ...pos,
        severity: 'error',
        message: `column "${name}" does not exist in ${where}${guess ? `; did you mean "${guess}"?` : '; fix the name or the schema it comes from'}`,
        rule: 'sql-column',
      });
    }
  }
  for (const e of plan.expressions) {
    const cols = columnsOf(e.binding, result);
    if (!cols) continue;
    const toIndex = codePointIndexer(e.sql);
    for (const f of result.unknown[e.task] ?? []) {
      const name = e.sql.slice(toIndex(f.start), toIndex(f.end)).replace(/^.*\./, '').replace(/^"|"$/g, '');
      const guess = nearest(name, cols);
      out.push(
        e.pipeline.source.diagnostic(
          e.path,
          `data test expression names column "${name}", which ${e.table} does not have (columns from ${e.binding.origin}: ${list(cols)})${guess ? `; did you mean "${guess}"?` : ''}`,
          'sql-column',
        ),
      );
    }
  }
  for (const t of plan.tests) {
    const cols = columnsOf(t.binding, result);
    if (!cols || cols.includes(t.column.toLowerCase())) continue;
    const guess = nearest(t.column, cols);
    out.push(
      t.pipeline.source.diagnostic(
        t.path,
        `data test names column "${t.column}", which ${t.table} does not have (columns from ${t.binding!.origin}: ${list(cols)})${guess ? `; did you mean "${guess}"?` : ''}`,
        'sql-column',
        { key: t.path[t.path.length - 1] === t.column },
      ),
    );
  }
  return out;
}

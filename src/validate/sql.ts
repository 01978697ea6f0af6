// SQL files parse in their dialect with a real parser: Spark SQL for jobs (they run on Glue), Athena
// (Trino) for views and validations. Each must be one query (lakeops wraps a view's SELECT in
// CREATE OR REPLACE VIEW itself), validation `?` markers match their `parameters:`, views have
// none, and job SQL uses only the `:name` parameters its job declares.
//
// The parsing itself (@polyglot-sql/sdk, a SQL parser/transpiler in WebAssembly with Spark and
// Athena dialects and error positions) happens in analysis.ts, for every text at once; the checks
// here read its results through analyseSql().
import type { Diagnostic } from '../model/diagnostics.js';
import { SUBSTITUTION_RE, substitute } from '../model/environment.js';
import type { Pipeline } from '../model/project.js';
import { positionInText } from '../model/source-file.js';
import type { RawSqlAnalysis, SqlDialect } from './analysis.js';
import { ambiguousNames, type Substitutions, type ValidationContext } from './context.js';
import { foreignConstructs, maskSql, tableReferences } from './sql-dialect.js';
import { sparkFunctionsNotRunLocally } from '../targets/local/spark-functions.js';

export type { SqlDialect } from './analysis.js';

const QUERY_KINDS = new Set(['select', 'union', 'intersect', 'except', 'subquery']);

/**
 * Maps Unicode code point offsets (what the parser counts) to UTF-16 string indexes. Identity
 * unless the text has characters outside the Basic Multilingual Plane.
 */
export function codePointIndexer(text: string): (cp: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => cp;
  const indexes: number[] = [];
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) indexes.push(i);
  indexes.push(text.length);
  return (cp) => indexes[Math.min(cp, indexes.length - 1)]!;
}

interface Token {
  token_type: string;
  text: string;
  span: { start: number; end: number };
}

/** A parse's findings with offsets as string indexes into the text. */
export interface SqlAnalysis {
  error?: { offset: number; message: string };
  kinds: string[];
  placeholders: number;
  colonParameters: Set<string>;
  tokens: Token[];
}

const analyses = new Map<string, SqlAnalysis>();
const keyOf = (sql: string, dialect: SqlDialect) => `${dialect}\0${sql}`;

/** Records what the parser found for each text (the results of analysis.ts's analyse()). */
export function primeSqlAnalyses(texts: { text: string; dialect: SqlDialect }[], results: RawSqlAnalysis[]): void {
  if (analyses.size > 1000) analyses.clear();
  texts.forEach(({ text, dialect }, i) => {
    const r = results[i]!;
    const toIndex = codePointIndexer(text);
    analyses.set(keyOf(text, dialect), {
      error: r.error
        ? { offset: r.error.start === null ? 0 : toIndex(r.error.start), message: r.error.message }
        : undefined,
      kinds: r.kinds,
      placeholders: r.placeholders,
      colonParameters: new Set(r.colonParameters),
      tokens: (r.tokens ?? []).map((t) => ({ ...t, span: { start: toIndex(t.span.start), end: toIndex(t.span.end) } })),
    });
  });
}

/** The parse of a text primed earlier. */
export function analyseSql(sql: string, dialect: SqlDialect): SqlAnalysis {
  const a = analyses.get(keyOf(sql, dialect));
  if (!a) throw new Error('internal: SQL text checked before it was analysed (see sqlTexts)');
  return a;
}

/** `?` positional markers (Athena ExecutionParameters) in order, as offsets. */
export function placeholderOffsets(sql: string, dialect: SqlDialect): number[] {
  return analyseSql(sql, dialect)
    .tokens.filter((t) => t.token_type === 'PARAMETER' && t.text === '?')
    .map((t) => t.span.start);
}

/** `:name` parameters, as name and offset of the colon. */
export function namedParameters(sql: string, dialect: SqlDialect): { name: string; offset: number }[] {
  const tokens = analyseSql(sql, dialect).tokens;
  const out: { name: string; offset: number }[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.token_type === 'COLON' && next && next.span.start === t.span.end && /^[A-Za-z_]\w*$/.test(next.text))
      out.push({ name: next.text, offset: t.span.start });
  });
  return out;
}

/**
 * Syntax errors in `sql` with positions in `sql` (line/column 1-based), and whether it is a
 * single query. `file` is only copied into the diagnostics.
 */
export function checkSqlText(
  sql: string,
  dialect: SqlDialect,
  file: string,
  opts: { singleQuery?: boolean } = {},
): Diagnostic[] {
  const a = analyseSql(sql, dialect);
  const name = dialect === 'spark' ? 'Spark SQL' : 'Athena SQL';
  const at = (offset: number) => ({ file, ...positionInText(sql, offset), severity: 'error' as const });
  if (a.error) return [{ ...at(a.error.offset), message: `${name}: ${a.error.message}`, rule: 'sql-syntax' }];
  if (!opts.singleQuery) return [];
  const { kinds } = a;
  if (kinds.length === 0)
    return [{ ...at(0), message: `${name}: the file holds no query; write one SELECT`, rule: 'sql-not-select' }];
  if (kinds.length > 1) {
    const tokens = a.tokens;
    const semi = tokens.findIndex(
      (t, i) => t.token_type === 'SEMICOLON' && tokens[i + 1] && tokens[i + 1]!.token_type !== 'SEMICOLON',
    );
    return [
      {
        ...at(tokens[semi + 1]?.span.start ?? 0),
        message: `${name}: ${kinds.length} statements; the file must hold exactly one SELECT query`,
        rule: 'sql-not-select',
      },
    ];
  }
  if (!QUERY_KINDS.has(kinds[0]!))
    return [
      {
        ...at(a.tokens[0]?.span.start ?? 0),
        message: `${name}: this is a ${kinds[0]!.replace(/_/g, ' ').toUpperCase()} statement; the file must hold one SELECT query (lakeops writes the CREATE/INSERT itself)`,
        rule: 'sql-not-select',
      },
    ];
  return [];
}

/** Substitutes ${Name} and returns a map from offsets in the result back to the original text. */
export function substituteSql(text: string, values: Substitutions) {
  const { text: resolved, unresolved } = substitute(text, values);
  const edits: { from: number; origLen: number; newLen: number }[] = [];
  for (const m of text.matchAll(SUBSTITUTION_RE)) {
    const v = m[1]!.startsWith('input.') ? undefined : values.get(m[1]!);
    if (v) edits.push({ from: m.index!, origLen: m[0].length, newLen: v.value.length });
  }
  const toOriginal = (offset: number): number => {
    let delta = 0;
    for (const e of edits) {
      const start = e.from + delta;
      if (offset < start) break;
      if (offset < start + e.newLen) return e.from;
      delta += e.newLen - e.origLen;
    }
    return offset - delta;
  };
  return { resolved, unresolved, toOriginal };
}

export interface SqlUse {
  file: string;
  dialect: SqlDialect;
  /** Pipeline and job / view / validation it belongs to, for parameter checks. */
  pipeline: Pipeline;
  job?: string;
  view?: string;
  validation?: string;
}

export function sqlUses(ctx: ValidationContext): SqlUse[] {
  const uses: SqlUse[] = [];
  for (const p of ctx.project.pipelines) {
    for (const job of p.jobs) {
      const files = new Set(job.outputs.map((o) => o.sql));
      if (job.config.localSql) files.add(job.config.localSql);
      if (job.config.localOutput?.sql) files.add(job.config.localOutput.sql);
      for (const file of files) uses.push({ file, dialect: 'spark', pipeline: p, job: job.name });
    }
    for (const [name, v] of Object.entries(p.config.views ?? {}))
      uses.push({ file: v.sql, dialect: 'athena', pipeline: p, view: name });
    for (const [name, v] of Object.entries(p.config.validations ?? {}))
      uses.push({ file: v.sql, dialect: 'athena', pipeline: p, validation: name });
  }
  return uses;
}

function checkUse(ctx: ValidationContext, use: SqlUse, syntaxCache: Map<string, Diagnostic[]>): Diagnostic[] {
  const text = ctx.readText(use.file);
  if (text === undefined) return []; // references.ts reports the missing file
  const out: Diagnostic[] = [];
  const { resolved, unresolved, toOriginal } = substituteSql(text, ctx.substitutions(use.pipeline));
  const at = (offset: number) => positionInText(text, toOriginal(offset));
  const key = `${use.dialect}\0${use.file}\0${resolved}`;
  let syntax = syntaxCache.get(key);
  if (!syntax) {
    syntax = [
      ...unresolved.map((u): Diagnostic => ({
        file: use.file,
        ...positionInText(text, u.offset),
        severity: 'error',
        message: `\${${u.name}} does not resolve in environment "${ctx.env.name}"`,
        rule: 'unresolved-substitution',
      })),
      ...ambiguousNames(ctx, text, (offset) => ({ file: use.file, ...positionInText(text, offset) })),
      // Errors come back as positions in the substituted text; map them to the file.
      ...checkSqlText(resolved, use.dialect, use.file, { singleQuery: true }).map((d) => {
        const lines = resolved.split('\n');
        let offset = 0;
        for (let i = 0; i < d.line - 1; i++) offset += lines[i]!.length + 1;
        return { ...d, ...at(offset + d.column - 1) };
      }),
    ];
    syntaxCache.set(key, syntax);
    out.push(...syntax);
  }
  if (syntax.some((d) => d.rule === 'sql-syntax' && d.severity === 'error')) return out;
  for (const c of foreignConstructs(resolved, use.dialect))
    out.push({
      file: use.file,
      ...at(c.offset),
      severity: 'error',
      message: `${use.dialect === 'athena' ? 'Athena' : 'Spark'} SQL: ${c.message}`,
      rule: 'sql-dialect',
    });
  // Spark functions the local target's transpiler leaves untranslated: a local run of the job
  // would fail (or compute other values), so validate says so now, at the use.
  if (use.dialect === 'spark' && ctx.env.target === 'local')
    for (const f of sparkFunctionsNotRunLocally(maskSql(resolved)))
      out.push({
        file: use.file,
        ...at(f.offset),
        severity: 'error',
        message: `Spark SQL: ${f.name}() cannot run on the local target (${f.why})${use.job ? `; job ${use.job} runs it on AWS Glue only` : ''}`,
        rule: 'sql-local-function',
      });
  out.push(...checkTables(ctx, use, resolved, at));

  const src = use.pipeline.source;
  if (use.validation) {
    const v = use.pipeline.config.validations![use.validation]!;
    const markers = analyseSql(resolved, use.dialect).placeholders;
    const params = v.parameters ?? [];
    if (markers !== params.length)
      out.push(
        src.diagnostic(
          ['validations', use.validation, v.parameters ? 'parameters' : 'sql'],
          `validation ${use.validation}: ${use.file} has ${markers} ? marker(s) but parameters: lists ${params.length} value(s); give one value per ?, in order`,
          'sql-parameters',
        ),
      );
  }
  if (use.view) {
    const first = analyseSql(resolved, use.dialect).placeholders
      ? placeholderOffsets(resolved, use.dialect)[0]
      : undefined;
    if (first !== undefined)
      out.push({
        file: use.file,
        ...at(first),
        severity: 'error',
        message: `view ${use.view}: a view cannot take ? parameters; filter in the query that reads the view`,
        rule: 'sql-parameters',
      });
  }
  if (use.job) {
    const declared = use.pipeline.config.jobs![use.job]!.parameters ?? {};
    const undeclared = [...analyseSql(resolved, use.dialect).colonParameters].filter((n) => !(n in declared));
    // Positions come from the tokens, looked up only when something is wrong.
    const located = undeclared.length ? namedParameters(resolved, use.dialect) : [];
    for (const name of undeclared) {
      const offsets = located.filter((x) => x.name === name).map((x) => x.offset);
      if (offsets.length === 0) offsets.push(Math.max(0, resolved.indexOf(`:${name}`)));
      for (const offset of offsets)
        out.push({
          file: use.file,
          ...at(offset),
          severity: 'error',
          message: `:${name} is not a parameter of job ${use.job}; declare it under jobs.${use.job}.parameters${Object.keys(declared).length ? ` (declared: ${Object.keys(declared).join(', ')})` : ''}`,
          rule: 'sql-parameters',
        });
    }
  }
  return out;
}

/** Every SQL text the project's checks will parse (after ${Name} substitution), once each. */
export function sqlTexts(ctx: ValidationContext): { text: string; dialect: SqlDialect }[] {
  const seen = new Map<string, { text: string; dialect: SqlDialect }>();
  for (const use of sqlUses(ctx)) {
    const text = ctx.readText(use.file);
    if (text === undefined) continue;
    const resolved = substituteSql(text, ctx.substitutions(use.pipeline)).resolved;
    seen.set(keyOf(resolved, use.dialect), { text: resolved, dialect: use.dialect });
  }
  return [...seen.values()];
}

/** The SQL checks, once sqlTexts(ctx) has been analysed and primed. */
export function checkSql(ctx: ValidationContext): Diagnostic[] {
  const cache = new Map<string, Diagnostic[]>();
  return sqlUses(ctx).flatMap((u) => checkUse(ctx, u, cache));
}

const databaseIndex = new WeakMap<ValidationContext, Map<string, string>>();

/** Physical database name (what SQL says after ${Name} substitution) -> logical name. */
export function databasesByPhysicalName(ctx: ValidationContext): Map<string, string> {
  let map = databaseIndex.get(ctx);
  if (!map) {
    map = new Map();
    for (const logical of ctx.databases.keys()) {
      map.set(ctx.env.physicalName('database', logical).toLowerCase(), logical);
      map.set(logical.toLowerCase(), logical);
    }
    databaseIndex.set(ctx, map);
  }
  return map;
}

/**
 * The tables a query reads exist where it will run: a job reads its declared inputs (by input
 * name) or tables of the project's databases; a view or validation reads tables of its database
 * (or of another project database) that a crawler, job output or view produces. Databases the
 * project does not declare are outside what validate can know and are not judged.
 */
function checkTables(
  ctx: ValidationContext,
  use: SqlUse,
  resolved: string,
  at: (offset: number) => { line: number; column: number },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dbs = databasesByPhysicalName(ctx);
  const tables = ctx.tables();
  const inputs = use.job ? (use.pipeline.config.jobs![use.job]!.inputs ?? []).map((i) => i.name.toLowerCase()) : [];
  const ownDb = use.view
    ? use.pipeline.config.views![use.view]!.database
    : use.validation
      ? use.pipeline.config.validations![use.validation]!.database
      : undefined;
  for (const ref of tableReferences(resolved)) {
    const where = { file: use.file, ...at(ref.offset) };
    if (ref.parts.length === 1) {
      const name = ref.parts[0]!;
      if (use.job) {
        if (inputs.includes(name.toLowerCase())) continue;
        out.push({
          ...where,
          severity: 'error',
          message: `job ${use.job} reads "${name}", which is none of its inputs (${inputs.join(', ') || 'none declared'}); declare it under jobs.${use.job}.inputs or fix the name`,
          rule: 'sql-table',
        });
      } else if (ownDb && !tables.has(ownDb, name.toLowerCase()) && !tables.has(ownDb, name))
        out.push({
          ...where,
          severity: 'error',
          message: `${use.view ? `view ${use.view}` : `validation ${use.validation}`} reads table "${name}", which database ${ownDb} will not have (it has: ${tables.inDatabase(ownDb).join(', ') || 'no known tables'})`,
          rule: 'sql-table',
        });
      continue;
    }
    if (ref.parts.length !== 2) continue;
    const logical = dbs.get(ref.parts[0]!.toLowerCase());
    if (!logical) continue;
    const table = ref.parts[1]!;
    if (tables.has(logical, table.toLowerCase()) || tables.has(logical, table)) continue;
    out.push({
      ...where,
      severity: 'error',
      message: `reads table ${ref.parts.join('.')}, which no crawler, job output or view of the project produces in database ${logical} (it has: ${tables.inDatabase(logical).join(', ') || 'no known tables'})`,
      rule: 'sql-table',
    });
  }
  return out;
}

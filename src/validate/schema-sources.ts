// The columns a query will meet, from what the project itself says: sample data it lands (the
// generators' declared columns, a sample file's CSV header or JSON keys), tables it declares with
// their columns, and the select lists of the job outputs and views it produces. A crawler's table
// gets the columns of the data under its folder (with key=value folders as partition columns), a
// job input those of the table or path it reads. Anything lakeops cannot see (data landed from
// outside, a Python script's output, a Parquet sample, a cycle) makes the table unknown, and what
// reads an unknown table is not judged. Nothing here loads DuckDB or the SQL parser: select lists
// become derive tasks that the parser resolves later (column-resolution.ts).
import { parse as parseCsv } from 'csv-parse/sync';
import type { Job, Pipeline } from '../model/project.js';
import { clicks } from '../sample/generators/clicks.js';
import { customers } from '../sample/generators/customers.js';
import { hits } from '../sample/generators/hits.js';
import { sales } from '../sample/generators/sales.js';
import type { SampleGenerator } from '../sample/table.js';
import type { SampleConfig } from '../model/schema.js';
import type { ColumnTable, ColumnTask } from './column-resolution.js';
import { walkStrings, type ValidationContext } from './context.js';
import type { SqlDialect } from './analysis.js';

/** Where a table's columns come from: known names plus derive tasks; undefined when unknown. */
export interface Binding {
  columns: string[];
  from: number[];
  /** What the columns were learnt from, for messages. */
  origin: string;
}

/** A table declared with its columns (pipeline.yaml `tables:`), whatever declares it. */
export interface DeclaredTable {
  database: string;
  table: string;
  location?: string;
  columns: string[];
  origin: string;
}

/** Data written or landed at an S3 prefix. */
interface Dataset {
  path: string;
  /** Undefined: the columns cannot be known (a script writes there, a Parquet sample...). */
  binding?: () => Binding | undefined;
}

const GENERATORS: Record<Exclude<SampleConfig['generator'], 'file'>, SampleGenerator> = {
  clicks,
  customers,
  hits,
  sales,
};

/** s3://bucket/a/b/ -> bucket/a/b (the form paths are compared in). */
export function normPath(uri: string): string {
  return uri
    .replace(/^s3a?:\/\//, '')
    .split('/')
    .filter(Boolean)
    .join('/');
}

const isUnder = (p: string, folder: string) => p === folder || p.startsWith(folder + '/');

function hiveKeys(relative: string): string[] {
  return relative
    .split('/')
    .filter((s) => /^[^=]+=/.test(s))
    .map((s) => s.slice(0, s.indexOf('=')).toLowerCase());
}

/** Columns of a sample: a generator's declared columns, a file's header or first JSON row. */
function sampleColumns(ctx: ValidationContext, s: SampleConfig): string[] | undefined {
  if (s.generator !== 'file') {
    for (const table of GENERATORS[s.generator](1, s.seed ?? 1))
      return [...table.columns.map((c) => c.name.toLowerCase()), ...hiveKeys(table.key)];
    return undefined;
  }
  if (!s.file) return undefined;
  const format = s.format ?? (/\.csv$/i.test(s.file) ? 'csv' : /\.jsonl?$/i.test(s.file) ? 'json' : undefined);
  const text = format === 'csv' || format === 'json' ? ctx.readText(s.file) : undefined;
  if (text === undefined) return undefined;
  try {
    if (format === 'csv') {
      const first = text.slice(0, text.search(/\r?\n/) < 0 ? text.length : text.search(/\r?\n/));
      const header = (parseCsv(first, { to_line: 1 }) as string[][])[0];
      return header?.length ? header.map((h) => h.trim().toLowerCase()) : undefined;
    }
    // JSON Lines: the keys of the rows (all of them: a key missing from some rows is still a column).
    const keys = new Set<string>();
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as unknown;
      if (!row || typeof row !== 'object' || Array.isArray(row)) return undefined;
      for (const k of Object.keys(row)) keys.add(k.toLowerCase());
    }
    return keys.size ? [...keys] : undefined;
  } catch {
    return undefined; // samples.ts reports the malformed file
  }
}

function union(parts: (Binding | undefined)[], origin?: string): Binding | undefined {
  if (parts.length === 0 || parts.some((p) => !p)) return undefined;
  const columns = new Set<string>();
  const from = new Set<number>();
  for (const p of parts as Binding[]) {
    for (const c of p.columns) columns.add(c);
    for (const f of p.from) from.add(f);
  }
  return {
    columns: [...columns],
    from: [...from],
    origin: origin ?? [...new Set((parts as Binding[]).map((p) => p.origin))].join(' + '),
  };
}

export interface SchemaSourceHooks {
  /** The SQL text (after ${Name} substitution) of a file as a pipeline uses it. */
  sqlText(pipeline: Pipeline, file: string): string | undefined;
  /** Turns a query and the bindings of what it reads into a derive task; returns its index. */
  derive(task: Omit<ColumnTask, 'tables'>, tables: ColumnTable[]): number;
  /** The tables a query reads, bound (unknown ones with from: [-1]). */
  tablesOf(sql: string, scope: QueryScope): ColumnTable[];
}

/** What a query's table names mean: a job's inputs, or a database's tables. */
export interface QueryScope {
  pipeline: Pipeline;
  job?: Job;
  /** The database unqualified names read (views and validations). */
  database?: string;
  dialect: SqlDialect;
}

/** Column knowledge of one project, computed lazily and once per table. */
export class SchemaSources {
  private datasets: Dataset[] = [];
  private tables = new Map<string, Binding | undefined | 'pending'>();
  private outputs = new Map<string, number | undefined | 'pending'>();

  constructor(
    private ctx: ValidationContext,
    private hooks: SchemaSourceHooks,
    private declared: DeclaredTable[] = [],
  ) {
    for (const p of ctx.project.pipelines) {
      for (const s of p.config.sample ?? []) {
        const cols = sampleColumns(ctx, s);
        const origin = `sample ${s.generator === 'file' ? s.file : `generator ${s.generator}`}`;
        this.datasets.push({
          path: normPath(s.to),
          binding: cols ? () => ({ columns: cols, from: [], origin }) : undefined,
        });
      }
      for (const job of p.jobs) {
        if (job.kind === 'sql')
          for (const o of job.outputs)
            this.datasets.push({ path: normPath(o.path), binding: () => this.outputBinding(p, job, o) });
        // A script writes where its arguments say; what it writes is not known.
        else
          walkStrings(job.config, (s) => {
            if (/^s3a?:\/\//.test(s)) this.datasets.push({ path: normPath(s) });
          });
      }
    }
    for (const t of declared)
      if (t.location)
        this.datasets.push({
          path: normPath(t.location),
          binding: () => ({ columns: t.columns, from: [], origin: t.origin }),
        });
  }

  /** The columns at an S3 prefix: every dataset at or below it, partition folders included. */
  path(uri: string): Binding | undefined {
    const folder = normPath(uri);
    const parts: (Binding | undefined)[] = [];
    for (const d of this.datasets) {
      const below = isUnder(d.path, folder);
      if (!below && !isUnder(folder, d.path)) continue;
      if (!d.binding) return undefined; // unknown data at, above or below the folder
      if (!below) continue;
      const b = d.binding();
      const keys = hiveKeys(d.path.slice(folder.length));
      parts.push(b && keys.length ? { ...b, columns: [...b.columns, ...keys] } : b);
    }
    return union(parts);
  }

  /** The columns of database.table (logical database name). */
  table(database: string, table: string): Binding | undefined {
    const key = `${database}.${table.toLowerCase()}`;
    const memo = this.tables.get(key);
    if (memo === 'pending') return undefined; // a cycle: the table reads itself
    if (this.tables.has(key)) return memo;
    this.tables.set(key, 'pending');
    const t = table.toLowerCase();
    const parts: (Binding | undefined)[] = [];
    for (const d of this.declared)
      if (d.database === database && d.table.toLowerCase() === t)
        parts.push({ columns: d.columns, from: [], origin: d.origin });
    for (const p of this.ctx.project.pipelines) {
      for (const [name, v] of Object.entries(p.config.views ?? {}))
        if (v.database === database && name.toLowerCase() === t) parts.push(this.viewBinding(p, name));
      for (const job of p.jobs)
        for (const o of [...job.outputs, ...(job.config.localOutput ? [job.config.localOutput] : [])])
          if (o.table?.toLowerCase() === `${database.toLowerCase()}.${t}`)
            parts.push(job.kind === 'sql' && 'sql' in o && o.sql ? this.outputBinding(p, job, o) : undefined);
    }
    for (const k of this.ctx.tables().all)
      if (k.database === database && k.table.toLowerCase() === t && k.folder) parts.push(this.path(k.folder));
    const b = union(parts);
    this.tables.set(key, b);
    return b;
  }

  /** The columns of a job's input (by input name). */
  input(job: Job, name: string): Binding | undefined {
    const input = (job.config.inputs ?? []).find((i) => i.name.toLowerCase() === name.toLowerCase());
    if (!input) return undefined;
    if (input.table) {
      const [db, t, ...rest] = input.table.split('.');
      return db && t && rest.length === 0 ? this.table(db, t) : undefined;
    }
    return input.path ? this.path(input.path) : undefined;
  }

  private outputBinding(p: Pipeline, job: Job, o: { sql?: string; path: string }): Binding | undefined {
    const key = `${p.name}\0${job.name}\0${o.sql}`;
    const memo = this.outputs.get(key);
    if (memo === 'pending') return undefined;
    let id = memo;
    if (!this.outputs.has(key)) {
      this.outputs.set(key, 'pending');
      id = this.deriveFrom(o.sql, { pipeline: p, job, dialect: 'spark' });
      this.outputs.set(key, id);
    }
    return id === undefined ? undefined : { columns: [], from: [id], origin: `the select list of ${o.sql}` };
  }

  private viewBinding(p: Pipeline, name: string): Binding | undefined {
    const v = p.config.views![name]!;
    const key = `view\0${v.database}\0${name}`;
    const memo = this.outputs.get(key);
    if (memo === 'pending') return undefined;
    let id = memo;
    if (!this.outputs.has(key)) {
      this.outputs.set(key, 'pending');
      id = this.deriveFrom(v.sql, { pipeline: p, database: v.database, dialect: 'athena' });
      this.outputs.set(key, id);
    }
    return id === undefined ? undefined : { columns: [], from: [id], origin: `the select list of ${v.sql}` };
  }

  private deriveFrom(file: string | undefined, scope: QueryScope): number | undefined {
    const sql = file ? this.hooks.sqlText(scope.pipeline, file) : undefined;
    if (sql === undefined) return undefined;
    return this.hooks.derive({ sql, dialect: scope.dialect }, this.hooks.tablesOf(sql, scope));
  }
}

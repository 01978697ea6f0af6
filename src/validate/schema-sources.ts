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
      const header = (parseCsv(first, { to_line: 1 }) as string[][])[0]?.map((h) => h.trim().toLowerCase());
      // A first row that cannot be a header (a number, an empty or repeated name) means the file
      // has none: the crawler then names the columns col0, col1... and lakeops does not guess.
      if (!header?.length || new Set(header).size !== header.length) return undefined;
      if (header.some((h) => h === '' || /^[-+]?[\d.]+$/.test(h))) return undefined;
      return header;
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

/** A tree of S3 path segments holding the datasets written or landed at each folder. */
interface PathNode {
  children: Map<string, PathNode>;
  here: Dataset[];
}

/** Column knowledge of one project, computed lazily and once per table or folder. */
export class SchemaSources {
  private root: PathNode = { children: new Map(), here: [] };
  /** What produces each table, by "database.table" (table in lower case). */
  private producers = new Map<string, (() => Binding | undefined)[]>();
  private tables = new Map<string, Binding | undefined | 'pending'>();
  private folders = new Map<string, Binding | undefined>();
  private outputs = new Map<string, number | undefined | 'pending'>();

  constructor(
    private ctx: ValidationContext,
    private hooks: SchemaSourceHooks,
    declared: DeclaredTable[] = [],
  ) {
    const produce = (database: string, table: string, b: () => Binding | undefined) => {
      const key = `${database}.${table.toLowerCase()}`;
      const list = this.producers.get(key);
      if (list) list.push(b);
      else this.producers.set(key, [b]);
    };
    const sampleCache = new Map<string, string[] | undefined>();
    for (const p of ctx.project.pipelines) {
      for (const s of p.config.sample ?? []) {
        const spec = `${s.generator}\0${s.file}\0${s.format}\0${s.seed}`;
        if (!sampleCache.has(spec)) sampleCache.set(spec, sampleColumns(ctx, s));
        const cols = sampleCache.get(spec);
        const origin = `sample ${s.generator === 'file' ? s.file : `generator ${s.generator}`}`;
        this.addDataset(s.to, cols ? () => ({ columns: cols, from: [], origin }) : undefined);
      }
      for (const job of p.jobs) {
        if (job.kind === 'sql')
          for (const o of job.outputs) {
            const b = () => this.outputBinding(p, job, o);
            this.addDataset(o.path, b);
            const [db, t, ...rest] = o.table?.split('.') ?? [];
            if (db && t && !rest.length) produce(db, t, b);
          }
        else {
          // A script writes where its arguments say; what it writes is not known.
          walkStrings(job.config, (s) => {
            if (/^s3a?:\/\//.test(s)) this.addDataset(s, undefined);
          });
          for (const o of job.config.localOutput ? [job.config.localOutput] : []) {
            const [db, t] = o.table?.split('.') ?? [];
            if (db && t) produce(db, t, () => undefined);
          }
        }
      }
      for (const [name, v] of Object.entries(p.config.views ?? {}))
        produce(v.database, name, () => this.viewBinding(p, name));
    }
    for (const t of declared) {
      const b = () => ({ columns: t.columns, from: [], origin: t.origin });
      produce(t.database, t.table, b);
      if (t.location) this.addDataset(t.location, b);
    }
    for (const k of ctx.tables().all) {
      const folder = k.folder;
      if (folder) produce(k.database, k.table, () => this.path(folder));
    }
  }

  private addDataset(uri: string, binding: Dataset['binding']): void {
    const path = normPath(uri);
    let node = this.root;
    for (const seg of path.split('/')) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = { children: new Map(), here: [] }));
      node = next;
    }
    node.here.push({ path, binding });
  }

  /** The columns at an S3 prefix: every dataset at or below it, partition folders included. */
  path(uri: string): Binding | undefined {
    const folder = normPath(uri);
    if (this.folders.has(folder)) return this.folders.get(folder);
    const result = this.pathUncached(folder);
    this.folders.set(folder, result);
    return result;
  }

  private pathUncached(folder: string): Binding | undefined {
    let node: PathNode | undefined = this.root;
    for (const seg of folder.split('/')) {
      // Something unknown written above the folder may write into it.
      if (node.here.some((d) => !d.binding)) return undefined;
      node = node.children.get(seg);
      if (!node) return undefined;
    }
    const parts: (Binding | undefined)[] = [];
    const stack: PathNode[] = [node];
    for (let n = stack.pop(); n; n = stack.pop()) {
      for (const d of n.here) {
        if (!d.binding) return undefined; // unknown data at or below the folder
        const b = d.binding();
        const keys = hiveKeys(d.path.slice(folder.length));
        parts.push(b && keys.length ? { ...b, columns: [...b.columns, ...keys] } : b);
      }
      stack.push(...n.children.values());
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
    const b = union((this.producers.get(key) ?? []).map((f) => f()));
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

// Glue crawlers on the local target: walk each S3 target folder, find the table roots the way a
// Glue crawler does, infer format, schema and partitions from the files, and create or update the
// catalog tables. How Glue groups folders into tables and partitions:
// https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html
//
// minimatch: the glob matcher for crawler exclusion patterns (Glue's exclude globs, relative to the
// include path; `*` stays in one folder, `**` crosses folders).
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { minimatch } from 'minimatch';
import { parseS3Uri } from '../../model/environment.js';
import type { LocalCatalog, TableMeta } from './catalog.js';
import {
  describeFiles,
  formatFromName,
  isDataFileName,
  sniffFormat,
  type ColumnDef,
  type DataFormat,
  type PartitionLevel,
} from './formats.js';
import { walkFiles, type LocalStorage } from './storage.js';

export interface CrawlTarget {
  /** s3:// URI with substitutions resolved. */
  path: string;
  exclusions?: string[];
}

export interface CrawlSpec {
  name: string;
  /** Physical Glue database name. */
  database: string;
  targets: CrawlTarget[];
  tablePrefix?: string;
  /** new-folders-only: existing tables keep their schema; only partitions are added (Glue's incremental crawl). */
  recrawl?: 'everything' | 'new-folders-only';
}

export interface CrawlResult {
  tablesCreated: string[];
  tablesUpdated: string[];
  /** Tables whose files were crawled but did not change. */
  tablesUnchanged: string[];
  partitionsAdded: number;
  /** Views recreated because a table they read changed, and views that now fail. */
  viewsRecreated: string[];
  viewErrors: { view: string; error: string }[];
  /** Files skipped: unknown format, or a format other than their table's. */
  skippedFiles: string[];
}

interface DataFile {
  abs: string;
  /** Folder names between the table root and the file. */
  dirs: string[];
  format: DataFormat;
}

/** A folder that holds one dataset: its files, the partition levels below it, and its schema. */
interface TableRoot {
  /** Absolute folder path. */
  dir: string;
  files: DataFile[];
}

const HIVE_SEGMENT = /^([^=/]+)=(.*)$/;

/** Glue's table name for a folder: lower case, characters other than letters, digits and "_" as "_". */
export function tableNameFor(folder: string, prefix = ''): string {
  return (prefix + folder).toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** Partition levels shared by the files: key=value folders become Hive keys, others partition_<i>. */
export function partitionLevelsOf(files: { dirs: string[] }[]): PartitionLevel[] {
  if (!files.length) return [];
  const depth = Math.min(...files.map((f) => f.dirs.length));
  const levels: PartitionLevel[] = [];
  for (let i = 0; i < depth; i++) {
    const keys = new Set(files.map((f) => HIVE_SEGMENT.exec(f.dirs[i]!)?.[1]));
    const [key] = keys;
    // The key as written: DuckDB's Hive reader matches folder keys exactly (queries match any case).
    if (keys.size === 1 && key !== undefined) levels.push({ name: key, hive: true });
    else levels.push({ name: `partition_${i}`, hive: false });
  }
  return levels;
}

function partitionValues(file: DataFile, levels: PartitionLevel[]): string[] {
  return levels.map((l, i) => {
    const seg = file.dirs[i]!;
    return l.hive ? seg.slice(seg.indexOf('=') + 1) : seg;
  });
}

/** Globs (relative to the table root) that select exactly the formats' files. */
export function sourceGlobs(files: DataFile[]): string[] {
  const suffixes = new Set<string>();
  for (const f of files) {
    const name = basename(f.abs).toLowerCase();
    const m = /(\.[a-z0-9]+(?:\.(?:gz|gzip|zst))?)$/.exec(name);
    if (!m || !formatFromName(name)) return ['**/*'];
    suffixes.add(m[1]!);
  }
  return [...suffixes].sort().map((s) => `**/*${s}`);
}

function sameSchema(a: ColumnDef[], b: ColumnDef[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);
}

/** Glue's similarity test: at least 70% of the columns in common (and the same format). */
function similar(a: { format: DataFormat; columns: ColumnDef[] }, b: { format: DataFormat; columns: ColumnDef[] }) {
  if (a.format !== b.format) return false;
  const x = new Set(a.columns.map((c) => c.name));
  const y = new Set(b.columns.map((c) => c.name));
  const common = [...x].filter((n) => y.has(n)).length;
  return common / Math.max(x.size, y.size, 1) >= 0.7;
}

const majorityFormat = (files: DataFile[]): DataFormat => {
  const count = new Map<DataFormat, number>();
  for (const f of files) count.set(f.format, (count.get(f.format) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]![0];
};

const emptyResult = (): CrawlResult => ({
  tablesCreated: [],
  tablesUpdated: [],
  tablesUnchanged: [],
  partitionsAdded: 0,
  viewsRecreated: [],
  viewErrors: [],
  skippedFiles: [],
});

export class Crawler {
  constructor(
    private readonly storage: LocalStorage,
    private readonly catalog: LocalCatalog,
    private readonly conn: DuckDBConnection,
  ) {}

  async crawl(spec: CrawlSpec): Promise<CrawlResult> {
    const result = emptyResult();
    await this.catalog.ensureDatabase(spec.database);
    const seen = new Set<string>();
    const changed: string[] = [];
    for (const target of spec.targets) {
      const rootDir = this.storage.pathOfUri(target.path.endsWith('/') ? target.path : `${target.path}/`);
      const files = await this.dataFiles(rootDir, target.exclusions ?? [], result);
      if (!files.length) continue;
      const { bucket, key } = parseS3Uri(target.path);
      const rootName = key.replace(/\/+$/, '').split('/').pop() || bucket;
      for (const [name, root] of await this.tableRoots(rootDir, rootName, files)) {
        let tableName = tableNameFor(name, spec.tablePrefix);
        // Two roots with one name: Glue keeps both, the second with a hash suffix.
        if (seen.has(tableName))
          tableName = `${tableName}_${createHash('sha256').update(root.dir).digest('hex').slice(0, 8)}`;
        seen.add(tableName);
        const outcome = await this.upsertTable(spec.database, tableName, root, spec, result);
        // New partitions need no view change (table views glob the files); new or changed tables do.
        if (outcome === 'created' || outcome === 'updated') changed.push(`${spec.database}.${tableName}`);
      }
    }
    if (changed.length) {
      const views = await this.catalog.recreateViews(changed);
      result.viewsRecreated = views.recreated;
      result.viewErrors = views.failed;
    }
    return result;
  }

  /**
   * Creates or updates one table over every file under `rootDir` (a job's output table), then
   * recreates the views that read it when it changed.
   */
  async registerTable(database: string, name: string, rootDir: string, source: string): Promise<CrawlResult> {
    const result = emptyResult();
    await this.catalog.ensureDatabase(database);
    const files = await this.dataFiles(rootDir, [], result);
    if (!files.length) return result;
    const outcome = await this.upsertTable(
      database,
      name.toLowerCase(),
      { dir: rootDir, files },
      { name: source },
      result,
    );
    if (outcome === 'created' || outcome === 'updated') {
      const views = await this.catalog.recreateViews([`${database}.${name.toLowerCase()}`]);
      result.viewsRecreated = views.recreated;
      result.viewErrors = views.failed;
    }
    return result;
  }

  private async dataFiles(rootDir: string, exclusions: string[], result: CrawlResult): Promise<DataFile[]> {
    const out: DataFile[] = [];
    for (const abs of await walkFiles(rootDir)) {
      const rel = relative(rootDir, abs).split(sep).join('/');
      if (!isDataFileName(abs) || rel.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.'))) continue;
      if (exclusions.some((g) => minimatch(rel, g, { dot: true }))) continue;
      if ((await stat(abs)).size === 0) continue; // Glue skips empty objects (folder markers too)
      const format = await sniffFormat(abs);
      if (!format) {
        result.skippedFiles.push(abs);
        continue;
      }
      out.push({ abs, dirs: rel.split('/').slice(0, -1), format });
    }
    return out;
  }

  /**
   * Where the tables are: the target folder itself when it holds files or key=value folders;
   * otherwise, when its subfolders hold similar data (same format, >= 70% common columns), one
   * table with the subfolders as partition_0 values; otherwise one table per subfolder (checked the
   * same way, recursively).
   */
  private async tableRoots(dir: string, name: string, files: DataFile[]): Promise<[string, TableRoot][]> {
    const direct = files.some((f) => f.dirs.length === 0);
    const firstLevel = [...new Set(files.map((f) => f.dirs[0]!).filter((d) => d !== undefined))];
    if (direct || firstLevel.every((d) => HIVE_SEGMENT.test(d))) return [[name, { dir, files }]];
    const groups = firstLevel.map((sub) => ({
      sub,
      files: files.filter((f) => f.dirs[0] === sub).map((f) => ({ ...f, dirs: f.dirs.slice(1) })),
    }));
    if (groups.length > 1) {
      const schemas: { format: DataFormat; columns: ColumnDef[] }[] = [];
      for (const g of groups) {
        const format = majorityFormat(g.files);
        const sample = g.files.filter((f) => f.format === format).slice(0, 10);
        schemas.push({
          format,
          columns: await describeFiles(
            this.conn,
            format,
            sample.map((f) => f.abs),
          ),
        });
      }
      if (schemas.every((s) => similar(s, schemas[0]!))) return [[name, { dir, files }]];
    }
    const out: [string, TableRoot][] = [];
    for (const g of groups) out.push(...(await this.tableRoots(join(dir, g.sub), g.sub, g.files)));
    return out;
  }

  private async upsertTable(
    database: string,
    name: string,
    root: TableRoot,
    spec: { name: string; recrawl?: CrawlSpec['recrawl'] },
    result: CrawlResult,
  ): Promise<'created' | 'updated' | 'unchanged' | 'partitions'> {
    const format = majorityFormat(root.files);
    const files = root.files.filter((f) => {
      if (f.format === format) return true;
      result.skippedFiles.push(f.abs);
      return false;
    });
    const levels = partitionLevelsOf(files);
    const partitionNames = new Set(levels.map((l) => l.name.toLowerCase()));
    const inferred = (
      await describeFiles(
        this.conn,
        format,
        files.map((f) => f.abs),
        { lowerCaseNames: true },
      )
    ).filter(
      (c) => !partitionNames.has(c.name), // a partition key wins over a same-named field
    );
    const partitions = [
      ...new Map(files.map((f) => partitionValues(f, levels)).map((v) => [JSON.stringify(v), v])).values(),
    ].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    // A bucket root's URI already ends in "/" (s3://bucket/): no second slash.
    const location = this.storage.uriOf(root.dir).replace(/\/?$/, '/');
    const existing = await this.catalog.getTable(database, name);
    const now = new Date().toISOString();
    const known = new Set((existing?.partitions ?? []).map((p) => JSON.stringify(p)));
    const added = partitions.filter((p) => !known.has(JSON.stringify(p))).length;
    const keepSchema = existing && spec.recrawl === 'new-folders-only';
    const columns = keepSchema ? existing.columns : inferred;
    const table: TableMeta = {
      database,
      name,
      location,
      format,
      columns,
      partitionLevels: keepSchema ? existing.partitionLevels : levels,
      partitions: keepSchema
        ? [...(existing.partitions ?? []), ...partitions.filter((p) => !known.has(JSON.stringify(p)))]
        : partitions,
      sources: sourceGlobs(files),
      parameters: { classification: format, ...(existing?.parameters ?? {}), crawler: spec.name },
      createTime: existing?.createTime ?? now,
      updateTime: now,
    };
    const label = `${database}.${name}`;
    let outcome: 'created' | 'updated' | 'unchanged' | 'partitions';
    if (!existing) outcome = 'created';
    else if (
      !sameSchema(existing.columns, table.columns) ||
      existing.format !== table.format ||
      existing.location !== table.location ||
      JSON.stringify(existing.partitionLevels) !== JSON.stringify(table.partitionLevels) ||
      JSON.stringify(existing.sources) !== JSON.stringify(table.sources)
    )
      outcome = 'updated';
    else outcome = added ? 'partitions' : 'unchanged';
    if (outcome === 'created') result.tablesCreated.push(label);
    else if (outcome === 'updated') result.tablesUpdated.push(label);
    else if (outcome === 'unchanged') result.tablesUnchanged.push(label);
    result.partitionsAdded += added;
    if (outcome !== 'unchanged') await this.catalog.putTable(table);
    return outcome;
  }
}

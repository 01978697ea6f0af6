// Glue crawlers on the local target: walk each S3 target folder, find the table roots the way a
// Glue crawler does, infer format, schema and partitions from the files, and create or update the
// catalog tables. How Glue groups folders into tables and partitions:
// https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html
//
// Exclusion patterns are Glue's globs (glue-glob.ts), relative to the include path.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
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
import { excludedBy } from './glue-glob.js';
import {
  addFile,
  emptyFolder,
  HIVE_SEGMENT,
  planTableRoots,
  tableNameFor,
  type GroupingOptions,
  type SimilarQuestion,
} from './crawler-naming.js';

export { tableNameFor } from './crawler-naming.js';

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
  /** Configuration.Grouping: TableGroupingPolicy and TableLevelConfiguration (crawler-naming.ts). */
  grouping?: GroupingOptions;
  /** SchemaChangePolicy (Glue's defaults UPDATE_IN_DATABASE, DEPRECATE_IN_DATABASE). */
  updateBehavior?: 'UPDATE_IN_DATABASE' | 'LOG';
  deleteBehavior?: 'DEPRECATE_IN_DATABASE' | 'DELETE_FROM_DATABASE' | 'LOG';
  /** Configuration.CrawlerOutput.Tables.AddOrUpdateBehavior = MergeNewColumns. */
  mergeNewColumns?: boolean;
}

/**
 * The table parameter a crawl sets on a table whose data is gone under DEPRECATE_IN_DATABASE:
 * Glue adds "a property to the table that says DEPRECATED and includes a timestamp"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-glue-crawler-schemachangepolicy.html).
 * Locally the table stays in the catalog with this parameter (an ISO 8601 time) and, its files
 * being gone, reads as an empty table with its columns, as Athena reads an empty location.
 */
export const DEPRECATED_PARAMETER = 'DEPRECATED_BY_CRAWLER';

export interface CrawlResult {
  tablesCreated: string[];
  tablesUpdated: string[];
  /** Tables whose files were crawled but did not change. */
  tablesUnchanged: string[];
  partitionsAdded: number;
  /** Views recreated because a table they read changed, and views that now fail. */
  viewsRecreated: string[];
  viewErrors: { view: string; error: string }[];
  /** Files skipped: unknown format, a format other than their table's, or above the table level. */
  skippedFiles: string[];
  /** Tables whose data is gone, deleted or marked deprecated per the DeleteBehavior. */
  tablesDeleted: string[];
  tablesDeprecated: string[];
  /** What Glue would write to the crawler's CloudWatch log: changes a LOG behaviour did not apply. */
  log: string[];
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

/**
 * Glue's similarity test (same format, and most columns in common). Glue does not publish its
 * measure; locally, folders are similar when one's columns include the other's (a dataset that
 * gained columns over time: Glue adds them to the table) or at least 70% of the columns are common.
 */
function similar(a: { format: DataFormat; columns: ColumnDef[] }, b: { format: DataFormat; columns: ColumnDef[] }) {
  if (a.format !== b.format) return false;
  const x = new Set(a.columns.map((c) => c.name));
  const y = new Set(b.columns.map((c) => c.name));
  const common = [...x].filter((n) => y.has(n)).length;
  if (common === Math.min(x.size, y.size) && common > 0) return true;
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
  tablesDeleted: [],
  tablesDeprecated: [],
  log: [],
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
      const targetDir = this.storage.pathOfUri(target.path.endsWith('/') ? target.path : `${target.path}/`);
      const files = await this.dataFiles(targetDir, target.exclusions ?? [], result);
      if (!files.length) continue;
      const { bucket, key } = parseS3Uri(target.path);
      const targetKey = key.split('/').filter(Boolean);
      for (const root of await this.tableRoots(bucket, targetKey, targetDir, files, spec.grouping, result)) {
        let tableName = tableNameFor(root.folder, spec.tablePrefix);
        // Two roots with one name: Glue keeps both, the second with a hash suffix.
        if (seen.has(tableName))
          tableName = `${tableName}_${createHash('sha256').update(root.dir).digest('hex').slice(0, 8)}`;
        seen.add(tableName);
        const outcome = await this.upsertTable(spec.database, tableName, root, spec, result);
        // New partitions need no view change (table views glob the files); new or changed tables do.
        if (outcome === 'created' || outcome === 'updated') changed.push(`${spec.database}.${tableName}`);
      }
    }
    changed.push(...(await this.tablesGone(spec, seen, result)));
    if (changed.length) {
      const views = await this.catalog.recreateViews(changed);
      result.viewsRecreated = views.recreated;
      result.viewErrors = views.failed;
    }
    return result;
  }

  /**
   * The crawler's earlier tables that this crawl did not find (their data is gone), handled per
   * the DeleteBehavior (https://docs.aws.amazon.com/glue/latest/webapi/API_SchemaChangePolicy.html):
   * LOG keeps them and logs, DELETE_FROM_DATABASE deletes them, DEPRECATE_IN_DATABASE (the default)
   * marks them with DEPRECATED_PARAMETER. An incremental crawl (new-folders-only) forces LOG.
   */
  private async tablesGone(spec: CrawlSpec, seen: Set<string>, result: CrawlResult): Promise<string[]> {
    const behavior = spec.recrawl === 'new-folders-only' ? 'LOG' : (spec.deleteBehavior ?? 'DEPRECATE_IN_DATABASE');
    const changed: string[] = [];
    for (const t of await this.catalog.listTables(spec.database)) {
      if (t.parameters.crawler !== spec.name || seen.has(t.name)) continue;
      const label = `${t.database}.${t.name}`;
      if (behavior === 'LOG') {
        result.log.push(`table ${label}: its data at ${t.location} is gone; kept (DeleteBehavior LOG)`);
      } else if (behavior === 'DELETE_FROM_DATABASE') {
        await this.catalog.dropTable(t.database, t.name);
        result.tablesDeleted.push(label);
        changed.push(label);
      } else if (t.parameters[DEPRECATED_PARAMETER] === undefined) {
        const now = new Date().toISOString();
        await this.catalog.putTable({
          ...t,
          // No files are left to read: an empty relation with the table's columns.
          sources: [],
          partitions: [],
          parameters: { ...t.parameters, [DEPRECATED_PARAMETER]: now },
          updateTime: now,
        });
        result.tablesDeprecated.push(label);
        changed.push(label);
      }
    }
    return changed;
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
    const excluded = excludedBy(exclusions);
    for (const abs of await walkFiles(rootDir)) {
      const rel = relative(rootDir, abs).split(sep).join('/');
      if (!isDataFileName(abs) || rel.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.'))) continue;
      if (excluded(rel)) continue;
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
   * The tables under one include path, as planTableRoots (crawler-naming.ts) lays them out, with
   * its questions (do these sibling folders hold one dataset?) answered from the files' schemas:
   * the same format and at least 70% of the columns in common.
   */
  private async tableRoots(
    bucket: string,
    targetKey: string[],
    targetDir: string,
    files: DataFile[],
    grouping: GroupingOptions | undefined,
    result: CrawlResult,
  ): Promise<(TableRoot & { folder: string })[]> {
    const tree = emptyFolder();
    for (const f of files) addFile(tree, f.dirs);
    const full = files.map((f) => ({ file: f, key: [...targetKey, ...f.dirs] }));
    const under = (key: string[]) =>
      full
        .filter((f) => key.every((seg, i) => f.key[i] === seg))
        .map((f) => ({ ...f.file, dirs: f.key.slice(key.length) }));
    const plan = planTableRoots(bucket, targetKey, tree, grouping);
    let step = plan.next();
    while (!step.done) step = plan.next(await this.similarFolders(step.value, under));
    const placed = new Set<string>();
    const roots = step.value.map((r) => {
      // A table folder below the include path, or above it (TableLevelConfiguration above the path).
      const dir =
        r.key.length >= targetKey.length
          ? join(targetDir, ...r.key.slice(targetKey.length))
          : resolve(targetDir, ...Array<string>(targetKey.length - r.key.length).fill('..'));
      const rootFiles = under(r.key);
      for (const f of rootFiles) placed.add(f.abs);
      return { folder: r.folder, dir, files: rootFiles };
    });
    // Files above the table level belong to no table.
    for (const f of files) if (!placed.has(f.abs)) result.skippedFiles.push(f.abs);
    return roots;
  }

  private async similarFolders(q: SimilarQuestion, under: (key: string[]) => DataFile[]): Promise<boolean> {
    let first: { format: DataFormat; columns: ColumnDef[] } | undefined;
    for (const sub of q.subfolders) {
      const files = under([...q.key, sub]);
      const format = majorityFormat(files);
      const sample = files.filter((f) => f.format === format).slice(0, 10);
      const schema = {
        format,
        columns: await describeFiles(
          this.conn,
          format,
          sample.map((f) => f.abs),
        ),
      };
      // One dissimilar folder answers the question: the rest need no look.
      if (!first) first = schema;
      else if (!similar(schema, first)) return false;
    }
    return true;
  }

  private async upsertTable(
    database: string,
    name: string,
    root: TableRoot,
    spec: Pick<CrawlSpec, 'name' | 'recrawl' | 'updateBehavior' | 'deleteBehavior' | 'mergeNewColumns'>,
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
    const label = `${database}.${name}`;
    // An incremental crawl forces both behaviours to LOG (https://docs.aws.amazon.com/glue/latest/dg/incremental-crawls.html).
    const incremental = spec.recrawl === 'new-folders-only';
    const updateBehavior = incremental ? 'LOG' : (spec.updateBehavior ?? 'UPDATE_IN_DATABASE');
    const deleteBehavior = incremental ? 'LOG' : (spec.deleteBehavior ?? 'DEPRECATE_IN_DATABASE');
    const key = (p: string[]) => JSON.stringify(p);
    const known = new Set((existing?.partitions ?? []).map(key));
    const found = new Set(partitions.map(key));
    const added = partitions.filter((p) => !known.has(key(p))).length;
    // New tables and partitions are always added; partitions whose folders are gone are removed,
    // except under DeleteBehavior LOG, which keeps them and logs.
    const gone = (existing?.partitions ?? []).filter((p) => !found.has(key(p)));
    let allPartitions = partitions;
    if (gone.length && deleteBehavior === 'LOG') {
      allPartitions = [...partitions, ...gone].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      result.log.push(`table ${label}: ${gone.length} partition(s) whose data is gone kept (DeleteBehavior LOG)`);
    }
    const { [DEPRECATED_PARAMETER]: _deprecated, ...parameters } = existing?.parameters ?? {};
    let table: TableMeta = {
      database,
      name,
      location,
      format,
      columns: inferred,
      partitionLevels: levels,
      partitions: allPartitions,
      sources: sourceGlobs(files),
      parameters: { classification: format, ...parameters, crawler: spec.name },
      createTime: existing?.createTime ?? now,
      updateTime: now,
    };
    if (existing) {
      const schemaChanged =
        !sameSchema(existing.columns, inferred) ||
        existing.format !== format ||
        JSON.stringify(existing.partitionLevels) !== JSON.stringify(levels);
      if (updateBehavior === 'LOG') {
        // "do not update it, only log that a change was detected" (API_SchemaChangePolicy).
        table = { ...existing, partitions: allPartitions, parameters: table.parameters, updateTime: now };
        if (schemaChanged) result.log.push(`table ${label}: schema change found and not applied (UpdateBehavior LOG)`);
      } else if (spec.mergeNewColumns) {
        // "Add new columns only": existing columns keep their names and types; a changed
        // classification marks the table deprecated instead
        // (https://docs.aws.amazon.com/glue/latest/dg/crawler-schema-changes-prevent.html).
        if (existing.format !== format) {
          // Its files of the old classification are gone: it reads as empty (no sources).
          table = {
            ...existing,
            sources: [],
            partitions: [],
            parameters: { ...existing.parameters, [DEPRECATED_PARAMETER]: now },
            updateTime: now,
          };
          result.tablesDeprecated.push(label);
          result.log.push(
            `table ${label}: classification changed from ${existing.format} to ${format}; table marked deprecated (MergeNewColumns)`,
          );
        } else {
          const names = new Set(existing.columns.map((c) => c.name));
          table.columns = [...existing.columns, ...inferred.filter((c) => !names.has(c.name))];
        }
      }
    }
    let outcome: 'created' | 'updated' | 'unchanged' | 'partitions';
    if (!existing) outcome = 'created';
    else if (
      !sameSchema(existing.columns, table.columns) ||
      existing.format !== table.format ||
      existing.location !== table.location ||
      JSON.stringify(existing.parameters) !== JSON.stringify(table.parameters) ||
      JSON.stringify(existing.partitionLevels) !== JSON.stringify(table.partitionLevels) ||
      JSON.stringify(existing.sources) !== JSON.stringify(table.sources)
    )
      outcome = 'updated';
    else outcome = added || allPartitions.length !== existing.partitions.length ? 'partitions' : 'unchanged';
    if (outcome === 'created') result.tablesCreated.push(label);
    else if (outcome === 'updated') result.tablesUpdated.push(label);
    else if (outcome === 'unchanged') result.tablesUnchanged.push(label);
    result.partitionsAdded += added;
    if (outcome !== 'unchanged') await this.catalog.putTable(table);
    return outcome;
  }
}

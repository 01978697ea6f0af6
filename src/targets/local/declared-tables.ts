// Tables declared under `tables:` in pipeline.yaml, on the local target: a catalog table (a DuckDB
// view over the files under its location) with the declared columns and types, so jobs, views and
// queries read `database.table` as on AWS. What differs from Athena, validate says as a warning:
//   - partition projection: locally the partitions are simply the folders under the location
//     (key=value folders, or the layout of locationTemplate), not values projected from ranges;
//   - Iceberg: DuckDB's iceberg extension is not installed offline, so the table is read as the
//     Parquet data files under its location (no snapshots, no row-level deletes);
//   - orc and avro: DuckDB reads neither without extensions; such a table is not created locally.
import type { DeclaredTable } from '../../model/project.js';
import {
  duckTypeOf,
  formatHiveType,
  parseHiveType,
  partitionFolders,
  substituteTemplate,
} from '../../model/table-types.js';
import type { LocalCatalog, TableMeta } from './catalog.js';
import { sourceGlobs } from './crawler.js';
import { isDataFileName, type ColumnDef, type DataFormat, type PartitionLevel } from './formats.js';
import type { LocalStorage } from './storage.js';
import { parseS3Uri } from '../../model/environment.js';

/** Formats the local target reads, and how (Iceberg: its Parquet data files). */
const LOCAL_FORMAT: Record<string, DataFormat | undefined> = {
  parquet: 'parquet',
  json: 'json',
  csv: 'csv',
  iceberg: 'parquet',
};

export interface DeclaredTableContext {
  catalog: LocalCatalog;
  storage: LocalStorage;
  /** Physical database name of a logical one. */
  databaseName(logical: string): string;
  /** ${Name} substitution of a value of the table's pipeline. */
  resolve(t: DeclaredTable, text: string): string;
}

export type DeclaredOutcome =
  { table: string; status: 'created'; files: number } | { table: string; status: 'skipped'; reason: string };

const withSlash = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);

function column(name: string, type: string): ColumnDef {
  const t = parseHiveType(type);
  return { name: name.toLowerCase(), type: formatHiveType(t), duckType: duckTypeOf(t) };
}

/** Creates or refreshes one declared table in the local catalog. */
export async function registerDeclaredTable(ctx: DeclaredTableContext, t: DeclaredTable): Promise<DeclaredOutcome> {
  const c = t.config;
  const database = ctx.databaseName(t.database);
  const key = `${database}.${t.name}`;
  const format = LOCAL_FORMAT[c.format];
  if (!format)
    return { table: key, status: 'skipped', reason: `${c.format} tables cannot be read by the local target (DuckDB)` };
  const location = withSlash(ctx.resolve(t, c.location));
  const keys = (c.partitionKeys ?? []).map((k) => k.name);
  const template = c.locationTemplate
    ? substituteTemplate(c.locationTemplate, keys, (text) => ctx.resolve(t, text))
    : undefined;
  // Folder levels, typed as the partition keys declare (folder names are text).
  const types = new Map((c.partitionKeys ?? []).map((k) => [k.name, duckTypeOf(parseHiveType(k.type))]));
  const levels =
    c.format === 'iceberg'
      ? []
      : partitionFolders(keys, location, template)?.map((l): PartitionLevel => ({
          name: l.name.toLowerCase(),
          hive: l.hive,
          duckType: types.get(l.name),
        }));
  if (!levels)
    return {
      table: key,
      status: 'skipped',
      reason: `its locationTemplate ${template} is not <location>/<key=\${key} or \${key}>/... in partition-key order, which the local target cannot read`,
    };
  const { bucket, key: prefix } = parseS3Uri(location);
  // Data files under the location (Spark/Hadoop markers and hidden files are no data); an Iceberg
  // table's data files are its Parquet files (its metadata/ folder holds JSON and Avro).
  const dataFiles = (await ctx.storage.list(bucket, prefix))
    .map((o) => ctx.storage.pathOfUri(`s3://${bucket}/${o.key}`))
    .filter((f) => isDataFileName(f) && (c.format !== 'iceberg' || f.endsWith('.parquet')));
  const now = new Date().toISOString();
  const existing = await ctx.catalog.getTable(database, t.name);
  const parameters: Record<string, string> = {
    'lakeops:declared': 'true',
    classification: c.format === 'iceberg' ? 'iceberg' : c.format,
    ...(c.csv?.header ? { 'skip.header.line.count': '1' } : {}),
    ...(c.csv?.delimiter ? { 'field.delim': c.csv.delimiter } : {}),
    ...(c.properties ?? {}),
  };
  const meta: TableMeta = {
    database,
    name: t.name,
    location,
    format,
    columns: c.columns.map((col) => column(col.name, col.type)),
    partitionLevels: levels,
    partitions: [],
    sources: dataFiles.length ? sourceGlobs(dataFiles.map((abs) => ({ abs, dirs: [], format }))) : [],
    parameters,
    createTime: existing?.createTime ?? now,
    updateTime: now,
  };
  await ctx.catalog.ensureDatabase(database);
  await ctx.catalog.putTable(meta);
  return { table: key, status: 'created', files: dataFiles.length };
}

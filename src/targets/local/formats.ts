// Data files on the local target: which format a file holds, the schema DuckDB infers from it (in
// Glue's type names), and the DuckDB table-function SQL that reads a set of files — with Hive
// partition columns typed as strings, the way Glue catalogs them.
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DuckDBTypeId, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { quoteIdent, quoteString } from './sql-translate.js';

export type DataFormat = 'parquet' | 'json' | 'csv';

export interface ColumnDef {
  /** Column name in the catalog (Glue lower-cases crawled names). */
  name: string;
  /** Glue (Hive) type: string, bigint, double, struct<...>... */
  type: string;
  /** DuckDB type the reader casts to. */
  duckType: string;
  /** Field name in the files when it differs from `name` (e.g. CountryCode for countrycode). */
  source?: string;
}

const EXTENSIONS: Record<string, DataFormat> = {
  '.parquet': 'parquet',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
  '.csv': 'csv',
};

/** Files a data reader skips: Spark/Hadoop markers (_SUCCESS, _metadata) and hidden files (.crc). */
export function isDataFileName(name: string): boolean {
  const b = basename(name);
  return !b.startsWith('_') && !b.startsWith('.');
}

/** The format a file's extension names (compressed .json.gz / .csv.gz included). */
export function formatFromName(file: string): DataFormat | undefined {
  const name = file.toLowerCase().replace(/\.(gz|gzip|zst)$/, '');
  return EXTENSIONS[extname(name)];
}

/** The format of a file by name, else by its first bytes: Parquet magic, a JSON value, else CSV. */
export async function sniffFormat(file: string): Promise<DataFormat | undefined> {
  const byName = formatFromName(file);
  if (byName) return byName;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead === 0) return undefined;
    if (buf.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
    const text = buf.subarray(0, bytesRead).toString('utf8').trimStart();
    if (text.startsWith('{') || text.startsWith('[')) return 'json';
    return text.includes(',') || text.includes('\t') || text.includes('|') ? 'csv' : undefined;
  } finally {
    await fh.close();
  }
}

/** Glue/Hive type name of a DuckDB type (nested types included). */
export function glueTypeOf(t: DuckDBType): string {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return 'tinyint';
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return 'smallint';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return 'int';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
      return 'bigint';
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'decimal(38,0)';
    case DuckDBTypeId.FLOAT:
      return 'float';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return `decimal(${d.width},${d.scale})`;
    }
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.BLOB:
      return 'binary';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `array<${glueTypeOf((t as unknown as { valueType: DuckDBType }).valueType)}>`;
    case DuckDBTypeId.STRUCT: {
      const s = t as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
      return `struct<${s.entryNames.map((n, i) => `${n}:${glueTypeOf(s.entryTypes[i]!)}`).join(',')}>`;
    }
    case DuckDBTypeId.MAP: {
      const m = t as unknown as { keyType: DuckDBType; valueType: DuckDBType };
      return `map<${glueTypeOf(m.keyType)},${glueTypeOf(m.valueType)}>`;
    }
    default:
      return 'string';
  }
}

const TEMPORAL = new Set([
  DuckDBTypeId.DATE,
  DuckDBTypeId.TIME,
  DuckDBTypeId.TIME_TZ,
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

/** One folder level of partitions under a table's root: key=value (Hive) or a plain folder name. */
export interface PartitionLevel {
  /** The key for Hive folders; partition_<i> for plain folders (Glue's naming). */
  name: string;
  hive: boolean;
  /** DuckDB type of the column when the catalog declares one (tables declared in the model); else VARCHAR. */
  duckType?: string;
}

export interface Partitioning {
  /** Local folder the partition folders are under. */
  root: string;
  levels: PartitionLevel[];
}

export interface ReaderOptions {
  /** Fixed schema to read with (skips DuckDB's type detection; JSON/CSV fields by name). */
  columns?: ColumnDef[];
  /** Partition folders, read as string columns; none turns DuckDB's Hive detection off. */
  partitions?: Partitioning;
  /** Read at most this many records per file to detect types (schema inference only). */
  sampleSize?: number;
  /** CSV: a header line (default true) and the delimiter (default: DuckDB's detection). */
  csv?: { header?: boolean; delimiter?: string };
}

const allHive = (p?: Partitioning) => !!p && p.levels.length > 0 && p.levels.every((l) => l.hive);

const list = (items: string[]) => `[${items.map(quoteString).join(', ')}]`;
const struct = (entries: [string, string][]) =>
  `{${entries.map(([k, v]) => `${quoteString(k)}: ${quoteString(v)}`).join(', ')}}`;

/** A DuckDB table function reading `sources` (files or globs) of one format. */
export function readerSql(format: DataFormat, sources: string[], opts: ReaderOptions = {}): string {
  const args: string[] = [list(sources)];
  const p = opts.partitions;
  if (allHive(p)) {
    args.push('hive_partitioning = true', `hive_types = ${struct(p!.levels.map((l) => [l.name, 'VARCHAR']))}`);
  } else {
    args.push('hive_partitioning = false');
    // Plain partition folders: their values come from each row's file path (see projection()).
    if (p?.levels.length) args.push('filename = true');
  }
  const fileColumns = opts.columns?.map((c) => [c.source ?? c.name, c.duckType] as [string, string]);
  switch (format) {
    case 'parquet':
      // Files written at different times may differ in columns: match them by name, as Athena does.
      args.push('union_by_name = true');
      break;
    case 'json':
      args.push("format = 'auto'");
      if (fileColumns?.length) args.push(`columns = ${struct(fileColumns)}`);
      if (opts.sampleSize) args.push(`sample_size = ${opts.sampleSize}`, 'union_by_name = true');
      break;
    case 'csv':
      if (opts.csv?.delimiter) args.push(`delim = ${quoteString(opts.csv.delimiter)}`);
      if (opts.csv?.header === false && fileColumns?.length) {
        // No header line: the columns are the declared ones, in order.
        args.push('header = false', `columns = ${struct(fileColumns)}`);
        break;
      }
      args.push('header = true', 'union_by_name = true');
      if (fileColumns?.length) args.push(`types = ${struct(fileColumns)}`);
      if (opts.sampleSize) args.push(`sample_size = ${opts.sampleSize}`);
      break;
  }
  const fn = format === 'parquet' ? 'read_parquet' : format === 'json' ? 'read_json' : 'read_csv';
  return `${fn}(${args.join(', ')})`;
}

/**
 * The schema of a set of files, as a Glue crawler or Spark's reader would see it: JSON and CSV
 * values that look like dates or timestamps stay strings (Glue's classifiers and Spark's default
 * JSON reader type them string); Parquet keeps its own types. Records sampled per file: Glue reads
 * the first 1,000 records (or 1 MB) of each file
 * (https://repost.aws/knowledge-center/glue-crawler-detect-schema).
 */
export async function describeFiles(
  conn: DuckDBConnection,
  format: DataFormat,
  files: string[],
  opts: { lowerCaseNames?: boolean } = {},
): Promise<ColumnDef[]> {
  const reader = readerSql(format, files, { sampleSize: format === 'parquet' ? undefined : 1000 });
  const result = await conn.run(`SELECT * FROM ${reader} LIMIT 0`);
  const names = result.columnNames();
  const types = result.columnTypes();
  return names.map((source, i) => {
    const t = types[i]!;
    const keepString = format !== 'parquet' && TEMPORAL.has(t.typeId);
    const name = opts.lowerCaseNames ? source.toLowerCase() : source;
    const col: ColumnDef = {
      name,
      type: keepString ? 'string' : glueTypeOf(t),
      duckType: keepString ? 'VARCHAR' : t.toString(),
    };
    if (name !== source) col.source = source;
    return col;
  });
}

/** SELECT list that renames file fields to catalog names and appends the partition columns. */
export function projection(columns: ColumnDef[], partitions?: Partitioning): string {
  const cols = columns.map((c) =>
    c.source && c.source !== c.name ? `${quoteIdent(c.source)} AS ${quoteIdent(c.name)}` : quoteIdent(c.name),
  );
  const levels = partitions?.levels ?? [];
  // A declared partition type: folder names are text, cast as Athena reads them.
  const typed = (expr: string, l: PartitionLevel) =>
    l.duckType && l.duckType !== 'VARCHAR' ? `CAST(${expr} AS ${l.duckType})` : expr;
  if (allHive(partitions))
    return [...cols, ...levels.map((l) => `${typed(quoteIdent(l.name), l)} AS ${quoteIdent(l.name)}`)].join(', ');
  // Without Hive detection, level i is the i-th folder of the path below the root.
  const below = `substr(filename, length(${quoteString(partitions?.root ?? '')}) + 2)`;
  const parts = levels.map((l, i) => {
    const seg = `split_part(${below}, '/', ${i + 1})`;
    return `${typed(l.hive ? `substr(${seg}, ${l.name.length + 2})` : seg, l)} AS ${quoteIdent(l.name)}`;
  });
  return [...cols, ...parts].join(', ');
}

/** An empty relation with these columns (a table whose location holds no files yet). */
export function emptyRelation(columns: ColumnDef[], partitions?: Partitioning): string {
  const cols = [
    ...columns.map((c) => `CAST(NULL AS ${c.duckType}) AS ${quoteIdent(c.name)}`),
    ...(partitions?.levels ?? []).map((l) => `CAST(NULL AS ${l.duckType ?? 'VARCHAR'}) AS ${quoteIdent(l.name)}`),
  ];
  return `SELECT ${cols.join(', ') || 'NULL AS empty'} WHERE false`;
}

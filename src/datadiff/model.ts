// What a pull request changes in the data: each output table of a pipeline, produced by the base
// branch's files and by the PR's files from the same sample input on the local target, compared
// with DuckDB. Rendered in the PR comment and written as JSON.

/** One column that is not the same in base and head. */
export interface ColumnChange {
  column: string;
  change: 'added' | 'removed' | 'retyped';
  baseType?: string;
  headType?: string;
}

/** Summary statistics of one numeric column on one side. */
export interface NumericStats {
  count: number;
  nulls: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  median: number | null;
  sum: number | null;
}

export interface NumericShift {
  column: string;
  base: NumericStats;
  head: NumericStats;
}

export type Row = Record<string, unknown>;

export interface TableDiff {
  /** The catalog table (database.table) when the output declares one, else its S3 path. */
  table: string;
  path: string;
  format: 'parquet' | 'json';
  /** Rows on each side; null when that side wrote no files. */
  baseRows: number | null;
  headRows: number | null;
  schema: ColumnChange[];
  /**
   * The columns rows are matched on: the non-measure columns (text, dates, booleans, integer ids)
   * both sides share, when they are unique on both sides. Empty: rows are matched whole.
   */
  key: string[];
  /** By key: rows only in head, only in base, in both with other values. Without a key, whole rows (EXCEPT ALL). */
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  sample: { added: Row[]; removed: Row[]; changed: { base: Row; head: Row }[] };
  /** Numeric columns both sides have, whose statistics differ. */
  numeric: NumericShift[];
}

export interface PipelineDataDiff {
  pipeline: string;
  /** compared: both sides ran; failed: a side's run failed or its outputs could not be read. */
  status: 'compared' | 'failed';
  error?: string;
  /** The run input both sides used. */
  input?: unknown;
  tables: TableDiff[];
}

export interface DataDiffReport {
  /** The base ref (branch, tag or commit) compared against. */
  baseRef: string;
  env: string;
  pipelines: PipelineDataDiff[];
}

/** Rows shown per kind in the sample (the JSON has the same sample). */
export const SAMPLE_ROWS = 5;

// What a sample generator produces: one table per output file, in column order, with the file's
// key (relative to the sample's `to` prefix, without the format's extension).

export type ColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'DATE' | 'TIMESTAMP' | 'BOOLEAN';

export interface Column {
  name: string;
  type: ColumnType;
}

export type Value = string | number | boolean | null;

export interface SampleTable {
  /** e.g. "year=2024/month=05/day=01/hour=10/minute=07/hits-00000" */
  key: string;
  columns: readonly Column[];
  rows: Value[][];
}

/** A generator yields its files one at a time so a large sample never holds every row at once. */
export type SampleGenerator = (rows: number, seed: number) => Iterable<SampleTable>;

export const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Hive-style partition folders: year=2024/month=05/day=01/... (values zero-padded, as Firehose writes them). */
export function hivePath(parts: [string, number][]): string {
  return parts.map(([k, v]) => `${k}=${k === 'year' ? String(v) : pad2(v)}`).join('/');
}

/** Splits `total` rows into `parts` near-equal counts (the first ones get the remainder). */
export function spread(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

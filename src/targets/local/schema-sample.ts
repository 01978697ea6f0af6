// Which files a path input's schema is inferred from. Reading every file of a partitioned input
// made each hourly run cost the whole history (10,080 minute files after a week: 10 s and 930 MB
// per run on the dev machine, for 20,000 rows of output), so inference reads a sample of files:
// all of them up to SCHEMA_SAMPLE_FILES, else that many spread evenly over the sorted list, from
// the first to the last (with time partitions, the oldest and the newest). DuckDB's own JSON/CSV
// auto-detection samples files the same way (its maximum_sample_files defaults to 32).
//
// How this differs from Glue: Spark's JSON and CSV readers infer from every record of every file
// (samplingRatio 1.0), so a field that appears only in files outside the sample is a column on
// Glue and not here. The job log says how many files were sampled; give the input a catalog table
// (inputs[].table) when its schema must be exact.

/** At most this many files are read to infer a path input's schema. */
export const SCHEMA_SAMPLE_FILES = 32;

/** Up to `max` of `files` (sorted copy), evenly spread and always including the first and the last. */
export function schemaSample(files: string[], max = SCHEMA_SAMPLE_FILES): string[] {
  const sorted = [...files].sort();
  if (sorted.length <= max) return sorted;
  if (max <= 1) return sorted.slice(-1);
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (sorted.length - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => sorted[i]!);
}

// Spark SQL functions that the transpiler (@polyglot-sql/sdk) passes through unchanged to DuckDB,
// where no function of that name exists (or one exists that computes something else), so a
// local Glue SQL job using them cannot run as Glue runs it. validate reports each use; the list is
// pinned by a test that transpiles every name and asks DuckDB for it
// (test/local-engine/sql-translate.test.ts). Spark's function reference:
// https://spark.apache.org/docs/latest/api/sql/index.html

/** Lower-case Spark function name -> why the local target cannot run it and what to do. */
export const SPARK_FUNCTIONS_NOT_RUN_LOCALLY: Readonly<Record<string, string>> = {
  assert_true: 'DuckDB has no assert_true; write CASE WHEN cond THEN NULL ELSE raise_error(msg) END',
  input_file_name: 'the local engine does not expose the file a row came from',
  monotonically_increasing_id: 'DuckDB has no monotonically_increasing_id; use row_number() OVER ()',
  spark_partition_id: 'there are no Spark partitions on the local engine',
  get_json_object: 'DuckDB has no get_json_object; Spark SQL has no portable equivalent the transpiler maps',
  sha2: 'DuckDB has no sha2(expr, bits)',
  crc32: 'DuckDB has no crc32',
  xxhash64: 'DuckDB has no xxhash64',
  // DuckDB has hash(), but not Spark's Murmur3: a local run would give other values.
  hash: "DuckDB's hash() is not Spark's Murmur3 hash and gives other values",
  format_number: 'DuckDB has no format_number',
  bround: 'DuckDB has no bround (half-even rounding)',
  soundex: 'DuckDB has no soundex',
  initcap: 'DuckDB has no initcap',
  shiftleft: 'DuckDB has no shiftleft; Spark SQL also writes a << b',
  shiftright: 'DuckDB has no shiftright; Spark SQL also writes a >> b',
  conv: 'DuckDB has no conv (base conversion)',
};

/** Uses of those functions in Spark SQL `masked` (strings and comments blanked), with offsets. */
export function sparkFunctionsNotRunLocally(masked: string): { offset: number; name: string; why: string }[] {
  const out: { offset: number; name: string; why: string }[] = [];
  for (const m of masked.matchAll(/(?<![\w.$`"])([A-Za-z_][\w]*)\s*\(/g)) {
    const name = m[1]!.toLowerCase();
    const why = SPARK_FUNCTIONS_NOT_RUN_LOCALLY[name];
    if (why && Object.hasOwn(SPARK_FUNCTIONS_NOT_RUN_LOCALLY, name)) out.push({ offset: m.index!, name, why });
  }
  return out;
}

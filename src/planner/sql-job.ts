// The argument contract of glue-scripts/lakeops_sql_runner.py (documented in its header and in
// glue-scripts/README.md): a `sql:` job becomes a Glue Spark job of that script whose
// DefaultArguments carry its inputs, outputs and parameters as JSON, with physical names.

export const SQL_RUNNER_SCRIPT = 'glue-scripts/lakeops_sql_runner.py';

/** Named parameter markers (spark.sql(sql, args=...)) need Spark 3.4+, i.e. Glue 5.0. */
export const SQL_JOB_GLUE_VERSION = '5.0';

export interface SqlJobInput {
  name: string;
  table?: string;
  path?: string;
  format?: string;
  partitioned?: boolean;
}

export interface SqlJobOutput {
  sql: string;
  path: string;
  format: string;
  partitionBy?: string[];
  mode: string;
}

export interface SqlJobDeclarations {
  inputs: SqlJobInput[];
  outputs: SqlJobOutput[];
  parameters: Record<string, { type: string; default?: string }>;
}

export function sqlJobArguments(d: SqlJobDeclarations): Record<string, string> {
  return {
    '--lakeops_inputs': JSON.stringify(d.inputs),
    '--lakeops_outputs': JSON.stringify(d.outputs),
    ...(Object.keys(d.parameters).length ? { '--lakeops_parameters': JSON.stringify(d.parameters) } : {}),
    // "table" inputs resolve through the Glue Data Catalog only with this set.
    '--enable-glue-datacatalog': 'true',
  };
}

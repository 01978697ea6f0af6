// Data tests the dbt way: the `tests:` of a pipeline.yaml (per table: not_null, unique,
// accepted_values, relationships, expression per column; row_count, freshness and expression per
// table) compiled into queries that return the violating rows, so zero rows passes — the same
// contract as `validations:`. The SQL is Athena (Trino) SQL; the local target translates it to
// DuckDB as it does every Athena query. Identifiers are quoted, values are literals with quotes
// doubled; `expression` is SQL the pipeline's author writes, like the SQL files.
import type { Environment } from '../model/environment.js';
import type { Pipeline } from '../model/project.js';
import type { TableTestsConfig } from '../model/schema.js';
import { parseDuration } from '../runner/poll.js';

export interface CompiledTest {
  pipeline: string;
  /** "<database.table>.<column>:<test>" or "<database.table>:<test>". */
  name: string;
  severity: 'error' | 'warn';
  sql: string;
  /** pipeline.yaml line that declares the test. */
  line: number;
  /** Set when the declaration cannot become SQL; the test then reports an error. */
  error?: string;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

function tableRef(env: Environment, table: string): string {
  const [db, name] = table.split('.') as [string, string];
  return `${ident(env.physicalName('database', db))}.${ident(name)}`;
}

type ColumnTest = NonNullable<TableTestsConfig['columns']>[string][number];

function columnSql(env: Environment, t: string, col: string, test: ColumnTest): { kind: string; sql: string } {
  const c = ident(col);
  if (test === 'not_null') return { kind: 'not_null', sql: `SELECT * FROM ${t} WHERE ${c} IS NULL` };
  if (test === 'unique')
    return {
      kind: 'unique',
      sql: `SELECT ${c}, count(*) AS n FROM ${t} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`,
    };
  if ('accepted_values' in test)
    return {
      kind: 'accepted_values',
      sql:
        `SELECT ${c}, count(*) AS n FROM ${t} WHERE ${c} IS NOT NULL AND ` +
        `CAST(${c} AS varchar) NOT IN (${test.accepted_values.map((v) => literal(String(v))).join(', ')}) GROUP BY ${c}`,
    };
  if ('relationships' in test)
    return {
      kind: 'relationships',
      sql:
        `SELECT c.${c} FROM ${t} AS c LEFT JOIN ${tableRef(env, test.relationships.to)} AS p ` +
        `ON c.${c} = p.${ident(test.relationships.field)} WHERE c.${c} IS NOT NULL AND p.${ident(test.relationships.field)} IS NULL`,
    };
  return { kind: 'expression', sql: `SELECT * FROM ${t} WHERE NOT (${test.expression})` };
}

/** Every data test of a pipeline, compiled, in declaration order. */
export function compileDataTests(pipeline: Pipeline, env: Environment): CompiledTest[] {
  const out: CompiledTest[] = [];
  for (const [table, tests] of Object.entries(pipeline.config.tests ?? {})) {
    const t = tableRef(env, table);
    const severity = tests.severity ?? 'error';
    const at = (path: (string | number)[]) => pipeline.source.locate(['tests', table, ...path], { key: true }).line;
    for (const [col, list] of Object.entries(tests.columns ?? {}))
      list.forEach((test, i) => {
        const { kind, sql } = columnSql(env, t, col, test);
        out.push({
          pipeline: pipeline.name,
          name: `${table}.${col}:${kind}`,
          severity,
          sql,
          line: at(['columns', col, i]),
        });
      });
    if (tests.row_count) {
      const { min, max } = tests.row_count;
      const bad = [min !== undefined ? `n < ${min}` : '', max !== undefined ? `n > ${max}` : ''].filter(Boolean);
      out.push({
        pipeline: pipeline.name,
        name: `${table}:row_count`,
        severity,
        sql: `SELECT n FROM (SELECT count(*) AS n FROM ${t}) AS c WHERE ${bad.join(' OR ')}`,
        line: at(['row_count']),
      });
    }
    if (tests.freshness) {
      const ms = parseDuration(tests.freshness.maxAge);
      const c = ident(tests.freshness.column);
      out.push({
        pipeline: pipeline.name,
        name: `${table}:freshness`,
        severity,
        sql:
          ms === undefined
            ? ''
            : `SELECT newest FROM (SELECT max(CAST(${c} AS timestamp)) AS newest FROM ${t}) AS f ` +
              `WHERE newest IS NULL OR newest < CAST(current_timestamp AS timestamp) - INTERVAL '${Math.round(ms / 1000)}' SECOND`,
        line: at(['freshness']),
        ...(ms === undefined
          ? { error: `freshness.maxAge "${tests.freshness.maxAge}" is not a duration: give 90m, 2h, 48h` }
          : {}),
      });
    }
    (tests.expression ?? []).forEach((e, i) =>
      out.push({
        pipeline: pipeline.name,
        name: `${table}:expression`,
        severity,
        sql: `SELECT * FROM ${t} WHERE NOT (${e})`,
        line: at(['expression', i]),
      }),
    );
  }
  return out;
}

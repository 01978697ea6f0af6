// Validation queries, dbt style: each query returns the rows that break a rule, so zero rows
// passes. They run through Target.query, so the same code checks the local DuckDB target and
// Athena. Parameters travel only as positional values (Athena ExecutionParameters); they are never
// pasted into the SQL text.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// p-limit: bounded concurrency for Athena queries (each waits seconds on the service).
import pLimit from 'p-limit';
import { substitute, substitutionsFor, SUBSTITUTION_RE } from '../model/environment.js';
import { getPipeline, type Pipeline, type Project } from '../model/project.js';
import type { ValidationConfig } from '../model/schema.js';
import { blocksCheck } from '../report/format.js';
import type { ValidationResult } from '../report/model.js';
import type { Target } from '../targets/target.js';
import { runDataTests } from '../datatests/run.js';
import { validationOutcome } from './validation-outcome.js';

export const DEFAULT_MAX_ROWS = 20;

export interface ValidationOptions {
  /** Only these pipelines (default: every pipeline with validations). */
  pipelines?: string[];
  /** Run inputs that parameters reference as ${input.NAME}. */
  input?: Record<string, unknown>;
  /** Violating rows kept per validation (default 20); the count of all of them is kept too. */
  maxRows?: number;
  /** Queries in flight at once (default 4 on AWS, 1 locally). */
  concurrency?: number;
}

/** A problem with one validation's declaration or inputs; it becomes status "error", not a crash. */
class ValidationSetupError extends Error {}

/** Looks up a dotted path (`a.b.c`) in the run input. */
function lookupInput(input: Record<string, unknown> | undefined, path: string): unknown {
  let v: unknown = input;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(part in (v as object))) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A JSON value as an Athena literal: strings quoted with '' escaping, numbers and booleans bare. */
export function sqlLiteral(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value === null) return 'NULL';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Resolves one declared parameter to the text Athena receives as an ExecutionParameters element.
 *
 * Athena takes each execution parameter as a literal, the way it would appear in SQL: strings need
 * single quotes (e.g. `'2024-01-01'`), numbers do not
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html).
 * So a parameter that is exactly `${input.NAME}` becomes a typed literal of the input value; an
 * input used inside a larger template (e.g. `'${input.day}-00'`) has its quotes doubled so it can
 * never end the literal it sits in. Other ${Name} substitutions resolve as in SQL files.
 */
export function resolveParameter(
  template: string,
  values: Map<string, { value: string }>,
  input: Record<string, unknown> | undefined,
): string {
  const whole = /^\$\{input\.([^}|]+)(?:\|([^}]*))?\}$/.exec(template);
  if (whole) {
    const v = lookupInput(input, whole[1]!);
    if (v === undefined) throw missingInput(whole[1]!);
    return whole[2] === undefined ? sqlLiteral(v) : sqlLiteral(timestampPart(whole[1]!, v, whole[2]));
  }
  if (/\$\{input\.[^}]*\|/.test(template))
    throw new ValidationSetupError(
      `parameter "${template}": a \${input.NAME|part} must be the whole parameter, e.g. - \${input.target_hour|year}`,
    );
  const sub = substitute(template, values);
  if (sub.unresolved.length)
    throw new ValidationSetupError(`parameter "${template}" uses unknown substitution \${${sub.unresolved[0]!.name}}`);
  return sub.text.replace(SUBSTITUTION_RE, (_m, name: string) => {
    const path = name.slice('input.'.length);
    const v = lookupInput(input, path);
    if (v === undefined) throw missingInput(path);
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s.replace(/'/g, "''");
  });
}

const TIMESTAMP_PARTS = {
  year: (d: Date) => d.getUTCFullYear(),
  month: (d: Date) => d.getUTCMonth() + 1,
  day: (d: Date) => d.getUTCDate(),
  hour: (d: Date) => d.getUTCHours(),
};

/**
 * `${input.NAME|year}` (and |month, |day, |hour): one UTC part of an ISO 8601 timestamp input, as
 * a string without zero padding ('2024', '5', '1', '10'): the values of Hive partition folders
 * written from year()/month()/day()/hour(). Comparing each partition column with its own value
 * (`c.hour = ?`) is what lets Athena and DuckDB prune partitions; a comparison with an expression
 * over the columns (`CAST(c.hour AS integer) = hour(...)`) reads every partition.
 */
function timestampPart(name: string, value: unknown, part: string): string {
  const get = TIMESTAMP_PARTS[part as keyof typeof TIMESTAMP_PARTS];
  if (!Object.hasOwn(TIMESTAMP_PARTS, part))
    throw new ValidationSetupError(
      `parameter \${input.${name}|${part}}: unknown part "${part}"; use one of ${Object.keys(TIMESTAMP_PARTS).join(', ')}`,
    );
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime()))
    throw new ValidationSetupError(
      `parameter \${input.${name}|${part}}: run input "${name}" must be an ISO 8601 timestamp (e.g. 2024-05-01T10:00:00Z)`,
    );
  return String(get(d));
}

function missingInput(name: string): ValidationSetupError {
  return new ValidationSetupError(`parameter needs run input "${name}"; pass it with --input '{"${name}": ...}'`);
}

interface PlannedValidation {
  pipeline: Pipeline;
  name: string;
  config: ValidationConfig;
  line: number;
}

/** The validations to run, in pipeline then declaration order. */
export function plannedValidations(project: Project, pipelines?: string[]): PlannedValidation[] {
  const selected = pipelines?.length ? pipelines.map((n) => getPipeline(project, n)) : project.pipelines;
  return selected.flatMap((p) =>
    Object.entries(p.config.validations ?? {}).map(([name, config]) => ({
      pipeline: p,
      name,
      config,
      line: p.source.locate(['validations', name], { key: true }).line,
    })),
  );
}

async function runOne(
  target: Target,
  project: Project,
  v: PlannedValidation,
  opts: ValidationOptions,
): Promise<ValidationResult> {
  const env = target.env;
  const base: ValidationResult = {
    pipeline: v.pipeline.name,
    name: v.name,
    severity: v.config.severity ?? 'error',
    status: 'error',
    file: v.config.sql,
    line: v.line,
    violationCount: 0,
    columns: [],
    rows: [],
    truncated: false,
  };
  const started = Date.now();
  try {
    let text: string;
    try {
      text = await readFile(join(project.root, v.config.sql), 'utf8');
    } catch (e) {
      throw new ValidationSetupError(`cannot read ${v.config.sql}: ${(e as Error).message}`);
    }
    const values = substitutionsFor(project, env, v.pipeline);
    const sql = substitute(text, values);
    if (sql.unresolved.length)
      throw new ValidationSetupError(
        `${v.config.sql} uses unknown substitution \${${sql.unresolved[0]!.name}} (declare it under variables: or fix the name)`,
      );
    if (/\$\{input\./.test(sql.text))
      throw new ValidationSetupError(
        `${v.config.sql} uses \${input.…} in the SQL text; use a ? marker and list the value under parameters:`,
      );
    // Locally, a pipeline's declared default run input stands in when none is given.
    const localInput = env.target === 'local' ? v.pipeline.config.local?.input : undefined;
    const input = opts.input ?? (localInput as Record<string, unknown> | undefined);
    const parameters = (v.config.parameters ?? []).map((p) => resolveParameter(p, values, input));
    const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
    const r = await target.query(sql.text, {
      database: env.physicalName('database', v.config.database),
      parameters,
      maxRows,
    });
    return validationOutcome(base, r, maxRows, started);
  } catch (e) {
    // A declaration problem or a failed query: reported on this validation, the others still run.
    return {
      ...base,
      status: 'error',
      error: e instanceof Error ? e.message : String(e),
      durationMs: Date.now() - started,
    };
  }
}

/** Runs every selected pipeline's validations on `target`; results keep declaration order. */
export async function runValidations(
  target: Target,
  project: Project,
  opts: ValidationOptions = {},
): Promise<ValidationResult[]> {
  const planned = plannedValidations(project, opts.pipelines);
  const limit = pLimit(opts.concurrency ?? (target.env.target === 'aws' ? 4 : 1));
  const results = await Promise.all(planned.map((v) => limit(() => runOne(target, project, v, opts))));
  // Data tests (tests: in pipeline.yaml) follow, reported the same way (check, PR, deploy smoke).
  const names = opts.pipelines?.length ? opts.pipelines : project.pipelines.map((p) => p.name);
  results.push(...(await runDataTests(target, project, names, opts.maxRows ?? DEFAULT_MAX_ROWS)));
  return results;
}

/** True when a failure or error of an error-severity validation should fail the command. */
export function validationsFailed(results: readonly ValidationResult[]): boolean {
  return results.some(blocksCheck);
}

// A pipeline run's input checked against the pipeline's inputSchema (pipeline.yaml) before anything
// starts, on every target: a bad --input is a usage error naming what is wrong and where the
// contract is declared.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { ConfigError } from './diagnostics.js';
import type { Pipeline } from './project.js';

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
// format: date, date-time, time, ... are checked (calendar days included), not just annotations.
addFormats.default(ajv, { mode: 'full' });

const DATE_SHAPED = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;

/** ajv-formats' full date/date-time check of a string that looks like an ISO 8601 date. */
function isRealDate(text: string): boolean {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const format = dateOnly ? fullFormats.date : fullFormats['iso-date-time'];
  const check = typeof format === 'object' && 'validate' in format ? format.validate : format;
  return typeof check === 'function' ? (check as (s: string) => boolean)(text.replace(' ', 'T')) : true;
}

/** Date-shaped strings anywhere in the input that name no real instant (2024-02-30, hour 25, ...). */
function invalidDates(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (DATE_SHAPED.test(value) && !isRealDate(value))
      out.push(
        `${path} ${JSON.stringify(value)} is not a real date or date-time (ISO 8601, e.g. 2024-05-01T10:00:00Z)`,
      );
  } else if (Array.isArray(value)) value.forEach((v, i) => invalidDates(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) invalidDates(v, `${path}.${k}`, out);
}
const compiled = new WeakMap<object, ValidateFunction>();
// Pipelines often share one inputSchema text; compiling each copy again is most of the time
// `lakeops validate` spends on run inputs in a large project.
const compiledByText = new Map<string, ValidateFunction>();

/**
 * What is wrong with `input` for the pipeline's inputSchema, one message per problem (empty when it
 * fits or there is no schema). Throws a ConfigError when the inputSchema itself is not valid.
 */
export function runInputProblems(pipeline: Pipeline, input: unknown): string[] {
  const problems: string[] = [];
  invalidDates(input, 'input', problems);
  const schema = pipeline.config.inputSchema;
  if (!schema) return problems;
  let validate = compiled.get(schema);
  const text = validate ? '' : JSON.stringify(schema);
  validate ??= compiledByText.get(text);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
      compiledByText.set(text, validate);
    } catch (e) {
      throw new ConfigError(
        `pipeline "${pipeline.name}": inputSchema is not a valid JSON Schema: ${(e as Error).message}`,
        [
          pipeline.source.diagnostic(
            ['inputSchema'],
            `not a valid JSON Schema: ${(e as Error).message}`,
            'input-schema',
          ),
        ],
      );
    }
    compiled.set(schema, validate);
  }
  // Keys the schema does not declare are errors unless it opens the object with additionalProperties.
  const declared = (schema as { properties?: Record<string, unknown>; additionalProperties?: unknown }).properties;
  if (
    declared &&
    (schema as { additionalProperties?: unknown }).additionalProperties === undefined &&
    input &&
    typeof input === 'object' &&
    !Array.isArray(input)
  )
    for (const k of Object.keys(input))
      if (!Object.hasOwn(declared, k))
        problems.push(
          `input must NOT have additional properties ("${k}"; declared: ${Object.keys(declared).join(', ')})`,
        );
  if (validate(input)) return problems;
  return problems.concat(
    (validate.errors ?? []).map((e) => {
      const where = e.instancePath ? `input${e.instancePath.replace(/\//g, '.')}` : 'input';
      const extra =
        e.keyword === 'additionalProperties'
          ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")`
          : e.keyword === 'pattern' || e.keyword === 'enum'
            ? ` (got ${JSON.stringify(at(input, e.instancePath))})`
            : '';
      return `${where} ${e.message}${extra}`;
    }),
  );
}

/** Throws a ConfigError (exit 2) when `input` does not satisfy the pipeline's inputSchema. */
export function checkRunInput(pipeline: Pipeline, input: unknown): void {
  const problems = runInputProblems(pipeline, input);
  if (!problems.length) return;
  const loc = pipeline.source.locate(['inputSchema']);
  throw new ConfigError(
    `the input of pipeline "${pipeline.name}" does not match its inputSchema (${pipeline.source.path}:${loc.line}): ${problems.join('; ')}`,
  );
}

function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const part of pointer.split('/').slice(1))
    v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

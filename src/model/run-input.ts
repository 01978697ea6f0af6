// A pipeline run's input checked against the pipeline's inputSchema (pipeline.yaml) before anything
// starts, on every target: a bad --input is a usage error naming what is wrong and where the
// contract is declared.
import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigError } from './diagnostics.js';
import type { Pipeline } from './project.js';

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const compiled = new WeakMap<object, ValidateFunction>();
// Pipelines often share one inputSchema text; compiling each copy again is most of the time
// `lakeops validate` spends on run inputs in a large project.
const compiledByText = new Map<string, ValidateFunction>();

/**
 * What is wrong with `input` for the pipeline's inputSchema, one message per problem (empty when it
 * fits or there is no schema). Throws a ConfigError when the inputSchema itself is not valid.
 */
export function runInputProblems(pipeline: Pipeline, input: unknown): string[] {
  const schema = pipeline.config.inputSchema;
  if (!schema) return [];
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
  if (validate(input)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath ? `input${e.instancePath.replace(/\//g, '.')}` : 'input';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")`
        : e.keyword === 'pattern' || e.keyword === 'enum'
          ? ` (got ${JSON.stringify(at(input, e.instancePath))})`
          : '';
    return `${where} ${e.message}${extra}`;
  });
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

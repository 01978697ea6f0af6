// Inputs of dispatched and scheduled runs (workflow_dispatch fields reach an action as strings):
// checked against a schema before anything uses them, never by shell, then turned into the run
// input the pipeline's own inputSchema checks.
import { Type, type Static } from '@sinclair/typebox';
// Ajv: the JSON Schema validator the project uses for every schema check.
import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigError } from '../model/diagnostics.js';
import type { Pipeline, Project } from '../model/project.js';

const MAX_INPUT_JSON = 256 * 1024; // Step Functions caps execution input at 256 KiB.

export const DispatchInputsSchema = Type.Object(
  {
    pipeline: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }),
    environment: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,127}$' }),
    input: Type.String({ maxLength: MAX_INPUT_JSON }),
    targetHour: Type.String({
      pattern: '^$|^previous$|^\\d{4}-\\d{2}-\\d{2}T\\d{2}(:00(:00(\\.0+)?)?)?Z$',
    }),
  },
  { additionalProperties: false },
);
export type DispatchInputs = Static<typeof DispatchInputsSchema>;

const ajv = new Ajv({ allErrors: true });
const check = ajv.compile(DispatchInputsSchema);
// The validate and deploy actions take the same inputs without a pipeline.
const ValidationInputsSchema = Type.Omit(DispatchInputsSchema, ['pipeline']);
type ValidationInputs = Static<typeof ValidationInputsSchema>;
const checkWithoutPipeline = ajv.compile(ValidationInputsSchema);

const HINTS: Record<string, string> = {
  pipeline: 'a pipeline folder name (lower case, digits, "-")',
  environment: 'an environment name from lakeops.yaml',
  input: `JSON text of at most ${MAX_INPUT_JSON} characters`,
  targetHour: 'an hour in UTC such as 2024-05-01T10:00:00Z, or "previous"',
};

/** Throws a ConfigError naming each input `validate` rejects and what it takes. */
function throwIfInvalid(validate: ValidateFunction, raw: object, inputName: string): void {
  if (validate(raw)) return;
  const names: Record<string, string> = { targetHour: 'target-hour', input: inputName };
  const bad = new Set(
    (validate.errors ?? []).map((e) => e.instancePath.slice(1) || String(e.params?.missingProperty ?? '')),
  );
  throw new ConfigError(
    [...bad]
      .map(
        (k) =>
          `input "${names[k] ?? k}" (${JSON.stringify((raw as Record<string, string>)[k] ?? '')}) must be ${HINTS[k] ?? 'valid'}`,
      )
      .join('; '),
  );
}

/** Checks the raw strings' shapes; throws a ConfigError naming each bad input and what it takes. */
export function checkDispatchInputs(raw: DispatchInputs): void {
  throwIfInvalid(check, raw, 'input');
}

/** The full hour in UTC: "previous" is the hour before `now`; partial forms are completed. */
export function normaliseHour(text: string, now: Date = new Date()): string {
  if (text === 'previous') {
    const d = new Date(now.getTime() - 3600_000);
    d.setUTCMinutes(0, 0, 0);
    return d.toISOString().replace('.000Z', 'Z');
  }
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2})/.exec(text)!;
  const iso = `${m[1]}:00:00Z`;
  // Date.parse rolls 2024-02-31 over to March; a real date survives the round trip unchanged.
  const t = Date.parse(iso);
  if (Number.isNaN(t) || !new Date(t).toISOString().startsWith(m[1]!))
    throw new ConfigError(`input "target-hour" (${text}) is not a real date and hour`);
  return iso;
}

/** Parses the `input` JSON; it must be an object (a pipeline's run input is always one). */
export function parseInputJson(text: string, inputName = 'input'): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`input "${inputName}" is not valid JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new ConfigError(`input "${inputName}" must be a JSON object, e.g. {"target_hour": "2024-05-01T10:00:00Z"}`);
  return v as Record<string, unknown>;
}

/** The JSON input with the target hour added as `target_hour` (given one way, not both). */
function withTargetHour(
  input: Record<string, unknown> | undefined,
  targetHour: string,
  inputName: string,
  now?: Date,
): Record<string, unknown> | undefined {
  if (!targetHour) return input;
  if (input && 'target_hour' in input)
    throw new ConfigError(`give the hour either as "target-hour" or inside "${inputName}", not both`);
  return { ...(input ?? {}), target_hour: normaliseHour(targetHour, now) };
}

/**
 * The run input of validation queries (the validate action, deploy's smoke validations): the JSON
 * of the input called `inputName`, plus the target hour as `target_hour` for their
 * `${input.target_hour}` parameters. Checked against the same schema as a dispatched run.
 */
export function validationRunInput(
  raw: ValidationInputs,
  inputName = 'input',
  now?: Date,
): Record<string, unknown> | undefined {
  throwIfInvalid(checkWithoutPipeline, raw, inputName);
  return withTargetHour(parseInputJson(raw.input, inputName), raw.targetHour, inputName, now);
}

/** Throws a ConfigError unless lakeops.yaml declares `env` (or it is the implicit local one). */
export function checkEnvironmentInput(project: Project, env: string): void {
  if (!(env in project.config.environments) && env !== 'local')
    throw new ConfigError(
      `input "environment": lakeops.yaml declares no environment "${env}" (it has ${Object.keys(project.config.environments).join(', ')})`,
    );
}

export interface ResolvedDispatch {
  pipeline: Pipeline;
  env: string;
  input?: Record<string, unknown>;
}

/**
 * Checks the inputs against the schema and the project: the pipeline and environment must exist,
 * and a target hour goes into the run input as `target_hour` only when the pipeline declares it.
 */
export function resolveDispatch(project: Project, raw: DispatchInputs, now?: Date): ResolvedDispatch {
  checkDispatchInputs(raw);
  const pipeline = project.pipelines.find((p) => p.name === raw.pipeline);
  if (!pipeline)
    throw new ConfigError(
      `input "pipeline": no pipeline "${raw.pipeline}"; this project has ${project.pipelines.map((p) => p.name).join(', ')}`,
    );
  checkEnvironmentInput(project, raw.environment);
  const input = parseInputJson(raw.input);
  if (raw.targetHour) {
    const props = (pipeline.config.inputSchema?.properties ?? {}) as Record<string, unknown>;
    if (!('target_hour' in props))
      throw new ConfigError(
        `input "target-hour": pipeline "${pipeline.name}" takes no target_hour in its inputSchema (${pipeline.source.path}); use "input" instead`,
      );
  }
  return { pipeline, env: raw.environment, input: withTargetHour(input, raw.targetHour, 'input', now) };
}

// `lakeops check <pipeline...> | --all`: runs the pipelines' validation queries (dbt convention:
// each query returns the rows that break a rule) on the environment's target — DuckDB locally,
// Athena on AWS — and prints the results. Exit 1 when an error-severity validation fails or
// cannot run; warn-severity failures are shown but do not fail; 2 for usage errors.
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { renderJson } from '../../report/json.js';
import { renderValidations } from '../../report/terminal.js';
import { createTarget } from '../../targets/index.js';
import type { Target } from '../../targets/target.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject, parseJsonOption } from '../context.js';

export interface CheckOptions {
  all?: boolean;
  input?: string;
  maxRows?: string;
}

export interface CheckDeps {
  createTarget: (project: Project, env: Environment) => Promise<Target>;
  out: NodeJS.WritableStream;
}

/** The runner's DEFAULT_MAX_ROWS, restated so that registering the command does not load the
 * runner (and the project loader behind it); a test holds the two equal. */
const HELP_DEFAULT_MAX_ROWS = 20;

/** --max-rows as a number; undefined leaves the runner's default. */
function parseMaxRows(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`--max-rows must be a whole number of rows (0 or more), got "${text}"`);
  return n;
}

/** The check itself, with the target factory and output stream injectable for tests. */
export async function runCheck(
  project: Project,
  env: Environment,
  pipelines: string[],
  opts: CheckOptions & { json?: boolean },
  deps: CheckDeps,
): Promise<number> {
  if (opts.all && pipelines.length)
    throw new ConfigError('give pipeline names or --all, not both (e.g. lakeops check hourly-hits)');
  if (!opts.all && !pipelines.length)
    throw new ConfigError(
      `name the pipelines to check, or pass --all; known pipelines: ${project.pipelines.map((p) => p.name).join(', ') || '(none)'}`,
    );
  // Loaded on use, so that registering the command stays cheap (they pull in the project loader).
  const [{ getPipeline }, { checkRunInput }, { runValidations, validationsFailed }] = await Promise.all([
    import('../../model/project.js'),
    import('../../model/run-input.js'),
    import('../../runner/validations.js'),
  ]);
  const selected = opts.all ? project.pipelines : pipelines.map((n) => getPipeline(project, n));
  const input = parseJsonOption('--input', opts.input);
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input)))
    throw new ConfigError(`--input must be a JSON object, e.g. --input '{"target_hour": "2024-05-01T10:00:00Z"}'`);
  // With one pipeline the input is that pipeline's run input, so it must satisfy its inputSchema.
  if (input !== undefined && selected.length === 1) checkRunInput(selected[0]!, input);
  const maxRows = parseMaxRows(opts.maxRows);

  const target = await deps.createTarget(project, env);
  let results;
  try {
    results = await runValidations(target, project, {
      pipelines: selected.map((p) => p.name),
      input: input as Record<string, unknown> | undefined,
      maxRows,
    });
  } finally {
    await target.close();
  }
  if (opts.json) {
    deps.out.write(renderJson({ title: 'lakeops check', env: env.name, validations: results }));
  } else {
    deps.out.write(`checking ${selected.map((p) => p.name).join(', ')} on ${env.name} (${env.target})\n\n`);
    deps.out.write(renderValidations(results) + '\n');
  }
  return validationsFailed(results) ? EXIT_FAILED : EXIT_OK;
}

export function register(program: Command): void {
  program
    .command('check')
    .description(
      'run the validation queries of pipelines (rows returned are violations); exit 1 when an error-severity validation fails',
    )
    .argument('[pipelines...]', 'pipelines whose validations to run')
    .option('--all', 'every pipeline of the project')
    .option('--input <json>', 'run input that validation parameters reference as ${input.NAME}')
    .option('--max-rows <n>', `violating rows shown per validation (default ${HELP_DEFAULT_MAX_ROWS})`)
    .action(
      action(async (pipelines: string[], opts: CheckOptions, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        return runCheck(project, env, pipelines, { ...opts, json: g.json }, { createTarget, out: process.stdout });
      }),
    );
}

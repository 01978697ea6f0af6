// `lakeops deploy --env <env> [--prune] [--allow-deletes N] [--adopt] [--json]`: validates the
// project (nothing is written when that fails), then applies the plan, printing progress per
// resource and a summary. `--plan plan.json` applies exactly a saved plan (refused when stale);
// the environment's lock is held throughout (`--lock-timeout` to wait for another deploy).
// Exit 0 when everything converged, 1 when a resource failed or was left alone as a conflict, the
// saved plan is stale or the lock stayed busy; 2 for usage or configuration errors (including a
// plan file that is unreadable, tampered with, or for another environment or tool version).
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { SavedPlan } from '../../planner/plan-file.js';
import { renderJson } from '../../report/json.js';
import type { ProgressSink } from '../../report/model.js';
import { lineProgress } from '../../report/terminal.js';
import { createTarget } from '../../targets/index.js';
import type { PreflightFinding } from '../../targets/aws/preflight.js';
import type { Target } from '../../targets/target.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface DeployCommandOptions {
  pipeline?: string[];
  prune?: boolean;
  allowDeletes?: string;
  adopt?: boolean;
  json?: boolean;
  /** A saved plan file (lakeops plan --out) to apply exactly. */
  plan?: string;
  /** How long to wait for the environment lock ("0", "90s", "10m"). */
  lockTimeout?: string;
}

export interface DeployDeps {
  createTarget: (project: Project, env: Environment) => Promise<Target>;
  /** The project's static checks; nothing is deployed when they report errors. */
  validate?: (project: Project, env: Environment) => Promise<{ ok: boolean; diagnostics: ConfigError['diagnostics'] }>;
  /** Prerequisites of an AWS environment (src/targets/aws/preflight.ts); any finding stops the deploy before its first write. */
  preflight?: (project: Project, env: Environment) => Promise<PreflightFinding[]>;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

function parseAllowDeletes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`--allow-deletes takes a whole number of deletions, got "${text}"`);
  return n;
}

/** lakeops validate's checks (loaded on use: they pull in a SQL parser and an ASL validator). */
export async function defaultValidate(project: Project, env: Environment) {
  const { validateProject } = await import('../../validate/index.js');
  return validateProject(project.root, { env: env.name });
}

export async function runDeploy(
  project: Project,
  env: Environment,
  opts: DeployCommandOptions,
  deps: DeployDeps,
): Promise<number> {
  const allowDeletes = parseAllowDeletes(opts.allowDeletes);
  const { parseLockTimeout } = await import('../../locking/lock.js');
  const lockTimeoutMs = parseLockTimeout(opts.lockTimeout, 0);
  if (lockTimeoutMs === undefined)
    throw new ConfigError(`--lock-timeout "${opts.lockTimeout}" is not a duration: give seconds (90) or 90s, 10m`);
  let savedPlan: SavedPlan | undefined;
  if (opts.plan !== undefined) {
    if (env.target !== 'aws')
      throw new ConfigError(`--plan applies saved plans to aws environments; "${env.name}" targets ${env.target}`);
    const { loadSavedPlan, PlanFileError } = await import('../../planner/plan-file.js');
    try {
      savedPlan = loadSavedPlan(opts.plan, { project: env.project, env: env.name });
    } catch (e) {
      throw e instanceof PlanFileError ? new ConfigError(e.message) : e;
    }
  }
  if (env.target === 'local' && (opts.prune || opts.adopt || allowDeletes !== undefined))
    deps.err.write(
      'note: --prune, --allow-deletes and --adopt apply to aws environments; ignored for the local target\n',
    );
  if (deps.validate) {
    const v = await deps.validate(project, env);
    if (!v.ok)
      throw new ConfigError(
        `validation failed for environment "${env.name}"; nothing was deployed (run lakeops validate --env ${env.name})`,
        v.diagnostics.filter((d) => d.severity === 'error'),
      );
  }
  if (deps.preflight && env.target === 'aws') await stopOnMissingPrerequisites(project, env, deps.preflight);
  // Loaded on use: the planner's renderer pulls in a SQL parser.
  const { deploySummary } = await import('../../planner/render.js');
  const target = await deps.createTarget(project, env);
  const progress: ProgressSink = opts.json
    ? { stepStarted() {}, stepEnded() {}, info: (m) => deps.err.write(`  ${m}\n`) }
    : lineProgress(deps.err);
  try {
    const local = env.target === 'local';
    const result = await target.deploy(
      project,
      {
        pipelines: opts.pipeline,
        prune: local ? undefined : opts.prune,
        allowDeletes: local ? undefined : allowDeletes,
        adopt: local ? undefined : opts.adopt,
        ...(savedPlan ? { savedPlan } : {}),
        lockTimeoutMs,
      },
      progress,
    );
    if (opts.json) deps.out.write(renderJson({ title: `deploy to ${env.name}`, env: env.name, deploy: result }));
    else {
      for (const c of result.skipped.filter((s) => s.action === 'conflict'))
        deps.out.write(
          `conflict: ${c.kind} ${c.name}${c.file ? ` (${c.file}${c.line ? `:${c.line}` : ''})` : ''}: ${c.reason ?? ''}\n`,
        );
      for (const f of result.failed)
        deps.out.write(
          `failed: ${f.kind} ${f.name}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : ''}: ${f.error}\n`,
        );
      deps.out.write(deploySummary(result) + '\n');
    }
    const conflicts = result.skipped.some((s) => s.action === 'conflict');
    return result.failed.length || conflicts ? EXIT_FAILED : EXIT_OK;
  } finally {
    await target.close();
  }
}

/** Runs the preflight; every finding at once, exit 2 (ConfigError), before anything is written. */
async function stopOnMissingPrerequisites(
  project: Project,
  env: Environment,
  check: (project: Project, env: Environment) => Promise<PreflightFinding[]>,
): Promise<void> {
  const findings = await check(project, env);
  if (!findings.length) return;
  const { formatFindings } = await import('../../targets/aws/preflight.js');
  throw new ConfigError(formatFindings(env, findings));
}

/** The real preflight, on clients of the environment. */
export async function defaultPreflight(project: Project, env: Environment): Promise<PreflightFinding[]> {
  const { preflight, preflightClients } = await import('../../targets/aws/preflight.js');
  return preflight(project, env, preflightClients(env));
}

export function register(program: Command): void {
  program
    .command('deploy')
    .description(
      'apply the plan to an environment (validates first; only resources tagged as this project and environment are changed)',
    )
    .option('-p, --pipeline <name...>', 'only these pipelines (default: all)')
    .option('--prune', 'delete resources of this project and environment that are no longer defined')
    .option('--allow-deletes <n>', 'allow up to N deletions (needed for more than 5)')
    .option('--adopt', 'take over same-name resources that lack lakeops tags (default: report them as conflicts)')
    .option(
      '--plan <file>',
      'apply exactly this saved plan (lakeops plan --out); refused when anything it touches moved',
    )
    .option('--lock-timeout <duration>', 'wait this long for another deploy of the environment (default 0)', '0')
    .action(
      action(async (opts: Omit<DeployCommandOptions, 'json'>, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        return runDeploy(
          project,
          env,
          { ...opts, json: g.json },
          {
            createTarget,
            validate: defaultValidate,
            preflight: defaultPreflight,
            out: process.stdout,
            err: process.stderr,
          },
        );
      }),
    );
}

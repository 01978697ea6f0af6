// The stages the actions run, each a thin sequence of core library calls: runs of pipelines
// followed by their validations, and the AWS side (plan, read-only validation queries). Static
// checks are in static-checks.ts, so actions that skip them do not bundle the checkers. A stage
// that cannot run because an earlier one failed is recorded in Report.skipped with the reason,
// never silently left out.
import { resolveEnvironment, type Environment } from '../model/environment.js';
import { getPipeline, type Project } from '../model/project.js';
import { checkRunInput } from '../model/run-input.js';
import type { PlanResult, ProgressSink, Report, RunResult, ValidationResult } from '../report/model.js';
import { estimateRunCost } from '../runner/cost.js';
import { runValidations } from '../runner/validations.js';
import { createTarget } from '../targets/index.js';
import type { Target } from '../targets/target.js';

/** A run that could not start (bad input, a job with no local runtime...), as a failed result. */
export function notStarted(project: Project, pipeline: string, env: Environment, err: unknown): RunResult {
  const p = project.pipelines.find((x) => x.name === pipeline);
  const e = err as Error;
  return {
    pipeline,
    env: env.name,
    target: env.target,
    orchestration: p?.definitionFile ? 'stateMachine' : 'workflow',
    executionName: '(not started)',
    status: 'FAILED',
    startedAt: new Date().toISOString(),
    steps: [],
    failure: { state: '(start)', error: e?.name ?? 'Error', cause: e?.message ?? String(err) },
  };
}

function failedStep(run: RunResult): string {
  const s = run.failure?.state ?? run.steps.find((x) => x.status === 'failed')?.name;
  return s ? ` at "${s}"` : '';
}

export interface RunStageOptions {
  /** Run input; by default the pipeline's `local.input` on a local target. */
  input?: unknown;
  key?: string;
  progress: ProgressSink;
  /** Run the pipeline's validations after a successful run (default true). */
  validations?: boolean;
  timeoutMs?: number;
  /** Return once started (validations are then skipped: the data is not there yet). */
  noWait?: boolean;
}

export interface RunStageResult {
  runs: RunResult[];
  validations: ValidationResult[];
  skipped: NonNullable<Report['skipped']>;
}

/**
 * Runs each pipeline in turn on `target`, then its validations. A failed run marks its validations
 * skipped; the other pipelines still run (each PR pipeline is judged on its own).
 */
export async function runPipelines(
  target: Target,
  project: Project,
  pipelines: readonly string[],
  opts: RunStageOptions,
): Promise<RunStageResult> {
  const out: RunStageResult = { runs: [], validations: [], skipped: [] };
  const env = target.env;
  for (const name of pipelines) {
    const pipeline = getPipeline(project, name);
    const input = opts.input ?? (env.target === 'local' ? pipeline.config.local?.input : undefined);
    let run: RunResult;
    try {
      checkRunInput(pipeline, input ?? {});
      opts.progress.info(`running ${name} on ${env.name}`);
      run = await target.run(
        project,
        name,
        { input, key: opts.key, timeoutMs: opts.timeoutMs, noWait: opts.noWait },
        opts.progress,
      );
    } catch (err) {
      run = notStarted(project, name, env, err);
    }
    // What the run would cost on AWS (a local run carries no bill of its own).
    if (!run.cost && run.steps.length) run = { ...run, cost: estimateRunCost(project, env, run) };
    out.runs.push(run);
    // Validation queries and data tests (tests:) both run through runValidations.
    const hasValidations =
      Object.keys(pipeline.config.validations ?? {}).length > 0 || Object.keys(pipeline.config.tests ?? {}).length > 0;
    if (!hasValidations || opts.validations === false) continue;
    if (run.status === 'RUNNING') {
      out.skipped.push({
        stage: `validations of ${name} (${env.name})`,
        reason: 'the run was started without waiting for it',
      });
      continue;
    }
    if (run.status !== 'SUCCEEDED') {
      out.skipped.push({
        stage: `validations of ${name} (${env.name})`,
        reason: `the run ${run.status.toLowerCase()}${failedStep(run)}`,
      });
      continue;
    }
    const results = await runValidations(target, project, {
      pipelines: [name],
      input: (input ?? undefined) as Record<string, unknown> | undefined,
    });
    out.validations.push(...results.map((v) => ({ ...v, env: env.name })));
  }
  return out;
}

/** Opens the target of an environment, runs `fn`, and always closes it. */
export async function withTarget<T>(project: Project, envName: string, fn: (t: Target) => Promise<T>): Promise<T> {
  const target = await createTarget(project, resolveEnvironment(project, envName));
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}

export interface AwsStageResult {
  plan?: PlanResult;
  validations: ValidationResult[];
  skipped: NonNullable<Report['skipped']>;
}

/**
 * What a pull request would do to an AWS environment (the plan of the whole project, since a deploy
 * syncs it all) and how the PR's validation queries fare on the data deployed there. Read-only: a
 * plan reads AWS, and validation queries are SELECTs (Athena writes only its result files).
 */
export async function awsPreview(
  project: Project,
  envName: string,
  validationPipelines: readonly string[],
): Promise<AwsStageResult> {
  return withTarget(project, envName, async (target) => {
    const out: AwsStageResult = { validations: [], skipped: [] };
    out.plan = await target.plan(project);
    const withValidations = validationPipelines.filter(
      (p) => Object.keys(getPipeline(project, p).config.validations ?? {}).length,
    );
    if (withValidations.length) {
      const results = await runValidations(target, project, { pipelines: [...withValidations] });
      out.validations = results.map((v) => ({ ...v, env: envName }));
    }
    return out;
  });
}

/** Concatenates reports (e.g. the local one and the plan jobs' artifacts) into one. */
export function mergeReports(title: string, parts: readonly Report[]): Report {
  const merged: Report = { title };
  for (const p of parts) {
    if (p.diagnostics) merged.diagnostics = [...(merged.diagnostics ?? []), ...p.diagnostics];
    if (p.plans) merged.plans = [...(merged.plans ?? []), ...p.plans];
    if (p.runs) merged.runs = [...(merged.runs ?? []), ...p.runs];
    if (p.validations) merged.validations = [...(merged.validations ?? []), ...p.validations];
    if (p.skipped) merged.skipped = [...(merged.skipped ?? []), ...p.skipped];
    if (p.deploy) merged.deploy = p.deploy;
  }
  return merged;
}

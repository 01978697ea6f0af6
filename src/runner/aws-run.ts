// `lakeops run` on AWS: start the pipeline's state machine (or Glue workflow), follow it step by
// step, and on failure say what failed and why, in the service's own words. The AWS target's
// run() delegates here; the CLI maps the RunResult to an exit code with runExitCode().
import { glueWorkflowUrl, sfnExecutionUrl } from './console-links.js';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetJobRunCommand, type JobRun } from '@aws-sdk/client-glue';
import { ConfigError } from '../model/diagnostics.js';
import type { Environment } from '../model/environment.js';
import { getPipeline, type Pipeline, type Project } from '../model/project.js';
import { accountContext, stateMachineArn, type AccountContext } from '../planner/names.js';
import {
  silentProgress,
  type CostItem,
  type ProgressSink,
  type RunFailure,
  type RunResult,
  type StepResult,
} from '../report/model.js';
import type { AwsClients } from '../targets/aws/clients.js';
import type { RunOptions } from '../targets/target.js';
import { athenaCostItem, costEstimate, glueBilledDpuSeconds, glueCostItem, sfnCostItem } from './cost.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { readWorkflowRun, startOrFindWorkflowRun, WorkflowRunTracker } from './glue-workflow.js';
import { formatDuration } from '../report/format.js';
import { Backoff, realClock, type Clock } from './poll.js';
import { ExecutionTracker } from './sfn-history.js';
import { adHocExecutionName, executionName, ExecutionHistoryReader, startOrAttach } from './sfn-follow.js';

/** RunFailure.error when lakeops stopped following a run that is still going on AWS. */
export const FOLLOW_TIMEOUT_ERROR = 'lakeops.FollowTimeout';

export interface AwsRunDeps {
  clock?: Clock;
  /** Poll delays: start, doubling up to the cap; reset whenever new events arrive. */
  pollInitialMs?: number;
  pollMaxMs?: number;
  /** Events per backwards page when reading only new history events (default 100). */
  historyTailPageSize?: number;
  /** The account for ARNs, when the caller already knows how to find it (AwsTarget). */
  accountContext?: () => Promise<AccountContext>;
}

type Clients = Pick<AwsClients, 'sfn' | 'glue' | 'logs' | 'athena' | 'sts'>;

export { runExitCode } from './exit-code.js';

/** The account for ARNs: the caller's (AwsTarget's, looked up once), else declared in lakeops.yaml or STS GetCallerIdentity. */
export async function accountOf(
  clients: Pick<AwsClients, 'sts'>,
  env: Environment,
  deps: AwsRunDeps,
): Promise<AccountContext> {
  if (deps.accountContext) return deps.accountContext();
  if (env.config.account) return accountContext(env, env.config.account);
  const id = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!id.Account) throw new Error('STS GetCallerIdentity returned no account id');
  return accountContext(env, id.Account);
}

function chooseOrchestration(p: Pipeline, wanted?: RunOptions['orchestration']): 'stateMachine' | 'workflow' {
  if (wanted === 'stateMachine' && !p.stateMachineName)
    throw new ConfigError(`pipeline "${p.name}" has no stateMachine: to run (${p.source.path})`);
  if (wanted === 'workflow' && !p.workflowName)
    throw new ConfigError(`pipeline "${p.name}" has no workflow: to run (${p.source.path})`);
  if (wanted) return wanted;
  if (p.stateMachineName) return 'stateMachine';
  if (p.workflowName) return 'workflow';
  throw new ConfigError(
    `pipeline "${p.name}" has neither a stateMachine nor a workflow, so there is nothing to run (${p.source.path})`,
  );
}

export async function runOnAws(
  clients: Clients,
  project: Project,
  env: Environment,
  pipeline: string | Pipeline,
  opts: RunOptions,
  progress: ProgressSink,
  deps: AwsRunDeps = {},
): Promise<RunResult> {
  const p = typeof pipeline === 'string' ? getPipeline(project, pipeline) : pipeline;
  const orchestration = chooseOrchestration(p, opts.orchestration);
  return orchestration === 'stateMachine'
    ? runStateMachine(clients, project, env, p, opts, progress, deps)
    : runWorkflow(clients, project, env, p, opts, progress, deps);
}

interface Follow {
  clock: Clock;
  backoff: Backoff;
  t0: number;
}

function follower(deps: AwsRunDeps): Follow {
  const clock = deps.clock ?? realClock;
  return { clock, backoff: new Backoff(deps.pollInitialMs ?? 1000, deps.pollMaxMs ?? 10_000), t0: clock.now() };
}

/**
 * Polls until `poll` reports the run done; the delay doubles while nothing changes and starts over
 * when something does. False when `timeoutMs` (counted from the follower's start) ran out first.
 */
async function pollUntilDone(
  f: Follow,
  timeoutMs: number | undefined,
  poll: () => Promise<{ done: boolean; progressed: boolean }>,
): Promise<boolean> {
  for (;;) {
    const { done, progressed } = await poll();
    if (done) return true;
    if (progressed) f.backoff.reset();
    const elapsed = f.clock.now() - f.t0;
    if (timeoutMs !== undefined && elapsed >= timeoutMs) return false;
    const wait = f.backoff.next();
    await f.clock.sleep(timeoutMs !== undefined ? Math.min(wait, Math.max(0, timeoutMs - elapsed)) : wait);
  }
}

/** The result when lakeops stops following a run that keeps going on AWS (--timeout). */
function stoppedFollowing(
  result: RunResult,
  steps: StepResult[],
  what: string,
  id: string,
  opts: RunOptions,
  progress: ProgressSink,
): RunResult {
  const failure: RunFailure = {
    state: '(following)',
    error: FOLLOW_TIMEOUT_ERROR,
    cause:
      `stopped following after ${formatDuration(opts.timeoutMs ?? 0)}; the ${what} keeps running on AWS (${id}). ` +
      (opts.key
        ? `Run again with the same --key to follow it, or watch it in the AWS console.`
        : `Watch it in the AWS console.`),
  };
  progress.info(`lakeops: ${failure.cause}`);
  return { ...result, steps: steps.map(publicStep), failure };
}

/** Copies a finished run's status, times and steps into the result. */
function finish(
  result: RunResult,
  tracker: { status: RunResult['status']; startedAt?: string; endedAt?: string; steps: StepResult[] },
  extra: Partial<RunResult> = {},
): void {
  const { startedAt, endedAt } = tracker;
  Object.assign(result, {
    status: tracker.status,
    startedAt: startedAt ?? result.startedAt,
    endedAt,
    durationMs: startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : undefined,
    ...extra,
    steps: tracker.steps.map(publicStep),
  });
}

/** Puts the diagnosis into the result: its notes as progress, the failure, the log tail on the failed step. */
function reportFailure(
  result: RunResult,
  d: Diagnosis,
  progress: ProgressSink,
  isFailedStep: (s: StepResult) => boolean,
): void {
  for (const n of d.notes) progress.info(n);
  result.failure = d.failure;
  const step = result.steps.find(isFailedStep);
  if (step && d.failure.logTail) step.logTail = d.failure.logTail;
}

async function runStateMachine(
  clients: Clients,
  project: Project,
  env: Environment,
  p: Pipeline,
  opts: RunOptions,
  progress: ProgressSink,
  deps: AwsRunDeps,
): Promise<RunResult> {
  const f = follower(deps);
  const ctx = await accountOf(clients, env, deps);
  const smArn = stateMachineArn(ctx, env.physicalName('stateMachine', p.stateMachineName!));
  const name = opts.key ? executionName(p.name, opts.key) : adHocExecutionName(p.name, new Date(f.clock.now()));

  const started = await startOrAttach(clients, smArn, name, opts.input);
  if (started.attached) {
    progress.info(
      `execution ${name} already exists (${started.status ?? 'unknown'}); following it instead of starting another`,
    );
    if (started.inputDiffers) progress.info(`note: that execution was started with a different input than this run's`);
  } else progress.info(`started ${started.executionArn}`);

  const result: RunResult = {
    pipeline: p.name,
    env: env.name,
    target: 'aws',
    orchestration: 'stateMachine',
    executionName: name,
    executionId: started.executionArn,
    consoleUrl: sfnExecutionUrl(env, started.executionArn),
    status: 'RUNNING',
    startedAt: started.startedAt.toISOString(),
    input: opts.input,
    steps: [],
  };
  if (opts.noWait) return result;

  const reader = new ExecutionHistoryReader(clients, started.executionArn, deps.historyTailPageSize);
  const tracker = new ExecutionTracker(progress);
  const finished = await pollUntilDone(f, opts.timeoutMs, async () => {
    const events = await reader.read();
    for (const e of events) tracker.apply(e);
    return { done: tracker.done, progressed: events.length > 0 };
  });
  if (!finished) return stoppedFollowing(result, tracker.steps, 'execution', started.executionArn, opts, progress);

  return settleExecution(clients, project, env, p, result, tracker, progress);
}

/** A finished execution's result: its steps, the diagnosis of a failure (with the Glue error log tail) and its cost. */
async function settleExecution(
  clients: Clients,
  project: Project,
  env: Environment,
  p: Pipeline,
  result: RunResult,
  tracker: ExecutionTracker,
  progress: ProgressSink,
): Promise<RunResult> {
  const failing = tracker.status === 'SUCCEEDED' ? undefined : tracker.failingStep();
  const diagnosis =
    tracker.status === 'SUCCEEDED'
      ? undefined
      : await diagnose(clients, {
          state: failing?.name ?? '(execution)',
          error: failing?.error ?? tracker.executionError?.error,
          cause: failing?.cause ?? tracker.executionError?.cause,
          jobName: failing?.task?.jobName,
          jobRunId: failing?.task?.jobName ? failing.task.runId : undefined,
          queryExecutionId: failing?.task?.queryExecutionId,
        });

  // Glue job runs: DPU-seconds for cost, from the .sync output, else the job run the diagnosis
  // already read, else GetJobRun.
  for (const s of tracker.steps) {
    const t = s.task;
    if (!t?.jobName || !t.runId) continue;
    let jr = t.jobRun as JobRun | undefined;
    if (jr?.ExecutionTime === undefined && s === failing && diagnosis?.jobRun) jr = diagnosis.jobRun;
    if (jr?.ExecutionTime === undefined) jr = (await getJobRun(clients, t.jobName, t.runId)) ?? jr;
    if (jr) s.dpuSeconds = dpuSecondsOf(project, env, t.jobName, jr);
  }

  finish(result, tracker, { output: tracker.output, ...(tracker.events.length ? { events: tracker.events } : {}) });
  if (diagnosis)
    reportFailure(result, diagnosis, progress, (s) => s.name === failing?.name && s.runId === failing?.runId);

  const transitions = p.config.stateMachine?.type === 'EXPRESS' ? undefined : tracker.transitions;
  result.cost = runCost(result.steps, transitions);
  return result;
}

async function runWorkflow(
  clients: Clients,
  project: Project,
  env: Environment,
  p: Pipeline,
  opts: RunOptions,
  progress: ProgressSink,
  deps: AwsRunDeps,
): Promise<RunResult> {
  const f = follower(deps);
  const workflow = env.physicalName('workflow', p.workflowName!);
  const started = await startOrFindWorkflowRun(clients, workflow, opts.input, opts.key);
  progress.info(
    started.attached
      ? `workflow run ${started.runId} of ${workflow} already exists for key ${opts.key}; following it instead of starting another`
      : `started workflow run ${started.runId} of ${workflow}`,
  );
  const result: RunResult = {
    pipeline: p.name,
    env: env.name,
    target: 'aws',
    orchestration: 'workflow',
    executionName: opts.key ?? started.runId,
    executionId: started.runId,
    consoleUrl: glueWorkflowUrl(env, workflow),
    status: 'RUNNING',
    startedAt: (started.startedAt ?? new Date(f.clock.now())).toISOString(),
    input: opts.input,
    steps: [],
  };
  if (opts.noWait) return result;

  const tracker = new WorkflowRunTracker(progress);
  const finished = await pollUntilDone(f, opts.timeoutMs, async () => {
    const before = tracker.steps.map((s) => s.status).join();
    tracker.apply(await readWorkflowRun(clients, workflow, started.runId));
    return { done: tracker.done, progressed: tracker.steps.map((s) => s.status).join() !== before };
  });
  if (!finished)
    return stoppedFollowing(result, tracker.steps, 'workflow run', `${workflow} ${started.runId}`, opts, progress);

  return settleWorkflow(clients, project, env, result, tracker, progress);
}

/** A finished workflow run's result: its steps, the diagnosis of a failure and its cost. */
async function settleWorkflow(
  clients: Clients,
  project: Project,
  env: Environment,
  result: RunResult,
  tracker: WorkflowRunTracker,
  progress: ProgressSink,
): Promise<RunResult> {
  for (const s of tracker.steps) if (s.jobRun) s.dpuSeconds = dpuSecondsOf(project, env, s.name, s.jobRun);
  finish(result, tracker);
  if (tracker.status !== 'SUCCEEDED') {
    const failing = tracker.failingStep();
    const d = await diagnose(clients, {
      state: failing?.name ?? '(workflow)',
      error: failing?.error ?? (tracker.errorMessage ? 'WorkflowRunError' : undefined),
      cause: failing?.cause ?? tracker.errorMessage,
      jobName: failing?.type === 'job' ? failing.name : undefined,
      jobRunId: failing?.type === 'job' ? failing.runId : undefined,
    });
    reportFailure(result, d, progress, (s) => s.name === failing?.name);
  }
  result.cost = runCost(result.steps);
  return result;
}

/** Where a past run is, as `lakeops runs` on AWS found it (ListExecutions / GetWorkflowRuns). */
export interface AwsRunRef {
  pipeline: Pipeline;
  orchestration: 'stateMachine' | 'workflow';
  /** The execution name, or the Glue workflow run id. */
  executionName: string;
  /** The execution ARN, or the Glue workflow run id. */
  executionId: string;
  /** The physical Glue workflow name (workflow runs only). */
  workflow?: string;
  startedAt: Date;
}

/**
 * One past (or still running) run read once, in the shape `lakeops run` returns: the execution's
 * whole history turned into steps (or the workflow run's graph), and for a failed run the same
 * diagnosis, with the failing Glue job's error log tail, that a followed run gets.
 */
export async function readAwsRun(
  clients: Clients,
  project: Project,
  env: Environment,
  ref: AwsRunRef,
): Promise<RunResult> {
  const p = ref.pipeline;
  const result: RunResult = {
    pipeline: p.name,
    env: env.name,
    target: 'aws',
    orchestration: ref.orchestration,
    executionName: ref.executionName,
    executionId: ref.executionId,
    consoleUrl:
      ref.orchestration === 'stateMachine'
        ? sfnExecutionUrl(env, ref.executionId)
        : glueWorkflowUrl(env, ref.workflow!),
    status: 'RUNNING',
    startedAt: ref.startedAt.toISOString(),
    steps: [],
  };
  if (ref.orchestration === 'stateMachine') {
    const tracker = new ExecutionTracker(silentProgress);
    for (const e of await new ExecutionHistoryReader(clients, ref.executionId).read()) tracker.apply(e);
    result.input = tracker.input;
    if (!tracker.done) {
      finish(result, tracker);
      return result;
    }
    return settleExecution(clients, project, env, p, result, tracker, silentProgress);
  }
  const tracker = new WorkflowRunTracker(silentProgress);
  tracker.apply(await readWorkflowRun(clients, ref.workflow!, ref.executionId));
  if (!tracker.done) {
    finish(result, tracker);
    return result;
  }
  return settleWorkflow(clients, project, env, result, tracker, silentProgress);
}

async function getJobRun(
  clients: Pick<AwsClients, 'glue'>,
  jobName: string,
  runId: string,
): Promise<JobRun | undefined> {
  try {
    return (await clients.glue.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }))).JobRun;
  } catch {
    return undefined; // cost is an estimate; a missing job run only leaves it out
  }
}

/** Billed DPU-seconds of a job run: Glue's own DPUSeconds (auto scaling, Flex) or time × capacity. */
export function dpuSecondsOf(project: Project, env: Environment, physicalJob: string, jr: JobRun): number | undefined {
  if (jr.DPUSeconds !== undefined) return jr.DPUSeconds;
  if (jr.ExecutionTime === undefined) return undefined;
  const job = project.pipelines.flatMap((x) => x.jobs).find((j) => env.physicalName('job', j.name) === physicalJob);
  return glueBilledDpuSeconds(jr.ExecutionTime, {
    jobType: job?.config.type ?? 'glueetl',
    glueVersion: jr.GlueVersion ?? job?.config.glue?.glueVersion,
    workerType: jr.WorkerType,
    numberOfWorkers: jr.NumberOfWorkers,
    maxCapacity: jr.MaxCapacity,
  });
}

function runCost(steps: StepResult[], transitions?: number) {
  const items: CostItem[] = [];
  for (const s of steps) {
    if (s.dpuSeconds !== undefined)
      items.push(glueCostItem(s.dpuSeconds, `Glue job ${s.name}${s.runId ? ` (${s.runId})` : ''}`));
    if (s.bytesScanned !== undefined) items.push(athenaCostItem(s.bytesScanned, `Athena query in ${s.name}`));
  }
  if (transitions !== undefined) items.push(sfnCostItem(transitions));
  return costEstimate(items);
}

/** A tracked step as the result model holds it (no internal bookkeeping). */
function publicStep(
  s: StepResult & { enteredEventId?: number; task?: unknown; attempts?: number; jobRun?: unknown },
): StepResult {
  const { enteredEventId: _e, task: _t, attempts, jobRun: _j, ...rest } = s;
  return attempts && attempts > 1 ? { ...rest, details: { ...rest.details, attempts } } : rest;
}

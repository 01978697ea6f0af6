// `lakeops run` on AWS: start the pipeline's state machine (or Glue workflow), follow it step by
// step, and on failure say what failed and why, in the service's own words. The AWS target's
// run() delegates here; the CLI maps the RunResult to an exit code with runExitCode().
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetJobRunCommand, type JobRun } from '@aws-sdk/client-glue';
import { ConfigError } from '../model/diagnostics.js';
import type { Environment } from '../model/environment.js';
import { getPipeline, type Pipeline, type Project } from '../model/project.js';
import type { CostItem, ProgressSink, RunFailure, RunResult, StepResult } from '../report/model.js';
import type { AwsClients } from '../targets/aws/clients.js';
import type { RunOptions } from '../targets/target.js';
import { athenaCostItem, costEstimate, glueBilledDpuSeconds, glueCostItem, sfnCostItem } from './cost.js';
import { diagnose, type FailedTask } from './diagnose.js';
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
}

type Clients = Pick<AwsClients, 'sfn' | 'glue' | 'logs' | 'athena' | 'sts'>;

/** Exit status of a run: 0 succeeded (or started with --no-wait), 1 failed, timed out, aborted or stopped following. */
export function runExitCode(r: RunResult): 0 | 1 {
  if (r.status === 'SUCCEEDED') return 0;
  if (r.status === 'RUNNING') return r.failure ? 1 : 0;
  return 1;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The account id: declared in lakeops.yaml, else the caller's (STS GetCallerIdentity). */
async function accountOf(clients: Pick<AwsClients, 'sts'>, env: Environment): Promise<string> {
  if (env.config.account) return env.config.account;
  const id = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!id.Account) throw new Error('STS GetCallerIdentity returned no account id');
  return id.Account;
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

function timeoutFailure(what: string, id: string, timeoutMs: number, key: string | undefined): RunFailure {
  return {
    state: '(following)',
    error: FOLLOW_TIMEOUT_ERROR,
    cause:
      `stopped following after ${formatDuration(timeoutMs)}; the ${what} keeps running on AWS (${id}). ` +
      (key
        ? `Run again with the same --key to follow it, or watch it in the AWS console.`
        : `Watch it in the AWS console.`),
  };
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
  const account = await accountOf(clients, env);
  const smName = env.physicalName('stateMachine', p.stateMachineName!);
  const smArn = `arn:${partitionOf(env.region)}:states:${env.region}:${account}:stateMachine:${smName}`;
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
    status: 'RUNNING',
    startedAt: started.startedAt.toISOString(),
    input: opts.input,
    steps: [],
  };
  if (opts.noWait) return result;

  const reader = new ExecutionHistoryReader(clients, started.executionArn, deps.historyTailPageSize);
  const tracker = new ExecutionTracker(progress);
  for (;;) {
    const events = await reader.read();
    for (const e of events) tracker.apply(e);
    if (tracker.done) break;
    if (events.length) f.backoff.reset();
    const elapsed = f.clock.now() - f.t0;
    if (opts.timeoutMs !== undefined && elapsed >= opts.timeoutMs) {
      const failure = timeoutFailure('execution', started.executionArn, opts.timeoutMs, opts.key);
      progress.info(`lakeops: ${failure.cause}`);
      return { ...result, steps: tracker.steps.map(publicStep), failure };
    }
    const wait = f.backoff.next();
    await f.clock.sleep(opts.timeoutMs !== undefined ? Math.min(wait, Math.max(0, opts.timeoutMs - elapsed)) : wait);
  }

  // Glue job runs: DPU-seconds for cost, from the .sync output or GetJobRun when it lacks them.
  for (const s of tracker.steps) {
    const t = s.task;
    if (!t?.jobName || !t.runId) continue;
    let jr = t.jobRun as JobRun | undefined;
    if (jr?.ExecutionTime === undefined) jr = (await getJobRun(clients, t.jobName, t.runId)) ?? jr;
    if (jr) s.dpuSeconds = dpuSecondsOf(project, env, t.jobName, jr);
  }

  Object.assign(result, {
    status: tracker.status,
    startedAt: tracker.startedAt ?? result.startedAt,
    endedAt: tracker.endedAt,
    durationMs:
      tracker.startedAt && tracker.endedAt ? Date.parse(tracker.endedAt) - Date.parse(tracker.startedAt) : undefined,
    output: tracker.output,
    steps: tracker.steps.map(publicStep),
  });

  const failing = tracker.failingStep();
  if (tracker.status !== 'SUCCEEDED') {
    const task: FailedTask = {
      state: failing?.name ?? '(execution)',
      error: failing?.error ?? tracker.executionError?.error,
      cause: failing?.cause ?? tracker.executionError?.cause,
      jobName: failing?.task?.jobName,
      jobRunId: failing?.task?.jobName ? failing.task.runId : undefined,
      queryExecutionId: failing?.task?.queryExecutionId,
    };
    const d = await diagnose(clients, task);
    for (const n of d.notes) progress.info(n);
    result.failure = d.failure;
    const step = result.steps.find((s) => s.name === failing?.name && s.runId === failing?.runId);
    if (step && d.failure.logTail) step.logTail = d.failure.logTail;
  }

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
    status: 'RUNNING',
    startedAt: (started.startedAt ?? new Date(f.clock.now())).toISOString(),
    input: opts.input,
    steps: [],
  };
  if (opts.noWait) return result;

  const tracker = new WorkflowRunTracker(progress);
  for (;;) {
    const before = tracker.steps.map((s) => s.status).join();
    tracker.apply(await readWorkflowRun(clients, workflow, started.runId));
    if (tracker.done) break;
    if (tracker.steps.map((s) => s.status).join() !== before) f.backoff.reset();
    const elapsed = f.clock.now() - f.t0;
    if (opts.timeoutMs !== undefined && elapsed >= opts.timeoutMs) {
      const failure = timeoutFailure('workflow run', `${workflow} ${started.runId}`, opts.timeoutMs, opts.key);
      progress.info(`lakeops: ${failure.cause}`);
      return { ...result, steps: tracker.steps.map(publicStep), failure };
    }
    const wait = f.backoff.next();
    await f.clock.sleep(opts.timeoutMs !== undefined ? Math.min(wait, Math.max(0, opts.timeoutMs - elapsed)) : wait);
  }

  for (const s of tracker.steps) if (s.jobRun) s.dpuSeconds = dpuSecondsOf(project, env, s.name, s.jobRun);
  Object.assign(result, {
    status: tracker.status,
    startedAt: tracker.startedAt ?? result.startedAt,
    endedAt: tracker.endedAt,
    durationMs:
      tracker.startedAt && tracker.endedAt ? Date.parse(tracker.endedAt) - Date.parse(tracker.startedAt) : undefined,
    steps: tracker.steps.map(publicStep),
  });
  if (tracker.status !== 'SUCCEEDED') {
    const failing = tracker.failingStep();
    const d = await diagnose(clients, {
      state: failing?.name ?? '(workflow)',
      error: failing?.error ?? (tracker.errorMessage ? 'WorkflowRunError' : undefined),
      cause: failing?.cause ?? tracker.errorMessage,
      jobName: failing?.type === 'job' ? failing.name : undefined,
      jobRunId: failing?.type === 'job' ? failing.runId : undefined,
    });
    for (const n of d.notes) progress.info(n);
    result.failure = d.failure;
    const step = result.steps.find((s) => s.name === failing?.name);
    if (step && d.failure.logTail) step.logTail = d.failure.logTail;
  }
  result.cost = runCost(result.steps);
  return result;
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

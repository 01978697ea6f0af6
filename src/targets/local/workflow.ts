// Glue workflow runs on the local target, following Glue's trigger semantics:
// - a run starts with its starting trigger: ON_DEMAND (StartWorkflowRun / `lakeops run`),
//   SCHEDULED (locally it runs on demand: nothing waits for the cron) or EVENT (see below);
// - a CONDITIONAL trigger fires at most once per run, when ANY or ALL of its conditions hold;
//   a condition watches one node's state in this run: SUCCEEDED, FAILED, STOPPED or TIMEOUT for
//   jobs, SUCCEEDED, FAILED or CANCELLED for crawlers;
// - a fired trigger starts its actions; nodes that become ready run concurrently (bounded);
// - the run ends when nothing runs and no trigger can fire any more.
// Glue itself marks such a run COMPLETED even when actions failed. Locally a failed node makes the
// run FAILED unless a trigger that watches that failure fired (the workflow handled it, like a
// Catch); its step is then "caught".
//
// EVENT triggers batch events (EventBatchingCondition): the workflow starts when BatchSize events
// have arrived, or when BatchWindow seconds have passed since the first one. A local target has no
// clock running between commands, so the window closes (1) when a later event arrives after it
// expired, or (2) when `lakeops run <pipeline>` starts the workflow: that run takes every pending
// event. Pending events live in .lakeops/<env>/event-batches.json, so `lakeops put` commands
// accumulate across processes.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
// p-limit: bounded concurrency for workflow nodes that become ready together.
import pLimit from 'p-limit';
import type { Environment } from '../../model/environment.js';
import type { Pipeline } from '../../model/project.js';
import type { WorkflowTriggerConfig } from '../../model/schema.js';
import type { ProgressSink, RunFailure, RunStatus, StepResult, StepStatus } from '../../report/model.js';
import type { EventBridgeEvent } from './events.js';
import type { LocalServices } from './services.js';

export const DEFAULT_WORKFLOW_CONCURRENCY = 4;

export interface WorkflowStart {
  /** Why the run starts: StartWorkflowRun/`lakeops run`, or an EVENT trigger's batch. */
  reason: 'on-demand' | 'event-batch';
  /** The EVENT trigger whose batch starts the run (reason event-batch). */
  trigger?: string;
  /** The batched events that start it, and why the batch closed. */
  events?: EventBridgeEvent[];
  batchClosed?: 'batch size reached' | 'batch window expired' | 'window closed by lakeops run';
  runId?: string;
}

export interface WorkflowContext {
  services: LocalServices;
  env: Environment;
  progress: ProgressSink;
  concurrency?: number;
  /** A job run's log lines (for the tail shown when it fails). */
  jobLog?(runId: string): string[];
}

export interface WorkflowOutcome {
  runId: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string;
  steps: StepResult[];
  failure?: RunFailure;
}

type NodeKind = 'job' | 'crawler';
type NodeState = 'SUCCEEDED' | 'FAILED' | 'STOPPED' | 'TIMEOUT' | 'CANCELLED' | 'ERROR';
const nodeKey = (kind: NodeKind, name: string) => `${kind}:${name}`;

const STARTING: WorkflowTriggerConfig['type'][] = ['ON_DEMAND', 'SCHEDULED', 'EVENT'];

function stepStatus(state: NodeState): StepStatus {
  switch (state) {
    case 'SUCCEEDED':
      return 'succeeded';
    case 'STOPPED':
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMEOUT':
      return 'timed_out';
    default:
      return 'failed';
  }
}

/** Whether a CONDITIONAL trigger's predicate holds for the node states seen so far in this run. */
export function conditionsHold(trigger: WorkflowTriggerConfig, states: ReadonlyMap<string, NodeState>): boolean {
  const conditions = trigger.conditions ?? [];
  if (conditions.length === 0) return false;
  const holds = conditions.map((c) => {
    const key = c.job ? nodeKey('job', c.job) : nodeKey('crawler', c.crawler!);
    return states.get(key) === c.state;
  });
  return (trigger.logical ?? 'ALL') === 'ANY' ? holds.some(Boolean) : holds.every(Boolean);
}

/** Runs one Glue workflow run to its end. Never throws for a failing node. */
export async function runWorkflow(
  pipeline: Pipeline,
  ctx: WorkflowContext,
  start: WorkflowStart,
): Promise<WorkflowOutcome> {
  const workflow = pipeline.config.workflow;
  if (!workflow) throw new Error(`pipeline "${pipeline.name}" has no workflow`);
  const workflowName = ctx.env.physicalName('workflow', pipeline.workflowName!);
  const runId = start.runId ?? `wr_${randomUUID().replace(/-/g, '')}`;
  const triggers = Object.entries(workflow.triggers);
  const limit = pLimit(ctx.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY);
  const states = new Map<string, NodeState>();
  const fired = new Set<string>();
  const steps: StepResult[] = [];
  const nodeRuns = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const startedAt = new Date();

  const record = (step: StepResult) => {
    steps.push(step);
    ctx.progress.stepStarted({ ...step });
  };
  const finish = (step: StepResult, status: StepStatus, started: number) => {
    step.status = status;
    step.endedAt = new Date().toISOString();
    step.durationMs = Date.now() - started;
    ctx.progress.stepEnded({ ...step });
  };

  const fire = (name: string, trigger: WorkflowTriggerConfig, why: Record<string, unknown>) => {
    fired.add(name);
    const t0 = Date.now();
    const step: StepResult = {
      name,
      type: 'trigger',
      status: 'running',
      startedAt: new Date(t0).toISOString(),
      details: { triggerType: trigger.type, ...(trigger.logical ? { logical: trigger.logical } : {}), ...why },
    };
    record(step);
    finish(step, 'succeeded', t0);
    for (const action of trigger.actions) {
      const kind: NodeKind = action.job ? 'job' : 'crawler';
      const logical = (action.job ?? action.crawler)!;
      const p: Promise<void> = limit(() =>
        runNode(kind, logical, action.arguments ?? {}, name, action.timeoutMinutes),
      ).then(() => {
        inFlight.delete(p);
        evaluate();
      });
      inFlight.add(p);
    }
  };

  const evaluate = () => {
    for (const [name, trigger] of triggers) {
      if (trigger.type !== 'CONDITIONAL' || fired.has(name)) continue;
      if (conditionsHold(trigger, states))
        fire(name, trigger, {
          conditions: (trigger.conditions ?? []).map((c) => `${c.job ?? c.crawler} ${c.state}`),
        });
    }
  };

  const runNode = async (
    kind: NodeKind,
    logical: string,
    args: Record<string, string>,
    by: string,
    /** The trigger action's Timeout (minutes), which overrides the job's own. */
    timeoutMinutes?: number,
  ) => {
    const key = nodeKey(kind, logical);
    const n = (nodeRuns.get(key) ?? 0) + 1;
    nodeRuns.set(key, n);
    const physical = ctx.env.physicalName(kind, logical);
    const t0 = Date.now();
    const step: StepResult = {
      name: n === 1 ? logical : `${logical}#${n}`,
      type: kind,
      status: 'running',
      startedAt: new Date(t0).toISOString(),
      details: { startedBy: by, [kind === 'job' ? 'jobName' : 'crawler']: physical },
    };
    record(step);
    let state: NodeState;
    try {
      if (kind === 'job') {
        // Glue passes every job of a workflow run these two arguments.
        const run = await ctx.services.startJobRun(
          physical,
          { ...args, '--WORKFLOW_NAME': workflowName, '--WORKFLOW_RUN_ID': runId },
          timeoutMinutes !== undefined ? { timeoutMinutes } : undefined,
        );
        state = run.JobRunState === 'STARTING' || run.JobRunState === 'RUNNING' ? 'ERROR' : run.JobRunState;
        step.runId = run.Id;
        step.rowsWritten = run.RowsWritten;
        step.details = { ...step.details, jobRunState: run.JobRunState, executionTimeSeconds: run.ExecutionTime };
        if (state !== 'SUCCEEDED') {
          step.error = `Glue job run ${run.JobRunState}`;
          step.cause = run.ErrorMessage ?? `job ${physical} ended ${run.JobRunState}`;
          const log = ctx.jobLog?.(run.Id) ?? [];
          step.logTail = (log.length ? log : (run.ErrorMessage ?? '').split('\n')).slice(-20);
        }
      } else {
        await ctx.services.startCrawler(physical);
        const crawler = await ctx.services.getCrawler(physical);
        const last = crawler.LastCrawl;
        state = last?.Status ?? 'FAILED';
        step.runId = physical;
        step.details = {
          ...step.details,
          lastCrawl: last?.Status,
          tablesCreated: last?.TablesCreated,
          tablesUpdated: last?.TablesUpdated,
          partitionsAdded: last?.PartitionsAdded,
        };
        if (state !== 'SUCCEEDED') {
          step.error = `Glue crawl ${state}`;
          step.cause = last?.ErrorMessage ?? `crawler ${physical} ended ${state}`;
        }
      }
    } catch (e) {
      state = 'FAILED';
      step.error = kind === 'job' ? 'Glue job run FAILED' : 'Glue crawl FAILED';
      step.cause = (e as Error)?.message ?? String(e);
    }
    states.set(key, state);
    finish(step, stepStatus(state), t0);
  };

  // Start: every starting trigger (or the one EVENT trigger whose batch filled) fires.
  const starting = triggers.filter(([name, t]) =>
    start.reason === 'event-batch' ? name === start.trigger : STARTING.includes(t.type),
  );
  if (starting.length === 0)
    throw new Error(`workflow ${workflowName} has no starting (ON_DEMAND, SCHEDULED or EVENT) trigger`);
  for (const [name, trigger] of starting) {
    const why: Record<string, unknown> = {};
    if (trigger.type === 'SCHEDULED') why.note = `schedule ${trigger.schedule ?? ''} runs on demand locally`.trim();
    if (trigger.type === 'EVENT') {
      why.events = (start.events ?? []).length;
      why.eventIds = (start.events ?? []).map((e) => e.id);
      why.batch = trigger.batch;
      why.batchClosed = start.batchClosed ?? 'window closed by lakeops run';
    }
    fire(name, trigger, why);
  }
  while (inFlight.size) await Promise.race(inFlight);

  // Triggers that never fired, for the record.
  for (const [name, trigger] of triggers) {
    if (fired.has(name)) continue;
    steps.push({
      name,
      type: 'trigger',
      status: 'skipped',
      details: {
        triggerType: trigger.type,
        reason:
          trigger.type === 'CONDITIONAL'
            ? `conditions not met: ${(trigger.conditions ?? []).map((c) => `${c.job ?? c.crawler} ${c.state}`).join(trigger.logical === 'ANY' ? ' or ' : ' and ')}`
            : 'not the trigger that started this run',
      },
    });
  }

  // A failure is handled when a trigger that watches exactly that failure fired.
  const handled = (step: StepResult) =>
    [...fired].some((name) =>
      (workflow.triggers[name]!.conditions ?? []).some(
        (c) =>
          (c.job ?? c.crawler) === step.name.replace(/#\d+$/, '') && stepStatus(c.state as NodeState) === step.status,
      ),
    );
  let failure: RunFailure | undefined;
  for (const step of steps) {
    if (step.type === 'trigger' || step.status === 'succeeded' || step.status === 'skipped') continue;
    if (handled(step)) {
      step.status = 'caught';
      continue;
    }
    failure ??= {
      state: step.name,
      error: step.error,
      cause: step.cause,
      ...(step.type === 'job'
        ? {
            jobName: String(step.details?.jobName),
            jobRunId: step.runId,
            errorMessage: step.cause,
            logTail: step.logTail,
          }
        : {}),
    };
  }
  const endedAt = new Date();
  return {
    runId,
    status: failure ? 'FAILED' : 'SUCCEEDED',
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    steps,
    ...(failure ? { failure } : {}),
  };
}

// ---------------------------------------------------------------- EVENT trigger batches

interface PendingBatch {
  firstEventAt: string;
  events: EventBridgeEvent[];
}

export interface BatchDecision {
  /** Batches to start runs for, in order (an expired one first, then a full one). */
  ready: { events: EventBridgeEvent[]; closed: NonNullable<WorkflowStart['batchClosed']> }[];
  /** Events waiting after this one was added. */
  pending: number;
}

/** Pending events of EVENT triggers, kept in a JSON file so separate commands accumulate them. */
export class EventBatchStore {
  constructor(private readonly file: string) {}

  private load(): Record<string, PendingBatch> {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, PendingBatch>;
    } catch {
      return {};
    }
  }

  private save(all: Record<string, PendingBatch>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2));
    renameSync(tmp, this.file);
  }

  /** Adds an event to a trigger's batch and says which batches are ready to start a run. */
  add(
    key: string,
    event: EventBridgeEvent,
    batch: { size: number; windowSeconds?: number },
    now = new Date(),
  ): BatchDecision {
    const all = this.load();
    const ready: BatchDecision['ready'] = [];
    let current: PendingBatch | undefined = all[key];
    const windowMs = (batch.windowSeconds ?? 900) * 1000;
    if (current && Date.parse(current.firstEventAt) + windowMs <= now.getTime()) {
      ready.push({ events: current.events, closed: 'batch window expired' });
      current = undefined;
    }
    current ??= { firstEventAt: now.toISOString(), events: [] };
    current.events.push(event);
    if (current.events.length >= batch.size) {
      ready.push({ events: current.events, closed: 'batch size reached' });
      delete all[key];
    } else all[key] = current;
    this.save(all);
    return { ready, pending: all[key]?.events.length ?? 0 };
  }

  /** Takes every pending event of a trigger (the run command closes the window). */
  take(key: string): EventBridgeEvent[] {
    const all = this.load();
    const events = all[key]?.events ?? [];
    if (all[key]) {
      delete all[key];
      this.save(all);
    }
    return events;
  }

  pending(key: string): number {
    return this.load()[key]?.events.length ?? 0;
  }
}

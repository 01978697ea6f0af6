// Turns Step Functions execution history events into steps, as they arrive. Events are fed in
// order (possibly over many polls); each state entered/exited is reported on the ProgressSink.
// Task events are tied to their state through previousEventId chains, which also keeps parallel
// branches and Map iterations apart.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { ProgressSink, RunResult, RunStatus, StepResult } from '../report/model.js';

/** The Glue job run or Athena query a Task state ran, from its .sync output or failure cause. */
interface TaskRun {
  jobName?: string;
  runId?: string;
  queryExecutionId?: string;
  /** The GetJobRun-shaped object (.sync output or failure cause of glue:startJobRun). */
  jobRun?: Record<string, unknown>;
  bytesScanned?: number;
  /** Entries of an events:putEvents task, recorded as the run's events once the task succeeds. */
  putEvents?: RunEvent[];
}

/** An event the run put on a bus, in the shape the local target records (RunResult.events). */
export type RunEvent = NonNullable<RunResult['events']>[number];

export interface TrackedStep extends StepResult {
  /** The event id of the StateEntered event (unique even when a state runs many times). */
  enteredEventId: number;
  task?: TaskRun;
  attempts?: number;
}

const ENTERED = /^(\w+?)StateEntered$/;
const EXITED = /^(\w+?)StateExited$/;

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entries of an events:putEvents task's parameters (PutEvents request: Entries of EventBusName,
 * Source, DetailType, Detail), as the run's events; a bus given by ARN is named by its name.
 */
function putEntries(params: Record<string, unknown> | undefined): RunEvent[] {
  const entries = Array.isArray(params?.Entries) ? (params.Entries as Record<string, unknown>[]) : [];
  return entries.map((en) => {
    const bus = String(en.EventBusName ?? 'default');
    const detail = typeof en.Detail === 'string' ? (parseJson(en.Detail) ?? en.Detail) : en.Detail;
    return {
      bus: bus.startsWith('arn:') ? bus.slice(bus.lastIndexOf('/') + 1) : bus,
      source: String(en.Source ?? ''),
      detailType: String(en.DetailType ?? ''),
      detail,
    };
  });
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

export class ExecutionTracker {
  readonly steps: TrackedStep[] = [];
  status: RunStatus = 'RUNNING';
  startedAt?: string;
  endedAt?: string;
  input?: unknown;
  output?: unknown;
  executionError?: { error?: string; cause?: string };
  /** Billable state transitions seen (states entered plus retries). */
  transitions = 0;
  /** Events put on buses by events:putEvents tasks that succeeded. */
  readonly events: RunEvent[] = [];
  lastEventId = 0;

  private readonly stepOfEvent = new Map<number, TrackedStep>();

  constructor(private readonly progress: ProgressSink) {}

  get done(): boolean {
    return this.status !== 'RUNNING';
  }

  apply(e: HistoryEvent): void {
    const id = e.id ?? 0;
    if (id <= this.lastEventId) return; // already seen (a page that overlaps the last poll)
    this.lastEventId = id;
    const type = e.type ?? '';
    const ts = e.timestamp;

    const entered = ENTERED.exec(type);
    if (entered) {
      const step: TrackedStep = {
        name: e.stateEnteredEventDetails?.name ?? '(unnamed)',
        type: entered[1]!,
        status: 'running',
        startedAt: iso(ts),
        enteredEventId: id,
      };
      this.steps.push(step);
      this.stepOfEvent.set(id, step);
      this.transitions++;
      this.progress.stepStarted(step);
      if (step.type === 'Fail') {
        // A Fail state has no exit event: the execution fails right after it.
        step.status = 'failed';
        step.endedAt = step.startedAt;
        step.durationMs = 0;
      }
      return;
    }

    const step = this.stepFor(e);
    if (step) this.stepOfEvent.set(id, step);

    const exited = EXITED.exec(type);
    if (exited) {
      if (step) this.end(step, step.error ? 'caught' : 'succeeded', ts);
      return;
    }

    switch (type) {
      case 'ExecutionStarted':
        this.startedAt = iso(ts);
        this.input = parseJson(e.executionStartedEventDetails?.input) ?? e.executionStartedEventDetails?.input;
        return;
      case 'TaskScheduled': {
        if (!step) return;
        const d = e.taskScheduledEventDetails;
        step.resource = `arn:aws:states:::${d?.resourceType}:${d?.resource}`;
        const params = parseJson(d?.parameters);
        step.task ??= {};
        if (d?.resourceType === 'glue' && typeof params?.JobName === 'string') step.task.jobName = params.JobName;
        if (d?.resourceType === 'events' && d.resource?.startsWith('putEvents'))
          step.task.putEvents = putEntries(params);
        step.attempts = (step.attempts ?? 0) + 1;
        if (step.attempts > 1) {
          // A Retry: the earlier attempt's error no longer decides the step's outcome.
          this.transitions++;
          step.details = { ...step.details, retriedAfter: step.error };
          step.error = undefined;
          step.cause = undefined;
        }
        return;
      }
      case 'TaskSubmitted':
        if (step) this.absorbTaskOutput(step, parseJson(e.taskSubmittedEventDetails?.output));
        return;
      case 'TaskSucceeded':
        if (step) this.absorbTaskOutput(step, parseJson(e.taskSucceededEventDetails?.output));
        if (step?.task?.putEvents) this.events.push(...step.task.putEvents);
        return;
      case 'TaskFailed':
      case 'TaskTimedOut':
      case 'TaskStartFailed':
      case 'TaskSubmitFailed':
      case 'ActivityFailed':
      case 'ActivityTimedOut':
      case 'LambdaFunctionFailed':
      case 'LambdaFunctionTimedOut':
      case 'ParallelStateFailed':
      case 'MapStateFailed':
      case 'EvaluationFailed': {
        if (!step) return;
        const d = (e.taskFailedEventDetails ??
          e.taskTimedOutEventDetails ??
          e.taskStartFailedEventDetails ??
          e.taskSubmitFailedEventDetails ??
          e.activityFailedEventDetails ??
          e.activityTimedOutEventDetails ??
          e.lambdaFunctionFailedEventDetails ??
          e.lambdaFunctionTimedOutEventDetails ??
          e.evaluationFailedEventDetails) as { error?: string; cause?: string } | undefined;
        step.error = d?.error ?? (type.endsWith('TimedOut') ? 'States.Timeout' : type);
        step.cause = d?.cause;
        this.absorbTaskOutput(step, parseJson(d?.cause));
        return;
      }
      case 'ExecutionSucceeded':
        this.output = parseJson(e.executionSucceededEventDetails?.output) ?? e.executionSucceededEventDetails?.output;
        this.finish('SUCCEEDED', ts);
        return;
      case 'ExecutionFailed':
        this.executionError = { ...e.executionFailedEventDetails };
        this.finish('FAILED', ts);
        return;
      case 'ExecutionTimedOut':
        this.executionError = { error: 'States.Timeout', ...e.executionTimedOutEventDetails };
        this.finish('TIMED_OUT', ts);
        return;
      case 'ExecutionAborted':
        this.executionError = { error: 'Aborted', ...e.executionAbortedEventDetails };
        this.finish('ABORTED', ts);
        return;
    }
  }

  /** The step an event belongs to: the step of the event it follows. */
  private stepFor(e: HistoryEvent): TrackedStep | undefined {
    const byChain = e.previousEventId !== undefined ? this.stepOfEvent.get(e.previousEventId) : undefined;
    const name = e.stateExitedEventDetails?.name;
    if (byChain && (!name || byChain.name === name)) return byChain;
    if (name) return [...this.steps].reverse().find((s) => s.name === name && s.status === 'running');
    return byChain;
  }

  /** Reads the Glue job run or Athena query out of a task's output or failure cause. */
  private absorbTaskOutput(step: TrackedStep, out: Record<string, unknown> | undefined): void {
    if (!out) return;
    step.task ??= {};
    const t = step.task;
    if (typeof out.JobRunId === 'string') t.runId = out.JobRunId; // glue:startJobRun response
    if (typeof out.JobRunState === 'string' && typeof out.Id === 'string') {
      // The GetJobRun-shaped object glue:startJobRun.sync returns (and puts in the failure cause).
      t.jobRun = out;
      t.runId = out.Id;
      if (typeof out.JobName === 'string') t.jobName = out.JobName;
      if (typeof out.ErrorMessage === 'string' && !step.cause) step.cause = out.ErrorMessage;
    }
    const qe = (out.QueryExecution ?? undefined) as Record<string, any> | undefined;
    const qid = (out.QueryExecutionId as string | undefined) ?? qe?.QueryExecutionId;
    if (typeof qid === 'string') t.queryExecutionId = qid;
    const scanned = qe?.Statistics?.DataScannedInBytes;
    if (typeof scanned === 'number') {
      t.bytesScanned = scanned;
      step.bytesScanned = scanned;
    }
    step.runId = t.runId ?? t.queryExecutionId ?? step.runId;
  }

  private end(step: TrackedStep, status: StepResult['status'], ts: Date | undefined): void {
    step.status = status;
    step.endedAt = iso(ts);
    if (step.startedAt && step.endedAt) step.durationMs = Date.parse(step.endedAt) - Date.parse(step.startedAt);
    this.progress.stepEnded(step);
  }

  private finish(status: RunStatus, ts: Date | undefined): void {
    this.status = status;
    this.endedAt = iso(ts);
    // Steps still open end with the execution: the one that carries an error failed with it.
    const open = this.steps.filter((s) => s.status === 'running');
    for (const s of open) {
      const st: StepResult['status'] =
        status === 'TIMED_OUT'
          ? 'timed_out'
          : status === 'ABORTED'
            ? 'cancelled'
            : s.error
              ? 'failed'
              : status === 'FAILED'
                ? 'cancelled'
                : 'succeeded';
      this.end(s, st, ts);
    }
    for (const s of this.steps)
      if (s.type === 'Fail') {
        s.error ??= this.executionError?.error;
        s.cause ??= this.executionError?.cause;
        this.progress.stepEnded(s);
      }
  }

  /**
   * The step to blame when the execution did not succeed: the last step that failed uncaught,
   * else the last caught failure (a Catch that routed to a Fail state), else the Fail state.
   */
  failingStep(): TrackedStep | undefined {
    if (this.status === 'SUCCEEDED' || this.status === 'RUNNING') return undefined;
    const rev = [...this.steps].reverse();
    return (
      rev.find((s) => s.status === 'failed' && s.type !== 'Fail' && s.error) ??
      rev.find((s) => s.status === 'caught') ??
      rev.find((s) => s.status === 'timed_out' || s.status === 'cancelled') ??
      rev.find((s) => s.type === 'Fail')
    );
  }
}

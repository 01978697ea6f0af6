// Starting and following a Glue workflow run. The caller's key rides along as a run property, so
// a retried CI job finds the run it started (GetWorkflowRuns) instead of starting another.
import {
  GetWorkflowRunCommand,
  GetWorkflowRunsCommand,
  StartWorkflowRunCommand,
  type JobRun,
  type Node,
  type WorkflowRun,
} from '@aws-sdk/client-glue';
import type { ProgressSink, RunStatus, StepResult, StepStatus } from '../report/model.js';
import type { AwsClients } from '../targets/aws/clients.js';

export const RUN_KEY_PROPERTY = 'lakeops_run_key';
/** How far back a key is looked for: 5 pages of 50 runs (runs come newest first). */
const KEY_SEARCH_PAGES = 5;

/** Run properties are strings: the run input's values, JSON-encoded when not already strings. */
export function runProperties(input: unknown, key?: string): Record<string, string> | undefined {
  const props: Record<string, string> = {};
  if (input && typeof input === 'object' && !Array.isArray(input))
    for (const [k, v] of Object.entries(input)) props[k] = typeof v === 'string' ? v : JSON.stringify(v);
  if (key) props[RUN_KEY_PROPERTY] = key;
  return Object.keys(props).length ? props : undefined;
}

export async function findRunByKey(
  clients: Pick<AwsClients, 'glue'>,
  workflow: string,
  key: string,
): Promise<WorkflowRun | undefined> {
  let NextToken: string | undefined;
  for (let i = 0; i < KEY_SEARCH_PAGES; i++) {
    const page = await clients.glue.send(
      new GetWorkflowRunsCommand({ Name: workflow, IncludeGraph: false, MaxResults: 50, NextToken }),
    );
    const hit = page.Runs?.find((r) => r.WorkflowRunProperties?.[RUN_KEY_PROPERTY] === key);
    if (hit) return hit;
    NextToken = page.NextToken;
    if (!NextToken) return undefined;
  }
  return undefined;
}

export async function startOrFindWorkflowRun(
  clients: Pick<AwsClients, 'glue'>,
  workflow: string,
  input: unknown,
  key?: string,
): Promise<{ runId: string; attached: boolean; startedAt?: Date }> {
  if (key) {
    const existing = await findRunByKey(clients, workflow, key);
    if (existing?.WorkflowRunId)
      return { runId: existing.WorkflowRunId, attached: true, startedAt: existing.StartedOn };
  }
  const r = await clients.glue.send(
    new StartWorkflowRunCommand({ Name: workflow, RunProperties: runProperties(input, key) }),
  );
  if (!r.RunId) throw new Error(`Glue StartWorkflowRun for ${workflow} returned no RunId`);
  return { runId: r.RunId, attached: false };
}

const JOB_STATES: Record<string, StepStatus> = {
  STARTING: 'running',
  RUNNING: 'running',
  STOPPING: 'running',
  WAITING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  ERROR: 'failed',
  EXPIRED: 'failed',
  TIMEOUT: 'timed_out',
  STOPPED: 'cancelled',
};
const CRAWL_STATES: Record<string, StepStatus> = {
  RUNNING: 'running',
  CANCELLING: 'running',
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  ERROR: 'failed',
  CANCELLED: 'cancelled',
};

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

export interface WorkflowStep extends StepResult {
  jobRun?: JobRun;
}

/** The newest job run of a node (a node holds one run per attempt). */
function latestJobRun(node: Node): JobRun | undefined {
  const runs = node.JobDetails?.JobRuns ?? [];
  return [...runs].sort((a, b) => (a.StartedOn?.getTime() ?? 0) - (b.StartedOn?.getTime() ?? 0)).pop();
}

function nodeStep(node: Node): WorkflowStep | undefined {
  if (node.Type === 'JOB') {
    const jr = latestJobRun(node);
    if (!jr) return undefined; // not started yet
    const status = JOB_STATES[jr.JobRunState ?? ''] ?? 'running';
    return {
      name: node.Name ?? '(job)',
      type: 'job',
      status,
      runId: jr.Id,
      startedAt: iso(jr.StartedOn),
      endedAt: status === 'running' ? undefined : iso(jr.CompletedOn),
      durationMs: jr.ExecutionTime !== undefined && status !== 'running' ? jr.ExecutionTime * 1000 : undefined,
      error: status === 'failed' || status === 'timed_out' ? jr.JobRunState : undefined,
      cause: jr.ErrorMessage,
      jobRun: jr,
    };
  }
  if (node.Type === 'CRAWLER') {
    const crawls = node.CrawlerDetails?.Crawls ?? [];
    const c = [...crawls].sort((a, b) => (a.StartedOn?.getTime() ?? 0) - (b.StartedOn?.getTime() ?? 0)).pop();
    if (!c) return undefined;
    const status = CRAWL_STATES[c.State ?? ''] ?? 'running';
    const startedAt = iso(c.StartedOn);
    const endedAt = status === 'running' ? undefined : iso(c.CompletedOn);
    return {
      name: node.Name ?? '(crawler)',
      type: 'crawler',
      status,
      startedAt,
      endedAt,
      durationMs: startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : undefined,
      error: status === 'failed' ? c.State : undefined,
      cause: c.ErrorMessage,
      details: c.LogStream ? { logGroup: c.LogGroup, logStream: c.LogStream } : undefined,
    };
  }
  return undefined; // triggers are edges of the picture, not steps
}

/** Follows GetWorkflowRun snapshots and reports each job and crawler as it starts and ends. */
export class WorkflowRunTracker {
  private readonly byNode = new Map<string, WorkflowStep>();
  status: RunStatus = 'RUNNING';
  startedAt?: string;
  endedAt?: string;
  errorMessage?: string;

  constructor(private readonly progress: ProgressSink) {}

  get steps(): WorkflowStep[] {
    return [...this.byNode.values()];
  }

  get done(): boolean {
    return this.status !== 'RUNNING';
  }

  apply(run: WorkflowRun): void {
    this.startedAt ??= iso(run.StartedOn);
    for (const node of run.Graph?.Nodes ?? []) {
      const step = nodeStep(node);
      if (!step) continue;
      const id = node.UniqueId ?? node.Name ?? '';
      const before = this.byNode.get(id);
      if (!before) this.progress.stepStarted(step);
      this.byNode.set(id, step);
      if (step.status !== 'running' && (!before || before.status === 'running')) this.progress.stepEnded(step);
    }
    const st = run.Statistics;
    switch (run.Status) {
      case 'COMPLETED':
        // COMPLETED means every action ended, not that they succeeded.
        this.status =
          (st?.FailedActions ?? 0) + (st?.ErroredActions ?? 0) > 0
            ? 'FAILED'
            : (st?.TimeoutActions ?? 0) > 0
              ? 'TIMED_OUT'
              : (st?.StoppedActions ?? 0) > 0
                ? 'ABORTED'
                : 'SUCCEEDED';
        break;
      case 'STOPPED':
        this.status = 'ABORTED';
        break;
      case 'ERROR':
        this.status = 'FAILED';
        this.errorMessage = run.ErrorMessage;
        break;
      default:
        this.status = 'RUNNING';
    }
    if (this.done) this.endedAt = iso(run.CompletedOn);
  }

  failingStep(): WorkflowStep | undefined {
    return this.steps
      .reverse()
      .find((s) => s.status === 'failed' || s.status === 'timed_out' || s.status === 'cancelled');
  }
}

export async function readWorkflowRun(
  clients: Pick<AwsClients, 'glue'>,
  workflow: string,
  runId: string,
): Promise<WorkflowRun> {
  const r = await clients.glue.send(new GetWorkflowRunCommand({ Name: workflow, RunId: runId, IncludeGraph: true }));
  if (!r.Run) throw new Error(`Glue GetWorkflowRun returned no run for ${workflow} ${runId}`);
  return r.Run;
}

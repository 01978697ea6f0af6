// The one result model every command produces and every reporter (terminal, Markdown, check run,
// JSON) renders. Targets fill it; nothing here knows whether the run was local or on AWS.
import type { Diagnostic } from '../model/diagnostics.js';
import type { ResourceKind } from '../model/environment.js';

export type StepStatus = 'running' | 'succeeded' | 'failed' | 'caught' | 'skipped' | 'cancelled' | 'timed_out';

export interface StepResult {
  /** State name (Step Functions) or node name (Glue workflow). */
  name: string;
  /** ASL state type (Task, Wait, Choice, ...) or workflow node type (job, crawler, trigger). */
  type: string;
  /** Resource ARN or service integration, for Task states. */
  resource?: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  error?: string;
  cause?: string;
  /** Glue job run id, crawler name, Athena query id... */
  runId?: string;
  /** Last lines of the job's error log, when it failed. */
  logTail?: string[];
  /** Rows written per output table or path. */
  rowsWritten?: Record<string, number>;
  bytesScanned?: number;
  dpuSeconds?: number;
  /** Wait states on the local target are recorded, not slept. */
  waitedSeconds?: number;
  details?: Record<string, unknown>;
}

export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface RunFailure {
  state: string;
  error?: string;
  cause?: string;
  jobName?: string;
  jobRunId?: string;
  errorMessage?: string;
  logTail?: string[];
}

export interface CostItem {
  what: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostEstimate {
  items: CostItem[];
  totalUsd: number;
  /** Date of the price table used (prices change; the table is in code). */
  pricesAsOf: string;
  region: string;
}

export interface RunResult {
  pipeline: string;
  env: string;
  target: 'local' | 'aws';
  orchestration: 'stateMachine' | 'workflow';
  executionName: string;
  /** Execution ARN or workflow run id. */
  executionId?: string;
  /** AWS console page of the execution (or of the workflow, whose history lists the run). */
  consoleUrl?: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  input?: unknown;
  output?: unknown;
  steps: StepResult[];
  failure?: RunFailure;
  /** Events put on custom buses during the run (recorded on the local target). */
  events?: { bus: string; source: string; detailType: string; detail: unknown }[];
  cost?: CostEstimate;
}

export type ValidationStatus = 'pass' | 'fail' | 'error';

export interface ValidationResult {
  pipeline: string;
  name: string;
  /** Environment the query ran in (a PR report shows local and Athena results side by side). */
  env?: string;
  severity: 'error' | 'warn';
  status: ValidationStatus;
  /** SQL file of the query, and the pipeline.yaml line that declares it. */
  file: string;
  line?: number;
  violationCount: number;
  columns: string[];
  /** Violating rows shown (capped). */
  rows: Record<string, unknown>[];
  truncated: boolean;
  error?: string;
  queryExecutionId?: string;
  bytesScanned?: number;
  durationMs?: number;
  cost?: CostEstimate;
}

export interface FieldDiff {
  path: string;
  before?: unknown;
  after?: unknown;
}

export type ChangeAction = 'create' | 'update' | 'delete' | 'noop' | 'conflict';

export interface ResourceChange {
  /** scheduleGroup: the EventBridge Scheduler group that holds an environment's schedules. */
  kind: ResourceKind | 'artifact' | 'tag' | 'scheduleGroup';
  /** Physical name (or S3 key for artifacts). */
  name: string;
  logical?: string;
  pipeline?: string;
  /** The file and line that define the resource, for messages and annotations. */
  file?: string;
  line?: number;
  action: ChangeAction;
  diffs: FieldDiff[];
  /** True when an update reverts a change made outside lakeops. */
  drift?: boolean;
  reason?: string;
}

export interface PlanResult {
  env: string;
  target: 'local' | 'aws';
  changes: ResourceChange[];
  readCalls?: number;
}

export interface ResourceError {
  kind: string;
  name: string;
  pipeline?: string;
  file?: string;
  line?: number;
  error: string;
  code?: string;
}

export interface DeployResult {
  env: string;
  target: 'local' | 'aws';
  applied: ResourceChange[];
  failed: ResourceError[];
  skipped: ResourceChange[];
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows the query returned in all (rows may be capped). */
  totalRows: number;
  bytesScanned?: number;
  queryExecutionId?: string;
}

/** Everything a PR comment, job summary or check run shows; each part is optional. */
export interface Report {
  title: string;
  env?: string;
  diagnostics?: Diagnostic[];
  plans?: PlanResult[];
  deploy?: DeployResult;
  runs?: RunResult[];
  validations?: ValidationResult[];
  /** Stages that did not run, with why (a failure earlier marks later stages skipped). */
  skipped?: { stage: string; reason: string }[];
}

/** Receives live progress from long work; the terminal reporter draws it, CI prints lines. */
export interface ProgressSink {
  stepStarted(step: StepResult): void;
  stepEnded(step: StepResult): void;
  info(message: string): void;
}

export const silentProgress: ProgressSink = {
  stepStarted() {},
  stepEnded() {},
  info() {},
};

// The one interface both targets implement. The planner, runner, reporters and CLI talk to this
// and never to DuckDB or the AWS SDK directly.
import type { Environment } from '../model/environment.js';
import type { Project } from '../model/project.js';
import type { SavedPlan } from '../planner/plan-file.js';
import type { DeployResult, PlanResult, ProgressSink, QueryResult, RunResult } from '../report/model.js';

export interface PlanOptions {
  /** Only these pipelines (default: all). */
  pipelines?: string[];
  /** Show same-name resources without lakeops tags as adoptions (what deploy --adopt would do), not conflicts. */
  adopt?: boolean;
}

export interface DeployOptions extends PlanOptions {
  /** Delete owned resources no longer desired. */
  prune?: boolean;
  /** More than 5 deletions need this to be at least their number. */
  allowDeletes?: number;
  /** Take over same-name resources without lakeops tags. */
  adopt?: boolean;
  /** Apply exactly this saved plan (lakeops deploy --plan), refusing when it is stale. */
  savedPlan?: SavedPlan;
  /** How long to wait for another deploy's environment lock (default 0: fail at once). */
  lockTimeoutMs?: number;
}

export interface RunOptions {
  /** Execution input (JSON value), already validated against the pipeline's inputSchema. */
  input?: unknown;
  /** Caller-given key that makes the execution name deterministic (e.g. the GitHub run id). */
  key?: string;
  /** Return once started. */
  noWait?: boolean;
  /** Give up following after this many milliseconds. */
  timeoutMs?: number;
  /** Start the state machine or the workflow when a pipeline has both. */
  orchestration?: 'stateMachine' | 'workflow';
  /** Step Functions Local mock file (local target; default pipelines/NAME/mocks.json when present). */
  mocks?: string;
  /** Test case of the mock file to run. */
  testCase?: string;
}

export interface QueryOptions {
  /** Default database (Athena QueryExecutionContext). */
  database?: string;
  /** Positional values for ? markers (Athena ExecutionParameters). */
  parameters?: string[];
  /** Cap on rows returned in QueryResult.rows. */
  maxRows?: number;
}

export interface Target {
  readonly env: Environment;
  plan(project: Project, opts?: PlanOptions): Promise<PlanResult>;
  deploy(project: Project, opts: DeployOptions, progress: ProgressSink): Promise<DeployResult>;
  run(project: Project, pipeline: string, opts: RunOptions, progress: ProgressSink): Promise<RunResult>;
  query(sql: string, opts?: QueryOptions): Promise<QueryResult>;
  close(): Promise<void>;
}

// Local handlers for the Step Functions service integrations pipelines use, keyed by resource.
// Results and errors are shaped like AWS's so Choice states, ResultSelector and Catch written for
// AWS behave the same locally. Timestamps: optimized integrations (glue:startJobRun.sync,
// states:startExecution.sync) return epoch milliseconds as AWS does; AWS SDK integrations return
// ISO-8601 strings.
import type { RunResult, StepResult } from '../../../report/model.js';
import type { LocalCrawler, LocalJobRun, LocalServices, PutEventEntry } from '../services.js';
import type { MapStorage } from './distributed-map.js';
import { asServiceError, serviceError, taskFailed, TaskError } from './errors.js';

export interface StartedExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** ISO-8601 time the child started. */
  startDate: string;
  /** Settles when the child execution ends (it runs on, recorded on its own, whether awaited or not). */
  done: Promise<RunResult>;
}

export interface WorkflowRunInfo {
  name: string;
  runId: string;
  result: RunResult;
}

/** What a handler may use; the local target provides one per execution. */
export interface IntegrationContext {
  services: LocalServices;
  /** Local S3, for Distributed Map item readers and result writers (absent: those states fail). */
  s3?: MapStorage;
  /** A job run's log lines (for the tail shown when it fails). */
  jobLog?(runId: string): string[];
  /** Physical job/crawler/workflow names the deployment knows (AWS answers EntityNotFound otherwise). */
  hasJob(name: string): boolean;
  hasCrawler(name: string): boolean;
  /** Puts events on a bus: recorded in the run history and matched against that bus's rules. */
  putEvents(entries: PutEventEntry[]): Promise<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }[]>;
  /**
   * Starts a nested state machine execution and returns once it has started (undefined: no such
   * state machine); `stateName` is the Task starting it, for limit messages.
   */
  startExecution(
    stateMachineArn: string,
    input: unknown,
    name: string | undefined,
    stateName: string,
  ): Promise<StartedExecution | undefined>;
  /** Runs a Glue workflow to its end (undefined: no such workflow). */
  startWorkflowRun(name: string): Promise<WorkflowRunInfo | undefined>;
  getWorkflowRun(name: string, runId: string): WorkflowRunInfo | undefined;
}

/** One handler call: the state's effective input (after InputPath/Parameters) and where to note step details. */
export interface TaskCall {
  stateName: string;
  resource: string;
  input: Record<string, unknown>;
  /** Adds details (run id, rows written, errors) to the step this call belongs to. */
  annotate(details: Partial<StepResult>): void;
}

export type IntegrationHandler = (ctx: IntegrationContext, call: TaskCall) => Promise<unknown>;

/** `arn:aws:states:::glue:startJobRun.sync` -> `glue:startJobRun.sync`; undefined for non-integration ARNs. */
export function integrationKey(resource: string): string | undefined {
  return /^arn:aws[a-z-]*:states:[a-z0-9-]*:\d*:(.+)$/.exec(resource)?.[1];
}

const epochMs = (iso?: string) => (iso ? Date.parse(iso) : undefined);

function str(call: TaskCall, field: string, service: string): string {
  const v = call.input[field];
  if (typeof v !== 'string' || !v)
    throw serviceError(
      service,
      service === 'Glue' ? 'InvalidInputException' : 'InvalidRequestException',
      `${field} is required (state "${call.stateName}")`,
    );
  return v;
}

function stringMap(v: unknown, service: string): Record<string, string> {
  if (v === undefined) return {};
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw serviceError(service, 'InvalidInputException', 'Arguments must be a map of strings');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  return out;
}

/** A Glue JobRun as GetJobRun/startJobRun.sync return it. */
export function awsJobRun(run: LocalJobRun, dates: 'epoch' | 'iso'): Record<string, unknown> {
  const d = (iso?: string) => (dates === 'epoch' ? epochMs(iso) : iso);
  const out: Record<string, unknown> = {
    Id: run.Id,
    Attempt: 0,
    JobName: run.JobName,
    StartedOn: d(run.StartedOn),
    LastModifiedOn: d(run.CompletedOn ?? run.StartedOn),
    CompletedOn: d(run.CompletedOn),
    JobRunState: run.JobRunState,
    Arguments: run.Arguments,
    PredecessorRuns: [],
    ExecutionTime: run.ExecutionTime ?? 0,
    LogGroupName: '/aws-glue/jobs',
  };
  if (run.ErrorMessage) out.ErrorMessage = run.ErrorMessage;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

async function runJob(ctx: IntegrationContext, call: TaskCall, service = 'Glue'): Promise<LocalJobRun> {
  const jobName = str(call, 'JobName', service);
  if (!ctx.hasJob(jobName))
    throw serviceError(service, 'EntityNotFoundException', `Job with name ${jobName} not found`);
  let run: LocalJobRun;
  try {
    run = await ctx.services.startJobRun(jobName, stringMap(call.input.Arguments, service));
  } catch (e) {
    throw asServiceError(service, e);
  }
  const failed = run.JobRunState !== 'SUCCEEDED';
  const log = failed ? (ctx.jobLog?.(run.Id) ?? []) : [];
  call.annotate({
    runId: run.Id,
    rowsWritten: run.RowsWritten,
    details: { jobName, jobRunState: run.JobRunState, executionTimeSeconds: run.ExecutionTime },
    ...(failed ? { logTail: (log.length ? log : (run.ErrorMessage ?? '').split('\n')).slice(-20) } : {}),
  });
  return run;
}

function checkCrawler(ctx: IntegrationContext, call: TaskCall): string {
  const name = str(call, 'Name', 'Glue');
  if (!ctx.hasCrawler(name))
    throw serviceError('Glue', 'EntityNotFoundException', `Crawler with name ${name} does not exist`);
  return name;
}

function crawlerDetails(c: LocalCrawler): Partial<StepResult> {
  return {
    runId: c.Name,
    details: {
      crawler: c.Name,
      lastCrawl: c.LastCrawl?.Status,
      tablesCreated: c.LastCrawl?.TablesCreated,
      tablesUpdated: c.LastCrawl?.TablesUpdated,
      partitionsAdded: c.LastCrawl?.PartitionsAdded,
    },
    ...(c.LastCrawl?.ErrorMessage ? { error: 'CrawlFailed', cause: c.LastCrawl.ErrorMessage } : {}),
  };
}

function athenaInput(call: TaskCall) {
  const QueryString = str(call, 'QueryString', 'Athena');
  const ctx = call.input.QueryExecutionContext as { Database?: string } | undefined;
  const params = call.input.ExecutionParameters;
  if (params !== undefined && (!Array.isArray(params) || params.some((p) => typeof p !== 'string')))
    throw serviceError('Athena', 'InvalidRequestException', 'ExecutionParameters must be a list of strings');
  const workGroup = call.input.WorkGroup;
  const result = call.input.ResultConfiguration as { OutputLocation?: unknown } | undefined;
  return {
    QueryString,
    Database: ctx?.Database,
    ExecutionParameters: params as string[] | undefined,
    ...(typeof workGroup === 'string' ? { WorkGroup: workGroup } : {}),
    ...(typeof result?.OutputLocation === 'string'
      ? { ResultConfiguration: { OutputLocation: result.OutputLocation } }
      : {}),
  };
}

async function startQuery(ctx: IntegrationContext, call: TaskCall) {
  let q;
  try {
    q = await ctx.services.startQueryExecution(athenaInput(call));
  } catch (e) {
    throw asServiceError('Athena', e);
  }
  call.annotate({
    runId: q.QueryExecutionId,
    bytesScanned: q.Statistics?.DataScannedInBytes,
    details: { queryState: q.Status.State },
    ...(q.Status.State === 'FAILED' ? { error: 'QueryFailed', cause: q.Status.StateChangeReason } : {}),
  });
  return q;
}

async function queryResults(ctx: IntegrationContext, call: TaskCall) {
  const id = str(call, 'QueryExecutionId', 'Athena');
  try {
    const q = await ctx.services.getQueryExecution(id);
    if (q.Status.State !== 'SUCCEEDED')
      throw serviceError(
        'Athena',
        'InvalidRequestException',
        `Query has not yet finished. Current state: ${q.Status.State}`,
      );
    const max = typeof call.input.MaxResults === 'number' ? call.input.MaxResults : undefined;
    const next = typeof call.input.NextToken === 'string' ? call.input.NextToken : undefined;
    const res = await ctx.services.getQueryResults(id, { MaxResults: max, NextToken: next });
    call.annotate({ runId: id, details: { rows: Math.max(0, res.ResultSet.Rows.length - (next ? 0 : 1)) } });
    return { UpdateCount: 0, ...res };
  } catch (e) {
    throw asServiceError('Athena', e);
  }
}

function busName(v: unknown): string {
  const s = typeof v === 'string' && v ? v : 'default';
  return s.startsWith('arn:') ? s.slice(s.indexOf('event-bus/') + 'event-bus/'.length) : s;
}

function describeExecution(started: StartedExecution, r: RunResult, parsed: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ExecutionArn: started.executionArn,
    StateMachineArn: started.stateMachineArn,
    Name: started.name,
    Status: r.status,
    StartDate: epochMs(r.startedAt),
    StopDate: epochMs(r.endedAt),
    Input: parsed ? (r.input ?? {}) : JSON.stringify(r.input ?? {}),
    InputDetails: { Included: true },
  };
  if (r.status === 'SUCCEEDED') {
    out.Output = parsed ? (r.output ?? null) : JSON.stringify(r.output ?? null);
    out.OutputDetails = { Included: true };
  } else {
    out.Error = r.failure?.error;
    out.Cause = r.failure?.cause;
  }
  return out;
}

async function startExecution(ctx: IntegrationContext, call: TaskCall, mode: 'async' | 'sync' | 'sync2') {
  const arn = str(call, 'StateMachineArn', 'StepFunctions');
  let input: unknown = call.input.Input ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      throw serviceError('StepFunctions', 'InvalidExecutionInputException', 'Input is not valid JSON');
    }
  }
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    // The started-by marker AWS documents for nested executions is metadata, not data.
    const { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: _parent, ...rest } = input as Record<string, unknown>;
    input = rest;
  }
  const name = typeof call.input.Name === 'string' ? call.input.Name : undefined;
  const started = await ctx.startExecution(arn, input, name, call.stateName);
  if (!started)
    throw serviceError('StepFunctions', 'StateMachineDoesNotExistException', `State Machine Does Not Exist: '${arn}'`);
  if (mode === 'async') {
    // StartExecution returns at once; the child runs on as its own execution.
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
    call.annotate({ runId: started.executionArn, details: { childExecution: started.name, childStatus: 'RUNNING' } });
    return { ExecutionArn: started.executionArn, StartDate: epochMs(started.startDate) };
  }
  const result = await started.done;
  call.annotate({
    runId: started.executionArn,
    details: { childExecution: started.name, childStatus: result.status },
  });
  // .sync gives Output as a JSON string, .sync:2 as JSON.
  const described = describeExecution(started, result, mode === 'sync2');
  if (result.status !== 'SUCCEEDED') throw taskFailed(describeExecution(started, result, false));
  return described;
}

export const INTEGRATIONS: Record<string, IntegrationHandler> = {
  // ---- Glue jobs (optimized integration): a local job run has finished when startJobRun returns.
  'glue:startJobRun': async (ctx, call) => ({ JobRunId: (await runJob(ctx, call)).Id }),
  'glue:startJobRun.sync': async (ctx, call) => {
    const run = await runJob(ctx, call);
    const jobRun = awsJobRun(run, 'epoch');
    if (run.JobRunState !== 'SUCCEEDED') throw taskFailed(jobRun);
    return jobRun;
  },
  // ---- Glue through the AWS SDK integration.
  'aws-sdk:glue:startJobRun': async (ctx, call) => ({ JobRunId: (await runJob(ctx, call)).Id }),
  'aws-sdk:glue:getJobRun': async (ctx, call) => {
    const jobName = str(call, 'JobName', 'Glue');
    const runId = str(call, 'RunId', 'Glue');
    try {
      return { JobRun: awsJobRun(await ctx.services.getJobRun(jobName, runId), 'iso') };
    } catch (e) {
      throw asServiceError('Glue', e);
    }
  },
  'aws-sdk:glue:startCrawler': async (ctx, call) => {
    const name = checkCrawler(ctx, call);
    try {
      await ctx.services.startCrawler(name);
      call.annotate(crawlerDetails(await ctx.services.getCrawler(name)));
    } catch (e) {
      throw asServiceError('Glue', e);
    }
    return {};
  },
  'aws-sdk:glue:getCrawler': async (ctx, call) => {
    const name = checkCrawler(ctx, call);
    try {
      const c = await ctx.services.getCrawler(name);
      call.annotate({ runId: name, details: { state: c.State, lastCrawl: c.LastCrawl?.Status } });
      return { Crawler: c };
    } catch (e) {
      throw asServiceError('Glue', e);
    }
  },
  'aws-sdk:glue:startWorkflowRun': async (ctx, call) => {
    const name = str(call, 'Name', 'Glue');
    const run = await ctx.startWorkflowRun(name);
    if (!run) throw serviceError('Glue', 'EntityNotFoundException', `Workflow with name ${name} not found`);
    call.annotate({ runId: run.runId, details: { workflow: name, workflowStatus: run.result.status } });
    return { RunId: run.runId };
  },
  'aws-sdk:glue:getWorkflowRun': async (ctx, call) => {
    const name = str(call, 'Name', 'Glue');
    const runId = str(call, 'RunId', 'Glue');
    const run = ctx.getWorkflowRun(name, runId);
    if (!run) throw serviceError('Glue', 'EntityNotFoundException', `Workflow run ${runId} of ${name} not found`);
    const actions = run.result.steps.filter((s) => s.type !== 'trigger');
    const count = (st: string[]) => actions.filter((s) => st.includes(s.status)).length;
    return {
      Run: {
        Name: name,
        WorkflowRunId: runId,
        StartedOn: run.result.startedAt,
        CompletedOn: run.result.endedAt,
        // Glue reports COMPLETED even when actions failed; the statistics tell the failures.
        Status: 'COMPLETED',
        Statistics: {
          TotalActions: actions.length,
          SucceededActions: count(['succeeded']),
          FailedActions: count(['failed', 'caught']),
          StoppedActions: count(['cancelled']),
          TimeoutActions: count(['timed_out']),
          RunningActions: 0,
        },
      },
    };
  },
  // ---- Athena: a local query has finished when startQueryExecution returns.
  'athena:startQueryExecution': async (ctx, call) => ({
    QueryExecutionId: (await startQuery(ctx, call)).QueryExecutionId,
  }),
  'aws-sdk:athena:startQueryExecution': async (ctx, call) => ({
    QueryExecutionId: (await startQuery(ctx, call)).QueryExecutionId,
  }),
  'athena:startQueryExecution.sync': async (ctx, call) => {
    const q = await startQuery(ctx, call);
    const out = { QueryExecution: q };
    if (q.Status.State !== 'SUCCEEDED') throw taskFailed(out);
    return out;
  },
  'athena:getQueryExecution': async (ctx, call) => athenaQueryExecution(ctx, call),
  'aws-sdk:athena:getQueryExecution': async (ctx, call) => athenaQueryExecution(ctx, call),
  'athena:getQueryResults': queryResults,
  'aws-sdk:athena:getQueryResults': queryResults,
  // ---- EventBridge
  'events:putEvents': async (ctx, call) => {
    const entries = call.input.Entries;
    if (!Array.isArray(entries) || entries.length === 0)
      throw serviceError('EventBridge', 'ValidationException', 'Entries must be a non-empty list');
    const normalised: PutEventEntry[] = entries.map((e: Record<string, unknown>) => ({
      EventBusName: busName(e.EventBusName),
      Source: String(e.Source ?? ''),
      DetailType: String(e.DetailType ?? ''),
      // The optimized integration accepts Detail as a JSON object as well as a string.
      Detail: typeof e.Detail === 'string' ? e.Detail : JSON.stringify(e.Detail ?? {}),
      Resources: Array.isArray(e.Resources) ? (e.Resources as string[]) : undefined,
    }));
    const results = await ctx.putEvents(normalised);
    const failed = results.filter((r) => r.ErrorCode).length;
    call.annotate({
      details: { events: normalised.map((e) => `${e.EventBusName}: ${e.DetailType}`), failedEntries: failed },
    });
    const out = { Entries: results, FailedEntryCount: failed };
    // The optimized integration fails the task when any entry failed.
    // https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
    if (failed) throw new TaskError('EventBridge.FailedEntry', JSON.stringify(out));
    return out;
  },
  // ---- Nested Step Functions executions of this project.
  'states:startExecution': (ctx, call) => startExecution(ctx, call, 'async'),
  'states:startExecution.sync': (ctx, call) => startExecution(ctx, call, 'sync'),
  'states:startExecution.sync:2': (ctx, call) => startExecution(ctx, call, 'sync2'),
};

async function athenaQueryExecution(ctx: IntegrationContext, call: TaskCall) {
  const id = str(call, 'QueryExecutionId', 'Athena');
  try {
    return { QueryExecution: await ctx.services.getQueryExecution(id) };
  } catch (e) {
    throw asServiceError('Athena', e);
  }
}

export const SUPPORTED_RESOURCES = Object.keys(INTEGRATIONS).map((k) => `arn:aws:states:::${k}`);

// Step Functions on the local target: every integration handler's result and error shapes, Retry
// and Catch, Wait states that record instead of sleeping, and unsupported resources.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { NotRunnableLocally } from '../../src/targets/local/stepfunctions/runnability.js';
import { getPipeline } from '../../src/model/project.js';
import type { RunResult } from '../../src/report/model.js';
import { makeProject, recordingProgress, writeFiles, type TestProject } from './project.js';

const task = (resource: string, extra: object = {}) => ({
  Type: 'Task',
  Resource: `arn:aws:states:::${resource}`,
  ...extra,
});
const catchAll = { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }] };
const caughtState = { Caught: { Type: 'Pass', End: true } };

let t: TestProject;

beforeEach(() => {
  t = makeProject(
    {
      main: {
        databases: { db: {} },
        jobs: { 'good-job': {}, 'bad-job': {}, 'flaky-job': {} },
        crawlers: { c1: { database: 'db', targets: [{ path: 's3://${data}/c1/' }] } },
        eventBuses: { alerts: {} },
        stateMachine: { definition: 'pipelines/main/sm.asl.json' },
      },
      child: { stateMachine: { name: 'child-sm', definition: 'pipelines/child/sm.asl.json' } },
      'failing-child': { stateMachine: { definition: 'pipelines/failing-child/sm.asl.json' } },
      wf: {
        jobs: { 'wf-job': {} },
        workflow: { name: 'the-wf', triggers: { start: { type: 'ON_DEMAND', actions: [{ job: 'wf-job' }] } } },
      },
    },
    {
      'pipelines/main/sm.asl.json': { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      'pipelines/child/sm.asl.json': {
        StartAt: 'Double',
        States: { Double: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true } },
      },
      'pipelines/failing-child/sm.asl.json': {
        StartAt: 'Boom',
        States: { Boom: { Type: 'Fail', Error: 'ChildFailed', Cause: 'on purpose' } },
      },
    },
  );
  t.engine.jobs['bad-job'] = { states: ['FAILED'], error: 'AnalysisException: cannot resolve column foo' };
});

async function run(states: Record<string, object>, input: unknown = {}, startAt?: string): Promise<RunResult> {
  writeFiles(t.root, { 'pipelines/main/sm.asl.json': { StartAt: startAt ?? Object.keys(states)[0], States: states } });
  return t.target.executeStateMachine(getPipeline(t.project, 'main'), { input, progress: recordingProgress() });
}

describe('Glue jobs', () => {
  test('startJobRun.sync returns the JobRun fields (epoch-millisecond dates) and the step records rows written', async () => {
    const r = await run({
      Job: task('glue:startJobRun.sync', { Parameters: { JobName: 'good-job', Arguments: { '--x': '1' } }, End: true }),
    });
    expect(r.status).toBe('SUCCEEDED');
    const out = r.output as Record<string, unknown>;
    expect(out).toMatchObject({ JobName: 'good-job', JobRunState: 'SUCCEEDED', Arguments: { '--x': '1' }, Attempt: 0 });
    expect(typeof out.Id).toBe('string');
    expect(typeof out.StartedOn).toBe('number');
    expect(r.steps[0]).toMatchObject({
      name: 'Job',
      type: 'Task',
      status: 'succeeded',
      runId: out.Id,
      rowsWritten: { 'good-job_out': 10 },
    });
  });

  test('a failed .sync job raises States.TaskFailed with the JobRun as its JSON Cause', async () => {
    const r = await run({
      Job: task('glue:startJobRun.sync', { Parameters: { JobName: 'bad-job' }, ...catchAll, End: true }),
      ...caughtState,
    });
    expect(r.status).toBe('SUCCEEDED');
    const error = (r.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('States.TaskFailed');
    expect(JSON.parse(error.Cause)).toMatchObject({
      JobName: 'bad-job',
      JobRunState: 'FAILED',
      ErrorMessage: 'AnalysisException: cannot resolve column foo',
    });
    expect(r.steps[0]).toMatchObject({ status: 'caught', error: 'States.TaskFailed' });
  });

  test('startJobRun (no .sync) returns the run id; aws-sdk getJobRun returns {JobRun} with ISO dates', async () => {
    const r = await run({
      Start: task('glue:startJobRun', { Parameters: { JobName: 'bad-job' }, ResultPath: '$.start', Next: 'Get' }),
      Get: task('aws-sdk:glue:getJobRun', {
        Parameters: { JobName: 'bad-job', 'RunId.$': '$.start.JobRunId' },
        End: true,
      }),
    });
    expect(r.status).toBe('SUCCEEDED');
    const jobRun = (r.output as { JobRun: Record<string, unknown> }).JobRun;
    expect(jobRun).toMatchObject({
      JobName: 'bad-job',
      JobRunState: 'FAILED',
      ErrorMessage: expect.stringContaining('foo'),
    });
    expect(typeof jobRun.StartedOn).toBe('string');
    expect(Date.parse(jobRun.StartedOn as string)).not.toBeNaN();
  });

  test('aws-sdk startJobRun returns {JobRunId}', async () => {
    const r = await run({ S: task('aws-sdk:glue:startJobRun', { Parameters: { JobName: 'good-job' }, End: true }) });
    expect(Object.keys(r.output as object)).toEqual(['JobRunId']);
    expect(t.engine.calls).toEqual(['job:good-job']);
  });

  test('an unknown job raises Glue.EntityNotFoundException without running anything', async () => {
    const r = await run({
      S: task('glue:startJobRun.sync', {
        Parameters: { JobName: 'nope' },
        Catch: [{ ErrorEquals: ['Glue.EntityNotFoundException'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      }),
      ...caughtState,
    });
    expect((r.output as { error: { Error: string; Cause: string } }).error).toEqual({
      Error: 'Glue.EntityNotFoundException',
      Cause: 'Job with name nope not found',
    });
    expect(t.engine.calls).toEqual([]);
  });
});

describe('Glue crawlers and workflows', () => {
  test('startCrawler returns {} and getCrawler returns {Crawler: {State, LastCrawl}}', async () => {
    const r = await run({
      Crawl: task('aws-sdk:glue:startCrawler', { Parameters: { Name: 'c1' }, ResultPath: '$.started', Next: 'Get' }),
      Get: task('aws-sdk:glue:getCrawler', { Parameters: { Name: 'c1' }, End: true }),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ Crawler: { Name: 'c1', State: 'READY', LastCrawl: { Status: 'SUCCEEDED' } } });
    expect(r.steps[0]).toMatchObject({ name: 'Crawl', runId: 'c1', details: { tablesCreated: ['c1_table'] } });
  });

  test('an unknown crawler raises Glue.EntityNotFoundException', async () => {
    const r = await run({
      S: task('aws-sdk:glue:getCrawler', { Parameters: { Name: 'nope' }, ...catchAll, End: true }),
      ...caughtState,
    });
    expect((r.output as { error: { Error: string } }).error.Error).toBe('Glue.EntityNotFoundException');
  });

  test('startWorkflowRun runs the workflow; getWorkflowRun reports it', async () => {
    const r = await run({
      Start: task('aws-sdk:glue:startWorkflowRun', {
        Parameters: { Name: 'the-wf' },
        ResultPath: '$.run',
        Next: 'Get',
      }),
      Get: task('aws-sdk:glue:getWorkflowRun', { Parameters: { Name: 'the-wf', 'RunId.$': '$.run.RunId' }, End: true }),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({
      Run: {
        Name: 'the-wf',
        Status: 'COMPLETED',
        Statistics: { TotalActions: 1, SucceededActions: 1, FailedActions: 0 },
      },
    });
    expect(t.engine.calls).toEqual(['job:wf-job']);
  });
});

describe('Athena', () => {
  test('startQueryExecution.sync returns {QueryExecution}; getQueryResults returns the ResultSet', async () => {
    const r = await run({
      Q: task('athena:startQueryExecution.sync', {
        Parameters: { QueryString: 'SELECT COUNT(*) FROM t', QueryExecutionContext: { Database: 'db' } },
        ResultSelector: { 'id.$': '$.QueryExecution.QueryExecutionId', 'state.$': '$.QueryExecution.Status.State' },
        ResultPath: '$.q',
        Next: 'R',
      }),
      R: task('athena:getQueryResults', {
        Parameters: { 'QueryExecutionId.$': '$.q.id' },
        ResultSelector: { 'count.$': '$.ResultSet.Rows[1].Data[0].VarCharValue' },
        ResultPath: '$.r',
        End: true,
      }),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ q: { state: 'SUCCEEDED' }, r: { count: '42' } });
    expect(t.engine.calls).toEqual(['query:db:SELECT COUNT(*) FROM t']);
  });

  // StartQueryExecution's WorkGroup and ResultConfiguration.OutputLocation reach the local Athena
  // (https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html).
  test('WorkGroup and ResultConfiguration of the Task reach the query', async () => {
    const r = await run({
      Q: task('athena:startQueryExecution.sync', {
        Parameters: {
          QueryString: 'SELECT 1',
          WorkGroup: 'analysts',
          ResultConfiguration: { OutputLocation: 's3://results/q/' },
        },
        End: true,
      }),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(t.engine.queryRequests).toEqual([
      {
        QueryString: 'SELECT 1',
        WorkGroup: 'analysts',
        ResultConfiguration: { OutputLocation: 's3://results/q/' },
      },
    ]);
  });

  test('a failing query: .sync raises States.TaskFailed; results of a failed query raise Athena.InvalidRequestException', async () => {
    const r1 = await run({
      Q: task('athena:startQueryExecution.sync', {
        Parameters: { QueryString: 'SELECT FAIL_ME' },
        ...catchAll,
        End: true,
      }),
      ...caughtState,
    });
    const e1 = (r1.output as { error: { Error: string; Cause: string } }).error;
    expect(e1.Error).toBe('States.TaskFailed');
    expect(JSON.parse(e1.Cause)).toMatchObject({ QueryExecution: { Status: { State: 'FAILED' } } });

    const r2 = await run({
      Q: task('aws-sdk:athena:startQueryExecution', {
        Parameters: { QueryString: 'SELECT FAIL_ME' },
        ResultPath: '$.q',
        Next: 'R',
      }),
      R: task('aws-sdk:athena:getQueryResults', {
        Parameters: { 'QueryExecutionId.$': '$.q.QueryExecutionId' },
        ...catchAll,
        End: true,
      }),
      ...caughtState,
    });
    expect((r2.output as { error: { Error: string; Cause: string } }).error).toEqual({
      Error: 'Athena.InvalidRequestException',
      Cause: 'Query has not yet finished. Current state: FAILED',
    });
  });
});

describe('EventBridge putEvents', () => {
  test('events on a custom bus are recorded in the run and in the bus log', async () => {
    const r = await run(
      {
        Put: task('events:putEvents', {
          Parameters: {
            Entries: [{ EventBusName: 'alerts', Source: 'test', DetailType: 'Thing Happened', 'Detail.$': '$' }],
          },
          End: true,
        }),
      },
      { hour: 10 },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    expect(r.events).toEqual([{ bus: 'alerts', source: 'test', detailType: 'Thing Happened', detail: { hour: 10 } }]);
    const log = join(t.root, '.lakeops/local/events/alerts.jsonl');
    expect(JSON.parse(readFileSync(log, 'utf8').trim())).toMatchObject({
      'detail-type': 'Thing Happened',
      detail: { hour: 10 },
    });
  });

  test('an unknown bus fails the task with EventBridge.FailedEntry', async () => {
    const r = await run({
      Put: task('events:putEvents', {
        Parameters: { Entries: [{ EventBusName: 'nope', Source: 's', DetailType: 'd', Detail: {} }] },
        ...catchAll,
        End: true,
      }),
      ...caughtState,
    });
    const error = (r.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(error.Cause)).toMatchObject({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'NotFoundException' }],
    });
    expect(r.events).toEqual([]);
  });
});

describe('nested state machines', () => {
  const childArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:child-sm';

  test('startExecution.sync:2 returns the child output as JSON; .sync as a string; no .sync the ARN', async () => {
    const r = await run({
      Sync2: task('states:startExecution.sync:2', {
        Parameters: { StateMachineArn: childArn, Input: { n: 21 } },
        ResultPath: '$.a',
        Next: 'Sync',
      }),
      Sync: task('states:startExecution.sync', {
        Parameters: { StateMachineArn: childArn, Input: { n: 1 } },
        ResultPath: '$.b',
        Next: 'Async',
      }),
      Async: task('states:startExecution', {
        Parameters: { StateMachineArn: childArn, Input: { n: 2 }, Name: 'named-child' },
        ResultPath: '$.c',
        End: true,
      }),
    });
    expect(r.status).toBe('SUCCEEDED');
    const out = r.output as { a: Record<string, unknown>; b: Record<string, unknown>; c: Record<string, unknown> };
    expect(out.a).toMatchObject({ Status: 'SUCCEEDED', Output: { doubled: 42 }, StateMachineArn: childArn });
    expect(out.b).toMatchObject({ Status: 'SUCCEEDED', Output: '{"doubled":2}' });
    expect(out.c.ExecutionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:child-sm:named-child');
    expect(existsSync(join(t.root, '.lakeops/local/runs/child/named-child.json'))).toBe(true);
  });

  test('a failing child fails the .sync task with States.TaskFailed; an unknown one raises StateMachineDoesNotExist', async () => {
    const r = await run({
      Child: task('states:startExecution.sync:2', {
        Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:failing-child' },
        ...catchAll,
        End: true,
      }),
      ...caughtState,
    });
    const error = (r.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('States.TaskFailed');
    expect(JSON.parse(error.Cause)).toMatchObject({ Status: 'FAILED', Error: 'ChildFailed', Cause: 'on purpose' });

    const r2 = await run({
      Child: task('states:startExecution.sync', {
        Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope' },
        ...catchAll,
        End: true,
      }),
      ...caughtState,
    });
    expect((r2.output as { error: { Error: string } }).error.Error).toBe(
      'StepFunctions.StateMachineDoesNotExistException',
    );
  });
});

describe('unsupported resources', () => {
  test('a Task with any other resource fails (exit 1, not a usage error) naming the state, the resource and file:line, before anything runs', async () => {
    const promise = run({
      Job: task('glue:startJobRun.sync', { Parameters: { JobName: 'good-job' }, Next: 'Invoke' }),
      Invoke: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        End: true,
      },
    });
    await expect(promise).rejects.toThrow(NotRunnableLocally);
    await expect(promise).rejects.toThrow(
      /pipelines\/main\/sm\.asl\.json:\d+:\d+: state "Invoke" \(arn:aws:states:::lambda:invoke\): no local engine for Lambda; mock it in pipelines\/main\/mocks\.json/,
    );
    expect(t.engine.calls).toEqual([]);
  });
});

describe('Retry, Catch and Wait', () => {
  afterEach(() => jest.restoreAllMocks());

  test('Retry re-runs the task as on AWS, recording what AWS would have waited, without sleeping', async () => {
    const timers = jest.spyOn(globalThis, 'setTimeout');
    t.engine.jobs['flaky-job'] = { states: ['FAILED', 'FAILED', 'SUCCEEDED'] };
    const r = await run({
      Job: task('glue:startJobRun.sync', {
        Parameters: { JobName: 'flaky-job' },
        Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 3600, BackoffRate: 2, MaxAttempts: 2 }],
        End: true,
      }),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(t.engine.calls).toEqual(['job:flaky-job', 'job:flaky-job', 'job:flaky-job']);
    const retries = r.steps[0]!.details!.retries as { waitedSeconds: number; error: string }[];
    expect(retries.map((x) => [x.error, x.waitedSeconds])).toEqual([
      ['States.TaskFailed', 3600],
      ['States.TaskFailed', 7200],
    ]);
    const delays = timers.mock.calls.map((c) => c[1]);
    expect(delays).not.toContain(3_600_000);
    expect(delays).not.toContain(7_200_000);
  });

  test('when retries are exhausted the Catch takes over; a non-matching retrier does not retry', async () => {
    t.engine.jobs['flaky-job'] = { states: ['FAILED'] };
    const r = await run({
      Job: task('glue:startJobRun.sync', {
        Parameters: { JobName: 'flaky-job' },
        Retry: [
          { ErrorEquals: ['Glue.ConcurrentRunsExceededException'], MaxAttempts: 5 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 },
        ],
        ...catchAll,
        End: true,
      }),
      ...caughtState,
    });
    expect(t.engine.calls).toEqual(['job:flaky-job', 'job:flaky-job']);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.steps.map((s) => [s.name, s.status])).toEqual([
      ['Job', 'caught'],
      ['Caught', 'succeeded'],
    ]);
  });

  test('an uncaught failure fails the execution and names the step, the job and its error', async () => {
    const r = await run({ Job: task('glue:startJobRun.sync', { Parameters: { JobName: 'bad-job' }, End: true }) });
    expect(r.status).toBe('FAILED');
    expect(r.failure).toMatchObject({
      state: 'Job',
      error: 'States.TaskFailed',
      jobName: 'bad-job',
      errorMessage: 'AnalysisException: cannot resolve column foo',
    });
    expect(r.steps[0]!.status).toBe('failed');
  });

  test('the failure names the task that failed last, not an earlier one a Catch recovered from', async () => {
    const r = await run({
      First: task('glue:startJobRun.sync', {
        Parameters: { JobName: 'bad-job' },
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Second' }],
        Next: 'Second',
      }),
      Second: task('aws-sdk:glue:startCrawler', { Parameters: { Name: 'missing-crawler' }, End: true }),
    });
    expect(r.status).toBe('FAILED');
    expect(r.failure).toMatchObject({ state: 'Second', error: 'Glue.EntityNotFoundException' });
    expect(r.steps.map((s) => s.status)).toEqual(['caught', 'failed']);
  });

  test('Wait states record the seconds they would wait (Seconds, SecondsPath, TimestampPath) and do not sleep', async () => {
    const timers = jest.spyOn(globalThis, 'setTimeout');
    const inOneDay = new Date(Date.now() + 86_400_000).toISOString();
    const r = await run(
      {
        W1: { Type: 'Wait', Seconds: 31_536_000, Next: 'W2' },
        W2: { Type: 'Wait', SecondsPath: '$.delay', Next: 'W3' },
        W3: { Type: 'Wait', TimestampPath: '$.until', End: true },
      },
      { delay: 7200, until: inOneDay },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.steps[0]!.waitedSeconds).toBe(31_536_000);
    expect(r.steps[1]!.waitedSeconds).toBe(7200);
    expect(r.steps[2]!.waitedSeconds).toBeGreaterThan(86_000);
    const delays = timers.mock.calls.map((c) => c[1] as number);
    expect(delays.filter((d) => d === 31_536_000_000 || d === 7_200_000 || (d > 80_000_000 && d < 90_000_000))).toEqual(
      [],
    );
  });

  test('Parallel branches and Map iterations are recorded as steps', async () => {
    const r = await run(
      {
        Par: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'A',
              States: { A: task('glue:startJobRun.sync', { Parameters: { JobName: 'good-job' }, End: true }) },
            },
            {
              StartAt: 'B',
              States: { B: task('aws-sdk:glue:startCrawler', { Parameters: { Name: 'c1' }, End: true }) },
            },
          ],
          ResultPath: null,
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
      { items: [1, 2] },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.steps.map((s) => s.name).sort()).toEqual(['A', 'B', 'Each', 'Item[0]', 'Item[1]', 'Par']);
    expect(t.engine.calls.sort()).toEqual(['crawler:c1', 'job:good-job']);
  });
});

describe('progress', () => {
  test('each step is reported when it starts and when it ends', async () => {
    writeFiles(t.root, {
      'pipelines/main/sm.asl.json': {
        StartAt: 'Job',
        States: {
          Job: task('glue:startJobRun.sync', { Parameters: { JobName: 'good-job' }, Next: 'Done' }),
          Done: { Type: 'Succeed' },
        },
      },
    });
    const progress = recordingProgress();
    await t.target.executeStateMachine(getPipeline(t.project, 'main'), { input: {}, progress });
    expect(progress.started.map((s) => [s.name, s.status])).toEqual([
      ['Job', 'running'],
      ['Done', 'running'],
    ]);
    expect(progress.ended.map((s) => [s.name, s.status])).toEqual([
      ['Job', 'succeeded'],
      ['Done', 'succeeded'],
    ]);
    expect(progress.ended[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });
});

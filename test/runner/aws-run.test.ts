import { beforeEach, describe, expect, test } from '@jest/globals';
import { AthenaClient, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetJobRunCommand,
  GetWorkflowRunCommand,
  GetWorkflowRunsCommand,
  GlueClient,
  StartWorkflowRunCommand,
} from '@aws-sdk/client-glue';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProgressSink, StepResult } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderRunSummary } from '../../src/report/terminal.js';
import { FOLLOW_TIMEOUT_ERROR, runExitCode, runOnAws } from '../../src/runner/aws-run.js';
import type { Clock } from '../../src/runner/poll.js';
import { executionName } from '../../src/runner/sfn-follow.js';
import { loadFixture, resolveEnvironment } from './project-fixture.js';
import { recorded } from './recorded.js';

const sfn = mockClient(SFNClient);
const glue = mockClient(GlueClient);
const logs = mockClient(CloudWatchLogsClient);
const sts = mockClient(STSClient);
const athena = mockClient(AthenaClient);
const clients = {
  sfn: new SFNClient({ region: 'us-east-1' }),
  glue: new GlueClient({ region: 'us-east-1' }),
  logs: new CloudWatchLogsClient({ region: 'us-east-1' }),
  athena: new AthenaClient({ region: 'us-east-1' }),
  sts: new STSClient({ region: 'us-east-1' }),
};

const project = loadFixture({
  'pipelines/hourly-hits/pipeline.yaml': {
    name: 'hourly-hits',
    jobs: {
      'hits-aggregator': {
        sql: 'sql/jobs/x.sql',
        output: { path: 's3://${data}/x/', format: 'parquet' },
        glue: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2 },
      },
    },
    stateMachine: { name: 'hits-aggregator-workflow', definition: 'pipelines/hourly-hits/state-machine.asl.json' },
  },
  'pipelines/byod-curation/pipeline.yaml': { name: 'byod-curation', workflow: { name: 'byod', triggers: {} } },
});
// prod declares no account: the ARN's account comes from STS.
const env = resolveEnvironment(project, 'prod');
delete (env.config as { account?: string }).account;

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:prod-hits-aggregator-workflow';
const EXEC_ARN = 'arn:aws:states:us-east-1:123456789012:execution:prod-hits-aggregator-workflow:hourly-hits-gh-7001-1';
const RUN_ID = 'jr_5f1e0c3b9a7d4e2f8c6b1a0d9e8f7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f';

const history = (): HistoryEvent[] => [
  ...recorded('sfn/get-execution-history-failed-glue-page1.json').events,
  ...recorded('sfn/get-execution-history-failed-glue-page2.json').events,
];

function recordingProgress() {
  const lines: string[] = [];
  const sink: ProgressSink = {
    stepStarted: (s: StepResult) => lines.push(`start ${s.name}`),
    stepEnded: (s: StepResult) => lines.push(`end ${s.name} ${s.status}`),
    info: (m: string) => lines.push(`info ${m}`),
  };
  return { lines, sink };
}

function fakeClock(): Clock & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
}

beforeEach(() => {
  for (const m of [sfn, glue, logs, sts, athena]) m.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/ci/gh', UserId: 'AROA:gh' });
  sfn
    .on(DescribeExecutionCommand)
    .rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC_ARN, startDate: new Date('2026-11-02T09:00:50.118Z') });
  glue.on(GetJobRunCommand).resolves(recorded('glue/get-job-run-failed.json'));
  logs.on(GetLogEventsCommand).resolves(recorded('logs/get-log-events-glue-error.json'));
});

describe('runOnAws: state machine', () => {
  test('a failed Glue job step names the state, job run id, error message and log tail; exit 1', async () => {
    sfn
      .on(GetExecutionHistoryCommand, { nextToken: undefined })
      .resolves(recorded('sfn/get-execution-history-failed-glue-page1.json'))
      .on(GetExecutionHistoryCommand, { nextToken: 'AAAAKgAAAAIAAAAAAAAAAQ3V2l0aCBtb3JlIGV2ZW50cw==' })
      .resolves(recorded('sfn/get-execution-history-failed-glue-page2.json'));
    const { lines, sink } = recordingProgress();

    const r = await runOnAws(
      clients,
      project,
      env,
      'hourly-hits',
      { key: 'gh-7001-1', input: { target_hour: '2026-11-02T09:00:00Z' } },
      sink,
      {
        clock: fakeClock(),
      },
    );

    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: SM_ARN,
      name: 'hourly-hits-gh-7001-1',
      input: '{"target_hour":"2026-11-02T09:00:00Z"}',
    });
    expect(r.status).toBe('FAILED');
    expect(runExitCode(r)).toBe(1);
    expect(r.failure).toMatchObject({
      state: 'Aggregate Hits',
      error: 'States.TaskFailed',
      jobName: 'prod-hits-aggregator',
      jobRunId: RUN_ID,
      errorMessage: expect.stringContaining('[PATH_NOT_FOUND] Path does not exist'),
    });
    // The last 50 lines, counted in lines (the final event is a 14-line traceback).
    expect(r.failure!.logTail).toHaveLength(50);
    expect(r.failure!.logTail!.at(-1)).toMatch(/^pyspark\.errors\.exceptions\.captured\.AnalysisException/);
    expect(r.failure!.logTail![36]).toBe('Traceback (most recent call last):');
    expect(glue.commandCalls(GetJobRunCommand)[0]!.args[0].input).toMatchObject({
      JobName: 'prod-hits-aggregator',
      RunId: RUN_ID,
    });
    // The failed run is read once, for its error message and its DPU-seconds alike.
    expect(glue.commandCalls(GetJobRunCommand)).toHaveLength(1);
    expect(logs.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toEqual({
      logGroupName: '/aws-glue/jobs/error',
      logStreamName: RUN_ID,
      startFromHead: false,
      limit: 50,
    });

    expect(r.steps.map((s) => [s.name, s.status])).toEqual([
      ['Choose Hour', 'succeeded'],
      ['Backfill Target Hour', 'succeeded'],
      ['Aggregate Hits', 'caught'],
      ['Format Failure', 'succeeded'],
      ['Publish Failure Event', 'succeeded'],
      ['Failed', 'failed'],
    ]);
    const agg = r.steps[2]!;
    expect(agg).toMatchObject({ runId: RUN_ID, resource: 'arn:aws:states:::glue:startJobRun.sync', durationMs: 90868 });
    expect(agg.logTail).toHaveLength(50);
    expect(lines.filter((l) => l.startsWith('start '))).toHaveLength(6);
    expect(lines).toContain('end Aggregate Hits caught');

    // 74 s on 2 G.1X workers = 148 DPU-seconds; 6 states entered = 6 transitions.
    expect(r.cost!.items).toEqual([
      expect.objectContaining({ what: `Glue job Aggregate Hits (${RUN_ID})`, quantity: 148, unit: 'DPU-seconds' }),
      expect.objectContaining({ quantity: 6, unit: 'transitions' }),
    ]);
    expect(r.cost!.totalUsd).toBeCloseTo((148 / 3600) * 0.44 + (6 / 1000) * 0.025, 6);

    // The reports name the state, the job run, the error message and the log tail.
    for (const text of [renderRunSummary(r, { color: false }), renderMarkdown({ title: 'run', runs: [r] })]) {
      expect(text).toContain('Aggregate Hits');
      expect(text).toContain(RUN_ID);
      // The terminal summary fits 100 columns (long lines end in "…"); Markdown keeps the whole message.
      expect(text).toContain('[PATH_NOT_FOUND] Path does not exist: s3://lakeops-demo-prod-data/hourly-hits/');
      expect(text).toContain('pyspark.errors.exceptions.captured.AnalysisException');
      expect(text).toContain('Traceback (most recent call last):');
    }
    // The failure event the execution put on its bus, in the local run's shape (recorded history).
    expect(r.events).toEqual([
      {
        bus: 'prod-hits-aggregator-events',
        source: 'lakeops.hourly-hits',
        detailType: 'Hits Aggregation Failed',
        detail: expect.objectContaining({ pipeline: 'hourly-hits', error: 'States.TaskFailed' }),
      },
    ]);
    expect(renderMarkdown({ title: 'run', runs: [r] })).toContain(
      '[PATH_NOT_FOUND] Path does not exist: s3://lakeops-demo-prod-data/hourly-hits/raw_data/year=2026',
    );
  });

  test('a failure cause without ExecutionTime: DPU-seconds come from the job run the diagnosis read', async () => {
    // The same history, with ExecutionTime cut out of every copy of the job run it holds.
    const [page1, page2] = ['page1', 'page2'].map((n) => {
      const page = recorded(`sfn/get-execution-history-failed-glue-${n}.json`);
      for (const e of page.events)
        for (const details of Object.values(e) as Record<string, unknown>[])
          if (details && typeof details === 'object')
            for (const [k, v] of Object.entries(details))
              if (typeof v === 'string') details[k] = v.replace(/(\\*)"ExecutionTime\1":74,/g, '');
      expect(JSON.stringify(page)).not.toContain('ExecutionTime');
      return page;
    });
    sfn
      .on(GetExecutionHistoryCommand, { nextToken: undefined })
      .resolves(page1)
      .on(GetExecutionHistoryCommand, { nextToken: 'AAAAKgAAAAIAAAAAAAAAAQ3V2l0aCBtb3JlIGV2ZW50cw==' })
      .resolves(page2);
    const r = await runOnAws(clients, project, env, 'hourly-hits', { key: 'gh-7001-1' }, recordingProgress().sink, {
      clock: fakeClock(),
    });
    expect(glue.commandCalls(GetJobRunCommand)).toHaveLength(1);
    expect(r.cost!.items).toContainEqual(
      expect.objectContaining({ what: `Glue job Aggregate Hits (${RUN_ID})`, quantity: 148 }),
    );
  });

  test('follows incrementally: first read pages forward, later reads page back only to the last seen event', async () => {
    const all = history();
    const visibleByPoll = [5, 5, 5, 12, 20];
    let poll = -1;
    const inputs: Record<string, unknown>[] = [];
    sfn.on(GetExecutionHistoryCommand).callsFake((input) => {
      inputs.push(input);
      if (!input.nextToken) poll++;
      const visible = all.slice(0, visibleByPoll[poll]);
      const ordered = input.reverseOrder ? [...visible].reverse() : visible;
      const offset = input.nextToken ? Number(input.nextToken.split(':')[1]) : 0;
      const events = ordered.slice(offset, offset + input.maxResults);
      const next = offset + input.maxResults < ordered.length ? `${poll}:${offset + input.maxResults}` : undefined;
      return { events, nextToken: next };
    });
    const clock = fakeClock();
    const { lines, sink } = recordingProgress();
    const r = await runOnAws(clients, project, env, 'hourly-hits', { key: 'gh-7001-1' }, sink, {
      clock,
      historyTailPageSize: 3,
    });

    const base = { executionArn: EXEC_ARN, includeExecutionData: true };
    expect(inputs).toEqual([
      { ...base, maxResults: 1000, reverseOrder: false, nextToken: undefined }, // events 1-5
      { ...base, maxResults: 3, reverseOrder: true, nextToken: undefined }, // 5,4,3: nothing new
      { ...base, maxResults: 3, reverseOrder: true, nextToken: undefined }, // 5,4,3: nothing new
      { ...base, maxResults: 3, reverseOrder: true, nextToken: undefined }, // 12,11,10
      { ...base, maxResults: 3, reverseOrder: true, nextToken: '3:3' }, // 9,8,7
      { ...base, maxResults: 3, reverseOrder: true, nextToken: '3:6' }, // 6,5,4: reached event 5, stop
      { ...base, maxResults: 3, reverseOrder: true, nextToken: undefined }, // 20,19,18
      { ...base, maxResults: 3, reverseOrder: true, nextToken: '4:3' }, // 17,16,15
      { ...base, maxResults: 3, reverseOrder: true, nextToken: '4:6' }, // 14,13,12: reached 12, stop
    ]);
    // Backoff doubles while nothing happens and starts over when events arrive.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 1000]);
    // Every state reported once, in order, despite the overlapping pages.
    expect(lines.filter((l) => l.startsWith('start '))).toEqual([
      'start Choose Hour',
      'start Backfill Target Hour',
      'start Aggregate Hits',
      'start Format Failure',
      'start Publish Failure Event',
      'start Failed',
    ]);
    expect(r.status).toBe('FAILED');
  });

  test('ExecutionAlreadyExists: a retried job follows the execution it started, not a second one', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .rejectsOnce(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }))
      .resolves(recorded('sfn/describe-execution-failed.json'));
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: `Execution Already Exists: '${EXEC_ARN}'`, $metadata: {} }));
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history() });
    const { lines, sink } = recordingProgress();
    const r = await runOnAws(
      clients,
      project,
      env,
      'hourly-hits',
      { key: 'gh-7001-1', input: { target_hour: '2026-11-02T09:00:00Z' } },
      sink,
      {
        clock: fakeClock(),
      },
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(r.executionId).toBe(EXEC_ARN);
    expect(r.status).toBe('FAILED');
    expect(lines).toContain(
      'info execution hourly-hits-gh-7001-1 already exists (FAILED); following it instead of starting another',
    );
    expect(lines.some((l) => l.includes('different input'))).toBe(false);
  });

  test('an execution found by DescribeExecution is followed without calling StartExecution', async () => {
    sfn.on(DescribeExecutionCommand).resolves(recorded('sfn/describe-execution-failed.json'));
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history() });
    const { lines, sink } = recordingProgress();
    await runOnAws(
      clients,
      project,
      env,
      'hourly-hits',
      { key: 'gh-7001-1', input: { target_hour: '2026-11-02T10:00:00Z' } },
      sink,
      {
        clock: fakeClock(),
      },
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(lines).toContain("info note: that execution was started with a different input than this run's");
  });

  test('--timeout stops following with a clear message and exit 1; the execution keeps running', async () => {
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history().slice(0, 8) });
    const clock = fakeClock();
    const { lines, sink } = recordingProgress();
    const r = await runOnAws(clients, project, env, 'hourly-hits', { key: 'gh-7001-1', timeoutMs: 5000 }, sink, {
      clock,
    });
    expect(r.status).toBe('RUNNING');
    expect(r.failure).toMatchObject({ error: FOLLOW_TIMEOUT_ERROR });
    expect(r.failure!.cause).toBe(
      `stopped following after 5.0 s; the execution keeps running on AWS (${EXEC_ARN}). Run again with the same --key to follow it, or watch it in the AWS console.`,
    );
    expect(runExitCode(r)).toBe(1);
    expect(r.consoleUrl).toContain(`#/v2/executions/details/${encodeURIComponent(EXEC_ARN)}`);
    expect(clock.sleeps).toEqual([1000, 2000, 2000]);
    expect(lines.at(-1)).toContain('keeps running on AWS');
  });

  test('--no-wait returns once started, exit 0', async () => {
    const r = await runOnAws(
      clients,
      project,
      env,
      'hourly-hits',
      { key: 'k1', noWait: true },
      recordingProgress().sink,
    );
    expect(r).toMatchObject({ status: 'RUNNING', executionName: 'hourly-hits-k1' });
    expect(runExitCode(r)).toBe(0);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(0);
  });

  test('a missing error log stream is a note, not a crash', async () => {
    sfn.on(GetExecutionHistoryCommand).resolves({ events: history() });
    logs
      .on(GetLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: 'The specified log stream does not exist.', $metadata: {} }));
    const { lines, sink } = recordingProgress();
    const r = await runOnAws(clients, project, env, 'hourly-hits', { key: 'gh-7001-1' }, sink, { clock: fakeClock() });
    expect(r.failure!.logTail).toBeUndefined();
    expect(r.failure!.errorMessage).toContain('PATH_NOT_FOUND');
    expect(lines).toContain(`info log stream /aws-glue/jobs/error/${RUN_ID} does not exist (yet)`);
  });
});

test('a failed Athena step reports the query StateChangeReason', async () => {
  athena.on(GetQueryExecutionCommand).resolves(recorded('athena/get-query-execution-failed.json'));
  const qid = '9e0b7f5d-61a4-4c0e-8d52-3a1f0c9b7e21';
  sfn.on(GetExecutionHistoryCommand).resolves({
    events: [
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date('2026-11-02T10:16:10Z') },
      {
        id: 2,
        previousEventId: 1,
        type: 'TaskStateEntered',
        timestamp: new Date('2026-11-02T10:16:10Z'),
        stateEnteredEventDetails: { name: 'Count Rows' },
      },
      {
        id: 3,
        previousEventId: 2,
        type: 'TaskScheduled',
        timestamp: new Date('2026-11-02T10:16:10Z'),
        taskScheduledEventDetails: {
          resourceType: 'athena',
          resource: 'startQueryExecution.sync',
          region: 'us-east-1',
          parameters: '{}',
        },
      },
      {
        id: 4,
        previousEventId: 3,
        type: 'TaskSubmitted',
        timestamp: new Date('2026-11-02T10:16:11Z'),
        taskSubmittedEventDetails: {
          resourceType: 'athena',
          resource: 'startQueryExecution.sync',
          output: JSON.stringify({ QueryExecutionId: qid }),
        },
      },
      {
        id: 5,
        previousEventId: 4,
        type: 'TaskFailed',
        timestamp: new Date('2026-11-02T10:16:12Z'),
        taskFailedEventDetails: {
          resourceType: 'athena',
          resource: 'startQueryExecution.sync',
          error: 'States.TaskFailed',
          cause: 'Athena query failed',
        },
      },
      {
        id: 6,
        previousEventId: 5,
        type: 'ExecutionFailed',
        timestamp: new Date('2026-11-02T10:16:12Z'),
        executionFailedEventDetails: { error: 'States.TaskFailed', cause: 'Athena query failed' },
      },
    ],
  });
  const r = await runOnAws(clients, project, env, 'hourly-hits', { key: 'gh-1' }, recordingProgress().sink, {
    clock: fakeClock(),
  });
  expect(athena.commandCalls(GetQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: qid });
  expect(r.failure).toEqual({
    state: 'Count Rows',
    error: 'States.TaskFailed',
    cause: 'Athena query failed',
    errorMessage: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.prod_analytics.by_country' does not exist",
  });
  expect(runExitCode(r)).toBe(1);
});

describe('executionName', () => {
  test('deterministic, valid characters, at most 80 characters', () => {
    expect(executionName('hourly-hits', 'gh-7001-1')).toBe('hourly-hits-gh-7001-1');
    const odd = executionName('hourly-hits', 'refs/heads/main #42');
    expect(odd).toMatch(/^hourly-hits-refs-heads-main-42-[0-9a-f]{8}$/);
    expect(executionName('hourly-hits', 'refs/heads/main #42')).toBe(odd);
    // Two keys that clean to the same text still get different names.
    expect(executionName('hourly-hits', 'refs/heads/main #42')).not.toBe(
      executionName('hourly-hits', 'refs/heads/main/#42'),
    );
    const long = executionName('hourly-hits', 'x'.repeat(200));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).not.toBe(executionName('hourly-hits', 'x'.repeat(201)));
  });
});

describe('runOnAws: Glue workflow', () => {
  test('finds the run by its key, follows node states, diagnoses the failed job', async () => {
    glue
      .on(GetWorkflowRunsCommand, { NextToken: undefined })
      .resolves(recorded('glue/get-workflow-runs-page1.json'))
      .on(GetWorkflowRunsCommand, { NextToken: 'eyJ3b3JrZmxvd1J1bklkIjoid3Jfb2xkZXIifQ==' })
      .resolves(recorded('glue/get-workflow-runs-page2.json'));
    glue
      .on(GetWorkflowRunCommand)
      .resolvesOnce(recorded('glue/get-workflow-run-byod-running.json'))
      .resolves(recorded('glue/get-workflow-run-byod-failed.json'));
    const failed = recorded('glue/get-workflow-run-byod-failed.json').Run.Graph.Nodes.find(
      (n: any) => n.Name === 'prod-sales-job',
    );
    glue.on(GetJobRunCommand).resolves({ JobRun: failed.JobDetails.JobRuns[0] });
    const { lines, sink } = recordingProgress();
    const r = await runOnAws(clients, project, env, 'byod-curation', { key: 'gh-8123-1' }, sink, {
      clock: fakeClock(),
    });

    expect(glue.commandCalls(StartWorkflowRunCommand)).toHaveLength(0);
    expect(glue.commandCalls(GetWorkflowRunCommand)[0]!.args[0].input).toMatchObject({
      Name: 'prod-byod',
      IncludeGraph: true,
    });
    expect(r.status).toBe('FAILED');
    expect(r.failure).toMatchObject({
      state: 'prod-sales-job',
      jobRunId: 'jr_aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66',
      errorMessage: expect.stringContaining('CAST_INVALID_INPUT'),
    });
    expect(r.steps.map((s) => [s.name, s.type, s.status])).toEqual([
      ['prod-sales-initial-ds', 'crawler', 'succeeded'],
      ['prod-customers-initial-ds', 'crawler', 'succeeded'],
      ['prod-sales-job', 'job', 'failed'],
      ['prod-customers-job', 'job', 'succeeded'],
    ]);
    expect(lines.filter((l) => l === 'start prod-sales-initial-ds')).toHaveLength(1);
    // 71 s × 2 DPU; the 52 s run bills the 1-minute minimum: 60 × 2.
    expect(r.cost!.items.map((i) => i.quantity)).toEqual([142, 120]);
  });

  test('starts a run with the key as a run property when none exists', async () => {
    glue.on(GetWorkflowRunsCommand).resolves({ Runs: [] });
    glue.on(StartWorkflowRunCommand).resolves({ RunId: 'wr_new' });
    const r = await runOnAws(
      clients,
      project,
      env,
      'byod-curation',
      { key: 'gh-9', input: { day: '2026-11-02', n: 3 }, noWait: true },
      recordingProgress().sink,
    );
    expect(glue.commandCalls(StartWorkflowRunCommand)[0]!.args[0].input).toEqual({
      Name: 'prod-byod',
      RunProperties: { day: '2026-11-02', n: '3', lakeops_run_key: 'gh-9' },
    });
    expect(r.executionId).toBe('wr_new');
  });
});

describe('console links', () => {
  test('an execution and a workflow link to their console pages, per partition', async () => {
    const { sfnExecutionUrl, glueWorkflowUrl } = await import('../../src/runner/console-links.js');
    const env = { region: 'eu-west-1' } as Parameters<typeof sfnExecutionUrl>[0];
    const arn = 'arn:aws:states:eu-west-1:123456789012:execution:dev-sm:run-1';
    expect(sfnExecutionUrl(env, arn)).toBe(
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${encodeURIComponent(arn)}`,
    );
    expect(glueWorkflowUrl({ region: 'cn-north-1' } as typeof env, 'dev-wf')).toBe(
      'https://cn-north-1.console.amazonaws.cn/glue/home?region=cn-north-1#/v2/etl-configuration/workflows/view/dev-wf',
    );
  });
});

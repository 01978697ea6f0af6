// lakeops runs (list, show, logs) on an AWS environment: Step Functions executions and Glue
// workflow runs read through the SDK (mocked with aws-sdk-client-mock, recorded responses).
import { beforeEach, describe, expect, test } from '@jest/globals';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetJobRunCommand, GetWorkflowRunCommand, GetWorkflowRunsCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  GetExecutionHistoryCommand,
  type ExecutionStatus,
  ListExecutionsCommand,
  SFNClient,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { LAKEOPS_YAML, writeProject } from '../runner/project-fixture.js';
import { recorded } from '../runner/recorded.js';
import { runCli } from '../support/run-cli.js';

const sfn = mockClient(SFNClient);
const glue = mockClient(GlueClient);
const logs = mockClient(CloudWatchLogsClient);
const sts = mockClient(STSClient);

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:prod-hits-aggregator-workflow';
const execArn = (name: string) => SM_ARN.replace(':stateMachine:', ':execution:') + ':' + name;
const RUN_ID = 'jr_5f1e0c3b9a7d4e2f8c6b1a0d9e8f7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f';
const WR_NEW = 'wr_3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b';
const WR_OLD = 'wr_1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e';

function project(): string {
  return writeProject({
    'lakeops.yaml': LAKEOPS_YAML,
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
    'pipelines/hourly-hits/state-machine.asl.json': '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}',
    'sql/jobs/x.sql': 'SELECT 1 AS x',
    'pipelines/byod-curation/pipeline.yaml': { name: 'byod-curation', workflow: { name: 'byod', triggers: {} } },
  });
}

/** Executions as ListExecutions pages them: newest first, over two pages. */
function executions() {
  const item = (name: string, status: ExecutionStatus, start: string, stop?: string) => ({
    executionArn: execArn(name),
    stateMachineArn: SM_ARN,
    name,
    status,
    startDate: new Date(start),
    stopDate: stop ? new Date(stop) : undefined,
  });
  sfn
    .on(ListExecutionsCommand, { nextToken: undefined })
    .resolves({
      executions: [
        item('hourly-hits-gh-7003-1', 'RUNNING', '2026-11-03T09:00:00.000Z'),
        item('hourly-hits-gh-7002-1', 'SUCCEEDED', '2026-11-02T10:00:00.000Z', '2026-11-02T10:02:00.000Z'),
      ],
      nextToken: 'page-2',
    })
    .on(ListExecutionsCommand, { nextToken: 'page-2' })
    .resolves({
      executions: [item('hourly-hits-gh-7001-1', 'FAILED', '2026-11-02T09:00:50.118Z', '2026-11-02T09:02:41.000Z')],
    });
}

beforeEach(() => {
  for (const m of [sfn, glue, logs, sts]) m.reset();
  sts.on(GetCallerIdentityCommand).rejects(new Error('the account is declared in lakeops.yaml; STS is not needed'));
  executions();
  glue
    .on(GetWorkflowRunsCommand, { NextToken: undefined })
    .resolves(recorded('glue/get-workflow-runs-page1.json'))
    .on(GetWorkflowRunsCommand, { NextToken: 'eyJ3b3JrZmxvd1J1bklkIjoid3Jfb2xkZXIifQ==' })
    .resolves(recorded('glue/get-workflow-runs-page2.json'));
  sfn
    .on(GetExecutionHistoryCommand, { nextToken: undefined })
    .resolves(recorded('sfn/get-execution-history-failed-glue-page1.json'))
    .on(GetExecutionHistoryCommand, { nextToken: 'AAAAKgAAAAIAAAAAAAAAAQ3V2l0aCBtb3JlIGV2ZW50cw==' })
    .resolves(recorded('sfn/get-execution-history-failed-glue-page2.json'));
  glue.on(GetJobRunCommand).resolves(recorded('glue/get-job-run-failed.json'));
  logs.on(GetLogEventsCommand).resolves(recorded('logs/get-log-events-glue-error.json'));
  glue.on(GetWorkflowRunCommand).resolves(recorded('glue/get-workflow-run-byod-failed.json'));
});

describe('lakeops runs on AWS', () => {
  test('list: executions and workflow runs of every pipeline, newest first, paginated, cut at --limit', async () => {
    const root = project();
    const r = await runCli(root, '--env', 'prod', '--json', 'runs', '--limit', '4');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.env).toBe('prod');
    expect(out.runs.map((x: any) => [x.pipeline, x.executionName, x.status])).toEqual([
      ['hourly-hits', 'hourly-hits-gh-7003-1', 'RUNNING'],
      ['byod-curation', WR_NEW, 'FAILED'], // COMPLETED with a failed action is a failed run
      ['hourly-hits', 'hourly-hits-gh-7002-1', 'SUCCEEDED'],
      ['hourly-hits', 'hourly-hits-gh-7001-1', 'FAILED'],
    ]);
    expect(out.runs[2]).toMatchObject({
      executionId: execArn('hourly-hits-gh-7002-1'),
      orchestration: 'stateMachine',
      startedAt: '2026-11-02T10:00:00.000Z',
      durationMs: 120_000,
    });
    // Both pages of each API were read (the 3rd-newest execution sits on ListExecutions' second page).
    expect(sfn.commandCalls(ListExecutionsCommand).map((c) => c.args[0].input)).toEqual([
      { stateMachineArn: SM_ARN, maxResults: 4, nextToken: undefined },
      { stateMachineArn: SM_ARN, maxResults: 2, nextToken: 'page-2' },
    ]);
    expect(glue.commandCalls(GetWorkflowRunsCommand)[0]!.args[0].input).toMatchObject({
      Name: 'prod-byod',
      IncludeGraph: false,
    });

    const one = JSON.parse((await runCli(root, '--env', 'prod', '--json', 'runs', 'hourly-hits', '--limit', '2')).out);
    expect(one.runs.map((x: any) => x.executionName)).toEqual(['hourly-hits-gh-7003-1', 'hourly-hits-gh-7002-1']);
    // --limit 2 fills from the first page: no second ListExecutions call.
    expect(sfn.commandCalls(ListExecutionsCommand)).toHaveLength(3);
  });

  test('list as text: the local table, at most 100 columns', async () => {
    const r = await runCli(project(), '--env', 'prod', 'runs');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^started \(UTC\)\s+status\s+run\s+took/);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^2026-11-03 09:00:00\s+RUNNING\s+hourly-hits-gh-7003-1/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  });

  test('a state machine not deployed to the environment lists no runs instead of failing', async () => {
    sfn
      .on(ListExecutionsCommand)
      .rejects(new StateMachineDoesNotExist({ message: 'State Machine Does Not Exist', $metadata: {} }));
    const r = await runCli(project(), '--env', 'prod', '--json', 'runs', 'hourly-hits');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).runs).toEqual([]);
  });

  test('show: a prefix finds the execution; its history becomes steps in the local run shape', async () => {
    const r = await runCli(project(), '--env', 'prod', '--json', 'runs', 'show', 'hourly-hits-gh-7001');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out).runs[0];
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[0]!.args[0].input).toMatchObject({
      executionArn: execArn('hourly-hits-gh-7001-1'),
    });
    expect(run).toMatchObject({
      pipeline: 'hourly-hits',
      target: 'aws',
      executionName: 'hourly-hits-gh-7001-1',
      status: 'FAILED',
      failure: { state: 'Aggregate Hits', jobRunId: RUN_ID },
    });
    expect(run.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['Choose Hour', 'succeeded'],
      ['Backfill Target Hour', 'succeeded'],
      ['Aggregate Hits', 'caught'],
      ['Format Failure', 'succeeded'],
      ['Publish Failure Event', 'succeeded'],
      ['Failed', 'failed'],
    ]);
  });

  test("logs: the failing Glue job's error log tail, fetched as a followed run fetches it", async () => {
    const r = await runCli(project(), '--env', 'prod', 'runs', 'logs', 'hourly-hits-gh-7001-1');
    expect(r.code).toBe(0);
    expect(logs.commandCalls(GetLogEventsCommand)[0]!.args[0].input).toMatchObject({
      logGroupName: '/aws-glue/jobs/error',
      logStreamName: RUN_ID,
    });
    expect(r.out).toContain('Aggregate Hits');
    expect(r.out).toContain(`run id: ${RUN_ID}`);
    expect(r.out).toContain('│ Traceback (most recent call last):');
    expect(r.out).toMatch(/│ pyspark\.errors\.exceptions\.captured\.AnalysisException/);
  });

  test('show of a Glue workflow run by its run id: nodes as steps, the failed job diagnosed', async () => {
    const failed = recorded('glue/get-workflow-run-byod-failed.json').Run.Graph.Nodes.find(
      (n: any) => n.Name === 'prod-sales-job',
    );
    glue.on(GetJobRunCommand).resolves({ JobRun: failed.JobDetails.JobRuns[0] });
    const r = await runCli(project(), '--env', 'prod', '--json', 'runs', 'show', WR_OLD.slice(0, 12));
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out).runs[0];
    expect(glue.commandCalls(GetWorkflowRunCommand)[0]!.args[0].input).toEqual({
      Name: 'prod-byod',
      RunId: WR_OLD,
      IncludeGraph: true,
    });
    expect(run).toMatchObject({ pipeline: 'byod-curation', orchestration: 'workflow', status: 'FAILED' });
    expect(run.failure).toMatchObject({
      state: 'prod-sales-job',
      errorMessage: expect.stringContaining('CAST_INVALID_INPUT'),
    });
  });

  test('an unknown or ambiguous run is a usage error (exit 2) naming what to do', async () => {
    const root = project();
    const none = await runCli(root, '--env', 'prod', 'runs', 'show', 'nope');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no recent run named "nope" in environment prod/);
    const many = await runCli(root, '--env', 'prod', 'runs', 'show', 'hourly-hits-gh-700');
    expect(many.code).toBe(2);
    expect(many.err).toMatch(/names 3 runs/);
  });

  test('no AWS credentials: exit 2 with how to sign in, for list and show alike', async () => {
    const noCreds = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    sfn.on(ListExecutionsCommand).rejects(noCreds);
    const root = project();
    for (const args of [['runs'], ['runs', 'show', 'x']]) {
      const r = await runCli(root, '--env', 'prod', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no AWS credentials for environment "prod" .*aws sso login/);
    }
  });
});

// Mocked service integrations in the Step Functions Local mock file format, and per-pipeline
// runnability: a pipeline the local target cannot run never blocks another.
// Format: https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MockFileError, parseMockConfig } from '../../src/targets/local/stepfunctions/mocks.js';
import {
  localRunnabilityDiagnostics,
  NotRunnableLocally,
  pipelineRunnability,
} from '../../src/targets/local/stepfunctions/runnability.js';
import { getPipeline } from '../../src/model/project.js';
import { makeProject, recordingProgress, writeFiles, type TestProject } from './project.js';

// A machine in the shape of AWS's mock-file example (LambdaSQSIntegration), plus SNS, DynamoDB,
// ECS, Batch, an HTTP Task and an aws-sdk call: services with no local engine.
const lambdaMachine = {
  StartAt: 'LambdaState',
  States: {
    LambdaState: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'HelloWorldFunction', 'Payload.$': '$' },
      Retry: [{ ErrorEquals: ['Lambda.ResourceNotReadyException', 'Lambda.TimeoutException'], MaxAttempts: 3 }],
      ResultSelector: { 'body.$': '$.Payload.body' },
      ResultPath: '$.lambda',
      Next: 'SQSState',
    },
    SQSState: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', 'MessageBody.$': '$.lambda.body' },
      ResultPath: '$.sqs',
      Next: 'Fanout',
    },
    Fanout: {
      Type: 'Parallel',
      ResultPath: '$.parallel',
      Branches: [
        {
          StartAt: 'Notify',
          States: {
            Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'x' }, End: true },
          },
        },
        {
          StartAt: 'Save',
          States: {
            Save: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { Item: {} }, End: true },
          },
        },
        {
          StartAt: 'Container',
          States: { Container: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } },
        },
        {
          StartAt: 'BatchJob',
          States: { BatchJob: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', End: true } },
        },
        {
          StartAt: 'CallApi',
          States: { CallApi: { Type: 'Task', Resource: 'arn:aws:states:::http:invoke', End: true } },
        },
        {
          StartAt: 'ListBuckets',
          States: { ListBuckets: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:listBuckets', End: true } },
        },
      ],
      End: true,
    },
  },
};

const mockFile = {
  StateMachines: {
    'lambda-sm': {
      TestCases: {
        HappyPath: {
          LambdaState: 'MockedLambdaSuccess',
          SQSState: 'MockedSQSSuccess',
          Notify: 'Ok',
          Save: 'Ok',
          Container: 'Ok',
          BatchJob: 'Ok',
          CallApi: 'Ok',
          ListBuckets: 'Buckets',
        },
        RetryPath: {
          LambdaState: 'MockedLambdaRetry',
          SQSState: 'MockedSQSSuccess',
          Notify: 'Ok',
          Save: 'Ok',
          Container: 'Ok',
          BatchJob: 'Ok',
          CallApi: 'Ok',
          ListBuckets: 'Buckets',
        },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: {
      '0': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
    MockedSQSSuccess: { '0': { Return: { MD5OfMessageBody: 'abc', MessageId: 'm-1' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello after retries' } } },
    },
    Ok: { '0': { Return: { ok: true } } },
    Buckets: { '0': { Return: { Buckets: [{ Name: 'b1' }] } } },
  },
};

function project(extra: Record<string, string | object> = {}): TestProject {
  return makeProject(
    {
      glue: { jobs: { 'good-job': {} }, stateMachine: { definition: 'pipelines/glue/sm.asl.json' } },
      lambda: { stateMachine: { name: 'lambda-sm', definition: 'pipelines/lambda/sm.asl.json' } },
    },
    {
      'pipelines/glue/sm.asl.json': {
        StartAt: 'Job',
        States: {
          Job: {
            Type: 'Task',
            Resource: 'arn:aws:states:::glue:startJobRun.sync',
            Parameters: { JobName: 'good-job' },
            End: true,
          },
        },
      },
      'pipelines/lambda/sm.asl.json': lambdaMachine,
      ...extra,
    },
  );
}

describe('per-pipeline runnability', () => {
  test('a repository with one pipeline the local target cannot run still runs the others', async () => {
    const t = project();
    const ok = await t.target.run(t.project, 'glue', {}, recordingProgress());
    expect(ok.status).toBe('SUCCEEDED');
    expect(t.engine.calls.filter((c) => c.startsWith('job:'))).toEqual(['job:good-job']);

    const bad = t.target.run(t.project, 'lambda', {}, recordingProgress());
    await expect(bad).rejects.toThrow(NotRunnableLocally);
    // Each state: file:line:col, the integration and the mock entry to add.
    await expect(bad).rejects.toThrow(
      /pipelines\/lambda\/sm\.asl\.json:4:5: state "LambdaState" \(arn:aws:states:::lambda:invoke\): no local engine for Lambda; mock it in pipelines\/lambda\/mocks\.json: "StateMachines": \{"lambda-sm": \{"TestCases": \{"<test case>": \{"LambdaState": "<response>"\}\}\}\}/,
    );
    await expect(bad).rejects.toThrow(/state "CallApi" \(arn:aws:states:::http:invoke\)/);
    // Nothing of the unrunnable pipeline ran or was recorded.
    expect(t.engine.calls.filter((c) => c.startsWith('job:'))).toEqual(['job:good-job']);
    expect(existsSync(join(t.root, '.lakeops/local/runs/lambda'))).toBe(false);
  });

  test('validate reports per pipeline whether it runs locally, one warning per state with file:line', () => {
    const t = project();
    expect(pipelineRunnability(t.project, t.env, getPipeline(t.project, 'glue'))).toMatchObject({ runsLocally: true });
    const r = pipelineRunnability(t.project, t.env, getPipeline(t.project, 'lambda'));
    expect(r.runsLocally).toBe(false);
    expect(r.blockers.map((b) => b.state)).toEqual([
      'LambdaState',
      'SQSState',
      'Notify',
      'Save',
      'Container',
      'BatchJob',
      'CallApi',
      'ListBuckets',
    ]);
    const d = localRunnabilityDiagnostics(t.project, t.env);
    expect(d).toHaveLength(8);
    expect(d[0]).toMatchObject({
      file: 'pipelines/lambda/sm.asl.json',
      line: 4,
      severity: 'warning',
      rule: 'local-runnability',
    });
    expect(d[0]!.message).toMatch(/^pipeline "lambda" does not run locally: state "LambdaState"/);
  });

  test('states mocked by the default mocks.json count as runnable for validate', () => {
    const t = project({ 'pipelines/lambda/mocks.json': mockFile });
    expect(pipelineRunnability(t.project, t.env, getPipeline(t.project, 'lambda')).runsLocally).toBe(true);
  });

  test('what neither local interpreter implements is named per state, not run differently', () => {
    const jsonata = project({
      'pipelines/lambda/sm.asl.json': {
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Output: '{% $x %}', Next: 'Old' },
          Old: { Type: 'Pass', QueryLanguage: 'JSONPath', Next: 'M' },
          M: {
            Type: 'Map',
            ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Arguments: { Bucket: 'b' } },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED' },
              StartAt: 'I',
              States: { I: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      },
    });
    const r = pipelineRunnability(jsonata.project, jsonata.env, getPipeline(jsonata.project, 'lambda'));
    expect(r.blockers.map((b) => `${b.state}:${b.integration}:${b.mockable}`)).toEqual([
      'Old:QueryLanguage: JSONPath:false',
      'M:Distributed Map:false',
    ]);

    const jsonpath = project({
      'pipelines/lambda/sm.asl.json': {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% 1 %}', Next: 'M' },
          M: {
            Type: 'Map',
            ItemsPath: '$.xs',
            ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } },
            ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
    });
    const r2 = pipelineRunnability(jsonpath.project, jsonpath.env, getPipeline(jsonpath.project, 'lambda'));
    // JSONPath variables and a JSONata state in a JSONPath machine run locally (jsonpath-state.ts),
    // in the own interpreter, which runs Map states inline: the ResultWriter makes M a Distributed Map.
    expect(r2.blockers.map((b) => `${b.state}:${b.integration}:${b.mockable}`)).toEqual([
      'M:Distributed Map:false',
      'M:ResultWriter.WriterConfig:false',
    ]);
  });
});

describe('Step Functions Local mock files', () => {
  const run = (t: TestProject, opts: { mocks?: string; testCase?: string }) =>
    t.target.run(t.project, 'lambda', opts, recordingProgress());

  test('a machine with Lambda, SQS, SNS, DynamoDB, ECS, Batch, HTTP and aws-sdk tasks runs from the mock file', async () => {
    const t = project({ 'mocks/MockConfigFile.json': mockFile });
    const r = await run(t, { mocks: 'mocks/MockConfigFile.json', testCase: 'HappyPath' });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({
      lambda: { body: 'Hello from Lambda!' },
      sqs: { MD5OfMessageBody: 'abc', MessageId: 'm-1' },
      parallel: [{ ok: true }, { ok: true }, { ok: true }, { ok: true }, { ok: true }, { Buckets: [{ Name: 'b1' }] }],
    });
    expect(r.steps.find((s) => s.name === 'LambdaState')?.details).toMatchObject({
      mocked: 'mocks/MockConfigFile.json HappyPath',
    });
    expect(t.engine.calls.filter((c) => c !== 'ensureDatabases')).toEqual([]);
  });

  test('repeated invocations: "0" and "1-2" throw, Retry runs again, "3" returns', async () => {
    const t = project({ 'mocks/MockConfigFile.json': mockFile });
    const r = await run(t, { mocks: 'mocks/MockConfigFile.json', testCase: 'RetryPath' });
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as { lambda: unknown }).lambda).toEqual({ body: 'Hello after retries' });
    const retries = r.steps.find((s) => s.name === 'LambdaState')?.details?.retries as { error: string }[];
    expect(retries.map((x) => x.error)).toEqual([
      'Lambda.ResourceNotReadyException',
      'Lambda.TimeoutException',
      'Lambda.TimeoutException',
    ]);
  });

  test('a Throw past the retries fails the execution with the mocked Error and Cause', async () => {
    const t = project({
      'mocks/m.json': {
        ...mockFile,
        MockedResponses: {
          ...mockFile.MockedResponses,
          Down: { '0-3': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } } },
        },
        StateMachines: {
          'lambda-sm': {
            TestCases: { Down: { ...mockFile.StateMachines['lambda-sm'].TestCases.HappyPath, LambdaState: 'Down' } },
          },
        },
      },
    });
    const r = await run(t, { mocks: 'mocks/m.json', testCase: 'Down' });
    expect(r.status).toBe('FAILED');
    expect(r.failure).toMatchObject({
      state: 'LambdaState',
      error: 'Lambda.TimeoutException',
      cause: 'Lambda timed out.',
    });
  });

  test('the default pipelines/NAME/mocks.json is used; a test case that leaves a state unmocked names it', async () => {
    const t = project({ 'pipelines/lambda/mocks.json': mockFile });
    const ok = await run(t, { testCase: 'HappyPath' });
    expect(ok.status).toBe('SUCCEEDED');
    const partial = run(t, { testCase: 'HybridPath' });
    await expect(partial).rejects.toThrow(NotRunnableLocally);
    await expect(partial).rejects.toThrow(/test case "HybridPath"/);
    await expect(partial).rejects.toThrow(/state "SQSState" \(arn:aws:states:::sqs:sendMessage\)/);
    // Several test cases and none chosen: the run must name one.
    await expect(run(t, {})).rejects.toThrow(/3 test cases for state machine lambda-sm: choose one with --test-case/);
  });

  test('a mock file naming no such test case, state machine or state is a clear error naming the file', async () => {
    const t = project({
      'mocks/m.json': mockFile,
      'mocks/other-machine.json': { ...mockFile, StateMachines: { nope: mockFile.StateMachines['lambda-sm'] } },
      'mocks/bad-state.json': {
        ...mockFile,
        StateMachines: { 'lambda-sm': { TestCases: { T: { NoSuchState: 'Ok' } } } },
      },
    });
    await expect(run(t, { mocks: 'mocks/m.json', testCase: 'Nope' })).rejects.toThrow(
      'mocks/m.json: StateMachines.lambda-sm.TestCases has no test case "Nope" (known: HappyPath, RetryPath, HybridPath)',
    );
    await expect(run(t, { mocks: 'mocks/other-machine.json', testCase: 'HappyPath' })).rejects.toThrow(
      /mocks\/other-machine\.json: StateMachines has no entry for state machine "lambda-sm"/,
    );
    await expect(run(t, { mocks: 'mocks/bad-state.json', testCase: 'T' })).rejects.toThrow(
      /mocks\/bad-state\.json: StateMachines\.lambda-sm\.TestCases\.T\.NoSuchState: the state machine has no state "NoSuchState"/,
    );
    await expect(run(t, { mocks: 'mocks/missing.json', testCase: 'T' })).rejects.toThrow(
      'mocks/missing.json: cannot read the mock file',
    );
    expect(existsSync(join(t.root, '.lakeops/local/runs/lambda'))).toBe(false);
  });

  test('--test-case without any mock file says where to put one', async () => {
    const t = project();
    await expect(run(t, { testCase: 'HappyPath' })).rejects.toThrow(
      /--test-case "HappyPath" needs a mock file: pass --mocks FILE or add pipelines\/lambda\/mocks\.json/,
    );
  });

  test.each([
    [{ MockedResponses: { R: { '1': { Return: {} } } } }, /MockedResponses\.R: invocations must be numbered from 0/],
    [{ MockedResponses: { R: { '0': { Return: {}, Throw: { Error: 'E' } } } } }, /exactly one of "Return" or "Throw"/],
    [{ MockedResponses: { R: { first: { Return: {} } } } }, /an invocation key is a number/],
    [{ MockedResponses: { R: { '0': { Throw: { Cause: 'c' } } } } }, /needs "Error"/],
    [{ StateMachines: { m: { TestCases: { T: { S: 'Missing' } } } } }, /no mocked response "Missing"/],
  ])('structure errors are named with their JSON path: %j', (raw, message) => {
    expect(() => parseMockConfig(raw, 'm.json')).toThrow(MockFileError);
    expect(() => parseMockConfig(raw, 'm.json')).toThrow(message);
  });

  test('an invocation past the last mocked one fails the state, naming the key to add', async () => {
    const t = project();
    writeFiles(t.root, {
      'pipelines/lambda/sm.asl.json': {
        StartAt: 'L',
        States: {
          L: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
            End: true,
          },
        },
      },
      'pipelines/lambda/mocks.json': {
        StateMachines: { 'lambda-sm': { TestCases: { T: { L: 'Once' } } } },
        MockedResponses: { Once: { '0': { Throw: { Error: 'Boom' } } } },
      },
    });
    const r = await run(t, {});
    expect(r.status).toBe('FAILED');
    // (The interpreter retries this error under States.ALL, so the last invocation is named.)
    expect(r.failure?.cause).toMatch(
      /"Once" \(pipelines\/lambda\/mocks\.json\) has no answer for invocation 2 of state "L": add a key "2"/,
    );
  });
});

// JSONata state machines and variables on the local target, with the examples and rules of
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html and
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
import type { RunResult } from '../../src/report/model.js';
import { makeProject, recordingProgress, writeFiles, type TestProject } from './project.js';

let t: TestProject;

beforeEach(() => {
  t = makeProject(
    { main: { jobs: { 'good-job': {} }, stateMachine: { name: 'main-sm', definition: 'pipelines/main/sm.asl.json' } } },
    { 'pipelines/main/sm.asl.json': { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
  );
});

async function run(states: Record<string, object>, input: unknown = {}, mocks?: object): Promise<RunResult> {
  writeFiles(t.root, {
    'pipelines/main/sm.asl.json': { QueryLanguage: 'JSONata', StartAt: Object.keys(states)[0], States: states },
    ...(mocks ? { 'pipelines/main/mocks.json': mocks } : {}),
  });
  return t.target.run(t.project, 'main', { input }, recordingProgress());
}

test('Assign sets variables later states read as $name (the documented productName/count/available example)', async () => {
  const r = await run({
    Store: { Type: 'Pass', Assign: { productName: 'product1', count: 42, available: true }, Next: 'Use' },
    Use: {
      Type: 'Pass',
      Output: { name: '{% $productName %}', twice: '{% $count * 2 %}', ok: '{% $available %}' },
      End: true,
    },
  });
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual({ name: 'product1', twice: 84, ok: true });
});

test('Assign and Output of one state both see the values variables had when it started', async () => {
  const r = await run({
    First: { Type: 'Pass', Assign: { x: 1 }, Next: 'Second' },
    Second: { Type: 'Pass', Assign: { x: '{% $x + 1 %}' }, Output: { seen: '{% $x %}' }, Next: 'Third' },
    Third: { Type: 'Pass', Output: { seen: '{% $states.input.seen %}', now: '{% $x %}' }, End: true },
  });
  expect(r.output).toEqual({ seen: 1, now: 2 });
});

test('$states.input is the state input; Pass without Output passes it on; literal strings stay literal', async () => {
  const r = await run(
    {
      Shape: {
        Type: 'Pass',
        Output: {
          customer: '{% $states.input.customer.firstName & " " & $states.input.customer.lastName %}',
          total: '{% $sum($states.input.items.price) %}',
          literal: 'not an expression',
        },
        Next: 'Keep',
      },
      Keep: { Type: 'Pass', End: true },
    },
    { customer: { firstName: 'Jane', lastName: 'Doe' }, items: [{ price: 3 }, { price: 4.5 }] },
  );
  expect(r.output).toEqual({ customer: 'Jane Doe', total: 7.5, literal: 'not an expression' });
});

test('Choice rules use Condition (and a rule may Assign); Default when none matches', async () => {
  const machine = {
    Route: {
      Type: 'Choice',
      Choices: [
        { Condition: "{% $states.input.type = 'Private' %}", Assign: { route: 'private' }, Next: 'Done' },
        { Condition: '{% $states.input.amount > 100 %}', Assign: { route: 'big' }, Next: 'Done' },
      ],
      Default: 'Other',
    },
    Other: { Type: 'Pass', Assign: { route: 'other' }, Next: 'Done' },
    Done: { Type: 'Succeed', Output: '{% $route %}' },
  };
  expect((await run(machine, { type: 'Private', amount: 1 })).output).toBe('private');
  expect((await run(machine, { type: 'Public', amount: 500 })).output).toBe('big');
  expect((await run(machine, { type: 'Public', amount: 5 })).output).toBe('other');
});

const lambdaMocks = (responses: Record<string, unknown>) => ({
  StateMachines: { 'main-sm': { TestCases: { T: { Invoke: 'R' } } } },
  MockedResponses: { R: responses },
});

test('a Task gets Arguments as its input; Output and Assign read $states.result', async () => {
  const r = await run(
    {
      Invoke: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: { id: '{% $states.input.id %}' } },
        Assign: { status: '{% $states.result.StatusCode %}' },
        Output: '{% $states.result.Payload %}',
        Next: 'After',
      },
      After: { Type: 'Pass', Output: { payload: '{% $states.input %}', status: '{% $status %}' }, End: true },
    },
    { id: 7 },
    lambdaMocks({ '0': { Return: { StatusCode: 200, Payload: { greeting: 'hi' } } } }),
  );
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual({ payload: { greeting: 'hi' }, status: 200 });
});

test('a Task without Output outputs its result; Retry retries; Catch passes $states.errorOutput', async () => {
  const states = {
    Invoke: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
      End: true,
    },
    Handle: {
      Type: 'Pass',
      Output: { failed: '{% $states.input.Error %}', why: '{% $states.input.Cause %}' },
      End: true,
    },
  };
  const retried = await run(
    states,
    {},
    lambdaMocks({
      '0': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
      '1': { Return: { StatusCode: 200 } },
    }),
  );
  expect(retried.output).toEqual({ StatusCode: 200 });
  const caught = await run(
    states,
    {},
    lambdaMocks({ '0-1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } } }),
  );
  expect(caught.output).toEqual({ failed: 'Lambda.TooManyRequestsException', why: 'slow down' });
  expect(caught.steps.find((s) => s.name === 'Invoke')?.status).toBe('caught');
});

test('a Catch with Output and Assign evaluates them over $states.errorOutput', async () => {
  const r = await run(
    {
      Invoke: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Catch: [
          {
            ErrorEquals: ['States.ALL'],
            Assign: { lastError: '{% $states.errorOutput.Error %}' },
            Output: { cause: '{% $states.errorOutput.Cause %}' },
            Next: 'Report',
          },
        ],
        End: true,
      },
      Report: { Type: 'Pass', Output: { error: '{% $lastError %}', cause: '{% $states.input.cause %}' }, End: true },
    },
    {},
    lambdaMocks({ '0': { Throw: { Error: 'Custom.Error', Cause: 'because' } } }),
  );
  expect(r.output).toEqual({ error: 'Custom.Error', cause: 'because' });
});

test('Map runs its ItemProcessor over Items with ItemSelector ($states.context.Map.Item); inner states read outer variables', async () => {
  const r = await run(
    {
      Setup: { Type: 'Pass', Assign: { rate: 2 }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: '{% $states.input.orders %}',
        ItemSelector: {
          order: '{% $states.context.Map.Item.Value %}',
          position: '{% $states.context.Map.Item.Index %}',
        },
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Price',
          States: {
            Price: {
              Type: 'Pass',
              Output: {
                id: '{% $states.input.order.id %}',
                cost: '{% $states.input.order.qty * $rate %}',
                at: '{% $states.input.position %}',
              },
              End: true,
            },
          },
        },
        Output: { priced: '{% $states.result %}', total: '{% $sum($states.result.cost) %}' },
        End: true,
      },
    },
    {
      orders: [
        { id: 'a', qty: 1 },
        { id: 'b', qty: 5 },
      ],
    },
  );
  expect(r.output).toEqual({
    priced: [
      { id: 'a', cost: 2, at: 0 },
      { id: 'b', cost: 10, at: 1 },
    ],
    total: 12,
  });
});

test('Parallel branches get Arguments; Fail takes Error and Cause from JSONata', async () => {
  const ok = await run(
    {
      Both: {
        Type: 'Parallel',
        Arguments: { n: '{% $states.input.n %}' },
        Branches: [
          { StartAt: 'Double', States: { Double: { Type: 'Pass', Output: '{% $states.input.n * 2 %}', End: true } } },
          {
            StartAt: 'Square',
            States: { Square: { Type: 'Pass', Output: '{% $states.input.n * $states.input.n %}', End: true } },
          },
        ],
        End: true,
      },
    },
    { n: 3 },
  );
  expect(ok.output).toEqual([6, 9]);

  const failed = await run(
    {
      Stop: { Type: 'Fail', Error: "{% 'Bad.' & $states.input.kind %}", Cause: '{% $string($states.input.n) %}' },
    },
    { kind: 'Input', n: 4 },
  );
  expect(failed.status).toBe('FAILED');
  expect(failed.failure).toMatchObject({ state: 'Stop', error: 'Bad.Input', cause: '4' });
});

test('a Glue Task runs on the local engine from JSONata Arguments', async () => {
  const r = await run(
    {
      Job: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Arguments: { JobName: 'good-job', Arguments: { '--day': '{% $states.input.day %}' } },
        Output: { state: '{% $states.result.JobRunState %}', args: '{% $states.result.Arguments %}' },
        End: true,
      },
    },
    { day: '2024-05-01' },
  );
  expect(r.output).toEqual({ state: 'SUCCEEDED', args: { '--day': '2024-05-01' } });
  expect(t.engine.calls).toContain('job:good-job');
});

test('an expression error fails the state with States.QueryEvaluationError naming the state and file', async () => {
  const r = await run({ Bad: { Type: 'Pass', Output: '{% $states.input.( %}', End: true } });
  expect(r.status).toBe('FAILED');
  expect(r.failure).toMatchObject({ state: 'Bad', error: 'States.QueryEvaluationError' });
  expect(r.failure?.cause).toMatch(/pipelines\/main\/sm\.asl\.json: state "Bad" Output/);
});

// JSONPath machines the local target now runs in its own interpreter, with the examples and rules of
// - https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
//   (a path yields a selection: "$.a[0:2]" over {"a": [1, 2, 3, 4]} is [1, 2]) and
//   https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
//   (Jayway JsonPath: a slice is an indefinite path, its matches an array, possibly empty);
// - https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html (Assign in
//   JSONPath states, $name references, scope of Map/Parallel, 256 KiB per state);
// - https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (a JSONPath
//   machine whose states switch to JSONata, variables shared across both languages).
import type { RunResult } from '../../src/report/model.js';
import { localBlockers, localRunnabilityDiagnostics } from '../../src/targets/local/stepfunctions/runnability.js';
import { makeProject, recordingProgress, writeFiles, type TestProject } from './project.js';

let t: TestProject;

beforeEach(() => {
  t = makeProject(
    { main: { jobs: { 'good-job': {} }, stateMachine: { name: 'main-sm', definition: 'pipelines/main/sm.asl.json' } } },
    { 'pipelines/main/sm.asl.json': { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
  );
});

async function run(states: Record<string, object>, input: unknown = {}): Promise<RunResult> {
  writeFiles(t.root, {
    'pipelines/main/sm.asl.json': { StartAt: Object.keys(states)[0], States: states },
  });
  return t.target.run(t.project, 'main', { input }, recordingProgress());
}

describe('JSONPath slices as AWS gives them', () => {
  test('the documented $.a[0:2] is [1, 2]; a one-element slice stays an array; an empty slice is []', async () => {
    const r = await run(
      {
        Select: {
          Type: 'Pass',
          Parameters: {
            'documented.$': '$.a[0:2]',
            'one.$': '$.a[0:1]',
            'pastTheEnd.$': '$.a[5:]',
            'none.$': '$.a[0:0]',
            'all.$': '$.a[*]',
          },
          End: true,
        },
      },
      { a: [1, 2, 3, 4] },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ documented: [1, 2], one: [1], pastTheEnd: [], none: [], all: [1, 2, 3, 4] });
  });

  test('intrinsic functions get path arguments with the same shapes (an empty slice has length 0)', async () => {
    const r = await run(
      {
        Count: {
          Type: 'Pass',
          Parameters: {
            'rest.$': 'States.ArrayLength($.items[5:])',
            'firstTwo.$': 'States.ArrayLength($.items[0:2])',
            'joined.$': "States.Format('{} and {}', $.items[0], $.items[1])",
          },
          End: true,
        },
      },
      { items: ['a', 'b', 'c'] },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ rest: 0, firstTwo: 2, joined: 'a and b' });
  });

  test('an empty slice as InputPath gives the state an empty array; a definite path that matches nothing fails', async () => {
    const ok = await run({ Rest: { Type: 'Pass', InputPath: '$.items[5:]', End: true } }, { items: [1, 2] });
    expect(ok.output).toEqual([]);
    const bad = await run({ Missing: { Type: 'Pass', InputPath: '$.nope', End: true } }, { items: [1, 2] });
    expect(bad.status).toBe('FAILED');
    expect(bad.failure).toMatchObject({ state: 'Missing', error: 'States.Runtime' });
  });
});

describe('variables in JSONPath states (workflow-variables.html)', () => {
  test('Assign sets variables that later Parameters, Choice and intrinsic functions read as $name', async () => {
    const r = await run(
      {
        Store: {
          Type: 'Pass',
          Assign: { productName: 'product1', count: 42, available: true, 'order.$': '$.order' },
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$count', NumericGreaterThan: 40, Next: 'Use' }],
          Default: 'Few',
        },
        Few: { Type: 'Fail', Error: 'TooFew' },
        Use: {
          Type: 'Pass',
          Parameters: {
            'name.$': '$productName',
            'ok.$': '$available',
            'id.$': '$order.id',
            'label.$': "States.Format('{} x {}', $productName, $count)",
            'input.$': '$.order.id',
          },
          End: true,
        },
      },
      { order: { id: 'o-1' } },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ name: 'product1', ok: true, id: 'o-1', label: 'product1 x 42', input: 'o-1' });
  });

  test("a state's Assign sees the values variables had when it started; $ in Assign is the state's result", async () => {
    const r = await run({
      First: { Type: 'Pass', Assign: { x: 1 }, Next: 'Second' },
      Second: {
        Type: 'Pass',
        Result: { value: 10 },
        ResultPath: '$.r',
        // $.value is read from the result ({value: 10}), not the input.
        Assign: { 'x.$': 'States.MathAdd($x, 1)', 'seen.$': '$x', 'fromResult.$': '$.value' },
        Next: 'Third',
      },
      Third: {
        Type: 'Pass',
        Parameters: { 'x.$': '$x', 'seen.$': '$seen', 'fromResult.$': '$fromResult', 'r.$': '$.r' },
        End: true,
      },
    });
    expect(r.output).toEqual({ x: 2, seen: 1, fromResult: 10, r: { value: 10 } });
  });

  test('a Map iteration reads outer variables; what it assigns stays inside the iteration', async () => {
    const r = await run(
      {
        Init: { Type: 'Pass', Assign: { factor: 3 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemsPath: '$.xs',
          ItemSelector: { 'x.$': '$$.Map.Item.Value', 'f.$': '$factor' },
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: {
                Type: 'Pass',
                Assign: { 'local.$': '$.product' },
                Parameters: { 'product.$': 'States.MathAdd($.x, $factor)' },
                End: true,
              },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'results.$': '$', 'localIsPresent.$': '$factor' }, Next: 'Probe' },
        Probe: {
          Type: 'Choice',
          Choices: [{ Variable: '$local', IsPresent: true, Next: 'Leaked' }],
          Default: 'Done',
        },
        Leaked: { Type: 'Fail', Error: 'Leaked' },
        Done: { Type: 'Succeed' },
      },
      { xs: [1, 2] },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ results: [{ product: 4 }, { product: 5 }], localIsPresent: 3 });
  });

  test('Task: ResultSelector, then Assign over that result, then ResultPath into the raw input; a Catch assigns from the error output', async () => {
    writeFiles(t.root, {
      'pipelines/main/mocks.json': {
        StateMachines: { 'main-sm': { TestCases: { happy: { Call: 'ok', Boom: 'err' } } } },
        MockedResponses: {
          ok: { '0': { Return: { Payload: { total: 7, extra: 'x' } } } },
          err: { '0': { Throw: { Error: 'Lambda.Unknown', Cause: 'bad day' } } },
        },
      },
    });
    writeFiles(t.root, {
      'pipelines/main/sm.asl.json': {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'f', 'Payload.$': '$' },
            ResultSelector: { 'total.$': '$.Payload.total' },
            Assign: { 'total.$': '$.total' },
            ResultPath: '$.call',
            Next: 'Boom',
          },
          Boom: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'g' },
            Catch: [
              { ErrorEquals: ['States.ALL'], Assign: { 'why.$': '$.Cause' }, ResultPath: '$.error', Next: 'Report' },
            ],
            End: true,
          },
          Report: {
            Type: 'Pass',
            Parameters: { 'total.$': '$total', 'why.$': '$why', 'call.$': '$.call', 'error.$': '$.error.Error' },
            End: true,
          },
        },
      },
    });
    const r = await t.target.run(t.project, 'main', { input: { id: 1 }, testCase: 'happy' }, recordingProgress());
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ total: 7, why: 'bad day', call: { total: 7 }, error: 'Lambda.Unknown' });
  });

  test('a Wait reads its SecondsPath from a variable (recorded, not slept)', async () => {
    const r = await run({
      Set: { Type: 'Pass', Assign: { delay: 5 }, Next: 'Pause' },
      Pause: { Type: 'Wait', SecondsPath: '$delay', End: true },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.steps.find((s) => s.name === 'Pause')?.waitedSeconds).toBe(5);
  });

  test('a variable no state assigned fails the state with States.Runtime, naming it', async () => {
    const r = await run({ Use: { Type: 'Pass', Parameters: { 'v.$': '$nobody' }, End: true } });
    expect(r.status).toBe('FAILED');
    expect(r.failure).toMatchObject({ state: 'Use', error: 'States.Runtime' });
    expect(r.failure!.cause).toMatch(/\$nobody is not defined/);
  });

  test('an Assign over 256 KiB fails the state (the per-state limit)', async () => {
    const r = await run(
      { Big: { Type: 'Pass', Assign: { 'blob.$': '$.blob' }, End: true } },
      { blob: 'x'.repeat(300 * 1024) },
    );
    expect(r.status).toBe('FAILED');
    expect(r.failure).toMatchObject({ state: 'Big', error: 'States.Runtime' });
  });
});

describe('a JSONPath machine with JSONata states (transforming-data.html)', () => {
  test('states switch to JSONata; variables are shared between the two languages', async () => {
    const states = {
      Start: { Type: 'Pass', Assign: { 'price.$': '$.price', qty: 3 }, Next: 'Compute' },
      Compute: {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Assign: { total: '{% $price * $qty %}' },
        Output: { total: '{% $price * $qty %}', input: '{% $states.input %}' },
        Next: 'Decide',
      },
      Decide: {
        Type: 'Choice',
        Choices: [{ Variable: '$total', NumericGreaterThanEquals: 30, Next: 'Big' }],
        Default: 'Small',
      },
      Big: { Type: 'Pass', Parameters: { size: 'big', 'total.$': '$total', 'fromJsonata.$': '$.total' }, End: true },
      Small: { Type: 'Pass', Result: { size: 'small' }, End: true },
    };
    const r = await run(states, { price: 12.5 });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ size: 'big', total: 37.5, fromJsonata: 37.5 });
    expect(r.steps.map((s) => s.name)).toEqual(['Start', 'Compute', 'Decide', 'Big']);
  });

  test('validate no longer names such a machine as not runnable locally', () => {
    writeFiles(t.root, {
      'pipelines/main/sm.asl.json': {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $x %}', End: true },
        },
      },
    });
    expect(localRunnabilityDiagnostics(t.project, t.env)).toEqual([]);
  });
});

test('a Distributed Map in a machine the own interpreter runs is named as not runnable (it has no ItemReader)', () => {
  const definition = {
    StartAt: 'Remember',
    States: {
      Remember: { Type: 'Pass', Assign: { prefix: 'in/' }, Next: 'Files' },
      Files: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:listObjectsV2',
          Parameters: { Bucket: 'b', 'Prefix.$': '$prefix' },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Each',
          States: { Each: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  };
  const blockers = localBlockers(definition as never, JSON.stringify(definition, null, 2), 'main-sm', 'mocks.json');
  expect(blockers.map((b) => [b.state, b.integration])).toEqual([['Files', 'Distributed Map']]);
  expect(blockers[0]!.reason).toContain('state "Remember" assigns variables');
  // Without the variable, the library runs it with its item reader: nothing is named.
  const plain = { ...definition, States: { ...definition.States, Remember: { Type: 'Pass', Next: 'Files' } } };
  const files = plain.States.Files as Record<string, unknown>;
  files.ItemReader = { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b', Prefix: 'in/' } };
  expect(localBlockers(plain as never, JSON.stringify(plain, null, 2), 'main-sm', 'mocks.json')).toEqual([]);
});

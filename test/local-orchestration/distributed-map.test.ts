// Distributed Map on the local target: ItemReader over local S3 (listing, CSV, JSON, JSON Lines,
// S3 inventory manifest), ItemSelector, ItemBatcher, MaxConcurrency, tolerated failures and
// ResultWriter's manifest and result files.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { getPipeline } from '../../src/model/project.js';
import type { RunResult } from '../../src/report/model.js';
import { LocalStorage } from '../../src/targets/local/storage.js';
import { makeProject, recordingProgress, writeFiles, type TestProject } from './project.js';

let t: TestProject;
let s3: LocalStorage;

beforeEach(() => {
  t = makeProject(
    { main: { stateMachine: { definition: 'pipelines/main/sm.asl.json' } } },
    { 'pipelines/main/sm.asl.json': { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
  );
  s3 = new LocalStorage(join(t.root, '.lakeops/local/s3'));
  Object.assign(t.engine, { storage: s3 });
});

const echoProcessor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Echo',
  States: { Echo: { Type: 'Pass', End: true } },
};

async function runMap(map: object, input: unknown = {}): Promise<RunResult> {
  writeFiles(t.root, {
    'pipelines/main/sm.asl.json': {
      StartAt: 'Items',
      States: { Items: { Type: 'Map', ItemProcessor: echoProcessor, End: true, ...map } },
    },
  });
  return t.target.executeStateMachine(getPipeline(t.project, 'main'), { input, progress: recordingProgress() });
}

test('listObjectsV2 gives one item per object (Key, Size, LastModified, StorageClass); ItemSelector sees $$.Map.Item and $', async () => {
  await s3.put('orch-data', 'in/a.csv', 'x\n');
  await s3.put('orch-data', 'in/b.csv', 'yy\n');
  await s3.put('orch-data', 'other/c.csv', 'z\n');
  const r = await runMap(
    {
      ItemReader: {
        Resource: 'arn:aws:states:::s3:listObjectsV2',
        Parameters: { Bucket: 'orch-data', 'Prefix.$': '$.prefix' },
      },
      ItemSelector: {
        'key.$': '$$.Map.Item.Value.Key',
        'size.$': '$$.Map.Item.Value.Size',
        'index.$': '$$.Map.Item.Index',
        'run.$': '$.run',
      },
      MaxConcurrency: 1,
    },
    { prefix: 'in/', run: 7 },
  );
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual([
    { key: 'in/a.csv', size: 2, index: 0, run: 7 },
    { key: 'in/b.csv', size: 3, index: 1, run: 7 },
  ]);
  expect(r.steps.find((s) => s.name === 'Items')?.details).toMatchObject({
    distributedMap: true,
    childExecutions: { succeeded: 2, failed: 0 },
  });
});

test.each([
  [
    'CSV with a header row',
    'f.csv',
    'id,name\n1,"a, b"\n2,c\n',
    { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
    [
      { id: '1', name: 'a, b' },
      { id: '2', name: 'c' },
    ],
  ],
  [
    'CSV with given headers',
    'f.csv',
    '1,a\n2,c\n',
    { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['id', 'name'] },
    [
      { id: '1', name: 'a' },
      { id: '2', name: 'c' },
    ],
  ],
  ['a JSON array', 'f.json', '[{"n":1},{"n":2},{"n":3}]', { InputType: 'JSON', MaxItems: 2 }, [{ n: 1 }, { n: 2 }]],
  ['JSON Lines', 'f.jsonl', '{"n":1}\n\n{"n":2}\n', { InputType: 'JSONL' }, [{ n: 1 }, { n: 2 }]],
])('getObject reads %s', async (_what, key, body, ReaderConfig, expected) => {
  await s3.put('orch-data', key, body);
  const r = await runMap({
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig,
      Parameters: { Bucket: 'orch-data', Key: key },
    },
  });
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual(expected);
});

test('an S3 inventory manifest lists the objects of its gzipped CSV files, columns per fileSchema', async () => {
  await s3.put(
    'orch-data',
    'inv/manifest.json',
    JSON.stringify({ fileSchema: 'Bucket, Key, Size', files: [{ key: 'inv/data/part-1.csv.gz' }] }),
  );
  const gz = gzipSync('"orch-data","a.txt","5"\n"orch-data","b.txt","6"\n');
  await (s3 as unknown as { put(b: string, k: string, body: Uint8Array): Promise<unknown> }).put(
    'orch-data',
    'inv/data/part-1.csv.gz',
    gz,
  );
  const r = await runMap({
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'MANIFEST' },
      Parameters: { Bucket: 'orch-data', Key: 'inv/manifest.json' },
    },
  });
  expect(r.output).toEqual([
    { Bucket: 'orch-data', Key: 'a.txt', Size: '5' },
    { Bucket: 'orch-data', Key: 'b.txt', Size: '6' },
  ]);
});

test('ItemBatcher gives each child {"BatchInput", "Items"} of at most MaxItemsPerBatch', async () => {
  const r = await runMap(
    { ItemsPath: '$.xs', ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } } },
    { xs: [1, 2, 3, 4, 5], tag: 't' },
  );
  expect(r.output).toEqual([
    { BatchInput: { tag: 't' }, Items: [1, 2] },
    { BatchInput: { tag: 't' }, Items: [3, 4] },
    { BatchInput: { tag: 't' }, Items: [5] },
  ]);
});

const failOnOdd = {
  ProcessorConfig: { Mode: 'DISTRIBUTED' },
  StartAt: 'Odd?',
  States: {
    'Odd?': {
      Type: 'Choice',
      Choices: [
        {
          Or: [
            { Variable: '$', NumericEquals: 1 },
            { Variable: '$', NumericEquals: 3 },
          ],
          Next: 'Boom',
        },
      ],
      Default: 'Ok',
    },
    Boom: { Type: 'Fail', Error: 'ItemFailed', Cause: 'odd item' },
    Ok: { Type: 'Pass', End: true },
  },
};

test('failures within ToleratedFailureCount pass; past it the Map fails with States.ExceedToleratedFailureThreshold', async () => {
  const ok = await runMap(
    { ItemsPath: '$.xs', ItemProcessor: failOnOdd, ToleratedFailureCount: 2 },
    { xs: [1, 2, 3, 4] },
  );
  expect(ok.status).toBe('SUCCEEDED');
  expect(ok.output).toEqual([
    { Error: 'ItemFailed', Cause: 'odd item' },
    2,
    { Error: 'ItemFailed', Cause: 'odd item' },
    4,
  ]);

  const bad = await runMap(
    { ItemsPath: '$.xs', ItemProcessor: failOnOdd, ToleratedFailurePercentage: 25 },
    { xs: [1, 2, 3, 4] },
  );
  expect(bad.status).toBe('FAILED');
  expect(bad.failure).toMatchObject({ state: 'Items', error: 'States.ExceedToleratedFailureThreshold' });
  expect(bad.failure?.cause).toMatch(/2 of 4 child executions failed/);
});

test('ResultWriter writes manifest.json and SUCCEEDED_0/FAILED_0 files to local S3 and returns where', async () => {
  const r = await runMap(
    {
      ItemsPath: '$.xs',
      ItemProcessor: failOnOdd,
      ToleratedFailureCount: 5,
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'orch-data', Prefix: 'results' },
      },
    },
    { xs: [1, 2] },
  );
  expect(r.status).toBe('SUCCEEDED');
  const out = r.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
  expect(out.MapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:main\/Items:[0-9a-f-]{36}$/);
  expect(out.ResultWriterDetails).toEqual({
    Bucket: 'orch-data',
    Key: expect.stringMatching(/^results\/[0-9a-f-]{36}\/manifest\.json$/),
  });
  const manifest = JSON.parse((await s3.get('orch-data', out.ResultWriterDetails.Key))!.toString());
  expect(manifest).toMatchObject({
    DestinationBucket: 'orch-data',
    MapRunArn: out.MapRunArn,
    ResultFiles: { PENDING: [] },
  });
  const succeeded = JSON.parse((await s3.get('orch-data', manifest.ResultFiles.SUCCEEDED[0].Key))!.toString());
  const failed = JSON.parse((await s3.get('orch-data', manifest.ResultFiles.FAILED[0].Key))!.toString());
  expect(succeeded).toEqual([expect.objectContaining({ Status: 'SUCCEEDED', Input: '2', Output: '2' })]);
  expect(failed).toEqual([
    expect.objectContaining({ Status: 'FAILED', Input: '1', Error: 'ItemFailed', Cause: 'odd item' }),
  ]);
});

test('an item reader over a missing prefix or object fails the state, naming it and the file', async () => {
  const r = await runMap({
    ItemReader: {
      Resource: 'arn:aws:states:::s3:listObjectsV2',
      Parameters: { Bucket: 'orch-data', Prefix: 'nothing/' },
    },
  });
  expect(r.status).toBe('FAILED');
  expect(r.failure).toMatchObject({ state: 'Items', error: 'States.ItemReaderFailed' });
  expect(r.failure?.cause).toMatch(
    /pipelines\/main\/sm\.asl\.json: state "Items": no objects under s3:\/\/orch-data\/nothing\//,
  );
  const r2 = await runMap({
    ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'orch-data', Key: 'missing.json' } },
  });
  expect(r2.failure?.cause).toMatch(/S3\.NoSuchKey: s3:\/\/orch-data\/missing\.json does not exist/);
});

test('MaxConcurrency bounds the child executions running at once (0 or absent: the local bound)', async () => {
  const { runDistributedMap, LOCAL_MAX_CONCURRENCY } =
    await import('../../src/targets/local/stepfunctions/distributed-map.js');
  async function peak(map: object, n: number): Promise<{ peak: number; output: unknown }> {
    let active = 0;
    let most = 0;
    const output = await runDistributedMap({
      stateName: 'Items',
      state: { Type: 'Map', ItemProcessor: echoProcessor, ItemsPath: '$.xs', ...map } as never,
      input: { xs: Array.from({ length: n }, (_, i) => i) },
      where: 'sm.asl.json:1',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:main',
      executionName: 'e',
      async runChild(_p, childInput) {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return { status: 'SUCCEEDED', output: childInput };
      },
    });
    return { peak: most, output };
  }
  const two = await peak({ MaxConcurrency: 2 }, 8);
  expect(two.peak).toBe(2);
  expect(two.output).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // results keep the items' order
  expect((await peak({ MaxConcurrency: 0 }, LOCAL_MAX_CONCURRENCY + 4)).peak).toBe(LOCAL_MAX_CONCURRENCY);
});

// S3 object events in both shapes against the example pipelines' rules (seeds 000 and 001 use
// CloudTrail PutObject events), routing to targets, and invalid patterns reported in pipeline.yaml.
import { resolveEnvironment } from '../../src/model/environment.js';
import { ConfigError } from '../../src/model/diagnostics.js';
import { getPipeline, loadProjectOrThrow } from '../../src/model/project.js';
import {
  compileRules,
  dispatchS3ObjectCreated,
  s3CloudTrailPutObjectEvent,
  s3ObjectCreatedEvent,
  type CompiledRule,
  type EventBridgeEvent,
  type EventRouter,
} from '../../src/targets/local/events.js';
import { makeProject, recordingProgress } from './project.js';

const project = loadProjectOrThrow(process.cwd());
const env = resolveEnvironment(project, 'local');
const bucket = env.bucket('data');
const obj = (key: string, b = bucket) => ({ bucket: b, key, size: 1234, etag: 'd41d8cd98f00b204e9800998ecf8427e' });
const rules = compileRules(project, env);
const matching = (event: EventBridgeEvent) => rules.filter((r) => r.pattern.matches(event)).map((r) => r.name);

describe('the two S3 event shapes', () => {
  test('CloudTrail "AWS API Call via CloudTrail" PutObject', () => {
    const e = s3CloudTrailPutObjectEvent(env, obj('a/b.json'));
    expect(e).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'AWS API Call via CloudTrail',
      account: env.account,
      region: env.region,
      detail: {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObject',
        requestParameters: { bucketName: bucket, key: 'a/b.json' },
        additionalEventData: { bytesTransferredIn: 1234 },
      },
    });
  });

  test('S3 EventBridge notification "Object Created"', () => {
    const e = s3ObjectCreatedEvent(env, obj('a/b.json'));
    expect(e).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        bucket: { name: bucket },
        object: { key: 'a/b.json', size: 1234, etag: 'd41d8cd98f00b204e9800998ecf8427e' },
        reason: 'PutObject',
      },
    });
  });
});

describe('seed rules', () => {
  test('a total_clicks file matches total-clicks-rule (seed 000) in the CloudTrail shape only', () => {
    const key = 'etl-ttt-demo/output/gluestreaming/total_clicks/year=2024/part-0.json';
    expect(matching(s3CloudTrailPutObjectEvent(env, obj(key)))).toEqual(['total-clicks-rule']);
    expect(matching(s3ObjectCreatedEvent(env, obj(key)))).toEqual([]);
  });

  test('a file in the analytics team folder matches find-matches-rule (seed 001)', () => {
    expect(
      matching(s3CloudTrailPutObjectEvent(env, obj('etl-ttt-demo/data_analytics_team_folder/customers.csv'))),
    ).toEqual(['find-matches-rule']);
  });

  test('other prefixes and other buckets match nothing', () => {
    expect(matching(s3CloudTrailPutObjectEvent(env, obj('etl-ttt-demo/output/elsewhere/x.json')))).toEqual([]);
    expect(
      matching(s3CloudTrailPutObjectEvent(env, obj('etl-ttt-demo/data_analytics_team_folder/x.csv', 'another-bucket'))),
    ).toEqual([]);
  });

  test('rules resolve ${Name} substitutions and physical names per environment', () => {
    const prod = resolveEnvironment(project, 'prod');
    const prodRules = compileRules(project, prod);
    const rule = prodRules.find((r) => r.name === 'total-clicks-rule')!;
    expect(rule.physicalName).toBe('prod-total-clicks-rule');
    const key = 'etl-ttt-demo/output/gluestreaming/total_clicks/x.json';
    expect(rule.pattern.matches(s3CloudTrailPutObjectEvent(prod, obj(key, prod.bucket('data'))))).toBe(true);
    expect(rule.pattern.matches(s3CloudTrailPutObjectEvent(prod, obj(key, bucket)))).toBe(false);
  });
});

describe('dispatch', () => {
  test('dispatchS3ObjectCreated emits both shapes and delivers each match to its rule target', async () => {
    const delivered: [string, string][] = [];
    const router: EventRouter = {
      project,
      env,
      rules: () => rules,
      deliver: async (rule: CompiledRule, event: EventBridgeEvent) => {
        delivered.push([rule.name, event['detail-type']]);
        return [];
      },
    };
    const result = await dispatchS3ObjectCreated(router, obj('etl-ttt-demo/data_analytics_team_folder/top.csv'));
    expect(result.events.map((e) => e['detail-type'])).toEqual(['AWS API Call via CloudTrail', 'Object Created']);
    expect(delivered).toEqual([['find-matches-rule', 'AWS API Call via CloudTrail']]);
    expect(result.matched).toEqual([
      expect.objectContaining({
        pipeline: 'customer-dedup',
        rule: 'find-matches-rule',
        bus: 'default',
        detailType: 'AWS API Call via CloudTrail',
      }),
    ]);
  });

  test('an "Object Created" rule on the default bus starts its state machine with the event as input', async () => {
    const t = makeProject(
      {
        landing: {
          stateMachine: { definition: 'pipelines/landing/sm.asl.json' },
          rules: {
            'object-created': {
              pattern: {
                source: ['aws.s3'],
                'detail-type': ['Object Created'],
                detail: {
                  bucket: { name: ['${data}'] },
                  object: { key: [{ suffix: '.csv' }], size: [{ numeric: ['>', 0] }] },
                },
              },
              target: 'stateMachine',
            },
          },
        },
      },
      {
        'pipelines/landing/sm.asl.json': {
          StartAt: 'Key',
          States: { Key: { Type: 'Pass', InputPath: '$.detail.object.key', End: true } },
        },
      },
    );
    const r = await t.target.putObject('orch-data', 'in/file.csv', 'a,b\n1,2\n');
    expect(r.dispatch.runs).toHaveLength(1);
    expect(r.dispatch.runs[0]).toMatchObject({ pipeline: 'landing', status: 'SUCCEEDED', output: 'in/file.csv' });
    const none = await t.target.putObject('orch-data', 'in/file.json', '{}');
    expect(none.dispatch.runs).toEqual([]);
  });

  test('an event put on a custom bus starts the rules of that bus', async () => {
    const t = makeProject(
      {
        producer: {
          eventBuses: { alerts: {} },
          stateMachine: { definition: 'pipelines/producer/sm.asl.json' },
        },
        consumer: {
          stateMachine: { definition: 'pipelines/consumer/sm.asl.json' },
          rules: { 'on-alert': { bus: 'alerts', pattern: { 'detail-type': ['Job Failed'] }, target: 'stateMachine' } },
        },
      },
      {
        'pipelines/producer/sm.asl.json': {
          StartAt: 'Put',
          States: {
            Put: {
              Type: 'Task',
              Resource: 'arn:aws:states:::events:putEvents',
              Parameters: {
                Entries: [
                  { EventBusName: 'alerts', Source: 'producer', DetailType: 'Job Failed', Detail: { job: 'x' } },
                ],
              },
              End: true,
            },
          },
        },
        'pipelines/consumer/sm.asl.json': {
          StartAt: 'Job',
          States: { Job: { Type: 'Pass', InputPath: '$.detail.job', End: true } },
        },
      },
    );
    const progress = recordingProgress();
    t.target.progress = progress;
    const r = await t.target.executeStateMachine(getPipeline(t.project, 'producer'), { input: {}, progress });
    expect(r.events).toEqual([{ bus: 'alerts', source: 'producer', detailType: 'Job Failed', detail: { job: 'x' } }]);
    expect(progress.messages.join('\n')).toMatch(/rule on-alert matched Job Failed event: starting consumer/);
  });
});

describe('invalid rule patterns', () => {
  test('are a ConfigError pointing at the pattern in pipeline.yaml', () => {
    const t = makeProject({
      broken: {
        stateMachine: { definition: 'pipelines/broken/sm.asl.json' },
        rules: {
          bad: { pattern: { source: ['aws.s3'], detail: { key: [{ prefixx: 'raw/' }] } }, target: 'stateMachine' },
        },
      },
    });
    let caught: ConfigError | undefined;
    try {
      compileRules(t.project, t.env);
    } catch (e) {
      caught = e as ConfigError;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught!.diagnostics).toHaveLength(1);
    expect(caught!.diagnostics[0]).toMatchObject({ file: 'pipelines/broken/pipeline.yaml', rule: 'event-pattern' });
    expect(caught!.diagnostics[0]!.message).toMatch(/unknown operator "prefixx"/);
    expect(caught!.diagnostics[0]!.line).toBeGreaterThan(1);
  });
});

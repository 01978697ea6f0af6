// Environments: targets, physical names per prefix, bucket aliases, and ${Name} substitutions.
import { ConfigError } from '../../src/model/diagnostics.js';
import {
  jsonStringEscape,
  parseS3Uri,
  resolveEnvironment,
  substitute,
  substitutionsFor,
  TAG_ENV,
  TAG_PIPELINE,
  TAG_PROJECT,
} from '../../src/model/environment.js';
import { getPipeline, loadProjectOrThrow, type Project } from '../../src/model/project.js';
import { VALID_FIXTURE } from '../validate/support/corpus.js';

const base = loadProjectOrThrow(VALID_FIXTURE);
/** The fixture project with other environments / variables. */
function withConfig(patch: Partial<Project['config']>): Project {
  return { ...base, config: { ...base.config, ...patch } };
}

test('local is the default environment, even when undeclared', () => {
  const env = resolveEnvironment(withConfig({ environments: {} }));
  expect(env).toMatchObject({
    name: 'local',
    target: 'local',
    namePrefix: '',
    databasePrefix: '',
    account: '000000000000',
  });
});

test('an unknown environment is a configuration error naming the declared ones', () => {
  expect(() => resolveEnvironment(base, 'prod')).toThrow(ConfigError);
  expect(() => resolveEnvironment(base, 'prod')).toThrow(
    /unknown environment "prod"; lakeops.yaml declares: local, dev/,
  );
});

test('physical names: prefixes on named resources, database prefix derived, views and the default bus unprefixed', () => {
  const dev = resolveEnvironment(base, 'dev');
  expect(dev).toMatchObject({ target: 'aws', region: 'eu-west-1', namePrefix: 'dev-', databasePrefix: 'dev_' });
  expect(dev.physicalName('job', 'orders-clean')).toBe('dev-orders-clean');
  expect(dev.physicalName('stateMachine', 'orders')).toBe('dev-orders');
  expect(dev.physicalName('database', 'shop')).toBe('dev_shop');
  expect(dev.physicalName('view', 'orders_daily')).toBe('orders_daily');
  expect(dev.physicalName('eventBus', 'default')).toBe('default');
  expect(dev.physicalName('eventBus', 'alerts')).toBe('dev-alerts');
  const explicit = resolveEnvironment(
    withConfig({ environments: { qa: { target: 'aws', namePrefix: 'QA-x-', databasePrefix: 'qa_' } } }),
    'qa',
  );
  expect(explicit.physicalName('database', 'shop')).toBe('qa_shop');
  const derived = resolveEnvironment(
    withConfig({ environments: { qa: { target: 'aws', namePrefix: 'QA-x-' } } }),
    'qa',
  );
  expect(derived.physicalName('database', 'shop')).toBe('qa_x_shop');
});

test('bucket aliases: declared names; on local an undeclared alias is a folder, on aws an error', () => {
  expect(resolveEnvironment(base, 'dev').bucket('data')).toBe('shop-dev-data');
  expect(resolveEnvironment(base, 'local').bucket('data')).toBe('data');
  expect(() => resolveEnvironment(base, 'dev').bucket('archive')).toThrow(/declares no bucket "archive"/);
});

test('ownership tags carry project, environment and pipeline', () => {
  expect(resolveEnvironment(base, 'dev').ownershipTags('orders')).toEqual({
    [TAG_PROJECT]: 'shop',
    [TAG_ENV]: 'dev',
    [TAG_PIPELINE]: 'orders',
  });
});

test('substitutions: resources per environment, buckets, built-ins; variables override in order', () => {
  const dev = resolveEnvironment(base, 'dev');
  const orders = getPipeline(base, 'orders');
  const values = substitutionsFor(base, dev, orders);
  const v = (n: string) => values.get(n)?.value;
  expect(v('orders-clean')).toBe('dev-orders-clean');
  expect(values.get('orders-clean')!.source).toEqual({ kind: 'job', logical: 'orders-clean', pipeline: 'orders' });
  expect(v('returns-clean-crawler')).toBe('dev-returns-clean-crawler'); // other pipelines' resources too
  expect(v('shop')).toBe('dev_shop');
  expect(v('alerts')).toBe('dev-alerts');
  expect(v('returns')).toBe('dev-returns');
  expect(v('data')).toBe('shop-dev-data');
  expect([v('Region'), v('AccountId'), v('Partition'), v('Env'), v('Project'), v('Team')]).toEqual([
    'eu-west-1',
    '000000000000',
    'aws',
    'dev',
    'shop',
    'data',
  ]);

  const layered = withConfig({
    variables: { Team: 'project', Only: 'project' },
    environments: { dev: { ...base.config.environments.dev!, variables: { Team: 'env' } } },
  });
  const pipeline = {
    ...orders,
    config: { ...orders.config, stateMachine: { ...orders.config.stateMachine, substitutions: { Team: 'pipeline' } } },
  };
  const l = substitutionsFor(layered, resolveEnvironment(layered, 'dev'), pipeline);
  expect(l.get('Team')!.value).toBe('pipeline');
  expect(substitutionsFor(layered, resolveEnvironment(layered, 'dev'), orders).get('Team')!.value).toBe('env');
  expect(l.get('Only')!.value).toBe('project');
});

test('AccountId is the account the AWS target looked up when none is declared; Partition follows the region', () => {
  const orders = getPipeline(base, 'orders');
  const dev = resolveEnvironment(base, 'dev');
  expect(substitutionsFor(base, dev, orders, '123456789012').get('AccountId')!.value).toBe('123456789012');
  const china = withConfig({
    environments: { dev: { ...base.config.environments.dev!, region: 'cn-north-1' } },
  });
  const gov = withConfig({
    environments: { dev: { ...base.config.environments.dev!, region: 'us-gov-west-1' } },
  });
  expect(substitutionsFor(china, resolveEnvironment(china, 'dev'), orders).get('Partition')!.value).toBe('aws-cn');
  expect(substitutionsFor(gov, resolveEnvironment(gov, 'dev'), orders).get('Partition')!.value).toBe('aws-us-gov');
});

test('substitute replaces known names, reports unknown ones with offsets, leaves ${input.*}', () => {
  const values = new Map([
    ['job', { value: 'dev-job' }],
    ['q', { value: 'say "hi"\n' }],
  ]);
  const r = substitute('run ${job} for ${input.hour}; ${nope} and ${job}', values);
  expect(r.text).toBe('run dev-job for ${input.hour}; ${nope} and dev-job');
  expect(r.unresolved).toEqual([{ name: 'nope', offset: 30 }]);
  expect(substitute('{"a": "${q}"}', values, jsonStringEscape).text).toBe('{"a": "say \\"hi\\"\\n"}');
  expect(JSON.parse(substitute('{"a": "${q}"}', values, jsonStringEscape).text)).toEqual({ a: 'say "hi"\n' });
});

test('parseS3Uri splits bucket and key', () => {
  expect(parseS3Uri('s3://b/raw/x.csv')).toEqual({ bucket: 'b', key: 'raw/x.csv' });
  expect(parseS3Uri('s3://b')).toEqual({ bucket: 'b', key: '' });
  expect(() => parseS3Uri('/data/x')).toThrow(/not an S3 URI/);
});

test('${Name} inside a stateMachine.substitutions value is expanded, from other names and from its siblings', () => {
  const orders = getPipeline(base, 'orders');
  const dev = resolveEnvironment(base, 'dev');
  const pipeline = {
    ...orders,
    config: {
      ...orders.config,
      stateMachine: {
        ...orders.config.stateMachine!,
        substitutions: {
          Full: '${Landing}/${orders-clean}',
          Landing: 's3://${data}/landing/${Env}',
          Loop: 'x-${Loop}',
          Unknown: 'a-${NoSuchName}',
        },
      },
    },
  };
  const v = (n: string) => substitutionsFor(base, dev, pipeline).get(n)?.value;
  expect(v('Landing')).toBe('s3://shop-dev-data/landing/dev');
  expect(v('Full')).toBe('s3://shop-dev-data/landing/dev/dev-orders-clean');
  // A name that refers to itself or to nothing stays as written (validate reports it).
  expect(v('Loop')).toBe('x-${Loop}');
  expect(v('Unknown')).toBe('a-${NoSuchName}');
});

test('substitutions are built once per project and environment, yet each caller gets a map of its own', () => {
  const dev = resolveEnvironment(base, 'dev');
  const orders = getPipeline(base, 'orders');
  const first = substitutionsFor(base, dev, orders);
  // validate adds undeclared local bucket aliases to its map: that must not leak to other callers.
  first.set('orders-clean', { value: 'changed', source: { kind: 'variable', logical: 'orders-clean' } });
  first.set('only-mine', { value: 'x', source: { kind: 'variable', logical: 'only-mine' } });
  const second = substitutionsFor(base, dev);
  expect(second).not.toBe(first);
  expect(second.get('orders-clean')!.value).toBe('dev-orders-clean');
  expect(second.has('only-mine')).toBe(false);
  // Another account, another environment: other values, not the cached ones.
  expect(substitutionsFor(base, dev, orders, '123456789012').get('AccountId')!.value).toBe('123456789012');
  expect(substitutionsFor(base, dev, orders).get('AccountId')!.value).toBe('000000000000');
  expect(substitutionsFor(base, resolveEnvironment(base, 'local'), orders).get('orders-clean')!.value).not.toBe(
    'dev-orders-clean',
  );
});

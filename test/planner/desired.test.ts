// Desired state from the model: physical names per environment prefix, ownership tags, file and
// line of each resource, and clear configuration errors (exit 2) before anything is read or written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/model/diagnostics.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { buildDesiredState } from '../../src/planner/desired.js';
import { accountContext } from '../../src/planner/names.js';
import { copyProject, edit, REPO_ROOT } from '../fixtures/aws/harness.js';

const build = (root: string, envName: string) => {
  const project = loadProjectOrThrow(root);
  const env = resolveEnvironment(project, envName);
  return buildDesiredState(project, env, { ctx: accountContext(env, '123456789012') });
};

test('dev and prod name every resource with their own prefix, so they share one account', () => {
  const dev = build(REPO_ROOT, 'dev');
  const prod = build(REPO_ROOT, 'prod');
  const names = (s: typeof dev, k: string) =>
    s.resources
      .filter((r) => r.kind === k)
      .map((r) => r.name)
      .sort();
  for (const k of ['job', 'crawler', 'workflow', 'trigger', 'stateMachine', 'eventBus', 'rule']) {
    expect(names(dev, k).every((n) => n.startsWith('dev-'))).toBe(true);
    expect(names(prod, k).every((n) => n.startsWith('prod-'))).toBe(true);
    expect(names(dev, k).map((n) => n.slice(4))).toEqual(names(prod, k).map((n) => n.slice(5)));
  }
  expect(names(dev, 'database')).toContain('dev_workshop_raw');
  expect(names(dev, 'schedule')).toContain('dev-lakeops-demo/dev-hits-aggregator-hourly');
  const artifacts = names(dev, 'artifact');
  expect(artifacts.every((k) => /^lakeops-demo\/dev\/artifacts\/[0-9a-f]{64}\/[\w.-]+$/.test(k))).toBe(true);
  // The same file content lands at the same key in both environments' own prefixes.
  expect(names(prod, 'artifact').map((k) => k.replace('/prod/', '/dev/'))).toEqual(artifacts);
});

test('every resource carries ownership tags and the line that declares it', () => {
  const dev = build(REPO_ROOT, 'dev');
  const job = dev.resources.find((r) => r.name === 'dev-ml-lab-notebook-job')!;
  expect(job.tags).toMatchObject({
    'lakeops:project': 'lakeops-demo',
    'lakeops:env': 'dev',
    'lakeops:pipeline': 'customer-dedup',
  });
  const lines = readFileSync(join(REPO_ROOT, 'pipelines/customer-dedup/pipeline.yaml'), 'utf8').split('\n');
  expect(lines[job.line! - 1]).toMatch(/^\s+ml-lab-notebook-job:/);
  // Script job arguments are resolved for the environment.
  expect(job.spec.DefaultArguments).toMatchObject({
    '--source_path': 's3://lakeops-demo-dev-data/etl-ttt-demo/data_analytics_team_folder/',
  });
});

describe('configuration errors', () => {
  let copy: ReturnType<typeof copyProject>;
  beforeEach(() => (copy = copyProject()));
  afterEach(() => copy.cleanup());

  test('an aws environment without an artifacts bucket', () => {
    edit(copy.root, 'lakeops.yaml', '      artifacts: lakeops-demo-dev-artifacts\n', '');
    expect(() => build(copy.root, 'dev')).toThrow(
      /environment "dev" declares no "artifacts" bucket; add buckets: \{ artifacts: <bucket name> \}/,
    );
  });

  test('a missing role names what needs it', () => {
    edit(copy.root, 'lakeops.yaml', '      stateMachine: lakeops-demo-dev-states\n', '');
    expect(() => build(copy.root, 'dev')).toThrow(
      /declares no roles\.stateMachine .*needed by state machine "[\w-]+" \(pipelines\/[\w-]+\/pipeline\.yaml\)/,
    );
  });

  test('an unresolved ${Name} and a name defined twice are reported with file and line', () => {
    edit(
      copy.root,
      'pipelines/customer-dedup/pipeline.yaml',
      '--transform_id: ${FindMatchesTransformId}',
      '--transform_id: ${NoSuchVariable}',
    );
    edit(copy.root, 'pipelines/customer-etl/pipeline.yaml', /\n {2}raw-customers-crawler:/, '\n  ml-final-crawler:');
    let err: ConfigError | undefined;
    try {
      build(copy.root, 'dev');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const diags = err!.diagnostics.map((d) => [d.file, d.rule, d.message]);
    expect(diags).toEqual(
      expect.arrayContaining([
        [
          'pipelines/customer-dedup/pipeline.yaml',
          'unresolved-substitution',
          '${NoSuchVariable} has no value in environment "dev"',
        ],
        [
          'pipelines/customer-etl/pipeline.yaml',
          'duplicate-name',
          expect.stringMatching(
            /crawler "dev-ml-final-crawler" is also defined by pipeline "customer-dedup" \(pipelines\/customer-dedup\/pipeline.yaml:\d+\)/,
          ),
        ],
      ]),
    );
    for (const d of err!.diagnostics) expect(d.line).toBeGreaterThan(1);
  });
});

test('${AccountId} in a definition is the account looked up for the deploy, not a placeholder', () => {
  const { root, cleanup } = copyProject();
  try {
    const file = 'pipelines/customer-dedup/state-machine.asl.json';
    edit(
      root,
      file,
      'To crawl the data after FindMatches dedup hygiene process',
      'account ${AccountId} in ${Partition}',
    );
    const sm = build(root, 'dev').resources.find((r) => r.kind === 'stateMachine' && r.pipeline === 'customer-dedup')!;
    const definition = JSON.stringify(sm.spec);
    expect(definition).toContain('account 123456789012 in aws');
    expect(definition).not.toContain('000000000000');
  } finally {
    cleanup();
  }
});

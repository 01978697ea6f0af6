// `lakeops import` on a hand-made account: refusal without --force writes nothing, --dry-run writes
// nothing, secret-looking arguments are never written or printed, and what the model cannot
// express is skipped with the reason (and what depends on it follows).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../../src/model/diagnostics.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { runImport } from '../../src/cli/commands/import.js';
import type { ImportResult } from '../../src/import/types.js';
import { copyProject, harness, type Harness } from '../fixtures/aws/harness.js';
import { sink } from './support.js';

const ROLE = 'arn:aws:iam::123456789012:role/lakeops-demo-dev-glue-job';
const SM_ROLE = 'arn:aws:iam::123456789012:role/lakeops-demo-dev-states';
const SCRIPT = 's3://lakeops-demo-dev-artifacts/scripts/load_orders.py';

let root: string;
let cleanup: () => void;
let h: Harness;

/** Every file under root (relative path -> content), .lakeops included. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const abs = join(d, e);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(dir, abs)] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

async function job(name: string, extra: Record<string, unknown> = {}) {
  await h.world.handle('glue', 'CreateJob', {
    Name: name,
    Role: ROLE,
    Command: { Name: 'glueetl', ScriptLocation: SCRIPT, PythonVersion: '3' },
    GlueVersion: '4.0',
    WorkerType: 'G.1X',
    NumberOfWorkers: 2,
    Timeout: 60,
    ...extra,
  });
}

beforeEach(async () => {
  ({ root, cleanup } = copyProject());
  for (const p of readdirSync(join(root, 'pipelines'))) rmSync(join(root, 'pipelines', p), { recursive: true });
  h = harness({ root });
  await h.world.handle('s3', 'PutObject', {
    Bucket: 'lakeops-demo-dev-artifacts',
    Key: 'scripts/load_orders.py',
    Body: 'print("load orders")\n',
  });
  await job('dev-load-orders', {
    Description: 'Loads orders from the shop database.',
    DefaultArguments: {
      '--db_password': 'hunter2-s3cr3t',
      '--jdbc_url': 'jdbc:postgresql://admin:pw-in-url-9@db.internal:5432/shop',
      '--target_path': 's3://lakeops-demo-dev-data/orders/',
      '--mode': 'full',
      '--conf': 'spark.hadoop.fs.s3a.secret.key=sk-in-conf-7',
    },
  });
  await h.world.handle('sfn', 'CreateStateMachine', {
    name: 'dev-orders',
    roleArn: SM_ROLE,
    definition: JSON.stringify({
      StartAt: 'Load',
      States: {
        Load: {
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun.sync',
          Parameters: { JobName: 'dev-load-orders' },
          End: true,
        },
      },
    }),
  });
});
afterEach(() => cleanup());

async function importIt(opts: Parameters<typeof runImport>[2] = {}): Promise<{ result: ImportResult; out: string }> {
  const project = loadProjectOrThrow(root);
  const out = sink();
  const { result } = await runImport(project, resolveEnvironment(project, 'dev'), opts, { clients: h.clients, out });
  return { result, out: out.text() };
}

test('a state machine and the job it starts become one pipeline with ${Name} references', async () => {
  const { result } = await importIt();
  expect(result.pipelines.map((p) => p.name)).toEqual(['orders']);
  const asl = JSON.parse(readFileSync(join(root, 'pipelines/orders/state-machine.asl.json'), 'utf8'));
  expect(asl.States.Load.Parameters.JobName).toBe('${load-orders}');
  const yaml = readFileSync(join(root, 'pipelines/orders/pipeline.yaml'), 'utf8');
  expect(yaml).toContain('--target_path: s3://${data}/orders/');
  expect(readFileSync(join(root, 'pipelines/orders/scripts/load_orders.py'), 'utf8')).toBe('print("load orders")\n');
});

test('secret-looking arguments are neither written nor printed; they become ${...} references with a warning', async () => {
  const { result, out } = await importIt();
  const json = JSON.stringify(result);
  const files = Object.values(tree(root)).join('\n');
  for (const secret of ['hunter2-s3cr3t', 'pw-in-url-9', 'sk-in-conf-7']) {
    expect(files).not.toContain(secret);
    expect(out).not.toContain(secret);
    expect(json).not.toContain(secret);
  }
  const yaml = readFileSync(join(root, 'pipelines/orders/pipeline.yaml'), 'utf8');
  expect(yaml).toContain('--db_password: ${load-orders.db_password}');
  expect(yaml).toContain('--jdbc_url: ${load-orders.jdbc_url}');
  expect(yaml).toContain('--mode: full');
  expect(result.secretReferences).toEqual(['load-orders.conf', 'load-orders.db_password', 'load-orders.jdbc_url']);
  expect(out).toMatch(/warnings:[\s\S]*--db_password looks secret/);
  // The job is imported, not skipped: only the secret values are the user's to supply.
  expect(result.skipped).toEqual([]);
});

test('existing pipeline folders are refused without --force (exit 2) and nothing is written', async () => {
  mkdirSync(join(root, 'pipelines/orders'), { recursive: true });
  writeFileSync(join(root, 'pipelines/orders/pipeline.yaml'), 'name: orders\n');
  writeFileSync(join(root, 'pipelines/orders/keep.txt'), 'mine\n');
  const before = tree(root);
  const err = await importIt().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toMatch(/pipelines\/orders already exists; nothing was written/);
  expect(tree(root)).toEqual(before);
  expect(existsSync(join(root, '.lakeops')) ? readdirSync(join(root, '.lakeops')) : []).toEqual([]);

  // --force replaces the folder as a whole.
  await importIt({ force: true });
  expect(existsSync(join(root, 'pipelines/orders/keep.txt'))).toBe(false);
  expect(existsSync(join(root, 'pipelines/orders/pipeline.yaml'))).toBe(true);
});

test('--dry-run prints the files and writes nothing', async () => {
  const before = tree(root);
  const { out, result } = await importIt({ dryRun: true });
  expect(result.dryRun).toBe(true);
  expect(out).toContain('would write (dry run, nothing written):');
  expect(out).toContain('pipelines/orders/pipeline.yaml');
  expect(tree(root)).toEqual(before);
});

test('what the model cannot express is skipped with the reason, and what depends on it follows', async () => {
  // A job with a Glue connection: lakeops jobs have none, a deploy would remove it.
  await job('dev-with-connection', { Connections: { Connections: ['shop-db'] } });
  await h.world.handle('glue', 'CreateWorkflow', { Name: 'dev-nightly' });
  await h.world.handle('glue', 'CreateTrigger', {
    Name: 'dev-nightly-start',
    WorkflowName: 'dev-nightly',
    Type: 'SCHEDULED',
    Schedule: 'cron(0 1 * * ? *)',
    Actions: [{ JobName: 'dev-with-connection' }],
    StartOnCreation: true,
  });
  // A rule aimed at a Lambda function; a job outside the environment's naming pattern.
  await h.world.handle('events', 'PutRule', { Name: 'dev-to-lambda', ScheduleExpression: 'rate(1 hour)' });
  await h.world.handle('events', 'PutTargets', {
    Rule: 'dev-to-lambda',
    Targets: [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }],
  });
  for (const n of ['legacy_job', 'legacy_a', 'legacy_b', 'legacy_c']) await job(n);
  const { result, out } = await importIt();
  // One line for many names skipped for one reason.
  expect(out).toContain('job legacy_a, legacy_b, legacy_c and 1 more: its name does not start with');
  const reason = (kind: string, name: string) =>
    result.skipped.find((s) => s.kind === kind && s.physical === name)?.reason;
  expect(reason('job', 'dev-with-connection')).toMatch(/the model cannot express Connections/);
  expect(reason('trigger', 'dev-nightly-start')).toMatch(/job dev-with-connection is not imported/);
  expect(reason('rule', 'dev-to-lambda')).toMatch(/is not a state machine or Glue workflow/);
  expect(reason('job', 'legacy_job')).toMatch(/does not start with environment dev's namePrefix "dev-"/);
  expect(out).toMatch(/skipped[^\n]*\n[\s\S]*job dev-with-connection: the model cannot express Connections/);
  // The rest is still imported.
  expect(result.pipelines.flatMap((p) => p.resources.map((r) => r.physical))).toEqual(
    expect.arrayContaining(['dev-orders', 'dev-load-orders', 'dev-nightly']),
  );
});

test('a script that cannot be read is named with where to put it; nothing takes its place', async () => {
  rmSync(join(root, 'pipelines'), { recursive: true, force: true });
  h.world.objects.delete('lakeops-demo-dev-artifacts/scripts/load_orders.py');
  const { result, out } = await importIt();
  expect(out.replace(/\n\s+/g, ' ')).toMatch(
    /could not be read \(NoSuchKey[^)]*\); copy it to pipelines\/orders\/scripts\/load_orders\.py/,
  );
  for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  expect(existsSync(join(root, 'pipelines/orders/scripts/load_orders.py'))).toBe(false);
  expect(result.pipelines[0]!.files).not.toContain('pipelines/orders/scripts/load_orders.py');
});

test('import refuses a local environment (exit 2)', async () => {
  const project = loadProjectOrThrow(root);
  await expect(
    runImport(project, resolveEnvironment(project, 'local'), {}, { clients: h.clients, out: sink() }),
  ).rejects.toThrow(/reads an AWS account; environment "local" targets local/);
});

test('--select keeps the pipelines holding a match; --pipeline gathers the leftovers', async () => {
  await job('dev-cleanup-a');
  await job('dev-cleanup-b');
  const all = await importIt({ dryRun: true });
  expect(all.result.pipelines.map((p) => p.name)).toEqual(['cleanup-a', 'cleanup-b', 'orders']);
  const selected = await importIt({ dryRun: true, select: ['job:dev-cleanup-*'] });
  expect(selected.result.pipelines.map((p) => p.name)).toEqual(['cleanup-a', 'cleanup-b']);
  const gathered = await importIt({ pipeline: 'housekeeping' });
  expect(gathered.result.pipelines.map((p) => [p.name, p.resources.map((r) => r.logical).sort()])).toEqual([
    ['housekeeping', ['cleanup-a', 'cleanup-b']],
    ['orders', ['load-orders', 'orders']],
  ]);
  expect(readFileSync(join(root, 'pipelines/housekeeping/pipeline.yaml'), 'utf8')).toMatch(
    /cleanup-a:[\s\S]*cleanup-b:/,
  );
});

test('a job left out is named where the state machine still starts it; another role is explained', async () => {
  await h.world.handle('glue', 'UpdateJob', {
    JobName: 'dev-load-orders',
    JobUpdate: {
      Role: ROLE,
      Command: { Name: 'glueetl', ScriptLocation: SCRIPT, PythonVersion: '3' },
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 2,
      Timeout: 60,
      Connections: { Connections: ['shop-db'] },
    },
  });
  await job('dev-other-role', { Role: 'arn:aws:iam::123456789012:role/someone-elses' });
  const { result } = await importIt();
  expect(result.skipped.find((s) => s.physical === 'dev-other-role')?.reason).toBe(
    'it runs as role someone-elses, but every job of environment dev runs as lakeops-demo-dev-glue-job (roles: in lakeops.yaml)',
  );
  const asl = JSON.parse(readFileSync(join(root, 'pipelines/orders/state-machine.asl.json'), 'utf8'));
  expect(asl.States.Load.Parameters.JobName).toBe('dev-load-orders');
  expect(result.notes.map((n) => n.message).join('\n')).toMatch(
    /lakeops validate will report pipelines\/orders\/state-machine\.asl\.json:\d+: .*"dev-load-orders"/,
  );
});

test('an environment without the role the resources need is a configuration error naming the role; nothing is written', async () => {
  const yaml = readFileSync(join(root, 'lakeops.yaml'), 'utf8');
  writeFileSync(join(root, 'lakeops.yaml'), yaml.replace('      stateMachine: lakeops-demo-dev-states\n', ''));
  const before = tree(root);
  const err = await importIt().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toMatch(/declares no roles\.stateMachine/);
  expect((err as Error).message).toMatch(
    /The imported resources use arn:aws:iam::123456789012:role\/lakeops-demo-dev-states/,
  );
  expect(tree(root)).toEqual(before);
});

test('--json prints the documented document', async () => {
  const { out } = await importIt({ json: true, dryRun: true });
  const doc = JSON.parse(out);
  expect(Object.keys(doc).sort()).toEqual(
    ['account', 'dryRun', 'env', 'formatVersion', 'notes', 'pipelines', 'region', 'secretReferences', 'skipped'].sort(),
  );
  expect(doc.formatVersion).toBe(1);
  expect(doc.pipelines[0]).toEqual({
    name: 'orders',
    dir: 'pipelines/orders',
    files: [
      'pipelines/orders/pipeline.yaml',
      'pipelines/orders/scripts/load_orders.py',
      'pipelines/orders/state-machine.asl.json',
    ],
    resources: [
      { kind: 'stateMachine', physical: 'dev-orders', logical: 'orders', pipeline: 'orders' },
      { kind: 'job', physical: 'dev-load-orders', logical: 'load-orders', pipeline: 'orders' },
    ],
  });
});

test('a ${Name} the project already gives another value is not used, so the merged project plans the same', async () => {
  // An existing pipeline's database "load-orders" is dev_load-orders; ${load-orders} means that here.
  mkdirSync(join(root, 'pipelines/catalog'), { recursive: true });
  writeFileSync(join(root, 'pipelines/catalog/pipeline.yaml'), 'name: catalog\ndatabases:\n  load-orders: {}\n');
  await importIt();
  const asl = JSON.parse(readFileSync(join(root, 'pipelines/orders/state-machine.asl.json'), 'utf8'));
  expect(asl.States.Load.Parameters.JobName).toBe('dev-load-orders');
  // The user supplies the secrets the import left out (here: the account's own test values).
  const yaml = readFileSync(join(root, 'lakeops.yaml'), 'utf8');
  writeFileSync(
    join(root, 'lakeops.yaml'),
    yaml.replace(
      '      AthenaWorkgroup: lakeops-demo-dev\n',
      '      AthenaWorkgroup: lakeops-demo-dev\n      load-orders.db_password: hunter2-s3cr3t\n' +
        '      load-orders.jdbc_url: "jdbc:postgresql://admin:pw-in-url-9@db.internal:5432/shop"\n' +
        '      load-orders.conf: spark.hadoop.fs.s3a.secret.key=sk-in-conf-7\n',
    ),
  );
  const project = loadProjectOrThrow(root);
  const { AwsTarget } = await import('../../src/targets/aws/index.js');
  const plan = await new AwsTarget(project, resolveEnvironment(project, 'dev'), { clients: h.clients }).plan(project, {
    pipelines: ['orders'],
    adopt: true,
  });
  const sm = plan.changes.find((c) => c.kind === 'stateMachine')!;
  expect(sm.reason).toMatch(/^adopt:/);
  expect(sm.diffs.filter((d) => !d.path.startsWith('Tags.'))).toEqual([]);
});

test('import again with --force refreshes the pipelines it wrote; without it, they keep their resources', async () => {
  await importIt();
  const first = tree(root);
  const again = await importIt();
  expect(again.result.pipelines).toEqual([]);
  expect(again.result.skipped.map((s) => s.reason)).toEqual([
    'already declared by pipeline orders (lakeops deploy --adopt takes it over)',
    'already declared by pipeline orders (lakeops deploy --adopt takes it over)',
  ]);
  await h.world.handle('sfn', 'UpdateStateMachine', {
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:dev-orders',
    definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
  });
  const refreshed = await importIt({ force: true });
  expect(refreshed.result.pipelines.map((p) => p.name)).toEqual(['orders']);
  expect(refreshed.result.skipped).toEqual([]);
  const now = tree(root);
  expect(now['pipelines/orders/pipeline.yaml']).toBe(first['pipelines/orders/pipeline.yaml']);
  expect(JSON.parse(now['pipelines/orders/state-machine.asl.json']!).StartAt).toBe('Done');
});

test('a crawler of a database a pipeline holds joins that pipeline', async () => {
  await h.world.handle('glue', 'CreateDatabase', { DatabaseInput: { Name: 'dev_shop' } });
  await h.world.handle('glue', 'CreateCrawler', {
    Name: 'dev-shop-crawler',
    Role: 'lakeops-demo-dev-glue-crawler',
    DatabaseName: 'dev_shop',
    Targets: { S3Targets: [{ Path: 's3://lakeops-demo-dev-data/orders/' }] },
  });
  await h.world.handle('sfn', 'UpdateStateMachine', {
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:dev-orders',
    definition: JSON.stringify({
      StartAt: 'Load',
      States: {
        Load: {
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun.sync',
          Parameters: { JobName: 'dev-load-orders' },
          Next: 'Count',
        },
        Count: {
          Type: 'Task',
          Resource: 'arn:aws:states:::athena:startQueryExecution.sync',
          Parameters: { QueryString: 'SELECT 1', QueryExecutionContext: { Database: 'dev_shop' } },
          End: true,
        },
      },
    }),
  });
  const { result } = await importIt();
  expect(result.pipelines.map((p) => [p.name, p.resources.map((r) => r.logical).sort()])).toEqual([
    ['orders', ['load-orders', 'orders', 'shop', 'shop-crawler']],
  ]);
  const yaml = readFileSync(join(root, 'pipelines/orders/pipeline.yaml'), 'utf8');
  expect(yaml).toContain(
    'crawlers:\n  shop-crawler:\n    database: shop\n    targets:\n      - path: s3://${data}/orders/',
  );
});

test('a Glue workflow with its trigger and job, started by a schedule, round-trips every schedule setting', async () => {
  await job('dev-nightly-load');
  await h.world.handle('glue', 'CreateWorkflow', { Name: 'dev-nightly', MaxConcurrentRuns: 1 });
  await h.world.handle('glue', 'CreateTrigger', {
    Name: 'dev-nightly-start',
    WorkflowName: 'dev-nightly',
    Type: 'ON_DEMAND',
    Actions: [{ JobName: 'dev-nightly-load', Arguments: { '--day': 'today' } }],
  });
  await h.world.handle('scheduler', 'CreateScheduleGroup', { Name: 'dev-lakeops-demo' });
  await h.world.handle('scheduler', 'CreateSchedule', {
    Name: 'dev-nightly-at-one',
    GroupName: 'dev-lakeops-demo',
    Description: 'One in the morning, Berlin time.',
    ScheduleExpression: 'cron(0 1 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
    State: 'DISABLED',
    FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    Target: {
      Arn: 'arn:aws:scheduler:::aws-sdk:glue:startWorkflowRun',
      RoleArn: 'arn:aws:iam::123456789012:role/lakeops-demo-dev-scheduler',
      Input: JSON.stringify({ Name: 'dev-nightly' }),
    },
  });
  const { result } = await importIt();
  expect(result.skipped).toEqual([]);
  const nightly = result.pipelines.find((p) => p.name === 'nightly')!;
  expect(nightly.resources.map((r) => `${r.kind}:${r.logical}`).sort()).toEqual([
    'job:nightly-load',
    'schedule:nightly-at-one',
    'trigger:nightly-start',
    'workflow:nightly',
  ]);
  const yaml = readFileSync(join(root, 'pipelines/nightly/pipeline.yaml'), 'utf8');
  expect(yaml).toContain(
    [
      'schedules:',
      '  nightly-at-one:',
      '    description: One in the morning, Berlin time.',
      '    expression: cron(0 1 * * ? *)',
      '    target: workflow',
      '    timezone: Europe/Berlin',
      '    flexibleWindowMinutes: 15',
      '    enabled: false',
    ].join('\n'),
  );
});

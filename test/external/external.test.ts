// Resources owned elsewhere (external: in lakeops.yaml): plan and deploy never create, update,
// adopt or delete them, even when one carries this environment's marks; declaring one as well
// stops the plan; preflight reads each and reports a missing one at its lakeops.yaml line.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetDatabaseCommand, GetJobCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../src/model/diagnostics.js';
import { checkExternalResources } from '../../src/targets/aws/preflight-external.js';
import { awsError } from '../fixtures/aws/fake-aws.js';
import { copyProject, harness, silent } from '../fixtures/aws/harness.js';

const EXTERNAL = `
external:
  databases:
    default: {}
    partner: { name: partner_team }
  tables:
    partner.customers: {}
  buckets:
    partner-drop: { name: partner-drop-bucket }
  jobs:
    upstream-ingest: { name: team-b-ingest }
  stateMachines:
    audit: { arn: 'arn:aws:states:us-east-1:210987654321:stateMachine:audit' }
`;

function setup() {
  const { root, cleanup } = copyProject();
  appendFileSync(join(root, 'lakeops.yaml'), EXTERNAL);
  return { root, cleanup, h: harness({ root }) };
}

const marks = { 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'dev', 'lakeops:pipeline': 'gone' };

test('plan never lists external resources and deploy --prune sends no write naming them, even when they carry our marks', async () => {
  const { cleanup, h } = setup();
  try {
    // As if an earlier lakeops deploy had made them: owned by every mark, not desired any more.
    await h.world.handle('glue', 'CreateDatabase', { DatabaseInput: { Name: 'partner_team', Parameters: marks } });
    await h.world.handle('glue', 'CreateTable', {
      DatabaseName: 'partner_team',
      TableInput: { Name: 'customers', Parameters: marks, StorageDescriptor: { Columns: [] } },
    });
    await h.world.handle('glue', 'CreateJob', {
      Name: 'team-b-ingest',
      Role: 'r',
      Command: { Name: 'glueetl', ScriptLocation: 's3://b/s.py' },
      Tags: marks,
    });
    h.world.calls = [];
    const plan = await h.target.plan(h.project);
    const external = /partner_team|team-b-ingest|stateMachine:audit/;
    expect(plan.changes.filter((c) => external.test(c.name))).toEqual([]);
    const result = await h.target.deploy(h.project, { prune: true, allowDeletes: 1000 }, silent);
    expect(result.failed).toEqual([]);
    const writes = h.world.mutatingCalls().filter((c) => external.test(JSON.stringify(c.input)));
    expect(writes).toEqual([]);
    // They are all still there.
    expect(h.world.tables.get('partner_team')?.has('customers')).toBe(true);
  } finally {
    cleanup();
  }
});

test('a declared table that is also external stops the plan before any AWS call', async () => {
  const { root, cleanup } = copyProject();
  try {
    appendFileSync(
      join(root, 'lakeops.yaml'),
      EXTERNAL.replace('    partner.customers: {}', '    partner.customers: {}\n    demo-raw-data.mine: {}'),
    );
    appendFileSync(
      join(root, 'pipelines/hourly-hits/pipeline.yaml'),
      '\ntables:\n  mine:\n    database: demo-raw-data\n    location: s3://${data}/mine/\n    format: json\n    columns: [{ name: a, type: string }]\n',
    );
    const h = harness({ root });
    const err = await h.target.plan(h.project).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).diagnostics).toEqual([
      expect.objectContaining({
        file: 'pipelines/hourly-hits/pipeline.yaml',
        rule: 'external-conflict',
        message: expect.stringMatching(/table dev_demo-raw-data\.mine is listed under external:/),
      }),
    ]);
    expect(h.world.calls).toEqual([]);
  } finally {
    cleanup();
  }
});

test('preflight reads each external resource and names a missing one by its lakeops.yaml line', async () => {
  const { cleanup, h } = setup();
  try {
    const glue = new GlueClient({ region: 'us-east-1' });
    const s3 = new S3Client({ region: 'us-east-1' });
    const sfn = new SFNClient({ region: 'us-east-1' });
    const g = mockClient(glue);
    const b = mockClient(s3);
    const f = mockClient(sfn);
    g.on(GetDatabaseCommand).resolves({ Database: { Name: 'x' } });
    g.on(GetTableCommand).rejects(awsError('EntityNotFoundException', 'Table customers not found.'));
    g.on(GetJobCommand).resolves({ Job: { Name: 'team-b-ingest' } });
    b.on(GetBucketLocationCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    f.on(DescribeStateMachineCommand).resolves({} as never);
    const lines = readFileSync(join(h.project.root, 'lakeops.yaml'), 'utf8').split('\n');
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    const findings = await checkExternalResources(h.project, h.env, { glue, s3, sfn }, '123456789012');
    expect(findings).toEqual([
      {
        piece: `external bucket partner-drop-bucket (lakeops.yaml:${lineOf('partner-drop:')} external.buckets.partner-drop)`,
        problem: 'does not exist; lakeops never creates an external resource',
        fix: 'ask its owner to create it, or correct external.buckets.partner-drop in lakeops.yaml',
      },
      {
        piece: `external glue table partner_team.customers (lakeops.yaml:${lineOf('partner.customers:')} external.tables.partner.customers)`,
        problem: 'does not exist; lakeops never creates an external resource',
        fix: 'ask its owner to create it, or correct external.tables.partner.customers in lakeops.yaml',
      },
    ]);
    // Only reads, one per entry, with the physical names (never prefixed by dev-/dev_).
    expect(
      g
        .commandCalls(GetDatabaseCommand)
        .map((c) => c.args[0].input.Name)
        .sort(),
    ).toEqual(['default', 'partner_team']);
    expect(g.commandCalls(GetJobCommand).map((c) => c.args[0].input.JobName)).toEqual(['team-b-ingest']);
    expect(f.commandCalls(DescribeStateMachineCommand).map((c) => c.args[0].input.stateMachineArn)).toEqual([
      'arn:aws:states:us-east-1:210987654321:stateMachine:audit',
    ]);
  } finally {
    cleanup();
  }
});

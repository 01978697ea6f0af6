// Glue connections: declared in pipeline.yaml, deployed as CreateConnection's ConnectionInput with
// ownership tags, referenced by jobs (Job.Connections), read back with passwords hidden so a
// deploy followed by a plan shows no change; credentials only as SECRET_ID; a script job whose data
// comes through a connection is reported as not runnable locally and fails locally with the reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateConnectionCommand,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GetConnectionsCommand,
  GetTagsCommand,
  GlueClient,
  UpdateConnectionCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { buildDesiredState } from '../../src/planner/desired.js';
import { accountContext } from '../../src/planner/names.js';
import { normalise } from '../../src/planner/normalise.js';
import type { PlannedChange } from '../../src/planner/types.js';
import { connectionWriter } from '../../src/targets/aws/apply-connections.js';
import type { AwsClients } from '../../src/targets/aws/clients.js';
import { readConnections } from '../../src/targets/aws/read-connections.js';
import { Reader } from '../../src/targets/aws/reader.js';
import type { WriteContext } from '../../src/targets/aws/writer.js';
import { validateProject } from '../../src/validate/index.js';
import { awsError } from '../fixtures/aws/fake-aws.js';
import { copyProject, edit } from '../fixtures/aws/harness.js';

const FILE = 'pipelines/bookmarked-ingest/pipeline.yaml';
const CONNECTIONS = `connections:
  orders-db:
    description: The shop's order database.
    type: JDBC
    connectionProperties:
      JDBC_CONNECTION_URL: jdbc:postgresql://orders.example.internal:5432/shop
      SECRET_ID: \${Env}/orders-db
    physicalConnectionRequirements:
      subnetId: subnet-0abc
      securityGroupIds: [sg-2, sg-1]
      availabilityZone: us-east-1a

jobs:
`;

let copy: ReturnType<typeof copyProject>;
beforeEach(() => {
  copy = copyProject();
  edit(copy.root, FILE, /^jobs:\n/m, CONNECTIONS);
  edit(copy.root, FILE, '      bookmarks: enable\n', '      bookmarks: enable\n      connections: [orders-db]\n');
});
afterEach(() => copy.cleanup());

/** 1-based line of the nth (1-based) line holding `text`. */
const lineOf = (text: string, nth = 1) => {
  const lines = readFileSync(join(copy.root, FILE), 'utf8').split('\n');
  let seen = 0;
  return lines.findIndex((l) => l.includes(text) && ++seen === nth) + 1;
};

function desired() {
  const project = loadProjectOrThrow(copy.root);
  const env = resolveEnvironment(project, 'dev');
  return { env, state: buildDesiredState(project, env, { ctx: accountContext(env, '123456789012') }) };
}

test('a connection deploys as its ConnectionInput with tags, and the job names it in Connections', () => {
  const { state } = desired();
  const c = state.resources.find((r) => r.kind === 'connection')!;
  expect(c.name).toBe('dev-orders-db');
  expect(c.spec).toEqual({
    Description: "The shop's order database.",
    ConnectionType: 'JDBC',
    ConnectionProperties: {
      JDBC_CONNECTION_URL: 'jdbc:postgresql://orders.example.internal:5432/shop',
      SECRET_ID: 'dev/orders-db',
    },
    PhysicalConnectionRequirements: {
      SubnetId: 'subnet-0abc',
      SecurityGroupIdList: ['sg-2', 'sg-1'],
      AvailabilityZone: 'us-east-1a',
    },
  });
  expect(c.tags).toMatchObject({ 'lakeops:pipeline': 'bookmarked-ingest', 'lakeops:env': 'dev' });
  expect(c.line).toBe(lineOf('  orders-db:'));
  const job = state.resources.find((r) => r.kind === 'job' && r.name === 'dev-ingest-orders')!;
  expect(job.spec.Connections).toEqual({ Connections: ['dev-orders-db'] });
});

test('an inline password, an unknown connection and a NETWORK connection without a subnet are errors at their lines', async () => {
  edit(copy.root, FILE, '      SECRET_ID: ${Env}/orders-db\n', '      USERNAME: shop\n      PASSWORD: hunter2\n');
  edit(copy.root, FILE, 'connections: [orders-db]', 'connections: [orders-db, warehouse]');
  edit(copy.root, FILE, '\njobs:\n', '\n  vpc-only:\n    type: NETWORK\n\njobs:\n');
  const r = await validateProject(copy.root, { env: 'dev' });
  const found = r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.rule]);
  expect(found).toEqual(
    expect.arrayContaining([
      [lineOf('PASSWORD: hunter2'), 'connection-secret'],
      [lineOf('connections: [orders-db, warehouse]'), 'ref-connection'],
      [lineOf('  vpc-only:'), 'connection-shape'],
    ]),
  );
  expect(found).toHaveLength(3);
  // The password never reaches a deploy spec or a message.
  expect(JSON.stringify(r.diagnostics)).not.toContain('hunter2');
  const spec = desired().state.resources.find((x) => x.kind === 'connection' && x.name === 'dev-orders-db')!.spec;
  expect(JSON.stringify(spec)).not.toContain('hunter2');
});

test('a script job reading through a JDBC connection is not runnable locally: a validate warning and a failed local run', async () => {
  edit(
    copy.root,
    FILE,
    '\nworkflow:\n',
    '  extract-orders:\n    script: glue-scripts/ml_lab_dedup.py\n    glue:\n      connections: [orders-db]\n\nworkflow:\n',
  );
  const r = await validateProject(copy.root, { env: 'local' });
  expect(r.diagnostics.filter((d) => d.rule === 'local-connection').map((d) => [d.line, d.severity])).toEqual([
    [lineOf('connections: [orders-db]', 2), 'warning'],
  ]);
  const { LocalEngine } = await import('../../src/targets/local/engine.js');
  const project = loadProjectOrThrow(copy.root);
  const engine = await LocalEngine.open(project, resolveEnvironment(project, 'local'));
  try {
    const run = await engine.startJobRun('extract-orders', {});
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toMatch(/not runnable locally: the script reads through connection "orders-db" \(JDBC\)/);
  } finally {
    await engine.close();
  }
});

describe('on AWS', () => {
  const glue = mockClient(GlueClient);
  beforeEach(() => glue.reset());
  const clients = { glue: new GlueClient({ region: 'us-east-1' }) } as unknown as AwsClients;

  function ctx(): WriteContext {
    const { env } = desired();
    return {
      clients,
      env,
      ctx: accountContext(env, '123456789012'),
      clock: { now: () => 0, sleep: async () => {} },
      crawlerWaitMs: 0,
      crawlerPollMs: 0,
      note: () => {},
    } as unknown as WriteContext;
  }

  test('create sends the ConnectionInput and the ownership tags; update replaces it; delete of a gone one is done', async () => {
    const d = desired().state.resources.find((r) => r.kind === 'connection')!;
    glue.on(CreateConnectionCommand).resolves({});
    glue.on(UpdateConnectionCommand).resolves({});
    glue.on(DeleteConnectionCommand).rejects(awsError('EntityNotFoundException', 'Connection not found'));
    await connectionWriter.create(d, ctx());
    const created = glue.commandCalls(CreateConnectionCommand)[0]!.args[0].input;
    expect(created.ConnectionInput).toEqual({ ...d.spec, Name: 'dev-orders-db' });
    expect(created.Tags).toMatchObject({ 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'dev' });
    const change = {
      change: { diffs: [{ path: 'ConnectionProperties.JDBC_CONNECTION_URL' }] },
    } as unknown as PlannedChange;
    await connectionWriter.update(d, { kind: 'connection', name: d.name, spec: {} }, change, ctx());
    expect(glue.commandCalls(UpdateConnectionCommand)[0]!.args[0].input).toEqual({
      Name: 'dev-orders-db',
      ConnectionInput: { ...d.spec, Name: 'dev-orders-db' },
    });
    await connectionWriter.delete({ kind: 'connection', name: 'dev-orders-db', spec: {} }, ctx());
  });

  test('a connection that exists without our tags is a conflict, never overwritten', async () => {
    const d = desired().state.resources.find((r) => r.kind === 'connection')!;
    glue.on(CreateConnectionCommand).rejects(awsError('AlreadyExistsException', 'Connection already exists.'));
    glue.on(GetTagsCommand).resolves({ Tags: { team: 'other' } });
    await expect(connectionWriter.create(d, ctx())).rejects.toThrow(
      /already exists without this project's lakeops tags/,
    );
    expect(glue.commandCalls(UpdateConnectionCommand)).toHaveLength(0);
  });

  test('read back (passwords hidden) it normalises to the desired spec, and owned leftovers are delete candidates', async () => {
    const { env, state } = desired();
    const d = state.resources.find((r) => r.kind === 'connection')!;
    const ours = { 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'dev' };
    glue.on(GetConnectionCommand, { Name: 'dev-orders-db', HidePassword: true }).resolves({
      Connection: {
        Name: 'dev-orders-db',
        Description: "The shop's order database.",
        ConnectionType: 'JDBC',
        ConnectionProperties: d.spec.ConnectionProperties as Record<string, string>,
        PhysicalConnectionRequirements: {
          SubnetId: 'subnet-0abc',
          SecurityGroupIdList: ['sg-1', 'sg-2'],
          AvailabilityZone: 'us-east-1a',
        },
        CreationTime: new Date(0),
        LastUpdatedTime: new Date(0),
        Status: 'READY',
      },
    });
    glue.on(GetConnectionsCommand).resolves({
      ConnectionList: [{ Name: 'dev-orders-db' }, { Name: 'dev-old-db' }, { Name: 'someone-elses' }],
    });
    glue.on(GetTagsCommand).resolves({ Tags: ours });
    const r = new Reader(clients, env, accountContext(env, '123456789012'));
    const read = await readConnections(r, ['dev-orders-db']);
    const mine = read.find((a) => a.name === 'dev-orders-db')!;
    expect(mine.owned).toBe(true);
    expect(normalise('connection', mine.spec)).toEqual(normalise('connection', d.spec));
    expect(read.map((a) => a.name).sort()).toEqual(['dev-old-db', 'dev-orders-db']);
    expect(glue.commandCalls(GetConnectionCommand).every((c) => c.args[0].input.HidePassword === true)).toBe(true);
  });
});

// Changes that cannot happen in place (a rule moving to another bus, a trigger changing type) are
// deletes plus creates; Athena views are compared by their SQL's parse, so only real changes
// re-create them; the target's clients, query() and run() wiring.
import { clientConfig, createClients } from '../../src/targets/aws/clients.js';
import { copyProject, edit, harness, silent } from '../fixtures/aws/harness.js';

async function deployedCopy() {
  const copy = copyProject();
  const h = harness({ root: copy.root });
  await h.target.deploy(h.project, {}, silent);
  h.world.calls = [];
  return { copy, h };
}

test('a rule moving to another event bus is deleted from the old bus and created on the new one', async () => {
  const { copy, h } = await deployedCopy();
  try {
    edit(
      copy.root,
      'pipelines/customer-dedup/pipeline.yaml',
      '  find-matches-rule:\n',
      '  find-matches-rule:\n    bus: customer-etl-events\n',
    );
    const { target, project } = h.reload();
    const change = (await target.plan(project)).changes.find((c) => c.name === 'dev-find-matches-rule')!;
    expect(change).toMatchObject({
      action: 'update',
      reason: expect.stringMatching(/EventBusName cannot change in place/),
    });
    const result = await target.deploy(project, {}, silent);
    expect(result.failed).toEqual([]);
    expect(h.world.mutatingCalls().map((c) => `${c.op} ${c.input.EventBusName}`)).toEqual([
      'RemoveTargets default',
      'DeleteRule default',
      'PutRule dev-customer-etl-events',
      'PutTargets dev-customer-etl-events',
      'PutObject undefined', // the deploy record
    ]);
    expect(h.world.rules.has('default|dev-find-matches-rule')).toBe(false);
    expect(h.world.rules.get('dev-customer-etl-events|dev-find-matches-rule')!.targets).toHaveLength(1);
    expect((await target.plan(project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  } finally {
    copy.cleanup();
  }
});

test('a trigger changing type is re-created (Glue cannot change a trigger type in place)', async () => {
  const { copy, h } = await deployedCopy();
  try {
    edit(
      copy.root,
      'pipelines/byod-curation/pipeline.yaml',
      /type: SCHEDULED\n(\s+)description: Once a day, crawl every raw dataset \(the crawlers run in parallel\)\.\n\s+schedule: cron\(0 6 \* \* \? \*\)\n/,
      'type: ON_DEMAND\n$1description: Once a day, crawl every raw dataset (the crawlers run in parallel).\n',
    );
    const { target, project } = h.reload();
    const result = await target.deploy(project, {}, silent);
    expect(result.failed).toEqual([]);
    const writes = h.world.mutatingCalls().filter((c) => c.service === 'glue');
    expect(writes.map((c) => c.op)).toEqual(['DeleteTrigger', 'CreateTrigger']);
    expect(writes[1]!.input.StartOnCreation).toBeUndefined(); // not allowed for ON_DEMAND
    expect(h.world.triggers.get('dev-trigger-crawler-rawdata')!.trigger).toMatchObject({
      Type: 'ON_DEMAND',
      State: 'CREATED',
    });
    expect((await target.plan(project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  } finally {
    copy.cleanup();
  }
});

test('views: a reformatted SQL file is not a change; a changed SELECT runs CREATE OR REPLACE VIEW', async () => {
  const { copy, h } = await deployedCopy();
  try {
    const file = 'sql/views/tpc_customer_inter.sql';
    edit(copy.root, file, 'ORDER BY 3 DESC', '-- most clicks first\norder   by 3 desc');
    let { target, project } = h.reload();
    expect((await target.plan(project)).changes.filter((c) => c.action !== 'noop').map((c) => c.kind)).toEqual([]);

    edit(copy.root, file, /order {3}by 3 desc/, 'ORDER BY 3 DESC\nLIMIT 100');
    ({ target, project } = h.reload());
    const change = (await target.plan(project)).changes.find((c) => c.kind === 'view')!;
    expect(change).toMatchObject({ action: 'update', name: 'dev_glue_ttt_demo_db.tpc_customer_inter' });
    expect(change.diffs.map((d) => d.path)).toEqual(['OriginalSql']);
    expect(String(change.diffs[0]!.after)).toMatch(/LIMIT 100$/);
    h.world.calls = [];
    await target.deploy(project, {}, silent);
    const ddl = h.world.calls.filter((c) => c.op === 'StartQueryExecution');
    expect(ddl).toHaveLength(1);
    expect(ddl[0]!.input).toMatchObject({
      QueryString: expect.stringMatching(
        /^CREATE OR REPLACE VIEW "dev_glue_ttt_demo_db"\."tpc_customer_inter" AS\n[\s\S]*LIMIT 100$/,
      ),
      WorkGroup: 'lakeops-demo-dev',
      QueryExecutionContext: { Database: 'dev_glue_ttt_demo_db' },
    });
    expect((await target.plan(project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  } finally {
    copy.cleanup();
  }
});

describe('wiring', () => {
  test('clients: region and the environment endpoint; without one the SDK keeps its own AWS_ENDPOINT_URL handling', async () => {
    const h = harness();
    expect(clientConfig(h.env)).toEqual({ region: 'us-east-1', retryMode: 'adaptive', maxAttempts: 10 });
    const withEndpoint = { ...h.env, config: { ...h.env.config, endpoint: 'http://localhost:4566' } };
    expect(clientConfig(withEndpoint)).toMatchObject({ endpoint: 'http://localhost:4566' });
    const clients = createClients(withEndpoint);
    const ep = await (clients.glue.config as any).endpoint();
    expect(`${ep.protocol}//${ep.hostname}:${ep.port}`).toBe('http://localhost:4566');
    expect(clients.s3.config.forcePathStyle).toBe(true);
    expect(await clients.glue.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
  });

  test('query() runs on Athena through the runner; run() goes to the runner too', async () => {
    const h = harness();
    h.world.cannedQueries.set('SELECT 1 AS n', { columns: [{ Name: 'n', Type: 'integer' }], rows: [['1']] });
    const r = await h.target.query('SELECT 1 AS n', { database: 'dev_workshop_raw' });
    expect(r).toMatchObject({ columns: ['n'], rows: [{ n: 1 }], totalRows: 1 });
    expect(h.world.calls.find((c) => c.op === 'StartQueryExecution')!.input.WorkGroup).toBe('lakeops-demo-dev');
    await expect(h.target.run(h.project, 'no-such-pipeline', {}, silent)).rejects.toThrow(
      /unknown pipeline "no-such-pipeline"/,
    );
  });
});

// Deploying the five example pipelines into a fake AWS account (aws-sdk-client-mock, responses in
// AWS's documented shapes): the expected creates, a second deploy that changes nothing, a one-file
// change that touches only its artifact and job, drift, and the round trip deploy -> plan = no-op.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployRecordKey } from '../../src/planner/names.js';
import { copyProject, harness, recordingProgress, silent } from '../fixtures/aws/harness.js';

const opsOf = (calls: { service: string; op: string }[]) => calls.map((c) => `${c.service}:${c.op}`);
const countOps = (calls: { service: string; op: string }[]) => {
  const out: Record<string, number> = {};
  for (const k of opsOf(calls)) out[k] = (out[k] ?? 0) + 1;
  return out;
};

describe('deploy of the five examples', () => {
  test('into an empty account: plan lists only creates, deploy issues exactly those creates', async () => {
    const h = harness();
    const plan = await h.target.plan(h.project);
    const actions = new Set(plan.changes.map((c) => c.action));
    expect([...actions]).toEqual(['create']);
    const kinds = (k: string) => plan.changes.filter((c) => c.kind === k).map((c) => c.name);
    expect(kinds('job').sort()).toEqual(
      [
        'dev-customers-job',
        'dev-hits-aggregator',
        'dev-ingest-customers',
        'dev-ingest-orders',
        'dev-ml-lab-notebook-job',
        'dev-sales-by-country',
        'dev-sales-job',
        'dev-summarise-orders',
        'dev-transform-customers',
      ].sort(),
    );
    expect(kinds('stateMachine').sort()).toEqual(
      [
        'dev-click-file-audit-workflow',
        'dev-customer-etl-pipeline',
        'dev-findmatches-ML-dedup-workflow',
        'dev-hits-aggregator-workflow',
        'dev-order-scoring-workflow',
        'dev-sales-jsonata-workflow',
      ].sort(),
    );
    expect(kinds('view')).toEqual(['dev_glue_ttt_demo_db.tpc_customer_inter']);
    // Every change points at the pipeline.yaml line that declares it (the runner artifact and the
    // schedule group are shared by all pipelines).
    for (const c of plan.changes.filter((x) => x.pipeline))
      expect(c.file).toBe(`pipelines/${c.pipeline}/pipeline.yaml`);
    for (const c of plan.changes.filter((x) => x.pipeline)) expect(c.line).toBeGreaterThan(1);

    h.world.calls = [];
    const progress = recordingProgress();
    const result = await h.target.deploy(h.project, {}, progress);
    expect(result.failed).toEqual([]);
    expect(result.applied).toHaveLength(plan.changes.length);
    const counts = countOps(h.world.mutatingCalls());
    const planned = (k: string) => plan.changes.filter((c) => c.kind === k).length;
    expect(counts).toEqual({
      'glue:CreateDatabase': planned('database'),
      'glue:CreateJob': planned('job'),
      'glue:CreateCrawler': planned('crawler'),
      'glue:CreateWorkflow': planned('workflow'),
      'glue:CreateTrigger': planned('trigger'),
      'logs:CreateLogGroup': 2, // the two state machines that log (hourly-hits, customer-etl)
      'sfn:CreateStateMachine': planned('stateMachine'),
      'events:CreateEventBus': planned('eventBus'),
      'events:PutRule': planned('rule'),
      'events:PutTargets': planned('rule'),
      'scheduler:CreateScheduleGroup': 1,
      'scheduler:CreateSchedule': planned('schedule'),
      'athena:StartQueryExecution': planned('view'),
      // every artifact, plus the deploy record
      's3:PutObject': planned('artifact') + 1,
    });
    expect(progress.lines.filter((l) => l.startsWith('✓ create'))).toHaveLength(plan.changes.length);

    // Ownership tags on what was created; schedules live in a tagged group.
    const tags = { 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'dev' };
    expect(h.world.jobs.get('dev-hits-aggregator')!.tags).toMatchObject({
      ...tags,
      'lakeops:pipeline': 'hourly-hits',
      team: 'data-engineering',
    });
    expect(h.world.machines.get('dev-customer-etl-pipeline')!.tags).toMatchObject({
      ...tags,
      'lakeops:pipeline': 'customer-etl',
    });
    expect(h.world.groups.get('dev-lakeops-demo')!.tags).toMatchObject(tags);
    expect(h.world.rules.get('default|dev-total-clicks-rule')!.tags).toMatchObject({
      ...tags,
      'lakeops:pipeline': 'clickstream-total-clicks',
    });
    expect(h.world.databases.get('dev_glue_ttt_demo_db')!.db.Parameters).toMatchObject(tags);
  });

  test('definitions reach AWS resolved for the environment', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    const job = h.world.jobs.get('dev-hits-aggregator')!.job;
    expect(job.Command.ScriptLocation).toMatch(
      /^s3:\/\/lakeops-demo-dev-artifacts\/lakeops-demo\/dev\/artifacts\/[0-9a-f]{64}\/lakeops_sql_runner\.py$/,
    );
    const outputs = JSON.parse(job.DefaultArguments['--lakeops_outputs']);
    expect(outputs.map((o: { path: string }) => o.path)).toEqual([
      's3://lakeops-demo-dev-data/hourly-hits/aggregated/hits_by_country/',
      's3://lakeops-demo-dev-data/hourly-hits/aggregated/hits_by_domain_and_groupid/',
      's3://lakeops-demo-dev-data/hourly-hits/aggregated/hits_by_useragent/',
    ]);
    // The uploaded SQL is the repository's file, at a key named by its content hash.
    const [, key] = /^s3:\/\/[^/]+\/(.+)$/.exec(outputs[0].sql)!;
    expect(h.world.objects.get(`lakeops-demo-dev-artifacts/${key}`)!.body.toString()).toBe(
      readFileSync('sql/jobs/hits_by_country.sql', 'utf8'),
    );
    const sm = h.world.machines.get('dev-hits-aggregator-workflow')!.sm;
    expect(sm.definition).not.toContain('${');
    expect(JSON.parse(sm.definition).States['Aggregate Hits'].Parameters.JobName).toBe('dev-hits-aggregator');
    expect(sm.roleArn).toBe('arn:aws:iam::123456789012:role/lakeops-demo-dev-states');
    const rule = h.world.rules.get('default|dev-total-clicks-rule')!;
    expect(JSON.parse(rule.rule.EventPattern).detail.requestParameters.bucketName).toEqual(['lakeops-demo-dev-data']);
    expect(rule.targets).toEqual([
      {
        Id: 'workflow',
        Arn: 'arn:aws:glue:us-east-1:123456789012:workflow/dev-etl-ttt-event-driven-workflow',
        RoleArn: 'arn:aws:iam::123456789012:role/lakeops-demo-dev-events',
      },
    ]);
    const trigger = h.world.triggers.get('dev-trigger-crawler-curateddata')!.trigger;
    expect(trigger).toMatchObject({
      Type: 'CONDITIONAL',
      State: 'ACTIVATED',
      WorkflowName: 'dev-byod',
      Predicate: { Logical: 'AND' },
    });
    expect(h.world.triggers.get('dev-s3-object-trigger')!.trigger.EventBatchingCondition).toEqual({
      BatchSize: 2,
      BatchWindow: 900,
    });
    const schedule = h.world.schedules.get('dev-lakeops-demo|dev-hits-aggregator-hourly');
    expect(schedule.Target.Arn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:dev-hits-aggregator-workflow');
    expect(JSON.parse(schedule.Target.Input)).toEqual({ scheduled_time: '<aws.scheduler.scheduled-time>' });
    const q = [...h.world.queries.values()][0];
    expect(q.Query).toMatch(/^CREATE OR REPLACE VIEW "dev_glue_ttt_demo_db"\."tpc_customer_inter" AS\n/);
    expect(q.WorkGroup).toBe('lakeops-demo-dev');
  });

  test('a second deploy issues zero mutating calls, and plan after deploy shows no changes', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    const plan = await h.target.plan(h.project);
    expect(plan.changes.filter((c) => c.action !== 'noop')).toEqual([]);
    h.world.calls = [];
    const again = await h.target.deploy(h.project, {}, silent);
    expect(h.world.mutatingCalls()).toEqual([]);
    expect(again.applied).toEqual([]);
    expect(again.failed).toEqual([]);
  });

  test('changing one SQL file updates only its S3 artifact and the one job that uses it', async () => {
    const copy = copyProject();
    try {
      const h = harness({ root: copy.root });
      await h.target.deploy(h.project, {}, silent);
      const file = join(copy.root, 'sql/jobs/customer_etl_transform.sql');
      writeFileSync(file, readFileSync(file, 'utf8') + '\n-- reviewed\n');
      const { target, project } = h.reload();
      const plan = await target.plan(project);
      const changed = plan.changes.filter((c) => c.action !== 'noop');
      expect(changed.map((c) => `${c.action} ${c.kind}`)).toEqual(['create artifact', 'update job']);
      expect(changed[0]!.name).toMatch(/\/customer_etl_transform\.sql$/);
      expect(changed[1]!.name).toBe('dev-transform-customers');
      expect(changed[1]!.diffs.map((d) => d.path)).toEqual(['DefaultArguments.--lakeops_outputs.0.sql']);
      expect(changed[1]!.drift).toBeUndefined();

      h.world.calls = [];
      await target.deploy(project, {}, silent);
      const record = `lakeops-demo-dev-artifacts/${deployRecordKey(h.env)}`;
      const writes = h.world
        .mutatingCalls()
        .filter((c) => !(c.op === 'PutObject' && `${c.input.Bucket}/${c.input.Key}` === record));
      expect(writes.map((c) => `${c.op} ${c.input.Key ?? c.input.JobName}`)).toEqual([
        `PutObject ${changed[0]!.name}`,
        'UpdateJob dev-transform-customers',
      ]);
      // UpdateJob replaces the definition: the full desired job went, not a patch.
      const update = writes[1]!.input.JobUpdate;
      expect(Object.keys(update).sort()).toEqual(
        [
          'Command',
          'DefaultArguments',
          'Description',
          'ExecutionProperty',
          'GlueVersion',
          'MaxRetries',
          'NumberOfWorkers',
          'Role',
          'Timeout',
          'WorkerType',
        ].sort(),
      );
      expect((await target.plan(project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
    } finally {
      copy.cleanup();
    }
  });

  test('a managed resource changed by hand shows as drift with the fields, and deploy restores it', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    const job = h.world.jobs.get('dev-hits-aggregator')!.job;
    job.NumberOfWorkers = 10;
    job.DefaultArguments['--conf'] = 'spark.sql.shuffle.partitions=4';
    h.world.triggers.get('dev-trigger-crawler-rawdata')!.trigger.State = 'DEACTIVATED';
    h.world.machines.get('dev-hits-aggregator-workflow')!.sm.tracingConfiguration = { enabled: true };

    const plan = await h.target.plan(h.project);
    const changed = plan.changes.filter((c) => c.action !== 'noop').sort((a, b) => a.kind.localeCompare(b.kind));
    expect(changed.map((c) => [c.kind, c.name, c.drift, c.diffs.map((d) => d.path)])).toEqual([
      ['job', 'dev-hits-aggregator', true, ['DefaultArguments.--conf', 'NumberOfWorkers']],
      ['stateMachine', 'dev-hits-aggregator-workflow', true, ['tracingConfiguration.enabled']],
      ['trigger', 'dev-trigger-crawler-rawdata', true, ['State']],
    ]);
    expect(changed[0]!.diffs[1]).toEqual({ path: 'NumberOfWorkers', before: 10, after: 2 });

    h.world.calls = [];
    await h.target.deploy(h.project, {}, silent);
    expect(opsOf(h.world.mutatingCalls()).sort()).toEqual([
      'glue:StartTrigger',
      'glue:UpdateJob',
      'sfn:UpdateStateMachine',
    ]);
    expect(h.world.jobs.get('dev-hits-aggregator')!.job.NumberOfWorkers).toBe(2);
    expect(h.world.jobs.get('dev-hits-aggregator')!.job.DefaultArguments['--conf']).toBeUndefined();
    expect((await h.target.plan(h.project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  });

  test('a config change is an update without drift', async () => {
    const copy = copyProject();
    try {
      const h = harness({ root: copy.root });
      await h.target.deploy(h.project, {}, silent);
      const file = join(copy.root, 'pipelines/hourly-hits/pipeline.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'numberOfWorkers: 2\n      timeoutMinutes: 30',
          'numberOfWorkers: 4\n      timeoutMinutes: 30',
        ),
      );
      const { target, project } = h.reload();
      const plan = await target.plan(project);
      const changed = plan.changes.filter((c) => c.action !== 'noop');
      expect(changed.map((c) => [c.name, c.drift, c.diffs])).toEqual([
        ['dev-hits-aggregator', undefined, [{ path: 'NumberOfWorkers', before: 2, after: 4 }]],
      ]);
    } finally {
      copy.cleanup();
    }
  });

  test('--pipeline limits the plan to one pipeline', async () => {
    const h = harness();
    const plan = await h.target.plan(h.project, { pipelines: ['customer-dedup'] });
    expect(new Set(plan.changes.map((c) => c.pipeline))).toEqual(new Set(['customer-dedup']));
    await expect(h.target.plan(h.project, { pipelines: ['nope'] })).rejects.toThrow(/unknown pipeline "nope"/);
  });
});

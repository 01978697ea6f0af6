// Ownership: same-name resources without this project's and environment's tags are conflicts and
// are never changed (unless --adopt); --prune deletes only owned resources, never untagged ones or
// another environment's, and more than 5 deletions need --allow-deletes N before anything is written.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/model/diagnostics.js';
import { copyProject, harness, silent } from '../fixtures/aws/harness.js';
import type { FakeAws } from '../fixtures/aws/fake-aws.js';

const OURS = { 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'dev' };

function seedForeignJob(world: FakeAws, name: string, tags: Record<string, string> = {}) {
  world.jobs.set(name, {
    job: {
      Name: name,
      Role: 'someone-elses-role',
      Command: { Name: 'glueetl', ScriptLocation: 's3://theirs/job.py', PythonVersion: '3' },
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 7,
    },
    tags,
  });
}

describe('conflicts', () => {
  test('an unowned same-name job is a conflict: reported, never changed, the rest deploys', async () => {
    const h = harness();
    seedForeignJob(h.world, 'dev-hits-aggregator');
    const plan = await h.target.plan(h.project);
    const c = plan.changes.find((x) => x.name === 'dev-hits-aggregator')!;
    expect(c.action).toBe('conflict');
    expect(c.reason).toMatch(/without this project's lakeops:project\/lakeops:env tags.*--adopt/);
    expect(c.file).toBe('pipelines/hourly-hits/pipeline.yaml');

    const result = await h.target.deploy(h.project, {}, silent);
    const touching = h.world.mutatingCalls().filter((x) => JSON.stringify(x.input).includes('"dev-hits-aggregator"'));
    expect(touching.map((x) => x.op)).toEqual([]);
    expect(h.world.jobs.get('dev-hits-aggregator')!.job.NumberOfWorkers).toBe(7);
    expect(h.world.jobs.get('dev-hits-aggregator')!.tags).toEqual({});
    expect(result.skipped.map((s) => [s.action, s.name])).toEqual([['conflict', 'dev-hits-aggregator']]);
    expect(result.failed).toEqual([]);
    expect(h.world.jobs.size).toBe(8);
  });

  test('a job of another environment with our name is a conflict too', async () => {
    const h = harness();
    seedForeignJob(h.world, 'dev-sales-job', { 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'prod' });
    const plan = await h.target.plan(h.project);
    expect(plan.changes.find((x) => x.name === 'dev-sales-job')!.action).toBe('conflict');
  });

  test('a table where a view should be is a conflict; the view is not created over it', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    h.world.tables.get('dev_glue_ttt_demo_db')!.delete('tpc_customer_inter');
    h.world.putTable('dev_glue_ttt_demo_db', 'tpc_customer_inter');
    const plan = await h.target.plan(h.project);
    expect(plan.changes.find((x) => x.kind === 'view')!.action).toBe('conflict');
    h.world.calls = [];
    await h.target.deploy(h.project, {}, silent);
    expect(h.world.count('athena', 'StartQueryExecution')).toBe(0);
  });

  test('--adopt takes the resource over: full definition plus ownership tags', async () => {
    const h = harness();
    seedForeignJob(h.world, 'dev-hits-aggregator');
    const result = await h.target.deploy(h.project, { adopt: true }, silent);
    expect(result.failed).toEqual([]);
    expect(result.applied.find((a) => a.name === 'dev-hits-aggregator')!.reason).toMatch(/adopt/);
    const e = h.world.jobs.get('dev-hits-aggregator')!;
    expect(e.job.NumberOfWorkers).toBe(2);
    expect(e.tags).toMatchObject({ ...OURS, 'lakeops:pipeline': 'hourly-hits' });
    expect((await h.target.plan(h.project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  });

  test('a resource that appears between plan and apply: AlreadyExists takes the update path only when it is ours', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    // Delete the job from AWS's point of view for reads only: BatchGetJobs misses it (eventual
    // consistency), so the plan says create and CreateJob meets the existing job.
    const hidden = h.world.jobs.get('dev-hits-aggregator')!;
    const original = h.world.glue_BatchGetJobs.bind(h.world);
    h.world.glue_BatchGetJobs = (i: any) => {
      const out = original(i);
      return {
        Jobs: out.Jobs.filter((j: any) => j.Name !== 'dev-hits-aggregator'),
        JobsNotFound: [...out.JobsNotFound, 'dev-hits-aggregator'],
      };
    };
    hidden.job.NumberOfWorkers = 9;
    h.world.calls = [];
    const result = await h.target.deploy(h.project, {}, silent);
    expect(result.failed).toEqual([]);
    expect(h.world.mutatingCalls().map((c) => c.op)).toEqual(['CreateJob', 'UpdateJob', 'TagResource']);
    expect(hidden.job.NumberOfWorkers).toBe(2);
    expect(h.world.jobs.size).toBe(8);

    // The same race with someone else's job: reported as a conflict, not overwritten.
    hidden.tags = {};
    hidden.job.NumberOfWorkers = 9;
    h.world.calls = [];
    const again = await h.target.deploy(h.project, {}, silent);
    expect(again.failed).toEqual([
      expect.objectContaining({
        kind: 'job',
        name: 'dev-hits-aggregator',
        code: 'Conflict',
        file: 'pipelines/hourly-hits/pipeline.yaml',
      }),
    ]);
    expect(hidden.job.NumberOfWorkers).toBe(9);
  });
});

describe('prune', () => {
  async function deployThenRemove(pipeline: string) {
    const copy = copyProject();
    const h = harness({ root: copy.root });
    await h.target.deploy(h.project, {}, silent);
    rmSync(join(copy.root, 'pipelines', pipeline), { recursive: true });
    return { h, copy, ...h.reload() };
  }

  test('owned resources no longer defined show as deletes; without --prune they are kept', async () => {
    const { h, copy, target, project } = await deployThenRemove('customer-dedup');
    try {
      const plan = await target.plan(project);
      const deletes = plan.changes.filter((c) => c.action === 'delete');
      expect(deletes.map((c) => `${c.kind} ${c.name} ${c.pipeline}`).sort()).toEqual([
        'crawler dev-ml-final-crawler customer-dedup',
        'job dev-ml-lab-notebook-job customer-dedup',
        'rule dev-find-matches-rule customer-dedup',
        'stateMachine dev-findmatches-ML-dedup-workflow customer-dedup',
      ]);
      h.world.calls = [];
      const result = await target.deploy(project, {}, silent);
      expect(h.world.mutatingCalls().filter((c) => c.op.startsWith('Delete') || c.op === 'RemoveTargets')).toEqual([]);
      expect(result.skipped.filter((s) => s.action === 'delete')).toHaveLength(4);

      const pruned = await target.deploy(project, { prune: true }, silent);
      expect(pruned.failed).toEqual([]);
      expect(h.world.jobs.has('dev-ml-lab-notebook-job')).toBe(false);
      expect(h.world.machines.has('dev-findmatches-ML-dedup-workflow')).toBe(false);
      expect(h.world.rules.has('default|dev-find-matches-rule')).toBe(false);
      expect((await target.plan(project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
    } finally {
      copy.cleanup();
    }
  });

  test("prune never deletes untagged resources or another environment's", async () => {
    const { h, copy, target, project } = await deployThenRemove('customer-dedup');
    try {
      seedForeignJob(h.world, 'dev-handmade-job');
      seedForeignJob(h.world, 'dev-prod-job', { 'lakeops:project': 'lakeops-demo', 'lakeops:env': 'prod' });
      seedForeignJob(h.world, 'dev-other-project', { 'lakeops:project': 'other', 'lakeops:env': 'dev' });
      h.world.events_PutRule({
        Name: 'dev-handmade-rule',
        EventBusName: 'default',
        ScheduleExpression: 'rate(1 hour)',
      });
      await target.deploy(project, { prune: true }, silent);
      expect([...h.world.jobs.keys()]).toEqual(
        expect.arrayContaining(['dev-handmade-job', 'dev-prod-job', 'dev-other-project']),
      );
      expect(h.world.rules.has('default|dev-handmade-rule')).toBe(true);
      expect(h.world.jobs.has('dev-ml-lab-notebook-job')).toBe(false);
    } finally {
      copy.cleanup();
    }
  });

  test('more than 5 deletions need --allow-deletes N; without it nothing is written', async () => {
    const { h, copy, target, project } = await deployThenRemove('byod-curation');
    try {
      const deletes = (await target.plan(project)).changes.filter((c) => c.action === 'delete');
      expect(deletes.length).toBeGreaterThan(5);
      h.world.calls = [];
      const attempt = target.deploy(project, { prune: true }, silent);
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(target.deploy(project, { prune: true, allowDeletes: deletes.length - 1 }, silent)).rejects.toThrow(
        new RegExp(`would delete ${deletes.length} resources.*--allow-deletes ${deletes.length}`),
      );
      expect(h.world.mutatingCalls()).toEqual([]);

      const result = await target.deploy(project, { prune: true, allowDeletes: deletes.length }, silent);
      expect(result.failed).toEqual([]);
      expect(result.applied.filter((a) => a.action === 'delete')).toHaveLength(deletes.length);
      // Dependents went first: triggers before their workflow, so Glue accepted every delete.
      const order = h.world
        .mutatingCalls()
        .map((c) => c.op)
        .filter((op) => op.startsWith('Delete'));
      expect(order.lastIndexOf('DeleteTrigger')).toBeLessThan(order.indexOf('DeleteWorkflow'));
      expect(order.indexOf('DeleteDatabase')).toBe(order.length - 2);
      expect(h.world.workflows.has('dev-byod')).toBe(false);
    } finally {
      copy.cleanup();
    }
  });

  test("with a --pipeline filter, other pipelines' resources are never deleted", async () => {
    const { h, copy, target, project } = await deployThenRemove('customer-dedup');
    try {
      const plan = await target.plan(project, { pipelines: ['hourly-hits'] });
      expect(plan.changes.filter((c) => c.action === 'delete')).toEqual([]);
      await target.deploy(project, { pipelines: ['hourly-hits'], prune: true }, silent);
      expect(h.world.jobs.has('dev-ml-lab-notebook-job')).toBe(true);
    } finally {
      copy.cleanup();
    }
  });
});

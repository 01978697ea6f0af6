// Prune and what cannot carry tags: a schedule someone made by hand in lakeops' schedule group is
// never deleted (schedules are lakeops' only when the deploy record lists them); a managed Glue
// database holding a table lakeops does not manage is reported and kept; a pruned state
// machine's log group goes with it only when lakeops created it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stateMachineLogGroup } from '../../src/planner/names.js';
import { copyProject, harness, silent } from '../fixtures/aws/harness.js';

async function deployThenRemove(pipeline: string) {
  const copy = copyProject();
  const h = harness({ root: copy.root });
  await h.target.deploy(h.project, {}, silent);
  rmSync(join(copy.root, 'pipelines', pipeline), { recursive: true });
  return { h, copy, ...h.reload() };
}

describe('prune keeps what lakeops did not make', () => {
  test('a hand-made schedule in the group and a hand-added table in a managed database survive --prune', async () => {
    const { h, copy, target, project } = await deployThenRemove('hourly-hits');
    try {
      const group = [...h.world.groups.keys()][0]!;
      await h.world.handle('scheduler', 'CreateSchedule', {
        Name: 'handmade-nightly',
        GroupName: group,
        ScheduleExpression: 'cron(0 1 * * ? *)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:theirs', RoleArn: 'arn:aws:iam::1:role/x' },
      });
      const [aggregated, raw] = ['dev_demo-aggregated-data', 'dev_demo-raw-data'];
      expect(h.world.databases.has(aggregated) && h.world.databases.has(raw)).toBe(true);
      h.world.putTable(aggregated, 'my_notes'); // someone's own table
      // A table one of our crawlers made does not keep a database.
      h.world.putTable(raw, 'hits');
      h.world.tables.get(raw)!.get('hits').Parameters = { UPDATED_BY_CRAWLER: 'dev-raw-data-crawler' };

      const plan = await target.plan(project);
      const deletes = plan.changes.filter((c) => c.action === 'delete');
      expect(deletes.map((c) => c.name)).not.toContain(`${group}/handmade-nightly`);
      expect(deletes.map((c) => c.name)).toContain(`${group}/dev-hits-aggregator-hourly`);
      const kept = deletes.find((c) => c.name === aggregated)!;
      expect(kept.reason).toMatch(/kept: it holds 1 table\(s\) lakeops does not manage \(my_notes\)/);

      const machine = 'dev-hits-aggregator-workflow';
      expect(h.world.logGroups.has(stateMachineLogGroup(machine))).toBe(true);
      const result = await target.deploy(project, { prune: true, allowDeletes: 50 }, silent);
      expect(result.failed).toEqual([]);
      expect(h.world.schedules.has(`${group}|handmade-nightly`)).toBe(true);
      expect(h.world.schedules.has(`${group}|dev-hits-aggregator-hourly`)).toBe(false);
      expect(h.world.databases.has(aggregated)).toBe(true);
      expect(h.world.tables.get(aggregated)!.has('my_notes')).toBe(true);
      expect(result.skipped.find((c) => c.name === aggregated)?.reason).toMatch(/kept: .*my_notes/);
      expect(h.world.databases.has(raw)).toBe(false);
      expect(h.world.machines.has(machine)).toBe(false);
      expect(h.world.logGroups.has(stateMachineLogGroup(machine))).toBe(false);
    } finally {
      copy.cleanup();
    }
  });

  test('a table added between plan and apply still keeps the database', async () => {
    const { h, copy, target, project } = await deployThenRemove('hourly-hits');
    try {
      const db = 'dev_demo-aggregated-data';
      const fault = { added: false };
      h.world.faults.push((c) => {
        const late = c.op === 'GetTables' && c.input.DatabaseName === db;
        if (!fault.added && late && h.world.calls.some((x) => x.op === 'DeleteStateMachine')) {
          fault.added = true;
          h.world.putTable(db, 'late_table');
        }
        return undefined;
      });
      const result = await target.deploy(project, { prune: true, allowDeletes: 50 }, silent);
      expect(fault.added).toBe(true);
      expect(h.world.databases.has(db)).toBe(true);
      expect(result.failed.find((f) => f.name === db)?.error).toMatch(/kept: .*late_table/);
    } finally {
      copy.cleanup();
    }
  });

  test("a pruned state machine's log group that lakeops did not create is kept", async () => {
    const { h, copy, target, project } = await deployThenRemove('hourly-hits');
    try {
      const group = stateMachineLogGroup('dev-hits-aggregator-workflow');
      h.world.logGroupTags.set(group, {}); // it existed before lakeops (CreateLogGroup found it)
      const result = await target.deploy(project, { prune: true, allowDeletes: 50 }, silent);
      expect(result.failed).toEqual([]);
      expect(h.world.machines.has('dev-hits-aggregator-workflow')).toBe(false);
      expect(h.world.logGroups.has(group)).toBe(true);
    } finally {
      copy.cleanup();
    }
  });
});

// Plan decisions per resource: create, noop, update (with drift from the deploy record), replace on
// immutable fields, conflict / adopt for unowned resources, and which resources may be deleted.
import { computePlan, planResource, type PlanInput } from '../../src/planner/diff.js';
import { normalise, specHash } from '../../src/planner/normalise.js';
import type { ActualResource, DesiredResource } from '../../src/planner/types.js';

const tags = { 'lakeops:project': 'p', 'lakeops:env': 'dev', 'lakeops:pipeline': 'a' };
const trigger = (spec: Record<string, unknown>): DesiredResource => ({
  kind: 'trigger',
  name: 'dev-t',
  pipeline: 'a',
  file: 'pipelines/a/pipeline.yaml',
  line: 12,
  spec,
  tags,
});
const base = {
  WorkflowName: 'w',
  Type: 'SCHEDULED',
  Schedule: 'cron(0 1 * * ? *)',
  Actions: [{ JobName: 'j' }],
  State: 'ACTIVATED',
};
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  desired: [],
  actual: new Map(),
  pipelines: ['a'],
  allPipelines: true,
  ...over,
});

test('missing -> create; identical -> noop', () => {
  expect(planResource(trigger(base), undefined, input()).change).toMatchObject({
    action: 'create',
    file: 'pipelines/a/pipeline.yaml',
    line: 12,
  });
  const actual: ActualResource = { kind: 'trigger', name: 'dev-t', spec: { ...base, Id: 'x' }, owned: true };
  expect(planResource(trigger(base), actual, input()).change.action).toBe('noop');
});

test('an immutable field (trigger Type) makes the update a replacement', () => {
  const actual: ActualResource = { kind: 'trigger', name: 'dev-t', spec: { ...base, Type: 'ON_DEMAND' }, owned: true };
  const p = planResource(trigger(base), actual, input());
  expect(p.change.action).toBe('update');
  expect(p.replace).toBe(true);
  expect(p.change.reason).toMatch(/Type cannot change in place/);
});

test('drift: the actual spec no longer matches what the last deploy recorded', () => {
  const actual: ActualResource = {
    kind: 'trigger',
    name: 'dev-t',
    spec: { ...base, Schedule: 'cron(0 9 * * ? *)' },
    owned: true,
  };
  const recordedOk = {
    version: 1 as const,
    resources: { 'trigger:dev-t': { spec: specHash(normalise('trigger', base)) } },
  };
  const drifted = planResource(trigger(base), actual, input({ record: recordedOk })).change;
  expect(drifted).toMatchObject({
    action: 'update',
    drift: true,
    diffs: [{ path: 'Schedule', before: 'cron(0 9 * * ? *)', after: 'cron(0 1 * * ? *)' }],
  });
  // Same difference, but the record says AWS holds what was deployed: the config changed.
  const recordedActual = {
    version: 1 as const,
    resources: { 'trigger:dev-t': { spec: specHash(normalise('trigger', actual.spec)) } },
  };
  expect(planResource(trigger(base), actual, input({ record: recordedActual })).change.drift).toBeUndefined();
});

test('tags: only the tags lakeops sets are compared; recorded tags stand in where tags are not read', () => {
  const actual: ActualResource = {
    kind: 'trigger',
    name: 'dev-t',
    spec: base,
    owned: true,
    tags: { ...tags, team: 'x', extra: 'theirs' },
  };
  const d = { ...trigger(base), tags: { ...tags, team: 'y' } };
  const p = planResource(d, actual, input());
  expect(p.change.diffs).toEqual([{ path: 'Tags.team', before: 'x', after: 'y' }]);
  expect(p.retag).toBe(true);
  const unread: ActualResource = { kind: 'trigger', name: 'dev-t', spec: base, owned: true };
  const record = {
    version: 1 as const,
    resources: { 'trigger:dev-t': { spec: specHash(normalise('trigger', base)), tags } },
  };
  expect(planResource(d, unread, input({ record })).change.diffs).toEqual([{ path: 'Tags.team', after: 'y' }]);
});

test('unowned: conflict, or an adopting update that re-tags', () => {
  const actual: ActualResource = { kind: 'trigger', name: 'dev-t', spec: base, owned: false };
  expect(planResource(trigger(base), actual, input()).change.action).toBe('conflict');
  const adopted = planResource(trigger(base), actual, input({ adopt: true }));
  expect(adopted.change.action).toBe('update');
  expect(adopted.retag).toBe(true);
});

test('deletes: owned only, never artifacts or the schedule group, and only in scope', () => {
  const actual = new Map<string, ActualResource>([
    ['job:dev-gone', { kind: 'job', name: 'dev-gone', spec: {}, owned: true, pipeline: 'a' }],
    ['job:dev-other', { kind: 'job', name: 'dev-other', spec: {}, owned: true, pipeline: 'b' }],
    ['job:dev-theirs', { kind: 'job', name: 'dev-theirs', spec: {}, owned: false }],
    ['artifact:k', { kind: 'artifact', name: 'k', spec: {}, owned: true }],
    ['scheduleGroup:g', { kind: 'scheduleGroup', name: 'g', spec: {}, owned: true }],
  ]);
  const all = computePlan(input({ actual }));
  expect(all.map((p) => `${p.change.action} ${p.change.name}`).sort()).toEqual(['delete dev-gone', 'delete dev-other']);
  const onlyA = computePlan(input({ actual, allPipelines: false }));
  expect(onlyA.map((p) => p.change.name)).toEqual(['dev-gone']);
});

test('nothing is written into a container that is a conflict (schedule group, database, event bus)', () => {
  const group: DesiredResource = { kind: 'scheduleGroup', name: 'dev-p', spec: {}, tags };
  const schedule: DesiredResource = { kind: 'schedule', name: 'dev-p/dev-s', spec: { GroupName: 'dev-p' }, tags: {} };
  const view: DesiredResource = {
    kind: 'view',
    name: 'db.v',
    spec: { DatabaseName: 'db', Name: 'v', OriginalSql: 'SELECT 1' },
    tags: {},
  };
  const actual = new Map<string, ActualResource>([
    ['scheduleGroup:dev-p', { kind: 'scheduleGroup', name: 'dev-p', spec: {}, owned: false }],
  ]);
  const plan = computePlan(input({ desired: [group, schedule, view], actual }));
  expect(plan.map((p) => [p.change.name, p.change.action])).toEqual([
    ['dev-p', 'conflict'],
    ['dev-p/dev-s', 'conflict'],
    ['db.v', 'create'],
  ]);
  expect(plan[1]!.change.reason).toMatch(/its scheduleGroup dev-p exists without this project's lakeops tags/);
  const adopted = computePlan(input({ desired: [group, schedule], actual, adopt: true }));
  expect(adopted.map((p) => p.change.action)).toEqual(['update', 'create']);
});

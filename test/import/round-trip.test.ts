// The central guarantee of `lakeops import`: an account holding the example project's resources,
// built without lakeops' marks, imported into a project without its pipeline folders, gives
// pipelines that validate and that `plan --adopt` shows as adoption only (no create, update or
// delete of any definition field), covering every resource deployed.
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { validateProject } from '../../src/validate/index.js';
import { runImport } from '../../src/cli/commands/import.js';
import { runPlan } from '../../src/cli/commands/plan.js';
import type { PlanResult } from '../../src/report/model.js';
import { AwsTarget } from '../../src/targets/aws/index.js';
import { fakeClock } from '../fixtures/aws/harness.js';
import { existingAccount, sink, type Existing } from './support.js';
import type { ImportResult } from '../../src/import/types.js';

let ex: Existing;
let result: ImportResult;
let output: string;

beforeAll(async () => {
  ex = await existingAccount();
  const project = loadProjectOrThrow(ex.root);
  expect(project.pipelines).toEqual([]);
  const out = sink();
  ({ result } = await runImport(project, resolveEnvironment(project, 'dev'), {}, { clients: ex.h.clients, out }));
  output = out.text();
}, 120_000);
afterAll(() => ex?.cleanup());

function planWith(adopt: boolean) {
  const project = loadProjectOrThrow(ex.root);
  const target = new AwsTarget(project, resolveEnvironment(project, 'dev'), {
    clients: ex.h.clients,
    clock: fakeClock(),
  });
  return target.plan(project, { adopt });
}

test('every deployed resource is imported, none skipped', () => {
  const imported = new Set(result.pipelines.flatMap((p) => p.resources.map((r) => `${r.kind}:${r.physical}`)));
  const w = ex.h.world;
  const expected = [
    ...[...w.jobs.keys()].map((n) => `job:${n}`),
    ...[...w.crawlers.keys()].map((n) => `crawler:${n}`),
    ...[...w.triggers.keys()].map((n) => `trigger:${n}`),
    ...[...w.workflows.keys()].map((n) => `workflow:${n}`),
    ...[...w.databases.keys()].map((n) => `database:${n}`),
    ...[...w.machines.keys()].map((n) => `stateMachine:${n}`),
    ...[...w.buses.keys()].filter((n) => n !== 'default').map((n) => `eventBus:${n}`),
    ...[...w.rules.values()].map((r) => `rule:${r.rule.Name}`),
    ...[...w.schedules.values()].map((s) => `schedule:${s.GroupName}/${s.Name}`),
    ...[...w.tables].flatMap(([db, t]) =>
      [...t.values()].filter((x) => x.TableType === 'VIRTUAL_VIEW').map((x) => `view:${db}.${x.Name}`),
    ),
  ].sort();
  expect(expected.some((k) => k.startsWith('view:'))).toBe(true);
  expect(expected.length).toBeGreaterThan(30);
  expect([...imported].sort()).toEqual(expected);
  expect(result.skipped).toEqual([]);
});

test('the imported project validates', async () => {
  const report = await validateProject(ex.root, { env: 'dev' });
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([]);
}, 120_000);

test('plan --adopt shows adoption only: no create, no delete, no definition field changes', async () => {
  // Through the plan command and its --adopt flag, as a user runs it.
  const project = loadProjectOrThrow(ex.root);
  const out = sink();
  const code = await runPlan(
    project,
    resolveEnvironment(project, 'dev'),
    { adopt: true, json: true },
    { createTarget: async (p, e) => new AwsTarget(p, e, { clients: ex.h.clients, clock: fakeClock() }), out },
  );
  expect(code).toBe(0);
  const plan = (JSON.parse(out.text()) as { plans: PlanResult[] }).plans[0]!;
  const kinds = new Set(plan.changes.map((c) => c.action));
  expect(kinds.has('create')).toBe(false);
  expect(kinds.has('delete')).toBe(false);
  expect(kinds.has('conflict')).toBe(false);
  const adopted = plan.changes.filter((c) => c.action === 'update');
  // Every imported resource is adopted (and the schedule group its schedules live in); the rest
  // (artifacts: the same bytes at the same keys) is unchanged.
  const imported = result.pipelines.flatMap((p) => p.resources.map((r) => `${r.kind}:${r.physical}`));
  expect(adopted.map((c) => `${c.kind}:${c.name}`).sort()).toEqual(
    [...imported, 'scheduleGroup:dev-lakeops-demo'].sort(),
  );
  expect(plan.changes.filter((c) => c.action === 'noop').every((c) => c.kind === 'artifact')).toBe(true);
  for (const c of adopted) {
    expect(c.reason).toMatch(/^adopt:/);
    // Only lakeops' ownership marks: tags, database parameters, workflow run properties.
    const marksOnly = (v: unknown) =>
      !!v && typeof v === 'object' && Object.keys(v).every((k) => k.startsWith('lakeops:'));
    const fields = c.diffs
      .filter((d) => !/^Tags\.|lakeops:/.test(d.path) && !(d.before === undefined && marksOnly(d.after)))
      .map((d) => d.path);
    expect({ resource: `${c.kind} ${c.name}`, fields }).toEqual({
      resource: `${c.kind} ${c.name}`,
      fields: [],
    });
  }
});

test('plan without --adopt reports the same resources as conflicts, not changes', async () => {
  const plan = await planWith(false);
  expect(plan.changes.filter((c) => c.action === 'create' || c.action === 'delete')).toEqual([]);
  expect(plan.changes.filter((c) => c.action === 'conflict').length).toBeGreaterThan(30);
});

test('the summary fits 100 columns', () => {
  for (const line of output.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  expect(output).toMatch(/^imported \d+ resource\(s\) into \d+ pipeline\(s\) from environment dev/);
});

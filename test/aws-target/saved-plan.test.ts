// Saved plans: `plan --out` then `deploy --plan` applies exactly the reviewed changes, and refuses
// (nothing written, the moved resources named) when a resource the plan touches changed in AWS,
// when the checkout's files differ, or when the file is tampered with, truncated, or for another
// environment or tool version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadSavedPlan,
  PlanFileError,
  serialiseSavedPlan,
  StalePlanError,
  TOOL_VERSION,
  type SavedPlan,
} from '../../src/planner/plan-file.js';
import { harness, silent } from '../fixtures/aws/harness.js';

const GIT = { commit: 'c0ffee', tree: 'tree-1' };
const withGit = (git = GIT) => harness({ target: { git: () => git } });

/** A deployed account where someone changed one job and one trigger by hand: the plan restores both. */
async function driftedAccount(h: ReturnType<typeof withGit>) {
  await h.target.deploy(h.project, {}, silent);
  h.world.jobs.get('dev-hits-aggregator')!.job.NumberOfWorkers = 10;
  h.world.triggers.get('dev-trigger-crawler-rawdata')!.trigger.State = 'DEACTIVATED';
  const { saved } = await h.target.planToSave(h.project);
  h.world.calls = [];
  return saved;
}

describe('deploy --plan', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lakeops-plan-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the file carries every change, a fingerprint per resource read, commit, env and version', async () => {
    const h = withGit();
    const saved = await driftedAccount(h);
    expect(saved).toMatchObject({ env: 'dev', project: 'lakeops-demo', git: GIT, toolVersion: TOOL_VERSION });
    const changed = saved.changes.filter((c) => c.action !== 'noop').map((c) => `${c.kind}:${c.name}`);
    expect(changed.sort()).toEqual(['job:dev-hits-aggregator', 'trigger:dev-trigger-crawler-rawdata']);
    expect(saved.changes.length).toBeGreaterThan(40); // noops too
    expect(saved.fingerprints['job:dev-hits-aggregator']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(saved.fingerprints).length).toBeGreaterThanOrEqual(saved.changes.length - 1);
  });

  test('an unchanged account: exactly the saved changes are applied', async () => {
    const h = withGit();
    const saved = await driftedAccount(h);
    // A resource the saved plan does not touch drifts after the plan: it is not part of what was
    // reviewed, so it is left as it is.
    h.world.machines.get('dev-hits-aggregator-workflow')!.sm.tracingConfiguration = { enabled: true };
    const result = await h.target.deploy(h.project, { savedPlan: saved }, silent);
    expect(result.failed).toEqual([]);
    expect(result.applied.map((c) => `${c.kind}:${c.name}`).sort()).toEqual([
      'job:dev-hits-aggregator',
      'trigger:dev-trigger-crawler-rawdata',
    ]);
    expect(h.world.jobs.get('dev-hits-aggregator')!.job.NumberOfWorkers).toBe(2);
    expect(h.world.machines.get('dev-hits-aggregator-workflow')!.sm.tracingConfiguration).toEqual({ enabled: true });
  });

  test('a resource the plan touches changed since: refused, nothing written, the resource named', async () => {
    const h = withGit();
    const saved = await driftedAccount(h);
    h.world.jobs.get('dev-hits-aggregator')!.job.NumberOfWorkers = 12;
    const err = await h.target.deploy(h.project, { savedPlan: saved }, silent).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as StalePlanError).moved).toEqual(['job dev-hits-aggregator (changed in AWS since the plan)']);
    expect((err as Error).message).toMatch(/stale.*job dev-hits-aggregator.*Nothing was deployed/);
    expect(h.world.mutatingCalls()).toEqual([]);
    expect(h.world.jobs.get('dev-hits-aggregator')!.job.NumberOfWorkers).toBe(12);
  });

  test('a resource the plan creates appeared since: refused', async () => {
    const h = withGit();
    const { saved } = await h.target.planToSave(h.project);
    await harness({ world: h.world }).target.deploy(h.project, {}, silent); // someone else deployed
    h.world.calls = [];
    const err = await h.target.deploy(h.project, { savedPlan: saved }, silent).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as StalePlanError).moved).toContain(
      'job dev-hits-aggregator (changed in AWS since the plan; planned create, now nothing to do)',
    );
    expect(h.world.mutatingCalls()).toEqual([]);
  });

  test('another commit with different files: refused naming both commits', async () => {
    const h = withGit();
    const saved = await driftedAccount(h);
    const other = harness({ world: h.world, target: { git: () => ({ commit: 'beef', tree: 'tree-2' }) } });
    await expect(other.target.deploy(other.project, { savedPlan: saved }, silent)).rejects.toThrow(
      /made from commit c0ffee but this checkout is beef/,
    );
    expect(h.world.mutatingCalls()).toEqual([]);
  });

  test('tampered, truncated, other environment, other version: clear messages', async () => {
    const h = withGit();
    const saved = await driftedAccount(h);
    const file = join(dir, 'plan.json');
    const write = (p: SavedPlan | string) => writeFileSync(file, typeof p === 'string' ? p : serialiseSavedPlan(p));
    const load = () => loadSavedPlan(file, { project: 'lakeops-demo', env: 'dev' });

    write(saved);
    expect(load().checksum).toBe(saved.checksum);

    const tampered = JSON.parse(readFileSync(file, 'utf8')) as SavedPlan;
    tampered.changes = tampered.changes.filter((c) => c.kind !== 'trigger');
    write(tampered);
    expect(load).toThrow(PlanFileError);
    expect(load).toThrow(/fails its checksum: it was edited or truncated/);

    write(serialiseSavedPlan(saved).slice(0, 500));
    expect(load).toThrow(/not valid JSON .*truncated/);

    const { checksum: _c, ...body } = saved;
    void _c;
    const resign = async (p: Omit<SavedPlan, 'checksum'>) => {
      const { canonicalJson } = await import('../../src/planner/plan-file.js');
      const { createHash } = await import('node:crypto');
      return { ...p, checksum: createHash('sha256').update(canonicalJson(p)).digest('hex') } as SavedPlan;
    };
    write(await resign({ ...body, env: 'prod' }));
    expect(load).toThrow(/is for lakeops-demo\/prod, not lakeops-demo\/dev/);
    write(await resign({ ...body, toolVersion: '0.0.1' }));
    expect(load).toThrow(/made by lakeops 0\.0\.1; this is lakeops/);
    expect(() => loadSavedPlan(join(dir, 'missing.json'), { project: 'lakeops-demo', env: 'dev' })).toThrow(
      /cannot read the plan file/,
    );
  });
});

// Plan reads ownership and tags of state machines, rules and buses from the Resource Groups
// Tagging API (GetResources by the ownership tags) instead of one ListTagsForResource each, and
// stays correct where that index cannot decide: resources that exist but are not ours (conflicts,
// adoption), ours but not indexed yet, delete candidates (confirmed by their own tags), and a plan
// role without tag:GetResources (one tag read each, as before).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyProject, harness, silent } from '../fixtures/aws/harness.js';

const tagReads = (h: ReturnType<typeof harness>) =>
  h.world.count('sfn', 'ListTagsForResource') + h.world.count('events', 'ListTagsForResource');

const pending = (changes: { action: string }[]) => changes.filter((c) => c.action !== 'noop');

describe('plan reads owned tags from GetResources', () => {
  test('a deployed environment: no per-resource tag read for state machines, rules and buses; no changes', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    expect(h.world.machines.size + h.world.rules.size).toBeGreaterThan(3);
    h.world.calls = [];
    const plan = await h.target.plan(h.project);
    expect(pending(plan.changes)).toEqual([]);
    expect(h.world.count('tagging', 'GetResources')).toBe(1);
    expect(tagReads(h)).toBe(0);
    // The filter is the ownership tags, ANDed (API reference: filters of different keys are ANDed).
    const input = h.world.calls.find((c) => c.op === 'GetResources')!.input;
    expect(input.TagFilters).toEqual([
      { Key: 'lakeops:project', Values: ['lakeops-demo'] },
      { Key: 'lakeops:env', Values: ['dev'] },
    ]);
  });

  test('the tags compared are the ones GetResources returns (a removed pipeline tag is an update)', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    const [name, sm] = [...h.world.machines][0]!;
    delete sm.tags['lakeops:pipeline'];
    const plan = await h.target.plan(h.project);
    const c = plan.changes.find((x) => x.name === name)!;
    expect(c.action).toBe('update');
    expect(JSON.stringify(c.diffs)).toMatch(/lakeops:pipeline/);
  });

  test('a same-name state machine that is not ours is still a conflict (its tags are read directly)', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    const [name, sm] = [...h.world.machines][0]!;
    sm.tags = { team: 'someone-else' }; // tagged, but not by this project and environment
    h.world.calls = [];
    const plan = await h.target.plan(h.project);
    expect(plan.changes.find((x) => x.name === name)!.action).toBe('conflict');
    expect(h.world.count('sfn', 'ListTagsForResource')).toBe(1);
    // --adopt still takes it over.
    await h.target.deploy(h.project, { adopt: true }, silent);
    expect(pending((await h.target.plan(h.project)).changes)).toEqual([]);
  });

  test('ours but not indexed yet (the index is eventually consistent): read directly, still ours', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    for (const e of h.world.machines.values()) h.world.notYetIndexed.add(e.sm.stateMachineArn);
    h.world.calls = [];
    const plan = await h.target.plan(h.project);
    expect(pending(plan.changes)).toEqual([]);
    expect(h.world.count('sfn', 'ListTagsForResource')).toBe(h.world.machines.size);
  });

  test('without tag:GetResources (AccessDenied) plan reads tags per resource and decides the same', async () => {
    const h = harness();
    await h.target.deploy(h.project, {}, silent);
    h.world.taggingAllowed = false;
    h.world.calls = [];
    const plan = await h.target.plan(h.project);
    expect(pending(plan.changes)).toEqual([]);
    expect(tagReads(h)).toBeGreaterThanOrEqual(h.world.machines.size);
  });
});

describe('delete candidates', () => {
  test('owned and no longer defined: found through the index, confirmed by their own tags; others skipped', async () => {
    const copy = copyProject();
    try {
      const h = harness({ root: copy.root });
      await h.target.deploy(h.project, {}, silent);
      rmSync(join(copy.root, 'pipelines', 'customer-dedup'), { recursive: true });
      const { project, target } = h.reload();
      // A prefixed machine of another environment: the index does not hold it, so no tag read.
      h.world.sfn_CreateStateMachine({
        name: 'dev-not-ours',
        definition: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}',
        roleArn: 'arn:aws:iam::123456789012:role/x',
        tags: [
          { key: 'lakeops:project', value: 'lakeops-demo' },
          { key: 'lakeops:env', value: 'prod' },
        ],
      });
      h.world.calls = [];
      const plan = await target.plan(project);
      const deletes = plan.changes.filter((c) => c.action === 'delete').map((c) => `${c.kind} ${c.name}`);
      expect(deletes).toEqual(
        expect.arrayContaining(['stateMachine dev-findmatches-ML-dedup-workflow', 'rule dev-find-matches-rule']),
      );
      expect(deletes).not.toContain('stateMachine dev-not-ours');
      const tagRead = h.world.calls
        .filter((c) => c.service === 'sfn' && c.op === 'ListTagsForResource')
        .map((c) => String(c.input.resourceArn));
      expect(tagRead.some((a) => a.endsWith(':stateMachine:dev-findmatches-ML-dedup-workflow'))).toBe(true);
      expect(tagRead.some((a) => a.endsWith(':stateMachine:dev-not-ours'))).toBe(false);

      // The index says ours, the resource's own tags say otherwise (retagged since): not deleted.
      const e = h.world.machines.get('dev-findmatches-ML-dedup-workflow')!;
      h.world.notYetIndexed.clear();
      const realTags = { ...e.tags };
      const retagged = { ...realTags, 'lakeops:env': 'staging' };
      const original = h.world.sfn_ListTagsForResource.bind(h.world);
      h.world.sfn_ListTagsForResource = (i: any) =>
        i.resourceArn === e.sm.stateMachineArn
          ? { tags: Object.entries(retagged).map(([key, value]) => ({ key, value })) }
          : original(i);
      const again = await target.plan(project);
      expect(again.changes.find((c) => c.name === 'dev-findmatches-ML-dedup-workflow')).toBeUndefined();
    } finally {
      copy.cleanup();
    }
  });
});

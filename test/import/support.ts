// An "existing account" for the import tests: the example project deployed to the fake account,
// then every lakeops mark taken off (tags, database parameters, workflow run properties, the deploy
// record), as if a team had built the same resources by hand; and the pipeline folders removed from
// the project copy, so only lakeops.yaml, sql/ and glue-scripts/ are left.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { copyProject, harness, silent, type Harness } from '../fixtures/aws/harness.js';
import type { FakeAws } from '../fixtures/aws/fake-aws.js';

export function unmark(world: FakeAws): void {
  const strip = (tags: Record<string, string>) => {
    for (const k of Object.keys(tags)) if (k.startsWith('lakeops:') || k === 'team') delete tags[k];
  };
  for (const map of [
    world.jobs,
    world.crawlers,
    world.triggers,
    world.workflows,
    world.machines,
    world.buses,
    world.groups,
  ])
    for (const e of (map as Map<string, { tags: Record<string, string> }>).values()) strip(e.tags);
  for (const e of world.rules.values()) strip(e.tags);
  for (const e of world.databases.values()) strip(e.db.Parameters ?? {});
  for (const e of world.workflows.values()) if (e.workflow.DefaultRunProperties) strip(e.workflow.DefaultRunProperties);
  for (const key of [...world.objects.keys()]) if (key.endsWith('/state/deployed.json')) world.objects.delete(key);
}

export interface Existing {
  h: Harness;
  root: string;
  /** Pipelines the example project had (all removed from the copy). */
  removed: string[];
  cleanup: () => void;
}

/** The example project deployed to a fresh fake account as "dev", unmarked, its pipeline folders removed. */
export async function existingAccount(): Promise<Existing> {
  const copy = copyProject();
  const h = harness({ root: copy.root });
  const res = await h.target.deploy(h.project, {}, silent);
  if (res.failed.length) throw new Error(`deploy failed: ${JSON.stringify(res.failed)}`);
  unmark(h.world);
  const removed = readdirSync(join(copy.root, 'pipelines')).filter((e) => e !== 'README.md');
  for (const p of removed) rmSync(join(copy.root, 'pipelines', p), { recursive: true, force: true });
  return { h, root: copy.root, removed, cleanup: copy.cleanup };
}

export function sink(): NodeJS.WritableStream & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

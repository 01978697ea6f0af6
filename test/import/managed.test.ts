// An account lakeops already deploys to: import leaves alone what the project's pipelines declare
// or manage, and takes back what a pipeline whose folder is gone had deployed, under that
// pipeline's name (its lakeops:pipeline tag). Then plan shows no change at all.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { runImport } from '../../src/cli/commands/import.js';
import { AwsTarget } from '../../src/targets/aws/index.js';
import { copyProject, fakeClock, harness, silent } from '../fixtures/aws/harness.js';
import { sink } from './support.js';

test('only the deployed pipeline whose folder is gone is imported, under its own name; plan is then empty', async () => {
  const copy = copyProject();
  try {
    const h = harness({ root: copy.root });
    expect((await h.target.deploy(h.project, {}, silent)).failed).toEqual([]);
    rmSync(join(copy.root, 'pipelines/hourly-hits'), { recursive: true });
    const project = loadProjectOrThrow(copy.root);
    const env = resolveEnvironment(project, 'dev');
    const { result } = await runImport(project, env, {}, { clients: h.clients, out: sink() });
    expect(result.pipelines.map((p) => p.name)).toEqual(['hourly-hits']);
    expect(result.pipelines[0]!.resources.map((r) => `${r.kind}:${r.logical}`).sort()).toEqual([
      'crawler:aggregated-data-crawler',
      'crawler:raw-data-crawler',
      'database:demo-aggregated-data',
      'database:demo-raw-data',
      'eventBus:hits-aggregator-events',
      'job:hits-aggregator',
      'schedule:hits-aggregator-hourly',
      'stateMachine:hits-aggregator-workflow',
    ]);
    expect(result.skipped.find((s) => s.physical === 'dev-customer-etl-pipeline')?.reason).toMatch(
      /already (managed|declared) by pipeline customer-etl/,
    );
    const after = loadProjectOrThrow(copy.root);
    const plan = await new AwsTarget(after, resolveEnvironment(after, 'dev'), {
      clients: h.clients,
      clock: fakeClock(),
    }).plan(after);
    expect(plan.changes.filter((c) => c.action !== 'noop').map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([]);
  } finally {
    copy.cleanup();
  }
}, 120_000);

// Benchmark: `lakeops plan` against an AWS account holding N managed resources, every AWS call
// answered by the in-memory fake account after 50 ms of simulated latency. Reports read calls
// (total, Glue, per operation), the plan's wall time, and the peak RSS of the whole process (from
// GNU time; each N runs in a fresh process, which also deploys the fake account first) for
// N = 500, 5000, 20000. Target: 20,000 resources plan in under 10 s and 1 GB. Each N is planned
// twice: with the Resource Groups Tagging API (GetResources by the ownership tags, as plan reads
// today) and without it (the account refuses tag:GetResources, so plan reads one tag per state
// machine, rule and bus, as before read-tagging.ts), to show the read calls it saves.
// Run: npm run bench -- plan [N...] [--latency MS]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GNU_TIME, requireGnuTime } from './support/measure.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { createClients } from '../../src/targets/aws/clients.js';
import { AwsTarget } from '../../src/targets/aws/index.js';
import { FakeAws, installClientMock } from '../../test/fixtures/aws/fake-aws.js';
import { RESOURCES_PER_PIPELINE, syntheticProject } from '../../test/fixtures/aws/synthetic.js';

const args = process.argv.slice(2);
const latencyAt = args.indexOf('--latency');
const latency = latencyAt >= 0 ? Number(args.splice(latencyAt, 2)[1]) : 50;
const childAt = args.indexOf('--child');
const child = childAt >= 0 ? Number(args.splice(childAt, 2)[1]) : undefined;
const perResourceAt = args.indexOf('--per-resource-tags');
const perResourceTags = perResourceAt >= 0 && args.splice(perResourceAt, 1).length > 0;
const sizes = args.length ? args.map(Number) : [500, 5000, 20000];
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(latency >= 0)) {
  process.stderr.write('usage: npm run bench -- plan [N...] [--latency MS]  (N whole numbers >= 1)\n');
  process.exit(2);
}
const silent = { stepStarted() {}, stepEnded() {}, info() {} };

interface Row {
  n: number;
  resources: number;
  readCalls: number;
  glueCalls: number;
  ms: number;
  peakMiB?: number;
  changes: number;
  byOperation: Record<string, number>;
}

async function bench(n: number, perResource: boolean): Promise<Row> {
  const synthetic = syntheticProject(Math.max(1, Math.round(n / RESOURCES_PER_PIPELINE)));
  try {
    const project = loadProjectOrThrow(synthetic.root);
    const env = resolveEnvironment(project, 'dev');
    const world = new FakeAws();
    const clients = createClients(env);
    installClientMock(world, clients);
    const target = new AwsTarget(project, env, { clients });
    const deployed = await target.deploy(project, {}, silent);
    if (deployed.failed.length) throw new Error(`setup deploy failed: ${deployed.failed[0]!.error}`);

    world.latencyMs = latency;
    world.taggingAllowed = !perResource;
    world.calls = [];
    const t0 = performance.now();
    const { plan } = await target.planInternal(project, {});
    const ms = performance.now() - t0;
    const managed = plan.changes.filter((c) => c.change.kind !== 'artifact').length;
    const glueCalls = Object.entries(plan.readCallsByOperation)
      .filter(([op]) => op.startsWith('glue:'))
      .reduce((s, [, c]) => s + c, 0);
    return {
      n,
      resources: managed,
      readCalls: plan.readCalls,
      glueCalls,
      ms,
      changes: plan.changes.filter((c) => c.change.action !== 'noop').length,
      byOperation: plan.readCallsByOperation,
    };
  } finally {
    synthetic.cleanup();
  }
}

if (child !== undefined) {
  // One size in this (fresh) process; the parent reads the JSON line and the peak RSS.
  process.stdout.write(`${JSON.stringify(await bench(child, perResourceTags))}\n`);
  process.exit(0);
}

requireGnuTime();
const self = fileURLToPath(import.meta.url);
const tsx = join(dirname(self), '..', '..', 'node_modules', '.bin', 'tsx');
function inFreshProcess(n: number, perResource: boolean): Row {
  const childArgs = [
    '--child',
    String(n),
    '--latency',
    String(latency),
    ...(perResource ? ['--per-resource-tags'] : []),
  ];
  const r = spawnSync(GNU_TIME, ['-f', 'PEAK %M', tsx, self, ...childArgs], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const peak = /PEAK (\d+)/.exec(r.stderr ?? '');
  const json = (r.stdout ?? '').trim().split('\n').pop();
  if (r.status !== 0 || !json || !peak) {
    process.stderr.write(`plan at N = ${n} failed (exit ${r.status}):\n${r.stdout}${r.stderr}\n`);
    process.exit(1);
  }
  return { ...(JSON.parse(json) as Row), peakMiB: Number(peak[1]) / 1024 };
}

process.stdout.write(`plan benchmark: ${latency} ms simulated latency per AWS call\n\n`);
process.stdout.write(
  '                                  tags per resource (before)      GetResources by ownership tags (now)\n' +
    '    N  managed  Glue reads     read calls  plan time    read calls  plan time  peak RSS  changes\n',
);
const rows: Row[] = [];
const before: Row[] = [];
const secsText = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (const n of sizes) {
  const b = inFreshProcess(n, true);
  const r = inFreshProcess(n, false);
  before.push(b);
  rows.push(r);
  process.stdout.write(
    `${String(r.n).padStart(5)}  ${String(r.resources).padStart(7)}  ${String(r.glueCalls).padStart(10)}  ` +
      `${String(b.readCalls).padStart(13)}  ${secsText(b.ms).padStart(9)}  ` +
      `${String(r.readCalls).padStart(12)}  ${secsText(r.ms).padStart(9)}  ${`${r.peakMiB!.toFixed(0)} MiB`.padStart(8)}  ${String(r.changes).padStart(7)}\n`,
  );
}
const last = rows[rows.length - 1]!;
const lastBefore = before[before.length - 1]!;
process.stdout.write(`\nread calls by operation at N = ${last.n} (before -> now):\n`);
const ops = [...new Set([...Object.keys(lastBefore.byOperation), ...Object.keys(last.byOperation)])];
for (const op of ops.sort((a, b) => (lastBefore.byOperation[b] ?? 0) - (lastBefore.byOperation[a] ?? 0)))
  process.stdout.write(
    `  ${op.padEnd(32)} ${String(lastBefore.byOperation[op] ?? 0).padStart(6)} -> ${last.byOperation[op] ?? 0}\n`,
  );
const n500 = rows.find((r) => r.n === 500);
if (n500)
  process.stdout.write(
    `\ntarget: N = 500 plans in < 1.5 s: ${n500.ms < 1500 ? 'met' : 'NOT met'} (${(n500.ms / 1000).toFixed(2)} s)\n`,
  );
const n20k = rows.find((r) => r.n === 20000);
if (n20k)
  process.stdout.write(
    `target: N = 20,000 plans in < 10 s and < 1 GB: ${n20k.ms < 10_000 && n20k.peakMiB! < 1024 ? 'met' : 'NOT met'} ` +
      `(${(n20k.ms / 1000).toFixed(2)} s, ${n20k.peakMiB!.toFixed(0)} MiB peak for the whole process)\n`,
  );

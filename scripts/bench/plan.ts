// Benchmark: `lakeops plan` against an AWS account holding N managed resources, every AWS call
// answered by the in-memory fake account after 50 ms of simulated latency. Reports read calls
// (total, Glue, per operation) and wall time for N = 50, 500, 5000.
// Run: npm run bench -- plan [N...] [--latency MS]
import { loadProjectOrThrow } from '../../src/model/project.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { createClients } from '../../src/targets/aws/clients.js';
import { AwsTarget } from '../../src/targets/aws/index.js';
import { FakeAws, installClientMock } from '../../test/fixtures/aws/fake-aws.js';
import { RESOURCES_PER_PIPELINE, syntheticProject } from '../../test/fixtures/aws/synthetic.js';

const args = process.argv.slice(2);
const latencyAt = args.indexOf('--latency');
const latency = latencyAt >= 0 ? Number(args.splice(latencyAt, 2)[1]) : 50;
const sizes = args.length ? args.map(Number) : [50, 500, 5000];
const silent = { stepStarted() {}, stepEnded() {}, info() {} };

interface Row {
  n: number;
  resources: number;
  readCalls: number;
  glueCalls: number;
  ms: number;
  changes: number;
  byOperation: Record<string, number>;
}

async function bench(n: number): Promise<Row> {
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

process.stdout.write(`plan benchmark: ${latency} ms simulated latency per AWS call\n\n`);
process.stdout.write('   N  managed  read calls  Glue reads  wall time  changes\n');
const rows: Row[] = [];
for (const n of sizes) {
  const r = await bench(n);
  rows.push(r);
  process.stdout.write(
    `${String(r.n).padStart(4)}  ${String(r.resources).padStart(7)}  ${String(r.readCalls).padStart(10)}  ${String(r.glueCalls).padStart(10)}  ${`${(r.ms / 1000).toFixed(2)} s`.padStart(9)}  ${String(r.changes).padStart(7)}\n`,
  );
}
const last = rows[rows.length - 1]!;
process.stdout.write(`\nread calls by operation at N = ${last.n}:\n`);
for (const [op, c] of Object.entries(last.byOperation).sort(([, a], [, b]) => b - a))
  process.stdout.write(`  ${op.padEnd(32)} ${c}\n`);
const n500 = rows.find((r) => r.n === 500);
if (n500)
  process.stdout.write(
    `\ntarget: N = 500 plans in < 1.5 s: ${n500.ms < 1500 ? 'met' : 'NOT met'} (${(n500.ms / 1000).toFixed(2)} s)\n`,
  );

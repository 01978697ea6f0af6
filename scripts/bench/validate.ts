// Benchmark: wall time of `node bin/lakeops.js validate` (process start to exit, as a user sees it).
// Default: generated projects of 5, 50, 200, 400 and 1000 pipelines (copies of the two pipelines of
// test/fixtures/valid, each with its own names and prefixes, validating clean), the median of
// `runs` runs each, and the ratio to 5 pipelines; a near-linear validate keeps ratio / size flat.
// Target: 400 pipelines under 2 s. With -C it times one existing project instead.
// Run: npm run bench -- validate [runs] [--sizes 5,50,200,400,1000] [-C dir] [--env E]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, timeCli } from './support/time-cli.js';
import { writeScaleProject } from './support/scale-project.js';

const args = process.argv.slice(2);
const take = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const dir = take('-C');
const env = take('--env') ?? 'local';
const sizes = (take('--sizes') ?? '5,50,200,400,1000').split(',').map(Number);
const runs = Number(args[0] ?? 3);

if (dir) timeCli(`validate (${env})`, ['validate', '-C', dir, '--env', env], runs);
else {
  const rows: { n: number; ms: number; cpu: number }[] = [];
  for (const n of sizes) {
    const project = mkdtempSync(join(tmpdir(), `lakeops-bench-validate-${n}-`));
    try {
      writeScaleProject(join(REPO, 'test', 'fixtures', 'valid'), project, n);
      rows.push({ n, ...measure(['validate', '-C', project, '--env', env], runs) });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
  const base = rows[0]!;
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  process.stdout.write(
    `\npipelines  wall ms  ratio to ${base.n}  cpu ms  cpu ratio  (medians of ${runs}; load average now ${load})\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${String(r.n).padStart(9)}  ${r.ms.toFixed(0).padStart(7)}  ${(r.ms / base.ms).toFixed(2).padStart(10)}  ${(r.cpu >= 0 ? r.cpu.toFixed(0) : '-').padStart(6)}  ${(r.cpu >= 0 ? (r.cpu / base.cpu).toFixed(2) : '-').padStart(9)}\n`,
    );
}

/**
 * Median wall time and median CPU time (user + system of the CLI process and its helpers, from
 * /usr/bin/time when present: on a shared machine wall time carries other people's load).
 */
function measure(cli: string[], n: number): { ms: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  const time = existsSync('/usr/bin/time');
  for (let i = 0; i < n; i++) {
    const command = [process.execPath, join(REPO, 'bin', 'lakeops.js'), ...cli];
    const started = performance.now();
    const r = time
      ? spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', ...command], { encoding: 'utf8' })
      : spawnSync(command[0]!, command.slice(1), { encoding: 'utf8' });
    walls.push(performance.now() - started);
    if (r.status !== 0) {
      process.stderr.write(`validate exited ${r.status}:\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
      process.exit(1);
    }
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    cpus.push(m ? (Number(m[1]) + Number(m[2])) * 1000 : -1);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(walls), cpu: median(cpus) };
}

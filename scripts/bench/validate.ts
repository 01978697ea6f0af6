// Benchmark: wall time of `node bin/lakeops.js validate` (process start to exit, as a user sees
// it) on the repository's example pipelines, or on another project with -C. Target: < 2 s.
// Prints each run, min / median / max and the machine's load average (other work on a shared
// machine shows up in wall time).
// Run: npm run bench -- validate [runs] [-C dir] [--env E]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const take = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const dir = take('-C') ?? repo;
const env = take('--env') ?? 'local';
const runs = Number(args[0] ?? 5);

const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'lakeops.js'), 'validate', '-C', dir, '--env', env], {
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (r.status !== 0) {
    process.stderr.write(`validate exited ${r.status}:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  times.push(ms);
  process.stdout.write(`run ${i + 1}: ${ms.toFixed(0)} ms\n`);
}
times.sort((a, b) => a - b);
const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
process.stdout.write(
  `validate (${env}, ${runs} runs): min ${pick(0)} ms, median ${pick(0.5)} ms, max ${pick(1)} ms; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);

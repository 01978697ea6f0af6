// Benchmark: CLI start-up, the wall time of `node bin/lakeops.js --help` (process start to exit):
// what every command pays before its own work. Commands load their heavy modules on use, so this
// is Node, tsx and commander plus the command registrations. Target: < 0.3 s.
// Prints each run, min / median / max and the machine's load average (other work on a shared
// machine shows up in wall time).
// Run: npm run bench -- cli-start [runs]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`cli-start: runs must be a whole number >= 1, got "${process.argv[2]}"\n`);
  process.exit(2);
}

const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'lakeops.js'), '--help'], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) {
    process.stderr.write(`lakeops --help exited ${r.status}:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  times.push(ms);
  process.stdout.write(`run ${i + 1}: ${ms.toFixed(0)} ms\n`);
}
times.sort((a, b) => a - b);
const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
process.stdout.write(
  `lakeops --help (${runs} runs): min ${pick(0)} ms, median ${pick(0.5)} ms, max ${pick(1)} ms; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);

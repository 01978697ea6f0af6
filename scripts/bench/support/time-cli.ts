// Times a lakeops command as a user sees it (process start to exit), `runs` times, and prints each
// run, min / median / max and the machine's load average (other work on a shared machine shows up
// in wall time). Shared by the CLI benchmarks.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function timeCli(label: string, args: string[], runs: number): void {
  timeCliRuns(label, args, runs);
}

/** Runs and prints as timeCli does; returns the sorted times in ms. */
export function timeCliRuns(label: string, args: string[], runs: number): number[] {
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`${label}: runs must be a whole number >= 1, got "${runs}"\n`);
    process.exit(2);
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'lakeops.js'), ...args], { encoding: 'utf8' });
    const ms = performance.now() - started;
    if (r.status !== 0) {
      process.stderr.write(`${label} exited ${r.status}:\n${r.stdout}${r.stderr}`);
      process.exit(1);
    }
    times.push(ms);
    process.stdout.write(`run ${i + 1}: ${ms.toFixed(0)} ms\n`);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  process.stdout.write(
    `${label} (${runs} runs): min ${pick(0)} ms, median ${pick(0.5)} ms, max ${pick(1)} ms; load average ${load}\n`,
  );
  return times;
}

// Wall time and peak resident memory of a fresh process, as the OS reports them: GNU time's
// elapsed seconds and maximum resident set size (the kernel's ru_maxrss of the child, which
// covers the process and the largest of any children it waited for). Not the JS heap.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  seconds: number;
  /** User + system CPU seconds of the process and its children (less sensitive than wall time to
   * other work on a shared machine; DuckDB's threads add up, so it can exceed wall time). */
  cpuSeconds: number;
  peakMiB: number;
  stdout: string;
}

/** Exits 2 with a message when GNU time is not there (the benchmark cannot measure memory without it). */
export function requireGnuTime(): void {
  if (!existsSync(GNU_TIME)) {
    process.stderr.write(
      `${GNU_TIME} (GNU time) is not installed; the benchmark reads peak RSS from it. Install it: apt-get install time\n`,
    );
    process.exit(2);
  }
}

/** Runs `command args` once under GNU time; a non-zero exit stops the benchmark with its output. */
export function measure(label: string, command: string, args: string[], opts: SpawnSyncOptions = {}): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-measure-'));
  const out = join(dir, 'time.txt');
  try {
    const r = spawnSync(GNU_TIME, ['-f', '%e %M %U %S', '-o', out, command, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      ...opts,
    });
    if (r.status !== 0) {
      process.stderr.write(`${label} exited ${r.status}:\n${String(r.stdout ?? '')}${String(r.stderr ?? '')}\n`);
      process.exit(1);
    }
    const last = readFileSync(out, 'utf8').trim().split('\n').pop()!;
    const [seconds, kb, user, sys] = last.split(' ').map(Number);
    return { seconds: seconds!, cpuSeconds: user! + sys!, peakMiB: kb! / 1024, stdout: String(r.stdout ?? '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

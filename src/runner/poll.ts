// Polling helpers shared by the Athena query runner, the execution follower and deploy's wait for
// running crawlers: exponential backoff between polls and an injectable clock, so tests drive
// time without real sleeping.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Delays that start at `initialMs` and double up to `maxMs`; `reset()` starts over (after progress). */
export class Backoff {
  private current: number;

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
  ) {
    this.current = initialMs;
  }

  next(): number {
    const d = this.current;
    this.current = Math.min(this.maxMs, this.current * 2);
    return d;
  }

  reset(): void {
    this.current = this.initialMs;
  }
}

/** Parses "90s", "15m", "2h", "500ms" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  return Math.round(n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[unit]!);
}

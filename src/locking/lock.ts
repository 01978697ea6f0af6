// One lock per environment, one mechanism with two stores: an object in the artifacts bucket
// written with S3's conditional `If-None-Match: *` (AWS environments, as Terraform's S3 backend
// does with use_lockfile) and a file created with O_EXCL (local environments). Whoever creates the
// lock object holds the lock; a second holder waits up to a timeout, then fails naming the holder
// and since when. A crashed holder's lock stays until `lakeops unlock --env E ID` breaks it.
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';

export interface LockInfo {
  /** Random id; `lakeops unlock` needs it, so a lock is never broken by mistake. */
  id: string;
  /** Who holds it: user@host. */
  who: string;
  pid: number;
  host: string;
  /** What holds it (deploy, a local run, ...). */
  operation: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** Where a lock lives. create() is atomic: it succeeds for exactly one of several callers. */
export interface LockStore {
  /** Human-readable place (s3://bucket/key, a file path) for messages. */
  readonly where: string;
  /** Creates the lock object; false when one exists already. */
  create(info: LockInfo): Promise<boolean>;
  /** The current lock, or undefined when none is held. */
  read(): Promise<LockInfo | undefined>;
  remove(): Promise<void>;
}

export interface LockClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: LockClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export interface AcquireOptions {
  /** Environment name, for messages and the unlock hint. */
  env: string;
  operation: string;
  /** How long to wait for another holder (0: fail at once). */
  timeoutMs: number;
  pollMs?: number;
  clock?: LockClock;
  /** Told once when the lock is busy and we start waiting. */
  onWait?: (holder: LockInfo | undefined) => void;
  /**
   * File store only: a holder on this host whose process is gone is stale for sure (the OS freed
   * everything it held), so its lock is taken over (told through onTakeOver). Never for S3 locks,
   * whose holders may be on other machines.
   */
  takeOverDeadLocalHolder?: boolean;
  onTakeOver?: (holder: LockInfo) => void;
}

/** The lock is held by someone else and did not come free in time (exit 1: the deploy was not done). */
export class LockHeldError extends Error {
  readonly code = 'LockHeld';
  constructor(
    readonly env: string,
    readonly holder: LockInfo | undefined,
    readonly where: string,
    waitedMs: number,
    sameHostDead: boolean,
  ) {
    const who = holder
      ? `${holder.who} (${holder.operation}, pid ${holder.pid}) since ${holder.since}, lock ID ${holder.id}`
      : 'another process (its lock could not be read)';
    super(
      `environment "${env}" is locked by ${who} at ${where}; waited ${Math.round(waitedMs / 1000)}s ` +
        `(--lock-timeout). ` +
        (sameHostDead ? `Process ${holder?.pid} on this host is no longer running. ` : '') +
        (holder
          ? `If that holder crashed, break the lock with: lakeops unlock --env ${env} ${holder.id}`
          : 'Retry later.'),
    );
    this.name = 'LockHeldError';
  }
}

export function describeHolder(): Pick<LockInfo, 'who' | 'pid' | 'host'> {
  let user = 'unknown';
  try {
    user = process.env.GITHUB_ACTOR ? `github:${process.env.GITHUB_ACTOR}` : userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  const host = hostname();
  const run = process.env.GITHUB_RUN_ID ? ` run ${process.env.GITHUB_RUN_ID}` : '';
  return { who: `${user}@${host}${run}`, pid: process.pid, host };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HeldLock {
  readonly info: LockInfo;
  release(): Promise<void>;
}

export async function acquireLock(store: LockStore, opts: AcquireOptions): Promise<HeldLock> {
  const clock = opts.clock ?? realClock;
  const pollMs = opts.pollMs ?? 2000;
  const info: LockInfo = {
    id: randomUUID(),
    ...describeHolder(),
    operation: opts.operation,
    since: new Date(clock.now()).toISOString(),
  };
  const t0 = clock.now();
  let told = false;
  for (;;) {
    info.since = new Date(clock.now()).toISOString();
    if (await store.create(info)) return { info, release: () => releaseLock(store, info.id) };
    const holder = await store.read();
    if (!holder) continue; // released between our create and read: try again at once
    const dead = holder.host === info.host && holder.pid !== process.pid && !processAlive(holder.pid);
    if (dead && opts.takeOverDeadLocalHolder) {
      // Two processes taking over at once could both remove and re-create; for local runs the
      // catalog's own DuckDB file lock is the second line of defence.
      opts.onTakeOver?.(holder);
      await store.remove();
      continue;
    }
    const waited = clock.now() - t0;
    if (waited >= opts.timeoutMs) {
      throw new LockHeldError(opts.env, holder, store.where, waited, dead);
    }
    if (!told) {
      told = true;
      opts.onWait?.(holder);
    }
    await clock.sleep(Math.min(pollMs, Math.max(1, opts.timeoutMs - waited)));
  }
}

/** Removes the lock if it is still ours (a broken and re-taken lock belongs to someone else). */
async function releaseLock(store: LockStore, id: string): Promise<void> {
  const now = await store.read();
  if (now?.id === id) await store.remove();
}

/** `lakeops unlock`: breaks the lock with this ID; any other ID (or no lock) is refused. */
export async function breakLock(store: LockStore, id: string): Promise<LockInfo> {
  const held = await store.read();
  if (!held) throw new LockNotFoundError(`there is no lock at ${store.where}; nothing to unlock`);
  if (held.id !== id)
    throw new LockNotFoundError(
      `the lock at ${store.where} has ID ${held.id} (held by ${held.who}, ${held.operation}, since ${held.since}), ` +
        `not ${id}; nothing was unlocked`,
    );
  await store.remove();
  return held;
}

export class LockNotFoundError extends Error {
  readonly code = 'LockNotFound';
}

/** Parses a stored lock; undefined for anything that is not one (a truncated write counts as held). */
export function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockInfo>;
    if (typeof o.id === 'string' && typeof o.since === 'string')
      return {
        id: o.id,
        who: String(o.who ?? 'unknown'),
        pid: Number(o.pid ?? 0),
        host: String(o.host ?? ''),
        operation: String(o.operation ?? 'unknown'),
        since: o.since,
      };
  } catch {
    // fall through
  }
  return undefined;
}

/** Milliseconds from a --lock-timeout value ("0", "90", "30s", "5m"). */
export function parseLockTimeout(text: string | undefined, fallbackMs: number): number | undefined {
  if (text === undefined) return fallbackMs;
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms']!;
}

/** A lock that exists but does not parse (a crash mid-write) still holds the lock; `unlock ... unreadable` breaks it. */
export function unreadable(): LockInfo {
  return {
    id: 'unreadable',
    who: 'unknown (lock file unreadable)',
    pid: 0,
    host: '',
    operation: 'unknown',
    since: 'unknown',
  };
}

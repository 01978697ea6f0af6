// The environment lock: two deploys of one environment serialise on an S3 object created with
// If-None-Match: * (the fake answers 412 PreconditionFailed like S3); a deploy that cannot get
// the lock within --lock-timeout fails naming the holder and since when, writing nothing.
import { acquireLock, breakLock, LockHeldError, type LockStore } from '../../src/locking/lock.js';
import { fileLockStore } from '../../src/locking/file-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness, silent } from '../fixtures/aws/harness.js';
import { isLockCall } from '../fixtures/aws/fake-aws.js';

const LOCK = 'lakeops-demo-dev-artifacts/lakeops-demo/dev/state/lock.json';
const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

describe('environment lock on AWS', () => {
  test('two concurrent deploys serialise: the second waits, then runs after the first released', async () => {
    const h = harness({ target: { clock: realClock, lockPollMs: 5 } });
    const other = harness({ world: h.world, target: { clock: realClock, lockPollMs: 5 } });
    h.world.latencyMs = 1; // let the two deploys interleave
    // Record which deploy made each resource write: no write of B may come while A holds the lock.
    const owner: string[] = [];
    const timeline: string[] = [];
    const track = (name: string) => ({
      ...silent,
      info: (m: string) => {
        if (/^[✓✗]/.test(m)) timeline.push(name);
        else if (/locked by/.test(m)) owner.push(`${name} waited`);
      },
    });
    const [a, b] = await Promise.all([
      h.target.deploy(h.project, { lockTimeoutMs: 60_000 }, track('A')),
      other.target.deploy(other.project, { lockTimeoutMs: 60_000 }, track('B')),
    ]);
    expect(a.failed).toEqual([]);
    expect(b.failed).toEqual([]);
    expect(owner).toHaveLength(1); // exactly one of them had to wait
    // Every write of the first deploy precedes every write of the second: no interleaving.
    const first = timeline[0]!;
    const switchAt = timeline.findIndex((n) => n !== first);
    expect(timeline.slice(switchAt === -1 ? timeline.length : switchAt).every((n) => n !== first)).toBe(true);
    // The lock object was taken with a conditional write and some attempt was refused with 412.
    const lockPuts = h.world.calls.filter((c) => isLockCall(c) && c.op === 'PutObject');
    expect(lockPuts.every((c) => c.input.IfNoneMatch === '*')).toBe(true);
    expect(lockPuts.length).toBeGreaterThan(2);
    expect(h.world.objects.has(LOCK)).toBe(false); // released
  });

  test('a held lock past --lock-timeout: exit-1 error naming holder and since, nothing written', async () => {
    const h = harness({ target: { clock: realClock, lockPollMs: 5 } });
    const since = '2026-01-02T03:04:05.000Z';
    h.world.objects.set(LOCK, {
      body: Buffer.from(
        JSON.stringify({ id: 'abc-123', who: 'alice@laptop', pid: 4242, host: 'laptop', operation: 'deploy', since }),
      ),
    });
    const err = await h.target.deploy(h.project, { lockTimeoutMs: 30 }, silent).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as Error).message).toMatch(
      /environment "dev" is locked by alice@laptop \(deploy, pid 4242\) since 2026-01-02T03:04:05.000Z, lock ID abc-123/,
    );
    expect((err as Error).message).toMatch(/lakeops unlock --env dev abc-123/);
    expect(h.world.mutatingCalls()).toEqual([]);
    expect(h.world.objects.has(LOCK)).toBe(true); // someone else's lock is never removed
  });

  test('unlock needs the holder ID', async () => {
    const h = harness();
    h.world.objects.set(LOCK, {
      body: Buffer.from(
        JSON.stringify({ id: 'abc-123', who: 'x', pid: 1, host: 'h', operation: 'deploy', since: 's' }),
      ),
    });
    await expect(breakLock(h.target.lockStore(), 'wrong')).rejects.toThrow(/has ID abc-123 .* not wrong; nothing/);
    expect(h.world.objects.has(LOCK)).toBe(true);
    await breakLock(h.target.lockStore(), 'abc-123');
    expect(h.world.objects.has(LOCK)).toBe(false);
    await expect(breakLock(h.target.lockStore(), 'abc-123')).rejects.toThrow(/there is no lock/);
  });
});

describe('file lock store (local environments)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lakeops-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('one holder at a time; a dead holder on this host is named as such', async () => {
    const store: LockStore = fileLockStore(join(dir, 'lock.json'));
    const a = await acquireLock(store, { env: 'local', operation: 'run', timeoutMs: 0 });
    await expect(acquireLock(store, { env: 'local', operation: 'run', timeoutMs: 0 })).rejects.toThrow(
      /locked by .*\(run, pid \d+\)/,
    );
    await a.release();
    const b = await acquireLock(store, { env: 'local', operation: 'run', timeoutMs: 0 });
    await b.release();

    // A holder whose process is gone (pid far above pid_max) on this host.
    const { hostname } = await import('node:os');
    await store.create({ id: 'dead', who: 'me', pid: 2 ** 30, host: hostname(), operation: 'run', since: 'then' });
    await expect(acquireLock(store, { env: 'local', operation: 'run', timeoutMs: 0 })).rejects.toThrow(
      /Process 1073741824 on this host is no longer running.*lakeops unlock --env local dead/,
    );
    // Local runs take such a lock over (the OS already freed what that process held)...
    const taken: string[] = [];
    const c = await acquireLock(store, {
      env: 'local',
      operation: 'run',
      timeoutMs: 0,
      takeOverDeadLocalHolder: true,
      onTakeOver: (h) => void taken.push(h.id),
    });
    expect(taken).toEqual(['dead']);
    // ...but never the lock of a live process.
    await expect(
      acquireLock(fileLockStore(join(dir, 'lock.json')), {
        env: 'local',
        operation: 'run',
        timeoutMs: 0,
        takeOverDeadLocalHolder: true,
      }),
    ).rejects.toThrow(new RegExp(`lock ID ${c.info.id}`));
    await c.release();
  });
});

// lakeops backfill: 24 hourly slots with progress, an interruption and a resume that runs only
// what is left (a failed slot again, as a new execution), refused ranges that run nothing, and a
// real local backfill of a pipeline made by `lakeops new`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { jest } from '@jest/globals';
import { ConfigError } from '../../src/model/diagnostics.js';
import type { RunResult } from '../../src/report/model.js';
import { runBackfill } from '../../src/cli/commands/backfill.js';
import type { Target } from '../../src/targets/target.js';
import { makeProject } from '../local-orchestration/project.js';
import { runCli } from '../support/run-cli.js';

jest.setTimeout(120_000);

function stream(isTTY = false) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 100 }) as unknown as NodeJS.WriteStream;
  let text = '';
  (s as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
  return { s, text: () => text };
}

function hourlyProject() {
  return makeProject({
    p: {
      jobs: { j: {} },
      workflow: { triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'j' }] } } },
      inputSchema: {
        type: 'object',
        properties: { target_hour: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:00:00Z$' } },
        additionalProperties: false,
      },
    },
  });
}

/** A target that records each run; `fail` slots fail, `onRun` sees each call. */
function fakeTarget(env: unknown, calls: { key?: string; input: unknown }[], fail: Set<string>, onRun = () => {}) {
  return {
    env,
    run: async (_p: unknown, pipeline: string, opts: { key?: string; input?: unknown }) => {
      calls.push({ key: opts.key, input: opts.input });
      onRun();
      const slot = (opts.input as { target_hour: string }).target_hour;
      const failed = fail.has(slot);
      return {
        pipeline,
        env: 'local',
        target: 'local',
        orchestration: 'workflow',
        executionName: `${pipeline}-${opts.key}`,
        status: failed ? 'FAILED' : 'SUCCEEDED',
        startedAt: new Date().toISOString(),
        durationMs: 5,
        steps: [{ name: 'j', type: 'job', status: failed ? 'failed' : 'succeeded', rowsWritten: { 'db.t': 2 } }],
        ...(failed ? { failure: { state: 'j', error: 'GlueJobFailed' } } : {}),
      } as RunResult;
    },
    close: async () => {},
  } as unknown as Target;
}

test('24 hourly slots: progress per slot, interrupted after 10, resumed without running a slot twice', async () => {
  const t = hourlyProject();
  const calls: { key?: string; input: unknown }[] = [];
  const fail = new Set(['2024-05-01T03:00:00Z']);
  const controller = new AbortController();
  const err = stream();
  const out = stream();
  const range = { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z', json: true };
  // Ctrl-C arrives while the 10th slot runs: it finishes, the rest wait for the resume.
  const first = await runBackfill(t.project, t.env, 'p', range, {
    createTarget: async () => fakeTarget(t.env, calls, fail, () => calls.length === 10 && controller.abort()),
    out: out.s,
    err: err.s,
    signal: controller.signal,
  });
  expect(first.code).toBe(1);
  expect(first.report.interrupted).toBe(true);
  expect(first.report.total).toBe(24);
  expect(first.report.slots).toHaveLength(10);
  expect(calls.map((c) => (c.input as { target_hour: string }).target_hour)[9]).toBe('2024-05-01T09:00:00Z');
  // Progress: one plain line per finished slot off a terminal, with the count.
  expect(err.text()).toMatch(/SUCCEEDED 2024-05-01T00:00:00Z p-bf20240501T0000Z .*\(1\/24\)\n/);
  expect(err.text()).toMatch(/FAILED\s+2024-05-01T03:00:00Z p-bf20240501T0300Z .* — j: GlueJobFailed \(4\/24\)/);

  // Resume: the same command again; the failed 03:00 slot now succeeds, as a new execution.
  fail.clear();
  calls.length = 0;
  const again = stream();
  const second = await runBackfill(t.project, t.env, 'p', range, {
    createTarget: async () => fakeTarget(t.env, calls, fail),
    out: stream().s,
    err: again.s,
  });
  expect(second.code).toBe(0);
  expect(again.text()).toContain('resuming: 9 of 24 slot(s) already succeeded');
  const ran = calls.map((c) => (c.input as { target_hour: string }).target_hour);
  expect(ran).toHaveLength(15); // 03:00 again, and 10:00 to 23:00
  expect(ran[0]).toBe('2024-05-01T03:00:00Z');
  expect(calls[0]!.key).toBe('bf20240501T0300Z-a2');
  expect(ran.slice(1)).toEqual(
    Array.from({ length: 14 }, (_, i) => `2024-05-01T${String(10 + i).padStart(2, '0')}:00:00Z`),
  );
  const slots = second.report.slots;
  expect(slots).toHaveLength(24);
  expect(slots.every((s) => s.status === 'SUCCEEDED')).toBe(true);
  expect(slots.filter((s) => s.resumed)).toHaveLength(9);
  expect(slots[3]).toMatchObject({ slot: '2024-05-01T03:00:00Z', attempts: 2, resumed: false, rows: 2 });
});

test('on a terminal the progress is one bar redrawn in place', async () => {
  const t = hourlyProject();
  const err = stream(true);
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    await runBackfill(
      t.project,
      t.env,
      'p',
      { from: '2024-05-01T00:00:00Z', to: '2024-05-01T04:00:00Z' },
      {
        createTarget: async () => fakeTarget(t.env, [], new Set()),
        out: stream().s,
        err: err.s,
      },
    );
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
  expect(err.text()).toContain('\u001b[2K'); // line cleared before each redraw
  expect(err.text()).toContain('[##############################] 4/4');
  expect(err.text()).not.toMatch(/SUCCEEDED 2024/); // no line per successful slot
});

test('empty, reversed, too large and badly aligned ranges are refused with the reason, running nothing', async () => {
  const t = hourlyProject();
  let created = 0;
  const deps = {
    createTarget: async () => {
      created++;
      return fakeTarget(t.env, [], new Set());
    },
    out: stream().s,
    err: stream().s,
  };
  const cases: [Record<string, string>, RegExp][] = [
    [{ from: '2024-05-01T00:00:00Z', to: '2024-05-01T00:00:00Z' }, /is empty/],
    [{ from: '2024-05-02T00:00:00Z', to: '2024-05-01T00:00:00Z' }, /reversed: --to .* is before --from/],
    [{ from: '2024-01-01', to: '2025-01-01' }, /8784 runs, more than 744; split the range/],
    [{ from: '2024-05-01', to: '2024-05-03', maxSlots: '24' }, /48 runs, more than 24/],
    [{ from: '2024-05-01T00:30:00Z', to: '2024-05-01T03:00:00Z' }, /does not match its inputSchema/],
    [{ from: '2024-05-01T00:00:00', to: '2024-05-01T03:00:00Z' }, /--from .* is not a time/],
    [{ from: '2024-05-01', to: '2024-05-02', step: '10s' }, /--step "10s"/],
  ];
  for (const [o, message] of cases) {
    const p = runBackfill(t.project, t.env, 'p', o as never, deps);
    await expect(p).rejects.toThrow(ConfigError);
    await expect(p).rejects.toThrow(message);
  }
  expect(created).toBe(0);
});

test('a real local backfill of a scheduled-sql pipeline made by lakeops new', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-backfill-'));
  expect((await runCli(root, 'init', '--kind', 'scheduled-sql')).code).toBe(0);
  const r = await runCli(
    root,
    'backfill',
    'example-hits',
    '--from',
    '2024-05-01T09:00:00Z',
    '--to',
    '2024-05-01T11:00:00Z',
  );
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/2024-05-01T09:00:00Z\s+SUCCEEDED\s+example-hits-bf20240501T0900Z\s+\S+ \S+\s+\d+/);
  expect(r.out).toContain('2 succeeded, 0 failed, 0 not run (2 slot(s))');
  const again = await runCli(
    root,
    'backfill',
    'example-hits',
    '--from',
    '2024-05-01T09:00:00Z',
    '--to',
    '2024-05-01T11:00:00Z',
    '--json',
  );
  expect(JSON.parse(again.out).slots.map((s: { resumed: boolean }) => s.resumed)).toEqual([true, true]);
  const runs = JSON.parse((await runCli(root, 'runs', '--json')).out).runs;
  expect(runs.map((x: { executionName: string }) => x.executionName).sort()).toEqual([
    'example-hits-bf20240501T0900Z',
    'example-hits-bf20240501T1000Z',
  ]);
});

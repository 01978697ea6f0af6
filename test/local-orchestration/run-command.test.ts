// lakeops run's pieces that need no engine: durations, the summary text, and the live view's
// behaviour on a terminal versus CI.
import { PassThrough } from 'node:stream';
import { ConfigError } from '../../src/model/diagnostics.js';
import { liveProgress, progressFor } from '../../src/report/live.js';
import type { RunResult } from '../../src/report/model.js';
import { parseDuration, renderRunText, rowsWrittenByTable, runRun } from '../../src/cli/commands/run.js';
import type { Target } from '../../src/targets/target.js';
import { makeProject } from './project.js';

const run: RunResult = {
  pipeline: 'hourly-hits',
  env: 'local',
  target: 'local',
  orchestration: 'stateMachine',
  executionName: 'hourly-hits-x',
  status: 'FAILED',
  startedAt: '2024-05-01T10:00:00.000Z',
  endedAt: '2024-05-01T10:00:02.000Z',
  durationMs: 2000,
  steps: [
    { name: 'A', type: 'Task', status: 'succeeded', durationMs: 5, rowsWritten: { 'db.t1': 3, 'db.t2': 1 } },
    {
      name: 'B',
      type: 'Task',
      status: 'caught',
      durationMs: 5,
      rowsWritten: { 'db.t1': 2 },
      error: 'States.TaskFailed',
      cause: 'column x',
    },
    { name: 'W', type: 'Wait', status: 'succeeded', waitedSeconds: 30 },
  ],
  failure: { state: 'B', error: 'States.TaskFailed', cause: 'column x' },
  events: [
    {
      bus: 'alerts',
      source: 'lakeops.hourly-hits',
      detailType: 'Hits Aggregation Failed',
      detail: { error: 'States.TaskFailed' },
    },
  ],
};

test('parseDuration takes seconds or a unit and rejects anything else as a usage error', () => {
  expect(parseDuration('90')).toBe(90_000);
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('15m')).toBe(900_000);
  expect(parseDuration('2h')).toBe(7_200_000);
  for (const bad of ['', '0', '-5s', '5 minutes', '1d']) expect(() => parseDuration(bad)).toThrow(ConfigError);
});

test('the summary sums rows written per table and lists the failure and the recorded events', () => {
  expect(rowsWrittenByTable(run)).toEqual({ 'db.t1': 5, 'db.t2': 1 });
  const text = renderRunText(run, '.lakeops/local/runs/hourly-hits/hourly-hits-x.json');
  expect(text).toMatch(/db\.t1: 5\n/);
  expect(text).toMatch(/Failed at "B": States\.TaskFailed/);
  expect(text).toMatch(/alerts: lakeops\.hourly-hits "Hits Aggregation Failed" \{"error":"States\.TaskFailed"\}/);
  expect(text).toMatch(/History: \.lakeops\/local\/runs\/hourly-hits\/hourly-hits-x\.json/);
});

function fakeTerminal(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 80, rows: 20 }) as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

test('on a terminal, running steps are redrawn in place and finished ones stay as lines', async () => {
  const term = fakeTerminal(true);
  const live = liveProgress(term.stream);
  live.stepStarted({ name: 'Aggregate Hits', type: 'Task', status: 'running', startedAt: new Date().toISOString() });
  live.stepEnded({
    name: 'Aggregate Hits',
    type: 'Task',
    status: 'succeeded',
    durationMs: 1200,
    rowsWritten: { 'db.t': 7 },
  });
  live.stop();
  await new Promise((r) => setImmediate(r));
  const out = term.text();
  expect(out).toMatch(/Aggregate Hits \(Task\) \d+ ms/); // the running line (elapsed so far)
  expect(out).toContain('\u001b[1A'); // cursor moved up to redraw
  expect(out).toContain('\u001b[0J'); // and the block cleared
  expect(out).toMatch(/✓ Aggregate Hits \(Task\) 1\.2 s — db\.t: 7 rows/);
});

test('in CI or off a terminal, progress is plain lines without cursor movement', async () => {
  const saved = process.env.CI;
  try {
    process.env.CI = 'true';
    const tty = fakeTerminal(true);
    const p = progressFor(tty.stream);
    p.stepStarted({ name: 'S', type: 'Task', status: 'running' });
    p.stepEnded({ name: 'S', type: 'Task', status: 'succeeded', durationMs: 3 });
    p.stop();
    delete process.env.CI;
    const pipe = fakeTerminal(false);
    const q = progressFor(pipe.stream);
    q.info('hello');
    q.stop();
    await new Promise((r) => setImmediate(r));
    for (const out of [tty.text(), pipe.text()]) expect(out).not.toContain('\u001b[');
    expect(tty.text()).toMatch(/▶ S \(Task\)\n.*S \(Task\) 3 ms/);
    expect(pipe.text()).toBe('  hello\n');
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
});

test('runRun validates --input against inputSchema before creating the target, and maps statuses to exit codes', async () => {
  const t = makeProject({
    p: {
      jobs: { j: {} },
      workflow: { triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'j' }] } } },
      inputSchema: {
        type: 'object',
        properties: { day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
        additionalProperties: false,
      },
    },
  });
  let created = 0;
  const result: Partial<RunResult> = { status: 'SUCCEEDED' };
  const fakeTarget = {
    env: t.env,
    run: async (_p: unknown, _n: string, opts: { input?: unknown; timeoutMs?: number; noWait?: boolean }) =>
      ({ ...run, failure: undefined, events: [], status: result.status, input: opts.input, steps: [] }) as RunResult,
    close: async () => {},
  } as unknown as Target;
  const deps = {
    createTarget: async () => {
      created++;
      return fakeTarget;
    },
    out: new PassThrough() as unknown as NodeJS.WriteStream,
    err: Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream,
  };
  await expect(runRun(t.project, t.env, 'p', { input: '{"day":"May 1"}' }, deps)).rejects.toThrow(/inputSchema/);
  await expect(runRun(t.project, t.env, 'p', { timeout: 'soon' }, deps)).rejects.toThrow(/--timeout/);
  expect(created).toBe(0);
  expect(await runRun(t.project, t.env, 'p', { input: '{"day":"2024-05-01"}' }, deps)).toBe(0);
  result.status = 'FAILED';
  expect(await runRun(t.project, t.env, 'p', {}, deps)).toBe(1);
  result.status = 'TIMED_OUT';
  expect(await runRun(t.project, t.env, 'p', { timeout: '1s' }, deps)).toBe(1);
  result.status = 'RUNNING';
  expect(await runRun(t.project, t.env, 'p', { wait: false }, deps)).toBe(0);
});

// The CLI in a terminal: --version, suggestions for typos, a run summary that fits 100 columns with
// a readable failure, and Ctrl-C recorded as a cancelled run.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { runCli } from '../support/run-cli.js';
import type { RunResult } from '../../src/report/model.js';
import { readableCause, renderRunSummary, shortId } from '../../src/report/terminal.js';
import { renderRunText, runRun } from '../../src/cli/commands/run.js';
import { readHistory } from '../../src/targets/local/history.js';
import type { Target } from '../../src/targets/target.js';
import { makeProject } from '../local-orchestration/project.js';

// eslint-disable-next-line no-control-regex
const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
// The error's detail below the failure headline is printed whole (a path or message must stay
// copyable; the terminal soft-wraps it); every other line fits.
const widest = (s: string) =>
  Math.max(
    ...visible(s)
      .split('\n')
      .filter((l) => !l.includes('"ErrorMessage"'))
      .map((l) => [...l].length),
  );

const RUN_ID = 'jr_' + 'ab12'.repeat(16); // a Glue job run id: "jr_" and 64 hex digits
const glueCause = JSON.stringify({
  JobName: 'local-hits-aggregator',
  JobRunState: 'FAILED',
  ErrorMessage: 'AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table `raw.hits` cannot be found',
  Id: RUN_ID,
});

const longRun: RunResult = {
  pipeline: 'hourly-hits',
  env: 'local',
  target: 'local',
  orchestration: 'stateMachine',
  executionName: 'hourly-hits-20261203T061834060Z',
  executionId:
    'arn:aws:states:us-east-1:000000000000:execution:hits-aggregator-workflow:hourly-hits-20261203T061834060Z',
  status: 'FAILED',
  startedAt: '2026-12-03T06:18:34.060Z',
  durationMs: 3100,
  steps: [
    { name: 'Choose Hour', type: 'Choice', status: 'succeeded', durationMs: 22 },
    {
      name: 'Aggregate Hits into three tables for the dashboards',
      type: 'Task',
      status: 'failed',
      durationMs: 3000,
      runId: RUN_ID,
      rowsWritten: {
        'demo-aggregated-data.hits_by_country': 15,
        'demo-aggregated-data.hits_by_domain_and_groupid': 157,
        'demo-aggregated-data.hits_by_useragent': 7,
      },
      error: 'States.TaskFailed',
      cause: glueCause,
    },
    { name: 'Refresh Aggregated Tables', type: 'Task', status: 'succeeded', runId: 'aggregated-data-crawler' },
  ],
  failure: { state: 'Aggregate Hits', error: 'States.TaskFailed', cause: glueCause },
};

test('--version prints the package version and exits 0', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const r = await runCli('.', '--version');
  expect(r.code).toBe(0);
  expect(r.out.trim()).toBe(pkg.version);
});

test('an unknown command or flag names the nearest one and exits 2', async () => {
  const cmd = await runCli('.', 'vaildate');
  expect(cmd.code).toBe(2);
  expect(cmd.err).toContain('(Did you mean validate?)');
  const flag = await runCli('.', 'run', 'x', '--inptu', '{}');
  expect(flag.code).toBe(2);
  expect(flag.err).toContain('(Did you mean --input?)');
});

test('the run summary fits 100 columns: short run ids, total rows, the failure as one readable line', () => {
  for (const color of [false, true]) {
    const text = renderRunText(longRun, '.lakeops/local/runs/hourly-hits/hourly-hits-20261203T061834060Z.json');
    const summary = renderRunSummary(longRun, { color });
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(widest(summary)).toBeLessThanOrEqual(100);
  }
  const text = renderRunSummary(longRun, { color: false });
  const table = text.split('\n').filter((l) => /^ {2}[✓✗]/.test(l));
  expect(table).toHaveLength(3);
  expect(table.join('\n')).not.toContain(RUN_ID); // the full id is in --json
  expect(table[1]).toMatch(/✗ failed\s+Aggregate Hits into th…\s+Task\s+3\.0 s\s+179\s+States\.TaskFailed · jr_ab1…/);
  expect(table[2]).toContain('aggregated-da…');
  // The headline carries the Glue error message, not the JobRun JSON.
  const headline = text.split('\n').find((l) => l.startsWith('Failed at'))!;
  expect(headline).toContain('Failed at "Aggregate Hits": States.TaskFailed — AnalysisException');
  expect(headline).not.toContain('{');
  // The detail below it is the JSON, one field per line.
  expect(text).toMatch(/\n {4}"JobRunState": "FAILED",/);
});

test('readableCause picks the message out of JSON causes and keeps plain text', () => {
  expect(readableCause(glueCause)).toMatch(/^AnalysisException/);
  expect(readableCause('{"errorMessage":"boom","errorType":"Error"}')).toBe('boom');
  expect(readableCause('line one\nline two')).toBe('line one');
  expect(readableCause('{not json')).toBe('{not json');
  expect(shortId('short')).toBe('short');
  expect(shortId(RUN_ID)).toHaveLength(14);
});

test('Ctrl-C during a local run records it as cancelled, with the finished and the running steps', async () => {
  const t = makeProject({
    p: { jobs: { j: {} }, workflow: { triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'j' }] } } } },
  });
  let interrupt: () => void = () => {};
  let exitCode: number | undefined;
  const fakeTarget = {
    env: t.env,
    // A run that finishes one step, starts a second and then waits until it is interrupted.
    run: (_p: unknown, _n: string, _o: unknown, progress: import('../../src/report/model.js').ProgressSink) =>
      new Promise<RunResult>(() => {
        const now = new Date().toISOString();
        progress.stepStarted({ name: 'Load', type: 'job', status: 'running', startedAt: now });
        progress.stepEnded({ name: 'Load', type: 'job', status: 'succeeded', startedAt: now, durationMs: 5 });
        progress.stepStarted({ name: 'Aggregate', type: 'job', status: 'running', startedAt: now });
        setImmediate(() => interrupt());
      }),
    close: async () => {},
  } as unknown as Target;
  const err = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  let errText = '';
  (err as unknown as PassThrough).on('data', (d: Buffer) => (errText += d.toString()));
  const exited = new Promise<void>((resolve) => {
    void runRun(
      t.project,
      t.env,
      'p',
      { key: 'k1' },
      {
        createTarget: async () => fakeTarget,
        out: new PassThrough() as unknown as NodeJS.WriteStream,
        err,
        onInterrupt: (h) => {
          interrupt = h;
          return () => {};
        },
        exit: (code) => {
          exitCode = code;
          resolve();
        },
      },
    );
  });
  await exited;
  expect(exitCode).toBe(130);
  const rec = readHistory(t.root, 'local', 'p', 'p-k1')!;
  expect(rec.status).toBe('ABORTED');
  expect(rec.steps.map((s) => [s.name, s.status])).toEqual([
    ['Load', 'succeeded'],
    ['Aggregate', 'cancelled'],
  ]);
  expect(rec.failure?.cause).toContain('while "Aggregate" was running');
  expect(errText).toContain('run cancelled (Ctrl-C); recorded as p-k1');
});

test('the validations table fits 100 columns with long names; the query file is in the detail', async () => {
  const { renderValidations } = await import('../../src/report/terminal.js');
  const v = {
    pipeline: 'clickstream-total-clicks',
    name: 'tpc-customer-inter-not-more-than-customers',
    severity: 'error' as const,
    status: 'fail' as const,
    file: 'sql/validations/tpc_customer_inter_rows.sql',
    line: 80,
    violationCount: 1,
    columns: ['n'],
    rows: [{ n: 3 }],
    truncated: false,
    bytesScanned: 48_234_567,
    durationMs: 1234,
  };
  const text = renderValidations([v, { ...v, status: 'pass', violationCount: 0, rows: [] }], { color: false });
  const table = text.split('\n\n')[0]!;
  expect(widest(table)).toBeLessThanOrEqual(100);
  expect(text).toContain('(sql/validations/tpc_customer_inter_rows.sql, declared at');
});

// lakeops runs (list, show, logs) over recorded local histories, and lakeops clean.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../../src/report/model.js';
import { writeHistory } from '../../src/targets/local/history.js';
import { makeProject } from '../local-orchestration/project.js';
import { runCli } from '../support/run-cli.js';

function history(root: string, name: string, startedAt: string, over: Partial<RunResult> = {}): void {
  writeHistory(root, {
    pipeline: 'p',
    env: 'local',
    target: 'local',
    orchestration: 'workflow',
    executionName: name,
    status: 'SUCCEEDED',
    startedAt,
    durationMs: 1200,
    steps: [{ name: 'load', type: 'job', status: 'succeeded', durationMs: 1000, rowsWritten: { 'db.t': 4 } }],
    ...over,
  });
}

function project() {
  const t = makeProject({
    p: { jobs: { j: {} }, workflow: { triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'j' }] } } } },
  });
  history(t.root, 'p-20240501T100000000Z', '2024-05-01T10:00:00.000Z');
  history(t.root, 'p-20240501T110000000Z', '2024-05-01T11:00:00.000Z', {
    status: 'FAILED',
    steps: [
      {
        name: 'load',
        type: 'job',
        status: 'failed',
        error: 'GlueJobFailed',
        cause: 'line one of the cause\nline two of the cause',
        logTail: ['Traceback (most recent call last):', 'KeyError: x'],
        runId: 'jr_' + 'f'.repeat(64),
      },
    ],
    failure: { state: 'load', error: 'GlueJobFailed', cause: 'line one of the cause' },
  });
  history(t.root, 'p-cancelled', '2024-05-01T12:00:00.000Z', { status: 'ABORTED' });
  return t;
}

test('runs lists recorded runs newest first, as a table that fits 100 columns and as JSON', async () => {
  const t = project();
  const text = await runCli(t.root, 'runs');
  expect(text.code).toBe(0);
  const lines = text.out.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^started \(UTC\)\s+status\s+run\s+took\s+failed at$/);
  expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[2])).toEqual([
    'p-cancelled',
    'p-20240501T110000000Z',
    'p-20240501T100000000Z',
  ]);
  expect(lines[2]).toMatch(/FAILED\s+p-20240501T110000000Z\s+1\.2 s\s+load$/);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  const json = JSON.parse((await runCli(t.root, 'runs', 'list', '--limit', '2', '--json')).out);
  expect(json.formatVersion).toBe(1);
  expect(json.runs.map((r: { status: string }) => r.status)).toEqual(['ABORTED', 'FAILED']);
  expect(json.runs[1].file).toBe(join('.lakeops', 'local', 'runs', 'p', 'p-20240501T110000000Z.json'));
  expect((await runCli(t.root, 'runs', 'other-pipeline')).out).toContain('no runs recorded');
  expect((await runCli(t.root, 'runs', '--limit', '0')).code).toBe(2);
});

test('runs show takes a unique prefix; an unknown or ambiguous one is a usage error', async () => {
  const t = project();
  const shown = await runCli(t.root, 'runs', 'show', 'p-20240501T11');
  expect(shown.code).toBe(0);
  expect(shown.out).toContain('p on local (local): FAILED');
  expect(shown.out).toContain('Failed at "load": GlueJobFailed — line one of the cause');
  const amb = await runCli(t.root, 'runs', 'show', 'p-2024');
  expect(amb.code).toBe(2);
  expect(amb.err).toContain('"p-2024" names 2 runs');
  const none = await runCli(t.root, 'runs', 'show', 'zzz');
  expect(none.code).toBe(2);
  const json = JSON.parse((await runCli(t.root, 'runs', 'show', 'p-cancelled', '--json')).out);
  expect(json.runs[0].status).toBe('ABORTED');
});

test('runs logs prints every step with the full cause, the full run id and the log tail', async () => {
  const t = project();
  const r = await runCli(t.root, 'runs', 'logs', 'p-20240501T110000000Z');
  expect(r.code).toBe(0);
  expect(r.out).toContain('run id: jr_' + 'f'.repeat(64));
  expect(r.out).toContain('cause: line one of the cause\n      line two of the cause');
  expect(r.out).toContain('│ KeyError: x');
});

test('clean removes the environment state and nothing else', async () => {
  const t = project();
  mkdirSync(join(t.root, '.lakeops', 'other'), { recursive: true });
  writeFileSync(join(t.root, '.lakeops', 'other', 'keep'), '');
  const r = await runCli(t.root, 'clean', '--json');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toEqual({ formatVersion: 1, env: 'local', removed: join('.lakeops', 'local') });
  expect(existsSync(join(t.root, '.lakeops', 'local'))).toBe(false);
  expect(existsSync(join(t.root, '.lakeops', 'other', 'keep'))).toBe(true);
  expect(existsSync(join(t.root, 'lakeops.yaml'))).toBe(true);
  expect((await runCli(t.root, 'runs')).out).toContain('no runs recorded');
  expect((await runCli(t.root, 'clean')).out).toContain('nothing to clean');
});

// The committed bundles, run as GitHub runs them: `node actions/<name>/dist/index.js` with INPUT_*
// variables, a pull_request event file and GITHUB_API_URL pointing at the recorded API.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { COMMENT_MAX_CHARS, REPORT_MARKER } from '../../src/github/sticky-comment.js';
import type { Report } from '../../src/report/model.js';
import { actionEnv, pullRequestEvent, workspaceWith } from './support/action-env.js';
import { FakeGitHub } from './support/fake-github.js';
import { diagnostics, failedOrdersRun, planReport } from './support/reports.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(ROOT, 'test/fixtures/github/project');

async function runDist(
  action: string,
  fake: FakeGitHub,
  workspace: string,
  inputs: Record<string, string>,
  runId = '4242',
) {
  const ae = actionEnv({ apiUrl: fake.url, workspace, event: pullRequestEvent(7), runId, inputs });
  try {
    // Async, so this process's event loop keeps serving the recorded API while the action runs.
    const res = await promisify(execFile)(process.execPath, [join(ROOT, 'actions', action, 'dist', 'index.js')], {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...ae.env },
      timeout: 60_000,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
    );
    return { ...res, outputs: ae.outputs(), summary: ae.summary() };
  } finally {
    ae.cleanup();
  }
}

describe('bundled actions under node', () => {
  let fake: FakeGitHub;
  let ws: { dir: string; cleanup: () => void };
  beforeEach(async () => {
    fake = new FakeGitHub();
    await fake.start();
    fake.prFiles.set(7, [{ filename: 'pipelines/orders/state-machine.asl.json', status: 'modified' }]);
    ws = workspaceWith(FIXTURE);
  });
  afterEach(async () => {
    await fake.stop();
    ws.cleanup();
  });

  const write = (rel: string, data: unknown) => {
    mkdirSync(dirname(join(ws.dir, rel)), { recursive: true });
    writeFileSync(join(ws.dir, rel), JSON.stringify(data));
  };

  test('pr-report: creates the comment, then updates it; check run and summary as in-process', async () => {
    write('reports/plan.json', planReport());
    write('reports/local.json', { title: 'local', runs: [failedOrdersRun()] } satisfies Report);
    const inputs = {
      'github-token': 'test-token',
      'local-run': 'false',
      reports: 'reports/plan.json reports/local.json',
    };
    const first = await runDist('pr-report', fake, ws.dir, inputs, '200');
    const second = await runDist('pr-report', fake, ws.dir, inputs, '201');

    expect(fake.invalid).toEqual([]);
    expect(fake.comments).toHaveLength(1);
    expect(fake.calls('issues/create-comment')).toHaveLength(1);
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
    expect(fake.comments[0]!.body.startsWith(REPORT_MARKER)).toBe(true);
    expect(fake.comments[0]!.body).toContain('actions/runs/201');
    expect(fake.comments[0]!.body).toContain('```mermaid');
    expect(first.outputs.conclusion).toBe('failure');
    expect(first.code).toBe(1);
    expect(second.code).toBe(1);
    expect(JSON.parse(first.outputs.pipelines!)).toEqual(['orders']);
    expect(fake.checkRuns).toHaveLength(2);
    expect(fake.checkRuns[0]!.body.conclusion).toBe('failure');
    expect(first.summary).toContain('Plan for `prod`');
  });

  test('pr-report: 120 annotations in 3 requests; an oversized comment stays under the limit', async () => {
    const plan = planReport().plans![0]!;
    const changes = Array.from({ length: 1500 }, (_, i) => ({ ...plan.changes[1]!, name: `prod-schedule-${i}` }));
    write('reports/big.json', {
      title: 'big',
      diagnostics: diagnostics(120),
      plans: [{ ...plan, changes }],
    } satisfies Report);
    const res = await runDist('pr-report', fake, ws.dir, {
      'github-token': 'test-token',
      'local-run': 'false',
      reports: 'reports/big.json',
    });
    expect(fake.invalid).toEqual([]);
    expect(fake.calls('checks/create')).toHaveLength(1);
    expect(fake.calls('checks/update')).toHaveLength(2);
    expect(fake.checkRuns[0]!.annotations).toHaveLength(120);
    const body = fake.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body).toContain('truncated to fit');
    expect(res.summary).toContain('prod-schedule-1499');
    expect(body).not.toContain('prod-schedule-1499');
  });

  test('pr-report: the bundle runs the touched pipeline on the local target (DuckDB, SQL parser from node_modules)', async () => {
    const res = await runDist('pr-report', fake, ws.dir, { 'github-token': 'test-token' });
    expect(fake.invalid).toEqual([]);
    const body = fake.comments[0]!.body;
    expect(body).toContain('### Pipeline `orders` · run on `local`');
    expect(body).toContain('✅ **SUCCEEDED**');
    expect(body).toMatch(/\*\*Validations\*\*\n\n❌ 1 passed, 1 failed/);
    expect(res.outputs.conclusion).toBe('failure'); // totals-positive finds the negative total
  });

  test('run-pipeline: a bad dispatch input fails before anything runs', async () => {
    const res = await runDist('run-pipeline', fake, ws.dir, {
      pipeline: 'orders',
      environment: 'local',
      'target-hour': '2024-05-01 10:00; rm -rf /',
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('input "target-hour"');
    expect(res.stdout).toContain('must be an hour in UTC');
    expect(fake.requests).toHaveLength(0);
  });

  test('validate: an unknown environment is a clear error', async () => {
    const res = await runDist('validate', fake, ws.dir, { environment: 'staging', 'github-token': 'test-token' });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('declares no environment "staging"');
    expect(fake.requests).toHaveLength(0);
  });
});

// The actions end to end on the local target (DuckDB, files as S3, the ASL interpreter): the PR
// report with a real local run, a dispatched run followed by the scheduled validations that open
// and then close the validation issue, and a deploy with its GitHub deployment record.
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '../../src/github/action-io.js';
import { issueMarker } from '../../src/github/validation-issue.js';
import { run as prReport } from '../../actions/pr-report/src/main.js';
import { run as runPipeline } from '../../actions/run-pipeline/src/main.js';
import { run as validate } from '../../actions/validate/src/main.js';
import { run as deploy } from '../../actions/deploy/src/main.js';
import { run as plan } from '../../actions/plan/src/main.js';
import { actionEnv, pullRequestEvent, withEnv, workspaceWith } from './support/action-env.js';
import { FakeGitHub } from './support/fake-github.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/github/project');

describe('actions on the local target', () => {
  let fake: FakeGitHub;
  let ws: { dir: string; cleanup: () => void };
  let printed: string[];

  beforeEach(async () => {
    fake = new FakeGitHub();
    await fake.start();
    ws = workspaceWith(FIXTURE);
    printed = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await fake.stop();
    ws.cleanup();
  });

  async function act(
    main: () => Promise<void>,
    inputs: Record<string, string>,
    opts: { runId?: string; eventName?: string; event?: unknown } = {},
  ) {
    const ae = actionEnv({
      apiUrl: fake.url,
      workspace: ws.dir,
      event: opts.event ?? (opts.eventName === 'pull_request' ? pullRequestEvent(7) : {}),
      eventName: opts.eventName ?? 'workflow_dispatch',
      runId: opts.runId,
      inputs,
    });
    try {
      const exitCode = await withEnv(ae.env, async () => {
        await runAction(main);
        return process.exitCode;
      });
      return { exitCode, outputs: ae.outputs(), summary: ae.summary() };
    } finally {
      ae.cleanup();
    }
  }

  test('pr-report runs the touched pipeline locally, then its validations, and reports the violating rows', async () => {
    fake.prFiles.set(7, [{ filename: 'sql/jobs/order_totals.sql', status: 'modified' }]);
    const res = await act(prReport, { 'github-token': 'test-token' }, { eventName: 'pull_request' });

    expect(fake.invalid).toEqual([]);
    const body = fake.comments[0]!.body;
    expect(body).toContain('### Pipeline `orders` · run on `local`');
    expect(body).toContain('✅ **SUCCEEDED**');
    expect(body).toMatch(/sales\.order\\?_totals: 3/); // rows written (Markdown-escaped)
    expect(body).toMatch(/classDef succeeded[^\n]*\n\s+class n\d+(,n\d+)* succeeded/);
    // totals-positive (error) finds customer c-3 with a negative total; totals-present passes.
    expect(body).toMatch(/\*\*Validations\*\*\n\n❌ 1 passed, 1 failed/);
    expect(body).toContain('c-3');
    // What the run would cost on AWS: the Glue job at its declared capacity, the state transitions.
    expect(body).toContain('<details><summary>Estimated AWS cost</summary>');
    expect(body).toMatch(/Glue job order-totals \(estimate/);
    expect(res.outputs.conclusion).toBe('failure');
    expect(res.exitCode).toBe(1);
    // On the validation's own SQL file, the whole query, with the violating row in the message.
    const annotation = fake.checkRuns[0]!.annotations.find((a) => a.title?.includes('totals-positive'));
    const sql = readFileSync(join(ws.dir, 'sql/validations/totals_positive.sql'), 'utf8').trimEnd().split('\n');
    expect(annotation).toMatchObject({
      path: 'sql/validations/totals_positive.sql',
      annotation_level: 'failure',
      start_line: 1,
      end_line: sql.length,
    });
    expect(annotation.message).toMatch(/returned 1 violating row on local: \{"customer_id":"c-3","total":-4(\.0)?\}/);
  });

  test('a dispatched run, then scheduled validations: one issue opens while they fail and closes when they pass', async () => {
    const ran = await act(runPipeline, { pipeline: 'orders', environment: 'local' }, { runId: '1' });
    expect(ran.outputs.status).toBe('SUCCEEDED');
    expect(ran.summary).toContain('```mermaid');
    // The run's own validations already caught the negative total.
    expect(ran.exitCode).toBe(1);
    expect(ran.outputs['validations-failed']).toBe('1');

    const first = await act(validate, { environment: 'local', 'github-token': 'test-token' }, { runId: '2' });
    const again = await act(validate, { environment: 'local', 'github-token': 'test-token' }, { runId: '3' });
    expect(first.outputs['issue-action']).toBe('created');
    expect(again.outputs['issue-action']).toBe('updated');
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]!.state).toBe('open');
    expect(fake.issues[0]!.labels).toEqual(['lakeops-validation']);
    expect(fake.issues[0]!.body).toContain(issueMarker('local'));
    expect(fake.issues[0]!.body).toContain('c-3');
    expect(first.exitCode).toBe(1);

    // Fix the data: a fresh local environment with no negative amounts.
    rmSync(join(ws.dir, '.lakeops'), { recursive: true, force: true });
    const sample = join(ws.dir, 'samples/orders.json');
    writeFileSync(sample, readFileSync(sample, 'utf8').replace('"amount": -4', '"amount": 4'));
    const fixed = await act(runPipeline, { pipeline: 'orders', environment: 'local' }, { runId: '4' });
    expect(fixed.exitCode).toBeUndefined();
    const green = await act(validate, { environment: 'local', 'github-token': 'test-token' }, { runId: '5' });

    expect(green.outputs['issue-action']).toBe('closed');
    expect(green.exitCode).toBeUndefined();
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]!.state).toBe('closed');
    expect(fake.calls('issues/update').at(-1)!.body).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(fake.invalid).toEqual([]);
  });

  test('pr-report shows what a changed job SQL does to the data, against the base commit', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-C', ws.dir, ...args], {
        stdio: 'pipe',
      })
        .toString()
        .trim();
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const baseSha = git('rev-parse', 'HEAD');
    // The PR: only positive amounts count, and a new column.
    writeFileSync(
      join(ws.dir, 'sql/jobs/order_totals.sql'),
      'SELECT customer_id, SUM(amount) AS total, COUNT(*) AS orders\nFROM orders\nWHERE amount > 0\nGROUP BY customer_id\n',
    );
    fake.prFiles.set(7, [{ filename: 'sql/jobs/order_totals.sql', status: 'modified' }]);
    const event = pullRequestEvent(7) as { pull_request: { base: { sha: string } } };
    event.pull_request.base.sha = baseSha;
    const res = await act(
      prReport,
      { 'github-token': 'test-token', 'data-diff-file': 'reports/data-diff.json' },
      { eventName: 'pull_request', event },
    );

    expect(fake.invalid).toEqual([]);
    const diff = JSON.parse(readFileSync(join(ws.dir, 'reports/data-diff.json'), 'utf8'));
    expect(diff.baseRef).toBe(baseSha);
    const t = diff.pipelines[0].tables[0];
    // Independently: the sample has customers c-1, c-2, c-3; c-3's only order is negative.
    expect(t).toMatchObject({ table: 'sales.order_totals', baseRows: 3, headRows: 2, removed: 1, added: 0 });
    expect(t.schema).toEqual([{ column: 'orders', change: 'added', headType: 'BIGINT' }]);
    const body = fake.comments[0]!.body;
    const summary = body.slice(0, body.indexOf('<details>'));
    expect(summary).toContain('| Pipeline | Local run | Validations | Data vs base |');
    expect(summary).toMatch(/order\\?_totals: −1 rows, \+0\/−1\/~0, 1 column change\(s\)/);
    expect(body).toContain(`**Data compared with \`${baseSha}\`**`);
    expect(body).toContain('column `orders` added (BIGINT)');
    // The PR's validation no longer finds c-3: the check passes.
    expect(res.outputs.conclusion).toBe('success');
  }, 120_000);

  test('validations that could not run get one outage issue, updated in place; the data issue is left alone', async () => {
    // Nothing has run in this fresh local environment: every validation query errors (no table).
    const down1 = await act(validate, { environment: 'local', 'github-token': 'test-token' }, { runId: '11' });
    const down2 = await act(validate, { environment: 'local', 'github-token': 'test-token' }, { runId: '12' });
    expect(down1.outputs['could-not-run']).toBe('true');
    expect(down1.outputs['outage-issue-action']).toBe('created');
    expect(down2.outputs['outage-issue-action']).toBe('updated');
    expect(down1.outputs['issue-action']).toBe('none');
    expect(down1.exitCode).toBe(1);
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]!.title).toBe('Data validations could not run on local');
    expect(fake.issues[0]!.body).toContain(issueMarker('local', 'outage'));
    expect(fake.issues[0]!.body).not.toContain(issueMarker('local'));
    // Updated in place, without an hourly comment.
    expect(fake.calls('issues/create-comment')).toHaveLength(0);

    // The data is there again and fails a rule: the outage closes, the data issue opens.
    await act(runPipeline, { pipeline: 'orders', environment: 'local' }, { runId: '13' });
    const data = await act(validate, { environment: 'local', 'github-token': 'test-token' }, { runId: '14' });
    expect(data.outputs['could-not-run']).toBe('false');
    expect(data.outputs['outage-issue-action']).toBe('closed');
    expect(data.outputs['issue-action']).toBe('created');
    expect(fake.issues.map((i) => [i.title, i.state])).toEqual([
      ['Data validations could not run on local', 'closed'],
      ['Data validations failing on local', 'open'],
    ]);
    expect(fake.invalid).toEqual([]);
  });

  test('the plan action writes its report file, which the PR report merges', async () => {
    fake.prFiles.set(7, [{ filename: 'pipelines/orders/pipeline.yaml', status: 'modified' }]);
    const planned = await act(
      plan,
      { environment: 'local', 'report-file': 'reports/plan.json' },
      { eventName: 'pull_request' },
    );
    expect(planned.exitCode).toBeUndefined();
    const file = JSON.parse(readFileSync(join(ws.dir, 'reports/plan.json'), 'utf8'));
    expect(file.plans[0].env).toBe('local');
    expect(Number(planned.outputs.changes)).toBe(
      file.plans[0].changes.filter((c: { action: string }) => c.action !== 'noop').length,
    );
    expect(planned.summary).toContain('## Plan for `local`');

    const res = await act(
      prReport,
      { 'github-token': 'test-token', 'local-run': 'false', reports: 'reports/plan.json' },
      { eventName: 'pull_request' },
    );
    expect(res.exitCode).toBeUndefined();
    expect(fake.comments[0]!.body).toContain('## Plan for `local` (local)');
    expect(fake.invalid).toEqual([]);
  });

  test('run-pipeline rejects an input the pipeline does not declare, before running', async () => {
    const res = await act(runPipeline, {
      pipeline: 'orders',
      environment: 'local',
      'target-hour': '2024-05-01T10:00:00Z',
    });
    expect(res.exitCode).toBe(1);
    expect(printed.join('')).toContain('pipeline "orders" takes no target_hour');
    expect(fake.requests).toHaveLength(0);
  });

  test('deploy records a GitHub deployment that follows the outcome', async () => {
    const ok = await act(
      deploy,
      {
        environment: 'local',
        'github-token': 'test-token',
        'smoke-validations': 'none',
        'plan-url': 'https://github.com/octo/lakeops-demo/actions/runs/8#summary',
      },
      { runId: '9' },
    );
    expect(ok.exitCode).toBeUndefined();
    // The summary links the reviewed plan and lists what was applied (console links only on AWS).
    expect(ok.summary).toContain('## Applied');
    expect(ok.summary).toContain('[plan](https://github.com/octo/lakeops-demo/actions/runs/8#summary)');
    expect(ok.summary).toMatch(/- create job `order-totals` \(orders\)/);
    expect(fake.deployments).toHaveLength(1);
    expect(fake.deployments[0]!.body).toMatchObject({ environment: 'local', auto_merge: false, required_contexts: [] });
    expect(fake.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(fake.deployments[0]!.statuses[1].log_url).toBe('https://github.com/octo/lakeops-demo/actions/runs/9');
    expect(ok.outputs['deployment-id']).toBe(String(fake.deployments[0]!.id));

    // A project that fails its static checks deploys nothing and marks the deployment failed.
    const asl = join(ws.dir, 'pipelines/orders/state-machine.asl.json');
    writeFileSync(asl, readFileSync(asl, 'utf8').replace('${order-totals}', '${no-such-job}'));
    const bad = await act(deploy, { environment: 'local', 'github-token': 'test-token' }, { runId: '10' });
    expect(bad.exitCode).toBe(1);
    expect(fake.deployments[1]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(printed.join('')).toContain('no-such-job');
    expect(fake.invalid).toEqual([]);
  });
});

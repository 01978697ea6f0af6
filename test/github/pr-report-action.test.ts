// The pr-report action's entry point, run in-process with INPUT_* variables, a pull_request event
// file and a recorded GitHub API on 127.0.0.1 (GITHUB_API_URL).
import { jest } from '@jest/globals';
import type { SpiedFunction } from 'jest-mock';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '../../src/github/action-io.js';
import { COMMENT_MAX_CHARS, REPORT_MARKER } from '../../src/github/sticky-comment.js';
import type { Report } from '../../src/report/model.js';
import { run } from '../../actions/pr-report/src/main.js';
import { actionEnv, HEAD_SHA, pullRequestEvent, withEnv, workspaceWith } from './support/action-env.js';
import { FakeGitHub } from './support/fake-github.js';
import { diagnostics, failedOrdersRun, planReport } from './support/reports.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/github/project');

function writeJson(dir: string, rel: string, data: unknown): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), JSON.stringify(data));
}

async function runPrReport(
  fake: FakeGitHub,
  workspace: string,
  inputs: Record<string, string>,
  opts: { runId?: string; fork?: boolean } = {},
) {
  const ae = actionEnv({
    apiUrl: fake.url,
    workspace,
    event: pullRequestEvent(7, { fork: opts.fork }),
    runId: opts.runId,
    inputs: { 'github-token': 'test-token', 'local-run': 'false', ...inputs },
  });
  try {
    const exitCode = await withEnv(ae.env, async () => {
      await runAction(run);
      return process.exitCode;
    });
    return { exitCode, outputs: ae.outputs(), summary: ae.summary() };
  } finally {
    ae.cleanup();
  }
}

describe('pr-report action', () => {
  let fake: FakeGitHub;
  let ws: { dir: string; cleanup: () => void };
  let write: SpiedFunction<typeof process.stdout.write>;

  beforeEach(async () => {
    fake = new FakeGitHub();
    await fake.start();
    fake.prFiles.set(7, [
      { filename: 'sql/validations/totals_positive.sql', status: 'modified' },
      { filename: 'README.md', status: 'modified' },
    ]);
    ws = workspaceWith(FIXTURE);
    // Keep the action's log (workflow commands) out of the test output, but readable by tests.
    write = jest.spyOn(process.stdout, 'write');
    if (!process.env.DEBUG_ACTIONS) write.mockImplementation(() => true);
  });
  afterEach(async () => {
    write.mockRestore();
    await fake.stop();
    ws.cleanup();
  });

  test('the first run creates the comment, the second updates it: one comment in all', async () => {
    writeJson(ws.dir, 'reports/plan-prod.json', planReport());
    writeJson(ws.dir, 'reports/local.json', { title: 'local', runs: [failedOrdersRun()] } satisfies Report);
    const inputs = { reports: 'reports/plan-prod.json\nreports/local.json' };

    const first = await runPrReport(fake, ws.dir, inputs, { runId: '100' });
    const second = await runPrReport(fake, ws.dir, inputs, { runId: '101' });

    expect(fake.invalid).toEqual([]);
    expect(fake.comments).toHaveLength(1);
    expect(fake.calls('issues/create-comment')).toHaveLength(1);
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
    expect(fake.calls('issues/list-comments')[0]!.query.per_page).toBe('100');
    expect(first.outputs['comment-id']).toBe(second.outputs['comment-id']);

    const body = fake.comments[0]!.body;
    expect(body.startsWith(REPORT_MARKER)).toBe(true);
    expect(body).toContain('actions/runs/101'); // the second run's content replaced the first
    expect(body).not.toContain('actions/runs/100');
    expect(body).toContain('## Plan for `prod` (aws)');
    expect(body).toContain('1 to create, 1 to update');
    expect(body).toContain('### Pipeline `orders` · run on `local`');
    expect(body).toContain('```mermaid');
    expect(body).toMatch(/classDef failed/);
    expect(body).toContain('### Validations on `prod` (Athena, read-only)');
    // The prod validation's count, never its rows (anyone who can read the PR would see them).
    expect(body).toMatch(/totals-positive: 2 violating row\(s\)/);
    expect(body).not.toContain('c-17');
    expect(first.summary).not.toContain('c-17');
    expect(body).toContain('Estimated AWS cost');
    // The PR touched the orders pipeline through a SQL file it references.
    expect(JSON.parse(first.outputs.pipelines!)).toEqual(['orders']);
    expect(body).toContain('sql/validations/totals_positive.sql');

    // The failed local run fails the check and the step; the Athena failure only warns.
    expect(first.outputs.conclusion).toBe('failure');
    expect(first.exitCode).toBe(1);
    const check = fake.checkRuns[1]!;
    expect(check.body).toMatchObject({
      name: 'lakeops',
      head_sha: HEAD_SHA,
      status: 'completed',
      conclusion: 'failure',
    });
    // The failure is annotated where it is: the job's SQL file, at the line naming the missing
    // column; the generic Fail state the Catch led to gets no annotation of its own.
    const step = check.annotations.find((a) => a.title?.includes('Aggregate Orders'));
    expect(step).toMatchObject({ path: 'sql/jobs/order_totals.sql', start_line: 1, annotation_level: 'failure' });
    expect(step.message).toContain('column "amount" not found');
    expect(check.annotations.filter((a) => a.title?.includes('Aggregation Failed'))).toEqual([]);
    // The Athena (prod) validation: on its SQL file, a warning, and no production rows in it.
    const athena = check.annotations.find((a) => a.title?.includes('totals-positive'));
    expect(athena).toMatchObject({ path: 'sql/validations/totals_positive.sql', annotation_level: 'warning' });
    expect(athena.message).toContain('2 violating rows on prod');
    expect(JSON.stringify(athena)).not.toContain('c-17');

    expect(first.summary).toContain('### Pipeline `orders` · run on `local`');
    expect(first.summary).not.toContain(REPORT_MARKER);
  });

  test('an oversized report is cut under 65,536 characters and points to the job summary', async () => {
    writeJson(ws.dir, 'reports/big.json', {
      title: 'big',
      diagnostics: diagnostics(3000, 'x'.repeat(90)),
      plans: planReport().plans,
    } satisfies Report);
    const res = await runPrReport(fake, ws.dir, { reports: 'reports/big.json' });

    expect(fake.invalid).toEqual([]);
    const body = fake.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body.length).toBeGreaterThan(COMMENT_MAX_CHARS * 0.8);
    expect(body).toContain(
      'truncated to fit; [see the full report](https://github.com/octo/lakeops-demo/actions/runs/4242)',
    );
    // The small sections survive; the largest one (static checks) was cut.
    expect(body).toContain('## Plan for `prod`');
    expect(body).toContain('<sub>lakeops'); // the footer survives
    // The job summary keeps all 3000 diagnostics.
    expect(res.summary).toContain('#2999');
    expect(body).not.toContain('#2999');
  });

  test('120 annotations go out in 3 requests: create with 50, then two updates', async () => {
    writeJson(ws.dir, 'reports/diag.json', { title: 'diag', diagnostics: diagnostics(120) } satisfies Report);
    await runPrReport(fake, ws.dir, { reports: 'reports/diag.json', comment: 'false' });

    expect(fake.invalid).toEqual([]);
    const create = fake.calls('checks/create');
    const updates = fake.calls('checks/update');
    expect(create).toHaveLength(1);
    expect(updates).toHaveLength(2);
    expect([create, ...updates.map((u) => [u])].map(([r]) => r!.body.output.annotations.length)).toEqual([50, 50, 20]);
    expect(fake.checkRuns[0]!.annotations).toHaveLength(120);
    expect(fake.checkRuns[0]!.annotations[119].message).toBe('unknown job reference #119');
  });

  test('a fork PR (read-only token) still gets its report in the job summary', async () => {
    await fake.stop();
    fake = new FakeGitHub({ readOnly: true });
    await fake.start();
    fake.prFiles.set(7, [{ filename: 'pipelines/orders/pipeline.yaml', status: 'modified' }]);
    const res = await runPrReport(fake, ws.dir, {}, { fork: true });

    expect(fake.invalid).toEqual([]);
    expect(fake.comments).toHaveLength(0);
    expect(fake.calls('issues/create-comment')[0]!.status).toBe(403);
    expect(res.outputs.conclusion).toBe('success');
    expect(res.exitCode).toBeUndefined();
    expect(res.summary).toContain('comes from a fork');
    expect(res.summary).toContain('Static checks');
  });

  test('file names from the pull request cannot mention people or inject markup', async () => {
    fake.prFiles.set(7, [{ filename: 'pipelines/orders/@octo-org/team <b>x</b>.md', status: 'added' }]);
    await runPrReport(fake, ws.dir, {});
    const body = fake.comments[0]!.body;
    expect(body).toContain('pipelines/orders/&#64;octo-org/team &lt;b&gt;x&lt;/b&gt;.md');
    expect(body).not.toMatch(/@octo-org|<b>/);
  });

  test('a bad input fails the step with a message naming it', async () => {
    const res = await runPrReport(fake, ws.dir, { 'local-run': 'maybe' });
    expect(res.exitCode).toBe(1);
    const printed = write.mock.calls.map((c: unknown[]) => String(c[0])).join('');
    expect(printed).toContain('input "local-run" must be true or false');
    expect(fake.requests).toHaveLength(0);
  });

  test('a failed plan yields a failing check and no green headline', async () => {
    // What the plan action writes when AWS refuses: the environment recorded as not planned.
    writeJson(ws.dir, 'reports/plan.json', {
      title: 'lakeops plan: prod',
      plans: [],
      skipped: [{ stage: 'plan prod', reason: 'HTTP 403: AccessDenied: not authorized to perform glue:GetJobs' }],
    } satisfies Report);
    const res = await runPrReport(fake, ws.dir, { reports: 'reports/plan.json' });

    expect(fake.invalid).toEqual([]);
    expect(res.outputs.conclusion).toBe('failure');
    expect(res.exitCode).toBe(1);
    expect(fake.checkRuns[0]!.body.conclusion).toBe('failure');
    expect(fake.checkRuns[0]!.body.output.title).toMatch(/^1 problem\(s\): plan prod failed: HTTP 403/);
    const body = fake.comments[0]!.body;
    const headline = body.split('\n').slice(0, 3).join('\n');
    expect(headline).toContain('❌ lakeops: 1 blocking problem(s)');
    expect(body).not.toContain('✅ lakeops');
    expect(body).not.toMatch(/all checks passed/i);
    expect(body).toContain('**plan prod**: ❌ did not complete');
  });

  test('a plan job that failed before writing its report also fails the check', async () => {
    const missing = await runPrReport(fake, ws.dir, { reports: 'reports/plan.json', 'plan-result': 'failure' });
    expect(missing.outputs.conclusion).toBe('failure');
    expect(fake.checkRuns[0]!.body.conclusion).toBe('failure');
    expect(fake.comments[0]!.body).toContain('plan failed: the plan job failed before writing its report');
    // Skipped (a fork, no AWS variables) is not a failure.
    const skipped = await runPrReport(fake, ws.dir, { reports: 'reports/plan.json', 'plan-result': 'skipped' });
    expect(skipped.outputs.conclusion).toBe('success');
  });

  test('GitHub API errors never fail the job: a 5xx is retried, a refused write becomes a warning', async () => {
    fake.failNext.set('issues/create-comment', [502]);
    fake.failNext.set('checks/create', [422]);
    const res = await runPrReport(fake, ws.dir, {});
    // The 502 was retried after a back-off and the comment landed; a 422 is not worth retrying.
    expect(fake.calls('issues/create-comment').map((r) => r.status)).toEqual([502, 201]);
    expect(fake.calls('checks/create').map((r) => r.status)).toEqual([422]);
    expect(res.outputs.conclusion).toBe('success');
    expect(res.exitCode).toBeUndefined();
    const printed = write.mock.calls.map((c: unknown[]) => String(c[0])).join('');
    expect(printed).toMatch(/::warning::cannot create the check run \(HTTP 422/);
    expect(res.summary).toContain('lakeops: all checks passed');
  });
});

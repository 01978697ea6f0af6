// The PR comment's layout on the example project: a summary that fits one screen before the first
// collapsed section, one collapsed <details> per pipeline holding its chart, steps and results, and
// the first error of a failed pipeline quoted (wrapping) in the summary.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GitHubContext } from '../../src/github/context.js';
import { renderPrComment, type PrReportView } from '../../src/github/pr-report.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import type { PlanResult, Report, RunResult, ValidationResult } from '../../src/report/model.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const project = loadProjectOrThrow(ROOT);

const ctx: GitHubContext = {
  owner: 'octo',
  repo: 'lakeops-demo',
  eventName: 'pull_request',
  payload: {},
  sha: 'c'.repeat(40),
  runId: '4242',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  workspace: ROOT,
  pullRequest: { number: 7, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), fromFork: false },
};

function run(pipeline: string, status: RunResult['status'] = 'SUCCEEDED'): RunResult {
  return {
    pipeline,
    env: 'local',
    target: 'local',
    orchestration: 'stateMachine',
    executionName: `${pipeline}-gh-4242-1`,
    status,
    startedAt: '2026-11-21T10:00:00.000Z',
    durationMs: 2500,
    steps: [{ name: 'Step', type: 'Task', status: status === 'SUCCEEDED' ? 'succeeded' : 'failed', durationMs: 2400 }],
  };
}

function validation(pipeline: string, name: string): ValidationResult {
  return {
    pipeline,
    name,
    env: 'local',
    severity: 'error',
    status: 'pass',
    file: `sql/validations/${name}.sql`,
    violationCount: 0,
    columns: [],
    rows: [],
    truncated: false,
  };
}

/** The example PR: every example pipeline touched, run and validated locally, a prod plan of changes. */
function examplePr(): PrReportView {
  const names = project.pipelines.map((p) => p.name);
  const plan: PlanResult = {
    env: 'prod',
    target: 'aws',
    changes: names.flatMap((n, i) => [
      {
        kind: 'job' as const,
        name: `prod-${n}-job`,
        pipeline: n,
        action: 'update' as const,
        diffs: [{ path: 'Command.ScriptLocation', before: 'a', after: 'b' }],
      },
      { kind: 'schedule' as const, name: `prod-${n}-${i}`, pipeline: n, action: 'create' as const, diffs: [] },
    ]),
  };
  const report: Report = {
    title: 'lakeops report for #7',
    env: 'local',
    diagnostics: [],
    plans: [plan],
    runs: names.map((n) => run(n)),
    validations: names.flatMap((n) => [validation(n, `${n}-rows`), validation(n, `${n}-keys`)]),
  };
  return { report, project, touched: names.map((n) => ({ name: n, reasons: [`pipelines/${n}/pipeline.yaml`] })), ctx };
}

/**
 * Lines a reader sees before the first collapsed section: non-blank Markdown lines (an HTML
 * comment renders nothing), a long paragraph line counting once per 120 characters it wraps at.
 */
function linesBeforeFirstDetails(body: string): number {
  const head = body.slice(0, body.indexOf('<details>'));
  return head
    .split('\n')
    .filter((l) => l.trim() && !/^<!--.*-->$/.test(l.trim()))
    .reduce((n, l) => n + (l.startsWith('|') ? 1 : Math.ceil(l.length / 120)), 0);
}

describe('PR comment layout', () => {
  test('the example PR (all green) fits 25 lines before the first <details>; each pipeline is collapsed', () => {
    const view = examplePr();
    const n = project.pipelines.length;
    expect(n).toBeGreaterThanOrEqual(5);
    expect(view.touched).toHaveLength(n);
    const body = renderPrComment(view);
    const lines = linesBeforeFirstDetails(body);
    expect(lines).toBeGreaterThan(5);
    expect(lines).toBeLessThanOrEqual(25);
    expect(body).toContain('## ✅ lakeops: all checks passed for `aaaaaaa`');
    expect(body).toContain(`**prod**: ${n} to create, ${n} to update`);
    // Charts, steps and results live in one collapsed block per pipeline, none open.
    for (const p of project.pipelines) {
      const block = new RegExp(`<details><summary>${p.name}: [^<]*</summary>\\n\\n### Pipeline \`${p.name}\``);
      expect(body).toMatch(block);
    }
    expect(body).not.toContain('<details open>');
    const firstDetails = body.indexOf('<details>');
    expect(body.indexOf('```mermaid')).toBeGreaterThan(firstDetails);
    expect(body.indexOf('| Step |')).toBeGreaterThan(firstDetails);
  });

  test('a PR touching 300 pipelines still has a one-screen summary', () => {
    const view = examplePr();
    const many = Array.from({ length: 300 }, (_, i) => `p${i}`);
    view.touched = many.map((n) => ({ name: n, reasons: ['x'] }));
    view.report.runs = many.map((n) => run(n, 'FAILED'));
    const body = renderPrComment(view);
    expect(linesBeforeFirstDetails(body)).toBeLessThanOrEqual(25);
    expect(body).toMatch(/… and 29\d more pipeline\(s\) below\./);
    expect(body).toContain('… and 297 more failed run(s) below.');
    expect(body.length).toBeLessThanOrEqual(65536);
  });

  test("a failed pipeline's first error is quoted in the summary, wrapped, not in a code block", () => {
    const view = examplePr();
    const failed: RunResult = {
      ...run('hourly-hits', 'FAILED'),
      steps: [
        { name: 'Choose Hour', type: 'Choice', status: 'succeeded' },
        {
          name: 'Aggregate Hits',
          type: 'Task',
          status: 'caught',
          error: 'Glue.JobRunFailed',
          cause: `Binder Error: Referenced column "hitz" not found in FROM clause! Candidate bindings: "hits" ${'x'.repeat(200)}`,
        },
        { name: 'Failed', type: 'Fail', status: 'failed', error: 'HitsFailed' },
      ],
      failure: { state: 'Failed', error: 'HitsFailed' },
    };
    view.report.runs = view.report.runs!.map((r) => (r.pipeline === 'hourly-hits' ? failed : r));
    const body = renderPrComment(view);
    const summary = body.slice(0, body.indexOf('<details>'));
    expect(summary).toContain('## ❌ lakeops: 1 blocking problem(s)');
    expect(summary).toContain('**hourly-hits** failed at `Aggregate Hits`:');
    expect(summary).toMatch(/^> Glue\.JobRunFailed: Binder Error: Referenced column "hitz" not found/m);
    expect(summary).not.toContain('```');
    expect(linesBeforeFirstDetails(body)).toBeLessThanOrEqual(25);
  });
});

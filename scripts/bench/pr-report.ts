// Benchmark: the pull request report of a large change (the pr-report action's work after the
// runs): the sticky comment cut to GitHub's limit, the job summary, the check run output, the
// annotations and the Mermaid charts of the example pipelines.
// Run: npm run bench -- pr-report   Prints the median of 5 runs per case: output size and time.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportAnnotations } from '../../src/github/annotations.js';
import { MAX_ANNOTATIONS } from '../../src/github/check-run.js';
import type { GitHubContext } from '../../src/github/context.js';
import { checkRunOutput, renderPrComment, renderPrSummary, type PrReportView } from '../../src/github/pr-report.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import type { Report, RunResult } from '../../src/report/model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const project = loadProjectOrThrow(ROOT);

function run(pipeline: string): RunResult {
  return {
    pipeline,
    env: 'local',
    target: 'local',
    orchestration: 'stateMachine',
    executionName: `${pipeline}-bench`,
    status: 'FAILED',
    startedAt: new Date(0).toISOString(),
    steps: Array.from({ length: 40 }, (_, i) => ({
      name: `Step ${i}`,
      type: 'Task',
      status: i === 39 ? ('failed' as const) : ('succeeded' as const),
      durationMs: 100 + i,
      rowsWritten: { [`db.table_${i}`]: i * 1000 },
    })),
    failure: {
      state: 'Step 39',
      error: 'Glue.Failed',
      logTail: Array.from({ length: 200 }, (_, i) => `log line ${i}`),
    },
  };
}

function report(diagnostics: number, changes: number, validations: number): Report {
  return {
    title: 'bench',
    diagnostics: Array.from({ length: diagnostics }, (_, i) => ({
      file: 'pipelines/hourly-hits/pipeline.yaml',
      line: (i % 200) + 1,
      column: 3,
      severity: i % 3 ? ('warning' as const) : ('error' as const),
      message: `problem number ${i} with a message of ordinary length`,
      rule: 'ref-job',
    })),
    plans: [
      {
        env: 'prod',
        target: 'aws',
        changes: Array.from({ length: changes }, (_, i) => ({
          kind: 'job' as const,
          name: `prod-job-${i}`,
          pipeline: 'hourly-hits',
          action: 'update' as const,
          diffs: [{ path: 'Command.ScriptLocation', before: `s3://a/${i}/old.py`, after: `s3://a/${i}/new.py` }],
        })),
      },
    ],
    runs: project.pipelines.map((p) => run(p.name)),
    validations: Array.from({ length: validations }, (_, i) => ({
      pipeline: 'hourly-hits',
      name: `check-${i}`,
      env: i % 2 ? 'prod' : 'local',
      severity: 'error' as const,
      status: 'fail' as const,
      file: `sql/validations/check_${i}.sql`,
      line: 10 + i,
      violationCount: 200,
      columns: ['country', 'hits'],
      rows: Array.from({ length: 20 }, (_, r) => ({ country: `C${r}`, hits: -r })),
      truncated: true,
    })),
  };
}

const ctx: GitHubContext = {
  owner: 'o',
  repo: 'r',
  eventName: 'pull_request',
  payload: {},
  sha: 'c'.repeat(40),
  runId: '1',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  workspace: ROOT,
  pullRequest: { number: 1, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), fromFork: false },
};

function time<T>(fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    value = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: times.sort((a, b) => a - b)[2]!, value };
}

const CASES: [string, number, number, number][] = [
  ['small', 10, 20, 5],
  ['large', 5000, 2000, 100],
];
for (const [name, d, c, v] of CASES) {
  const view: PrReportView = {
    report: report(d, c, v),
    project,
    touched: project.pipelines.map((p) => ({ name: p.name, reasons: ['lakeops.yaml'] })),
    ctx,
  };
  const comment = time(() => renderPrComment(view));
  const summary = time(() => renderPrSummary(view));
  const check = time(() => checkRunOutput(view));
  const annotations = time(() => reportAnnotations(view.report, { project }));
  process.stdout.write(
    `${name.padEnd(6)} diagnostics=${d} changes=${c} validations=${v} pipelines=${project.pipelines.length}\n` +
      `  comment     ${comment.value.length.toLocaleString('en-US').padStart(9)} chars  ${comment.ms.toFixed(1)} ms\n` +
      `  summary     ${summary.value.length.toLocaleString('en-US').padStart(9)} chars  ${summary.ms.toFixed(1)} ms\n` +
      `  check run   ${check.value.summary.length.toLocaleString('en-US').padStart(9)} chars  ${check.ms.toFixed(1)} ms\n` +
      `  annotations ${annotations.value.length.toLocaleString('en-US').padStart(9)}        ${annotations.ms.toFixed(1)} ms (${Math.ceil(Math.min(annotations.value.length, MAX_ANNOTATIONS) / 50)} check run requests)\n`,
  );
}

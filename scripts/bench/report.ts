// Benchmark: rendering a large report to Markdown within GitHub's comment limit (the PR comment
// and job summary path). Run: npx tsx scripts/bench/report.ts   (or npm run bench -- report)
// Prints the median of 5 runs per case: output size and wall time.
import type { Report, ResourceChange, ValidationResult } from '../../src/report/model.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../src/report/markdown.js';
import { renderValidations } from '../../src/report/terminal.js';

function validation(i: number, rows: number): ValidationResult {
  return {
    pipeline: 'hourly-hits',
    name: `check-${i}`,
    severity: i % 2 ? 'warn' : 'error',
    status: 'fail',
    file: `sql/validations/check_${i}.sql`,
    line: 10 + i,
    violationCount: rows * 10,
    columns: ['country', 'hits', 'note'],
    rows: Array.from({ length: rows }, (_, r) => ({
      country: `C${r}`,
      hits: -r,
      note: `row ${r} | with <markup> and @mentions`,
    })),
    truncated: true,
  };
}

function report(changes: number, validations: number, rows: number, logLines: number): Report {
  const plan: ResourceChange[] = Array.from({ length: changes }, (_, i) => ({
    kind: 'job',
    name: `prod-job-${i}`,
    action: 'update',
    diffs: [{ path: 'Command.ScriptLocation', before: `s3://a/${i}/old.py`, after: `s3://a/${i}/new.py` }],
  }));
  return {
    title: 'bench',
    plans: [{ env: 'prod', target: 'aws', changes: plan }],
    validations: Array.from({ length: validations }, (_, i) => validation(i, rows)),
    runs: [
      {
        pipeline: 'hourly-hits',
        env: 'prod',
        target: 'aws',
        orchestration: 'stateMachine',
        executionName: 'x',
        status: 'FAILED',
        startedAt: new Date(0).toISOString(),
        steps: [],
        failure: { state: 'S', logTail: Array.from({ length: logLines }, (_, i) => `log ${i}`) },
      },
    ],
  };
}

const CASES = [
  { label: 'small (fits)', r: report(20, 5, 20, 50) },
  { label: 'large, truncated to 65,536', r: report(3000, 50, 20, 50) },
  { label: 'huge, truncated to 65,536', r: report(20000, 200, 20, 5000) },
];
const RUNS = 5;
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const c of CASES) {
  const md: number[] = [];
  const term: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    size = renderMarkdown(c.r, { maxLength: GITHUB_COMMENT_LIMIT, detailsUrl: 'https://example.invalid/run' }).length;
    md.push(performance.now() - t);
    t = performance.now();
    renderValidations(c.r.validations!, { color: false });
    term.push(performance.now() - t);
  }
  console.log(
    `${c.label.padEnd(28)} markdown ${String(size).padStart(6)} chars ${median(md).toFixed(1).padStart(7)} ms   ` +
      `terminal validations ${median(term).toFixed(1).padStart(7)} ms`,
  );
}

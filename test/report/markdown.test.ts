import { describe, expect, test } from '@jest/globals';
import type { Report, ResourceChange } from '../../src/report/model.js';
import {
  codeBlock,
  cutBody,
  escapeCell,
  GITHUB_COMMENT_LIMIT,
  joinSections,
  markdownSections,
  renderMarkdown,
  truncateSections,
  type Section,
} from '../../src/report/markdown.js';
import { failedRun, violations } from './report-fixtures.js';

/** Fences open and close in pairs, and <details> blocks are closed. */
function wellFormed(md: string): void {
  let fence: string | undefined;
  let details = 0;
  for (const line of md.split('\n')) {
    if (fence) {
      if (new RegExp(`^\`{${fence.length},}\\s*$`).test(line)) fence = undefined;
      continue;
    }
    const m = /^(`{3,})/.exec(line);
    if (m) fence = m[1];
    details += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  expect(fence).toBeUndefined();
  expect(details).toBe(0);
}

describe('escaping', () => {
  test('table cells: pipes, newlines, HTML and mentions', () => {
    expect(escapeCell('a|b\nc <b>@team</b>')).toBe('a\\|b<br>c &lt;b&gt;&#64;team&lt;/b&gt;');
    expect(escapeCell(null)).toBe('NULL');
    expect(escapeCell('*bold* _x_ [l](u)')).toBe('\\*bold\\* \\_x\\_ \\[l\\](u)');
  });
  test('a code block fence outgrows backticks inside', () => {
    expect(codeBlock('a ``` b\n````')).toBe('`````text\na ``` b\n````\n`````');
  });
});

describe('renderMarkdown', () => {
  test('a failed run names the state, job run, error message and log tail; steps table has emoji', () => {
    const md = renderMarkdown({ title: 'Run', runs: [failedRun()] });
    expect(md).toContain('## Run: `hourly-hits` on `prod`');
    expect(md).toContain('❌ **FAILED** in 1m 31s');
    expect(md).toContain('| ⚠️ | Aggregate Hits | Task | 1m 31s |  | States.TaskFailed · run jr\\_5f1e |');
    expect(md).toContain('**Failed at `Aggregate Hits`**: `States.TaskFailed`');
    expect(md).toContain('Glue job `prod-hits-aggregator`, run `jr_5f1e`');
    // Quoted so it wraps (a code block would not), with Markdown escaped.
    expect(md).toContain('> AnalysisException: \\[PATH\\_NOT\\_FOUND\\] Path does not exist');
    expect(md).toContain('<details><summary>Last 50 lines of the error log</summary>');
    expect(md).toContain('log line 49');
    wellFormed(md);
  });

  test('3 violating rows are shown in a collapsible table, escaped', () => {
    const md = renderMarkdown({ title: 'Check', validations: [violations(3)] });
    expect(md).toContain('❌ 0 passed, 1 failed, 0 warning(s)');
    expect(md).toContain(
      '<details><summary>❌ hourly-hits / hits-counts-positive: 3 violating row(s) (fail)</summary>',
    );
    expect(md).toContain('| country | hits | note |');
    expect(md).toContain('| C0 | 0 | a\\|b<br>c &lt;b&gt;&#64;team&lt;/b&gt; |');
    expect(md).toContain('| C2 | -2 | x |');
    expect(md).not.toContain('more');
    expect(md).toContain('Declared at `pipelines/hourly-hits/pipeline.yaml:96`');
    wellFormed(md);
  });

  test('25 violations: 20 rows shown and "5 more"', () => {
    const md = renderMarkdown({ title: 'Check', validations: [violations(25)] });
    expect(md).toContain('25 violating row(s), first 20 shown');
    expect(md.match(/^\| C\d+ \|/gm)).toHaveLength(20);
    expect(md).toContain('… and 5 more');
  });

  test('warn failures show as warnings; cost sums runs and validations with the price date', () => {
    const warn = { ...violations(2), severity: 'warn' as const };
    const md = renderMarkdown({ title: 'Check', validations: [warn, violations(0)] });
    expect(md).toContain('⚠️ 1 passed, 0 failed, 1 warning(s)');
    expect(md).toContain('## Estimated AWS cost');
    expect(md).toMatch(/Athena: 2 validation queries \(10 MB minimum each\) \| 92\.0 MiB billed \| \$0\.000438 \|/);
    expect(md).toMatch(/List prices for us-east-1 as of \d{4}-\d\d-\d\d/);
  });
});

function bigReport(): Report {
  const changes: ResourceChange[] = Array.from({ length: 1500 }, (_, i) => ({
    kind: 'job',
    name: `prod-job-${i}`,
    pipeline: 'hourly-hits',
    action: 'update',
    diffs: [
      {
        path: 'Command.ScriptLocation',
        before: `s3://a/${'x'.repeat(40)}/${i}`,
        after: `s3://a/${'y'.repeat(40)}/${i}`,
      },
    ],
  }));
  const big = {
    ...violations(5000, 2000),
    rows: violations(2000).rows.map((r, i) => ({ ...r, note: `${'n'.repeat(100)} ${i}` })),
  };
  return {
    title: 'Pull request 42',
    env: 'prod',
    diagnostics: [
      { file: 'pipelines/a/pipeline.yaml', line: 3, column: 1, severity: 'warning', message: 'unused', rule: 'r' },
    ],
    plans: [{ env: 'prod', target: 'aws', changes }],
    runs: [failedRun(5000)],
    validations: [big, violations(0)],
    skipped: [{ stage: 'deploy', reason: 'pull requests do not deploy' }],
  };
}

describe('truncateSections', () => {
  const url = 'https://github.com/o/r/actions/runs/1';

  test.each([GITHUB_COMMENT_LIMIT, 20_000, 4_000])('stays under %i characters and keeps every heading', (limit) => {
    const report = bigReport();
    const full = renderMarkdown(report);
    expect(full.length).toBeGreaterThan(limit);
    const md = renderMarkdown(report, { maxLength: limit, detailsUrl: url });
    expect(md.length).toBeLessThanOrEqual(limit);
    for (const s of markdownSections(report)) expect(md).toContain(s.heading);
    expect(md).toContain(`[see the full report](${url})`);
    wellFormed(md);
  });

  const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join('\n');
  const sample = (): Section[] => [
    { id: 'title', heading: '# T', body: 'env', truncatable: false },
    { id: 'small', heading: '## Small', body: 'keep me' },
    { id: 'big', heading: '## Big', body: lines('line', 400) },
    { id: 'mid', heading: '## Mid', body: lines('row', 100) },
  ];
  const body = (out: Section[], id: string) => out.find((s) => s.id === id)!.body;

  test('cuts the largest section first; smaller ones stay whole while that suffices', () => {
    const sections = sample();
    const before = JSON.stringify(sections);
    const out = truncateSections(sections, 1500);
    expect(JSON.stringify(sections)).toBe(before); // pure
    expect(joinSections(out).length).toBeLessThanOrEqual(1500);
    expect(body(out, 'small')).toBe('keep me');
    expect(body(out, 'title')).toBe('env');
    expect(body(out, 'mid')).toBe(lines('row', 100));
    expect(body(out, 'big')).toMatch(/^line 0\nline 1\n[\s\S]*\n\n_… truncated to fit the size limit\._$/);
    // Not cut further than needed: one more line would not have fitted.
    expect(joinSections(out).length).toBeGreaterThan(1500 - 'line 000\n'.length - 2);
  });

  test('when one cut is not enough, the large sections are cut to a common level', () => {
    const out = truncateSections(sample(), 700);
    expect(joinSections(out).length).toBeLessThanOrEqual(700);
    expect(body(out, 'small')).toBe('keep me');
    const [big, mid] = [body(out, 'big'), body(out, 'mid')];
    expect(big).toContain('truncated');
    expect(mid).toContain('truncated');
    expect(Math.abs(big.length - mid.length)).toBeLessThanOrEqual('line 000\n'.length);
  });

  test('a report that fits is returned unchanged', () => {
    const sections = markdownSections({ title: 'ok', validations: [violations(1)] });
    expect(truncateSections(sections, 100_000)).toBe(sections);
  });

  test('cutBody closes an open fence and details block', () => {
    const body = `<details><summary>s</summary>\n\n${codeBlock(Array.from({ length: 100 }, (_, i) => `l${i}`).join('\n'))}\n\n</details>`;
    const cut = cutBody(body, 200, '_cut_');
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut.endsWith('_cut_')).toBe(true);
    wellFormed(cut);
  });
});

// Plans you can read: every changed field in full. A change deep inside a long state machine
// definition shows as a unified diff of the pretty-printed value, changed lines never cut; short
// values show inline in full; only unchanged context is shortened.
import { fieldDiffLines, describeFieldDiff, CONTEXT_LINE_MAX } from '../../src/planner/render-diff.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { PlanResult } from '../../src/report/model.js';
import { renderPlan } from '../../src/report/terminal.js';

function longDefinition(timeout: number) {
  const States: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++)
    States[`Step${i}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: { JobName: `dev-job-${i}`, Arguments: { '--note': 'x'.repeat(150) } },
      ...(i === 27 ? { TimeoutSeconds: timeout } : {}),
      Next: `Step${i + 1}`,
    };
  return { StartAt: 'Step0', States };
}

const plan: PlanResult = {
  env: 'dev',
  target: 'aws',
  changes: [
    {
      kind: 'stateMachine',
      name: 'dev-hits-aggregator-workflow',
      action: 'update',
      diffs: [
        { path: 'definition', before: longDefinition(3600), after: longDefinition(7200) },
        {
          path: 'roleArn',
          before: 'arn:aws:iam::123456789012:role/dev-sfn-old-role',
          after: 'arn:aws:iam::123456789012:role/dev-sfn-new-role',
        },
      ],
    },
  ],
};

describe('field diffs', () => {
  test('short values inline and in full (longer than the old 30-character cut)', () => {
    const t = describeFieldDiff(plan.changes[0]!.diffs[1]!);
    expect(t.inline).toBe(
      '"arn:aws:iam::123456789012:role/dev-sfn-old-role" → "arn:aws:iam::123456789012:role/dev-sfn-new-role"',
    );
  });

  test('a long value: a unified diff whose changed lines are whole, context around them only', () => {
    const t = describeFieldDiff(plan.changes[0]!.diffs[0]!);
    expect(t.unified).toBeDefined();
    const changed = t.unified!.filter((l) => /^[-+]/.test(l));
    expect(changed).toEqual(['-      "TimeoutSeconds": 3600,', '+      "TimeoutSeconds": 7200,']);
    expect(t.unified![0]).toMatch(/^@@ -\d+,7 \+\d+,7 @@$/);
    expect(t.unified!.length).toBe(1 + 3 + 2 + 3); // hunk header, 3 context lines each side
    for (const l of t.unified!) expect(l.length).toBeLessThanOrEqual(CONTEXT_LINE_MAX);
  });

  test('a changed line longer than the context limit is never cut', () => {
    const before = 'SELECT a, b FROM t\nWHERE ' + 'c = 1 AND '.repeat(30) + 'd = 2\nORDER BY a';
    const after = before.replace('d = 2', 'd = 3');
    const lines = fieldDiffLines({ path: 'OriginalSql', before, after });
    expect(lines).toContain(`  -WHERE ${'c = 1 AND '.repeat(30)}d = 2`);
    expect(lines).toContain(`  +WHERE ${'c = 1 AND '.repeat(30)}d = 3`);
  });
});

describe('terminal and Markdown plans', () => {
  test('terminal: the changed field inside the long definition is visible', () => {
    const text = renderPlan(plan, { color: false });
    expect(text).toContain('definition: changed (diff below)');
    expect(text).toContain('-      "TimeoutSeconds": 3600,');
    expect(text).toContain('+      "TimeoutSeconds": 7200,');
    expect(text).toContain('arn:aws:iam::123456789012:role/dev-sfn-new-role');
  });

  test('Markdown: a diff block per long field, inline values in full', () => {
    const md = renderMarkdown({ title: 'plan', plans: [plan] });
    expect(md).toMatch(/<details><summary>stateMachine dev-hits-aggregator-workflow: definition<\/summary>/);
    expect(md).toMatch(/```diff\n@@ [^\n]+\n[\s\S]*-      "TimeoutSeconds": 3600,\n\+      "TimeoutSeconds": 7200,/);
    expect(md).toContain('role/dev-sfn-new-role');
  });
});

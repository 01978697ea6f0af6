import { describe, expect, test } from '@jest/globals';
import { renderJson } from '../../src/report/json.js';
import { renderPlan, renderRunSummary, renderValidations, stepLine } from '../../src/report/terminal.js';
import { failedRun, violations } from './report-fixtures.js';

const plain = { color: false };

describe('terminal', () => {
  test('run summary: status, steps, failure with job run, error message and log tail, cost', () => {
    const text = renderRunSummary(
      {
        ...failedRun(3),
        cost: {
          items: [{ what: 'Glue job Aggregate Hits', quantity: 148, unit: 'DPU-seconds', usd: 0.018089 }],
          totalUsd: 0.018089,
          pricesAsOf: '2026-11-01',
          region: 'us-east-1',
        },
      },
      plain,
    );
    expect(text).toContain('hourly-hits on prod (aws): FAILED in 1m 31s');
    expect(text).toMatch(/! caught\s+Aggregate Hits\s+Task\s+1m 31s\s+States\.TaskFailed · jr_5f1e/);
    expect(text).toContain('Failed at "Aggregate Hits": States.TaskFailed');
    expect(text).toContain('Glue job prod-hits-aggregator, run jr_5f1e');
    expect(text).toContain('[PATH_NOT_FOUND] Path does not exist');
    expect(text).toContain('--- last 3 lines of the error log ---');
    expect(text).toContain('│ log line 2');
    expect(text).toMatch(/total\s+\$0\.02/);
    expect(text).not.toContain('\u001b['); // no colour codes when colour is off
  });

  test('validations: table, sample rows, "more" count, warnings do not fail', () => {
    const warn = { ...violations(25), severity: 'warn' as const };
    const text = renderValidations([violations(3), warn, violations(0)], plain);
    expect(text).toMatch(/fail\s+hourly-hits\/hits-counts-positive\s+error\s+3\s+46\.0 MiB/);
    expect(text).toContain(
      'FAIL hourly-hits/hits-counts-positive: 3 violating row(s)  (sql/validations/hits_counts_positive.sql, declared at pipelines/hourly-hits/pipeline.yaml:96)',
    );
    expect(text).toMatch(/C2\s+-2\s+x/);
    expect(text).toContain('a|b↵c <b>@team</b>');
    expect(text).toContain('… and 5 more');
    expect(text).toContain('1 passed, 1 failed, 1 warning(s)');
    expect(renderValidations([warn], plain)).toContain(
      '0 passed, 0 failed, 1 warning(s) (warnings do not fail the check)',
    );
  });

  test('control characters in data cannot drive the terminal', () => {
    const v = { ...violations(1), rows: [{ country: '\u001b[2J\u001b[31mDE', hits: 1, note: 'x' }] };
    const text = renderValidations([v], plain);
    expect(text).toContain('\\x1b[2J\\x1b[31mDE');
    expect(text).not.toContain('\u001b');
  });

  test('a query error shows its message', () => {
    const text = renderValidations(
      [{ ...violations(0), status: 'error', error: 'parameter needs run input "target_hour"' }],
      plain,
    );
    expect(text).toContain('ERROR hourly-hits/hits-counts-positive: query error');
    expect(text).toContain('parameter needs run input "target_hour"');
  });

  test('plan table lists changes with their diffs', () => {
    const text = renderPlan(
      {
        env: 'prod',
        target: 'aws',
        changes: [
          {
            kind: 'job',
            name: 'prod-a',
            action: 'update',
            diffs: [{ path: 'Timeout', before: 30, after: 60 }],
            drift: true,
          },
          { kind: 'crawler', name: 'prod-b', action: 'noop', diffs: [] },
        ],
      },
      plain,
    );
    expect(text).toContain('plan for prod (aws): 1 change(s), 1 unchanged');
    expect(text).toMatch(/~ update\s+job\s+prod-a\s+drift/);
    expect(text).toContain('Timeout: 30 → 60');
  });

  test('stepLine keeps its shape', () => {
    expect(stepLine({ name: 'Load', type: 'Task', status: 'succeeded', durationMs: 1500, rowsWritten: { t: 3 } })).toBe(
      'succeeded Load (Task) 1.5 s t: 3 rows',
    );
  });

  test('stepLine shows long steps in minutes and log text with its control characters escaped', () => {
    const line = stepLine({
      name: 'Load',
      type: 'Task',
      status: 'failed',
      durationMs: 125_000,
      error: 'Glue.Failed',
      cause: 'boom\u001b[2J',
    });
    expect(line).toBe('failed    Load (Task) 2m 5s — Glue.Failed: boom\\x1b[2J');
  });
});

describe('json', () => {
  test('versioned, round-trips, drops undefined, keeps column order', () => {
    const v = { ...violations(2), error: undefined };
    const text = renderJson({ title: 'check', validations: [v] });
    const doc = JSON.parse(text);
    expect(doc.formatVersion).toBe(1);
    expect(Object.keys(doc.validations[0].rows[0])).toEqual(['country', 'hits', 'note']);
    expect('error' in doc.validations[0]).toBe(false);
    expect(doc.validations[0].violationCount).toBe(2);
    expect(text.endsWith('\n')).toBe(true);
  });
});

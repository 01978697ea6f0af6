// Result-model values for reporter tests.
import type { RunResult, ValidationResult } from '../../src/report/model.js';
import { athenaCostItem, costEstimate } from '../../src/runner/cost.js';

export function violations(n: number, shown = Math.min(n, 20)): ValidationResult {
  const rows = Array.from({ length: shown }, (_, i) => ({
    country: `C${i}`,
    hits: -i,
    note: i === 0 ? 'a|b\nc <b>@team</b>' : 'x',
  }));
  return {
    pipeline: 'hourly-hits',
    name: 'hits-counts-positive',
    severity: 'error',
    status: n === 0 ? 'pass' : 'fail',
    file: 'sql/validations/hits_counts_positive.sql',
    line: 96,
    violationCount: n,
    columns: ['country', 'hits', 'note'],
    rows,
    truncated: n > shown,
    bytesScanned: 48213377,
    cost: costEstimate([athenaCostItem(48213377)]),
  };
}

export function failedRun(logLines = 50): RunResult {
  return {
    pipeline: 'hourly-hits',
    env: 'prod',
    target: 'aws',
    orchestration: 'stateMachine',
    executionName: 'hourly-hits-gh-7001-1',
    executionId: 'arn:aws:states:us-east-1:123456789012:execution:prod-hits-aggregator-workflow:hourly-hits-gh-7001-1',
    status: 'FAILED',
    startedAt: '2026-11-02T09:00:50.118Z',
    endedAt: '2026-11-02T09:02:21.266Z',
    durationMs: 91148,
    steps: [
      { name: 'Choose Hour', type: 'Choice', status: 'succeeded', durationMs: 18 },
      {
        name: 'Aggregate Hits',
        type: 'Task',
        status: 'caught',
        durationMs: 90868,
        runId: 'jr_5f1e',
        error: 'States.TaskFailed',
      },
      { name: 'Failed', type: 'Fail', status: 'failed', durationMs: 0 },
    ],
    failure: {
      state: 'Aggregate Hits',
      error: 'States.TaskFailed',
      jobName: 'prod-hits-aggregator',
      jobRunId: 'jr_5f1e',
      errorMessage: 'AnalysisException: [PATH_NOT_FOUND] Path does not exist: s3://b/raw/',
      logTail: Array.from({ length: logLines }, (_, i) => (i === 3 ? '```not a fence end' : `log line ${i}`)),
    },
  };
}

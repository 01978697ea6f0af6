// Report parts shaped like the ones the plan job and the local run produce, for the fixture
// project in test/fixtures/github/project (pipeline "orders").
import type { Diagnostic } from '../../../src/model/diagnostics.js';
import type { PlanResult, Report, RunResult, ValidationResult } from '../../../src/report/model.js';

export function failedOrdersRun(): RunResult {
  return {
    pipeline: 'orders',
    env: 'local',
    target: 'local',
    orchestration: 'stateMachine',
    executionName: 'orders-gh-4242-1',
    status: 'FAILED',
    startedAt: '2026-11-21T10:00:00.000Z',
    endedAt: '2026-11-21T10:00:03.000Z',
    durationMs: 3000,
    steps: [
      {
        name: 'Aggregate Orders',
        type: 'Task',
        resource: 'arn:aws:states:::glue:startJobRun.sync',
        status: 'caught',
        durationMs: 2100,
        error: 'Glue.JobRunFailed',
        cause: 'Binder Error: column "amount" not found',
        logTail: ['line 1: SELECT customer_id, SUM(amount)', 'Binder Error: column "amount" not found'],
        details: { jobName: 'order-totals' },
      },
      { name: 'Aggregation Failed', type: 'Fail', status: 'failed', durationMs: 1, error: 'OrdersFailed' },
    ],
    failure: { state: 'Aggregation Failed', error: 'OrdersFailed', jobName: 'order-totals' },
  };
}

export function succeededOrdersRun(): RunResult {
  return {
    pipeline: 'orders',
    env: 'local',
    target: 'local',
    orchestration: 'stateMachine',
    executionName: 'orders-gh-4242-1',
    status: 'SUCCEEDED',
    startedAt: '2026-11-21T10:00:00.000Z',
    durationMs: 2500,
    steps: [
      {
        name: 'Aggregate Orders',
        type: 'Task',
        status: 'succeeded',
        durationMs: 2400,
        rowsWritten: { 'sales.order_totals': 42 },
      },
      { name: 'Done', type: 'Succeed', status: 'succeeded', durationMs: 0 },
    ],
  };
}

export function prodPlan(): PlanResult {
  return {
    env: 'prod',
    target: 'aws',
    changes: [
      {
        kind: 'job',
        name: 'prod-order-totals',
        logical: 'order-totals',
        pipeline: 'orders',
        file: 'pipelines/orders/pipeline.yaml',
        line: 5,
        action: 'update',
        diffs: [
          { path: 'DefaultArguments.--sql', before: 's3://a/1/order_totals.sql', after: 's3://a/2/order_totals.sql' },
        ],
      },
      { kind: 'schedule', name: 'prod-daily', pipeline: 'orders', action: 'create', diffs: [] },
      { kind: 'crawler', name: 'prod-old', pipeline: 'orders', action: 'noop', diffs: [] },
    ],
  };
}

export function athenaValidations(): ValidationResult[] {
  return [
    {
      pipeline: 'orders',
      name: 'totals-positive',
      env: 'prod',
      severity: 'error',
      status: 'fail',
      file: 'sql/validations/totals_positive.sql',
      line: 23,
      violationCount: 2,
      columns: ['customer_id', 'total'],
      rows: [
        { customer_id: 'c-17', total: -3.5 },
        { customer_id: 'c-99', total: 0 },
      ],
      truncated: false,
      queryExecutionId: 'q-1',
      bytesScanned: 10_485_760,
      durationMs: 1800,
      cost: {
        items: [{ what: 'Athena scan', quantity: 10, unit: 'MB', usd: 0.00005 }],
        totalUsd: 0.00005,
        pricesAsOf: '2026-11-01',
        region: 'us-east-1',
      },
    },
  ];
}

export function diagnostics(n: number, message = 'unknown job reference'): Diagnostic[] {
  return Array.from({ length: n }, (_, i) => ({
    file: 'pipelines/orders/pipeline.yaml',
    line: (i % 30) + 1,
    column: 3,
    severity: i % 2 ? 'warning' : 'error',
    message: `${message} #${i}`,
    rule: 'ref-job',
  }));
}

export function planReport(): Report {
  return { title: 'plan prod', env: 'prod', plans: [prodPlan()], validations: athenaValidations() };
}

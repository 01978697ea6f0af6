import { describe, expect, test } from '@jest/globals';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { silentProgress, type RunResult } from '../../src/report/model.js';
import { runExitCode } from '../../src/runner/aws-run.js';
import { parseDuration } from '../../src/runner/poll.js';
import { ExecutionTracker } from '../../src/runner/sfn-history.js';

/** Builds a history with ids, previous ids and one-second steps, as Step Functions records it. */
function history(...events: [string, Partial<HistoryEvent>?, number?][]): HistoryEvent[] {
  return events.map(([type, details, prev], i) => ({
    id: i + 1,
    previousEventId: prev ?? i,
    type: type as HistoryEvent['type'],
    timestamp: new Date(Date.UTC(2026, 10, 2, 9, 0, i)),
    ...details,
  }));
}
const entered = (name: string) => ({ stateEnteredEventDetails: { name } });
const exited = (name: string) => ({ stateExitedEventDetails: { name } });

function track(events: HistoryEvent[]) {
  const t = new ExecutionTracker(silentProgress);
  for (const e of events) t.apply(e);
  return t;
}

describe('ExecutionTracker', () => {
  test('a retried task that then succeeds is a success, with attempts and a transition per retry', () => {
    const t = track(
      history(
        ['ExecutionStarted', { executionStartedEventDetails: { input: '{"a":1}' } }],
        ['TaskStateEntered', entered('Load')],
        [
          'TaskScheduled',
          {
            taskScheduledEventDetails: {
              resourceType: 'glue',
              resource: 'startJobRun.sync',
              region: 'us-east-1',
              parameters: '{"JobName":"prod-load"}',
            },
          },
        ],
        [
          'TaskFailed',
          {
            taskFailedEventDetails: {
              resourceType: 'glue',
              resource: 'startJobRun.sync',
              error: 'Glue.ConcurrentRunsExceededException',
              cause: 'too many',
            },
          },
        ],
        [
          'TaskScheduled',
          {
            taskScheduledEventDetails: {
              resourceType: 'glue',
              resource: 'startJobRun.sync',
              region: 'us-east-1',
              parameters: '{"JobName":"prod-load"}',
            },
          },
        ],
        [
          'TaskSucceeded',
          {
            taskSucceededEventDetails: {
              resourceType: 'glue',
              resource: 'startJobRun.sync',
              output: '{"Id":"jr_1","JobName":"prod-load","JobRunState":"SUCCEEDED","ExecutionTime":30}',
            },
          },
        ],
        ['TaskStateExited', exited('Load')],
        ['ExecutionSucceeded', { executionSucceededEventDetails: { output: '{"ok":true}' } }],
      ),
    );
    expect(t.status).toBe('SUCCEEDED');
    expect(t.steps[0]).toMatchObject({
      name: 'Load',
      status: 'succeeded',
      runId: 'jr_1',
      attempts: 2,
      error: undefined,
    });
    expect(t.transitions).toBe(2);
    expect(t.output).toEqual({ ok: true });
    expect(t.input).toEqual({ a: 1 });
    expect(t.failingStep()).toBeUndefined();
  });

  test('an uncaught Athena failure blames its state and keeps the query id', () => {
    const t = track(
      history(
        ['ExecutionStarted'],
        ['TaskStateEntered', entered('Count Rows')],
        [
          'TaskScheduled',
          {
            taskScheduledEventDetails: {
              resourceType: 'athena',
              resource: 'startQueryExecution.sync',
              region: 'us-east-1',
              parameters: '{}',
            },
          },
        ],
        [
          'TaskSubmitted',
          {
            taskSubmittedEventDetails: {
              resourceType: 'athena',
              resource: 'startQueryExecution.sync',
              output: '{"QueryExecutionId":"q-1"}',
            },
          },
        ],
        [
          'TaskFailed',
          {
            taskFailedEventDetails: {
              resourceType: 'athena',
              resource: 'startQueryExecution.sync',
              error: 'States.TaskFailed',
              cause: '{"QueryExecution":{"QueryExecutionId":"q-1","Status":{"State":"FAILED"}}}',
            },
          },
        ],
        ['ExecutionFailed', { executionFailedEventDetails: { error: 'States.TaskFailed', cause: 'x' } }],
      ),
    );
    expect(t.status).toBe('FAILED');
    const f = t.failingStep()!;
    expect(f).toMatchObject({ name: 'Count Rows', status: 'failed', runId: 'q-1' });
    expect(f.task?.queryExecutionId).toBe('q-1');
  });

  test('parallel branches are kept apart by previousEventId; a timeout marks open steps timed out', () => {
    const t = track(
      history(
        ['ExecutionStarted'],
        ['ParallelStateEntered', entered('Crawl')],
        ['ParallelStateStarted'],
        ['TaskStateEntered', entered('A'), 3],
        ['TaskStateEntered', entered('B'), 3],
        ['TaskScheduled', {}, 4],
        ['TaskScheduled', {}, 5],
        ['TaskSucceeded', {}, 6],
        ['TaskStateExited', exited('A'), 8],
        ['ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout', cause: 'took too long' } }],
      ),
    );
    expect(t.status).toBe('TIMED_OUT');
    expect(t.steps.map((s) => [s.name, s.status])).toEqual([
      ['Crawl', 'timed_out'],
      ['A', 'succeeded'],
      ['B', 'timed_out'],
    ]);
    expect(t.executionError).toMatchObject({ cause: 'took too long' });
  });

  test('events seen before are ignored', () => {
    const events = history(['ExecutionStarted'], ['PassStateEntered', entered('P')], ['PassStateExited', exited('P')]);
    const t = track([...events, ...events]);
    expect(t.steps).toHaveLength(1);
    expect(t.transitions).toBe(1);
  });
});

test('exit codes: SUCCEEDED 0; FAILED, TIMED_OUT, ABORTED 1; RUNNING 0 unless following gave up', () => {
  const r = (status: RunResult['status'], failure?: RunResult['failure']) =>
    ({ status, failure, steps: [] }) as unknown as RunResult;
  expect(
    ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'].map((s) => runExitCode(r(s as RunResult['status']))),
  ).toEqual([0, 1, 1, 1, 0]);
  expect(runExitCode(r('RUNNING', { state: '(following)' }))).toBe(1);
});

test('parseDuration', () => {
  expect(parseDuration('15m')).toBe(900_000);
  expect(parseDuration('90')).toBe(90_000);
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('2h')).toBe(7_200_000);
  expect(parseDuration('soon')).toBeUndefined();
});

describe('events put on buses during an AWS execution', () => {
  const putEvents = (bus: string, detail: string) => [
    'TaskScheduled',
    {
      taskScheduledEventDetails: {
        resourceType: 'events',
        resource: 'putEvents',
        region: 'us-east-1',
        parameters: JSON.stringify({
          Entries: [{ EventBusName: bus, Source: 'lakeops.customer-etl', DetailType: 'Stage done', Detail: detail }],
        }),
      },
    },
  ];

  test('a succeeded putEvents task adds its entries in the local run shape; a failed one adds none', () => {
    const t = track(
      history(
        ['ExecutionStarted', { executionStartedEventDetails: { input: '{}' } }],
        ['TaskStateEntered', entered('Notify')],
        putEvents(
          'arn:aws:events:us-east-1:123456789012:event-bus/dev-customer-etl-events',
          '{"stage":"raw"}',
        ) as never,
        [
          'TaskSucceeded',
          { taskSucceededEventDetails: { resourceType: 'events', resource: 'putEvents', output: '{}' } },
        ],
        ['TaskStateExited', exited('Notify')],
        ['TaskStateEntered', entered('NotifyAgain')],
        putEvents('default', '{"stage":"processed"}') as never,
        [
          'TaskFailed',
          {
            taskFailedEventDetails: {
              resourceType: 'events',
              resource: 'putEvents',
              error: 'EventBridge.Throttling',
              cause: 'slow down',
            },
          },
        ],
        ['ExecutionFailed', { executionFailedEventDetails: { error: 'EventBridge.Throttling' } }],
      ),
    );
    expect(t.events).toEqual([
      {
        bus: 'dev-customer-etl-events',
        source: 'lakeops.customer-etl',
        detailType: 'Stage done',
        detail: { stage: 'raw' },
      },
    ]);
  });
});

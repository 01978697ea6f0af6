// Glue workflow trigger semantics on the local target: starting triggers, CONDITIONAL ANY vs ALL,
// FAILED conditions, concurrency of ready nodes, and EVENT trigger batching.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPipeline } from '../../src/model/project.js';
import type { RunResult } from '../../src/report/model.js';
import type { EventBridgeEvent } from '../../src/targets/local/events.js';
import { conditionsHold, EventBatchStore } from '../../src/targets/local/workflow.js';
import { makeProject, recordingProgress, type TestProject } from './project.js';

/** The byod-curation shape (seed 002): raw crawlers in parallel, ANY per table, ALL before the curated crawl. */
const byod = (extraTriggers: object = {}) => ({
  databases: { raw: {}, curated: {} },
  crawlers: {
    'sales-raw': { database: 'raw', targets: [{ path: 's3://${data}/raw/sales/' }] },
    'customers-raw': { database: 'raw', targets: [{ path: 's3://${data}/raw/customers/' }] },
    curated: { database: 'curated', targets: [{ path: 's3://${data}/curated/' }] },
  },
  jobs: { 'sales-job': {}, 'customers-job': {}, 'alert-job': {} },
  workflow: {
    name: 'byod',
    triggers: {
      start: {
        type: 'SCHEDULED',
        schedule: 'cron(0 6 * * ? *)',
        actions: [{ crawler: 'sales-raw' }, { crawler: 'customers-raw' }],
      },
      'sales-ready': {
        type: 'CONDITIONAL',
        logical: 'ANY',
        conditions: [{ crawler: 'sales-raw', state: 'SUCCEEDED' }],
        actions: [{ job: 'sales-job', arguments: { '--mode': 'full' } }],
      },
      'customers-ready': {
        type: 'CONDITIONAL',
        logical: 'ANY',
        conditions: [{ crawler: 'customers-raw', state: 'SUCCEEDED' }],
        actions: [{ job: 'customers-job' }],
      },
      'all-converted': {
        type: 'CONDITIONAL',
        logical: 'ALL',
        conditions: [
          { job: 'sales-job', state: 'SUCCEEDED' },
          { job: 'customers-job', state: 'SUCCEEDED' },
        ],
        actions: [{ crawler: 'curated' }],
      },
      ...extraTriggers,
    },
  },
});

let t: TestProject;
const runWf = (name = 'byod'): Promise<RunResult> =>
  t.target.executeWorkflow(getPipeline(t.project, name), { reason: 'on-demand' }, recordingProgress());
const statusOf = (r: RunResult) => Object.fromEntries(r.steps.map((s) => [s.name, s.status]));

describe('CONDITIONAL triggers', () => {
  test('ANY per table, then ALL: the curated crawl runs once, after both jobs', async () => {
    t = makeProject({ byod: byod() });
    const r = await runWf();
    expect(r.status).toBe('SUCCEEDED');
    expect(statusOf(r)).toEqual({
      start: 'succeeded',
      'sales-raw': 'succeeded',
      'customers-raw': 'succeeded',
      'sales-ready': 'succeeded',
      'customers-ready': 'succeeded',
      'sales-job': 'succeeded',
      'customers-job': 'succeeded',
      'all-converted': 'succeeded',
      curated: 'succeeded',
    });
    const calls = t.engine.calls;
    expect(calls.filter((c) => c === 'crawler:curated')).toHaveLength(1);
    expect(calls.indexOf('crawler:curated')).toBeGreaterThan(calls.indexOf('job:sales-job'));
    expect(calls.indexOf('crawler:curated')).toBeGreaterThan(calls.indexOf('job:customers-job'));
    expect(r.steps.find((s) => s.name === 'start')!.details).toMatchObject({
      triggerType: 'SCHEDULED',
      note: expect.stringContaining('on demand'),
    });
  });

  test('jobs get the action arguments plus --WORKFLOW_NAME and --WORKFLOW_RUN_ID', async () => {
    t = makeProject({ byod: byod() });
    const seen: Record<string, string>[] = [];
    const original = t.engine.startJobRun.bind(t.engine);
    t.engine.startJobRun = async (name, args = {}) => {
      if (name === 'sales-job') seen.push(args);
      return original(name, args);
    };
    const r = await runWf();
    expect(seen).toEqual([{ '--mode': 'full', '--WORKFLOW_NAME': 'byod', '--WORKFLOW_RUN_ID': r.executionId }]);
  });

  test('ALL does not fire when one watched job fails; the run fails naming the job and its error', async () => {
    t = makeProject({ byod: byod() });
    t.engine.jobs['customers-job'] = { states: ['FAILED'], error: 'column customer_id not found' };
    const r = await runWf();
    expect(r.status).toBe('FAILED');
    expect(statusOf(r)).toMatchObject({
      'customers-job': 'failed',
      'sales-job': 'succeeded',
      'all-converted': 'skipped',
    });
    expect(r.steps.find((s) => s.name === 'curated')).toBeUndefined();
    expect(t.engine.calls).not.toContain('crawler:curated');
    expect(r.failure).toMatchObject({
      state: 'customers-job',
      jobName: 'customers-job',
      cause: 'column customer_id not found',
    });
    expect(r.steps.find((s) => s.name === 'all-converted')!.details!.reason).toMatch(
      /sales-job SUCCEEDED and customers-job SUCCEEDED/,
    );
  });

  test('ANY fires when one of its conditions holds even if the other never does', async () => {
    t = makeProject({
      byod: byod({
        'either-raw': {
          type: 'CONDITIONAL',
          logical: 'ANY',
          conditions: [
            { crawler: 'sales-raw', state: 'FAILED' },
            { crawler: 'customers-raw', state: 'SUCCEEDED' },
          ],
          actions: [{ job: 'alert-job' }],
        },
      }),
    });
    const r = await runWf();
    expect(statusOf(r)['either-raw']).toBe('succeeded');
    expect(t.engine.calls.filter((c) => c === 'job:alert-job')).toHaveLength(1);
  });

  test('a FAILED condition handles the failure: the alert runs, the failed crawl is "caught", the run succeeds', async () => {
    t = makeProject({
      byod: byod({
        'on-sales-crawl-failed': {
          type: 'CONDITIONAL',
          logical: 'ANY',
          conditions: [{ crawler: 'sales-raw', state: 'FAILED' }],
          actions: [{ job: 'alert-job' }],
        },
      }),
    });
    t.engine.crawlerStatus['sales-raw'] = 'FAILED';
    const r = await runWf();
    expect(statusOf(r)).toMatchObject({
      'sales-raw': 'caught',
      'on-sales-crawl-failed': 'succeeded',
      'alert-job': 'succeeded',
      'sales-ready': 'skipped',
      'all-converted': 'skipped',
    });
    expect(r.status).toBe('SUCCEEDED');
  });

  test('a workflow run with a --key runs once; the same key returns the recorded run', async () => {
    t = makeProject({ byod: byod() });
    const first = await t.target.run(t.project, 'byod', { key: 'nightly-7' }, recordingProgress());
    const calls = t.engine.calls.length;
    const progress = recordingProgress();
    const again = await t.target.run(t.project, 'byod', { key: 'nightly-7' }, progress);
    expect(again.executionName).toBe('byod-nightly-7');
    expect(again.executionId).toBe(first.executionId);
    expect(t.engine.calls.length).toBe(calls);
    expect(progress.messages.join('\n')).toMatch(/already ran \(SUCCEEDED\)/);
  });

  test('conditionsHold: ANY vs ALL over node states', () => {
    const states = new Map([
      ['job:a', 'SUCCEEDED' as const],
      ['crawler:b', 'FAILED' as const],
    ]);
    const trig = (logical: 'ANY' | 'ALL', conditions: object[]) =>
      ({ type: 'CONDITIONAL' as const, logical, conditions, actions: [{ job: 'x' }] }) as never;
    const conds = [
      { job: 'a', state: 'SUCCEEDED' },
      { crawler: 'b', state: 'SUCCEEDED' },
    ];
    expect(conditionsHold(trig('ANY', conds), states)).toBe(true);
    expect(conditionsHold(trig('ALL', conds), states)).toBe(false);
    expect(
      conditionsHold(
        trig('ALL', [
          { job: 'a', state: 'SUCCEEDED' },
          { crawler: 'b', state: 'FAILED' },
        ]),
        states,
      ),
    ).toBe(true);
    expect(conditionsHold(trig('ANY', [{ job: 'c', state: 'TIMEOUT' }]), states)).toBe(false);
  });

  test('nodes that become ready together run concurrently', async () => {
    t = makeProject({ byod: byod() });
    let running = 0;
    let peak = 0;
    const original = t.engine.startCrawler.bind(t.engine);
    t.engine.startCrawler = async (name) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      await original(name);
      running--;
    };
    await runWf();
    expect(peak).toBe(2);
  });
});

describe('EVENT triggers', () => {
  const event = (id: string): EventBridgeEvent => ({
    version: '0',
    id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: '000000000000',
    time: '2024-05-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {},
  });

  test('the batch starts a run when it reaches its size', () => {
    const store = new EventBatchStore(join(mkdtempSync(join(tmpdir(), 'batches-')), 'b.json'));
    const now = new Date('2024-05-01T10:00:00Z');
    expect(store.add('wf/t', event('1'), { size: 2, windowSeconds: 900 }, now)).toEqual({ ready: [], pending: 1 });
    const second = store.add('wf/t', event('2'), { size: 2, windowSeconds: 900 }, new Date(now.getTime() + 1000));
    expect(second.pending).toBe(0);
    expect(second.ready.map((b) => [b.closed, b.events.map((e) => e.id)])).toEqual([
      ['batch size reached', ['1', '2']],
    ]);
  });

  test('an expired window starts a run with what it has, and the new event opens the next batch', () => {
    const store = new EventBatchStore(join(mkdtempSync(join(tmpdir(), 'batches-')), 'b.json'));
    const now = new Date('2024-05-01T10:00:00Z');
    store.add('wf/t', event('1'), { size: 3, windowSeconds: 60 }, now);
    const later = store.add('wf/t', event('2'), { size: 3, windowSeconds: 60 }, new Date(now.getTime() + 61_000));
    expect(later.ready.map((b) => [b.closed, b.events.map((e) => e.id)])).toEqual([['batch window expired', ['1']]]);
    expect(later.pending).toBe(1);
    expect(store.take('wf/t').map((e) => e.id)).toEqual(['2']);
    expect(store.pending('wf/t')).toBe(0);
  });

  test('pending events survive across target instances (separate lakeops put commands)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'batches-')), 'b.json');
    new EventBatchStore(file).add('wf/t', event('1'), { size: 2 });
    expect(new EventBatchStore(file).pending('wf/t')).toBe(1);
  });

  const clicks = {
    databases: { db: {} },
    crawlers: { crawl: { database: 'db', targets: [{ path: 's3://${data}/clicks/' }] } },
    workflow: {
      name: 'event-wf',
      triggers: {
        's3-object-trigger': { type: 'EVENT', batch: { size: 2, windowSeconds: 900 }, actions: [{ crawler: 'crawl' }] },
      },
    },
    rules: {
      'clicks-rule': {
        pattern: {
          source: ['aws.s3'],
          'detail-type': ['AWS API Call via CloudTrail'],
          detail: {
            eventName: ['PutObject'],
            requestParameters: { bucketName: ['${data}'], key: [{ prefix: 'clicks/' }] },
          },
        },
        target: 'workflow',
      },
    },
  };

  test('S3 puts through the rule: the second event starts the workflow; lakeops run flushes a lone pending event', async () => {
    t = makeProject({ clicks });
    const progress = recordingProgress();
    const first = await t.target.putObject('orch-data', 'clicks/a.json', '{}', progress);
    expect(first.dispatch.matched.map((m) => m.rule)).toEqual(['clicks-rule']);
    expect(first.dispatch.runs).toEqual([]);
    expect(progress.messages.join('\n')).toMatch(/1\/2 event\(s\) batched/);
    const second = await t.target.putObject('orch-data', 'clicks/b.json', '{}', progress);
    expect(second.dispatch.runs).toHaveLength(1);
    expect(second.dispatch.runs[0]!.steps[0]!.details).toMatchObject({
      triggerType: 'EVENT',
      events: 2,
      batchClosed: 'batch size reached',
    });
    expect(t.engine.calls.filter((c) => c === 'crawler:crawl')).toHaveLength(1);

    // A key outside the prefix matches nothing.
    const other = await t.target.putObject('orch-data', 'other/c.json', '{}', progress);
    expect(other.dispatch.matched).toEqual([]);

    await t.target.putObject('orch-data', 'clicks/c.json', '{}', progress);
    const flushed = await t.target.run(t.project, 'clicks', { orchestration: 'workflow' }, progress);
    expect(flushed.status).toBe('SUCCEEDED');
    expect(flushed.steps[0]!.details).toMatchObject({ events: 1, batchClosed: 'window closed by lakeops run' });
    expect(t.engine.calls.filter((c) => c === 'crawler:crawl')).toHaveLength(2);
  });
});

// Failures: each resource's error is reported with the file that defines it while the rest
// deploys; throttling and 5xx errors are retried by the SDK (adaptive retry, through the real
// client middleware stack); an interrupted deploy re-runs to the same state with no duplicates;
// a running crawler is waited for (bounded) or reported.
import { breakLock } from '../../src/locking/lock.js';
import { jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { awsError, seededRandom, type Call, type FakeAws } from '../fixtures/aws/fake-aws.js';
import { copyProject, harness, recordingProgress, silent } from '../fixtures/aws/harness.js';

/** Counts of what a deploy leaves in the account, to compare a converged state with a clean one. */
function inventory(w: FakeAws) {
  return {
    databases: [...w.databases.keys()].sort(),
    jobs: [...w.jobs.keys()].sort(),
    crawlers: [...w.crawlers.keys()].sort(),
    workflows: [...w.workflows.keys()].sort(),
    triggers: [...w.triggers.keys()].sort(),
    machines: [...w.machines.keys()].sort(),
    buses: [...w.buses.keys()].sort(),
    rules: [...w.rules.entries()].map(([k, r]) => `${k}:${r.targets.map((t) => t.Id).join(',')}`).sort(),
    schedules: [...w.schedules.keys()].sort(),
    views: [...w.tables.entries()].flatMap(([db, t]) => [...t.keys()].map((n) => `${db}.${n}`)).sort(),
    objects: w.objects.size,
  };
}

describe('per-resource failures', () => {
  test('AccessDenied, InvalidInput and EntityNotFound are reported per resource with their file; the rest deploys', async () => {
    const h = harness();
    h.world.faults.push((c) => {
      if (c.op === 'CreateJob' && c.input.Name === 'dev-hits-aggregator')
        return awsError(
          'AccessDeniedException',
          'User is not authorized to perform: glue:CreateJob on resource job/dev-hits-aggregator',
        );
      if (c.op === 'CreateCrawler' && c.input.Name === 'dev-sales-initial-ds')
        return awsError('InvalidInputException', 'Crawler schedule is invalid');
      return undefined;
    });
    const progress = recordingProgress();
    const result = await h.target.deploy(h.project, {}, progress);
    const failed = result.failed.map((f) => [f.kind, f.name, f.code, f.file]).sort();
    expect(failed).toEqual(
      [
        ['crawler', 'dev-sales-initial-ds', 'InvalidInputException', 'pipelines/byod-curation/pipeline.yaml'],
        ['job', 'dev-hits-aggregator', 'AccessDeniedException', 'pipelines/hourly-hits/pipeline.yaml'],
        // the trigger that starts the missing crawler: Glue answers EntityNotFoundException
        ['trigger', 'dev-trigger-crawler-rawdata', 'EntityNotFoundException', 'pipelines/byod-curation/pipeline.yaml'],
      ].sort(),
    );
    const job = result.failed.find((f) => f.name === 'dev-hits-aggregator')!;
    expect(job.error).toMatch(/^AccessDeniedException: User is not authorized/);
    expect(job.line).toBeGreaterThan(1);
    expect(
      progress.lines.some(
        (l) => l.startsWith('✗ create job dev-hits-aggregator') && l.includes('pipelines/hourly-hits/pipeline.yaml:'),
      ),
    ).toBe(true);
    // Everything else is there.
    expect(h.world.jobs.size).toBe(7);
    expect(h.world.machines.size).toBe(6);

    // Once the cause is fixed, a re-run deploys exactly the missing pieces.
    h.world.faults = [];
    h.world.calls = [];
    const rerun = await h.target.deploy(h.project, {}, silent);
    expect(rerun.failed).toEqual([]);
    expect(rerun.applied.map((a) => `${a.action} ${a.name}`).sort()).toEqual(
      ['create dev-hits-aggregator', 'create dev-sales-initial-ds', 'create dev-trigger-crawler-rawdata'].sort(),
    );
    expect((await h.target.plan(h.project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  });

  test('deleting something already gone counts as done', async () => {
    const copy = copyProject();
    try {
      const h = harness({ root: copy.root });
      await h.target.deploy(h.project, {}, silent);
      rmSync(join(copy.root, 'pipelines/customer-dedup'), { recursive: true });
      const { target, project } = h.reload();
      // Someone deleted them by hand after the plan read them.
      h.world.faults.push((c) => {
        if (c.op === 'DeleteStateMachine') return awsError('StateMachineDoesNotExist', 'State Machine Does Not Exist');
        if (c.op === 'DeleteCrawler') return awsError('EntityNotFoundException', 'Crawler not found');
        if (c.op === 'DeleteRule' || c.op === 'RemoveTargets')
          return awsError('ResourceNotFoundException', 'Rule does not exist');
        return undefined;
      });
      const result = await target.deploy(project, { prune: true }, silent);
      expect(result.failed).toEqual([]);
      expect(result.applied.filter((a) => a.action === 'delete')).toHaveLength(4);
    } finally {
      copy.cleanup();
    }
  });
});

describe('retries and convergence', () => {
  test('throttling on 30% of calls and one 500 per resource: the SDK retries and deploy converges in one run', async () => {
    // The SDK's backoff (up to seconds per throttled attempt) and its adaptive rate limiter (which
    // slows a throttled client to a fraction of a request a second) wait on timers; the fake
    // account answers without I/O, so fake timers pumped below replay those waits in milliseconds.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const pump = async <T>(work: Promise<T>): Promise<T> => {
      let done = false;
      const p = work.finally(() => (done = true));
      while (!done) await jest.advanceTimersByTimeAsync(250);
      return p;
    };
    const h = harness({ transport: true });
    const random = seededRandom(7);
    const failedOnce = new Set<string>();
    let throttled = 0;
    let serverErrors = 0;
    const resourceOf = (c: Call) =>
      c.input.Name ??
      c.input.name ??
      c.input.JobName ??
      c.input.Key ??
      c.input.DatabaseInput?.Name ??
      c.input.Rule ??
      c.input.QueryString;
    h.world.faults.push((c) => {
      if (random() < 0.3) {
        throttled++;
        return awsError('ThrottlingException', 'Rate exceeded');
      }
      const id = `${c.service}:${c.op}:${resourceOf(c)}`;
      if (/^(Create|Update|Put|Start)/.test(c.op) && !failedOnce.has(id)) {
        failedOnce.add(id);
        serverErrors++;
        return awsError('InternalServiceException', 'Internal service error', 500);
      }
      return undefined;
    });
    const result = await pump(h.target.deploy(h.project, {}, silent));
    expect(result.failed).toEqual([]);
    expect(throttled).toBeGreaterThan(20);
    expect(serverErrors).toBeGreaterThan(40);

    const clean = harness();
    await clean.target.deploy(clean.project, {}, silent);
    expect(inventory(h.world)).toEqual(inventory(clean.world));
    h.world.faults = [];
    expect((await pump(h.target.plan(h.project))).changes.filter((c) => c.action !== 'noop')).toEqual([]);
    jest.useRealTimers();
  });

  test('a deploy stopped halfway and re-run converges, with no duplicates', async () => {
    const h = harness();
    let writes = 0;
    // The deploying process "dies" after 25 writes: every later call fails.
    h.world.faults.push((c) => {
      if (/^(Create|Update|Put|Start|Tag|Delete|Remove)/.test(c.op) && ++writes > 25)
        return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET_TEST' });
      return undefined;
    });
    const first = await h.target.deploy(h.project, {}, silent);
    expect(first.failed.length).toBeGreaterThan(0);
    expect(first.applied.length).toBeGreaterThan(0);

    h.world.faults = [];
    // The dead deploy could not release its lock: the next one is refused, naming the holder,
    // until the lock is broken by its ID (lakeops unlock).
    const lock = h.world.objects.get('lakeops-demo-dev-artifacts/lakeops-demo/dev/state/lock.json');
    expect(lock).toBeDefined();
    const held = JSON.parse(lock!.body.toString('utf8')) as { id: string };
    await expect(h.target.deploy(h.project, {}, silent)).rejects.toThrow(
      new RegExp(`locked by .*lakeops unlock --env dev ${held.id}`),
    );
    await breakLock(h.target.lockStore(), held.id);
    const second = await h.target.deploy(h.project, {}, silent);
    expect(second.failed).toEqual([]);
    // Only what the first run did not finish was written again.
    expect(second.applied.length).toBeLessThanOrEqual(first.failed.length);

    const clean = harness();
    await clean.target.deploy(clean.project, {}, silent);
    expect(inventory(h.world)).toEqual(inventory(clean.world));
    for (const r of h.world.rules.values()) expect(r.targets).toHaveLength(1);
    expect((await h.target.plan(h.project)).changes.filter((c) => c.action !== 'noop')).toEqual([]);
  });
});

describe('running crawlers', () => {
  async function deployedWithRunningCrawler(stillRunningPolls: number) {
    const h = harness({ target: { crawlerWaitMs: 60_000, crawlerPollMs: 10_000 } });
    await h.target.deploy(h.project, {}, silent);
    const e = h.world.crawlers.get('dev-raw-data-crawler')!;
    e.crawler.State = 'RUNNING';
    e.crawler.TablePrefix = 'by_hand_';
    let polls = 0;
    const original = h.world.glue_GetCrawler.bind(h.world);
    h.world.glue_GetCrawler = (i: any) => {
      if (i.Name === 'dev-raw-data-crawler' && ++polls > stillRunningPolls) e.crawler.State = 'READY';
      return original(i);
    };
    return { h, e, polls: () => polls };
  }

  test('an update waits for a running crawler to finish, then sends the full definition', async () => {
    const { h, e, polls } = await deployedWithRunningCrawler(2);
    const progress = recordingProgress();
    const result = await h.target.deploy(h.project, {}, progress);
    expect(result.failed).toEqual([]);
    expect(polls()).toBe(3);
    expect(progress.lines.some((l) => /crawler dev-raw-data-crawler is running; waiting up to 60 s/.test(l))).toBe(
      true,
    );
    expect(e.crawler.TablePrefix).toBeUndefined(); // the hand-set prefix was cleared
    const update = h.world.calls.find((c) => c.op === 'UpdateCrawler')!.input;
    expect(update).toMatchObject({
      Name: 'dev-raw-data-crawler',
      Role: expect.any(String),
      DatabaseName: 'dev_demo-raw-data',
      TablePrefix: '',
    });
  });

  test('a crawler still running after the bounded wait is reported clearly, not updated', async () => {
    const { h } = await deployedWithRunningCrawler(1000);
    const result = await h.target.deploy(h.project, {}, silent);
    expect(result.failed).toEqual([
      expect.objectContaining({
        kind: 'crawler',
        name: 'dev-raw-data-crawler',
        code: 'CrawlerRunningException',
        error: expect.stringMatching(/still RUNNING after 60 s; a running crawler cannot be updated.*stop-crawler/),
      }),
    ]);
    expect(h.world.count('glue', 'UpdateCrawler')).toBe(0);
  });
});

describe('no AWS credentials', () => {
  test.each(['plan', 'run'])('%s says how to sign in, with a ConfigError, before any other AWS call', async (cmd) => {
    const h = harness();
    h.world.faults.push((c) =>
      c.op === 'GetCallerIdentity'
        ? awsError('CredentialsProviderError', 'Could not load credentials from any providers')
        : undefined,
    );
    const attempt =
      cmd === 'plan' ? h.target.plan(h.project, {}) : h.target.run(h.project, 'hourly-hits', { key: 'k1' }, silent);
    await expect(attempt).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(/^no AWS credentials for environment "dev" .*aws sso login/),
    });
    expect(h.world.calls.map((c) => c.op)).toEqual(['GetCallerIdentity']);
  });
});

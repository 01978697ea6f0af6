// Trigger action timeouts on the local target, as Glue runs them: the action's Timeout (minutes)
// overrides the job's own; a run that exceeds it is stopped and ends TIMEOUT, which a CONDITIONAL
// trigger can watch; a timed-out SQL job commits nothing. A local minute is shortened for the test
// with LAKEOPS_LOCAL_MINUTE_MS (Glue timeouts are whole minutes).
import { existsSync, readdirSync } from 'node:fs';
import { resolveEnvironment } from '../../src/model/environment.js';
import { runWorkflow } from '../../src/targets/local/workflow.js';
import { makeProject, type TestProject } from '../local-engine/project.js';

const MINUTE_MS = 400;
let tp: TestProject | undefined;
beforeAll(() => {
  process.env.LAKEOPS_LOCAL_MINUTE_MS = String(MINUTE_MS);
});
afterAll(() => {
  delete process.env.LAKEOPS_LOCAL_MINUTE_MS;
});
afterEach(async () => {
  await tp?.close();
  tp = undefined;
});

const silent = { stepStarted() {}, stepEnded() {}, info() {} };

function pipeline(action: Record<string, unknown>) {
  return {
    name: 'timeouts',
    jobs: {
      // Sleeps 4 local minutes' worth; its own timeout (100 minutes) would let it finish.
      slow: { script: 'glue-scripts/slow.py', type: 'pythonshell', glue: { timeoutMinutes: 100 } },
      notify: { script: 'glue-scripts/notify.py', type: 'pythonshell' },
    },
    workflow: {
      triggers: {
        start: { type: 'ON_DEMAND', actions: [{ job: 'slow', ...action }] },
        'on-timeout': {
          type: 'CONDITIONAL',
          conditions: [{ job: 'slow', state: 'TIMEOUT' }],
          actions: [{ job: 'notify' }],
        },
      },
    },
  };
}

const files = {
  'glue-scripts/slow.py': `import time\ntime.sleep(${(4 * MINUTE_MS) / 1000})\nprint("done")\n`,
  'glue-scripts/notify.py': 'print("timed out")\n',
};

async function run(action: Record<string, unknown>) {
  tp = await makeProject(pipeline(action), files);
  const env = resolveEnvironment(tp.project, 'local');
  return runWorkflow(tp.project.pipelines[0]!, { services: tp.engine, env, progress: silent }, { reason: 'on-demand' });
}

test("a job running past its trigger action's timeout is stopped as TIMEOUT, and a TIMEOUT condition fires", async () => {
  const t0 = Date.now();
  const outcome = await run({ timeoutMinutes: 1 });
  const slow = outcome.steps.find((s) => s.name === 'slow')!;
  expect(slow.details).toMatchObject({ jobRunState: 'TIMEOUT' });
  expect(slow.cause).toMatch(/ran longer than its timeout of 1 minute\(s\) and was stopped/);
  // Stopped at the timeout, not left to finish its 4 minutes.
  expect(Date.now() - t0).toBeLessThan(4 * MINUTE_MS + 2000);
  expect(outcome.steps.find((s) => s.name === 'notify')).toMatchObject({ details: { jobRunState: 'SUCCEEDED' } });
});

test('without the action timeout the job keeps its own (longer) timeout and succeeds', async () => {
  const outcome = await run({});
  expect(outcome.steps.find((s) => s.name === 'slow')!.details).toMatchObject({ jobRunState: 'SUCCEEDED' });
  expect(outcome.steps.find((s) => s.name === 'notify')).toBeUndefined();
});

test('a SQL job that times out is interrupted and commits no output', async () => {
  tp = await makeProject(
    {
      name: 'sqltimeout',
      jobs: {
        heavy: {
          sql: 'sql/heavy.sql',
          output: { path: 's3://${data}/heavy/', format: 'parquet' },
        },
      },
    },
    { 'sql/heavy.sql': 'SELECT count(*) AS n FROM range(100000000000) a' },
  );
  const t0 = Date.now();
  const run = await tp.engine.startJobRun('heavy', {}, { timeoutMinutes: 1 });
  expect(run.JobRunState).toBe('TIMEOUT');
  expect(Date.now() - t0).toBeLessThan(MINUTE_MS + 5000);
  const out = tp.s3Path('heavy');
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
});

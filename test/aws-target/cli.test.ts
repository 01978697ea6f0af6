// `lakeops plan` and `lakeops deploy`: table / JSON output, progress and summary, exit codes
// (0 converged, 1 a resource failed or conflicted, 2 configuration errors with nothing written).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { runPlan } from '../../src/cli/commands/plan.js';
import { ConfigError } from '../../src/model/diagnostics.js';
import type { DeployOptions, Target } from '../../src/targets/target.js';
import { awsError } from '../fixtures/aws/fake-aws.js';
import { copyProject, harness, REPO_ROOT } from '../fixtures/aws/harness.js';

function sink() {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d) => (text += d.toString()));
  return {
    stream: s,
    get text() {
      return text;
    },
  };
}

test('plan prints the table of changes and the counts', async () => {
  const h = harness();
  const out = sink();
  const code = await runPlan(h.project, h.env, {}, { createTarget: async () => h.target, out: out.stream });
  expect(code).toBe(0);
  expect(out.text).toMatch(/plan for .*dev.* \(aws\): \d+ change\(s\), 0 unchanged/);
  expect(out.text).toMatch(/\+ create\s+job\s+dev-hits-aggregator\s+hourly-hits/);
  const plan = await h.target.plan(h.project);
  expect(out.text).toContain(`${plan.changes.length} to create, 0 to update, 0 to delete, 0 unchanged`);
});

test('plan --json prints the report model', async () => {
  const h = harness();
  const out = sink();
  await runPlan(
    h.project,
    h.env,
    { json: true, pipeline: ['hourly-hits'] },
    { createTarget: async () => h.target, out: out.stream },
  );
  const doc = JSON.parse(out.text);
  expect(doc.formatVersion).toBe(1);
  expect(doc.plans[0].env).toBe('dev');
  expect(doc.plans[0].target).toBe('aws');
  expect(doc.plans[0].readCalls).toBeGreaterThan(0);
  // Shared resources (the SQL runner script, the schedule group) belong to no one pipeline.
  expect(new Set(doc.plans[0].changes.map((c: { pipeline?: string }) => c.pipeline ?? 'shared'))).toEqual(
    new Set(['hourly-hits', 'shared']),
  );
});

test('deploy: progress per resource and a summary; exit 0, then 1 when a resource fails', async () => {
  const h = harness();
  const out = sink();
  const err = sink();
  const deps = {
    createTarget: async () => h.target,
    out: out.stream,
    err: err.stream,
    validate: async () => ({ ok: true, diagnostics: [] }),
  };
  expect(await runDeploy(h.project, h.env, {}, deps)).toBe(0);
  expect(err.text).toMatch(/✓ create job dev-hits-aggregator \(hourly-hits\)/);
  expect(out.text).toMatch(/deploy to dev \(aws\): \d+ created, 0 updated, 0 deleted, 0 failed/);

  h.world.jobs.delete('dev-sales-job');
  h.world.faults.push((c) =>
    c.op === 'CreateJob' ? awsError('AccessDeniedException', 'not authorized to perform glue:CreateJob') : undefined,
  );
  const out2 = sink();
  expect(await runDeploy(h.project, h.env, {}, { ...deps, out: out2.stream })).toBe(1);
  expect(out2.text).toMatch(
    /failed: job dev-sales-job \(pipelines\/byod-curation\/pipeline\.yaml:\d+\): AccessDeniedException: not authorized/,
  );
});

test('deploy --json prints the deploy result', async () => {
  const h = harness();
  const out = sink();
  const code = await runDeploy(
    h.project,
    h.env,
    { json: true },
    {
      createTarget: async () => h.target,
      out: out.stream,
      err: sink().stream,
    },
  );
  expect(code).toBe(0);
  const doc = JSON.parse(out.text);
  expect(doc.deploy.failed).toEqual([]);
  expect(doc.deploy.applied.length).toBeGreaterThan(40);
});

test('a bad --allow-deletes value is a usage error', async () => {
  const h = harness();
  await expect(
    runDeploy(
      h.project,
      h.env,
      { allowDeletes: 'many' },
      { createTarget: async () => h.target, out: sink().stream, err: sink().stream },
    ),
  ).rejects.toThrow(/--allow-deletes takes a whole number of deletions, got "many"/);
});

test('deploy stops before touching AWS when validation fails', async () => {
  const h = harness();
  let created = false;
  const diag = {
    file: 'pipelines/x/pipeline.yaml',
    line: 3,
    column: 1,
    severity: 'error' as const,
    message: 'bad',
    rule: 'schema',
  };
  await expect(
    runDeploy(
      h.project,
      h.env,
      {},
      {
        createTarget: async () => ((created = true), h.target),
        validate: async () => ({ ok: false, diagnostics: [diag] }),
        out: sink().stream,
        err: sink().stream,
      },
    ),
  ).rejects.toThrow(ConfigError);
  expect(created).toBe(false);
  expect(h.world.calls).toEqual([]);
});

test('on the local target the AWS-only flags are ignored with a note', async () => {
  const h = harness({ env: 'local' });
  let got: DeployOptions | undefined;
  const target = {
    env: h.env,
    deploy: async (_p: unknown, opts: DeployOptions) => (
      (got = opts),
      { env: 'local', target: 'local', applied: [], failed: [], skipped: [] }
    ),
    close: async () => {},
  } as unknown as Target;
  const err = sink();
  const code = await runDeploy(
    h.project,
    h.env,
    { prune: true, allowDeletes: '9', adopt: true },
    {
      createTarget: async () => target,
      out: sink().stream,
      err: err.stream,
    },
  );
  expect(code).toBe(0);
  expect(err.text).toMatch(
    /--prune, --allow-deletes and --adopt apply to aws environments; ignored for the local target/,
  );
  expect(got).toMatchObject({ prune: undefined, allowDeletes: undefined, adopt: undefined });
});

describe('the lakeops command line', () => {
  const run = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, 'bin/lakeops.js'), ...args], {
      cwd,
      encoding: 'utf8',
      // Any AWS call would go nowhere: configuration errors must stop before one is made.
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_MAX_ATTEMPTS: '1',
      },
      timeout: 120_000,
    });

  test('deploy and plan to an environment without an artifacts bucket exit 2 with how to fix it', () => {
    const copy = copyProject();
    try {
      const file = join(copy.root, 'lakeops.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('      artifacts: lakeops-demo-dev-artifacts\n', ''));
      const plan = run(copy.root, 'plan', '--env', 'dev');
      expect(plan.status).toBe(2);
      expect(plan.stderr).toMatch(/declares no "artifacts" bucket/);
      const deploy = run(copy.root, 'deploy', '--env', 'dev');
      expect(deploy.status).toBe(2);
      expect(deploy.stderr).toMatch(/artifacts/);
    } finally {
      copy.cleanup();
    }
  }, 240_000);
});

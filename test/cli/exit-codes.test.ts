// Every command's exit codes match README's table: 0 success; 1 a failure of what was asked
// (pipeline, validation, check or resource failed, run timed out, plan with changes under
// --detailed-exitcode, a stale saved plan, a busy lock, no lock to break); 2 usage, configuration
// or prerequisite error (unknown --env, command, option, pipeline; bad option values; a plan
// file that is unreadable, tampered with, or for another environment).
import { jest } from '@jest/globals';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { action, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { runRun } from '../../src/cli/commands/run.js';
import { serialiseSavedPlan } from '../../src/planner/plan-file.js';
import type { RunResult } from '../../src/report/model.js';
import type { Target } from '../../src/targets/target.js';
import { copyProject, edit, harness, silent } from '../fixtures/aws/harness.js';
import { runCli } from '../support/run-cli.js';

const sink = () => {
  let text = '';
  return {
    write: (s: string) => ((text += s), true),
    get text() {
      return text;
    },
  } as unknown as NodeJS.WriteStream & { text: string };
};

/** The exit code the CLI's action wrapper sets for a command body (errors mapped as in main). */
async function codeOf(fn: () => Promise<number | void>): Promise<number> {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = 0;
  try {
    await action((_cmd: Command) => fn())(new Command());
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return code;
}

let copy: ReturnType<typeof copyProject>;
beforeAll(() => (copy = copyProject()));
afterAll(() => copy.cleanup());

describe('usage and configuration errors exit 2 in every command', () => {
  const commands: string[][] = [
    ['validate'],
    ['plan'],
    ['deploy'],
    ['run', 'hourly-hits'],
    ['put', 'lakeops.yaml', 's3://b/k.csv'],
    ['query', 'SELECT 1'],
    ['check', '--all'],
    ['graph', 'hourly-hits'],
    ['iam', '--account', '123456789012'],
    ['unlock', 'some-id'],
    ['doctor'],
    ['runs'],
    ['clean'],
    ['backfill', 'hourly-hits', '--from', '2024-05-01T00:00:00Z', '--to', '2024-05-01T02:00:00Z'],
    ['import'],
  ];
  test('every command that reads an environment is in this list', () => {
    const names = buildProgram().commands.map((c) => c.name());
    const noEnv = ['init', 'new', 'test']; // project files only: they read no environment
    expect(names.filter((n) => !noEnv.includes(n)).sort()).toEqual(commands.map((c) => c[0]).sort());
  });
  test.each(commands)('%s --env nowhere', async (...args) => {
    const r = await runCli(copy.root, '--env', 'nowhere', ...args);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.out + r.err).toMatch(/unknown environment "nowhere"/);
  });

  test.each([
    [['frobnicate'], /unknown command/],
    [['init'], /is not empty/],
    [['new', 'nonsense'], /unknown command/],
    [['plan', '--no-such-flag'], /unknown option/],
    [['run', 'no-such-pipeline'], /unknown pipeline "no-such-pipeline"/],
    [['run', 'hourly-hits', '--timeout', 'soon'], /--timeout "soon" is not a duration/],
    [['run', 'hourly-hits', '--input', '{nope'], /--input is not valid JSON/],
    [['deploy', '--allow-deletes', 'many'], /--allow-deletes takes a whole number/],
    [['deploy', '--lock-timeout', 'a while'], /--lock-timeout "a while" is not a duration/],
    [['deploy', '--plan', 'plan.json'], /--plan applies saved plans to aws environments/],
    [['deploy', '--env', 'dev', '--plan', 'missing.json'], /cannot read the plan file/],
    [['plan', '--out', 'plan.json'], /--out saves plans of aws environments/],
    [['import'], /lakeops import reads an AWS account; environment "local" targets local/],
    [['import', '--env', 'dev', '--pipeline', 'Not A Name'], /--pipeline "Not A Name" is not a pipeline name/],
  ])('%j', async (args, message) => {
    const r = await runCli(copy.root, ...(args as string[]));
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.out + r.err).toMatch(message as RegExp);
  });
});

describe('failures of what was asked exit 1', () => {
  test('validate with an error in a pipeline', async () => {
    const broken = copyProject();
    try {
      edit(
        broken.root,
        'pipelines/hourly-hits/state-machine.asl.json',
        /"StartAt": "[^"]+"/,
        '"StartAt": "NoSuchState"',
      );
      const r = await runCli(broken.root, 'validate');
      expect(r.code).toBe(EXIT_FAILED);
      expect(r.out).toMatch(/NoSuchState/);
    } finally {
      broken.cleanup();
    }
  });

  test('unlock with no lock held', async () => {
    const r = await runCli(copy.root, 'unlock', 'abc');
    expect(r.code).toBe(EXIT_FAILED);
    expect(r.err).toMatch(/there is no lock at .*lock\.json; nothing to unlock/);
  });

  test('run: a run still going at --timeout exits 1; started with --no-wait exits 0', async () => {
    const h = harness();
    const result = (over: Partial<RunResult>): RunResult =>
      ({ pipeline: 'hourly-hits', executionName: 'x', status: 'RUNNING', steps: [], ...over }) as RunResult;
    const target = (r: RunResult) => async () =>
      ({ ...h.target, run: async () => r, close: async () => {} }) as unknown as Target;
    const deps = (r: RunResult) => ({ createTarget: target(r), out: sink(), err: sink() });
    const timedOut = result({
      failure: { state: '(following)', error: 'Lakeops.FollowTimeout', cause: 'stopped following' },
    });
    expect(await runRun(h.project, h.env, 'hourly-hits', { timeout: '60', json: true }, deps(timedOut))).toBe(
      EXIT_FAILED,
    );
    expect(await runRun(h.project, h.env, 'hourly-hits', { wait: false, json: true }, deps(result({})))).toBe(EXIT_OK);
    expect(await runRun(h.project, h.env, 'hourly-hits', { json: true }, deps(result({ status: 'FAILED' })))).toBe(
      EXIT_FAILED,
    );
  });

  describe('deploy (AWS, mocked)', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lakeops-exit-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const git = { commit: 'c1', tree: 't1' };
    const deps = (h: ReturnType<typeof harness>) => ({
      createTarget: async () => h.target,
      out: sink(),
      err: sink(),
    });

    test('a stale saved plan exits 1; a tampered one exits 2; a fresh one exits 0', async () => {
      const h = harness({ target: { git: () => git } });
      const { saved } = await h.target.planToSave(h.project);
      const file = join(dir, 'plan.json');
      writeFileSync(file, serialiseSavedPlan(saved));

      const text = readFileSync(file, 'utf8');
      writeFileSync(join(dir, 'tampered.json'), text.replace('"create"', '"noop"'));
      expect(await codeOf(() => runDeploy(h.project, h.env, { plan: join(dir, 'tampered.json') }, deps(h)))).toBe(
        EXIT_USAGE,
      );

      await harness({ world: h.world }).target.deploy(h.project, {}, silent); // AWS moved since the plan
      expect(await codeOf(() => runDeploy(h.project, h.env, { plan: file }, deps(h)))).toBe(EXIT_FAILED);

      const { saved: fresh } = await h.target.planToSave(h.project);
      writeFileSync(file, serialiseSavedPlan(fresh));
      expect(await codeOf(() => runDeploy(h.project, h.env, { plan: file }, deps(h)))).toBe(EXIT_OK);
    });

    test('plan --detailed-exitcode: 1 with changes, 0 without', async () => {
      const h = harness();
      const { runPlan } = await import('../../src/cli/commands/plan.js');
      const d = { createTarget: async () => h.target, out: sink() };
      expect(await runPlan(h.project, h.env, { detailedExitcode: true }, d)).toBe(EXIT_FAILED);
      expect(await runPlan(h.project, h.env, {}, d)).toBe(EXIT_OK);
      await h.target.deploy(h.project, {}, silent);
      expect(await runPlan(h.project, h.env, { detailedExitcode: true }, d)).toBe(EXIT_OK);
    });

    test('a lock held past --lock-timeout exits 1', async () => {
      const h = harness();
      h.world.objects.set('lakeops-demo-dev-artifacts/lakeops-demo/dev/state/lock.json', {
        body: Buffer.from(
          JSON.stringify({ id: 'L1', who: 'bob@ci', pid: 1, host: 'ci', operation: 'deploy', since: 'S' }),
        ),
      });
      expect(await codeOf(() => runDeploy(h.project, h.env, { lockTimeout: '0' }, deps(h)))).toBe(EXIT_FAILED);
    });
  });
});

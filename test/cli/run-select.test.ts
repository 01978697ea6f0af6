// lakeops run --all / --select: which pipelines (names, tag:, +upstream), in what order, and what a
// failure does to the rest.
import { PassThrough } from 'node:stream';
import { ConfigError } from '../../src/model/diagnostics.js';
import type { RunResult } from '../../src/report/model.js';
import { runMany } from '../../src/cli/commands/run-many.js';
import { selectPipelines } from '../../src/cli/commands/select.js';
import type { Target } from '../../src/targets/target.js';
import { makeProject } from '../local-orchestration/project.js';
import { runCli } from '../support/run-cli.js';

const wf = { workflow: { triggers: { go: { type: 'ON_DEMAND', actions: [{ job: 'j' }] } } } };
const job = (j: object) => ({ jobs: { j }, ...wf });

function project() {
  // a writes db.t at s3://orch-data/a/; b reads the table; c reads below the path; d stands alone.
  return makeProject({
    a: job({ sql: 'a.sql', output: { path: 's3://orch-data/a/', format: 'parquet', table: 'db.t' } }),
    b: job({
      sql: 'b.sql',
      inputs: [{ name: 't', table: 'db.t' }],
      output: { path: 's3://orch-data/b/', format: 'json' },
    }),
    c: {
      ...job({
        sql: 'c.sql',
        inputs: [{ name: 'x', path: 's3://orch-data/a/part=1/' }],
        output: { path: 's3://orch-data/c/', format: 'json' },
      }),
      tags: { nightly: 'yes' },
    },
    d: { ...job({ sql: 'd.sql', output: { path: 's3://orch-data/d/', format: 'json' } }), tags: { team: 'x' } },
  });
}

test('selectors: names, tag:KEY[=VALUE], +NAME with its upstream first; unknown ones are usage errors', () => {
  const t = project();
  expect(selectPipelines(t.project, ['+b'])).toEqual(['a', 'b']);
  expect(selectPipelines(t.project, ['+c'])).toEqual(['a', 'c']);
  expect(selectPipelines(t.project, ['tag:nightly'])).toEqual(['c']);
  expect(selectPipelines(t.project, ['tag:team=x', 'b'])).toEqual(['d', 'b']);
  expect(selectPipelines(t.project, ['+d'])).toEqual(['d']);
  expect(() => selectPipelines(t.project, ['tag:team=y'])).toThrow(/--select tag:team=y matches no pipeline/);
  expect(() => selectPipelines(t.project, ['+nope'])).toThrow(ConfigError);
});

function fakeTarget(env: unknown, ran: string[], failing: string[]) {
  return {
    env,
    run: async (_p: unknown, pipeline: string) => {
      ran.push(pipeline);
      return {
        pipeline,
        env: 'local',
        target: 'local',
        orchestration: 'workflow',
        executionName: `${pipeline}-1`,
        status: failing.includes(pipeline) ? 'FAILED' : 'SUCCEEDED',
        startedAt: new Date().toISOString(),
        steps: [],
      } as RunResult;
    },
    close: async () => {},
  } as unknown as Target;
}

test('--all runs upstream first; after a failure the rest are skipped and the exit is 1', async () => {
  const t = project();
  const ran: string[] = [];
  let out = '';
  const o = new PassThrough();
  o.on('data', (d: Buffer) => (out += d.toString()));
  const deps = {
    createTarget: async () => fakeTarget(t.env, ran, []),
    out: o as unknown as NodeJS.WriteStream,
    err: Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream,
  };
  expect(await runMany(t.project, t.env, { all: true }, { json: true }, deps)).toBe(0);
  expect(ran.indexOf('a')).toBeLessThan(ran.indexOf('b'));
  expect(ran.indexOf('a')).toBeLessThan(ran.indexOf('c'));
  expect([...ran].sort()).toEqual(['a', 'b', 'c', 'd']);
  expect(JSON.parse(out).runs).toHaveLength(4);

  ran.length = 0;
  out = '';
  deps.createTarget = async () => fakeTarget(t.env, ran, ['a']);
  expect(await runMany(t.project, t.env, { select: ['+b'] }, { json: true }, deps)).toBe(1);
  expect(ran).toEqual(['a']);
  expect(JSON.parse(out).skipped).toEqual([{ stage: 'b', reason: 'not run: a failed before it' }]);
  await expect(runMany(t.project, t.env, { all: true }, { input: '{}' }, deps)).rejects.toThrow(/--input and --key/);
});

test('run without a pipeline, or with a pipeline and --all, is a usage error', async () => {
  const t = project();
  const none = await runCli(t.root, 'run');
  expect(none.code).toBe(2);
  expect(none.err).toContain('name a pipeline to run, or give --all or --select');
  const both = await runCli(t.root, 'run', 'a', '--all');
  expect(both.code).toBe(2);
});

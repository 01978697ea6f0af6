// Nested executions (states:startExecution) with AWS's three forms and local limits.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../../src/report/model.js';
import type { LocalJobRun } from '../../src/targets/local/services.js';
import { DEFAULT_NESTED_LIMITS, ExecutionTree } from '../../src/targets/local/stepfunctions/nested.js';
import { makeProject, recordingProgress, type TestProject } from './project.js';

const arn = (name: string) => `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;

function project(): TestProject {
  return makeProject(
    {
      parent: { stateMachine: { definition: 'pipelines/parent/sm.asl.json' } },
      child: { jobs: { 'slow-job': {} }, stateMachine: { definition: 'pipelines/child/sm.asl.json' } },
      'self-sync': { stateMachine: { definition: 'pipelines/self-sync/sm.asl.json' } },
      'self-async': { stateMachine: { definition: 'pipelines/self-async/sm.asl.json' } },
    },
    {
      'pipelines/parent/sm.asl.json': {
        StartAt: 'Start',
        States: {
          Start: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution',
            Parameters: { StateMachineArn: arn('child'), Input: { n: 1 }, Name: 'the-child' },
            End: true,
          },
        },
      },
      'pipelines/child/sm.asl.json': {
        StartAt: 'Job',
        States: {
          Job: {
            Type: 'Task',
            Resource: 'arn:aws:states:::glue:startJobRun.sync',
            Parameters: { JobName: 'slow-job' },
            ResultSelector: { 'state.$': '$.JobRunState' },
            End: true,
          },
        },
      },
      'pipelines/self-sync/sm.asl.json': {
        StartAt: 'Again',
        States: {
          Again: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: arn('self-sync'), Input: {} },
            End: true,
          },
        },
      },
      'pipelines/self-async/sm.asl.json': {
        StartAt: 'Again',
        States: {
          Again: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution',
            Parameters: { StateMachineArn: arn('self-async'), Input: {} },
            End: true,
          },
        },
      },
    },
  );
}

const histories = (t: TestProject, pipeline: string): RunResult[] =>
  readdirSync(join(t.root, '.lakeops/local/runs', pipeline)).map(
    (f) => JSON.parse(readFileSync(join(t.root, '.lakeops/local/runs', pipeline, f), 'utf8')) as RunResult,
  );

test('startExecution returns ExecutionArn and StartDate at once; the child runs on as its own recorded execution', async () => {
  const t = project();
  // The child's job waits until the test lets it go: the parent must end before it.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const start = t.engine.startJobRun.bind(t.engine);
  t.engine.startJobRun = async (name: string, args?: Record<string, string>): Promise<LocalJobRun> => {
    await gate;
    return start(name, args);
  };
  const parent = await t.target.run(t.project, 'parent', {}, recordingProgress());
  expect(parent.status).toBe('SUCCEEDED');
  expect(parent.output).toEqual({
    ExecutionArn: 'arn:aws:states:us-east-1:000000000000:execution:child:the-child',
    StartDate: expect.any(Number),
  });
  expect(t.engine.calls).not.toContain('job:slow-job');
  release();
  await t.target.close();
  const [child] = histories(t, 'child');
  expect(child).toMatchObject({
    executionName: 'the-child',
    status: 'SUCCEEDED',
    input: { n: 1 },
    output: { state: 'SUCCEEDED' },
  });
});

test('a state machine that starts itself with .sync:2 stops at the depth limit with a clear error', async () => {
  const t = project();
  const top = await t.target.run(t.project, 'self-sync', {}, recordingProgress());
  expect(top.status).toBe('FAILED');
  const runs = histories(t, 'self-sync');
  // depth 0 .. maxDepth ran; the deepest one's Task was refused.
  expect(runs).toHaveLength(DEFAULT_NESTED_LIMITS.maxDepth + 1);
  const deepest = runs.find((r) => r.failure?.error === 'StepFunctions.ExecutionLimitExceeded');
  expect(deepest?.failure?.cause).toMatch(
    /state "Again" would start self-sync at nesting depth 11: the local target stops nested executions deeper than 10/,
  );
  expect(top.failure).toMatchObject({ state: 'Again', error: 'States.TaskFailed' });
});

test('a state machine that starts itself asynchronously also stops at the limit (no runaway)', async () => {
  const t = project();
  const top = await t.target.run(t.project, 'self-async', {}, recordingProgress());
  expect(top.status).toBe('SUCCEEDED');
  await t.target.close();
  const runs = histories(t, 'self-async');
  expect(runs).toHaveLength(DEFAULT_NESTED_LIMITS.maxDepth + 1);
  expect(runs.filter((r) => r.status === 'FAILED').map((r) => r.failure?.error)).toEqual([
    'StepFunctions.ExecutionLimitExceeded',
  ]);
});

test('the count limit bounds the executions one run starts in all', () => {
  const tree = new ExecutionTree({ maxDepth: 10, maxExecutions: 3 });
  for (let i = 0; i < 3; i++) tree.admit(1, 'Fan', 'child');
  expect(() => tree.admit(1, 'Fan', 'child')).toThrow(
    'state "Fan" would start execution 4 of child: the local target allows 3 nested executions per run',
  );
});

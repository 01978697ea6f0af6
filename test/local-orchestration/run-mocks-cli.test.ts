// `lakeops run --mocks FILE --test-case NAME` and `lakeops validate` end to end (in-process CLI,
// real local engine): exit codes and messages for a repository where one pipeline needs mocks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.js';
import { writeFiles } from './project.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lakeops-run-mocks-'));
  writeFiles(root, {
    'lakeops.yaml': {
      project: 'mocks',
      environments: {
        local: { target: 'local', buckets: { data: 'mocks-data' } },
        prod: { target: 'aws', region: 'us-east-1', buckets: { data: 'mocks-prod-data' } },
      },
    },
    'pipelines/plain/pipeline.yaml': { name: 'plain', stateMachine: { definition: 'pipelines/plain/sm.asl.json' } },
    'pipelines/plain/sm.asl.json': { StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: 1 }, End: true } } },
    'pipelines/lam/pipeline.yaml': { name: 'lam', stateMachine: { definition: 'pipelines/lam/sm.asl.json' } },
    'pipelines/lam/sm.asl.json': {
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f' },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    },
    'mocks/m.json': {
      StateMachines: { lam: { TestCases: { T: { Invoke: 'R' } } } },
      MockedResponses: { R: { '0': { Return: { Payload: { from: 'mock' } } } } },
    },
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('validate warns per state the local target cannot run, with file:line and the mock to add, and passes', async () => {
  const r = await runCli(root, 'validate');
  expect(r.code).toBe(0);
  expect(r.out + r.err).toMatch(
    /pipelines\/lam\/sm\.asl\.json:4:5: warning: pipeline "lam" does not run locally: state "Invoke" \(arn:aws:states:::lambda:invoke\): no local engine for Lambda; mock it in pipelines\/lam\/mocks\.json/,
  );
});

test('an unrunnable pipeline exits 1 naming the state; the other pipeline still runs', async () => {
  const bad = await runCli(root, 'run', 'lam');
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/the local target cannot run state machine lam: 1 state\(s\) need AWS or a mock/);
  expect(bad.err).toMatch(/pipelines\/lam\/sm\.asl\.json:4:5: state "Invoke"/);

  const ok = await runCli(root, 'run', 'plain', '--json');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.out).runs[0]).toMatchObject({ status: 'SUCCEEDED', output: { ok: 1 } });
});

test('--mocks FILE --test-case NAME runs it; an unknown test case exits 1 naming the file', async () => {
  const ok = await runCli(root, 'run', 'lam', '--mocks', join(root, 'mocks/m.json'), '--test-case', 'T', '--json');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.out).runs[0]).toMatchObject({ status: 'SUCCEEDED', output: { from: 'mock' } });

  const bad = await runCli(root, 'run', 'lam', '--mocks', join(root, 'mocks/m.json'), '--test-case', 'Nope');
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/mocks\/m\.json: StateMachines\.lam\.TestCases has no test case "Nope" \(known: T\)/);
});

test('--mocks on an AWS environment is a usage error (exit 2)', async () => {
  const r = await runCli(root, '--env', 'prod', 'run', 'lam', '--mocks', 'mocks/m.json', '--test-case', 'T');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--mocks and --test-case apply to local runs/);
});

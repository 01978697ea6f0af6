// validate --env <aws environment> with credentials asks Step Functions' ValidateStateMachineDefinition
// about each definition and places AWS's diagnostics at the definition file's line; without
// credentials it sends nothing (and loads no SDK client). AWS is answered by aws-sdk-client-mock.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, ValidateStateMachineDefinitionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { awsCredentialsPresent, locationPath } from '../../src/validate/aws-definitions.js';
import { validateProject } from '../../src/validate/index.js';
import { REPO_ROOT, VALID_FIXTURE } from './support/corpus.js';

const sfn = mockClient(SFNClient);
const AWS_VARS = Object.keys(process.env).filter((k) => k.startsWith('AWS_'));
const saved = { ...process.env };
let home: string;

beforeEach(() => {
  sfn.reset();
  home = mkdtempSync(join(tmpdir(), 'lakeops-home-'));
  for (const k of AWS_VARS) delete process.env[k];
  process.env.HOME = home;
  delete process.env.LAKEOPS_VALIDATE_OFFLINE;
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(home, { recursive: true, force: true });
});

const DEFINITION = 'pipelines/orders/state-machine.asl.json';
const lineOf = (needle: string) => {
  const text = readFileSync(join(VALID_FIXTURE, DEFINITION), 'utf8');
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

test('credentials are found where the SDK looks without a network call, and only there', () => {
  expect(awsCredentialsPresent({}, home)).toBe(false);
  expect(awsCredentialsPresent({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, home)).toBe(true);
  expect(awsCredentialsPresent({ AWS_ACCESS_KEY_ID: 'a' }, home)).toBe(false);
  expect(awsCredentialsPresent({ AWS_PROFILE: 'dev' }, home)).toBe(true);
  expect(awsCredentialsPresent({ AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }, home)).toBe(true);
  expect(awsCredentialsPresent({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }, home)).toBe(true);
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '[profile other]\nregion = eu-west-1\n');
  expect(awsCredentialsPresent({}, home)).toBe(false);
  writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = x\n');
  expect(awsCredentialsPresent({}, home)).toBe(true);
});

test("AWS's locations become paths of the definition, state names with / included", () => {
  const def = { States: { 'a/b': { Type: 'Pass', Next: 'c' }, c: { Type: 'Parallel', Branches: [{ States: {} }] } } };
  expect(locationPath(def, '/States/a/b/Next')).toEqual(['States', 'a/b', 'Next']);
  expect(locationPath(def, '/States/c/Branches/0/States')).toEqual(['States', 'c', 'Branches', 0, 'States']);
  expect(locationPath(def, '/States/missing/Next')).toEqual(['States']);
  expect(locationPath(def, undefined)).toEqual([]);
});

test("with credentials, each definition is validated by AWS and its diagnostics land at the field's line", async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  sfn.on(ValidateStateMachineDefinitionCommand).resolves({
    result: 'FAIL',
    diagnostics: [
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'The value for the field must be a valid state name',
        location: '/States/Crawl Orders/Next',
      },
      { severity: 'WARNING', code: 'NO_DOLLAR', message: 'looks like a path', location: '/States/Get Crawler' },
    ],
  });
  const report = await validateProject(VALID_FIXTURE, { env: 'dev' });
  const calls = sfn.commandCalls(ValidateStateMachineDefinitionCommand);
  expect(calls).toHaveLength(1);
  // The definition AWS sees is the one a deploy sends: substituted for the environment.
  const sent = JSON.parse(calls[0]!.args[0].input.definition!);
  expect(sent.States['Clean Orders'].Parameters.JobName).toBe('dev-orders-clean');
  expect(calls[0]!.args[0].input).toMatchObject({ type: 'STANDARD', severity: 'WARNING' });
  const aws = report.diagnostics.filter((d) => d.rule === 'aws-asl');
  const crawl = readFileSync(join(VALID_FIXTURE, DEFINITION), 'utf8').indexOf('"Crawl Orders": {');
  const nextLine = readFileSync(join(VALID_FIXTURE, DEFINITION), 'utf8')
    .slice(0, readFileSync(join(VALID_FIXTURE, DEFINITION), 'utf8').indexOf('"Next": "Wait For Crawler"', crawl))
    .split('\n').length;
  expect(aws).toEqual([
    expect.objectContaining({
      file: DEFINITION,
      line: nextLine,
      severity: 'error',
      message: expect.stringMatching(/^AWS Step Functions: .*valid state name \[SCHEMA_VALIDATION_FAILED\]/),
    }),
    expect.objectContaining({ file: DEFINITION, line: lineOf('"Get Crawler": {'), severity: 'warning' }),
  ]);
  expect(report.ok).toBe(false);
});

test('a refused call is one warning; the definitions were still checked by validate itself', async () => {
  process.env.AWS_PROFILE = 'dev';
  sfn
    .on(ValidateStateMachineDefinitionCommand)
    .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
  const report = await validateProject(VALID_FIXTURE, { env: 'dev' });
  expect(report.diagnostics.filter((d) => d.rule === 'aws-asl')).toEqual([
    expect.objectContaining({ severity: 'warning', message: expect.stringContaining('AccessDeniedException') }),
  ]);
  expect(report.ok).toBe(true);
});

test('without credentials, or offline, or on the local target, nothing is sent', async () => {
  sfn.on(ValidateStateMachineDefinitionCommand).resolves({ result: 'OK', diagnostics: [] });
  expect((await validateProject(VALID_FIXTURE, { env: 'dev' })).ok).toBe(true);
  process.env.AWS_PROFILE = 'dev';
  await validateProject(VALID_FIXTURE, { env: 'local' });
  process.env.LAKEOPS_VALIDATE_OFFLINE = '1';
  await validateProject(VALID_FIXTURE, { env: 'dev' });
  expect(sfn.calls()).toHaveLength(0);
});

test('validate --env dev without credentials never loads the Step Functions client (so cannot call AWS)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-loads-'));
  const record = join(dir, 'loads.txt');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  try {
    const run = (extra: Record<string, string>) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          join(REPO_ROOT, 'test/validate/support/record-loads.mjs'),
          join(REPO_ROOT, 'bin/lakeops.js'),
          'validate',
          '-C',
          VALID_FIXTURE,
          '--env',
          'dev',
        ],
        { encoding: 'utf8', env: { ...env, HOME: home, LAKEOPS_RECORD_LOADS: record, ...extra } },
      );
    expect(run({}).status).toBe(0);
    expect(
      readFileSync(record, 'utf8')
        .split('\n')
        .filter((u) => u.includes('@aws-sdk/client-sfn')),
    ).toEqual([]);
    // The recorder would see it: with credentials (and an endpoint nothing listens on, so the call
    // fails at once and validate still passes with a warning) the client is loaded.
    const withCreds = run({
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    expect(withCreds.stdout).toMatch(/could not ask AWS Step Functions/);
    expect(
      readFileSync(record, 'utf8')
        .split('\n')
        .some((u) => u.includes('@aws-sdk/client-sfn')),
    ).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

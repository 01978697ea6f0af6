// Strict inputs: run inputs checked against inputSchema (real calendar dates, no trailing garbage,
// no undeclared keys), query parameters that are exactly one literal, environment names that are
// own keys of lakeops.yaml, and a corrupt local deployment record rebuilt with a warning.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { runInputProblems } from '../../src/model/run-input.js';
import { runCli } from '../support/run-cli.js';

const repo = resolve('.');
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lakeops-inputs-'));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write(
    'lakeops.yaml',
    stringify({ project: 'inputs', environments: { local: { target: 'local', buckets: { data: 'inputs-data' } } } }),
  );
  write('sql/v.sql', 'SELECT 1 AS x');
  write(
    'pipelines/p/pipeline.yaml',
    stringify({
      name: 'p',
      databases: { db: {} },
      views: { v: { database: 'db', sql: 'sql/v.sql' } },
      // No additionalProperties: undeclared keys are still errors.
      inputSchema: {
        type: 'object',
        properties: { day: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
      },
    }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('invalid calendar dates, formats and undeclared keys are input problems', () => {
  const p = loadProjectOrThrow(root).pipelines[0]!;
  expect(runInputProblems(p, { day: '2024-05-01', at: '2024-05-01T10:00:00Z' })).toEqual([]);
  expect(runInputProblems(p, { day: '2024-02-30' })).toEqual([
    expect.stringMatching(/input.day "2024-02-30" is not a real date/),
  ]);
  expect(runInputProblems(p, { day: '2023-02-29T10:00:00Z' }).join()).toMatch(/not a real date/);
  expect(runInputProblems(p, { day: '2024-05-01T25:00:00Z' }).join()).toMatch(/not a real date/);
  expect(runInputProblems(p, { at: 'yesterday' }).join()).toMatch(/input.at must match format "date-time"/);
  expect(runInputProblems(p, { dya: '2024-05-01' }).join()).toMatch(
    /additional properties \("dya"; declared: day, at\)/,
  );
});

test('lakeops run: an impossible hour, trailing garbage and unknown keys exit 2 before anything runs', async () => {
  const bad = await runCli(repo, 'run', 'hourly-hits', '--input', '{"target_hour":"2024-02-30T10:00:00Z"}');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/input.target_hour "2024-02-30T10:00:00Z" is not a real date/);
  const garbage = await runCli(repo, 'run', 'hourly-hits', '--input', '{"target_hour":"2024-05-01T10:00:00Z"} x');
  expect(garbage.code).toBe(2);
  expect(garbage.err).toMatch(/--input/);
  const unknown = await runCli(repo, 'run', 'hourly-hits', '--input', '{"target_hr":"2024-05-01T10:00:00Z"}');
  expect(unknown.code).toBe(2);
  expect(unknown.err).toMatch(/target_hr/);
});

test('--param must be exactly one SQL literal: "1; DROP" is refused, not cut short', async () => {
  const r = await runCli(root, 'query', '-p', '1; DROP', 'SELECT ? AS x');
  expect(r.code).not.toBe(0);
  expect(r.err).toMatch(/ExecutionParameters\[0\] \("1; DROP"\) is not a SQL literal/);
  const ok = await runCli(root, '--json', 'query', '-p', "DATE '2024-05-01'", 'SELECT ? AS x');
  expect(ok.code).toBe(0);
  const badDate = await runCli(root, 'query', '-p', "DATE '2024-02-30'", 'SELECT ? AS x');
  expect(badDate.code).not.toBe(0);
});

test('--env __proto__ (or constructor) is an unknown environment, exit 2', async () => {
  for (const env of ['__proto__', 'constructor', 'toString']) {
    const r = await runCli(root, '--env', env, 'query', 'SELECT 1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unknown environment "${env}"; lakeops.yaml declares: local`);
  }
});

test('a corrupt deployed.json is kept aside, reported, and rebuilt by the next deploy', async () => {
  const first = await runCli(root, 'deploy');
  expect(first.code).toBe(0);
  const file = join(root, '.lakeops/local/deployed.json');
  const good = JSON.parse(readFileSync(file, 'utf8'));
  for (const corrupt of [
    '{"env": "local", "resources": ',
    '{"env":"local","deployedAt":"x","resources":[],"deferredViews":[]}',
  ]) {
    writeFileSync(file, corrupt);
    const r = await runCli(root, 'deploy');
    expect(r.code).toBe(0);
    expect(r.out + r.err).toMatch(/warning: the local deployment record .lakeops\/local\/deployed.json is corrupt/);
    const rebuilt = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(rebuilt.resources).sort()).toEqual(Object.keys(good.resources).sort());
  }
  expect(readdirSync(join(root, '.lakeops/local')).filter((f) => f.startsWith('deployed.json.corrupt-'))).toHaveLength(
    2,
  );
  expect(existsSync(file)).toBe(true);
});

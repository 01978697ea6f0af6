// Paths in pipeline.yaml stay inside the repository, symlinks followed: "../", absolute paths and
// links that point out are diagnostics at the path's file:line (validate exits 1), and a link that
// stays inside is fine.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProject } from '../../src/model/project.js';
import { runCli } from '../support/run-cli.js';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lakeops-paths-'));
  root = join(base, 'repo');
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), text);
  };
  write('outside.sql', 'SELECT 1 AS x');
  write('secret/data.csv', 'a\n1\n');
  write(
    'repo/lakeops.yaml',
    'project: paths\nenvironments:\n  local:\n    target: local\n    buckets:\n      data: paths-data\n',
  );
  write('repo/sql/ok.sql', 'SELECT 1 AS x');
  symlinkSync(join(base, 'outside.sql'), join(root, 'sql/linked-out.sql'));
  symlinkSync(join(root, 'sql/ok.sql'), join(root, 'sql/linked-in.sql'));
  symlinkSync(join(base, 'secret'), join(root, 'samples'));
  write(
    'repo/pipelines/p/pipeline.yaml',
    [
      'name: p', // 1
      'databases:', // 2
      '  db: {}', // 3
      'jobs:', // 4
      '  a:', // 5
      '    sql: ../outside.sql', // 6
      "    output: { path: 's3://${data}/a/', format: parquet }", // 7
      '  b:', // 8
      '    script: /etc/passwd', // 9
      '  c:', // 10
      '    sql: sql/linked-in.sql', // 11
      "    output: { path: 's3://${data}/c/', format: parquet }", // 12
      'views:', // 13
      '  v:', // 14
      '    database: db', // 15
      '    sql: sql/linked-out.sql', // 16
      'validations:', // 17
      '  check:', // 18
      '    database: db', // 19
      '    sql: sql/../../outside.sql', // 20
      'sample:', // 21
      "  - { generator: file, file: samples/data.csv, to: 's3://${data}/in/' }", // 22
      'stateMachine:', // 23
      '  definition: ../../x.asl.json', // 24
    ].join('\n') + '\n',
  );
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

test('every path that leaves the repository is an error at its line; a link that stays inside is fine', () => {
  const { diagnostics } = loadProject(root);
  const found = diagnostics
    .filter((d) => d.rule === 'path-outside-repo')
    .map((d) => `${d.file}:${d.line}: ${d.message}`);
  expect(found).toEqual([
    expect.stringMatching(
      /^pipelines\/p\/pipeline.yaml:6: jobs.a.sql: "..\/outside.sql" resolves outside the repository/,
    ),
    expect.stringMatching(/^pipelines\/p\/pipeline.yaml:9: jobs.b.script: "\/etc\/passwd" is an absolute path/),
    expect.stringMatching(
      /^pipelines\/p\/pipeline.yaml:24: stateMachine.definition: "..\/..\/x.asl.json" resolves outside/,
    ),
    expect.stringMatching(
      /^pipelines\/p\/pipeline.yaml:16: views.v.sql: "sql\/linked-out.sql" resolves outside the repository through a symbolic link/,
    ),
    expect.stringMatching(
      /^pipelines\/p\/pipeline.yaml:20: validations.check.sql: "sql\/..\/..\/outside.sql" resolves outside/,
    ),
    expect.stringMatching(
      /^pipelines\/p\/pipeline.yaml:22: sample.0.file: "samples\/data.csv" resolves outside the repository through a symbolic link/,
    ),
  ]);
  expect(found.join('\n')).not.toContain('linked-in');
});

test('lakeops validate and run refuse such a project without reading the files', async () => {
  const v = await runCli(root, 'validate');
  expect(v.code).toBe(1);
  expect(v.out + v.err).toMatch(
    /pipelines\/p\/pipeline.yaml:6:\d+: error: jobs.a.sql: "..\/outside.sql" resolves outside the repository/,
  );
  const r = await runCli(root, 'run', 'p');
  expect(r.code).toBe(2);
});

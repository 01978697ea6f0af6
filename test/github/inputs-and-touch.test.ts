// Which pipelines a change touches, and how dispatched inputs are checked before use.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/model/diagnostics.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import {
  checkDispatchInputs,
  normaliseHour,
  resolveDispatch,
  validationRunInput,
} from '../../src/github/dispatch-inputs.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gitChangedFiles, touchedPipelines, unknownPipelineDirs } from '../../src/github/touched-pipelines.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const project = loadProjectOrThrow(ROOT);
const fixture = loadProjectOrThrow(join(ROOT, 'test/fixtures/github/project'));
const names = (files: string[], dir = '') =>
  touchedPipelines(
    project,
    files.map((path) => ({ path })),
    dir,
  ).map((t) => t.name);

describe('pipelines a change touches', () => {
  test('a file in a pipeline folder touches that pipeline only', () => {
    expect(names(['pipelines/hourly-hits/state-machine.asl.json', 'README.md'])).toEqual(['hourly-hits']);
  });

  test('a SQL file touches every pipeline that references it, with the file as the reason', () => {
    const hits = project.pipelines.find((p) => p.name === 'hourly-hits')!;
    const sql = hits.config.validations!['hits-counts-positive']!.sql;
    const touched = touchedPipelines(project, [{ path: sql }]);
    expect(touched).toEqual([{ name: 'hourly-hits', reasons: [sql] }]);
  });

  test('lakeops.yaml and the generic SQL runner touch what depends on them', () => {
    expect(names(['lakeops.yaml'])).toEqual(project.pipelines.map((p) => p.name));
    const withSqlJobs = project.pipelines
      .filter((p) => Object.values(p.config.jobs ?? {}).some((j) => !j.script))
      .map((p) => p.name);
    expect(names(['glue-scripts/lakeops_sql_runner.py'])).toEqual(withSqlJobs);
    expect(withSqlJobs.length).toBeLessThan(project.pipelines.length);
  });

  test('a renamed file counts under its old name too; docs touch nothing', () => {
    expect(
      touchedPipelines(project, [{ path: 'docs/x.md', previousPath: 'pipelines/customer-etl/notes.md' }]).map(
        (t) => t.name,
      ),
    ).toEqual(['customer-etl']);
    expect(names(['docs/github.md', '.github/workflows/pr.yml'])).toEqual([]);
  });

  test('a project in a subfolder maps repository paths through it', () => {
    const t = touchedPipelines(
      fixture,
      [{ path: 'data/sql/jobs/order_totals.sql' }, { path: 'sql/jobs/order_totals.sql' }],
      'data',
    );
    expect(t).toEqual([{ name: 'orders', reasons: ['sql/jobs/order_totals.sql'] }]);
    expect(unknownPipelineDirs(fixture, [{ path: 'data/pipelines/new-one/pipeline.yaml' }])).toEqual(['new-one']);
  });
});

test('git diff base...head lists changed, added and renamed files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  try {
    git('init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'sql'));
    writeFileSync(join(dir, 'sql/a.sql'), 'SELECT 1 AS one, 2 AS two, 3 AS three\n');
    writeFileSync(join(dir, 'keep.md'), 'x\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'feature');
    git('mv', 'sql/a.sql', 'sql/b.sql');
    writeFileSync(join(dir, 'new.sql'), 'SELECT 2\n');
    git('add', '.');
    git('commit', '-q', '-m', 'change');
    const files = await gitChangedFiles(base, git('rev-parse', 'HEAD'), dir);
    expect(files).toEqual(
      expect.arrayContaining([
        { path: 'sql/b.sql', status: 'renamed', previousPath: 'sql/a.sql' },
        { path: 'new.sql', status: 'A' },
      ]),
    );
    expect(files).toHaveLength(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('dispatch inputs', () => {
  const raw = { pipeline: 'hourly-hits', environment: 'local', input: '', targetHour: '' };

  test('shell-looking or malformed values are refused with the input name and the expected form', () => {
    expect(() => checkDispatchInputs({ ...raw, pipeline: 'hits; rm -rf /' })).toThrow(
      /input "pipeline" .* must be a pipeline folder name/,
    );
    expect(() => checkDispatchInputs({ ...raw, targetHour: '$(date)' })).toThrow(/input "target-hour"/);
    expect(() => checkDispatchInputs({ ...raw, environment: '../prod' })).toThrow(/input "environment"/);
    expect(() => checkDispatchInputs(raw)).not.toThrow();
  });

  test('the hour becomes target_hour for a pipeline that declares it; "previous" is the last full hour', () => {
    const r = resolveDispatch(project, { ...raw, targetHour: '2024-05-01T10Z' });
    expect(r.input).toEqual({ target_hour: '2024-05-01T10:00:00Z' });
    expect(normaliseHour('previous', new Date('2024-05-01T10:42:13Z'))).toBe('2024-05-01T09:00:00Z');
    expect(() => normaliseHour('2024-02-31T10:00:00Z')).toThrow(/not a real date/);
    expect(() => normaliseHour('2024-05-01T24:00:00Z')).toThrow(/not a real date/);
    expect(() => resolveDispatch(project, { ...raw, targetHour: '2024-13-40T10:00:00Z' })).toThrow(/not a real date/);
  });

  test('the project decides: unknown pipeline or environment, JSON that is not an object, an hour twice', () => {
    const bad = (over: Partial<typeof raw>) => () => resolveDispatch(project, { ...raw, ...over });
    expect(bad({ pipeline: 'nope' })).toThrow(ConfigError);
    expect(bad({ pipeline: 'nope' })).toThrow(/no pipeline "nope"; this project has/);
    expect(bad({ environment: 'staging' })).toThrow(/no environment "staging"/);
    expect(bad({ input: '[1,2]' })).toThrow(/must be a JSON object/);
    expect(bad({ input: '{bad' })).toThrow(/not valid JSON/);
    expect(bad({ input: '{"target_hour":"2024-05-01T10:00:00Z"}', targetHour: 'previous' })).toThrow(/not both/);
    expect(bad({ pipeline: 'customer-dedup', targetHour: 'previous' })).toThrow(/takes no target_hour/);
  });

  test('validation inputs (validate action, deploy smoke validations): no pipeline, errors name the real input', () => {
    const now = new Date('2024-05-01T10:42:13Z');
    const base = { environment: 'prod', input: '', targetHour: '' };
    expect(validationRunInput(base)).toBeUndefined();
    expect(
      validationRunInput({ ...base, input: '{"day":"2024-05-01"}', targetHour: 'previous' }, 'input', now),
    ).toEqual({
      day: '2024-05-01',
      target_hour: '2024-05-01T09:00:00Z',
    });
    expect(() => validationRunInput({ ...base, input: '{bad' }, 'validation-input')).toThrow(
      /input "validation-input" is not valid JSON/,
    );
    expect(() => validationRunInput({ ...base, targetHour: 'noon' }, 'validation-input')).toThrow(
      /input "target-hour"/,
    );
    expect(() => validationRunInput({ ...base, environment: '../prod' })).toThrow(/input "environment"/);
    expect(() =>
      validationRunInput({ ...base, input: '{"target_hour":"2024-05-01T10:00:00Z"}', targetHour: 'previous' }),
    ).toThrow(/not both/);
  });
});

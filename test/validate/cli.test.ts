// The CLI entry: exit codes, one line per problem, the summary table, --json, and that a run
// writes nothing into the project (not even Python byte-code).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brokenCases, materialise, REPO_ROOT, VALID_FIXTURE } from './support/corpus.js';

function lakeops(...args: string[]) {
  return lakeopsWith({}, ...args);
}

function lakeopsWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'lakeops.js'), ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` with a hash of its content and its mtime. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = `${createHash('sha256').update(readFileSync(p)).digest('hex')}@${s.mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

const byName = (name: string) => brokenCases().find((c) => c.name === name)!;

test('a clean project exits 0 and prints one row per pipeline', () => {
  const before = snapshot(VALID_FIXTURE);
  const r = lakeops('validate', '-C', VALID_FIXTURE);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^pipeline\s+orchestration\s+jobs\s+crawlers\s+triggers\s+views\s+validations$/m);
  expect(r.stdout).toMatch(/^orders\s+step-functions\s+2\s+2\s+2\s+1\s+1$/m);
  expect(r.stdout).toMatch(/^returns\s+glue-workflow\s+1\s+2\s+4\s+0\s+0$/m);
  expect(snapshot(VALID_FIXTURE)).toEqual(before); // no __pycache__, nothing else
});

test.each(['spark-sql-syntax', 'asl-dangling-next', 'trigger-cycle'])(
  'broken case %s exits 1 naming the file and line, and changes nothing',
  (name) => {
    const c = byName(name);
    const { dir, cleanup } = materialise(c);
    try {
      const before = snapshot(dir);
      const r = lakeops('validate', '-C', dir, ...(c.env ? ['--env', c.env] : []));
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n');
      expect(
        lines.some((l) => l.startsWith(`${c.expect.file}:${c.expect.line}:`) && l.endsWith(`[${c.expect.rule}]`)),
      ).toBe(true);
      for (const l of lines) expect(l).toMatch(/^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/);
      expect(r.stderr).toMatch(/lakeops validate: \d+ error/);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      cleanup();
    }
  },
);

test('--json prints ok, diagnostics and pipelines', () => {
  const c = byName('bad-rate');
  const { dir, cleanup } = materialise(c);
  try {
    const r = lakeops('--json', 'validate', '-C', dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.env).toBe('local');
    expect(out.diagnostics).toContainEqual(
      expect.objectContaining({ file: c.expect.file, line: c.expect.line, rule: 'rate', severity: 'error' }),
    );
    expect(out.pipelines.map((p: { name: string }) => p.name)).toEqual(['orders', 'returns']);
  } finally {
    cleanup();
  }
  const ok = JSON.parse(lakeops('validate', '--json', '-C', VALID_FIXTURE).stdout);
  expect(ok).toMatchObject({ ok: true, diagnostics: [] });
});

test('warnings alone exit 0 and are still printed', () => {
  const { dir, cleanup } = materialise({
    name: 'literal-bucket',
    description: 'a literal bucket name is a warning',
    edits: [
      {
        file: 'pipelines/returns/pipeline.yaml',
        find: 's3://${data}/clean/returns/\njobs:',
        replace: 's3://shop-returns/clean/returns/\njobs:',
      },
    ],
    expect: { file: 'pipelines/returns/pipeline.yaml', line: 13, rule: 's3-bucket' },
  });
  try {
    const r = lakeops('validate', '-C', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pipelines\/returns\/pipeline\.yaml:13:\d+: warning: .* \[s3-bucket\]$/m);
    expect(r.stdout).toMatch(/2 pipeline\(s\) valid for environment local, 1 warning/);
  } finally {
    cleanup();
  }
});

test('outside a project it is a usage error (exit 2)', () => {
  const r = lakeops('validate', '-C', '/');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/no lakeops\.yaml found/);
});

test('without the analysis helper (parsing in-process) the output is the same', () => {
  for (const name of ['asl-invalid-field', 'view-not-a-select']) {
    const { dir, cleanup } = materialise(byName(name));
    try {
      const viaHelper = lakeops('validate', '-C', dir);
      const here = lakeopsWith({ LAKEOPS_IN_PROCESS_ANALYSIS: '1' }, 'validate', '-C', dir);
      expect(viaHelper.code).toBe(1);
      expect(here.code).toBe(1);
      expect(here.stdout).toBe(viaHelper.stdout);
    } finally {
      cleanup();
    }
  }
});

// The repository's own project (lakeops.yaml + pipelines/) is the five seed pipelines. These tests
// load it as the CLI does and check that every file it names exists and is valid in its language.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Dialect, parse } from '@polyglot-sql/sdk';
import { loadProject, type Pipeline, type Project } from '../../src/model/project.js';
import { jsonStringEscape, resolveEnvironment, substitute, substitutionsFor } from '../../src/model/environment.js';

// asl-validator is CommonJS with a default-function export.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: (sep?: string) => string;
};

const ROOT = '.';
const EXPECTED = [
  'bookmarked-ingest',
  'byod-curation',
  'click-file-audit',
  'clickstream-total-clicks',
  'customer-dedup',
  'customer-etl',
  'hourly-hits',
  'order-scoring',
  'sales-jsonata',
];

function load(): Project {
  const { project, diagnostics } = loadProject(ROOT);
  expect(diagnostics).toEqual([]);
  return project!;
}

type SqlUse = { file: string; dialect: 'spark' | 'athena'; pipeline: Pipeline };

function sqlUses(project: Project): SqlUse[] {
  const uses: SqlUse[] = [];
  for (const p of project.pipelines) {
    for (const job of p.jobs) {
      for (const o of job.outputs) uses.push({ file: o.sql, dialect: 'spark', pipeline: p });
      if (job.config.localSql) uses.push({ file: job.config.localSql, dialect: 'spark', pipeline: p });
    }
    for (const v of Object.values(p.config.views ?? {})) uses.push({ file: v.sql, dialect: 'athena', pipeline: p });
    for (const v of Object.values(p.config.validations ?? {}))
      uses.push({ file: v.sql, dialect: 'athena', pipeline: p });
  }
  return uses;
}

function referencedFiles(p: Pipeline): string[] {
  const c = p.config;
  const files: string[] = [];
  if (p.definitionFile) files.push(p.definitionFile);
  for (const j of Object.values(c.jobs ?? {})) {
    for (const f of [j.sql, j.script, j.localSql, j.output?.sql, ...(j.outputs ?? []).map((o) => o.sql)])
      if (f) files.push(f);
  }
  for (const v of Object.values(c.views ?? {})) files.push(v.sql);
  for (const v of Object.values(c.validations ?? {})) files.push(v.sql);
  for (const s of c.sample ?? []) if (s.file) files.push(s.file);
  return files;
}

describe('the example project', () => {
  test('loads with no diagnostics and holds the five seed pipelines', () => {
    const project = load();
    expect(project.config.project).toBe('lakeops-demo');
    expect(project.pipelines.map((p) => p.name)).toEqual(EXPECTED);
    expect(Object.keys(project.config.environments).sort()).toEqual(['dev', 'local', 'prod']);
    expect(project.config.environments.local!.target).toBe('local');
    for (const env of ['dev', 'prod']) {
      const e = project.config.environments[env]!;
      expect(e).toMatchObject({ target: 'aws', region: 'us-east-1' });
      expect(Object.keys(e.buckets ?? {}).sort()).toEqual(['artifacts', 'data']);
      expect(e.namePrefix).toBeTruthy();
      expect(e.athena?.workgroup).toBeTruthy();
      expect(e.athena?.resultLocation).toMatch(/^s3:\/\//);
      expect(e.roles?.glueJob && e.roles.stateMachine && e.roles.crawler).toBeTruthy();
    }
  });

  test('every file a pipeline names exists', () => {
    const project = load();
    const missing = project.pipelines.flatMap((p) => referencedFiles(p).filter((f) => !existsSync(join(ROOT, f))));
    expect(missing).toEqual([]);
  });

  test.each(['local', 'dev', 'prod'])('every state machine is valid ASL after substitution for %s', (envName) => {
    const project = load();
    const env = resolveEnvironment(project, envName);
    const withAsl = project.pipelines.filter((p) => p.definitionFile);
    expect(withAsl.map((p) => p.name)).toEqual([
      'click-file-audit',
      'customer-dedup',
      'customer-etl',
      'hourly-hits',
      'order-scoring',
      'sales-jsonata',
    ]);
    for (const p of withAsl) {
      const text = readFileSync(join(ROOT, p.definitionFile!), 'utf8');
      const { text: resolved, unresolved } = substitute(text, substitutionsFor(project, env, p), jsonStringEscape);
      expect({ pipeline: p.name, unresolved }).toEqual({ pipeline: p.name, unresolved: [] });
      const result = aslValidator(JSON.parse(resolved));
      expect({ pipeline: p.name, errors: result.isValid ? '' : result.errorsText('\n') }).toEqual({
        pipeline: p.name,
        errors: '',
      });
    }
  });

  test('prefixed environments resolve physical names in the ASL', () => {
    const project = load();
    const env = resolveEnvironment(project, 'dev');
    const p = project.pipelines.find((x) => x.name === 'hourly-hits')!;
    const { text } = substitute(
      readFileSync(join(ROOT, p.definitionFile!), 'utf8'),
      substitutionsFor(project, env, p),
      jsonStringEscape,
    );
    const asl = JSON.parse(text);
    expect(asl.States['Aggregate Hits'].Parameters.JobName).toBe('dev-hits-aggregator');
    expect(asl.States['Publish Failure Event'].Parameters.Entries[0].EventBusName).toBe('dev-hits-aggregator-events');
  });

  test('every SQL file parses in its dialect (Spark for jobs, Athena for views and validations)', () => {
    const project = load();
    const env = resolveEnvironment(project, 'local');
    const failures: string[] = [];
    for (const use of sqlUses(project)) {
      const raw = readFileSync(join(ROOT, use.file), 'utf8');
      const { text, unresolved } = substitute(raw, substitutionsFor(project, env, use.pipeline));
      if (unresolved.length) failures.push(`${use.file}: unresolved ${unresolved.map((u) => u.name).join(', ')}`);
      const r = parse(text, use.dialect === 'spark' ? Dialect.Spark : Dialect.Athena);
      if (!r.success) failures.push(`${use.file}: ${r.error}`);
      else if ((r.ast as unknown[]).length !== 1)
        failures.push(`${use.file}: ${(r.ast as unknown[]).length} statements`);
    }
    expect(failures).toEqual([]);
  });

  test('the SQL parser used above does reject a broken statement (the check can fail)', () => {
    expect(parse('SELECT count(* FROM hits_by_country', Dialect.Athena).success).toBe(false);
    expect(parse('SELECT a FROM t WHERE', Dialect.Spark).success).toBe(false);
  });

  test('every file under sql/ is used by a pipeline, in the folder of its dialect', () => {
    const project = load();
    const uses = sqlUses(project);
    const used = new Set(uses.map((u) => u.file));
    const onDisk = ['jobs', 'views', 'validations'].flatMap((d) =>
      readdirSync(join(ROOT, 'sql', d)).map((f) => `sql/${d}/${f}`),
    );
    expect(onDisk.filter((f) => !used.has(f))).toEqual([]);
    for (const u of uses)
      expect(u.file).toMatch(u.dialect === 'spark' ? /^sql\/jobs\// : /^sql\/(views|validations)\//);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  (python ? test : test.skip)('every Glue script compiles (python3 -m py_compile)', () => {
    const out = mkdtempSync(join(tmpdir(), 'lakeops-pyc-'));
    try {
      const scripts = readdirSync(join(ROOT, 'glue-scripts')).filter((f) => f.endsWith('.py'));
      expect(scripts).toEqual(expect.arrayContaining(['lakeops_sql_runner.py', 'ml_lab_dedup.py']));
      for (const s of scripts) {
        // cfile outside the tree: compiling must not leave __pycache__ in glue-scripts/.
        const code = `import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)`;
        const r = spawnSync('python3', ['-c', code, join(ROOT, 'glue-scripts', s), join(out, `${s}c`)], {
          encoding: 'utf8',
        });
        expect({ script: s, status: r.status, stderr: r.stderr }).toEqual({ script: s, status: 0, stderr: '' });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  if (!python) console.warn('python3 not found: the Glue script compile check is skipped');
});

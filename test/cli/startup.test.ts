// Start-up cost of the CLI: registering the commands (names, options, descriptions) must not load
// what only an action needs — the project loader (YAML, TypeBox, Ajv), the SQL parser, DuckDB, the
// AWS SDK, the validators or the IAM catalogue. Each spawned CLI records every module it loads.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildProgram } from '../../src/cli/main.js';
import { DEFAULT_MAX_ROWS } from '../../src/runner/validations.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Node's in-thread module hooks see every module load, including those tsx transpiles.
const TRACE = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ load(url, ctx, next) { seen.add(url); return next(url, ctx); } });
process.on('exit', () => process.stderr.write('\\n' + [...seen].map((u) => 'LOADED ' + u).join('\\n') + '\\n'));
`)}`;

/** Runs the CLI and returns its exit code, output and the file URLs of the modules it loaded. */
function lakeopsTraced(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TRACE, 'bin/lakeops.js', ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 60_000,
  });
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice('LOADED '.length));
  return { code: r.status, stdout: r.stdout, loaded };
}

const HEAVY = [
  '/node_modules/yaml/',
  '/node_modules/ajv/',
  '/node_modules/@sinclair/typebox/',
  '/node_modules/@polyglot-sql/',
  '/node_modules/@duckdb/',
  '/node_modules/@aws-sdk/',
  '/src/model/project.ts',
  '/src/validate/',
  '/src/planner/render.ts',
  '/src/iam/policies.ts',
  '/src/targets/local/',
  '/src/targets/aws/',
];

const matching = (loaded: string[], parts: string[]) => loaded.filter((u) => parts.some((p) => u.includes(p)));

test('--help lists every command without loading any heavy module', () => {
  const r = lakeopsTraced('--help');
  expect(r.code).toBe(0);
  for (const cmd of ['validate', 'plan', 'deploy', 'run', 'put', 'query', 'check', 'graph', 'iam'])
    expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  expect(r.loaded.some((u) => u.endsWith('/src/cli/commands/check.ts'))).toBe(true); // the trace works
  expect(matching(r.loaded, HEAVY)).toEqual([]);
});

test('validate loads the project loader and validators, not the targets, planner or IAM', () => {
  const r = lakeopsTraced('validate');
  expect(r.code).toBe(0);
  expect(r.loaded.some((u) => u.endsWith('/src/model/project.ts'))).toBe(true);
  expect(r.loaded.some((u) => u.includes('/src/validate/'))).toBe(true);
  const unused = [
    '/node_modules/@duckdb/',
    '/node_modules/@aws-sdk/',
    '/src/planner/render.ts',
    '/src/iam/policies.ts',
  ];
  // validate reports per pipeline whether the local target runs it: a static check of the
  // definition (runnability.ts and the small modules it reads), never the interpreter or engine;
  // and which Spark functions the local SQL translation leaves untranslated (a list, no imports);
  // and which tables a crawler makes (the local crawler's naming and exclusion globs, no DuckDB).
  const staticCheck = [
    'local/spark-functions.ts',
    'local/crawler-naming.ts',
    'local/glue-glob.ts',
    'stepfunctions/runnability.ts',
    'stepfunctions/definition.ts',
    'stepfunctions/integrations.ts',
    'stepfunctions/mocks.ts',
    'stepfunctions/errors.ts',
    // which interpreter a machine needs (own or library), from its paths: string checks only
    'stepfunctions/interpreter-choice.ts',
    'stepfunctions/jsonpath.ts',
  ];
  const targets = matching(r.loaded, ['/src/targets/local/', '/src/targets/aws/']);
  expect(targets.filter((u) => !staticCheck.some((m) => u.endsWith(m)))).toEqual([]);
  // (jsonata is loaded: validate parses every {% %} expression with the reference implementation.)
  expect(matching(r.loaded, [...unused, '/node_modules/aws-local-stepfunctions/'])).toEqual([]);
});

test("check's help names the runner's default row count, which it restates to stay cheap to register", () => {
  const check = buildProgram().commands.find((c) => c.name() === 'check')!;
  const maxRows = check.options.find((o) => o.long === '--max-rows')!;
  expect(maxRows.description).toContain(`(default ${DEFAULT_MAX_ROWS})`);
});

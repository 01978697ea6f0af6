// Contracts between steps: the arguments a state machine Task or a Glue workflow trigger passes
// to a job are parameters the job declares (by name, and literal values of the declared type);
// parameter defaults have their declared type; and Glue worker settings are ones AWS accepts.
// Glue settings follow the Job structure of the Glue API
// (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html): MaxCapacity is 0.0625
// or 1 for Python shell, 2-100 for Spark, not with WorkerType/NumberOfWorkers and not for Glue
// 2.0+; G.4X/G.8X need Glue 3.0+, G.025X is for streaming jobs, Z.2X for Ray jobs.
import type { Diagnostic } from '../model/diagnostics.js';
import type { Job, Pipeline } from '../model/project.js';
import type { JsonPath, SourceFile } from '../model/source-file.js';
import type { ValidationContext } from './context.js';

type Json = any;

/** Job arguments AWS Glue itself reads (special parameters), never job parameters. */
const GLUE_SPECIAL =
  /^--(JOB_NAME|job-language|class|scriptLocation|extra-py-files|extra-jars|extra-files|user-jars-first|job-bookmark-option|TempDir|enable-.*|continuous-log-.*|spark-event-logs-path|additional-python-modules|python-modules-installer-option|conf|datalake-formats|executor-cores|customer-driver-env-vars|customer-executor-env-vars|write-shuffle-.*|disable-proxy-v2|auto-scale-within-microbatch|encryption-type|debug|packaging-mode|s3-py-modules|python-version|library-set)$/;

const GET_RESOLVED = /getResolvedOptions\s*\(\s*[\w.]+\s*,\s*\[([^\]]*)\]/g;

/** Parameter names a job declares: `parameters:`, default `arguments:`, and what its script reads. */
function declaredNames(ctx: ValidationContext, job: Job): Set<string> | undefined {
  const names = new Set(Object.keys(job.config.parameters ?? {}));
  for (const k of Object.keys(job.config.arguments ?? {})) names.add(k.replace(/^--/, ''));
  for (const k of Object.keys(job.config.glue?.extraArguments ?? {})) names.add(k.replace(/^--/, ''));
  if (job.kind === 'script') {
    const text = job.config.script ? ctx.readText(job.config.script) : undefined;
    let read = false;
    for (const m of text?.matchAll(GET_RESOLVED) ?? []) {
      read = true;
      for (const s of m[1]!.matchAll(/["']([^"']+)["']/g)) names.add(s[1]!);
    }
    // A script whose arguments lakeops cannot see (none declared, none read literally): not judged.
    if (!read && names.size === 0) return undefined;
  }
  // A SQL job that declares no parameters ignores what it is passed.
  return names.size ? names : undefined;
}

function typeProblem(type: string | undefined, value: string): string | undefined {
  if (type === 'integer' && !/^-?\d+$/.test(value.trim())) return 'an integer';
  if (type === 'timestamp' && Number.isNaN(Date.parse(value))) return 'a timestamp (ISO 8601)';
  return undefined;
}

function nearestName(name: string, names: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestScore = Infinity;
  for (const n of names) {
    const a = norm(name);
    const b = norm(n);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    const score = Math.max(a.length, b.length) - common;
    if (score < bestScore) [best, bestScore] = [n, score];
  }
  return best !== undefined && bestScore <= Math.max(3, Math.floor(name.length / 2)) ? best : undefined;
}

/** Checks one argument map passed to `job`; `at` locates a key or its value in `source`. */
function checkArguments(
  ctx: ValidationContext,
  source: SourceFile,
  job: Job,
  args: Record<string, Json>,
  at: JsonPath,
  who: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = declaredNames(ctx, job);
  for (const [rawKey, value] of Object.entries(args)) {
    const dynamic = rawKey.endsWith('.$');
    const key = dynamic ? rawKey.slice(0, -2) : rawKey;
    if (!key.startsWith('--')) {
      out.push(
        source.diagnostic(
          [...at, rawKey],
          `${who} passes "${key}" to job ${job.name}; Glue job arguments are named --name`,
          'job-argument',
          { key: true },
        ),
      );
      continue;
    }
    if (GLUE_SPECIAL.test(key)) continue;
    const name = key.slice(2);
    if (names && !names.has(name)) {
      const guess = nearestName(name, names);
      out.push(
        source.diagnostic(
          [...at, rawKey],
          `${who} passes --${name} to job ${job.name}, which declares no parameter "${name}"${guess ? `; did you mean --${guess}?` : ''} (declared: ${[...names].sort().join(', ') || '(none)'})`,
          'job-argument',
          { key: true },
        ),
      );
      continue;
    }
    if (dynamic || (typeof value === 'string' && value.trim().startsWith('{%'))) continue;
    if (typeof value !== 'string') {
      out.push(
        source.diagnostic(
          [...at, rawKey],
          `${who} passes --${name} as ${JSON.stringify(value)}; Glue job arguments are strings (quote it)`,
          'job-argument-type',
        ),
      );
      continue;
    }
    const type = job.config.parameters?.[name]?.type;
    const expected = /\$\{/.test(value) ? undefined : typeProblem(type, value);
    if (expected)
      out.push(
        source.diagnostic(
          [...at, rawKey],
          `${who} passes --${name} = "${value}" but job ${job.name} declares ${name} as ${type}; pass ${expected}`,
          'job-argument-type',
        ),
      );
  }
  // A parameter without a default that the caller does not pass fails the run (the SQL runner or
  // getResolvedOptions stops on a missing argument).
  const passed = new Set(Object.keys(args).map((k) => k.replace(/\.\$$/, '')));
  for (const [name, param] of Object.entries(job.config.parameters ?? {}))
    if (param.default === undefined && !passed.has(`--${name}`) && job.config.arguments?.[`--${name}`] === undefined)
      out.push(
        source.diagnostic(
          at,
          `${who} starts job ${job.name} without --${name}, a parameter it declares with no default; pass it or give it a default`,
          'job-argument-missing',
        ),
      );
  return out;
}

const getPath = (root: Json, path: JsonPath): Json => path.reduce((n: Json, k) => (n == null ? undefined : n[k]), root);

const jobIndex = new WeakMap<ValidationContext, Map<string, Job>>();

/** The project's jobs by physical name, built once per validation (not once per state machine). */
function jobsByPhysicalName(ctx: ValidationContext): Map<string, Job> {
  let map = jobIndex.get(ctx);
  if (!map) {
    map = new Map();
    for (const p of ctx.project.pipelines) for (const j of p.jobs) map.set(ctx.env.physicalName('job', j.name), j);
    jobIndex.set(ctx, map);
  }
  return map;
}

/** State machine Tasks that start a Glue job run: their Arguments against the job's parameters. */
export function checkTaskArguments(
  ctx: ValidationContext,
  source: SourceFile,
  resolved: Json,
  scopes: { path: JsonPath; states: Record<string, Json> }[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byPhysical = jobsByPhysicalName(ctx);
  for (const scope of scopes)
    for (const [name, state] of Object.entries<Json>(scope.states)) {
      if (state?.Type !== 'Task' || typeof state.Resource !== 'string') continue;
      if (!/^arn:[^:]+:states:::(aws-sdk:)?glue:startJobRun(\.sync)?$/.test(state.Resource)) continue;
      for (const argsKey of ['Parameters', 'Arguments']) {
        const at = [...scope.path, 'States', name, argsKey];
        const job = byPhysical.get(String(getPath(resolved, [...at, 'JobName'])));
        const args = getPath(resolved, [...at, 'Arguments']);
        if (!job || !args || typeof args !== 'object' || Array.isArray(args)) continue;
        out.push(...checkArguments(ctx, source, job, args, [...at, 'Arguments'], `Task "${name}"`));
      }
    }
  return out;
}

/** Workflow trigger actions that run a job with arguments. */
function checkTriggerArguments(ctx: ValidationContext, p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [tname, t] of Object.entries(p.config.workflow?.triggers ?? {}))
    (t.actions ?? []).forEach((a, i) => {
      if (!a.job || !a.arguments) return;
      const job = ctx.jobs.get(a.job)?.[0];
      const j = job?.pipeline.jobs.find((x) => x.name === a.job);
      if (!j) return; // references.ts reports an unknown job
      const at = ['workflow', 'triggers', tname, 'actions', i, 'arguments'];
      out.push(...checkArguments(ctx, p.source, j, a.arguments, at, `trigger ${tname}`));
    });
  return out;
}

function checkDefaults(p: Pipeline, job: Job): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, param] of Object.entries(job.config.parameters ?? {})) {
    if (param.default === undefined) continue;
    const expected = typeProblem(param.type, param.default);
    if (expected)
      out.push(
        p.source.diagnostic(
          ['jobs', job.name, 'parameters', name, 'default'],
          `job ${job.name}: parameter ${name} is ${param.type} but its default ${JSON.stringify(param.default)} is not ${expected}; fix the default or the type`,
          'param-default-type',
        ),
      );
  }
  return out;
}

const version = (v: string | undefined): number => (v === undefined ? NaN : Number(v));

function checkGlueSettings(p: Pipeline, job: Job): Diagnostic[] {
  const out: Diagnostic[] = [];
  const g = job.config.glue;
  if (!g) return out;
  const type = job.kind === 'sql' ? 'glueetl' : (job.config.type ?? 'glueetl');
  const d = (field: string, message: string) =>
    out.push(p.source.diagnostic(['jobs', job.name, 'glue', field], `job ${job.name}: ${message}`, 'glue-settings'));
  const glueVersion = version(g.glueVersion);
  if (type === 'pythonshell') {
    if (g.workerType !== undefined)
      d('workerType', 'a Python shell job takes no workerType; set maxCapacity to 0.0625 or 1 instead');
    if (g.numberOfWorkers !== undefined)
      d('numberOfWorkers', 'a Python shell job takes no numberOfWorkers; set maxCapacity to 0.0625 or 1 instead');
    if (g.maxCapacity !== undefined && g.maxCapacity !== 0.0625 && g.maxCapacity !== 1)
      d('maxCapacity', `a Python shell job runs with maxCapacity 0.0625 or 1 DPU, not ${g.maxCapacity}`);
    return out;
  }
  if (g.maxCapacity !== undefined) {
    if (g.workerType !== undefined || g.numberOfWorkers !== undefined)
      d('maxCapacity', 'maxCapacity cannot be set together with workerType/numberOfWorkers; keep one of them');
    else if (glueVersion >= 2)
      d('maxCapacity', `Glue ${g.glueVersion} jobs take workerType and numberOfWorkers, not maxCapacity`);
    else if (g.maxCapacity < 2 || g.maxCapacity > 100 || !Number.isInteger(g.maxCapacity))
      d('maxCapacity', `a Spark job takes a whole maxCapacity from 2 to 100 DPUs, not ${g.maxCapacity}`);
  }
  if ((g.workerType === undefined) !== (g.numberOfWorkers === undefined))
    d(
      g.workerType === undefined ? 'numberOfWorkers' : 'workerType',
      'workerType and numberOfWorkers go together; set both',
    );
  if (g.numberOfWorkers !== undefined && g.numberOfWorkers < 2)
    d('numberOfWorkers', `a Spark job needs at least 2 workers (one driver, one executor), not ${g.numberOfWorkers}`);
  const wt = g.workerType;
  if (wt !== undefined) {
    const known = [
      'Standard',
      'G.025X',
      'G.1X',
      'G.2X',
      'G.4X',
      'G.8X',
      'G.12X',
      'G.16X',
      'R.1X',
      'R.2X',
      'R.4X',
      'R.8X',
      'Z.2X',
    ];
    if (!known.includes(wt)) d('workerType', `unknown workerType "${wt}"; Glue has ${known.join(', ')}`);
    else if (wt === 'Z.2X') d('workerType', 'Z.2X workers are for Ray jobs; a Spark job uses G.1X, G.2X, ...');
    else if (wt === 'G.025X' && type !== 'gluestreaming')
      d('workerType', 'G.025X workers are for streaming jobs (type: gluestreaming) only');
    else if (/^(G\.(4|8|12|16)X|R\.)/.test(wt) && glueVersion < 3)
      d('workerType', `${wt} workers need Glue 3.0 or later (glueVersion is ${g.glueVersion})`);
    else if (wt === 'G.025X' && glueVersion < 3)
      d('workerType', `G.025X workers need Glue 3.0 or later (glueVersion is ${g.glueVersion})`);
  }
  return out;
}

/** Job defaults, Glue settings and trigger arguments (Task arguments are checked with the ASL). */
export function checkContracts(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ctx.project.pipelines) {
    for (const job of p.jobs) out.push(...checkDefaults(p, job), ...checkGlueSettings(p, job));
    out.push(...checkTriggerArguments(ctx, p));
  }
  return out;
}

// `lakeops validate` as a library call: load the project, run every check for one environment and
// return sorted diagnostics plus a per-pipeline summary. Reads files only; writes nothing (the
// Python check compiles into a temporary folder outside the project and removes it).
import { hasErrors, sortDiagnostics, type Diagnostic } from '../model/diagnostics.js';
import { DEFAULT_ENV, resolveEnvironment, type Environment } from '../model/environment.js';
import { loadProject, type Project } from '../model/project.js';
import { checkStateMachines, warmUpAslValidator } from './asl.js';
import { checkBuckets } from './buckets.js';
import { createContext } from './context.js';
import { checkInputs } from './inputs.js';
import { checkJobs } from './jobs.js';
import { checkPython } from './python.js';
import { checkReferences } from './references.js';
import { checkSchedules } from './schedules.js';
import { checkSql, loadSqlParser } from './sql.js';
import { summarise, type PipelineSummary } from './summary.js';
import { checkWorkflows } from './workflow.js';

/** Rules whose findings depend on what every pipeline declares. */
const CROSS_REFERENCE_RULES = new Set([
  'ref-job',
  'ref-crawler',
  'ref-database',
  'ref-table',
  'ref-event-bus',
  'ref-workflow',
  'ref-state-machine',
  'duplicate-name',
  'unresolved-substitution',
  'ambiguous-substitution',
]);

export interface ValidateOptions {
  env?: string;
  /** Python interpreter for the compile check (default python3, or $LAKEOPS_PYTHON). */
  python?: string;
}

export interface ValidateReport {
  ok: boolean;
  env: string;
  diagnostics: Diagnostic[];
  pipelines: PipelineSummary[];
}

function unknownEnvironment(project: Project, name: string): Diagnostic {
  const declared = Object.keys(project.config.environments);
  return project.source.diagnostic(
    ['environments'],
    `unknown environment "${name}"; lakeops.yaml declares: ${declared.join(', ') || '(none)'} (pass one of them with --env, or add "${name}" under environments:)`,
    'unknown-env',
    { key: true },
  );
}

/** Runs every check on an already loaded project. */
export async function validateLoadedProject(
  project: Project,
  env: Environment,
  opts: ValidateOptions = {},
): Promise<Diagnostic[]> {
  const ctx = createContext(project, env);
  // python3 runs in its own process and asl-validator in a worker thread while this thread loads
  // the SQL parser and runs the other checks.
  const python = checkPython(project, opts.python);
  const sqlReady = loadSqlParser();
  const stateMachines = checkStateMachines(ctx, sqlReady);
  const diagnostics = [
    ...checkReferences(ctx),
    ...checkJobs(ctx),
    ...checkInputs(ctx),
    ...checkSchedules(ctx),
    ...checkWorkflows(ctx),
    ...checkBuckets(ctx),
  ];
  await sqlReady;
  diagnostics.push(...(await checkSql(ctx)), ...(await stateMachines), ...(await python));
  return diagnostics;
}

export async function validateProject(root: string, opts: ValidateOptions = {}): Promise<ValidateReport> {
  const envName = opts.env ?? DEFAULT_ENV;
  // The SQL parser (WebAssembly) and asl-validator's schemas take a while to get ready; both start
  // now, while the project loads.
  void loadSqlParser().catch(() => undefined); // awaited (and its failure reported) by the checks
  warmUpAslValidator();
  const { project, diagnostics } = loadProject(root);
  if (!project) return { ok: false, env: envName, diagnostics: sortDiagnostics(diagnostics), pipelines: [] };
  let env: Environment | undefined;
  if (envName in project.config.environments || envName === DEFAULT_ENV) env = resolveEnvironment(project, envName);
  else diagnostics.push(unknownEnvironment(project, envName));
  if (env) {
    const found = await validateLoadedProject(project, env, opts);
    // A pipeline that did not load declares nothing, so names it declares would show up as
    // unknown elsewhere: hold back cross-reference errors until every pipeline loads.
    const partial = hasErrors(diagnostics);
    diagnostics.push(...(partial ? found.filter((d) => !CROSS_REFERENCE_RULES.has(d.rule)) : found));
  }
  const unique = new Map(diagnostics.map((d) => [`${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`, d]));
  const sorted = sortDiagnostics([...unique.values()]);
  return { ok: !hasErrors(sorted), env: envName, diagnostics: sorted, pipelines: project.pipelines.map(summarise) };
}

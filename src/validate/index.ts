// `lakeops validate` as a library call: load the project, run every check for one environment and
// return sorted diagnostics plus a per-pipeline summary. Reads files only; writes nothing (the
// Python check compiles into a temporary folder outside the project and removes it).
import { hasErrors, sortDiagnostics, type Diagnostic } from '../model/diagnostics.js';
import { DEFAULT_ENV, resolveEnvironment, type Environment } from '../model/environment.js';
import { loadProject, type Project } from '../model/project.js';
import { analyse, warmUpAnalysis } from './analysis.js';
import { finishStateMachines, prepareStateMachines } from './asl.js';
import { awsCredentialsPresent, validateOnAws } from './aws-definitions.js';
import { checkBuckets } from './buckets.js';
import { createContext } from './context.js';
import { localRunnabilityDiagnostics } from '../targets/local/stepfunctions/runnability.js';
import { checkInputs } from './inputs.js';
import { checkContracts } from './contracts.js';
import { checkOverlaps } from './overlaps.js';
import { checkSamples } from './samples.js';
import { checkJobs } from './jobs.js';
import { checkPython } from './python.js';
import { checkReferences } from './references.js';
import { checkSchedules } from './schedules.js';
import { checkSql, primeSqlAnalyses, sqlTexts } from './sql.js';
import { columnDiagnostics, planColumns } from './sql-columns.js';
import { summarise, type PipelineSummary } from './summary.js';
import { checkWorkflows } from './workflow.js';
import { checkDeclaredTables } from './tables-declared.js';
import { checkExternal } from './external.js';

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
  'external-conflict',
  'unresolved-substitution',
  'ambiguous-substitution',
]);

export interface ValidateOptions {
  env?: string;
  /** Python interpreter for the compile check (default python3, or $LAKEOPS_PYTHON). */
  python?: string;
  /**
   * For an AWS environment, also ask Step Functions to validate each definition
   * (ValidateStateMachineDefinition). Default: when AWS credentials are present and
   * LAKEOPS_VALIDATE_OFFLINE is not 1. Never for the local target.
   */
  aws?: boolean;
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
  // python3 compiles the scripts in its own process, and the SQL parser and asl-validator run in
  // the analysis helper (analysis.ts), while this process runs the other checks.
  const python = checkPython(project, opts.python);
  const machines = prepareStateMachines(ctx);
  const askAws =
    env.target === 'aws' && (opts.aws ?? (process.env.LAKEOPS_VALIDATE_OFFLINE !== '1' && awsCredentialsPresent()));
  const onAws = askAws
    ? validateOnAws(
        env,
        machines.items.map((x) => ({ source: x.source, definition: x.resolved, type: x.type })),
      )
    : Promise.resolve([]);
  const texts = [...sqlTexts(ctx), ...machines.sql];
  // Column checks: what each query reads is bound to the columns the project knows, and the
  // parser resolves select lists and references in the same helper request.
  const columns = planColumns(ctx);
  const analysed = analyse({ sql: texts, asl: machines.definitions, columns: columns.request });
  const diagnostics = [
    ...machines.diagnostics,
    ...checkReferences(ctx),
    ...checkJobs(ctx),
    ...checkContracts(ctx),
    ...checkOverlaps(ctx),
    ...checkSamples(ctx),
    ...checkInputs(ctx),
    ...checkSchedules(ctx),
    ...checkWorkflows(ctx),
    ...checkBuckets(ctx),
    ...checkDeclaredTables(ctx),
    ...checkExternal(ctx),
    // Per pipeline: the states the local target cannot run (warnings: AWS runs them).
    ...(env.target === 'local' ? localRunnabilityDiagnostics(project, env) : []),
  ];
  const { sql, asl, columns: resolved } = await analysed;
  primeSqlAnalyses(texts, sql);
  const sqlDiagnostics = checkSql(ctx);
  const broken = new Set(sqlDiagnostics.filter((d) => d.rule === 'sql-syntax').map((d) => d.file));
  diagnostics.push(
    ...sqlDiagnostics,
    ...(resolved ? columnDiagnostics(columns, resolved, (f) => broken.has(f)) : []),
    ...finishStateMachines(ctx, machines, asl),
    ...(await python),
    ...(await onAws),
  );
  // Files the checks asked for but refused to read (a link out of the project, too large, binary).
  diagnostics.push(...ctx.refusedFiles.values());
  return diagnostics;
}

/**
 * Loads the project and runs every check for one environment: what `lakeops validate` reports and
 * the actions' static checks stage runs. The project comes back whenever lakeops.yaml loads.
 */
export async function checkProject(
  root: string,
  opts: ValidateOptions = {},
): Promise<{ project?: Project; diagnostics: Diagnostic[] }> {
  const envName = opts.env ?? DEFAULT_ENV;
  // The analysis helper (SQL parser, asl-validator) starts while the project loads.
  warmUpAnalysis();
  const { project, diagnostics } = loadProject(root);
  if (!project) return { diagnostics: sortDiagnostics(diagnostics) };
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
  return { project, diagnostics: sortDiagnostics([...unique.values()]) };
}

export async function validateProject(root: string, opts: ValidateOptions = {}): Promise<ValidateReport> {
  const env = opts.env ?? DEFAULT_ENV;
  const { project, diagnostics } = await checkProject(root, opts);
  return { ok: !hasErrors(diagnostics), env, diagnostics, pipelines: project?.pipelines.map(summarise) ?? [] };
}

// Check-run annotations where the fault is: static-check diagnostics at their file:line:column; a
// failed SQL job at its SQL file and the line its error points to (not the state machine's generic
// Fail state); other failed steps at their job, crawler or state; failed validations on their own
// SQL file, with the violating rows in the message (local runs only); deploy errors and plan
// conflicts at the resource's definition.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { PIPELINE_FILE, PIPELINES_DIR, type Job, type Pipeline, type Project } from '../model/project.js';
import { SourceFile } from '../model/source-file.js';
import type { Report, RunResult, StepResult } from '../report/model.js';
import { ranLocally, validationBlocks } from './outcome.js';

export interface Annotation {
  /** Path relative to the repository root. */
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface AnnotationOptions {
  /** The loaded project, to find the lines of jobs, crawlers and states. */
  project?: Project;
  /** The project folder relative to the repository root ("" or "." when it is the root). */
  pathPrefix?: string;
}

const MAX_MESSAGE = 2000;
const MAX_DETAILS = 8000;

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

function pipelineFile(pipeline: string): string {
  return `${PIPELINES_DIR}/${pipeline}/${PIPELINE_FILE}`;
}

/** Where a failed step is defined: its job or crawler in pipeline.yaml, else its state in the ASL file. */
export function locateStep(
  project: Project | undefined,
  pipelineName: string,
  step: StepResult,
  run?: RunResult,
): { file: string; line: number } {
  const pipeline = project?.pipelines.find((p) => p.name === pipelineName);
  if (!pipeline) return { file: pipelineFile(pipelineName), line: 1 };
  const c = pipeline.config;
  const details = step.details ?? {};
  const jobName =
    (typeof details.jobName === 'string' ? details.jobName : undefined) ??
    (run?.failure?.state === step.name ? run.failure.jobName : undefined);
  const logicalJob = [jobName, step.name].find((n) => n && c.jobs?.[stripPrefix(project!, n)]);
  if (logicalJob)
    return {
      file: pipeline.source.path,
      line: pipeline.source.locate(['jobs', stripPrefix(project!, logicalJob)], { key: true }).line,
    };
  if (c.crawlers?.[step.name])
    return { file: pipeline.source.path, line: pipeline.source.locate(['crawlers', step.name], { key: true }).line };
  if (c.workflow?.triggers?.[step.name])
    return {
      file: pipeline.source.path,
      line: pipeline.source.locate(['workflow', 'triggers', step.name], { key: true }).line,
    };
  const inAsl = locateState(project!, pipeline, step.name);
  if (inAsl) return inAsl;
  const key = c.stateMachine ? 'stateMachine' : c.workflow ? 'workflow' : 'name';
  return { file: pipeline.source.path, line: pipeline.source.locate([key], { key: true }).line };
}

/** The logical job a step ran (from its details, the run's failure, or its own name). */
function stepJob(
  project: Project | undefined,
  pipelineName: string,
  step: StepResult,
  run?: RunResult,
): Job | undefined {
  const pipeline = project?.pipelines.find((p) => p.name === pipelineName);
  if (!pipeline) return undefined;
  const details = step.details ?? {};
  const names = [
    typeof details.jobName === 'string' ? details.jobName : undefined,
    run?.failure?.state === step.name ? run.failure.jobName : undefined,
    step.name,
  ];
  for (const n of names) {
    if (!n) continue;
    const job = pipeline.jobs.find((j) => j.name === stripPrefix(project!, n));
    if (job) return job;
  }
  return undefined;
}

/**
 * Where in a SQL file an error points: an explicit line ("line 3:12", "(line 3, pos 12)", Spark's
 * and Athena's forms), else the first line naming the identifier the error quotes (DuckDB's binder
 * errors quote the missing column or table), else line 1. The local engine runs translated SQL,
 * so DuckDB's own LINE numbers are of no use and are not read.
 */
export function sqlErrorLine(sqlText: string, message: string): number {
  const explicit = /\bline (\d+)(?::\d+|,\s*pos(?:ition)? \d+)/i.exec(message);
  const lines = sqlText.split(/\r?\n/);
  if (explicit) {
    const n = Number(explicit[1]);
    if (n >= 1 && n <= lines.length) return n;
  }
  for (const m of message.matchAll(/"([^"]{1,128})"|`([^`]{1,128})`|'([^']{1,128})'/g)) {
    const name = (m[1] ?? m[2] ?? m[3])!.split('.').pop()!;
    if (!/^[A-Za-z_][\w$]*$/.test(name)) continue;
    const re = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`, 'i');
    const i = lines.findIndex((l) => re.test(l.replace(/--.*$/, '')));
    if (i >= 0) return i + 1;
  }
  return 1;
}

function readText(project: Project | undefined, file: string): string | undefined {
  if (!project) return undefined;
  try {
    return readFileSync(join(project.root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The SQL file and line a failed SQL job's error points at, when the step ran a SQL job. */
export function locateSqlFault(
  project: Project | undefined,
  pipelineName: string,
  step: StepResult,
  run?: RunResult,
): { file: string; line: number } | undefined {
  const job = stepJob(project, pipelineName, step, run);
  if (!job || job.kind !== 'sql' || !job.outputs.length) return undefined;
  const message = [step.error, step.cause, ...(step.logTail ?? [])].filter(Boolean).join('\n');
  // A job with several outputs: the error names the file that failed.
  const file = job.outputs.map((o) => o.sql).find((f) => message.includes(f)) ?? job.outputs[0]!.sql;
  const text = readText(project, file);
  return { file, line: text === undefined ? 1 : sqlErrorLine(text, message) };
}

/** Physical job names carry the environment's prefix; the declaration is under the logical name. */
function stripPrefix(project: Project, name: string): string {
  for (const env of Object.values(project.config.environments)) {
    const p = env.namePrefix;
    if (p && name.startsWith(p)) return name.slice(p.length);
  }
  return name;
}

const aslCache = new WeakMap<Pipeline, SourceFile | null>();

function locateState(project: Project, pipeline: Pipeline, state: string): { file: string; line: number } | undefined {
  if (!pipeline.definitionFile) return undefined;
  let src = aslCache.get(pipeline);
  if (src === undefined) {
    try {
      src = new SourceFile(pipeline.definitionFile, readFileSync(join(project.root, pipeline.definitionFile), 'utf8'));
    } catch {
      src = null;
    }
    aslCache.set(pipeline, src);
  }
  if (!src?.ok) return undefined;
  const path = findStatePath(src.toJS(), state);
  return path ? { file: src.path, line: src.locate(path, { key: true }).line } : undefined;
}

/** The JSON path of a state's key, searching Parallel branches and Map iterators too. */
function findStatePath(
  machine: unknown,
  state: string,
  base: (string | number)[] = [],
): (string | number)[] | undefined {
  const states = (machine as { States?: Record<string, any> })?.States;
  if (!states || typeof states !== 'object') return undefined;
  if (state in states) return [...base, 'States', state];
  for (const [name, st] of Object.entries(states)) {
    const branches: [unknown, (string | number)[]][] = [];
    (st?.Branches ?? []).forEach((b: unknown, i: number) =>
      branches.push([b, [...base, 'States', name, 'Branches', i]]),
    );
    if (st?.ItemProcessor) branches.push([st.ItemProcessor, [...base, 'States', name, 'ItemProcessor']]);
    if (st?.Iterator) branches.push([st.Iterator, [...base, 'States', name, 'Iterator']]);
    for (const [b, p] of branches) {
      const hit = findStatePath(b, state, p);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function reportAnnotations(report: Report, opts: AnnotationOptions = {}): Annotation[] {
  const prefix = !opts.pathPrefix || opts.pathPrefix === '.' ? '' : opts.pathPrefix.replace(/\/+$/, '');
  const at = (file: string) => (prefix ? posix.join(prefix, file) : file);
  const out: Annotation[] = [];

  for (const d of report.diagnostics ?? []) {
    out.push({
      path: at(d.file),
      start_line: d.line,
      end_line: d.line,
      start_column: d.column,
      end_column: d.column,
      annotation_level: d.severity === 'error' ? 'failure' : 'warning',
      title: `lakeops: ${d.rule}`,
      message: clip(d.message, MAX_MESSAGE),
    });
  }

  for (const v of report.validations ?? []) {
    if (v.status === 'pass') continue;
    // The validation's own SQL file: a query error at the line it points to, violations on the query.
    const text = readText(opts.project, v.file);
    const where =
      text !== undefined
        ? {
            file: v.file,
            line: v.status === 'error' ? sqlErrorLine(text, v.error ?? '') : 1,
            end: v.status === 'error' ? undefined : Math.max(1, text.replace(/\s+$/, '').split(/\r?\n/).length),
          }
        : v.line
          ? { file: pipelineFile(v.pipeline), line: v.line }
          : { file: v.file, line: 1 };
    const envText = v.env ? ` on ${v.env}` : '';
    // dbt's convention: the rows a validation returns are the violations. Rows from a deployed
    // (AWS) environment are never put in an annotation: anyone who can read the PR sees them.
    const local = ranLocally(v, opts.project);
    const sample =
      local && v.rows.length
        ? `: ${v.rows
            .slice(0, 5)
            .map((r) => JSON.stringify(r))
            .join('; ')}${v.violationCount > 5 ? '; …' : ''}`
        : !local && v.violationCount
          ? ' (rows from a deployed environment are not shown here)'
          : '';
    const message =
      v.status === 'error'
        ? `validation "${v.name}" could not run${envText}: ${v.error ?? 'unknown error'}`
        : `validation "${v.name}" returned ${v.violationCount} violating row${v.violationCount === 1 ? '' : 's'}${envText}${sample}`;
    out.push({
      path: at(where.file),
      start_line: where.line,
      end_line: 'end' in where && where.end ? where.end : where.line,
      // A warn-severity rule, or a query against deployed data, never blocks the pull request.
      annotation_level: validationBlocks(v, opts.project) ? 'failure' : 'warning',
      title: `lakeops validation: ${v.pipeline}/${v.name}`,
      message: clip(message, MAX_MESSAGE),
      ...(local && v.rows.length
        ? { raw_details: clip(JSON.stringify(v.rows.slice(0, 10), null, 2), MAX_DETAILS) }
        : {}),
    });
  }

  for (const run of report.runs ?? []) {
    const bad = run.steps.filter((st) => st.status === 'failed' || st.status === 'timed_out' || st.status === 'caught');
    // The root cause: the first step that failed with an error. A Fail state reached through a
    // Catch only restates it, so it is annotated only when nothing before it explains the failure.
    const rootCause = bad.find((st) => st.type !== 'Fail' && (st.error || st.cause));
    for (const step of bad) {
      if (step.status === 'caught' && step !== rootCause) continue;
      if (step.type === 'Fail' && rootCause) continue;
      const where =
        locateSqlFault(opts.project, run.pipeline, step, run) ?? locateStep(opts.project, run.pipeline, step, run);
      const why = [step.error, step.cause].filter(Boolean).join(': ') || step.status;
      out.push({
        path: at(where.file),
        start_line: where.line,
        end_line: where.line,
        annotation_level: 'failure',
        title: `lakeops run: ${run.pipeline} step "${step.name}" ${step.status === 'caught' ? 'failed' : step.status} (${run.env})`,
        message: clip(why, MAX_MESSAGE),
        ...(step.logTail?.length ? { raw_details: clip(step.logTail.join('\n'), MAX_DETAILS) } : {}),
      });
    }
  }

  for (const e of report.deploy?.failed ?? []) {
    out.push({
      path: at(e.file ?? (e.pipeline ? pipelineFile(e.pipeline) : 'lakeops.yaml')),
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: `lakeops deploy: ${e.kind} ${e.name}`,
      message: clip(`${e.code ? `${e.code}: ` : ''}${e.error}`, MAX_MESSAGE),
    });
  }

  for (const plan of report.plans ?? []) {
    for (const c of plan.changes) {
      if (c.action !== 'conflict' && !c.drift) continue;
      out.push({
        path: at(c.file ?? (c.pipeline ? pipelineFile(c.pipeline) : 'lakeops.yaml')),
        start_line: c.line ?? 1,
        end_line: c.line ?? 1,
        annotation_level: 'warning',
        title: `lakeops plan (${plan.env}): ${c.kind} ${c.name}`,
        message: clip(
          c.action === 'conflict'
            ? `conflict: ${c.reason ?? 'a resource with this name exists and is not managed by lakeops'}`
            : `drift: changed outside lakeops; deploying reverts ${c.diffs.map((d) => d.path).join(', ') || 'it'}`,
          MAX_MESSAGE,
        ),
      });
    }
  }
  return out;
}

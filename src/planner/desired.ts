// Desired AWS state of one environment, derived from the model alone (no AWS calls): S3
// artifacts, Glue databases/jobs/crawlers/workflows/triggers, state machines, EventBridge buses,
// rules and targets, Scheduler schedules and Athena views. Specs use the AWS API field names so
// the diff compares them with what AWS returns and apply sends them as they are.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Diagnostic } from '../model/diagnostics.js';
import {
  jsonStringEscape,
  substitute,
  substitutionsFor,
  withPipelineSubstitutions,
  TAG_PIPELINE,
  type Environment,
  type ResourceKind,
} from '../model/environment.js';
import type { Job, Pipeline, Project } from '../model/project.js';
import type { JobInput, JobOutput } from '../model/schema.js';
import type { JsonPath } from '../model/source-file.js';
import {
  artifactKey,
  artifactPrefix,
  glueArn,
  logGroupArn,
  roleArn,
  roleFor,
  scheduleGroupName,
  stateMachineArn,
  stateMachineLogGroup,
  type AccountContext,
} from './names.js';
import { keyOf, type DesiredResource, type Spec } from './types.js';
import {
  SQL_JOB_GLUE_VERSION,
  SQL_RUNNER_SCRIPT,
  sqlJobArguments,
  type SqlJobDeclarations,
  type SqlJobInput,
  type SqlJobOutput,
} from './sql-job.js';

export interface DesiredOptions {
  ctx: AccountContext;
  /** Only these pipelines (default: all). */
  pipelines?: string[];
}

export interface DesiredState {
  resources: DesiredResource[];
  artifactsBucket: string;
  artifactPrefix: string;
  scheduleGroup: string;
  /** Pipelines the state covers (the --pipeline filter, or all). */
  pipelines: string[];
}

/** Glue's documented defaults we always send explicitly, so nothing depends on a server-side default. */
export const GLUE_DEFAULTS = {
  glueVersion: '4.0',
  workerType: 'G.1X',
  numberOfWorkers: 2,
  timeoutMinutes: 2880,
  maxRetries: 0,
  maxConcurrentRuns: 1,
  pythonShellVersion: '3.9',
  pythonShellGlueVersion: '3.0',
  pythonShellCapacity: 0.0625,
};

const CONTENT_TYPES: Record<string, string> = { py: 'text/x-python', sql: 'application/sql', json: 'application/json' };
const contentType = (file: string) => CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';

type Substitutions = ReturnType<typeof substitutionsFor>;

class Builder {
  readonly resources = new Map<string, DesiredResource>();
  readonly problems: Diagnostic[] = [];
  readonly bucket: string;

  constructor(
    readonly project: Project,
    readonly env: Environment,
    readonly ctx: AccountContext,
  ) {
    if (!env.config.buckets?.artifacts)
      throw new ConfigError(
        `environment "${env.name}" declares no "artifacts" bucket; add buckets: { artifacts: <bucket name> } to it in lakeops.yaml ` +
          '(deployed Glue scripts and SQL files are uploaded there)',
      );
    this.bucket = env.bucket('artifacts');
  }

  where(p: Pipeline, path: JsonPath): { file: string; line: number } {
    return { file: p.source.path, line: p.source.locate(path, { key: true }).line };
  }

  problem(p: Pipeline, path: JsonPath, message: string, rule = 'deploy') {
    this.problems.push(p.source.diagnostic(path, message, rule, { key: true }));
  }

  add(r: DesiredResource, p?: Pipeline, path?: JsonPath): void {
    const key = keyOf(r);
    const prior = this.resources.get(key);
    if (prior) {
      // Content-addressed artifacts and shared databases may be declared more than once.
      if (r.kind === 'artifact') return;
      if (r.kind === 'database') return;
      if (p && path)
        this.problem(
          p,
          path,
          `${r.kind} "${r.name}" is also defined by pipeline "${prior.pipeline}" (${prior.file}:${prior.line}); physical names must be unique in an environment`,
          'duplicate-name',
        );
      return;
    }
    this.resources.set(key, r);
  }

  // ${Name} lookups, built once per plan: the project-wide names (variables, built-ins, buckets,
  // every pipeline's resources) in one map, shared by every pipeline; a pipeline with its own
  // state-machine substitutions gets a copy with those on top. Building the whole map per pipeline made a plan quadratic in
  // the number of pipelines (12 of 14 s at 10,000 resources).
  private base?: Substitutions;
  private readonly subs = new Map<string, Substitutions>();
  values(p: Pipeline): Substitutions {
    this.base ??= substitutionsFor(this.project, this.env, undefined, this.ctx.account);
    const own = p.config.stateMachine?.substitutions;
    if (!own || !Object.keys(own).length) return this.base;
    let m = this.subs.get(p.name);
    if (!m) {
      // As in substitutionsFor: a pipeline's own substitutions win over every other name.
      m = withPipelineSubstitutions(this.base, own);
      this.subs.set(p.name, m);
    }
    return m;
  }

  /** Substitutes ${Name} in text; unresolved names become diagnostics at `path`. */
  text(p: Pipeline, path: JsonPath, text: string, escape?: (v: string) => string): string {
    const r = substitute(text, this.values(p), escape);
    for (const u of r.unresolved)
      this.problem(p, path, `\${${u.name}} has no value in environment "${this.env.name}"`, 'unresolved-substitution');
    return r.text;
  }

  /** Substitutes inside any JSON value (event patterns, inputs) string by string. */
  json<T>(p: Pipeline, path: JsonPath, value: T): T {
    if (value === undefined) return value;
    return JSON.parse(this.text(p, path, JSON.stringify(value), jsonStringEscape)) as T;
  }

  readFile(p: Pipeline, path: JsonPath, file: string): Buffer {
    const abs = join(this.project.root, file);
    if (!existsSync(abs)) {
      this.problem(p, path, `file not found: ${file}`, 'missing-file');
      return Buffer.alloc(0);
    }
    return readFileSync(abs);
  }

  artifact(p: Pipeline | undefined, path: JsonPath, file: string, body: Uint8Array, logical: string): string {
    const { key } = artifactKey(this.env, body, file);
    this.add({
      kind: 'artifact',
      name: key,
      logical,
      pipeline: p?.name,
      ...(p ? this.where(p, path) : {}),
      spec: { Bucket: this.bucket, Key: key },
      tags: p ? this.env.ownershipTags(p.name) : this.sharedTags(),
      body,
      contentType: contentType(file),
    });
    return `s3://${this.bucket}/${key}`;
  }

  sharedTags(): Record<string, string> {
    const t = this.env.ownershipTags('');
    delete t[TAG_PIPELINE];
    return t;
  }

  phys(kind: ResourceKind, logical: string): string {
    return this.env.physicalName(kind, logical);
  }

  tags(p: Pipeline, extra?: Record<string, string>): Record<string, string> {
    return { ...(p.config.tags ?? {}), ...(extra ?? {}), ...this.env.ownershipTags(p.name) };
  }
}

// ------------------------------------------------------------------ per kind

function databases(b: Builder, p: Pipeline): void {
  for (const [logical, d] of Object.entries(p.config.databases ?? {})) {
    const tags = b.tags(p);
    b.add({
      kind: 'database',
      name: b.phys('database', logical),
      logical,
      pipeline: p.name,
      ...b.where(p, ['databases', logical]),
      // Database Parameters carry the ownership marks too: GetDatabases returns them, so ownership
      // is known without a tag read per database.
      spec: { Description: d.description, Parameters: ownershipParameters(tags) },
      tags,
    });
  }
}

export function ownershipParameters(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => k.startsWith('lakeops:')));
}

function resolveTable(b: Builder, ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const dot = ref.indexOf('.');
  return dot < 0 ? ref : `${b.phys('database', ref.slice(0, dot))}.${ref.slice(dot + 1)}`;
}

function sqlJob(b: Builder, p: Pipeline, job: Job, runnerUri: string): Spec {
  const path: JsonPath = ['jobs', job.name];
  const outputs = job.outputs.map((o) => {
    const sqlBody = b.readFile(p, path, o.sql);
    const sqlUri = b.artifact(
      p,
      path,
      o.sql,
      Buffer.from(b.text(p, path, sqlBody.toString('utf8'))),
      `${job.name} SQL`,
    );
    return outputSpec(b, p, path, o, sqlUri);
  });
  const declarations: SqlJobDeclarations = {
    inputs: (job.config.inputs ?? []).map((i) => inputSpec(b, p, path, i)),
    outputs,
    parameters: Object.fromEntries(
      Object.entries(job.config.parameters ?? {}).map(([n, v]) => [
        n,
        { type: v.type ?? 'string', ...(v.default !== undefined ? { default: v.default } : {}) },
      ]),
    ),
  };
  return {
    Command: { Name: 'glueetl', ScriptLocation: runnerUri, PythonVersion: '3' },
    DefaultArguments: sqlJobArguments(declarations),
  };
}

function inputSpec(b: Builder, p: Pipeline, path: JsonPath, i: JobInput): SqlJobInput {
  return {
    name: i.name,
    ...(i.table ? { table: resolveTable(b, i.table) } : {}),
    ...(i.path ? { path: b.text(p, path, i.path) } : {}),
    ...(i.format ? { format: i.format } : {}),
    ...(i.partitioned !== undefined ? { partitioned: i.partitioned } : {}),
  };
}

function outputSpec(b: Builder, p: Pipeline, path: JsonPath, o: JobOutput, sqlUri: string): SqlJobOutput {
  return {
    sql: sqlUri,
    path: b.text(p, path, o.path),
    format: o.format,
    ...(o.partitionBy?.length ? { partitionBy: o.partitionBy } : {}),
    mode: o.mode ?? 'overwrite-partitions',
  };
}

function jobs(b: Builder, p: Pipeline, runner: () => string): void {
  for (const job of p.jobs) {
    const path: JsonPath = ['jobs', job.name];
    const g = job.config.glue ?? {};
    const name = b.phys('job', job.name);
    let spec: Spec;
    const type = job.config.type ?? 'glueetl';
    if (job.kind === 'script') {
      const body = b.readFile(p, [...path, 'script'], job.config.script!);
      const uri = b.artifact(p, path, job.config.script!, body, `${job.name} script`);
      const args = { ...(job.config.arguments ?? {}), ...(g.extraArguments ?? {}) };
      spec = {
        Command: {
          Name: type,
          ScriptLocation: uri,
          PythonVersion: type === 'pythonshell' ? GLUE_DEFAULTS.pythonShellVersion : '3',
        },
        DefaultArguments: Object.fromEntries(
          Object.entries(args).map(([k, v]) => [k, b.text(p, [...path, 'arguments', k], v)]),
        ),
      };
    } else {
      spec = sqlJob(b, p, job, runner());
      const extra = g.extraArguments ?? {};
      spec.DefaultArguments = {
        ...(spec.DefaultArguments as Record<string, string>),
        ...Object.fromEntries(
          Object.entries(extra).map(([k, v]) => [k, b.text(p, [...path, 'glue', 'extraArguments', k], v)]),
        ),
      };
    }
    const defaultVersion = job.kind === 'sql' ? SQL_JOB_GLUE_VERSION : GLUE_DEFAULTS.glueVersion;
    const capacity =
      type === 'pythonshell'
        ? {
            GlueVersion: g.glueVersion ?? GLUE_DEFAULTS.pythonShellGlueVersion,
            MaxCapacity: g.maxCapacity ?? GLUE_DEFAULTS.pythonShellCapacity,
          }
        : g.maxCapacity !== undefined && !g.workerType
          ? { GlueVersion: g.glueVersion ?? defaultVersion, MaxCapacity: g.maxCapacity }
          : {
              GlueVersion: g.glueVersion ?? defaultVersion,
              WorkerType: g.workerType ?? GLUE_DEFAULTS.workerType,
              NumberOfWorkers: g.numberOfWorkers ?? GLUE_DEFAULTS.numberOfWorkers,
            };
    b.add(
      {
        kind: 'job',
        name,
        logical: job.name,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: job.config.description,
          Role: roleFor(b.env, 'glueJob', `job "${job.name}" (${p.source.path})`),
          ...spec,
          ...capacity,
          // Streaming jobs run until stopped: no timeout unless one is set.
          ...(type === 'gluestreaming' && g.timeoutMinutes === undefined
            ? {}
            : { Timeout: g.timeoutMinutes ?? GLUE_DEFAULTS.timeoutMinutes }),
          MaxRetries: g.maxRetries ?? GLUE_DEFAULTS.maxRetries,
          ExecutionProperty: { MaxConcurrentRuns: g.maxConcurrentRuns ?? GLUE_DEFAULTS.maxConcurrentRuns },
        },
        tags: b.tags(p, job.config.tags),
      },
      p,
      path,
    );
  }
}

function crawlers(b: Builder, p: Pipeline): void {
  for (const [logical, c] of Object.entries(p.config.crawlers ?? {})) {
    const path: JsonPath = ['crawlers', logical];
    const newFoldersOnly = c.recrawl === 'new-folders-only';
    b.add(
      {
        kind: 'crawler',
        name: b.phys('crawler', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: c.description,
          Role: roleFor(b.env, 'crawler', `crawler "${logical}" (${p.source.path})`),
          DatabaseName: b.phys('database', c.database),
          Targets: {
            S3Targets: c.targets.map((t, i) => ({
              Path: b.text(p, [...path, 'targets', i, 'path'], t.path),
              ...(t.exclusions?.length ? { Exclusions: t.exclusions } : {}),
            })),
          },
          TablePrefix: c.tablePrefix,
          Schedule: c.schedule,
          RecrawlPolicy: { RecrawlBehavior: newFoldersOnly ? 'CRAWL_NEW_FOLDERS_ONLY' : 'CRAWL_EVERYTHING' },
          // Crawling only new folders requires the crawler to log, not apply, schema changes.
          SchemaChangePolicy: newFoldersOnly
            ? { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' }
            : { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DEPRECATE_IN_DATABASE' },
        },
        tags: b.tags(p, c.tags),
      },
      p,
      path,
    );
  }
}

const CRAWL_STATES: Record<string, string> = {
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  STOPPED: 'CANCELLED',
};

function workflow(b: Builder, p: Pipeline): void {
  const w = p.config.workflow;
  if (!w || !p.workflowName) return;
  const wfName = b.phys('workflow', p.workflowName);
  b.add(
    {
      kind: 'workflow',
      name: wfName,
      logical: p.workflowName,
      pipeline: p.name,
      ...b.where(p, ['workflow']),
      spec: {
        Description: w.description,
        // The ownership marks ride along in the run properties: BatchGetWorkflows returns them, while
        // tags would need a GetTags call per workflow (ListWorkflows cannot filter by tag).
        DefaultRunProperties: { ...(w.runProperties ?? {}), ...ownershipParameters(b.tags(p)) },
        MaxConcurrentRuns: w.maxConcurrentRuns,
      },
      tags: b.tags(p),
    },
    p,
    ['workflow'],
  );
  for (const [logical, t] of Object.entries(w.triggers)) {
    const path: JsonPath = ['workflow', 'triggers', logical];
    const conditions = (t.conditions ?? []).map((c) =>
      c.job
        ? { LogicalOperator: 'EQUALS', JobName: b.phys('job', c.job), State: c.state }
        : {
            LogicalOperator: 'EQUALS',
            CrawlerName: b.phys('crawler', c.crawler!),
            CrawlState: CRAWL_STATES[c.state] ?? c.state,
          },
    );
    b.add(
      {
        kind: 'trigger',
        name: b.phys('trigger', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          WorkflowName: wfName,
          Type: t.type,
          Description: t.description,
          Schedule: t.schedule,
          ...(t.type === 'CONDITIONAL'
            ? { Predicate: { Logical: t.logical === 'ANY' ? 'ANY' : 'AND', Conditions: conditions } }
            : {}),
          Actions: t.actions.map((a, i) => ({
            ...(a.job ? { JobName: b.phys('job', a.job) } : { CrawlerName: b.phys('crawler', a.crawler!) }),
            ...(a.arguments
              ? {
                  Arguments: Object.fromEntries(
                    Object.entries(a.arguments).map(([k, v]) => [
                      k,
                      b.text(p, [...path, 'actions', i, 'arguments', k], v),
                    ]),
                  ),
                }
              : {}),
          })),
          ...(t.batch
            ? { EventBatchingCondition: { BatchSize: t.batch.size, BatchWindow: t.batch.windowSeconds ?? 900 } }
            : {}),
          // Scheduled and conditional triggers must be activated to fire (StartOnCreation on create,
          // StartTrigger when found deactivated); EVENT triggers fire from EventBridge as created.
          ...(t.type === 'SCHEDULED' || t.type === 'CONDITIONAL' ? { State: 'ACTIVATED' } : {}),
        },
        tags: b.tags(p),
      },
      p,
      path,
    );
  }
}

function stateMachine(b: Builder, p: Pipeline): void {
  const sm = p.config.stateMachine;
  if (!sm || !p.stateMachineName || !p.definitionFile) return;
  const path: JsonPath = ['stateMachine'];
  const name = b.phys('stateMachine', p.stateMachineName);
  const raw = b.readFile(p, [...path, 'definition'], p.definitionFile).toString('utf8');
  let definition: unknown = {};
  const text = b.text(p, [...path, 'definition'], raw, jsonStringEscape);
  try {
    definition = JSON.parse(text);
  } catch (e) {
    b.problem(
      p,
      [...path, 'definition'],
      `${p.definitionFile} is not valid JSON after substitution: ${(e as Error).message}`,
      'asl',
    );
  }
  const level = sm.logging?.level ?? 'OFF';
  b.add(
    {
      kind: 'stateMachine',
      name,
      logical: p.stateMachineName,
      pipeline: p.name,
      ...b.where(p, path),
      spec: {
        definition,
        roleArn: roleArn(
          b.ctx,
          roleFor(b.env, 'stateMachine', `state machine "${p.stateMachineName}" (${p.source.path})`),
        ),
        type: sm.type ?? 'STANDARD',
        loggingConfiguration: {
          level,
          includeExecutionData: sm.logging?.includeExecutionData ?? false,
          ...(level !== 'OFF'
            ? {
                destinations: [
                  { cloudWatchLogsLogGroup: { logGroupArn: logGroupArn(b.ctx, stateMachineLogGroup(name)) } },
                ],
              }
            : {}),
        },
        tracingConfiguration: { enabled: sm.tracing ?? false },
      },
      tags: b.tags(p),
    },
    p,
    path,
  );
}

function targetArn(b: Builder, p: Pipeline, path: JsonPath, target: 'stateMachine' | 'workflow'): string | undefined {
  if (target === 'stateMachine' && p.stateMachineName)
    return stateMachineArn(b.ctx, b.phys('stateMachine', p.stateMachineName));
  if (target === 'workflow' && p.workflowName) return glueArn(b.ctx, 'workflow', b.phys('workflow', p.workflowName));
  b.problem(p, path, `target "${target}" but pipeline "${p.name}" defines no ${target}`, 'ref-target');
  return undefined;
}

function events(b: Builder, p: Pipeline): void {
  for (const [logical, bus] of Object.entries(p.config.eventBuses ?? {})) {
    b.add(
      {
        kind: 'eventBus',
        name: b.phys('eventBus', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, ['eventBuses', logical]),
        spec: { Description: bus.description },
        tags: b.tags(p),
      },
      p,
      ['eventBuses', logical],
    );
  }
  for (const [logical, r] of Object.entries(p.config.rules ?? {})) {
    const path: JsonPath = ['rules', logical];
    const arn = targetArn(b, p, [...path, 'target'], r.target);
    b.add(
      {
        kind: 'rule',
        name: b.phys('rule', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          EventBusName: b.phys('eventBus', r.bus ?? 'default'),
          Description: r.description,
          EventPattern: r.pattern ? b.json(p, [...path, 'pattern'], r.pattern) : undefined,
          ScheduleExpression: r.schedule,
          State: 'ENABLED',
          Targets: [
            {
              Id: r.target,
              Arn: arn,
              RoleArn: roleArn(b.ctx, roleFor(b.env, 'events', `rule "${logical}" (${p.source.path})`)),
              ...(r.input !== undefined ? { Input: JSON.stringify(b.json(p, [...path, 'input'], r.input)) } : {}),
            },
          ],
        },
        tags: b.tags(p),
      },
      p,
      path,
    );
  }
}

/** EventBridge Scheduler's universal target for Glue StartWorkflowRun (there is no templated Glue target). */
const START_WORKFLOW_RUN = (partition: string) => `arn:${partition}:scheduler:::aws-sdk:glue:startWorkflowRun`;

function schedules(b: Builder, p: Pipeline, group: string): boolean {
  let any = false;
  for (const [logical, s] of Object.entries(p.config.schedules ?? {})) {
    any = true;
    const path: JsonPath = ['schedules', logical];
    const role = roleArn(b.ctx, roleFor(b.env, 'scheduler', `schedule "${logical}" (${p.source.path})`));
    const target =
      s.target === 'workflow' && p.workflowName
        ? {
            Arn: START_WORKFLOW_RUN(b.ctx.partition),
            RoleArn: role,
            Input: JSON.stringify({ Name: b.phys('workflow', p.workflowName) }),
          }
        : {
            Arn: targetArn(b, p, [...path, 'target'], s.target),
            RoleArn: role,
            Input: JSON.stringify(b.json(p, [...path, 'input'], s.input ?? {})),
          };
    b.add(
      {
        kind: 'schedule',
        name: `${group}/${b.phys('schedule', logical)}`,
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          GroupName: group,
          Description: s.description,
          ScheduleExpression: s.expression,
          ScheduleExpressionTimezone: s.timezone,
          State: s.enabled === false ? 'DISABLED' : 'ENABLED',
          FlexibleTimeWindow: s.flexibleWindowMinutes
            ? { Mode: 'FLEXIBLE', MaximumWindowInMinutes: s.flexibleWindowMinutes }
            : { Mode: 'OFF' },
          Target: target,
        },
        // Schedules cannot carry tags: ownership is their group's.
        tags: {},
      },
      p,
      path,
    );
  }
  return any;
}

/** The SELECT a view file holds, without a trailing semicolon (Athena rejects it inside CREATE VIEW). */
export function viewBody(sql: string): string {
  return sql.trim().replace(/;\s*$/, '').trim();
}

function views(b: Builder, p: Pipeline): void {
  for (const [logical, v] of Object.entries(p.config.views ?? {})) {
    const path: JsonPath = ['views', logical];
    const db = b.phys('database', v.database);
    const sql = viewBody(b.text(p, [...path, 'sql'], b.readFile(p, [...path, 'sql'], v.sql).toString('utf8')));
    b.add(
      {
        kind: 'view',
        name: `${db}.${logical}`,
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: { DatabaseName: db, Name: logical, OriginalSql: sql },
        tags: {},
      },
      p,
      path,
    );
  }
}

export function buildDesiredState(project: Project, env: Environment, opts: DesiredOptions): DesiredState {
  const b = new Builder(project, env, opts.ctx);
  const selected = opts.pipelines?.length ? opts.pipelines : project.pipelines.map((p) => p.name);
  const known = new Set(project.pipelines.map((p) => p.name));
  const chosen = new Set(selected);
  for (const name of selected)
    if (!known.has(name))
      throw new ConfigError(
        `unknown pipeline "${name}"; known pipelines: ${project.pipelines.map((p) => p.name).join(', ')}`,
      );
  const group = scheduleGroupName(env);
  let runnerUri: string | undefined;
  const runner = () => {
    if (!runnerUri) {
      const abs = join(project.root, SQL_RUNNER_SCRIPT);
      if (!existsSync(abs))
        throw new ConfigError(`${SQL_RUNNER_SCRIPT} is missing; SQL jobs run on AWS as this generic Glue script`);
      runnerUri = b.artifact(undefined, [], SQL_RUNNER_SCRIPT, readFileSync(abs), 'SQL job runner');
    }
    return runnerUri;
  };
  let anySchedule = false;
  // Sorted so shared resources (databases, artifacts) always get the same owner pipeline.
  for (const p of [...project.pipelines].sort((a, c) => a.name.localeCompare(c.name))) {
    if (!chosen.has(p.name)) continue;
    databases(b, p);
    jobs(b, p, runner);
    crawlers(b, p);
    workflow(b, p);
    stateMachine(b, p);
    events(b, p);
    anySchedule = schedules(b, p, group) || anySchedule;
    views(b, p);
  }
  if (anySchedule)
    b.add({
      kind: 'scheduleGroup',
      name: group,
      logical: 'schedule group',
      spec: {},
      tags: b.sharedTags(),
    });
  if (b.problems.length) throw new ConfigError(`the model cannot be deployed to environment "${env.name}"`, b.problems);
  return {
    resources: [...b.resources.values()],
    artifactsBucket: b.bucket,
    artifactPrefix: artifactPrefix(env),
    scheduleGroup: group,
    pipelines: selected,
  };
}

// Glue jobs: script jobs upload their script; SQL jobs run as the generic SQL runner with their
// declarations (inputs, outputs, parameters) passed as default arguments.
import { BOOKMARK_ARGUMENT, bookmarkOption, CONF_ARGUMENT, confArgument, sparkConf } from '../../model/job-options.js';
import type { Job, Pipeline } from '../../model/project.js';
import type { JobInput, JobOutput } from '../../model/schema.js';
import type { JsonPath } from '../../model/source-file.js';
import { roleFor } from '../names.js';
import type { Spec } from '../types.js';
import {
  SQL_JOB_GLUE_VERSION,
  sqlJobArguments,
  type SqlJobDeclarations,
  type SqlJobInput,
  type SqlJobOutput,
} from '../sql-job.js';
import type { Builder } from './builder.js';

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

/**
 * Bookmarks and Spark settings as the Glue arguments they are: --job-bookmark-option
 * job-bookmark-<value>, and one --conf whose later settings are chained with " --conf "
 * (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html). The
 * same option written as glue.bookmarks / glue.sparkConf or as a raw argument gives the same spec.
 */
function glueOptions(b: Builder, p: Pipeline, job: Job): Record<string, string> {
  const out: Record<string, string> = {};
  const bookmark = bookmarkOption(job.config);
  if (bookmark) out[BOOKMARK_ARGUMENT] = bookmark;
  const conf = sparkConf(job.config);
  if (Object.keys(conf).length)
    out[CONF_ARGUMENT] = b.text(p, ['jobs', job.name, 'glue', 'sparkConf'], confArgument(conf));
  return out;
}

export function jobs(b: Builder, p: Pipeline, runner: () => string): void {
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
    spec.DefaultArguments = { ...(spec.DefaultArguments as Record<string, string>), ...glueOptions(b, p, job) };
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
          ...(g.connections?.length
            ? { Connections: { Connections: g.connections.map((c) => b.phys('connection', c)) } }
            : {}),
        },
        tags: b.tags(p, job.config.tags),
      },
      p,
      path,
    );
  }
}

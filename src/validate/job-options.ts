// Glue job options that change results, and Glue connections: bookmark and --conf settings written
// twice must agree; Spark settings the local engine cannot honour are named on local environments
// (never silently run differently); connections are referenced by name, keep credentials in
// Secrets Manager (SECRET_ID), and a job whose data comes through a connection is reported as not
// runnable locally unless it declares a local stand-in.
import type { Diagnostic } from '../model/diagnostics.js';
import {
  bookmarkOption,
  bookmarkProblems,
  localConf,
  sparkConfProblems,
  sparkConfSources,
} from '../model/job-options.js';
import type { Job, Pipeline } from '../model/project.js';
import type { ConnectionConfig } from '../model/schema.js';
import { INLINE_SECRET_PROPERTIES } from '../planner/desired/connections.js';
import type { ValidationContext } from './context.js';

/** ConnectionProperties each connection type needs (Glue API, ConnectionInput). */
const REQUIRED_PROPERTIES: Record<ConnectionConfig['type'], string[]> = {
  JDBC: ['JDBC_CONNECTION_URL'],
  KAFKA: ['KAFKA_BOOTSTRAP_SERVERS'],
  MONGODB: ['CONNECTION_URL'],
  NETWORK: [],
};

export function checkJobOptions(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const local = ctx.env.target === 'local';
  const connections = new Map<string, ConnectionConfig>();
  for (const p of ctx.project.pipelines)
    for (const [name, c] of Object.entries(p.config.connections ?? {})) connections.set(name, c);

  for (const p of ctx.project.pipelines) {
    out.push(...checkConnections(p));
    for (const job of p.jobs) {
      const d = (
        path: readonly (string | number)[],
        message: string,
        rule: string,
        severity: Diagnostic['severity'] = 'error',
      ) => out.push(p.source.diagnostic([...job.path, ...path], `job ${job.name}: ${message}`, rule, { severity }));
      for (const problem of bookmarkProblems(job.config)) d(problem.path, problem.message, 'job-bookmarks');
      for (const problem of sparkConfProblems(job.config)) d(problem.path, problem.message, 'job-spark-conf');
      checkBookmarkedInputs(job, d, local);
      if (local)
        for (const [where, args] of [
          ['arguments', job.config.arguments],
          ['glue.extraArguments', job.config.glue?.extraArguments],
        ] as const)
          for (const sub of ['--job-bookmark-from', '--job-bookmark-to'])
            if (args?.[sub] !== undefined)
              d(
                [...where.split('.'), sub],
                `${sub} is not supported by the local target (its bookmark keeps no per-run history): local runs of this job fail`,
                'local-bookmarks',
                'warning',
              );
      if (local)
        for (const [key, sources] of Object.entries(sparkConfSources(job.config))) {
          const how = localConf(key, sources[0]!.value);
          if ('honoured' in how && !how.honoured)
            d(
              sources[0]!.path,
              `--conf ${key}=${sources[0]!.value} is not honoured by the local target: ${how.why}; local results may differ from Glue's`,
              'local-spark-conf',
              'warning',
            );
        }
      (job.config.glue?.connections ?? []).forEach((name, i) => {
        const c = connections.get(name);
        if (!c) {
          d(
            ['glue', 'connections', i],
            `uses connection "${name}", which no pipeline declares under connections: (declared: ${[...connections.keys()].join(', ') || 'none'})`,
            'ref-connection',
          );
          return;
        }
        // A NETWORK connection only places the job in a VPC; a SQL job reads its declared inputs only.
        if (local && c.type !== 'NETWORK' && job.kind === 'script' && !job.config.localSql)
          d(
            ['glue', 'connections', i],
            `not runnable locally: its script reads through connection "${name}" (${c.type}), which has no local engine; ` +
              'declare localSql + localOutput on the job as its local stand-in (the run uses them instead of the script)',
            'local-connection',
            'warning',
          );
      });
    }
  }
  return out;
}

function checkBookmarkedInputs(
  job: Job,
  d: (path: readonly (string | number)[], message: string, rule: string, severity?: Diagnostic['severity']) => void,
  local: boolean,
): void {
  const option = bookmarkOption(job.config);
  if (!option || option === 'job-bookmark-disable') return;
  (job.config.inputs ?? []).forEach((input, i) => {
    if (input.path && input.partitioned)
      d(
        ['inputs', i, 'partitioned'],
        `input "${input.name}" is read with job bookmarks, and Glue's bookmarked S3 read (a DynamicFrame) adds no key=value partition columns; set partitioned: false or read it as a catalog table`,
        'job-bookmarks',
      );
  });
  if (job.kind === 'script' && !job.config.localSql && local)
    d(
      ['glue'],
      "has job bookmarks, but its script runs locally without Glue's bookmark service and reads every file on each run; declare localSql + localOutput to run with local bookmarks",
      'local-bookmarks',
      'warning',
    );
}

function checkConnections(p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, c] of Object.entries(p.config.connections ?? {})) {
    const at = ['connections', name];
    const props = c.connectionProperties ?? {};
    for (const key of Object.keys(props))
      if (INLINE_SECRET_PROPERTIES.includes(key))
        out.push(
          p.source.diagnostic(
            [...at, 'connectionProperties', key],
            `connection ${name}: ${key} holds a credential in pipeline.yaml; store the credentials in AWS Secrets Manager and set SECRET_ID to the secret's name instead`,
            'connection-secret',
            { key: true },
          ),
        );
    for (const key of REQUIRED_PROPERTIES[c.type])
      if (!props[key])
        out.push(
          p.source.diagnostic(
            at,
            `connection ${name}: a ${c.type} connection needs connectionProperties.${key}`,
            'connection-shape',
            {
              key: true,
            },
          ),
        );
    const pcr = c.physicalConnectionRequirements;
    if (c.type === 'NETWORK' && (!pcr?.subnetId || !pcr.securityGroupIds?.length))
      out.push(
        p.source.diagnostic(
          at,
          `connection ${name}: a NETWORK connection needs physicalConnectionRequirements.subnetId and securityGroupIds`,
          'connection-shape',
          { key: true },
        ),
      );
  }
  return out;
}

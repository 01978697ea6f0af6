// Desired AWS state of one environment, derived from the model alone (no AWS calls): S3
// artifacts, Glue databases/jobs/crawlers/workflows/triggers, state machines, EventBridge buses,
// rules and targets, Scheduler schedules and Athena views. Specs use the AWS API field names so
// the diff compares them with what AWS returns and apply sends them as they are. Each kind is
// built by its own module under desired/.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../model/diagnostics.js';
import type { Environment } from '../model/environment.js';
import type { Project } from '../model/project.js';
import { artifactPrefix, scheduleGroupName, type AccountContext } from './names.js';
import type { DesiredResource } from './types.js';
import { SQL_RUNNER_SCRIPT } from './sql-job.js';
import { Builder } from './desired/builder.js';
import { jobs } from './desired/jobs.js';
import { crawlers, databases, workflow } from './desired/glue.js';
import { stateMachine } from './desired/state-machine.js';
import { events, schedules } from './desired/events.js';
import { views } from './desired/views.js';
import { tables } from './desired/tables.js';
import { externalResourceKeys } from './external.js';
import { keyOf } from './types.js';

export { GLUE_DEFAULTS } from './desired/jobs.js';
export { ownershipParameters } from './desired/builder.js';
export { viewBody } from './desired/views.js';

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
    tables(b, p);
  }
  // Resources owned elsewhere are never desired: validate reports the clash, and a deploy that
  // skipped validate stops here, before anything is read or written.
  const external = externalResourceKeys(env);
  for (const r of b.resources.values())
    if (external.has(keyOf(r))) {
      const p = project.pipelines.find((x) => x.name === r.pipeline);
      const diag = {
        file: r.file ?? 'lakeops.yaml',
        line: r.line ?? 1,
        column: 1,
        severity: 'error' as const,
        message: `${r.kind} ${r.name} is listed under external: (owned elsewhere) and also declared${p ? ` by pipeline ${p.name}` : ''}; lakeops never creates, updates or deletes an external resource`,
        rule: 'external-conflict',
      };
      b.problems.push(diag);
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

// What `deploy --env local` registers, and how it differs from the last local deployment: every
// resource the pipelines declare, with its physical name and the normalised configuration it is
// compared by (SQL and ASL text resolved, so a changed file is an update). The last deployment is
// .lakeops/<env>/deployed.json.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
// microdiff: field-by-field differences between the deployed and the desired configuration.
import diff from 'microdiff';
import { substitute, substitutionsFor, type Environment, type ResourceKind } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { FieldDiff, ResourceChange } from '../../report/model.js';
import { stateDir } from './history.js';

export interface DesiredResource {
  kind: ResourceKind;
  /** Physical name (views and tables: database.name). */
  name: string;
  logical: string;
  pipeline: string;
  file: string;
  line: number;
  config: unknown;
  /** Why the local target treats it specially, shown in the plan. */
  note?: string;
}

export interface DeployedState {
  env: string;
  deployedAt: string;
  resources: Record<string, Omit<DesiredResource, 'file' | 'line' | 'note'>>;
  /** Views whose tables did not exist yet; the engine creates them after the crawl. */
  deferredViews: string[];
}

const resourceKey = (r: { kind: string; name: string }) => `${r.kind}:${r.name}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function readText(project: Project, file: string): string {
  try {
    return readFileSync(join(project.root, file), 'utf8');
  } catch {
    return '';
  }
}

/** Every resource the project declares for the environment. */
export function desiredResources(project: Project, env: Environment): DesiredResource[] {
  const out: DesiredResource[] = [];
  // Declared databases get the environment's prefix; a name no pipeline declares is used as is.
  const database = (n: string) =>
    project.pipelines.some((p) => p.config.databases?.[n] !== undefined) ? env.physicalName('database', n) : n;
  for (const p of project.pipelines) {
    const values = substitutionsFor(project, env, p);
    const resolved = (text: string) => substitute(text, values).text;
    const add = (
      kind: ResourceKind,
      logical: string,
      path: (string | number)[],
      config: unknown,
      note?: string,
      name?: string,
    ) =>
      out.push({
        kind,
        name: name ?? env.physicalName(kind, logical),
        logical,
        pipeline: p.name,
        file: p.source.path,
        line: p.source.locate(path, { key: true }).line,
        config: JSON.parse(resolved(JSON.stringify(config ?? {}))),
        ...(note ? { note } : {}),
      });
    const c = p.config;
    for (const [n, d] of Object.entries(c.databases ?? {})) add('database', n, ['databases', n], d);
    for (const job of p.jobs) {
      const sqlFiles = [
        ...new Set([...job.outputs.map((o) => o.sql), job.config.localSql].filter(Boolean) as string[]),
      ];
      const scripts = [job.config.script].filter(Boolean) as string[];
      add('job', job.name, job.path as (string | number)[], {
        ...job.config,
        contents: Object.fromEntries([...sqlFiles, ...scripts].map((f) => [f, sha256(readText(project, f))])),
      });
    }
    for (const [n, cr] of Object.entries(c.crawlers ?? {})) add('crawler', n, ['crawlers', n], cr);
    if (c.workflow && p.workflowName) {
      const { triggers, ...wf } = c.workflow;
      add('workflow', p.workflowName, ['workflow'], wf);
      for (const [n, t] of Object.entries(triggers))
        add(
          'trigger',
          n,
          ['workflow', 'triggers', n],
          t,
          t.type === 'SCHEDULED' ? 'runs on demand locally (lakeops run)' : undefined,
        );
    }
    if (c.stateMachine && p.stateMachineName && p.definitionFile) {
      let definition: unknown = readText(project, p.definitionFile);
      try {
        definition = JSON.parse(resolved(definition as string));
      } catch {
        /* loadDefinition reports bad JSON with its position at run time */
      }
      add('stateMachine', p.stateMachineName, ['stateMachine'], { ...c.stateMachine, definition });
    }
    for (const [n, b] of Object.entries(c.eventBuses ?? {})) add('eventBus', n, ['eventBuses', n], b);
    for (const [n, r] of Object.entries(c.rules ?? {}))
      add('rule', n, ['rules', n], r, r.schedule ? 'schedule rules do not fire locally; use lakeops run' : undefined);
    for (const [n, s] of Object.entries(c.schedules ?? {}))
      add('schedule', n, ['schedules', n], s, 'schedules do not fire locally; use lakeops run');
    for (const [n, v] of Object.entries(c.views ?? {}))
      add(
        'view',
        n,
        ['views', n],
        { ...v, query: resolved(readText(project, v.sql)) },
        undefined,
        `${database(v.database)}.${n}`,
      );
    // Declared tables (declared-tables.ts): what local plan and deploy list; the catalog tables are
    // created by the engine.
    for (const t of p.tables)
      add(
        'table',
        t.name,
        t.path as (string | number)[],
        t.config,
        t.config.format === 'orc' || t.config.format === 'avro'
          ? `${t.config.format} tables are not created locally`
          : undefined,
        `${database(t.database)}.${t.name}`,
      );
  }
  return out;
}

export function deployedFile(root: string, env: string): string {
  return join(stateDir(root, env), 'deployed.json');
}

/** True when `v` has the shape writeDeployed gives deployed.json. */
function isDeployedState(v: unknown, env: string): v is DeployedState {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const resources = o.resources as Record<string, unknown> | undefined;
  return (
    o.env === env &&
    typeof o.deployedAt === 'string' &&
    !!resources &&
    typeof resources === 'object' &&
    !Array.isArray(resources) &&
    Object.values(resources).every(
      (r) =>
        !!r &&
        typeof r === 'object' &&
        typeof (r as { kind?: unknown }).kind === 'string' &&
        typeof (r as { name?: unknown }).name === 'string',
    ) &&
    Array.isArray(o.deferredViews) &&
    o.deferredViews.every((d) => typeof d === 'string')
  );
}

/**
 * The last local deployment, or undefined when there is none. A file that is not valid JSON or
 * not in deployed.json's shape is kept aside (deployed.json.corrupt-<time>), reported through
 * `warn`, and treated as no deployment: the next run redeploys from the files, which rebuilds it
 * (databases and views are created idempotently; the lake's data is not touched).
 */
export function readDeployed(root: string, env: string, warn?: (message: string) => void): DeployedState | undefined {
  const file = deployedFile(root, env);
  if (!existsSync(file)) return undefined;
  let problem: string;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isDeployedState(parsed, env)) return parsed;
    problem = 'it is not in the shape lakeops writes';
  } catch (e) {
    problem = `it is not valid JSON (${(e as Error).message})`;
  }
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '')}`;
  try {
    renameSync(file, aside);
  } catch {
    // another reader moved it first; the warning still stands
  }
  warn?.(
    `warning: the local deployment record ${relative(root, file)} is corrupt (${problem}); kept as ${relative(root, aside)} and rebuilt by redeploying from the files`,
  );
  return undefined;
}

export function writeDeployed(root: string, state: DeployedState): void {
  const file = deployedFile(root, state.env);
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

function fieldDiffs(before: unknown, after: unknown): FieldDiff[] {
  if (typeof before !== 'object' || typeof after !== 'object' || !before || !after)
    return before === after ? [] : [{ path: '', before, after }];
  return diff(before as Record<string, unknown>, after as Record<string, unknown>).map((d) => ({
    path: d.path.join('.'),
    ...(d.type !== 'CREATE' ? { before: d.oldValue } : {}),
    ...(d.type !== 'REMOVE' ? { after: d.value } : {}),
  }));
}

/** The changes a deploy would make, against the last local deployment. */
export function planChanges(
  desired: DesiredResource[],
  deployed: DeployedState | undefined,
  pipelines?: string[],
): ResourceChange[] {
  const wanted = pipelines ? new Set(pipelines) : undefined;
  const changes: ResourceChange[] = [];
  const seen = new Set<string>();
  for (const r of desired) {
    if (wanted && !wanted.has(r.pipeline)) continue;
    const key = resourceKey(r);
    seen.add(key);
    const before = deployed?.resources[key];
    const diffs = before ? fieldDiffs(before.config, r.config) : [];
    changes.push({
      kind: r.kind,
      name: r.name,
      logical: r.logical,
      pipeline: r.pipeline,
      file: r.file,
      line: r.line,
      action: !before ? 'create' : diffs.length ? 'update' : 'noop',
      diffs,
      ...(r.note ? { reason: r.note } : {}),
    });
  }
  for (const [key, r] of Object.entries(deployed?.resources ?? {})) {
    if (seen.has(key) || (wanted && !wanted.has(r.pipeline))) continue;
    changes.push({ kind: r.kind, name: r.name, logical: r.logical, pipeline: r.pipeline, action: 'delete', diffs: [] });
  }
  return changes;
}

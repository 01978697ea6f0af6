// Which pipeline each resource goes to: a Glue workflow with its triggers, the jobs and crawlers
// they start or watch, and the rules and schedules that start it; a state machine with the rules
// and schedules that start it and the jobs, crawlers and buses its definition names; databases
// with the first pipeline whose crawlers or SQL jobs use them, and so do the other crawlers and
// jobs of those databases. What is left becomes one pipeline per resource, or one pipeline named
// by --pipeline.
import { minimatch } from 'minimatch'; // the --select globs, as elsewhere (crawler exclusions)
import { eventBusArn } from '../planner/names.js';
import { keyOf } from '../planner/types.js';
import type { ImportContext } from './context.js';
import { crawlerDatabase } from './crawlers.js';
import { ruleTarget } from './events.js';
import { sqlJobDatabases } from './glue-jobs.js';
import { pipelineName } from './names.js';
import type { Found } from './read.js';
import { scheduleTarget } from './schedules.js';
import { definitionStrings } from './state-machine.js';
import { triggerMembers } from './workflow.js';
import type { SkippedResource } from './types.js';

export interface Group {
  pipeline: string;
  members: Found[];
}

export interface GroupOptions {
  /** Leftovers go together into this pipeline. */
  pipeline?: string;
  /** Only pipelines holding a resource matching one of these (kind:name or name globs). */
  select?: string[];
  /** The pipeline a resource belonged to when lakeops deployed it (its folder is gone). */
  hint?: (f: Found) => string | undefined;
}

const kindOrder = ['workflow', 'stateMachine'] as const;

export function groupResources(
  c: ImportContext,
  candidates: Found[],
  opts: GroupOptions,
): { groups: Group[]; skipped: SkippedResource[] } {
  const byKey = new Map(candidates.map((f) => [keyOf({ kind: f.kind, name: f.physical }), f]));
  const get = (kind: Found['kind'], physical: string) => byKey.get(keyOf({ kind, name: physical }));
  const claimed = new Set<string>();
  const skipped: SkippedResource[] = [];
  const groups: Group[] = [];
  const used = new Set<string>();
  const uniqueName = (base: string) => {
    let n = base;
    for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
    used.add(n);
    return n;
  };
  const claim = (g: Group, f: Found | undefined) => {
    if (!f) return;
    const key = keyOf({ kind: f.kind, name: f.physical });
    if (claimed.has(key)) return;
    claimed.add(key);
    g.members.push(f);
  };
  const of = (kind: Found['kind']) =>
    candidates.filter((f) => f.kind === kind).sort((a, b) => a.logical.localeCompare(b.logical));

  // What rules and schedules start, resolved once.
  const starters = [...of('rule'), ...of('schedule')].map((f) => {
    const t = f.kind === 'rule' ? ruleTarget(c, f) : scheduleTarget(c, f);
    return { f, t };
  });
  for (const { f, t } of starters) {
    if ('reason' in t) skipped.push({ kind: f.kind, physical: f.physical, reason: t.reason });
    else if (!get(t.starts.kind, t.starts.physical))
      skipped.push({
        kind: f.kind,
        physical: f.physical,
        reason: `the ${t.starts.kind} it starts (${t.starts.physical}) is not imported`,
      });
  }
  const startersOf = (o: Found) =>
    starters.filter(({ t }) => !('reason' in t) && t.starts.kind === o.kind && t.starts.physical === o.physical);
  const databasesOf = (f: Found): string[] =>
    f.kind === 'crawler' ? [crawlerDatabase(f)] : f.kind === 'job' ? sqlJobDatabases(f.actual.spec) : [];

  // Resources a deploy tagged with a pipeline whose folder is gone go back together into it.
  const hinted = new Map<string, Group>();
  const groupFor = (f: Found, fresh: () => Group): Group => {
    const hint = opts.hint?.(f);
    const prior = hint ? hinted.get(hint) : undefined;
    // One state machine and one workflow per pipeline.
    if (prior && !prior.members.some((m) => m.kind === f.kind && (f.kind === 'stateMachine' || f.kind === 'workflow')))
      return prior;
    const g = fresh();
    if (hint && !prior) hinted.set(hint, g);
    return g;
  };
  for (const kind of kindOrder)
    for (const o of of(kind)) {
      const g = groupFor(o, () => {
        const fresh: Group = { pipeline: uniqueName(pipelineName(opts.hint?.(o) ?? o.logical)), members: [] };
        groups.push(fresh);
        return fresh;
      });
      claim(g, o);
      if (kind === 'workflow') {
        for (const t of of('trigger').filter((t) => t.actual.spec.WorkflowName === o.physical)) {
          claim(g, t);
          const m = triggerMembers(t);
          m.jobs.forEach((j) => claim(g, get('job', j)));
          m.crawlers.forEach((cr) => claim(g, get('crawler', cr)));
        }
      } else {
        const strings = definitionStrings(o);
        for (const f of [...of('job'), ...of('crawler'), ...of('database')]) if (strings.has(f.physical)) claim(g, f);
        for (const b of of('eventBus'))
          if (strings.has(b.physical) || strings.has(eventBusArn(c.ctx, b.physical))) claim(g, b);
      }
      for (const { f } of startersOf(o)) {
        claim(g, f);
        const bus = f.kind === 'rule' ? String(f.actual.spec.EventBusName ?? 'default') : 'default';
        if (bus !== 'default') claim(g, get('eventBus', bus));
      }
    }
  // Databases go with the first pipeline that uses them.
  for (const g of groups)
    for (const f of [...g.members]) for (const db of databasesOf(f)) claim(g, get('database', db));

  // Triggers outside any workflow cannot be expressed.
  for (const t of of('trigger'))
    if (!claimed.has(keyOf({ kind: 'trigger', name: t.physical })))
      skipped.push({
        kind: 'trigger',
        physical: t.physical,
        reason: t.actual.spec.WorkflowName
          ? `its workflow ${String(t.actual.spec.WorkflowName)} is not imported`
          : "it belongs to no Glue workflow (lakeops triggers live in a pipeline's workflow)",
      });

  // Leftovers: one pipeline each, or all in --pipeline.
  const shared: Group | undefined = opts.pipeline ? { pipeline: uniqueName(opts.pipeline), members: [] } : undefined;
  for (const kind of ['job', 'crawler', 'eventBus', 'database'] as const)
    for (const f of of(kind)) {
      if (claimed.has(keyOf({ kind, name: f.physical }))) continue;
      // A crawler or job of a database a pipeline holds joins that pipeline.
      const dbs = new Set(databasesOf(f));
      const near = groups.find((x) => x.members.some((m) => m.kind === 'database' && dbs.has(m.physical)));
      const hint = opts.hint?.(f);
      const g =
        (hint ? hinted.get(hint) : undefined) ??
        near ??
        shared ??
        groupFor(f, () => {
          const fresh: Group = { pipeline: uniqueName(pipelineName(opts.hint?.(f) ?? f.logical)), members: [] };
          groups.push(fresh);
          return fresh;
        });
      claim(g, f);
      for (const db of databasesOf(f)) claim(g, get('database', db));
    }
  if (shared?.members.length) groups.push(shared);
  // Views live in their database's pipeline.
  for (const v of of('view')) {
    const db = String(v.actual.spec.DatabaseName);
    const g = groups.find((x) => x.members.some((f) => f.kind === 'database' && f.physical === db));
    if (g) claim(g, v);
    else skipped.push({ kind: 'view', physical: v.physical, reason: `its database ${db} is not imported` });
  }

  const selected = opts.select?.length ? groups.filter((g) => g.members.some((f) => matches(opts.select!, f))) : groups;
  return { groups: selected.sort((a, b) => a.pipeline.localeCompare(b.pipeline)), skipped };
}

/** A --select pattern: NAME, KIND:NAME or PIPELINE globs against physical and logical names. */
function matches(patterns: string[], f: Found): boolean {
  return patterns.some((p) => {
    const colon = p.indexOf(':');
    const [kind, glob] = colon > 0 ? [p.slice(0, colon), p.slice(colon + 1)] : [undefined, p];
    if (kind && kind !== f.kind) return false;
    return minimatch(f.physical, glob) || minimatch(f.logical, glob);
  });
}

// Desired vs actual, resource by resource: create / update / delete / noop / conflict with the
// fields that differ (dotted paths). Ownership decides what may be touched: a same-name resource
// without this project's and environment's marks is a conflict unless adopted, and only owned
// resources are ever deleted.
import diff from 'microdiff'; // structural diff with paths, so each changed field is listed on its own
import type { FieldDiff, ResourceChange } from '../report/model.js';
import { IMMUTABLE_FIELDS, normalise, specHash } from './normalise.js';
import type { DeployRecord } from './record.js';
import { keyOf, type ActualResource, type DesiredResource, type ManagedKind, type PlannedChange } from './types.js';

export interface PlanInput {
  desired: DesiredResource[];
  actual: Map<string, ActualResource>;
  /** Pipelines in scope: deletions are limited to resources owned by them. */
  pipelines: string[];
  /** All of the project's pipelines are in scope (no --pipeline filter): resources of removed pipelines may be deleted. */
  allPipelines: boolean;
  adopt?: boolean;
  record?: DeployRecord;
}

/** Kinds never deleted: artifacts are kept for rollback; the schedule group holds every pipeline's schedules. */
const NEVER_DELETED: ReadonlySet<ManagedKind> = new Set(['artifact', 'scheduleGroup']);

function pathText(path: (string | number)[]): string {
  return path.map(String).join('.');
}

export function fieldDiffs(before: unknown, after: unknown): FieldDiff[] {
  return diff(before as Record<string, unknown>, after as Record<string, unknown>).map((d) => {
    const fd: FieldDiff = { path: pathText(d.path) };
    if (d.type !== 'CREATE') fd.before = d.oldValue;
    if (d.type !== 'REMOVE') fd.after = d.value;
    return fd;
  });
}

function tagDiffs(desired: Record<string, string>, actual: Record<string, string> | undefined): FieldDiff[] {
  if (!actual) return [];
  // Tags someone else added are theirs: only the tags lakeops sets are compared.
  return Object.keys(desired)
    .sort()
    .filter((k) => actual[k] !== desired[k])
    .map((k) => ({ path: `Tags.${k}`, before: actual[k], after: desired[k] }));
}

function base(r: DesiredResource | ActualResource, origin?: DesiredResource): ResourceChange {
  const o = origin ?? (r as DesiredResource);
  const c: ResourceChange = { kind: r.kind, name: r.name, action: 'noop', diffs: [] };
  if (o.logical !== undefined) c.logical = o.logical;
  if (o.pipeline !== undefined) c.pipeline = o.pipeline;
  if (o.file !== undefined) c.file = o.file;
  if (o.line !== undefined) c.line = o.line;
  return c;
}

export function planResource(d: DesiredResource, a: ActualResource | undefined, input: PlanInput): PlannedChange {
  const change = base(d);
  if (!a) {
    change.action = 'create';
    return { change, desired: d };
  }
  if (d.kind === 'artifact') return { change, desired: d, actual: a }; // content-addressed: existing = identical

  const want = normalise(d.kind, d.spec);
  const have = normalise(a.kind, a.spec);
  const diffs = fieldDiffs(have, want);
  const recorded = input.record?.resources[keyOf(d)];
  const actualTags = a.tags ?? (a.owned ? recorded?.tags : undefined);
  const tags = tagDiffs(d.tags, actualTags);

  if (a.owned === false) {
    if (!input.adopt) {
      change.action = 'conflict';
      change.diffs = diffs;
      change.reason =
        `a ${d.kind} named "${d.name}" exists without this project's lakeops:project/lakeops:env tags; ` +
        'it is left alone (rename the resource in the pipeline, remove the existing one, or deploy with --adopt to take it over)';
      return { change, desired: d, actual: a };
    }
    change.action = 'update';
    change.diffs = [...diffs, ...tagDiffs(d.tags, a.tags ?? {})];
    change.reason = 'adopt: take over the existing resource and tag it';
    return { change, desired: d, actual: a, retag: true };
  }

  if (diffs.length === 0 && tags.length === 0) return { change, desired: d, actual: a };
  change.action = 'update';
  change.diffs = [...diffs, ...tags];
  if (recorded && diffs.length && specHash(have) !== recorded.spec) {
    change.drift = true;
    change.reason = 'changed outside lakeops since the last deploy; deploy restores the definition';
  }
  const immutable = (IMMUTABLE_FIELDS[d.kind] ?? []).filter((f) =>
    diffs.some((x) => x.path === f || x.path.startsWith(`${f}.`)),
  );
  const replace = immutable.length > 0;
  if (replace) change.reason = `${immutable.join(', ')} cannot change in place: deploy deletes and re-creates it`;
  return { change, desired: d, actual: a, replace, retag: tags.length > 0 };
}

/** Resources that live inside another: writing into a container that is not ours is a conflict too. */
const CONTAINERS: { kind: ManagedKind; in: ManagedKind; field: string }[] = [
  { kind: 'schedule', in: 'scheduleGroup', field: 'GroupName' },
  { kind: 'view', in: 'database', field: 'DatabaseName' },
  { kind: 'table', in: 'database', field: 'DatabaseName' },
  { kind: 'rule', in: 'eventBus', field: 'EventBusName' },
];

function containedConflicts(out: PlannedChange[]): void {
  const conflicted = new Set(out.filter((p) => p.change.action === 'conflict').map((p) => keyOf(p.change)));
  if (!conflicted.size) return;
  for (const p of out) {
    const c = CONTAINERS.find((x) => x.kind === p.change.kind);
    if (!c || !p.desired || (p.change.action !== 'create' && p.change.action !== 'update')) continue;
    const container = `${c.in}:${String(p.desired.spec[c.field])}`;
    if (!conflicted.has(container)) continue;
    p.change.action = 'conflict';
    p.change.reason = `its ${c.in} ${String(p.desired.spec[c.field])} exists without this project's lakeops tags; nothing is written into it (deploy with --adopt to take it over)`;
  }
}

export function computePlan(input: PlanInput): PlannedChange[] {
  const out: PlannedChange[] = [];
  const desiredKeys = new Set<string>();
  for (const d of input.desired) {
    desiredKeys.add(keyOf(d));
    out.push(planResource(d, input.actual.get(keyOf(d)), input));
  }
  containedConflicts(out);
  for (const [key, a] of input.actual) {
    if (desiredKeys.has(key) || a.owned !== true || NEVER_DELETED.has(a.kind)) continue;
    // With a --pipeline filter only the selected pipelines' resources may go.
    const inScope = input.allPipelines || (a.pipeline !== undefined && input.pipelines.includes(a.pipeline));
    if (!inScope) continue;
    const change = base(a, { kind: a.kind, name: a.name, spec: {}, tags: {}, pipeline: a.pipeline });
    change.action = 'delete';
    change.reason =
      a.pipeline && !input.pipelines.includes(a.pipeline)
        ? `pipeline "${a.pipeline}" no longer exists`
        : 'no longer in the pipeline definitions';
    const keep = typeof a.extra?.keep === 'string' ? a.extra.keep : undefined;
    if (keep) change.reason = `${change.reason}; ${keep}`;
    out.push({ change, actual: a, ...(keep ? { keep: true } : {}) });
  }
  return out;
}

export function summarise(changes: ResourceChange[]): Record<ResourceChange['action'], number> {
  const s = { create: 0, update: 0, delete: 0, noop: 0, conflict: 0 };
  for (const c of changes) s[c.action]++;
  return s;
}

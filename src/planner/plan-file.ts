// Saved plans (`lakeops plan --out plan.json`, `lakeops deploy --plan plan.json`). The file holds
// every change, a fingerprint of each live resource the plan read, the commit and tree it was
// planned from, the environment and the tool version, and a SHA-256 checksum over all of that so
// a truncated or hand-edited file is refused. Deploy never takes resource definitions from the
// file: it re-plans from the checked-out model, refuses when the model (tree) or any resource the
// saved plan touches has moved, and then applies only the saved plan's changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pkg from '../../package.json' with { type: 'json' };
import type { ResourceChange } from '../report/model.js';
import { clean, normalise } from './normalise.js';
import { keyOf, type ActualResource, type DesiredResource, type PlannedChange } from './types.js';

export const PLAN_FORMAT = 'lakeops-plan/1';
export const TOOL_VERSION: string = (pkg as { version: string }).version;

export interface GitState {
  /** HEAD commit, or null outside a git checkout. */
  commit: string | null;
  /** HEAD's tree: equal trees mean equal files, whatever the merge strategy made of the commit. */
  tree: string | null;
}

export interface SavedPlan {
  format: typeof PLAN_FORMAT;
  toolVersion: string;
  project: string;
  env: string;
  git: GitState;
  createdAt: string;
  /** --pipeline filter the plan was made with (deploy uses the same). */
  pipelines?: string[];
  changes: ResourceChange[];
  /** resource key -> fingerprint of the live resource as read ("absent" when it did not exist). */
  fingerprints: Record<string, string>;
  /** resource key -> fingerprint of the desired definition of each changed resource. */
  desired: Record<string, string>;
  /** sha256 of the canonical JSON of every field above. */
  checksum: string;
}

/** A saved plan that cannot be used as given (exit 2: a usage or input error, nothing written). */
export class PlanFileError extends Error {
  readonly code = 'PlanFileInvalid';
}

/** The saved plan no longer matches AWS or the checkout (exit 1: the deploy was refused, nothing written). */
export class StalePlanError extends Error {
  readonly code = 'StalePlan';
  constructor(
    message: string,
    readonly moved: string[],
  ) {
    super(message);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level, so the checksum does not depend on key order. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

function normalisedOrRaw(r: ActualResource | DesiredResource): unknown {
  try {
    return normalise(r.kind, r.spec);
  } catch {
    return clean(r.spec); // delete candidates are read without a definition
  }
}

export function fingerprintActual(a: ActualResource | undefined): string {
  if (!a) return 'absent';
  return sha256(canonicalJson({ spec: normalisedOrRaw(a), tags: a.tags ?? null, owned: a.owned ?? null }));
}

export function fingerprintDesired(d: DesiredResource | undefined): string {
  if (!d) return 'none';
  const body = d.body ? sha256(Buffer.from(d.body).toString('base64')) : null;
  return sha256(canonicalJson({ spec: normalisedOrRaw(d), tags: d.tags, body }));
}

export function gitState(root: string): GitState {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  return { commit: git('rev-parse', 'HEAD'), tree: git('rev-parse', 'HEAD^{tree}') };
}

export interface PlanSnapshot {
  project: string;
  env: string;
  pipelines?: string[];
  changes: PlannedChange[];
  actual: Map<string, ActualResource>;
  git: GitState;
  now?: Date;
}

export function buildSavedPlan(s: PlanSnapshot): SavedPlan {
  const fingerprints: Record<string, string> = {};
  for (const [key, a] of [...s.actual].sort(([x], [y]) => (x < y ? -1 : 1))) fingerprints[key] = fingerprintActual(a);
  const desired: Record<string, string> = {};
  for (const p of s.changes) {
    const key = keyOf(p.change);
    if (!(key in fingerprints)) fingerprints[key] = fingerprintActual(p.actual);
    if (p.change.action !== 'noop') desired[key] = fingerprintDesired(p.desired);
  }
  const body: Omit<SavedPlan, 'checksum'> = {
    format: PLAN_FORMAT,
    toolVersion: TOOL_VERSION,
    project: s.project,
    env: s.env,
    git: s.git,
    createdAt: (s.now ?? new Date()).toISOString(),
    ...(s.pipelines?.length ? { pipelines: s.pipelines } : {}),
    changes: s.changes.map((p) => p.change),
    fingerprints,
    desired,
  };
  return { ...body, checksum: sha256(canonicalJson(body)) };
}

export function serialiseSavedPlan(p: SavedPlan): string {
  return JSON.stringify(p, null, 2) + '\n';
}

/** Reads and checks a plan file: format, checksum, project, environment and tool version. */
export function loadSavedPlan(path: string, expect: { project: string; env: string }): SavedPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PlanFileError(`cannot read the plan file ${path}: ${(e as Error).message}`);
  }
  let parsed: SavedPlan;
  try {
    parsed = JSON.parse(text) as SavedPlan;
  } catch (e) {
    throw new PlanFileError(
      `the plan file ${path} is not valid JSON (${(e as Error).message}); it may be truncated. ` +
        'Make a new one with lakeops plan --out',
    );
  }
  if (!parsed || typeof parsed !== 'object' || parsed.format !== PLAN_FORMAT)
    throw new PlanFileError(`${path} is not a lakeops plan file (expected format "${PLAN_FORMAT}")`);
  const { checksum, ...body } = parsed;
  if (typeof checksum !== 'string' || sha256(canonicalJson(body)) !== checksum)
    throw new PlanFileError(
      `the plan file ${path} fails its checksum: it was edited or truncated after lakeops plan wrote it. ` +
        'Nothing was deployed; make a new plan with lakeops plan --out',
    );
  if (parsed.toolVersion !== TOOL_VERSION)
    throw new PlanFileError(
      `the plan file ${path} was made by lakeops ${parsed.toolVersion}; this is lakeops ${TOOL_VERSION}. ` +
        'Plan again with this version',
    );
  if (parsed.project !== expect.project || parsed.env !== expect.env)
    throw new PlanFileError(
      `the plan file ${path} is for ${parsed.project}/${parsed.env}, not ${expect.project}/${expect.env}; ` +
        `deploy it with --env ${parsed.env} or plan again for ${expect.env}`,
    );
  return parsed;
}

/**
 * Compares a saved plan with a fresh plan of the same checkout. Throws StalePlanError naming each
 * resource that moved (live fingerprint or desired definition changed, or its action changed);
 * returns the fresh plan's entries for exactly the saved plan's changes.
 */
export function checkSavedPlan(
  saved: SavedPlan,
  now: { git: GitState; changes: PlannedChange[]; actual: Map<string, ActualResource> },
): PlannedChange[] {
  if (saved.git.tree && saved.git.tree !== now.git.tree)
    throw new StalePlanError(
      `the plan was made from commit ${saved.git.commit} but this checkout is ${now.git.commit ?? '(not a git checkout)'} ` +
        'with different files; nothing was deployed. Plan again from this commit',
      [],
    );
  const fresh = new Map(now.changes.map((p) => [keyOf(p.change), p]));
  const moved: string[] = [];
  const apply: PlannedChange[] = [];
  for (const c of saved.changes) {
    if (c.action === 'noop') continue;
    const key = keyOf(c);
    const p = fresh.get(key);
    const live = fingerprintActual(now.actual.get(key) ?? p?.actual);
    const why: string[] = [];
    if (live !== saved.fingerprints[key]) why.push('changed in AWS since the plan');
    if (saved.desired[key] !== undefined && fingerprintDesired(p?.desired) !== saved.desired[key])
      why.push('its definition differs from the planned one');
    if (!p || p.change.action !== c.action)
      why.push(`planned ${c.action}, now ${!p || p.change.action === 'noop' ? 'nothing to do' : p.change.action}`);
    if (why.length) moved.push(`${c.kind} ${c.name} (${why.join('; ')})`);
    else apply.push(p!);
  }
  if (moved.length)
    throw new StalePlanError(
      `the saved plan is stale: ${moved.length} resource(s) it touches moved since it was made: ` +
        `${moved.slice(0, 20).join(', ')}${moved.length > 20 ? `, and ${moved.length - 20} more` : ''}. ` +
        'Nothing was deployed; plan again and review the new plan',
      moved,
    );
  return apply;
}

// `lakeops import`: reads an AWS account (read-only), groups what fits the environment's naming
// pattern into pipelines, converts each resource back to the model (one module per kind), proves
// the result by planning it against what was read (check.ts), and writes the pipeline folders all
// at once (write.ts). Whatever the model cannot express is listed as skipped with the reason.
import { substitutableResources, substitutionsFor, type Environment } from '../model/environment.js';
import type { Project } from '../model/project.js';
import { scheduleGroupName } from '../planner/names.js';
import { keyOf } from '../planner/types.js';
import type { Reader } from '../targets/aws/reader.js';
import { assemble, memberKey } from './assemble.js';
import { explainConfigError, selfCheck } from './check.js';
import { ImportContext } from './context.js';
import { groupResources, type Group } from './group.js';
import { Unsubstituter } from './names.js';
import { readAccount, type Found } from './read.js';
import type { ImportFile, ImportNote, ImportResult, SkippedResource } from './types.js';
import { checkTargets, commit, SECRET_PLACEHOLDER, stage, type Staging } from './write.js';

export interface ImportOptions {
  /** Leftover resources (no workflow or state machine claims them) go together into this pipeline. */
  pipeline?: string;
  /** Only pipelines holding a resource that matches (NAME, KIND:NAME; globs). */
  select?: string[];
  force?: boolean;
  dryRun?: boolean;
}

/** Physical names the project's pipelines already declare, by keyOf, with the declaring pipeline. */
function declared(project: Project, env: Environment): Map<string, string> {
  const out = new Map<string, string>();
  const group = scheduleGroupName(env);
  for (const p of project.pipelines) {
    for (const [kind, logical] of substitutableResources(p))
      if (kind !== 'eventBus' || logical !== 'default')
        out.set(keyOf({ kind, name: env.physicalName(kind, logical) }), p.name);
    for (const t of Object.keys(p.config.workflow?.triggers ?? {}))
      out.set(keyOf({ kind: 'trigger', name: env.physicalName('trigger', t) }), p.name);
    for (const r of Object.keys(p.config.rules ?? {}))
      out.set(keyOf({ kind: 'rule', name: env.physicalName('rule', r) }), p.name);
    for (const [v, view] of Object.entries(p.config.views ?? {}))
      out.set(keyOf({ kind: 'view', name: `${env.physicalName('database', view.database)}.${v}` }), p.name);
    for (const s of Object.keys(p.config.schedules ?? {}))
      out.set(keyOf({ kind: 'schedule', name: `${group}/${env.physicalName('schedule', s)}` }), p.name);
  }
  return out;
}

/**
 * The ${Name}s the imported files may use, in substitutionsFor's order (the first name of a value
 * wins). A name the project already gives another value (a resource of an existing pipeline) is
 * not used: in the merged project it would stand for that value.
 */
function substitutionValues(
  env: Environment,
  account: string,
  members: Found[],
  existing: Map<string, { value: string }>,
): Map<string, string> {
  const m = new Map<string, string>();
  const put = (k: string, v: string) => {
    const theirs = existing.get(k);
    if (!m.has(k) && (!theirs || theirs.value === v)) m.set(k, v);
  };
  for (const [k, v] of Object.entries(env.config.variables ?? {})) put(k, v);
  put('AccountId', account);
  put('Region', env.region);
  for (const alias of Object.keys(env.config.buckets ?? {})) put(alias, env.bucket(alias));
  const named = new Set(['job', 'crawler', 'database', 'eventBus', 'stateMachine', 'workflow']);
  for (const f of members) if (named.has(f.kind) && f.physical !== 'default') put(f.logical, f.physical);
  return m;
}

/** The roles the account's resources run as, per roles: key of lakeops.yaml (for a missing-role message). */
function rolesSeen(found: Found[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  const add = (k: string, v: unknown) => {
    if (typeof v === 'string' && v) m.set(k, (m.get(k) ?? new Set()).add(v));
  };
  for (const f of found) {
    const s = f.actual.spec;
    if (f.kind === 'job') add('glueJob', s.Role);
    if (f.kind === 'crawler') add('crawler', s.Role);
    if (f.kind === 'stateMachine') add('stateMachine', s.roleArn);
    if (f.kind === 'rule') for (const t of (s.Targets as { RoleArn?: string }[]) ?? []) add('events', t.RoleArn);
    if (f.kind === 'schedule') add('scheduler', (s.Target as { RoleArn?: string } | undefined)?.RoleArn);
  }
  return m;
}

export async function importEnvironment(
  project: Project,
  env: Environment,
  reader: Reader,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const snapshot = await readAccount(reader, project.config);
  const skipped: SkippedResource[] = [...snapshot.skipped];
  const left = new Set<string>();
  const leaveOut = (s: SkippedResource) => {
    skipped.push(s);
    left.add(keyOf({ kind: s.kind, name: s.physical }));
  };
  const known = new Set(project.pipelines.map((p) => p.name));
  const existingNames = substitutionsFor(project, env, undefined, reader.ctx.account);
  const inProject = declared(project, env);
  // Who has a resource already: the existing pipeline a deploy tagged it with, or that declares it.
  const holder = (f: Found): SkippedResource | undefined => {
    if (f.actual.owned && f.actual.pipeline && known.has(f.actual.pipeline))
      return { kind: f.kind, physical: f.physical, reason: `already managed by pipeline ${f.actual.pipeline}` };
    const by = inProject.get(memberKey(f));
    return by
      ? {
          kind: f.kind,
          physical: f.physical,
          reason: `already declared by pipeline ${by} (lakeops deploy --adopt takes it over)`,
        }
      : undefined;
  };
  const holderName = (f: Found) =>
    f.actual.owned && f.actual.pipeline && known.has(f.actual.pipeline)
      ? f.actual.pipeline
      : inProject.get(memberKey(f));
  // Without --force what a pipeline has stays there; with it, a pipeline the import rewrites gets
  // its resources back (import again to refresh), the others keep theirs.
  if (!opts.force)
    for (const f of snapshot.found.values()) {
      const h = holder(f);
      if (h) leaveOut(h);
    }
  // A deployed pipeline whose folder is gone: its resources carry its name (with --force, any).
  const hint = (f: Found) =>
    f.actual.owned && f.actual.pipeline && (opts.force || !known.has(f.actual.pipeline))
      ? f.actual.pipeline
      : opts.force
        ? holderName(f)
        : undefined;

  const objects: ConstructorParameters<typeof ImportContext>[6] = new Map();
  let staging: Staging | undefined;
  try {
    // Rounds of group, convert, check: each round that does not finish leaves out at least one more
    // resource, so the rounds end, and what is written always passed the check.
    for (let round = 1; ; round++) {
      if (round > snapshot.found.size + 2) throw new Error('lakeops import did not settle (a bug; please report it)');
      staging?.remove();
      staging = undefined;
      const candidates = [...snapshot.found.values()].filter((f) => !left.has(memberKey(f)));
      const included = new Set<string>();
      const c = new ImportContext(env, reader.ctx, reader, snapshot, included, new Unsubstituter(new Map()));
      const grouped = groupResources(c, candidates, { pipeline: opts.pipeline, select: opts.select, hint });
      grouped.skipped.forEach(leaveOut);
      if (opts.force) {
        const rewritten = new Set(grouped.groups.map((g) => g.pipeline));
        const kept = grouped.groups
          .flatMap((g) => g.members)
          .filter((f) => {
            const by = holderName(f);
            return by !== undefined && !rewritten.has(by);
          });
        kept.forEach((f) => leaveOut(holder(f)!));
        if (kept.length) continue;
      }
      const members = grouped.groups.flatMap((g) => g.members);
      members.forEach((f) => included.add(memberKey(f)));
      const ctx = new ImportContext(
        env,
        reader.ctx,
        reader,
        snapshot,
        included,
        new Unsubstituter(substitutionValues(env, reader.ctx.account, members, existingNames)),
        objects,
      );
      // Refuse before anything is staged: the pipeline folders exist and --force was not given.
      const replace = checkTargets(
        project.root,
        grouped.groups.map((g) => g.pipeline),
        !!opts.force,
      );
      let again = false;
      const kept: Group[] = [];
      for (const g of grouped.groups) {
        const r = await assemble(ctx, g);
        r.skipped.forEach(leaveOut);
        if (r.skipped.length) again = true;
        else kept.push(g);
      }
      if (again) continue;
      const files: ImportFile[] = kept.flatMap((g) => ctx.files.get(g.pipeline) ?? []);
      staging = stage(project.root, env.name, [...files, ...ctx.placeholders], [...ctx.secrets.keys()]);
      let checked;
      try {
        checked = await selfCheck(ctx, staging.dir, SECRET_PLACEHOLDER);
      } catch (e) {
        explainConfigError(e, rolesSeen(candidates));
      }
      if (checked.failures.size) {
        for (const [key, reason] of checked.failures) {
          const f = snapshot.found.get(key);
          // Only what was read can be planned from the staged files; anything else is a converter bug.
          if (!f) throw new Error(`lakeops import: ${key}: ${reason} (a bug; please report it)`);
          leaveOut({ kind: f.kind, physical: f.physical, reason });
        }
        continue;
      }
      const notes: ImportNote[] = [...ctx.notes];
      // What is left to fix by hand (a state machine naming a job that was left out, say).
      const { validateProject } = await import('../validate/index.js');
      const report = await validateProject(staging.dir, { env: env.name });
      for (const d of report.diagnostics.filter((x) => x.severity === 'error'))
        notes.push({ level: 'warning', message: `lakeops validate will report ${d.file}:${d.line}: ${d.message}` });
      if (checked.uploads.length)
        notes.push({
          level: 'info',
          message: `a deploy uploads ${checked.uploads.length} script/SQL artifact(s) that are not yet in the artifacts bucket`,
        });
      const pipelines = kept.map((g) => ({
        name: g.pipeline,
        dir: `pipelines/${g.pipeline}`,
        files: (ctx.files.get(g.pipeline) ?? []).map((f) => f.path).sort(),
        resources: g.members.map((f) => ({
          kind: f.kind,
          physical: f.physical,
          logical: f.logical,
          pipeline: g.pipeline,
        })),
      }));
      if (!opts.dryRun && pipelines.length)
        commit(
          project.root,
          staging,
          pipelines.map((p) => p.name),
          replace.filter((p) => pipelines.some((x) => x.name === p)),
          ctx.placeholders.map((f) => f.path),
        );
      return {
        formatVersion: 1,
        env: env.name,
        account: reader.ctx.account,
        region: env.region,
        pipelines,
        skipped: dedupe(skipped),
        notes,
        dryRun: !!opts.dryRun,
        secretReferences: [...ctx.secrets.keys()].sort(),
      };
    }
  } finally {
    staging?.remove();
  }
}

function dedupe(list: SkippedResource[]): SkippedResource[] {
  const seen = new Set<string>();
  return list
    .filter((s) => {
      const k = `${s.kind}:${s.physical}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.physical.localeCompare(b.physical));
}

export type { ImportResult } from './types.js';

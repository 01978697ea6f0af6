// The import's own proof: the staged pipelines are loaded as a project and planned against what was
// read, field by field, with the planner's own desired-state builder and normalisation. A resource
// whose plan would change anything beyond taking ownership cannot be expressed by the model; it is
// reported and left out. So after an import, `lakeops plan --adopt` shows adoption only.
import { ConfigError, formatDiagnostic, hasErrors } from '../model/diagnostics.js';
import { resolveEnvironment } from '../model/environment.js';
import { loadProject } from '../model/project.js';
import { buildDesiredState } from '../planner/desired.js';
import { fieldDiffs } from '../planner/diff.js';
import { clean, normalise } from '../planner/normalise.js';
import { keyOf } from '../planner/types.js';
import { readArtifacts } from '../targets/aws/read-s3.js';
import type { ImportContext } from './context.js';
import { IMPORT_KINDS, type ImportKind } from './types.js';

/** Fields that move rather than change: lakeops keeps scripts and SQL content-addressed in its artifacts bucket. */
const RELOCATED = [/^Command\.ScriptLocation$/, /^DefaultArguments\.--lakeops_outputs\.\d+\.sql$/];

/** A normalised spec without lakeops' ownership marks (database Parameters, workflow run properties): adoption adds them. */
function withoutMarks(spec: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([k]) => !k.startsWith('lakeops:'))
          .map(([k, x]) => [k, walk(x)]),
      );
    return v;
  };
  return (clean(walk(spec)) as Record<string, unknown> | undefined) ?? {};
}

export interface CheckResult {
  /** keyOf(kind, physical) -> why the model cannot express it. */
  failures: Map<string, string>;
  /** Artifacts a deploy would upload (scripts and SQL not yet at lakeops' keys). */
  uploads: string[];
}

export async function selfCheck(
  c: ImportContext,
  stagingRoot: string,
  /** The value secret references have in the staging project: those fields are the user's to fill. */
  secretPlaceholder: string,
): Promise<CheckResult> {
  const { project, diagnostics } = loadProject(stagingRoot);
  if (!project || hasErrors(diagnostics))
    // The import wrote something the loader rejects: a bug in a converter, never the user's input.
    throw new Error(
      `the imported pipelines do not load:\n${diagnostics
        .filter((d) => d.severity === 'error')
        .map(formatDiagnostic)
        .join('\n')}`,
    );
  // The staging project's environment: its lakeops.yaml gives the secret references their placeholder.
  const desired = buildDesiredState(project, resolveEnvironment(project, c.env.name), { ctx: c.ctx });
  const failures = new Map<string, string>();
  for (const d of desired.resources) {
    if (!(IMPORT_KINDS as readonly string[]).includes(d.kind)) continue;
    const key = keyOf(d);
    const found = c.snapshot.found.get(key);
    if (!found) {
      failures.set(key, 'plan would create it');
      continue;
    }
    const diffs = fieldDiffs(
      withoutMarks(normalise(found.kind, found.actual.spec)),
      withoutMarks(normalise(d.kind, d.spec)),
    ).filter((x) => x.after !== secretPlaceholder);
    const moved = diffs.filter((x) => RELOCATED.some((re) => re.test(x.path)));
    for (const m of moved)
      c.note({
        pipeline: d.pipeline,
        kind: d.kind as ImportKind,
        physical: d.name,
        level: 'info',
        message: `${m.path} moves to a content-addressed key in the artifacts bucket (where lakeops keeps scripts and SQL); a deploy updates the job for that`,
      });
    const changed = diffs.filter((x) => !moved.includes(x));
    if (changed.length) {
      const paths = changed.map((x) => x.path);
      const role = changed.find((x) => /^(Role|roleArn|Targets\.\d+\.RoleArn|Target\.RoleArn)$/.test(x.path));
      if (role && changed.length === 1) {
        failures.set(
          key,
          `it runs as role ${String(role.before)}, but every ${d.kind} of environment ${c.env.name} runs as ${String(role.after)} (roles: in lakeops.yaml)`,
        );
        continue;
      }
      failures.set(
        key,
        `the model cannot express ${paths.slice(0, 4).join(', ')}${paths.length > 4 ? ` and ${paths.length - 4} more` : ''} ` +
          `(a deploy would change ${changed.length === 1 ? 'it' : 'them'})`,
      );
    }
  }
  const artifacts = desired.resources.filter((d) => d.kind === 'artifact').map((d) => d.name);
  const existing = await readArtifacts(c.reader, desired.artifactsBucket, desired.artifactPrefix, artifacts);
  const have = new Set(existing.map((a) => a.name));
  return { failures, uploads: artifacts.filter((a) => !have.has(a)) };
}

/** Re-raised with what to declare: a missing role is a configuration error of the environment. */
export function explainConfigError(e: unknown, roles: Map<string, Set<string>>): never {
  if (e instanceof ConfigError) {
    const m = /declares no roles\.(\w+)/.exec(e.message);
    const seen = m ? [...(roles.get(m[1]!) ?? [])] : [];
    if (seen.length)
      throw new ConfigError(
        `${e.message}. The imported resources use ${seen.join(', ')}; nothing was written`,
        e.diagnostics,
      );
  }
  throw e;
}

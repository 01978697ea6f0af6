// What every validation check shares: the loaded project, the chosen environment, indexes of the
// project's named resources (across all pipelines), the ${Name} values, and read-only, cached
// access to the files the pipelines reference. Checks never write anything.
import type { Diagnostic } from '../model/diagnostics.js';
import {
  BUILTIN_SUBSTITUTIONS,
  substitutableResources,
  substitutionsFor,
  withPipelineSubstitutions,
  SUBSTITUTION_RE,
  type Environment,
  type SubstitutionSource,
} from '../model/environment.js';
import type { Pipeline, Project } from '../model/project.js';
import { readProjectFile } from '../model/safe-read.js';
import type { JsonPath } from '../model/source-file.js';
import { indexTables, knownTables, type TableIndex } from './tables.js';

/** Where a named resource is declared: its pipeline and the path of its key in pipeline.yaml. */
export interface Declaration {
  pipeline: Pipeline;
  path: JsonPath;
}

export type Substitutions = Map<string, { value: string; source: SubstitutionSource }>;

export interface ValidationContext {
  project: Project;
  env: Environment;
  /** Logical names of the project's resources, project-wide. */
  jobs: Map<string, Declaration[]>;
  crawlers: Map<string, Declaration[]>;
  databases: Map<string, Declaration[]>;
  eventBuses: Map<string, Declaration[]>;
  stateMachines: Map<string, Declaration[]>;
  workflows: Map<string, Declaration[]>;
  /** Bucket aliases the chosen environment knows (declared, or on the local target any alias used). */
  bucketAliases: Set<string>;
  /** ${Name} values per pipeline (pipeline-level substitutions take precedence). */
  substitutions(pipeline: Pipeline): Substitutions;
  /** Every source a ${Name} could come from, to spot ambiguous names. */
  substitutionCandidates: Map<string, SubstitutionSource[]>;
  /** The tables the project produces (computed once, on first use). */
  tables(): TableIndex;
  fileExists(rel: string): boolean;
  /** Files that exist but were refused (outside the project, too large, binary): one diagnostic each. */
  refusedFiles: Map<string, Diagnostic>;
  /** The text of a project file (cached), or undefined when it is missing. */
  readText(rel: string): string | undefined;
}

const BUCKET_ALIAS_RE = /^s3:\/\/\$\{([A-Za-z][A-Za-z0-9_.:-]*)\}/;

/**
 * Calls `fn` for every string in a parsed YAML/JSON value, with its path. The path is one array
 * reused for the whole walk (this runs over every pipeline several times): it is valid during the
 * call only, so copy it to keep it.
 */
export function walkStrings(value: unknown, fn: (s: string, path: JsonPath) => void): void {
  const stack: (string | number)[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') fn(v, stack);
    else if (Array.isArray(v))
      for (let i = 0; i < v.length; i++) {
        stack.push(i);
        walk(v[i]);
        stack.pop();
      }
    else if (v && typeof v === 'object')
      for (const k in v as object) {
        stack.push(k);
        walk((v as Record<string, unknown>)[k]);
        stack.pop();
      }
  };
  walk(value);
}

/** The bucket alias an S3 URI names as s3://${alias}/..., if it does. */
export function bucketAliasOf(uri: string): string | undefined {
  return BUCKET_ALIAS_RE.exec(uri)?.[1];
}

export function createContext(project: Project, env: Environment): ValidationContext {
  const index = (pick: (p: Pipeline) => [string, JsonPath][]) => {
    const map = new Map<string, Declaration[]>();
    for (const p of project.pipelines)
      for (const [name, path] of pick(p)) {
        const list = map.get(name) ?? [];
        list.push({ pipeline: p, path });
        map.set(name, list);
      }
    return map;
  };
  const keys = (obj: object | undefined, at: string) =>
    Object.keys(obj ?? {}).map((k): [string, JsonPath] => [k, [at, k]]);

  const bucketAliases = new Set(Object.keys(env.config.buckets ?? {}));
  if (env.target === 'local') {
    // The local target maps an undeclared alias to a folder of that name (Environment.bucket).
    for (const p of project.pipelines)
      walkStrings(p.config, (s) => {
        const alias = bucketAliasOf(s);
        if (alias) bucketAliases.add(alias);
      });
  }

  // The project-wide values are the same for every pipeline: built once (building them per
  // pipeline walks every pipeline's resources for each, quadratic in pipelines). Only a pipeline
  // with its own stateMachine.substitutions gets a map of its own, those taking precedence.
  let shared: Substitutions | undefined;
  const sharedSubstitutions = (): Substitutions => {
    if (!shared) {
      shared = substitutionsFor(project, env);
      for (const alias of bucketAliases)
        if (!shared.has(alias)) shared.set(alias, { value: alias, source: { kind: 'bucket', logical: alias } });
    }
    return shared;
  };
  const perPipeline = new Map<Pipeline, Substitutions>();
  const substitutions = (pipeline: Pipeline): Substitutions => {
    const own = pipeline.config.stateMachine?.substitutions;
    if (!own || Object.keys(own).length === 0) return sharedSubstitutions();
    let map = perPipeline.get(pipeline);
    if (!map) {
      map = withPipelineSubstitutions(sharedSubstitutions(), own);
      perPipeline.set(pipeline, map);
    }
    return map;
  };
  let tableIndex: TableIndex | undefined;

  const texts = new Map<string, string | undefined>();
  const refusedFiles = new Map<string, Diagnostic>();
  const readText = (rel: string): string | undefined => {
    if (!texts.has(rel)) {
      const read = readProjectFile(project.root, rel);
      if (read?.diagnostic) refusedFiles.set(rel, read.diagnostic);
      texts.set(rel, read?.text);
    }
    return texts.get(rel);
  };

  return {
    project,
    env,
    jobs: index((p) => keys(p.config.jobs, 'jobs')),
    crawlers: index((p) => keys(p.config.crawlers, 'crawlers')),
    databases: index((p) => keys(p.config.databases, 'databases')),
    eventBuses: index((p) => keys(p.config.eventBuses, 'eventBuses')),
    stateMachines: index((p) => (p.stateMachineName ? [[p.stateMachineName, ['stateMachine']]] : [])),
    workflows: index((p) => (p.workflowName ? [[p.workflowName, ['workflow']]] : [])),
    bucketAliases,
    substitutions,
    substitutionCandidates: collectCandidates(project, env, bucketAliases),
    // The project's tables and the environment's external ones (owned elsewhere, read as they are).
    tables: () =>
      (tableIndex ??= indexTables([
        ...knownTables(project),
        ...[...env.external.values()]
          .filter((e) => e.kind === 'table')
          .map((e) => ({
            database: e.logical.split('.')[0]!,
            table: e.logical.split('.')[1]!,
            origin: 'external',
          })),
      ])),
    fileExists: (rel) => readText(rel) !== undefined || refusedFiles.has(rel),
    refusedFiles,
    readText,
  };
}

/**
 * All sources of each ${Name}, not just the winning one. Variables layered pipeline > environment
 * > project are deliberate overrides; a resource, bucket or built-in sharing a name with something
 * of another kind is ambiguous.
 */
function collectCandidates(
  project: Project,
  env: Environment,
  buckets: Set<string>,
): Map<string, SubstitutionSource[]> {
  const map = new Map<string, SubstitutionSource[]>();
  const add = (name: string, source: SubstitutionSource) => {
    const list = map.get(name) ?? [];
    if (!list.some((s) => s.kind === source.kind && s.logical === source.logical)) list.push(source);
    map.set(name, list);
  };
  const variables = new Set([
    ...Object.keys(env.config.variables ?? {}),
    ...Object.keys(project.config.variables ?? {}),
  ]);
  for (const p of project.pipelines)
    for (const k of Object.keys(p.config.stateMachine?.substitutions ?? {})) variables.add(k);
  for (const v of variables) add(v, { kind: 'variable', logical: v });
  for (const b of BUILTIN_SUBSTITUTIONS) add(b, { kind: 'builtin', logical: b });
  for (const b of buckets) add(b, { kind: 'bucket', logical: b });
  for (const p of project.pipelines)
    for (const [kind, n] of substitutableResources(p)) add(n, { kind, logical: n, pipeline: p.name });
  return map;
}

/** A description of what a ${Name} stands for, e.g. `job "ingest" (pipeline customer-etl)`. */
export function describeSource(s: SubstitutionSource): string {
  return `${s.kind} "${s.logical}"${s.pipeline ? ` (pipeline ${s.pipeline})` : ''}`;
}

/** Ambiguity diagnostics for each ${Name} used in `text`, placed by `at(offset)`. */
export function ambiguousNames(
  ctx: ValidationContext,
  text: string,
  at: (offset: number, name: string) => Omit<Diagnostic, 'message' | 'rule' | 'severity'>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of text.matchAll(SUBSTITUTION_RE)) {
    const name = m[1]!;
    const sources = ctx.substitutionCandidates.get(name) ?? [];
    const kinds = new Set(sources.filter((s) => s.kind !== 'variable').map((s) => s.kind));
    const hasVariable = sources.some((s) => s.kind === 'variable');
    // Several resource kinds, or one kind twice under different pipelines with different values,
    // make the name ambiguous; a variable silently shadowing a resource is ambiguous too.
    const ambiguous = kinds.size > 1 || (hasVariable && kinds.size > 0);
    if (!ambiguous) continue;
    out.push({
      ...at(m.index!, name),
      severity: 'error',
      message: `\${${name}} is ambiguous: it names ${sources.map(describeSource).join(' and ')}; rename one of them or declare a distinct variable`,
      rule: 'ambiguous-substitution',
    });
  }
  return out;
}

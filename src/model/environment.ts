// One environment of a project, resolved: which target, physical names of every resource
// (name prefixes let dev, prod and PR environments share one account), and the ${Name}
// substitutions that ASL files and SQL use.
import { ConfigError } from './diagnostics.js';
import type { Pipeline, Project } from './project.js';
import { externalResources, type ExternalKind, type ExternalResource } from './external.js';
import type { EnvironmentConfig } from './schema.js';

export const DEFAULT_ENV = 'local';

export type ResourceKind =
  | 'job'
  | 'crawler'
  | 'database'
  | 'workflow'
  | 'trigger'
  | 'stateMachine'
  | 'rule'
  | 'schedule'
  | 'eventBus'
  | 'view'
  | 'table'
  | 'connection';

export interface Environment {
  name: string;
  project: string;
  config: EnvironmentConfig;
  target: 'local' | 'aws';
  region: string;
  account: string;
  namePrefix: string;
  databasePrefix: string;
  /** Tags every created resource carries; ownership is decided by these. */
  ownershipTags(pipeline: string): Record<string, string>;
  /** Physical AWS name of a logical resource name. */
  physicalName(kind: ResourceKind, logical: string): string;
  /** Bucket name for an alias (or the alias itself on the local target when undeclared). */
  bucket(alias: string): string;
  /** Resources owned elsewhere (`external:`), keyed "kind:logical". */
  external: Map<string, ExternalResource>;
  /** The external entry for a logical name, if that name is owned elsewhere. */
  externalOf(kind: ExternalKind, logical: string): ExternalResource | undefined;
}

export const TAG_PROJECT = 'lakeops:project';
export const TAG_ENV = 'lakeops:env';
export const TAG_PIPELINE = 'lakeops:pipeline';

export function resolveEnvironment(project: Project, envName: string = DEFAULT_ENV): Environment {
  // Own keys only: "__proto__" or "constructor" is no environment, whatever Object.prototype holds.
  const declared = Object.hasOwn(project.config.environments, envName)
    ? project.config.environments[envName]
    : undefined;
  const config = declared ?? (envName === DEFAULT_ENV ? { target: 'local' as const } : undefined);
  if (!config) {
    throw new ConfigError(
      `unknown environment "${envName}"; lakeops.yaml declares: ${Object.keys(project.config.environments).join(', ')}`,
    );
  }
  const namePrefix = config.namePrefix ?? '';
  const databasePrefix = config.databasePrefix ?? namePrefix.replace(/-/g, '_').toLowerCase();
  const external = externalResources(project.config, envName);
  const externalOf = (kind: ExternalKind, logical: string) => external.get(`${kind}:${logical}`);
  return {
    name: envName,
    project: project.config.project,
    config,
    target: config.target,
    region: config.region ?? process.env.AWS_REGION ?? 'us-east-1',
    account: config.account ?? '000000000000',
    namePrefix,
    databasePrefix,
    ownershipTags: (pipeline) => ({
      ...(config.tags ?? {}),
      [TAG_PROJECT]: project.config.project,
      [TAG_ENV]: envName,
      [TAG_PIPELINE]: pipeline,
    }),
    external,
    externalOf,
    physicalName(kind, logical) {
      // Owned elsewhere: its own name, never prefixed.
      if (kind === 'database' || kind === 'job' || kind === 'stateMachine') {
        const ext = externalOf(kind, logical);
        if (ext) return ext.name;
      }
      if (kind === 'database') return databasePrefix + logical;
      if (kind === 'view' || kind === 'table') return logical; // live inside a (prefixed) database
      if (kind === 'eventBus' && logical === 'default') return 'default';
      return namePrefix + logical;
    },
    bucket(alias) {
      const b =
        config.buckets?.[alias] ?? (external.has(`bucket:${alias}`) ? externalOf('bucket', alias)!.name : undefined);
      if (b) return b;
      if (config.target === 'local') return alias;
      throw new ConfigError(
        `environment "${envName}" declares no bucket "${alias}" (add it under buckets: in lakeops.yaml)`,
      );
    },
  };
}

/** Where a substitution name comes from, for messages and for the IAM/planner layers. */
export interface SubstitutionSource {
  kind: ResourceKind | 'bucket' | 'variable' | 'builtin';
  logical: string;
  pipeline?: string;
}

/** The ${Name}s every environment defines. */
/** The ARN partition of a region (aws, aws-cn, aws-us-gov). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export const BUILTIN_SUBSTITUTIONS = ['Region', 'AccountId', 'Partition', 'Env', 'Project'] as const;
type BuiltinSubstitution = (typeof BUILTIN_SUBSTITUTIONS)[number];

/** The named resources of a pipeline that a ${Name} can stand for, as [kind, logical name]. */
export function substitutableResources(pipeline: Pipeline): [ResourceKind, string][] {
  const c = pipeline.config;
  const of = (kind: ResourceKind, names: string[]) => names.map((n): [ResourceKind, string] => [kind, n]);
  return [
    ...of('job', Object.keys(c.jobs ?? {})),
    ...of('crawler', Object.keys(c.crawlers ?? {})),
    ...of('database', Object.keys(c.databases ?? {})),
    ...of('eventBus', Object.keys(c.eventBuses ?? {})),
    ...of('stateMachine', pipeline.stateMachineName ? [pipeline.stateMachineName] : []),
    ...of('workflow', pipeline.workflowName ? [pipeline.workflowName] : []),
  ];
}

/**
 * Every ${Name} a pipeline's ASL or SQL may use, with its value in `env`. Names are the logical
 * names of the project's jobs, crawlers, databases, workflows, state machines, event buses,
 * bucket aliases, plus variables and the built-ins Region, AccountId, Partition, Env, Project.
 */
export function substitutionsFor(
  project: Project,
  env: Environment,
  pipeline?: Pipeline,
  /** The account the AWS target looked up (STS) when lakeops.yaml declares none. */
  account: string = env.account,
): Map<string, { value: string; source: SubstitutionSource }> {
  // The project-wide names are the same for every pipeline: built once per project, environment
  // and account (per-pipeline callers made validate and local runs quadratic in pipelines), and
  // handed out as a copy, since callers may add to their map.
  let perEnv = baseCache.get(project);
  if (!perEnv) baseCache.set(project, (perEnv = new WeakMap()));
  let perAccount = perEnv.get(env);
  if (!perAccount) perEnv.set(env, (perAccount = new Map()));
  let base = perAccount.get(account);
  if (!base) perAccount.set(account, (base = projectSubstitutions(project, env, account)));
  // A pipeline's own substitutions win over every other name.
  const own = pipeline?.config.stateMachine?.substitutions;
  return own && Object.keys(own).length ? withPipelineSubstitutions(base, own) : new Map(base);
}

const baseCache = new WeakMap<Project, WeakMap<Environment, Map<string, Substitutions>>>();

function projectSubstitutions(project: Project, env: Environment, account: string): Substitutions {
  const map = new Map<string, { value: string; source: SubstitutionSource }>();
  const put = (name: string, value: string, source: SubstitutionSource) => {
    if (!map.has(name)) map.set(name, { value, source });
  };
  for (const [k, v] of Object.entries(env.config.variables ?? {})) put(k, v, { kind: 'variable', logical: k });
  for (const [k, v] of Object.entries(project.config.variables ?? {})) put(k, v, { kind: 'variable', logical: k });
  const builtins: Record<BuiltinSubstitution, string> = {
    Region: env.region,
    AccountId: account,
    Partition: partitionOf(env.region),
    Env: env.name,
    Project: env.project,
  };
  for (const name of BUILTIN_SUBSTITUTIONS) put(name, builtins[name], { kind: 'builtin', logical: name });
  for (const alias of Object.keys(env.config.buckets ?? {}))
    put(alias, env.bucket(alias), { kind: 'bucket', logical: alias });
  for (const p of project.pipelines)
    for (const [kind, n] of substitutableResources(p))
      put(n, env.physicalName(kind, n), { kind, logical: n, pipeline: p.name });
  // Resources owned elsewhere are named in ASL and SQL like the project's own.
  for (const ext of env.external.values())
    if (ext.kind === 'database' || ext.kind === 'job' || ext.kind === 'stateMachine')
      put(ext.logical, ext.name, { kind: ext.kind, logical: ext.logical });
  return map;
}

type Substitutions = Map<string, { value: string; source: SubstitutionSource }>;

/**
 * `base` with a pipeline's stateMachine.substitutions on top. A value may itself use ${Name}: a
 * sibling substitution or any name of `base`. Names that resolve to nothing, or only through
 * themselves (a cycle), stay as written; validate reports them at the value's line.
 */
export function withPipelineSubstitutions(base: Substitutions, own?: Record<string, string>): Substitutions {
  if (!own || !Object.keys(own).length) return base;
  const map = new Map(base);
  const names = Object.keys(own);
  const done = new Map<string, string>();
  const expanding = new Set<string>();
  const expand = (name: string): string => {
    const known = done.get(name);
    if (known !== undefined) return known;
    expanding.add(name);
    const text = own[name]!.replace(SUBSTITUTION_RE, (whole, ref: string) => {
      if (Object.hasOwn(own, ref)) return expanding.has(ref) ? whole : expand(ref);
      return base.get(ref)?.value ?? whole;
    });
    expanding.delete(name);
    done.set(name, text);
    return text;
  };
  for (const k of names) map.set(k, { value: expand(k), source: { kind: 'variable', logical: k } });
  return map;
}

export const SUBSTITUTION_RE = /\$\{([A-Za-z][A-Za-z0-9_.:-]*)\}/g;

export interface SubstitutionResult {
  text: string;
  /** Names that had no value, with the character offset of each use. */
  unresolved: { name: string; offset: number }[];
}

/**
 * Replaces ${Name} in `text`. Names under "input." are left for run time (validation parameters).
 * `escape` adapts values to the host format (e.g. JSON string escaping for ASL).
 */
export function substitute(
  text: string,
  values: Map<string, { value: string }>,
  escape: (v: string) => string = (v) => v,
): SubstitutionResult {
  const unresolved: SubstitutionResult['unresolved'] = [];
  const out = text.replace(SUBSTITUTION_RE, (whole, name: string, offset: number) => {
    if (name.startsWith('input.')) return whole;
    const v = values.get(name);
    if (!v) {
      unresolved.push({ name, offset });
      return whole;
    }
    return escape(v.value);
  });
  return { text: out, unresolved };
}

export const jsonStringEscape = (v: string): string => JSON.stringify(v).slice(1, -1);

/** Splits s3://bucket/key into its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new ConfigError(`not an S3 URI: ${uri} (expected s3://bucket/key)`);
  return { bucket: m[1]!, key: m[2]! };
}

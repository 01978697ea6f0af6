// The one naming rule infra/bootstrap.yaml follows, in code: what the bootstrap stack creates for a
// lakeops environment, which lakeops.yaml field each piece fills, and the stack output that holds it.
// test/iam/bootstrap-names.test.ts expands the template for every environment of lakeops.yaml and
// checks that it creates exactly these names; preflight and `lakeops doctor` quote the outputs.
import type { EnvironmentConfig, ProjectConfig } from '../model/schema.js';

/**
 * GitHub OpenID Connect subject customisation the deploy and plan roles' trust relies on (repository
 * setting, PUT /repos/{owner}/{repo}/actions/oidc/customization/sub). With these keys a job's `sub` is
 * `repo:ORG/REPO:environment:prod:ref:refs/heads/main` (GitHub docs, "OpenID Connect reference",
 * "Customizing the subject claims"): the environment AND the branch, so a job of another branch that
 * names `environment: prod` has another subject.
 */
export const OIDC_SUBJECT_CLAIM_KEYS = ['repo', 'context', 'ref'] as const;

/** One piece the bootstrap creates for an environment. */
export interface BootstrapPiece {
  /** The lakeops.yaml field it fills, e.g. roles.glueJob. */
  field: string;
  /** The name the bootstrap gives it. */
  name: string;
  /** The stack output that holds it (Fn::ForEach output key for the environment). */
  output: string;
}

/** Logical-id suffix of an environment: Fn::ForEach's &{Env} drops non-alphanumeric characters. */
export function logicalSuffix(env: string): string {
  return env.replace(/[^A-Za-z0-9]/g, '');
}

/** Everything infra/bootstrap.yaml creates for environment `env` of project `project`. */
export function bootstrapPieces(project: string, env: string): BootstrapPiece[] {
  const base = `${project}-${env}`;
  const s = logicalSuffix(env);
  return [
    { field: 'roles.deploy', name: `${base}-deploy`, output: `DeployRoleArn${s}` },
    { field: 'roles.glueJob', name: `${base}-glue-job`, output: `GlueJobRole${s}` },
    { field: 'roles.crawler', name: `${base}-glue-crawler`, output: `GlueCrawlerRole${s}` },
    { field: 'roles.stateMachine', name: `${base}-states`, output: `StatesRole${s}` },
    { field: 'roles.events', name: `${base}-events`, output: `EventsRole${s}` },
    { field: 'roles.scheduler', name: `${base}-scheduler`, output: `SchedulerRole${s}` },
    { field: 'buckets.artifacts', name: `${base}-artifacts`, output: `ArtifactsBucket${s}` },
    { field: 'buckets.data', name: `${base}-data`, output: `DataBucket${s}` },
    { field: 'athena.workgroup', name: base, output: `AthenaWorkGroup${s}` },
    {
      field: 'athena.resultLocation',
      name: `s3://${base}-artifacts/athena-results/`,
      output: `AthenaResultLocation${s}`,
    },
  ];
}

/** The plan role (one per account): pull-request jobs assume it. */
export function planRoleName(project: string): string {
  return `${project}-plan`;
}

/** The value of a dotted lakeops.yaml field of an environment ("roles.glueJob"). */
export function envField(env: EnvironmentConfig, field: string): string | undefined {
  const [group, key] = field.split('.') as [string, string];
  const value = (env as Record<string, unknown>)[group] as Record<string, unknown> | undefined;
  const v = value?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** A role ARN or name from lakeops.yaml, as a role name. */
export function roleNameOf(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}

/**
 * Where an environment of lakeops.yaml differs from what the bootstrap creates for it: one line per
 * field, naming the bootstrap output to copy. Fields lakeops.yaml leaves out are not differences
 * (roles.deploy is optional), except those every AWS environment needs.
 */
export function bootstrapDifferences(config: ProjectConfig, envName: string): string[] {
  const env = config.environments[envName];
  if (!env || env.target !== 'aws') return [];
  const required = new Set(['buckets.artifacts', 'athena.workgroup', 'athena.resultLocation']);
  const out: string[] = [];
  for (const piece of bootstrapPieces(config.project, envName)) {
    const raw = envField(env, piece.field);
    if (raw === undefined) {
      if (required.has(piece.field))
        out.push(`${piece.field} is not set; the bootstrap creates ${piece.name} (output ${piece.output})`);
      continue;
    }
    const have = piece.field.startsWith('roles.') ? roleNameOf(raw) : raw;
    if (have !== piece.name)
      out.push(`${piece.field} is ${raw}, but the bootstrap creates ${piece.name} (output ${piece.output})`);
  }
  return out;
}

/** Parameters for `aws cloudformation deploy --parameter-overrides` from lakeops.yaml. */
export function bootstrapParameters(
  config: ProjectConfig,
  github: { org: string; repo: string },
): Record<string, string> {
  const envs = Object.entries(config.environments)
    .filter(([, e]) => e.target === 'aws')
    .map(([name]) => name);
  return {
    ProjectName: config.project,
    GitHubOrg: github.org,
    GitHubRepo: github.repo,
    Environments: envs.join(','),
  };
}

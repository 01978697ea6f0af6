// Preflight: before the first write of a deploy (and in `lakeops doctor --env X`), check everything an
// AWS environment depends on but lakeops does not create: the account of the credentials, the
// buckets, the Athena workgroup and its result location, the service roles and whom they trust, and
// the Glue databases pipelines read without declaring them. Read-only; every missing piece is
// reported at once, each with the infra/bootstrap.yaml output (or setting) that provides it.
import { AthenaClient, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { GetDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SFNClient } from '@aws-sdk/client-sfn';
import { bootstrapPieces, roleNameOf } from '../../iam/bootstrap.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { clientConfig } from './clients.js';
import { checkExternalResources } from './preflight-external.js';

export interface PreflightClients {
  sts: STSClient;
  s3: S3Client;
  athena: AthenaClient;
  glue: GlueClient;
  iam: IAMClient;
  /** For external state machines (DescribeStateMachine); made on demand when absent. */
  sfn?: SFNClient;
}

/** One missing or wrong prerequisite. */
export interface PreflightFinding {
  /** What, e.g. "athena workgroup lakeops-demo-dev". */
  piece: string;
  problem: string;
  /** How to get it: the bootstrap output, or the lakeops.yaml setting to change. */
  fix: string;
}

export function preflightClients(env: Environment): PreflightClients {
  const config = clientConfig(env);
  return {
    sts: new STSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: Boolean(env.config.endpoint) }),
    athena: new AthenaClient(config),
    glue: new GlueClient(config),
    iam: new IAMClient(config),
    sfn: new SFNClient(config),
  };
}

/** The service principal each role of lakeops.yaml is assumed by. */
const ROLE_SERVICE: Record<string, string> = {
  glueJob: 'glue.amazonaws.com',
  crawler: 'glue.amazonaws.com',
  stateMachine: 'states.amazonaws.com',
  events: 'events.amazonaws.com',
  scheduler: 'scheduler.amazonaws.com',
};

const errorName = (e: unknown) => (e as { name?: string }).name ?? '';
const httpStatus = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const messageOf = (e: unknown) => (e as Error).message ?? String(e);

/** Glue databases the pipelines name (`table: db.table`, crawler `database:`) but do not declare. */
export function unmanagedDatabases(project: Project): string[] {
  const managed = new Set<string>();
  const referenced = new Set<string>();
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x));
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
      return;
    }
    if (typeof v !== 'string' || v.includes('${')) return;
    if (key === 'table' && v.includes('.')) referenced.add(v.slice(0, v.indexOf('.')));
    if (key === 'database') referenced.add(v);
  };
  for (const p of project.pipelines) {
    for (const db of Object.keys(p.config.databases ?? {})) managed.add(db);
    walk(p.config);
  }
  return [...referenced].filter((d) => !managed.has(d)).sort();
}

/** Where the bootstrap provides a lakeops.yaml field of this environment. */
function bootstrapHint(env: Environment, field: string): string {
  const piece = bootstrapPieces(env.project, env.name).find((p) => p.field === field);
  const stack = `infra/bootstrap.yaml with Environments including ${env.name}`;
  return piece
    ? `${stack} creates ${piece.name} (output ${piece.output}); set ${field} in lakeops.yaml to it`
    : `${stack}, then set ${field} in lakeops.yaml`;
}

/**
 * Checks the prerequisites of an AWS environment. `expectedAccount` is lakeops.yaml's `account:` (when
 * set); the deploy role, when lakeops.yaml names one in roles.deploy, must be the credentials' role.
 */
export async function preflight(
  project: Project,
  env: Environment,
  clients: PreflightClients,
): Promise<PreflightFinding[]> {
  const out: PreflightFinding[] = [];
  const cfg = env.config;
  let account = cfg.account ?? '';

  // Credentials: the account, and the role when lakeops.yaml names the deploy role.
  try {
    const id = await clients.sts.send(new GetCallerIdentityCommand({}));
    account = id.Account ?? account;
    if (cfg.account && id.Account !== cfg.account)
      out.push({
        piece: 'AWS credentials',
        problem: `they are of account ${id.Account}, but environment "${env.name}" is account ${cfg.account}`,
        fix: `sign in to account ${cfg.account} (or correct account: in lakeops.yaml)`,
      });
    const role = /:assumed-role\/([^/]+)\//.exec(id.Arn ?? '')?.[1];
    if (cfg.roles?.deploy && role && role !== roleNameOf(cfg.roles.deploy))
      out.push({
        piece: 'AWS credentials',
        problem: `they are of role ${role}, but environment "${env.name}" deploys as ${roleNameOf(cfg.roles.deploy)}`,
        fix: `assume ${cfg.roles.deploy} (the DeployRoleArn output of infra/bootstrap.yaml for ${env.name})`,
      });
  } catch (e) {
    out.push({
      piece: 'AWS credentials',
      problem: `STS GetCallerIdentity failed: ${messageOf(e)}`,
      fix: 'sign in (aws sso login, or the OIDC role in CI) with credentials for this environment',
    });
    return out; // nothing else can be checked without credentials
  }

  // Buckets. GetBucketLocation answers NoSuchBucket (404) for a missing bucket and AccessDenied
  // (403) when it exists but these credentials may not ask (S3 API reference, GetBucketLocation);
  // its answer is also the bucket's region (null/empty for us-east-1). The deploy role may ask it
  // of the artifacts and data buckets (s3:GetBucketLocation on the bare bucket ARNs, src/iam).
  for (const [alias, bucket] of Object.entries(cfg.buckets ?? {})) {
    const field = `buckets.${alias}`;
    try {
      const loc = await clients.s3.send(new GetBucketLocationCommand({ Bucket: bucket }));
      const region = loc.LocationConstraint || 'us-east-1';
      if (region !== env.region)
        out.push({
          piece: `bucket ${bucket} (${field})`,
          problem: `is in ${region}, but environment "${env.name}" is in ${env.region}`,
          fix: `use a bucket in ${env.region} (infra/bootstrap.yaml creates them in the stack's region), or set region: ${region}`,
        });
    } catch (e) {
      const status = httpStatus(e);
      // 403: the bucket exists but these credentials may not ask. Only the artifacts bucket is the
      // deploy role's own; the others are read and written by the service roles.
      if (status === 403 && alias !== 'artifacts') continue;
      out.push({
        piece: `bucket ${bucket} (${field})`,
        problem:
          status === 404 || errorName(e) === 'NoSuchBucket'
            ? 'does not exist'
            : status === 403
              ? 'exists but these credentials may not use it (403), or it belongs to another account'
              : `cannot be checked: ${messageOf(e)}`,
        fix:
          status === 403
            ? `attach the deploy policy of lakeops iam --env ${env.name} to the deploy role, or fix ${field}`
            : bootstrapHint(env, field),
      });
    }
  }
  if (!cfg.buckets?.artifacts)
    out.push({
      piece: 'buckets.artifacts',
      problem: `environment "${env.name}" declares no artifacts bucket (deploy uploads scripts and SQL there)`,
      fix: bootstrapHint(env, 'buckets.artifacts'),
    });

  // The Athena workgroup and where its results go.
  const wgName = cfg.athena?.workgroup ?? 'primary';
  try {
    const wg = await clients.athena.send(new GetWorkGroupCommand({ WorkGroup: wgName }));
    const wgc = wg.WorkGroup?.Configuration;
    const location = wgc?.ResultConfiguration?.OutputLocation;
    if (wg.WorkGroup?.State === 'DISABLED')
      out.push({
        piece: `athena workgroup ${wgName}`,
        problem: 'is disabled',
        fix: `enable it (aws athena update-work-group --work-group ${wgName} --state ENABLED)`,
      });
    if (!location && !cfg.athena?.resultLocation)
      out.push({
        piece: `athena workgroup ${wgName}`,
        problem: 'has no result location, and lakeops.yaml sets no athena.resultLocation',
        fix: bootstrapHint(env, 'athena.resultLocation'),
      });
    // With EnforceWorkGroupConfiguration the workgroup's location wins over the query's
    // (Athena guide, "Override client-side settings"); say so when the two disagree.
    if (wgc?.EnforceWorkGroupConfiguration && location && cfg.athena?.resultLocation) {
      const norm = (s: string) => s.replace(/\/?$/, '/');
      if (norm(location) !== norm(cfg.athena.resultLocation))
        out.push({
          piece: `athena workgroup ${wgName}`,
          problem: `enforces result location ${location}, but lakeops.yaml's athena.resultLocation is ${cfg.athena.resultLocation}`,
          fix: `set athena.resultLocation to ${location}`,
        });
    }
  } catch (e) {
    const missing = errorName(e) === 'InvalidRequestException' || errorName(e) === 'ResourceNotFoundException';
    out.push({
      piece: `athena workgroup ${wgName} (athena.workgroup)`,
      problem: missing ? 'does not exist' : `cannot be checked: ${messageOf(e)}`,
      fix: bootstrapHint(env, 'athena.workgroup'),
    });
  }

  // Service roles: exist, and trust the service that runs as them.
  for (const [kind, service] of Object.entries(ROLE_SERVICE)) {
    const value = (cfg.roles as Record<string, string | undefined> | undefined)?.[kind];
    if (!value) continue; // planner/IAM report a role a pipeline needs and lakeops.yaml lacks
    const name = roleNameOf(value);
    const field = `roles.${kind}`;
    try {
      const r = await clients.iam.send(new GetRoleCommand({ RoleName: name }));
      // GetRole returns the trust policy URL-encoded (IAM API reference, Role.AssumeRolePolicyDocument).
      const doc = decodeURIComponent(r.Role?.AssumeRolePolicyDocument ?? '');
      if (!trusts(doc, service))
        out.push({
          piece: `role ${name} (${field})`,
          problem: `does not trust ${service}, so the service cannot run as it`,
          fix: `${bootstrapHint(env, field)}; or add ${service} to its trust policy`,
        });
    } catch (e) {
      out.push({
        piece: `role ${name} (${field})`,
        problem: errorName(e) === 'NoSuchEntityException' ? 'does not exist' : `cannot be checked: ${messageOf(e)}`,
        fix: bootstrapHint(env, field),
      });
    }
  }

  // Glue databases pipelines read but do not declare (so lakeops does not create them); the ones
  // lakeops.yaml lists as external are checked with the other external resources below.
  for (const logical of unmanagedDatabases(project).filter((d) => !env.externalOf('database', d))) {
    const name = env.physicalName('database', logical);
    try {
      await clients.glue.send(new GetDatabaseCommand({ Name: name }));
    } catch (e) {
      out.push({
        piece: `glue database ${name}`,
        problem:
          errorName(e) === 'EntityNotFoundException'
            ? `does not exist, and no pipeline declares "${logical}" under databases:`
            : `cannot be checked: ${messageOf(e)}`,
        fix: `declare "${logical}" under databases: of the pipeline that writes it, or create ${name} (aws glue create-database)`,
      });
    }
  }

  // Resources owned elsewhere (external: in lakeops.yaml): each must exist.
  if (env.external.size)
    out.push(
      ...(await checkExternalResources(
        project,
        env,
        { glue: clients.glue, s3: clients.s3, sfn: clients.sfn ?? new SFNClient(clientConfig(env)) },
        account,
      )),
    );
  return out;
}

/** Whether a trust policy lets `service` assume the role. */
function trusts(doc: string, service: string): boolean {
  try {
    const policy = JSON.parse(doc) as { Statement?: unknown };
    const statements = [policy.Statement ?? []].flat() as {
      Effect?: string;
      Principal?: { Service?: string | string[] };
      Action?: string | string[];
    }[];
    return statements.some(
      (s) =>
        s.Effect === 'Allow' &&
        [s.Principal?.Service ?? []].flat().includes(service) &&
        [s.Action ?? []].flat().some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*'),
    );
  } catch {
    return false;
  }
}

/** The findings as one message (piece, problem, fix per line). */
export function formatFindings(env: Environment, findings: readonly PreflightFinding[]): string {
  return [
    `environment "${env.name}" is missing ${findings.length} prerequisite(s); nothing was written:`,
    ...findings.map((f) => `  - ${f.piece}: ${f.problem}\n    fix: ${f.fix}`),
  ].join('\n');
}

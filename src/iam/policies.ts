// `lakeops iam`: least-privilege IAM policies derived from the model of one AWS environment.
//   - deploy: the role CI assumes; exactly the permissions of the SDK commands the AWS target and
//     runner send (src/iam/actions.ts applied to src/iam/sdk-commands.generated.ts), on the
//     environment's name prefix, buckets, databases, workgroup and declared roles;
//   - plan: the read-only role pull requests assume; the same, for only the commands `lakeops plan`
//     and read-only queries send (READ_PATH_COMMANDS), on the same ARNs, without view DDL, and with
//     no write but running its own Athena queries and their results;
//   - glue-job/<pipeline>, crawler/<pipeline>: the S3 prefixes, catalog tables and log groups the
//     pipeline's jobs and crawlers use, and the deployed scripts;
//   - state-machine/<pipeline>: what the substituted ASL's Task states call;
//   - events, scheduler: starting the targets of the rules and schedules.
// lakeops.yaml declares one role per kind, shared by all pipelines, so `declared` also holds, for
// each declared role, the union of the policies it serves.
import type { Diagnostic } from '../model/diagnostics.js';
import type { Environment } from '../model/environment.js';
import type { Pipeline, Project } from '../model/project.js';
import { scheduleGroupName, type RoleKind } from '../planner/names.js';
import { permissionsFor, type Permission, type ResourceScope, type SdkCommandUse } from './actions.js';
import { stateMachineGrants } from './asl-access.js';
import {
  crawlerAccess,
  createContext,
  jobAccess,
  watchedS3Prefixes,
  type IamContext,
  type S3Location,
} from './model-access.js';
import {
  INLINE_ROLE_POLICIES_LIMIT,
  MANAGED_POLICY_LIMIT,
  mergePolicies,
  PolicyBuilder,
  policySize,
  serviceTrust,
  sid,
  splitPolicy,
  type PolicyDocument,
} from './policy.js';
import {
  bucketGrants,
  catalogResources,
  declaredRole,
  envScope,
  GLUE_CRAWLER_LOG_GROUP,
  GLUE_JOB_LOG_GROUPS,
  modelNames,
  objectResources,
  ROLE_SERVICE,
  SCOPE_SID,
  scriptArtifactsLocation,
} from './scopes.js';
import { READ_PATH_COMMANDS, SDK_COMMANDS } from './sdk-commands.generated.js';

export type PolicyKind = 'deploy' | 'plan' | RoleKind;

export interface RolePolicy {
  /** deploy | plan | events | scheduler | glue-job/<pipeline> | crawler/<pipeline> | state-machine/<pipeline> */
  id: string;
  kind: PolicyKind;
  pipeline?: string;
  description: string;
  /** Who may assume it (the deploy and plan roles' OpenID Connect trust is in infra/bootstrap.yaml). */
  trust?: PolicyDocument;
  policy: PolicyDocument;
  /** Characters without white space, as IAM counts them. */
  size: number;
  /** When the policy is bigger than a managed policy may be: the same grants as managed-policy-sized parts. */
  parts?: PolicyDocument[];
}

export interface DeclaredRolePolicy {
  /** As written in lakeops.yaml (name or ARN). */
  role: string;
  arn: string;
  /** Ids of the policies this role carries. */
  serves: string[];
  trust?: PolicyDocument;
  policy: PolicyDocument;
  size: number;
  parts?: PolicyDocument[];
}

export interface IamReport {
  project: string;
  env: string;
  region: string;
  account: string;
  roles: RolePolicy[];
  declared: DeclaredRolePolicy[];
  /** Parameter values for infra/bootstrap.yaml this environment needs. */
  bootstrap: { watchedS3Prefixes: string[] };
  /** The SDK commands the deploy policy was derived from. */
  commands: readonly SdkCommandUse[];
  /** The SDK commands the plan policy was derived from (those `lakeops plan` and read-only queries send). */
  readCommands: readonly SdkCommandUse[];
  diagnostics: Diagnostic[];
}

// ------------------------------------------------------------------ deploy and plan roles

/** Why a scope the code needs can have no resources in an environment, and how to fix it. */
const UNSCOPED: Partial<Record<string, string>> = {
  s3Object: 'declares no artifacts bucket (buckets.artifacts)',
  s3Bucket: 'declares no artifacts bucket (buckets.artifacts)',
  athenaResults: 'sets no athena.resultLocation, so the Athena result location cannot be granted',
  athenaResultsBucket: 'sets no athena.resultLocation, so the Athena result location cannot be granted',
  'passRole glue.amazonaws.com': 'declares no roles.glueJob or roles.crawler to pass to Glue',
  'passRole states.amazonaws.com': 'declares no roles.stateMachine to pass to Step Functions',
  'passRole events.amazonaws.com': 'declares no roles.events to pass to EventBridge',
  'passRole scheduler.amazonaws.com': 'declares no roles.scheduler to pass to EventBridge Scheduler',
};

/**
 * The permissions of `commands` that `keep` accepts, scoped to the environment. `role` names the
 * role in diagnostics.
 */
function commandPolicy(
  ctx: IamContext,
  commands: readonly SdkCommandUse[],
  role: string,
  keep: (use: SdkCommandUse, perm: Permission) => boolean = () => true,
  extra: (b: PolicyBuilder) => void = () => {},
): PolicyDocument {
  const b = new PolicyBuilder();
  extra(b);
  const ungranted = new Map<string, Set<string>>();
  for (const use of commands) {
    const perms = permissionsFor(use.client, use.command);
    if (!perms) {
      ctx.diagnostics.push({
        file: use.files[0] ?? 'src',
        line: 1,
        column: 1,
        severity: 'error',
        message: `${use.client} ${use.command}Command is sent here but src/iam/actions.ts does not say which IAM permissions it needs`,
        rule: 'iam-unmapped-command',
      });
      continue;
    }
    for (const perm of perms) {
      if (!keep(use, perm)) continue;
      const grants = envScope(ctx, perm.scope, perm.passedTo);
      const words =
        perm.scope === 'passRole' ? `${SCOPE_SID.passRole} ${perm.passedTo!.split('.')[0]}` : SCOPE_SID[perm.scope];
      for (const g of grants)
        b.allow(sid(words), [perm.action], g.resources, perm.wholeBucket ? undefined : g.condition);
      const key = perm.scope === 'passRole' ? `passRole ${perm.passedTo}` : perm.scope;
      if (!grants.length && UNSCOPED[key]) ungranted.set(key, (ungranted.get(key) ?? new Set()).add(perm.action));
    }
  }
  for (const [key, actions] of ungranted)
    ctx.diagnostics.push(
      ctx.project.source.diagnostic(
        ['environments', ctx.env.name],
        `environment "${ctx.env.name}" ${UNSCOPED[key]}; the ${role} role gets no ${[...actions].sort().join(', ')} for it`,
        'iam-unscoped',
        { severity: 'warning' },
      ),
    );
  return b.build();
}

/** The deploy role's policy: the permissions of `commands`, scoped to the environment. */
export function deployPolicy(ctx: IamContext, commands: readonly SdkCommandUse[]): PolicyDocument {
  return commandPolicy(ctx, commands, 'deploy', undefined, (b) => externalReads(ctx, b));
}

/**
 * Preflight reads each resource lakeops.yaml lists as external (owned elsewhere), and nothing
 * else of them: one read action per kind, on that resource's ARN (src/targets/aws/preflight-external.ts).
 */
function externalReads(ctx: IamContext, b: PolicyBuilder): void {
  const a = ctx.arns;
  for (const e of ctx.env.external.values()) {
    if (e.kind === 'database')
      b.allow(sid('Check external resources'), ['glue:GetDatabase'], [a.glueCatalog(), a.glueDatabase(e.name)]);
    if (e.kind === 'table') {
      const db = ctx.env.physicalName('database', e.logical.slice(0, e.logical.indexOf('.')));
      b.allow(
        sid('Check external resources'),
        ['glue:GetTable'],
        [a.glueCatalog(), a.glueDatabase(db), a.glueTable(db, e.name)],
      );
    }
    if (e.kind === 'job') b.allow(sid('Check external resources'), ['glue:GetJob'], [a.glue('job', e.name)]);
    if (e.kind === 'stateMachine')
      b.allow(sid('Check external resources'), ['states:DescribeStateMachine'], [e.arn ?? a.stateMachine(e.name)]);
    if (e.kind === 'bucket')
      b.allow(sid('Check external resources'), ['s3:GetBucketLocation'], [a.bucket(ctx.env.bucket(e.logical))]);
  }
}

/**
 * The only writes the plan role may make: running and stopping its own Athena queries in the
 * workgroup, and Athena writing their results, as the caller, under the result location (Athena
 * guide, "Identity and access management in Athena": the caller needs s3:PutObject and
 * s3:AbortMultipartUpload on the result location).
 */
export const PLAN_ROLE_WRITES: readonly { action: string; scope: ResourceScope }[] = [
  { action: 'athena:StartQueryExecution', scope: 'workgroup' },
  { action: 'athena:StopQueryExecution', scope: 'workgroup' },
  { action: 's3:PutObject', scope: 'athenaResults' },
  { action: 's3:AbortMultipartUpload', scope: 'athenaResults' },
];

/**
 * Action names that change something (IAM access levels Write, Tagging and Permissions
 * management; test/iam checks the plan policy against the Service Authorization Reference's
 * levels). A guard, not the source of the policy: a read-path command that needs one of these is
 * an error rather than a grant.
 */
const CHANGING_ACTION =
  /^(Abort|Associate|Attach|Batch(Create|Delete|Stop|Update)|Cancel|Complete|Copy|Create|Delete|Detach|Disable|Disassociate|Enable|Import|Modify|Notify|Pass|Publish|Put|Redrive|Remove|Reset|Restore|Resume|Send|Set|Start|Stop|Tag|Untag|Update|Upload)/;

/**
 * The plan role's policy: the permissions of the commands `lakeops plan` and read-only queries
 * send, on the deploy role's ARNs, without view DDL, and with no write but PLAN_ROLE_WRITES.
 */
export function planPolicy(ctx: IamContext, readCommands: readonly SdkCommandUse[]): PolicyDocument {
  return commandPolicy(ctx, readCommands, 'plan', (use, perm) => {
    if (perm.viewDdl) return false;
    const name = perm.action.slice(perm.action.indexOf(':') + 1);
    if (!CHANGING_ACTION.test(name) || PLAN_ROLE_WRITES.some((w) => w.action === perm.action && w.scope === perm.scope))
      return true;
    ctx.diagnostics.push({
      file: use.files[0] ?? 'src',
      line: 1,
      column: 1,
      severity: 'error',
      message:
        `${use.client} ${use.command}Command is sent on the read path of lakeops plan and read-only queries, but needs ${perm.action} ` +
        `(${perm.scope}), a write the pull-request plan role must not have; send it from deploy or run code instead`,
      rule: 'iam-plan-write',
    });
    return false;
  });
}

// ------------------------------------------------------------------ pipeline roles

/** S3 grants of a Glue role (Spark jobs and crawlers are Hadoop-style S3 clients). */
function s3Grants(ctx: IamContext, b: PolicyBuilder, read: S3Location[], write: S3Location[]): void {
  const opts = { folderMarkers: true };
  if (read.length) b.allow(sid('Read data'), ['s3:GetObject'], objectResources(ctx, read, opts));
  // Spark commits output by copying and deleting under the output prefix, and aborts failed
  // multipart uploads.
  if (write.length)
    b.allow(
      sid('Write data'),
      ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      objectResources(ctx, write, opts),
    );
  const all = [...read, ...write];
  for (const g of bucketGrants(ctx, all, opts)) b.allow(sid('List data'), ['s3:ListBucket'], g.resources, g.condition);
  // GetBucketLocation requests carry no s3:prefix, so it cannot share the ListBucket condition.
  const buckets = [...new Set(all.map((l) => l.bucket))];
  if (buckets.length)
    b.allow(
      sid('Bucket location'),
      ['s3:GetBucketLocation'],
      buckets.map((x) => ctx.arns.bucket(x)),
    );
}

const CATALOG_READ = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

/** The Glue job role of one pipeline, or undefined when it has no jobs. */
export function glueJobPolicy(ctx: IamContext, p: Pipeline): PolicyDocument | undefined {
  if (!p.jobs.length) return undefined;
  const b = new PolicyBuilder();
  const scripts = scriptArtifactsLocation(ctx);
  if (scripts) b.allow(sid('Read deployed scripts'), ['s3:GetObject'], objectResources(ctx, [scripts]));
  const read: S3Location[] = [];
  const write: S3Location[] = [];
  const tables = new Map<string, Set<string>>();
  let catalogClient = false;
  let metrics = false;
  for (const job of p.jobs) {
    const acc = jobAccess(ctx, p, job);
    read.push(...acc.read);
    write.push(...acc.write);
    for (const t of acc.tablesRead) tables.set(t.database, (tables.get(t.database) ?? new Set()).add(t.table));
    const args = { ...(job.config.arguments ?? {}), ...(job.config.glue?.extraArguments ?? {}) };
    // SQL jobs always run with --enable-glue-datacatalog (src/planner/sql-job.ts).
    if (job.kind === 'sql' || args['--enable-glue-datacatalog'] === 'true') catalogClient = true;
    if (args['--enable-metrics'] !== undefined) metrics = true;
  }
  s3Grants(ctx, b, read, write);
  if (tables.size) {
    const dbs = [...tables.keys()].sort();
    b.allow(
      sid('Read input tables'),
      CATALOG_READ,
      catalogResources(ctx, dbs, (d) => [...tables.get(d)!].sort()),
    );
  }
  // Spark's Glue Data Catalog client looks up the "default" database when the session starts.
  if (catalogClient)
    b.allow(
      sid('Spark default database lookup'),
      ['glue:GetDatabase'],
      [ctx.arns.glueCatalog(), ctx.arns.glueDatabase('default')],
    );
  // Job runs log to /aws-glue/jobs/output, /error and /logs-v2, one stream per run id (which no
  // policy can know in advance), so the scope is Glue's job log groups.
  b.allow(sid('Job log groups'), ['logs:CreateLogGroup'], [ctx.arns.logGroup(GLUE_JOB_LOG_GROUPS)]);
  b.allow(
    sid('Job logs'),
    ['logs:CreateLogStream', 'logs:PutLogEvents'],
    [ctx.arns.logStream(GLUE_JOB_LOG_GROUPS, '*')],
  );
  if (metrics)
    // cloudwatch:PutMetricData has no resource types; the namespace condition keeps it to Glue's metrics.
    b.allow(sid('Job metrics support only all resources'), ['cloudwatch:PutMetricData'], ['*'], {
      StringEquals: { 'cloudwatch:namespace': 'Glue' },
    });
  return b.build();
}

/** The crawler role of one pipeline, or undefined when it has no crawlers. */
export function crawlerPolicy(ctx: IamContext, p: Pipeline): PolicyDocument | undefined {
  const crawlers = Object.entries(p.config.crawlers ?? {});
  if (!crawlers.length) return undefined;
  const b = new PolicyBuilder();
  const read: S3Location[] = [];
  const tables = new Map<string, Set<string>>();
  for (const [name, c] of crawlers) {
    const acc = crawlerAccess(ctx, p, name, c);
    read.push(...acc.read);
    for (const t of acc.tablesWrite) tables.set(t.database, (tables.get(t.database) ?? new Set()).add(t.table));
  }
  s3Grants(ctx, b, read, []);
  const dbs = [...tables.keys()].sort();
  b.allow(
    sid('Crawler tables'),
    [
      ...CATALOG_READ,
      'glue:GetTables',
      'glue:CreateTable',
      'glue:UpdateTable',
      'glue:CreatePartition',
      'glue:BatchCreatePartition',
      'glue:UpdatePartition',
      'glue:BatchUpdatePartition',
    ],
    catalogResources(ctx, dbs, (d) => [...tables.get(d)!].sort()),
  );
  // Crawlers log to /aws-glue/crawlers, one stream per crawler name.
  b.allow(sid('Crawler log group'), ['logs:CreateLogGroup'], [ctx.arns.logGroup(GLUE_CRAWLER_LOG_GROUP)]);
  b.allow(
    sid('Crawler logs'),
    ['logs:CreateLogStream', 'logs:PutLogEvents'],
    modelNames(ctx, 'crawler', [p]).map((n) => ctx.arns.logStream(GLUE_CRAWLER_LOG_GROUP, n)),
  );
  return b.build();
}

export function stateMachinePolicy(ctx: IamContext, p: Pipeline): PolicyDocument | undefined {
  return stateMachineGrants(ctx, p)?.build();
}

function targetArns(ctx: IamContext, p: Pipeline, target: 'stateMachine' | 'workflow'): string[] {
  if (target === 'stateMachine' && p.stateMachineName)
    return [ctx.arns.stateMachine(ctx.env.physicalName('stateMachine', p.stateMachineName))];
  if (target === 'workflow' && p.workflowName)
    return [ctx.arns.glue('workflow', ctx.env.physicalName('workflow', p.workflowName))];
  return [];
}

/** The EventBridge rules' invoke role: start exactly the rules' targets. */
export function eventsPolicy(ctx: IamContext): PolicyDocument | undefined {
  const b = new PolicyBuilder();
  for (const p of ctx.project.pipelines)
    for (const r of Object.values(p.config.rules ?? {})) {
      if (r.target === 'stateMachine')
        b.allow(sid('Start state machines'), ['states:StartExecution'], targetArns(ctx, p, 'stateMachine'));
      // A Glue workflow target with an EVENT trigger is notified, not started (Glue guide,
      // "Starting a workflow with an Amazon EventBridge event").
      else b.allow(sid('Notify Glue workflows'), ['glue:NotifyEvent'], targetArns(ctx, p, 'workflow'));
    }
  return b.empty ? undefined : b.build();
}

/** The Scheduler schedules' role: start exactly the schedules' targets. */
export function schedulerPolicy(ctx: IamContext): PolicyDocument | undefined {
  const b = new PolicyBuilder();
  for (const p of ctx.project.pipelines)
    for (const s of Object.values(p.config.schedules ?? {})) {
      if (s.target === 'stateMachine')
        b.allow(sid('Start state machines'), ['states:StartExecution'], targetArns(ctx, p, 'stateMachine'));
      // Workflows are started through the universal target aws-sdk:glue:startWorkflowRun.
      else b.allow(sid('Start Glue workflows'), ['glue:StartWorkflowRun'], targetArns(ctx, p, 'workflow'));
    }
  return b.empty ? undefined : b.build();
}

// ------------------------------------------------------------------ the report

function trustFor(ctx: IamContext, kind: RoleKind): PolicyDocument {
  const a = ctx.arns;
  const prefix = ctx.env.namePrefix;
  switch (kind) {
    case 'stateMachine':
      return serviceTrust(ROLE_SERVICE[kind], a.account, prefix ? [a.stateMachine(`${prefix}*`)] : undefined);
    case 'events':
      return serviceTrust(
        ROLE_SERVICE[kind],
        a.account,
        prefix ? [a.rule(`${prefix}*`), a.rule(`${prefix}*`, '*')] : undefined,
      );
    case 'scheduler':
      return serviceTrust(ROLE_SERVICE[kind], a.account, [a.scheduleGroup(scheduleGroupName(ctx.env))]);
    default:
      return serviceTrust(ROLE_SERVICE[kind], a.account);
  }
}

export interface IamOptions {
  account: string;
  /** The SDK commands the code sends (default: src/iam/sdk-commands.generated.ts). */
  commands?: readonly SdkCommandUse[];
  /** Those `lakeops plan` and read-only queries send (default: READ_PATH_COMMANDS of the same file). */
  readCommands?: readonly SdkCommandUse[];
}

export function buildIamReport(project: Project, env: Environment, opts: IamOptions): IamReport {
  const ctx = createContext(project, env, opts.account);
  const commands = opts.commands ?? SDK_COMMANDS;
  const readCommands = opts.readCommands ?? READ_PATH_COMMANDS;
  const roles: RolePolicy[] = [];
  const add = (
    id: string,
    kind: PolicyKind,
    description: string,
    policy: PolicyDocument | undefined,
    pipeline?: string,
  ) => {
    if (!policy || !policy.Statement.length) return;
    roles.push({
      id,
      kind,
      ...(pipeline ? { pipeline } : {}),
      description,
      ...(kind === 'deploy' || kind === 'plan' ? {} : { trust: trustFor(ctx, kind) }),
      policy,
      ...sized(policy),
    });
  };
  add(
    'deploy',
    'deploy',
    'The role CI assumes to plan, deploy and run (trust: infra/bootstrap.yaml)',
    deployPolicy(ctx, commands),
  );
  // Pull requests' SQL may only reach an environment lakeops.yaml opens to it (pullRequestQueries):
  // elsewhere the plan role gets no Athena and, with it, no read of the data Athena would scan.
  const prQueries = env.config.pullRequestQueries === true;
  add(
    'plan',
    'plan',
    prQueries
      ? 'The read-only role pull requests assume to plan and, as pullRequestQueries allows, query (trust: infra/bootstrap.yaml)'
      : 'The read-only role pull requests assume to plan; no queries, no data (trust: infra/bootstrap.yaml)',
    planPolicy(
      ctx,
      readCommands.filter((c) => prQueries || c.client !== '@aws-sdk/client-athena'),
    ),
  );
  for (const p of project.pipelines) {
    add(`glue-job/${p.name}`, 'glueJob', `Glue jobs of ${p.name}`, glueJobPolicy(ctx, p), p.name);
    add(`crawler/${p.name}`, 'crawler', `Glue crawlers of ${p.name}`, crawlerPolicy(ctx, p), p.name);
    add(`state-machine/${p.name}`, 'stateMachine', `State machine of ${p.name}`, stateMachinePolicy(ctx, p), p.name);
  }
  add('events', 'events', 'EventBridge rules start their targets', eventsPolicy(ctx));
  add('scheduler', 'scheduler', 'EventBridge Scheduler schedules start their targets', schedulerPolicy(ctx));

  // The roles lakeops.yaml declares carry the union of the policies of their kinds.
  const declared = new Map<string, { role: string; ids: string[]; kinds: Set<PolicyKind> }>();
  for (const r of roles) {
    // lakeops.yaml does not name the plan role: only pull-request jobs assume it.
    if (r.kind === 'plan') continue;
    const role = r.kind === 'deploy' ? env.config.roles?.deploy : declaredRole(ctx, r.kind);
    if (!role) {
      if (r.kind !== 'deploy')
        ctx.diagnostics.push(
          project.source.diagnostic(
            ['environments', env.name, 'roles'],
            `environment "${env.name}" declares no roles.${r.kind}, which ${r.id} needs; add it (infra/bootstrap.yaml creates one per environment)`,
            'iam-role',
            { severity: 'warning' },
          ),
        );
      continue;
    }
    const arn = ctx.arns.role(role);
    const d = declared.get(arn) ?? { role, ids: [], kinds: new Set<PolicyKind>() };
    d.ids.push(r.id);
    d.kinds.add(r.kind);
    declared.set(arn, d);
  }
  const declaredPolicies: DeclaredRolePolicy[] = [...declared.entries()].map(([arn, d]) => {
    const served = roles.filter((r) => d.ids.includes(r.id));
    const policy =
      served.length === 1 ? served[0]!.policy : mergePolicies(served.map((r) => ({ prefix: r.id, doc: r.policy })));
    const services = [
      ...new Set([...d.kinds].filter((k): k is RoleKind => k !== 'deploy' && k !== 'plan').map((k) => ROLE_SERVICE[k])),
    ];
    const trust: PolicyDocument | undefined = services.length
      ? {
          Version: '2012-10-17',
          Statement: services.map(
            (s) =>
              trustFor(
                ctx,
                [...d.kinds].find((k) => k !== 'deploy' && k !== 'plan' && ROLE_SERVICE[k] === s) as RoleKind,
              ).Statement[0]!,
          ),
        }
      : undefined;
    return { role: d.role, arn, serves: d.ids, ...(trust ? { trust } : {}), policy, ...sized(policy) };
  });

  // A declared role serving one policy has that policy: one warning is enough.
  const sizedPolicies = [
    ...roles.map((x) => ({ name: x.id, ...x })),
    ...declaredPolicies.filter((x) => x.serves.length > 1).map((x) => ({ name: x.role, ...x })),
  ];
  for (const r of sizedPolicies) {
    if (r.parts)
      ctx.diagnostics.push({
        file: project.source.path,
        ...project.source.locate(['environments', env.name]),
        severity: 'warning',
        message:
          `the policy of ${r.name} is ${r.size} characters, more than one managed policy holds (${MANAGED_POLICY_LIMIT}): ` +
          (r.size <= INLINE_ROLE_POLICIES_LIMIT
            ? `attach it inline (up to ${INLINE_ROLE_POLICIES_LIMIT} per role) or `
            : '') +
          `attach the ${r.parts.length} managed-policy parts --out writes`,
        rule: 'iam-size',
      });
  }
  return {
    project: project.config.project,
    env: env.name,
    region: env.region,
    account: opts.account,
    roles,
    declared: declaredPolicies,
    bootstrap: { watchedS3Prefixes: watchedS3Prefixes(ctx) },
    commands,
    readCommands,
    diagnostics: dedupeDiagnostics(ctx.diagnostics),
  };
}

function sized(policy: PolicyDocument): { size: number; parts?: PolicyDocument[] } {
  const size = policySize(policy);
  return size > MANAGED_POLICY_LIMIT ? { size, parts: splitPolicy(policy) } : { size };
}

function dedupeDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// Resource scopes (src/iam/actions.ts) as ARNs: for the deploy role, every resource of the
// environment (by name prefix, so resources removed from the model can still be pruned); for a
// pipeline's roles, exactly the pipeline's resources.
import { artifactPrefix, roleFor, scheduleGroupName, stateMachineLogGroup, type RoleKind } from '../planner/names.js';
import { ConfigError } from '../model/diagnostics.js';
import type { Pipeline } from '../model/project.js';
import type { ResourceScope } from './actions.js';
import {
  dedupeLocations,
  parseLocation,
  pipelineDatabases,
  tableDataLocations,
  type IamContext,
  type S3Location,
} from './model-access.js';
import type { ConditionBlock } from './policy.js';

export interface Grant {
  resources: string[];
  condition?: ConditionBlock;
}

/** The Glue log groups: job runs log to /aws-glue/jobs/{output,error,logs-v2}, crawlers to /aws-glue/crawlers. */
export const GLUE_JOB_LOG_GROUPS = '/aws-glue/jobs/*';
export const GLUE_CRAWLER_LOG_GROUP = '/aws-glue/crawlers';

/** The service each role kind is passed to (iam:PassedToService). */
export const ROLE_SERVICE: Record<RoleKind, string> = {
  glueJob: 'glue.amazonaws.com',
  crawler: 'glue.amazonaws.com',
  stateMachine: 'states.amazonaws.com',
  events: 'events.amazonaws.com',
  scheduler: 'scheduler.amazonaws.com',
};

/** The role lakeops.yaml declares for a kind (crawlers fall back to the Glue job role), or undefined. */
export function declaredRole(ctx: IamContext, kind: RoleKind): string | undefined {
  try {
    return roleFor(ctx.env, kind, 'lakeops iam');
  } catch (e) {
    if (e instanceof ConfigError) return undefined;
    throw e;
  }
}

// ------------------------------------------------------------------ S3

export interface S3Options {
  /**
   * Hadoop-style clients (Glue's Spark jobs and crawlers) also stat a folder's own key and write
   * "<dir>_$folder$" marker objects beside it; SDK callers and Athena only use keys under the prefix.
   */
  folderMarkers?: boolean;
}

/** Object ARNs of locations. */
export function objectResources(ctx: IamContext, locs: S3Location[], opts: S3Options = {}): string[] {
  const out: string[] = [];
  for (const l of dedupeLocations(locs)) {
    if ('key' in l) out.push(ctx.arns.object(l.bucket, l.key));
    else {
      out.push(ctx.arns.object(l.bucket, `${l.prefix}*`));
      if (l.prefix && opts.folderMarkers) {
        const dir = l.prefix.replace(/\/$/, '');
        out.push(ctx.arns.object(l.bucket, dir), ctx.arns.object(l.bucket, `${dir}_$folder$`));
      }
    }
  }
  return out;
}

/** s3:ListBucket-style grants: one per bucket, listable only under the locations' prefixes. */
export function bucketGrants(ctx: IamContext, locs: S3Location[], opts: S3Options = {}): Grant[] {
  const byBucket = new Map<string, Set<string> | 'all'>();
  for (const l of dedupeLocations(locs)) {
    const cur = byBucket.get(l.bucket);
    if (cur === 'all') continue;
    if ('prefix' in l && l.prefix === '') {
      byBucket.set(l.bucket, 'all');
      continue;
    }
    const set = cur ?? new Set<string>();
    if ('key' in l) set.add(l.key);
    else {
      set.add(`${l.prefix}*`);
      if (opts.folderMarkers) set.add(l.prefix.replace(/\/$/, ''));
    }
    byBucket.set(l.bucket, set);
  }
  return [...byBucket.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, prefixes]) => ({
      resources: [ctx.arns.bucket(bucket)],
      ...(prefixes === 'all' ? {} : { condition: { StringLike: { 's3:prefix': [...prefixes].sort() } } }),
    }));
}

/** The artifacts bucket's part for this environment: content-addressed artifacts and the deploy record. */
export function artifactsLocation(ctx: IamContext): S3Location | undefined {
  const bucket = ctx.env.config.buckets?.artifacts;
  if (!bucket) return undefined;
  return { bucket, prefix: `${ctx.env.project}/${ctx.env.name}/` };
}

/** Where deployed scripts and SQL files are (what Glue job roles read). */
export function scriptArtifactsLocation(ctx: IamContext): S3Location | undefined {
  const bucket = ctx.env.config.buckets?.artifacts;
  return bucket ? { bucket, prefix: artifactPrefix(ctx.env) } : undefined;
}

export function athenaResultsLocation(ctx: IamContext): S3Location | undefined {
  const uri = ctx.env.config.athena?.resultLocation;
  return uri ? parseLocation(uri) : undefined;
}

export function workgroupName(ctx: IamContext): string {
  return ctx.env.config.athena?.workgroup ?? 'primary';
}

/** Where every catalog table of the model keeps its data (what Athena reads for lakeops' queries). */
export function allDataLocations(ctx: IamContext): S3Location[] {
  return tableDataLocations(ctx);
}

// ------------------------------------------------------------------ names by prefix

type NamedKind = 'job' | 'crawler' | 'workflow' | 'trigger' | 'stateMachine' | 'rule' | 'eventBus' | 'connection';

/** Physical names of the model's resources of a kind. */
export function modelNames(ctx: IamContext, kind: NamedKind, pipelines: Pipeline[] = ctx.project.pipelines): string[] {
  const env = ctx.env;
  const out = new Set<string>();
  for (const p of pipelines) {
    const c = p.config;
    const logical =
      kind === 'connection'
        ? Object.keys(c.connections ?? {})
        : kind === 'job'
          ? Object.keys(c.jobs ?? {})
          : kind === 'crawler'
            ? Object.keys(c.crawlers ?? {})
            : kind === 'workflow'
              ? p.workflowName
                ? [p.workflowName]
                : []
              : kind === 'trigger'
                ? Object.keys(c.workflow?.triggers ?? {})
                : kind === 'stateMachine'
                  ? p.stateMachineName
                    ? [p.stateMachineName]
                    : []
                  : kind === 'rule'
                    ? Object.keys(c.rules ?? {})
                    : Object.keys(c.eventBuses ?? {});
    for (const l of logical) out.add(env.physicalName(kind, l));
  }
  return [...out].sort();
}

/**
 * Name patterns for the deploy role: "<namePrefix>*" when the environment has a prefix (so
 * resources removed from the model can be pruned), otherwise the model's exact names.
 */
function envNames(ctx: IamContext, kind: NamedKind): string[] {
  return ctx.env.namePrefix ? [`${ctx.env.namePrefix}*`] : modelNames(ctx, kind);
}

function envDatabases(ctx: IamContext): string[] {
  if (ctx.env.databasePrefix) return [`${ctx.env.databasePrefix}*`];
  return [...new Set(ctx.project.pipelines.flatMap((p) => pipelineDatabases(ctx, p)))].sort();
}

/** The buses the model's rules sit on (physical names; "default" for the default bus). */
function ruleBuses(ctx: IamContext, pipelines: Pipeline[]): string[] {
  const buses = new Set<string>();
  for (const p of pipelines)
    for (const r of Object.values(p.config.rules ?? {}))
      buses.add(ctx.env.physicalName('eventBus', r.bus ?? 'default'));
  return [...buses].sort();
}

export function catalogResources(
  ctx: IamContext,
  databases: string[],
  tables: (db: string) => string[] = () => ['*'],
): string[] {
  if (!databases.length) return [];
  return [
    ctx.arns.glueCatalog(),
    ...databases.map((d) => ctx.arns.glueDatabase(d)),
    ...databases.flatMap((d) => tables(d).map((t) => ctx.arns.glueTable(d, t))),
  ];
}

/** The deploy role's grants for a scope in this environment. */
export function envScope(ctx: IamContext, scope: ResourceScope, passedTo?: string): Grant[] {
  const a = ctx.arns;
  const names = (kind: NamedKind, arn: (n: string) => string): Grant[] => {
    const ns = envNames(ctx, kind);
    return ns.length ? [{ resources: ns.map(arn) }] : [];
  };
  switch (scope) {
    case 'job':
    case 'crawler':
    case 'workflow':
    case 'trigger':
      return names(scope, (n) => a.glue(scope, n));
    case 'connection': {
      const ns = envNames(ctx, 'connection');
      return ns.length ? [{ resources: [a.glueCatalog(), ...ns.map((n) => a.glue('connection', n))] }] : [];
    }
    case 'connectionCatalog':
      return [{ resources: [a.glueCatalog()] }];
    case 'glueTaggable':
      return [
        {
          resources: [
            ...(['job', 'crawler', 'workflow', 'trigger', 'connection'] as const).flatMap((k) =>
              envNames(ctx, k).map((n) => a.glue(k, n)),
            ),
            ...envDatabases(ctx).map((d) => a.glueDatabase(d)),
          ],
        },
      ];
    case 'catalog':
      return [{ resources: catalogResources(ctx, envDatabases(ctx)) }];
    case 'stateMachine':
      return names('stateMachine', (n) => a.stateMachine(n));
    case 'execution':
      return names('stateMachine', (n) => a.execution(n));
    case 'rule': {
      const buses = new Set(['default', ...ruleBuses(ctx, ctx.project.pipelines)]);
      const rules = envNames(ctx, 'rule');
      if (ctx.env.namePrefix) buses.add(`${ctx.env.namePrefix}*`); // rules on the environment's own buses
      return rules.length ? [{ resources: [...buses].flatMap((b) => rules.map((r) => a.rule(r, b))) }] : [];
    }
    case 'eventBus':
      return names('eventBus', (n) => a.eventBus(n));
    case 'schedule':
      // The environment's schedule group holds only its schedules (src/planner/names.ts).
      return [{ resources: [a.schedule(scheduleGroupName(ctx.env), '*')] }];
    case 'scheduleGroup':
      return [{ resources: [a.scheduleGroup(scheduleGroupName(ctx.env))] }];
    case 'workgroup':
      return [{ resources: [a.workgroup(workgroupName(ctx))] }];
    case 'dataCatalog':
      return [{ resources: [a.dataCatalog(ctx.env.config.athena?.catalog ?? 'AwsDataCatalog')] }];
    case 's3Object': {
      const l = artifactsLocation(ctx);
      return l ? [{ resources: objectResources(ctx, [l]) }] : [];
    }
    case 's3Bucket': {
      const l = artifactsLocation(ctx);
      return l ? bucketGrants(ctx, [l]) : [];
    }
    case 'athenaData': {
      const locs = allDataLocations(ctx);
      return locs.length ? [{ resources: objectResources(ctx, locs) }] : [];
    }
    case 'athenaDataBucket':
      return bucketGrants(ctx, allDataLocations(ctx));
    case 'athenaResults': {
      const l = athenaResultsLocation(ctx);
      return l ? [{ resources: objectResources(ctx, [l]) }] : [];
    }
    case 'athenaResultsBucket': {
      const l = athenaResultsLocation(ctx);
      return l ? bucketGrants(ctx, [l]) : [];
    }
    case 'glueLogStream':
      return [
        {
          resources: [
            a.logStream(GLUE_JOB_LOG_GROUPS, '*'),
            ...envNames(ctx, 'crawler').map((n) => a.logStream(GLUE_CRAWLER_LOG_GROUP, n)),
          ],
        },
      ];
    case 'glueLogGroup':
      return [
        {
          resources: [
            a.logGroup(GLUE_JOB_LOG_GROUPS),
            a.logGroup(GLUE_CRAWLER_LOG_GROUP),
            a.logGroup(`${GLUE_CRAWLER_LOG_GROUP}:*`),
          ],
        },
      ];
    case 'stateMachineLogGroup':
      return [{ resources: envNames(ctx, 'stateMachine').map((n) => a.logGroup(stateMachineLogGroup(n))) }];
    case 'passRole': {
      const kinds = (Object.keys(ROLE_SERVICE) as RoleKind[]).filter((k) => ROLE_SERVICE[k] === passedTo);
      const roles = [...new Set(kinds.map((k) => declaredRole(ctx, k)).filter((r): r is string => !!r))].map((r) =>
        a.role(r),
      );
      return roles.length
        ? [{ resources: roles, condition: { StringEquals: { 'iam:PassedToService': passedTo! } } }]
        : [];
    }
    case 'serviceRole': {
      const kinds = Object.keys(ROLE_SERVICE) as RoleKind[];
      const roles = [...new Set(kinds.map((k) => declaredRole(ctx, k)).filter((r): r is string => !!r))];
      return roles.length ? [{ resources: roles.map((r) => a.role(r)) }] : [];
    }
    case 'any':
      return [{ resources: ['*'] }];
    case 'none':
      return [];
  }
}

/** Sid words for a scope's statement in the deploy policy. */
export const SCOPE_SID: Record<ResourceScope, string> = {
  job: 'Glue jobs',
  crawler: 'Glue crawlers',
  workflow: 'Glue workflows',
  trigger: 'Glue triggers',
  connection: 'Glue connections',
  connectionCatalog: 'Glue connection catalog',
  glueTaggable: 'Glue resource tags',
  catalog: 'Glue catalog',
  stateMachine: 'State machines',
  execution: 'State machine executions',
  rule: 'EventBridge rules',
  eventBus: 'EventBridge buses',
  schedule: 'Scheduler schedules',
  scheduleGroup: 'Scheduler group',
  workgroup: 'Athena workgroup',
  dataCatalog: 'Athena data catalog',
  s3Object: 'Artifacts',
  s3Bucket: 'Artifacts bucket',
  athenaData: 'Athena reads data',
  athenaDataBucket: 'Athena lists data',
  athenaResults: 'Athena results',
  athenaResultsBucket: 'Athena results bucket',
  glueLogStream: 'Glue log streams',
  glueLogGroup: 'Glue log groups',
  stateMachineLogGroup: 'State machine log groups',
  passRole: 'Pass role to',
  serviceRole: 'Service roles',
  any: 'Actions without resource level permissions',
  none: '',
};

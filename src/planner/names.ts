// Physical names and ARNs the AWS target derives from an environment. Every name starts with the
// environment's namePrefix (see Environment.physicalName), so dev, prod and PR environments share
// one account, and least-privilege policies can scope ARNs by that prefix.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { ConfigError } from '../model/diagnostics.js';
import { partitionOf, type Environment } from '../model/environment.js';

export { partitionOf };

export interface AccountContext {
  account: string;
  partition: string;
  region: string;
}

export function accountContext(env: Environment, account: string): AccountContext {
  return { account, partition: partitionOf(env.region), region: env.region };
}

/** The EventBridge Scheduler group holding the environment's schedules (schedules cannot carry tags; groups can). */
export function scheduleGroupName(env: Environment): string {
  return env.physicalName('schedule', env.project);
}

/** Key prefix of deployed artifacts in the artifacts bucket. */
export function artifactPrefix(env: Environment): string {
  return `${env.project}/${env.name}/artifacts/`;
}

/** Content-addressed key: the same bytes always land at the same key, so a repeated deploy uploads nothing. */
export function artifactKey(env: Environment, body: Uint8Array, fileName: string): { key: string; sha256: string } {
  const sha256 = createHash('sha256').update(body).digest('hex');
  return { key: `${artifactPrefix(env)}${sha256}/${posix.basename(fileName)}`, sha256 };
}

/** Where the last deploy's record (spec hashes, used to tell drift from config changes) is kept. */
export function deployRecordKey(env: Environment): string {
  return `${env.project}/${env.name}/state/deployed.json`;
}

export type RoleKind = 'glueJob' | 'crawler' | 'stateMachine' | 'events' | 'scheduler';

/** The role configured for `kind` (crawlers fall back to the Glue job role), or a ConfigError naming what needs it. */
export function roleFor(env: Environment, kind: RoleKind, neededBy: string): string {
  const roles = env.config.roles ?? {};
  const role = roles[kind] ?? (kind === 'crawler' ? roles.glueJob : undefined);
  if (!role)
    throw new ConfigError(
      `environment "${env.name}" declares no roles.${kind} in lakeops.yaml, needed by ${neededBy}; ` +
        `add roles: { ${kind}: <role name or ARN> } to the environment (lakeops iam writes its policy)`,
    );
  return role;
}

export function roleArn(ctx: AccountContext, role: string): string {
  return role.startsWith('arn:') ? role : `arn:${ctx.partition}:iam::${ctx.account}:role/${role}`;
}

export const stateMachineArn = (ctx: AccountContext, name: string): string =>
  `arn:${ctx.partition}:states:${ctx.region}:${ctx.account}:stateMachine:${name}`;

export const glueArn = (
  ctx: AccountContext,
  type: 'job' | 'crawler' | 'trigger' | 'workflow' | 'database' | 'connection',
  name: string,
): string => `arn:${ctx.partition}:glue:${ctx.region}:${ctx.account}:${type}/${name}`;

export const eventBusArn = (ctx: AccountContext, name: string): string =>
  `arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:event-bus/${name}`;

export const ruleArn = (ctx: AccountContext, bus: string, name: string): string =>
  `arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;

export const scheduleGroupArn = (ctx: AccountContext, name: string): string =>
  `arn:${ctx.partition}:scheduler:${ctx.region}:${ctx.account}:schedule-group/${name}`;

/** The log group a state machine with logging writes to (the /aws/vendedlogs/ prefix keeps resource policies small). */
export const stateMachineLogGroup = (name: string): string => `/aws/vendedlogs/states/${name}`;

export const logGroupArn = (ctx: AccountContext, group: string): string =>
  `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${group}:*`;

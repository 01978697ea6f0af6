// Step Functions writes. The definition goes as JSON text; a state machine's type cannot change in
// place, so a type change deletes and re-creates it. State machines that log need their log group
// to exist first (CreateLogGroup; an existing group is fine).
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
  type LogLevel,
  type StateMachineType,
} from '@aws-sdk/client-sfn';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { stateMachineArn, stateMachineLogGroup } from '../../planner/names.js';
import type { DesiredResource } from '../../planner/types.js';
import { isAlreadyExists, unlessNotFound } from './errors.js';
import { tagRecord } from './reader.js';
import { OwnershipConflict, changedFields, type KindWriter, type WriteContext } from './writer.js';

interface SmSpec {
  definition: unknown;
  roleArn: string;
  type: StateMachineType;
  loggingConfiguration: {
    level: LogLevel;
    includeExecutionData: boolean;
    destinations?: { cloudWatchLogsLogGroup: { logGroupArn: string } }[];
  };
  tracingConfiguration: { enabled: boolean };
}

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

async function ensureLogGroup(d: DesiredResource, ctx: WriteContext): Promise<void> {
  const spec = d.spec as unknown as SmSpec;
  if (spec.loggingConfiguration.level === 'OFF') return;
  try {
    await ctx.clients.logs.send(
      new CreateLogGroupCommand({ logGroupName: stateMachineLogGroup(d.name), tags: d.tags }),
    );
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}

/**
 * The state machine's log group goes with it when lakeops created it: CreateLogGroup above tags
 * it with the ownership tags, so a group someone else made (or shares) is left alone.
 */
async function deleteOwnLogGroup(name: string, ctx: WriteContext): Promise<void> {
  const group = stateMachineLogGroup(name);
  const arn = `arn:${ctx.ctx.partition}:logs:${ctx.env.region}:${ctx.ctx.account}:log-group:${group}`;
  const out = await unlessNotFound(ctx.clients.logs.send(new ListLogTagsCommand({ resourceArn: arn })));
  const t = out?.tags ?? {};
  if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name) return;
  await unlessNotFound(ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: group })));
}

function updateInput(d: DesiredResource, arn: string) {
  const spec = d.spec as unknown as SmSpec;
  return {
    stateMachineArn: arn,
    definition: JSON.stringify(spec.definition),
    roleArn: spec.roleArn,
    loggingConfiguration: spec.loggingConfiguration,
    tracingConfiguration: spec.tracingConfiguration,
  };
}

async function create(d: DesiredResource, ctx: WriteContext): Promise<void> {
  const spec = d.spec as unknown as SmSpec;
  await ensureLogGroup(d, ctx);
  try {
    await ctx.clients.sfn.send(
      new CreateStateMachineCommand({
        name: d.name,
        definition: JSON.stringify(spec.definition),
        roleArn: spec.roleArn,
        type: spec.type,
        loggingConfiguration: spec.loggingConfiguration,
        tracingConfiguration: spec.tracingConfiguration,
        tags: tagList(d.tags),
      }),
    );
  } catch (e) {
    // CreateStateMachine is idempotent for an identical definition; a different one raises this.
    if (!isAlreadyExists(e)) throw e;
    const arn = stateMachineArn(ctx.ctx, d.name);
    const { tags } = await ctx.clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    const t = tagRecord(tags);
    if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
      throw new OwnershipConflict('stateMachine', d.name);
    await ctx.clients.sfn.send(new UpdateStateMachineCommand(updateInput(d, arn)));
    await ctx.clients.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: tagList(d.tags) }));
  }
}

export const stateMachineWriter: KindWriter = {
  create,
  async update(d, a, c, ctx) {
    const arn = (a.extra?.arn as string | undefined) ?? stateMachineArn(ctx.ctx, d.name);
    if (c.replace) {
      await ctx.clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
      await create(d, ctx);
      return;
    }
    const fields = changedFields(c);
    fields.delete('Tags');
    if (fields.size) {
      if (fields.has('loggingConfiguration')) await ensureLogGroup(d, ctx);
      await ctx.clients.sfn.send(new UpdateStateMachineCommand(updateInput(d, arn)));
    }
    if (c.retag) await ctx.clients.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: tagList(d.tags) }));
  },
  async delete(a, ctx) {
    const arn = (a.extra?.arn as string | undefined) ?? stateMachineArn(ctx.ctx, a.name);
    await unlessNotFound(ctx.clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })));
    await deleteOwnLogGroup(a.name, ctx);
  },
};

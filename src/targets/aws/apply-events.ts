// EventBridge writes: custom buses, rules and their targets. PutRule is an upsert; tags go with
// PutRule only on creation (EventBridge ignores them for an existing rule), so re-tagging uses
// TagResource. PutTargets reports per-target failures in its response, not as an exception.
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  ListTagsForResourceCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UpdateEventBusCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { eventBusArn, ruleArn } from '../../planner/names.js';
import type { ActualResource, DesiredResource } from '../../planner/types.js';
import { isAlreadyExists, unlessNotFound } from './errors.js';
import { tagRecord } from './reader.js';
import { OwnershipConflict, changedFields, type KindWriter, type WriteContext } from './writer.js';

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export const eventBusWriter: KindWriter = {
  async create(d, ctx) {
    const Description = d.spec.Description as string | undefined;
    try {
      await ctx.clients.events.send(new CreateEventBusCommand({ Name: d.name, Description, Tags: tagList(d.tags) }));
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const arn = eventBusArn(ctx.ctx, d.name);
      const { Tags } = await ctx.clients.events.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
      const t = tagRecord(Tags);
      if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
        throw new OwnershipConflict('eventBus', d.name);
      await ctx.clients.events.send(new UpdateEventBusCommand({ Name: d.name, Description }));
    }
  },
  async update(d, a, c, ctx) {
    const fields = changedFields(c);
    fields.delete('Tags');
    if (fields.size)
      await ctx.clients.events.send(
        new UpdateEventBusCommand({ Name: d.name, Description: d.spec.Description as string | undefined }),
      );
    if (c.retag)
      await ctx.clients.events.send(
        new TagResourceCommand({
          ResourceARN: (a.extra?.arn as string) ?? eventBusArn(ctx.ctx, d.name),
          Tags: tagList(d.tags),
        }),
      );
  },
  async delete(a, ctx) {
    await unlessNotFound(ctx.clients.events.send(new DeleteEventBusCommand({ Name: a.name })));
  },
};

function ruleInput(d: DesiredResource) {
  const s = d.spec;
  return {
    Name: d.name,
    EventBusName: s.EventBusName as string,
    Description: s.Description as string | undefined,
    EventPattern: s.EventPattern === undefined ? undefined : JSON.stringify(s.EventPattern),
    ScheduleExpression: s.ScheduleExpression as string | undefined,
    State: s.State as 'ENABLED' | 'DISABLED',
  };
}

async function putTargets(d: DesiredResource, ctx: WriteContext, staleIds: string[]): Promise<void> {
  const bus = d.spec.EventBusName as string;
  const targets = d.spec.Targets as Target[];
  const out = await ctx.clients.events.send(
    new PutTargetsCommand({ Rule: d.name, EventBusName: bus, Targets: targets }),
  );
  if (out.FailedEntryCount) {
    const f = out.FailedEntries?.[0];
    throw Object.assign(
      new Error(`PutTargets failed for target ${f?.TargetId}: ${f?.ErrorMessage ?? 'unknown error'}`),
      {
        name: f?.ErrorCode ?? 'PutTargetsFailed',
      },
    );
  }
  const keep = new Set(targets.map((t) => t.Id));
  const stale = staleIds.filter((id) => !keep.has(id));
  if (stale.length)
    await ctx.clients.events.send(new RemoveTargetsCommand({ Rule: d.name, EventBusName: bus, Ids: stale }));
}

async function deleteRule(a: ActualResource, ctx: WriteContext): Promise<void> {
  const bus = (a.extra?.bus as string | undefined) ?? (a.spec.EventBusName as string | undefined) ?? 'default';
  const ids = (a.extra?.targetIds as string[] | undefined) ?? [];
  // A rule with targets cannot be deleted.
  if (ids.length)
    await unlessNotFound(
      ctx.clients.events.send(new RemoveTargetsCommand({ Rule: a.name, EventBusName: bus, Ids: ids })),
    );
  await unlessNotFound(ctx.clients.events.send(new DeleteRuleCommand({ Name: a.name, EventBusName: bus })));
}

export const ruleWriter: KindWriter = {
  async create(d, ctx) {
    await ctx.clients.events.send(new PutRuleCommand({ ...ruleInput(d), Tags: tagList(d.tags) }));
    await putTargets(d, ctx, []);
  },
  async update(d, a, c, ctx) {
    if (c.replace) {
      await deleteRule(a, ctx);
      await this.create(d, ctx);
      return;
    }
    const fields = changedFields(c);
    const targetsChanged = fields.delete('Targets');
    fields.delete('Tags');
    if (fields.size) await ctx.clients.events.send(new PutRuleCommand(ruleInput(d)));
    if (targetsChanged) await putTargets(d, ctx, (a.extra?.targetIds as string[] | undefined) ?? []);
    if (c.retag) {
      const arn = (a.extra?.arn as string | undefined) ?? ruleArn(ctx.ctx, d.spec.EventBusName as string, d.name);
      await ctx.clients.events.send(new TagResourceCommand({ ResourceARN: arn, Tags: tagList(d.tags) }));
    }
  },
  delete: deleteRule,
};

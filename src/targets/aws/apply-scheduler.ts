// EventBridge Scheduler writes. Schedules cannot be tagged, so they live in the environment's own
// schedule group, which carries the ownership tags. UpdateSchedule replaces the whole schedule,
// so it always gets the full desired definition.
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateScheduleCommand,
  type CreateScheduleInput,
} from '@aws-sdk/client-scheduler';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { scheduleGroupArn } from '../../planner/names.js';
import type { DesiredResource } from '../../planner/types.js';
import { isAlreadyExists, unlessNotFound } from './errors.js';
import { tagRecord } from './reader.js';
import { OwnershipConflict, withoutUndefined, type KindWriter, type WriteContext } from './writer.js';

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export const scheduleGroupWriter: KindWriter = {
  async create(d, ctx) {
    try {
      await ctx.clients.scheduler.send(new CreateScheduleGroupCommand({ Name: d.name, Tags: tagList(d.tags) }));
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const { Tags } = await ctx.clients.scheduler.send(
        new ListTagsForResourceCommand({ ResourceArn: scheduleGroupArn(ctx.ctx, d.name) }),
      );
      const t = tagRecord(Tags);
      if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
        throw new OwnershipConflict('scheduleGroup', d.name);
    }
  },
  async update(d, a, c, ctx) {
    if (c.retag)
      await ctx.clients.scheduler.send(
        new TagResourceCommand({
          ResourceArn: (a.extra?.arn as string) ?? scheduleGroupArn(ctx.ctx, d.name),
          Tags: tagList(d.tags),
        }),
      );
  },
  async delete() {
    // Never deleted: deleting a group deletes every schedule in it.
  },
};

function scheduleInput(d: DesiredResource): CreateScheduleInput {
  const name = d.name.slice(d.name.indexOf('/') + 1);
  return { ...(withoutUndefined(d.spec) as unknown as CreateScheduleInput), Name: name };
}

async function update(d: DesiredResource, ctx: WriteContext): Promise<void> {
  await ctx.clients.scheduler.send(new UpdateScheduleCommand(scheduleInput(d)));
}

export const scheduleWriter: KindWriter = {
  async create(d, ctx) {
    try {
      await ctx.clients.scheduler.send(new CreateScheduleCommand(scheduleInput(d)));
    } catch (e) {
      // The group is ours, so a schedule already in it is too.
      if (!isAlreadyExists(e)) throw e;
      await update(d, ctx);
    }
  },
  async update(d, _a, _c, ctx) {
    await update(d, ctx);
  },
  async delete(a, ctx) {
    const slash = a.name.indexOf('/');
    await unlessNotFound(
      ctx.clients.scheduler.send(
        new DeleteScheduleCommand({ GroupName: a.name.slice(0, slash), Name: a.name.slice(slash + 1) }),
      ),
    );
  },
};

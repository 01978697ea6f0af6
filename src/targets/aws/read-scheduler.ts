// Reads the environment's EventBridge Scheduler group and its schedules. Schedules cannot carry
// tags, so ownership is the group's: one GetScheduleGroup + one tag read, a paginated
// ListSchedules, and GetSchedule only for desired schedules that exist.
import {
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand,
  paginateListSchedules,
} from '@aws-sdk/client-scheduler';
import type { ActualResource } from '../../planner/types.js';
import { isNotFound } from './errors.js';
import { found, tagRecord, type Reader } from './reader.js';

export async function readSchedules(r: Reader, group: string, desired: string[]): Promise<ActualResource[]> {
  let groupArn: string | undefined;
  try {
    const g = await r.send('scheduler:GetScheduleGroup', () =>
      r.clients.scheduler.send(new GetScheduleGroupCommand({ Name: group })),
    );
    groupArn = g.Arn;
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  const tagsOut = await r.send('scheduler:ListTagsForResource', () =>
    r.clients.scheduler.send(new ListTagsForResourceCommand({ ResourceArn: groupArn })),
  );
  const tags = tagRecord(tagsOut.Tags);
  const out: ActualResource[] = [found(r, 'scheduleGroup', group, {}, tags, { arn: groupArn })];
  const owned = r.isOwned(tags);

  const names: string[] = [];
  for await (const page of paginateListSchedules(
    { client: r.clients.scheduler, pageSize: 100 },
    { GroupName: group },
  )) {
    r.count('scheduler:ListSchedules');
    for (const s of page.Schedules ?? []) if (s.Name) names.push(s.Name);
  }
  const wanted = new Set(desired);
  await Promise.all(
    names.map(async (name) => {
      const key = `${group}/${name}`;
      if (!wanted.has(name)) {
        out.push({ kind: 'schedule', name: key, spec: {}, owned });
        return;
      }
      try {
        const s = await r.send('scheduler:GetSchedule', () =>
          r.clients.scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group })),
        );
        out.push({ kind: 'schedule', name: key, spec: { ...s }, owned });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }),
  );
  return out;
}

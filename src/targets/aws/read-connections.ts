// Reads Glue connections: GetConnection per desired name, GetConnections for delete candidates,
// ownership from GetTags as for every taggable Glue resource (apply-connections.ts writes them).
// Reads pass HidePassword: a connection's credentials never reach a plan.
import { GetConnectionCommand, GetTagsCommand, paginateGetConnections, type Connection } from '@aws-sdk/client-glue';
import { glueArn } from '../../planner/names.js';
import type { ActualResource } from '../../planner/types.js';
import { unlessNotFound } from './errors.js';
import { found, type Reader } from './reader.js';

function connectionSpec(c: Connection): Record<string, unknown> {
  return {
    Description: c.Description,
    ConnectionType: c.ConnectionType,
    ConnectionProperties: c.ConnectionProperties,
    PhysicalConnectionRequirements: c.PhysicalConnectionRequirements,
  };
}

async function tagsOf(r: Reader, name: string): Promise<Record<string, string> | undefined> {
  const out = await unlessNotFound(
    r.send('glue:GetTags', () =>
      r.clients.glue.send(new GetTagsCommand({ ResourceArn: glueArn(r.ctx, 'connection', name) })),
    ),
  );
  return out && (out.Tags ?? {});
}

/** The desired connections by name, and every connection with our name prefix and marks (delete candidates). */
export async function readConnections(r: Reader, desired: string[]): Promise<ActualResource[]> {
  const wanted = new Set(desired);
  const out: ActualResource[] = [];
  await Promise.all(
    desired.map(async (name) => {
      const res = await unlessNotFound(
        r.send('glue:GetConnection', () =>
          r.clients.glue.send(new GetConnectionCommand({ Name: name, HidePassword: true })),
        ),
      );
      if (!res?.Connection) return;
      const tags = await tagsOf(r, name);
      out.push(found(r, 'connection', name, connectionSpec(res.Connection), tags ?? {}));
    }),
  );
  const candidates: string[] = [];
  for await (const page of paginateGetConnections({ client: r.clients.glue, pageSize: 100 }, { HidePassword: true })) {
    r.count('glue:GetConnections');
    for (const c of page.ConnectionList ?? [])
      if (c.Name && !wanted.has(c.Name) && r.mayBeOurs(c.Name)) candidates.push(c.Name);
  }
  await Promise.all(
    candidates.map(async (name) => {
      const tags = await tagsOf(r, name);
      if (tags && r.isOwned(tags)) out.push(found(r, 'connection', name, {}, tags));
    }),
  );
  return out;
}

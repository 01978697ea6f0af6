// Glue connections on AWS: read (GetConnection per desired name, GetConnections for delete
// candidates, ownership from GetTags as for every taggable Glue resource) and write
// (CreateConnection with tags, UpdateConnection with the whole ConnectionInput, DeleteConnection).
// Reads pass HidePassword: a connection's credentials never reach a plan.
import {
  CreateConnectionCommand,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GetTagsCommand,
  TagResourceCommand,
  UpdateConnectionCommand,
  paginateGetConnections,
  type Connection,
  type ConnectionInput,
} from '@aws-sdk/client-glue';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { glueArn } from '../../planner/names.js';
import type { ActualResource, DesiredResource } from '../../planner/types.js';
import { isAlreadyExists, unlessNotFound } from './errors.js';
import { found, type Reader } from './reader.js';
import { OwnershipConflict, changedFields, withoutUndefined, type KindWriter, type WriteContext } from './writer.js';

function connectionSpec(c: Connection): Record<string, unknown> {
  return withoutUndefined({
    Description: c.Description,
    ConnectionType: c.ConnectionType,
    ConnectionProperties: c.ConnectionProperties,
    PhysicalConnectionRequirements: c.PhysicalConnectionRequirements,
  });
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

const input = (d: DesiredResource): ConnectionInput =>
  ({ ...withoutUndefined(d.spec), Name: d.name }) as unknown as ConnectionInput;

async function tag(ctx: WriteContext, name: string, tags: Record<string, string>): Promise<void> {
  if (!Object.keys(tags).length) return;
  await ctx.clients.glue.send(
    new TagResourceCommand({ ResourceArn: glueArn(ctx.ctx, 'connection', name), TagsToAdd: tags }),
  );
}

export const connectionWriter: KindWriter = {
  async create(d, ctx) {
    try {
      await ctx.clients.glue.send(new CreateConnectionCommand({ ConnectionInput: input(d), Tags: d.tags }));
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      // Appeared after the plan read: take the update path only when it carries our marks.
      const t =
        (await ctx.clients.glue.send(new GetTagsCommand({ ResourceArn: glueArn(ctx.ctx, 'connection', d.name) })))
          .Tags ?? {};
      if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
        throw new OwnershipConflict('connection', d.name);
      await ctx.clients.glue.send(new UpdateConnectionCommand({ Name: d.name, ConnectionInput: input(d) }));
      await tag(ctx, d.name, d.tags);
    }
  },
  async update(d, _a, c, ctx) {
    if ([...changedFields(c)].some((f) => f !== 'Tags'))
      await ctx.clients.glue.send(new UpdateConnectionCommand({ Name: d.name, ConnectionInput: input(d) }));
    if (c.retag) await tag(ctx, d.name, d.tags);
  },
  async delete(a, ctx) {
    await unlessNotFound(ctx.clients.glue.send(new DeleteConnectionCommand({ ConnectionName: a.name })));
  },
};

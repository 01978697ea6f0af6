// Writes Glue connections: CreateConnection with ownership tags, UpdateConnection with the whole
// ConnectionInput (it replaces the definition), DeleteConnection; a create that meets an existing
// connection takes the update path only when the connection carries this project's marks.
import {
  CreateConnectionCommand,
  DeleteConnectionCommand,
  GetTagsCommand,
  TagResourceCommand,
  UpdateConnectionCommand,
  type ConnectionInput,
} from '@aws-sdk/client-glue';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { glueArn } from '../../planner/names.js';
import type { DesiredResource } from '../../planner/types.js';
import { isAlreadyExists, unlessNotFound } from './errors.js';
import { OwnershipConflict, changedFields, withoutUndefined, type KindWriter, type WriteContext } from './writer.js';

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

// Glue writes. UpdateJob and UpdateCrawler replace the whole definition, so updates always send
// the full desired spec, never a patch. Creates that meet AlreadyExistsException (a resource that
// appeared after the plan read, or a re-run after an interrupted deploy) take the update path once
// the resource is confirmed ours; deletes of something already gone are done.
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateJobCommand,
  CreateTriggerCommand,
  CreateWorkflowCommand,
  DeleteCrawlerCommand,
  DeleteDatabaseCommand,
  DeleteJobCommand,
  DeleteTriggerCommand,
  DeleteWorkflowCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetTagsCommand,
  StartTriggerCommand,
  TagResourceCommand,
  UpdateCrawlerCommand,
  UpdateDatabaseCommand,
  UpdateJobCommand,
  UpdateTriggerCommand,
  UpdateWorkflowCommand,
  type CreateCrawlerRequest,
  type CreateJobRequest,
  type CreateTriggerRequest,
  type Database,
  type JobUpdate,
  type TriggerUpdate,
} from '@aws-sdk/client-glue';
import { TAG_ENV, TAG_PROJECT } from '../../model/environment.js';
import { glueArn } from '../../planner/names.js';
import type { ActualResource, DesiredResource, PlannedChange } from '../../planner/types.js';
import { isAlreadyExists, isCrawlerRunning, unlessNotFound } from './errors.js';
import { foreignTables, keptDatabaseReason, type ManagedTables } from './ownership-untagged.js';
import { OwnershipConflict, changedFields, withoutUndefined, type KindWriter, type WriteContext } from './writer.js';

type GlueType = 'job' | 'crawler' | 'trigger' | 'workflow' | 'database';

async function tag(ctx: WriteContext, type: GlueType, name: string, tags: Record<string, string>): Promise<void> {
  if (!Object.keys(tags).length) return;
  await ctx.clients.glue.send(new TagResourceCommand({ ResourceArn: glueArn(ctx.ctx, type, name), TagsToAdd: tags }));
}

/** After AlreadyExists on create: continue only if the resource carries our marks. */
async function assertOwned(ctx: WriteContext, type: GlueType, name: string): Promise<void> {
  const out = await ctx.clients.glue.send(new GetTagsCommand({ ResourceArn: glueArn(ctx.ctx, type, name) }));
  const t = out.Tags ?? {};
  if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name) throw new OwnershipConflict(type, name);
}

/** Runs `create`; on AlreadyExists checks ownership and runs `update` instead. */
async function createOrUpdate(
  ctx: WriteContext,
  type: GlueType,
  name: string,
  create: () => Promise<unknown>,
  update: () => Promise<unknown>,
): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    await assertOwned(ctx, type, name);
    await update();
  }
}

const specOnlyChanged = (c: PlannedChange) => [...changedFields(c)].some((f) => f !== 'Tags');

// ------------------------------------------------------------------ databases

function databaseInput(d: DesiredResource, current?: Database) {
  return withoutUndefined({
    Name: d.name,
    Description: d.spec.Description as string | undefined,
    // UpdateDatabase replaces the definition: keep what others set (location, permissions, parameters).
    LocationUri: current?.LocationUri,
    CreateTableDefaultPermissions: current?.CreateTableDefaultPermissions,
    Parameters: { ...(current?.Parameters ?? {}), ...(d.spec.Parameters as Record<string, string>) },
  });
}

export const databaseWriter: KindWriter = {
  async create(d, ctx) {
    try {
      await ctx.clients.glue.send(new CreateDatabaseCommand({ DatabaseInput: databaseInput(d), Tags: d.tags }));
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const { Database: db } = await ctx.clients.glue.send(new GetDatabaseCommand({ Name: d.name }));
      const p = db?.Parameters ?? {};
      if (p[TAG_PROJECT] !== ctx.env.project || p[TAG_ENV] !== ctx.env.name)
        throw new OwnershipConflict('database', d.name);
      await ctx.clients.glue.send(new UpdateDatabaseCommand({ Name: d.name, DatabaseInput: databaseInput(d, db) }));
    }
  },
  async update(d, a, c, ctx) {
    if (specOnlyChanged(c)) {
      const current = (a.extra?.database as Database | undefined) ?? undefined;
      await ctx.clients.glue.send(
        new UpdateDatabaseCommand({ Name: d.name, DatabaseInput: databaseInput(d, current) }),
      );
    }
    if (c.retag) await tag(ctx, 'database', d.name, d.tags);
  },
  async delete(a, ctx) {
    // DeleteDatabase deletes every table in it: look again right before, in case someone added one since the plan.
    const managed = (a.extra?.managed as ManagedTables | undefined) ?? { views: [], crawlers: [] };
    const foreign = await foreignTables(ctx.clients.glue, a.name, managed);
    if (foreign.length) throw new Error(keptDatabaseReason(foreign));
    await unlessNotFound(ctx.clients.glue.send(new DeleteDatabaseCommand({ Name: a.name })));
  },
};

// ------------------------------------------------------------------ jobs

export const jobWriter: KindWriter = {
  async create(d, ctx) {
    const spec = d.spec as unknown as Omit<CreateJobRequest, 'Name'>;
    await createOrUpdate(
      ctx,
      'job',
      d.name,
      () => ctx.clients.glue.send(new CreateJobCommand({ ...withoutUndefined(spec), Name: d.name, Tags: d.tags })),
      async () => {
        await ctx.clients.glue.send(
          new UpdateJobCommand({ JobName: d.name, JobUpdate: withoutUndefined(spec) as JobUpdate }),
        );
        await tag(ctx, 'job', d.name, d.tags);
      },
    );
  },
  async update(d, _a, c, ctx) {
    if (specOnlyChanged(c))
      await ctx.clients.glue.send(
        new UpdateJobCommand({ JobName: d.name, JobUpdate: withoutUndefined(d.spec) as unknown as JobUpdate }),
      );
    if (c.retag) await tag(ctx, 'job', d.name, d.tags);
  },
  async delete(a, ctx) {
    await unlessNotFound(ctx.clients.glue.send(new DeleteJobCommand({ JobName: a.name })));
  },
};

// ------------------------------------------------------------------ crawlers

const RUNNING = new Set(['RUNNING', 'STOPPING']);

/** A running crawler cannot be updated or deleted: wait for it (bounded), or say so clearly. */
async function waitForCrawler(ctx: WriteContext, name: string, state?: string): Promise<void> {
  let current = state;
  if (current === undefined || !RUNNING.has(current)) return;
  const deadline = ctx.clock.now() + ctx.crawlerWaitMs;
  ctx.note(
    `crawler ${name} is ${current.toLowerCase()}; waiting up to ${Math.round(ctx.crawlerWaitMs / 1000)} s for it to finish`,
  );
  while (current && RUNNING.has(current)) {
    if (ctx.clock.now() >= deadline)
      throw Object.assign(
        new Error(
          `crawler ${name} is still ${current} after ${Math.round(ctx.crawlerWaitMs / 1000)} s; a running crawler cannot be ` +
            'updated. Deploy again once it has finished (or stop it: aws glue stop-crawler --name ' +
            `${name}).`,
        ),
        { name: 'CrawlerRunningException' },
      );
    await ctx.clock.sleep(ctx.crawlerPollMs);
    const out = await ctx.clients.glue.send(new GetCrawlerCommand({ Name: name }));
    current = out.Crawler?.State;
  }
}

function crawlerUpdate(d: DesiredResource, a?: ActualResource): CreateCrawlerRequest {
  const spec = withoutUndefined(d.spec) as unknown as CreateCrawlerRequest;
  // UpdateCrawler keeps a field it is not sent: clear strings the model no longer sets.
  const cleared: Record<string, string> = {};
  for (const f of ['Description', 'TablePrefix', 'Schedule', 'Configuration'])
    if (d.spec[f] === undefined && a?.spec[f]) cleared[f] = '';
  return { ...spec, ...cleared, Name: d.name };
}

async function updateCrawler(ctx: WriteContext, d: DesiredResource, a?: ActualResource): Promise<void> {
  await waitForCrawler(ctx, d.name, a?.extra?.State as string | undefined);
  try {
    await ctx.clients.glue.send(new UpdateCrawlerCommand(crawlerUpdate(d, a)));
  } catch (e) {
    if (!isCrawlerRunning(e)) throw e;
    // It started after the plan read it: wait once more, then try again.
    await waitForCrawler(ctx, d.name, 'RUNNING');
    await ctx.clients.glue.send(new UpdateCrawlerCommand(crawlerUpdate(d, a)));
  }
}

export const crawlerWriter: KindWriter = {
  async create(d, ctx) {
    await createOrUpdate(
      ctx,
      'crawler',
      d.name,
      () =>
        ctx.clients.glue.send(
          new CreateCrawlerCommand({
            ...(withoutUndefined(d.spec) as unknown as CreateCrawlerRequest),
            Name: d.name,
            Tags: d.tags,
          }),
        ),
      async () => {
        const { Crawler: cur } = await ctx.clients.glue.send(new GetCrawlerCommand({ Name: d.name }));
        await updateCrawler(ctx, d, { kind: 'crawler', name: d.name, spec: { ...cur }, extra: { State: cur?.State } });
        await tag(ctx, 'crawler', d.name, d.tags);
      },
    );
  },
  async update(d, a, c, ctx) {
    if (specOnlyChanged(c)) await updateCrawler(ctx, d, a);
    if (c.retag) await tag(ctx, 'crawler', d.name, d.tags);
  },
  async delete(a, ctx) {
    await waitForCrawler(ctx, a.name, a.extra?.State as string | undefined);
    await unlessNotFound(ctx.clients.glue.send(new DeleteCrawlerCommand({ Name: a.name })));
  },
};

// ------------------------------------------------------------------ workflows

export const workflowWriter: KindWriter = {
  async create(d, ctx) {
    const spec = withoutUndefined(d.spec);
    await createOrUpdate(
      ctx,
      'workflow',
      d.name,
      () => ctx.clients.glue.send(new CreateWorkflowCommand({ ...spec, Name: d.name, Tags: d.tags })),
      async () => {
        await ctx.clients.glue.send(new UpdateWorkflowCommand({ ...spec, Name: d.name }));
        await tag(ctx, 'workflow', d.name, d.tags);
      },
    );
  },
  async update(d, _a, c, ctx) {
    if (specOnlyChanged(c))
      await ctx.clients.glue.send(new UpdateWorkflowCommand({ ...withoutUndefined(d.spec), Name: d.name }));
    if (c.retag) await tag(ctx, 'workflow', d.name, d.tags);
  },
  async delete(a, ctx) {
    await unlessNotFound(ctx.clients.glue.send(new DeleteWorkflowCommand({ Name: a.name })));
  },
};

// ------------------------------------------------------------------ triggers

function triggerUpdate(d: DesiredResource): TriggerUpdate {
  const s = d.spec;
  return withoutUndefined({
    Name: d.name,
    Description: s.Description,
    Schedule: s.Schedule,
    Actions: s.Actions,
    Predicate: s.Predicate,
    EventBatchingCondition: s.EventBatchingCondition,
  }) as TriggerUpdate;
}

async function createTrigger(d: DesiredResource, ctx: WriteContext): Promise<void> {
  const { State, ...spec } = d.spec;
  const input = {
    ...(withoutUndefined(spec) as unknown as CreateTriggerRequest),
    Name: d.name,
    Tags: d.tags,
    ...(State === 'ACTIVATED' ? { StartOnCreation: true } : {}),
  };
  await createOrUpdate(
    ctx,
    'trigger',
    d.name,
    () => ctx.clients.glue.send(new CreateTriggerCommand(input)),
    async () => {
      await ctx.clients.glue.send(new UpdateTriggerCommand({ Name: d.name, TriggerUpdate: triggerUpdate(d) }));
      if (State === 'ACTIVATED') await ctx.clients.glue.send(new StartTriggerCommand({ Name: d.name }));
      await tag(ctx, 'trigger', d.name, d.tags);
    },
  );
}

export const triggerWriter: KindWriter = {
  create: createTrigger,
  async update(d, a, c, ctx) {
    if (c.replace) {
      await unlessNotFound(ctx.clients.glue.send(new DeleteTriggerCommand({ Name: a.name })));
      await createTrigger(d, ctx);
      return;
    }
    const fields = changedFields(c);
    fields.delete('Tags');
    const stateChanged = fields.delete('State');
    if (fields.size)
      await ctx.clients.glue.send(new UpdateTriggerCommand({ Name: d.name, TriggerUpdate: triggerUpdate(d) }));
    // A scheduled or conditional trigger found deactivated (by hand) is activated again.
    if (stateChanged && d.spec.State === 'ACTIVATED')
      await ctx.clients.glue.send(new StartTriggerCommand({ Name: d.name }));
    if (c.retag) await tag(ctx, 'trigger', d.name, d.tags);
  },
  async delete(a, ctx) {
    await unlessNotFound(ctx.clients.glue.send(new DeleteTriggerCommand({ Name: a.name })));
  },
};

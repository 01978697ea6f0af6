// Reads the Glue side of an environment in batches. Definitions come from BatchGetJobs /
// BatchGetCrawlers / BatchGetTriggers (100 names a call) and BatchGetWorkflows (25); ownership of
// jobs, crawlers and triggers comes from List* filtered by our tags (1,000 names a page), so N
// managed Glue resources take O(N/100) reads and no per-resource tag read. Only workflows (their
// List has no tag filter) and delete candidates get a GetTags each.
import {
  BatchGetCrawlersCommand,
  BatchGetJobsCommand,
  BatchGetTriggersCommand,
  BatchGetWorkflowsCommand,
  GetTagsCommand,
  paginateGetDatabases,
  paginateGetTables,
  paginateListCrawlers,
  paginateListJobs,
  paginateListTriggers,
  paginateListWorkflows,
  type Crawler,
  type Database,
} from '@aws-sdk/client-glue';
import { TAG_ENV, TAG_PIPELINE, TAG_PROJECT } from '../../model/environment.js';
import { glueArn } from '../../planner/names.js';
import type { ActualResource } from '../../planner/types.js';
import { isNotFound, unlessNotFound } from './errors.js';
import { decodePrestoView } from './presto-view.js';
import { chunk, found, type Reader } from './reader.js';

/** Batch sizes the Glue API accepts (BatchGetWorkflows takes at most 25 names). */
export const GLUE_BATCH = { jobs: 100, crawlers: 100, triggers: 100, workflows: 25 };
const LIST_PAGE = 1000;

type GlueKind = 'job' | 'crawler' | 'trigger';

async function ownedNames(r: Reader, kind: GlueKind): Promise<Set<string>> {
  const client = { client: r.clients.glue, pageSize: LIST_PAGE };
  const input = { Tags: r.ownershipFilter };
  const names = new Set<string>();
  if (kind === 'job')
    for await (const page of paginateListJobs(client, input)) {
      r.count('glue:ListJobs');
      for (const n of page.JobNames ?? []) names.add(n);
    }
  else if (kind === 'crawler')
    for await (const page of paginateListCrawlers(client, input)) {
      r.count('glue:ListCrawlers');
      for (const n of page.CrawlerNames ?? []) names.add(n);
    }
  else
    for await (const page of paginateListTriggers(client, input)) {
      r.count('glue:ListTriggers');
      for (const n of page.TriggerNames ?? []) names.add(n);
    }
  return names;
}

/** Tags of one Glue resource, or undefined when it no longer exists. */
export async function glueTags(
  r: Reader,
  type: 'job' | 'crawler' | 'trigger' | 'workflow' | 'database',
  name: string,
): Promise<Record<string, string> | undefined> {
  const out = await unlessNotFound(
    r.send('glue:GetTags', () => r.clients.glue.send(new GetTagsCommand({ ResourceArn: glueArn(r.ctx, type, name) }))),
  );
  return out && (out.Tags ?? {});
}

async function batchGet(r: Reader, kind: GlueKind, names: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const size = GLUE_BATCH[`${kind}s` as const];
  await Promise.all(
    chunk(names, size).map(async (batch) => {
      if (kind === 'job') {
        const res = await r.send('glue:BatchGetJobs', () =>
          r.clients.glue.send(new BatchGetJobsCommand({ JobNames: batch })),
        );
        for (const j of res.Jobs ?? []) if (j.Name) out.set(j.Name, j as Record<string, unknown>);
      } else if (kind === 'crawler') {
        const res = await r.send('glue:BatchGetCrawlers', () =>
          r.clients.glue.send(new BatchGetCrawlersCommand({ CrawlerNames: batch })),
        );
        for (const c of res.Crawlers ?? []) if (c.Name) out.set(c.Name, crawlerSpec(c));
      } else {
        const res = await r.send('glue:BatchGetTriggers', () =>
          r.clients.glue.send(new BatchGetTriggersCommand({ TriggerNames: batch })),
        );
        for (const t of res.Triggers ?? []) if (t.Name) out.set(t.Name, t as Record<string, unknown>);
      }
    }),
  );
  return out;
}

/** GetCrawler reports Schedule as {ScheduleExpression, State}; CreateCrawler takes the expression. */
export function crawlerSpec(c: Crawler): Record<string, unknown> {
  return { ...c, Schedule: c.Schedule?.ScheduleExpression };
}

/** Reads jobs, crawlers or triggers: the desired ones by name, and every owned one (delete candidates). */
export async function readGlueKind(r: Reader, kind: GlueKind, desired: string[]): Promise<ActualResource[]> {
  const [owned, specs] = await Promise.all([ownedNames(r, kind), batchGet(r, kind, desired)]);
  const out: ActualResource[] = [];
  for (const [name, spec] of specs) {
    const extra = kind === 'crawler' ? { State: (spec as Crawler).State } : undefined;
    out.push({ kind, name, spec, owned: owned.has(name), ...(extra ? { extra } : {}) });
  }
  // Owned but not desired: confirm project AND env (and learn the pipeline) before they can be deleted.
  const wanted = new Set(desired);
  await Promise.all(
    [...owned]
      .filter((n) => !wanted.has(n))
      .map(async (name) => {
        const tags = await glueTags(r, kind, name);
        if (tags) out.push(found(r, kind, name, {}, tags));
      }),
  );
  return out;
}

/**
 * Workflows: ListWorkflows has no tag filter, so the ownership marks also travel in the
 * workflow's DefaultRunProperties, which BatchGetWorkflows returns: no tag read per workflow.
 */
export async function readWorkflows(r: Reader, desired: string[]): Promise<ActualResource[]> {
  const wanted = new Set(desired);
  const listed: string[] = [];
  const listing = (async () => {
    for await (const page of paginateListWorkflows({ client: r.clients.glue, pageSize: 25 }, {})) {
      r.count('glue:ListWorkflows');
      listed.push(...(page.Workflows ?? []));
    }
  })();
  const get = async (names: string[]) => {
    const out: Record<string, unknown>[] = [];
    await Promise.all(
      chunk(names, GLUE_BATCH.workflows).map(async (batch) => {
        const res = await r.send('glue:BatchGetWorkflows', () =>
          r.clients.glue.send(new BatchGetWorkflowsCommand({ Names: batch, IncludeGraph: false })),
        );
        out.push(...((res.Workflows ?? []) as Record<string, unknown>[]));
      }),
    );
    return out;
  };
  const [, found] = await Promise.all([listing, get(desired)]);
  // Not desired but possibly ours (delete candidates): their definitions carry the marks too.
  const candidates = await get(listed.filter((n) => !wanted.has(n) && r.mayBeOurs(n)));
  const out: ActualResource[] = [];
  for (const w of [...found, ...candidates]) {
    const name = String(w.Name);
    const marks = (w.DefaultRunProperties as Record<string, string> | undefined) ?? {};
    const owned = marks[TAG_PROJECT] === r.env.project && marks[TAG_ENV] === r.env.name;
    if (!wanted.has(name) && !owned) continue;
    out.push({
      kind: 'workflow',
      name,
      spec: wanted.has(name) ? w : {},
      owned,
      ...(marks[TAG_PIPELINE] ? { pipeline: marks[TAG_PIPELINE] } : {}),
    });
  }
  return out;
}

/** Database Parameters carry our marks (GetDatabases returns them; tags would need a read each). */
function databaseOwnership(r: Reader, db: Database): { owned: boolean; pipeline?: string } {
  const p = db.Parameters ?? {};
  return {
    owned: p[TAG_PROJECT] === r.env.project && p[TAG_ENV] === r.env.name,
    pipeline: p[TAG_PIPELINE] || undefined,
  };
}

export async function readDatabases(
  r: Reader,
  desired: string[],
): Promise<{ resources: ActualResource[]; owned: Set<string>; existing: Set<string> }> {
  const wanted = new Set(desired);
  const resources: ActualResource[] = [];
  const owned = new Set<string>();
  const existing = new Set<string>();
  for await (const page of paginateGetDatabases({ client: r.clients.glue, pageSize: 100 }, {})) {
    r.count('glue:GetDatabases');
    for (const db of page.DatabaseList ?? []) {
      if (!db.Name) continue;
      existing.add(db.Name);
      const o = databaseOwnership(r, db);
      if (o.owned) owned.add(db.Name);
      if (!wanted.has(db.Name) && !o.owned) continue;
      resources.push({
        kind: 'database',
        name: db.Name,
        spec: { Description: db.Description, Parameters: db.Parameters },
        owned: o.owned,
        ...(o.pipeline ? { pipeline: o.pipeline } : {}),
        extra: { database: db },
      });
    }
  }
  return { resources, owned, existing };
}

/**
 * Athena views (and same-name tables) in the given databases, from paginated GetTables. Views
 * cannot carry tags: the caller decides their ownership from their database's marks.
 */
export async function readViews(r: Reader, databases: string[], desiredViews: Set<string>): Promise<ActualResource[]> {
  const out: ActualResource[] = [];
  await Promise.all(
    databases.map(async (db) => {
      try {
        for await (const page of paginateGetTables({ client: r.clients.glue, pageSize: 100 }, { DatabaseName: db })) {
          r.count('glue:GetTables');
          for (const t of page.TableList ?? []) {
            if (!t.Name) continue;
            const name = `${db}.${t.Name}`;
            if (t.TableType === 'VIRTUAL_VIEW') {
              const sql = decodePrestoView(t.ViewOriginalText) ?? t.ViewOriginalText ?? '';
              out.push({ kind: 'view', name, spec: { DatabaseName: db, Name: t.Name, OriginalSql: sql } });
            } else if (desiredViews.has(name)) {
              // A table where a view should be: never replaced, always a conflict.
              out.push({
                kind: 'view',
                name,
                spec: { DatabaseName: db, Name: t.Name, TableType: t.TableType },
                owned: false,
              });
            }
          }
        }
      } catch (e) {
        if (!isNotFound(e)) throw e; // the database does not exist (yet)
      }
    }),
  );
  return out;
}

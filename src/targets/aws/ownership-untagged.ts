// Ownership of what cannot carry lakeops' tags. Choice (docs/deploys.md): the deploy record in the
// artifacts bucket (src/planner/record.ts) is lakeops' own account of what it created, so
//   - a schedule (EventBridge Scheduler schedules take no tags) is lakeops' only when the record
//     lists it: a schedule someone made by hand in lakeops' group is never pruned;
//   - a Glue database lakeops owns is deleted only when every table in it is lakeops': a view the
//     record lists, or a table one of this environment's crawlers made (crawlers set the table
//     parameter UPDATED_BY_CRAWLER to their name:
//     https://docs.aws.amazon.com/glue/latest/dg/table-properties-crawler.html).
//     A database holding any other table is reported and kept.
import { paginateGetTables, type GlueClient } from '@aws-sdk/client-glue';
import type { DeployRecord } from '../../planner/record.js';
import { keyOf, type ActualResource } from '../../planner/types.js';
import { isNotFound } from './errors.js';

/** What lakeops manages inside databases: recorded views and tables of these crawlers. */
export interface ManagedTables {
  views: string[];
  crawlers: string[];
  /** Declared tables (database.table) carrying this environment's marks. */
  tables?: string[];
}

/** Schedules not desired and not in the deploy record are someone else's, whatever their group. */
export function scheduleOwnership(
  resources: Map<string, ActualResource>,
  desired: Set<string>,
  record: DeployRecord | undefined,
): void {
  for (const [key, a] of resources) {
    if (a.kind !== 'schedule' || desired.has(key) || a.owned !== true) continue;
    if (record?.resources[keyOf(a)] === undefined) a.owned = false;
  }
}

/** Names of the tables in `db` that lakeops does not manage (empty when the database is gone). */
export async function foreignTables(
  glue: GlueClient,
  db: string,
  managed: ManagedTables,
  count: () => void = () => {},
): Promise<string[]> {
  const views = new Set(managed.views);
  const crawlers = new Set(managed.crawlers);
  const declared = new Set(managed.tables ?? []);
  const out: string[] = [];
  try {
    for await (const page of paginateGetTables({ client: glue, pageSize: 100 }, { DatabaseName: db })) {
      count();
      for (const t of page.TableList ?? []) {
        if (!t.Name) continue;
        const ours =
          (t.TableType === 'VIRTUAL_VIEW' && views.has(`${db}.${t.Name}`)) ||
          crawlers.has(t.Parameters?.UPDATED_BY_CRAWLER ?? '') ||
          declared.has(`${db}.${t.Name}`);
        if (!ours) out.push(t.Name);
      }
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return out.sort();
}

/** The reason a database is kept, shown in plan and deploy output. */
export function keptDatabaseReason(tables: string[]): string {
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, and ${tables.length - 5} more` : '');
  return `kept: it holds ${tables.length} table(s) lakeops does not manage (${shown}); prune never deletes them`;
}

// Declared tables (kind "table"): paginated GetTables per database that holds a desired table or
// one the deploy record says lakeops created (Glue tables take no tags; GetTables returns the
// ownership marks lakeops keeps in each table's Parameters, so no read per table).
import { paginateGetTables } from '@aws-sdk/client-glue';
import { TAG_ENV, TAG_PIPELINE, TAG_PROJECT } from '../../model/environment.js';
import type { ActualResource } from '../../planner/types.js';
import { isNotFound } from './errors.js';
import type { Reader } from './reader.js';

export async function readTables(r: Reader, desired: string[], recorded: string[]): Promise<ActualResource[]> {
  const wanted = new Set(desired);
  const dbs = [...new Set([...desired, ...recorded].map((n) => n.slice(0, n.indexOf('.'))))];
  const out: ActualResource[] = [];
  await Promise.all(
    dbs.map(async (db) => {
      try {
        for await (const page of paginateGetTables({ client: r.clients.glue, pageSize: 100 }, { DatabaseName: db })) {
          r.count('glue:GetTables');
          for (const t of page.TableList ?? []) {
            if (!t.Name || t.TableType === 'VIRTUAL_VIEW') continue;
            const name = `${db}.${t.Name}`;
            const marks = t.Parameters ?? {};
            const owned = marks[TAG_PROJECT] === r.env.project && marks[TAG_ENV] === r.env.name;
            if (!wanted.has(name) && !owned) continue;
            out.push({
              kind: 'table',
              name,
              spec: { ...(t as unknown as Record<string, unknown>), DatabaseName: db },
              owned,
              ...(marks[TAG_PIPELINE] ? { pipeline: marks[TAG_PIPELINE] } : {}),
              extra: { table: t },
            });
          }
        }
      } catch (e) {
        if (!isNotFound(e)) throw e; // the database does not exist (yet)
      }
    }),
  );
  return out;
}

// Glue crawlers, databases and Athena views back to `crawlers:`, `databases:` and `views:`: the
// reverse of the crawler and database parts of planner/desired/glue.ts and of desired/views.ts.
import type { CrawlerConfig, ViewConfig } from '../model/schema.js';
import type { ImportContext } from './context.js';
import type { Converted } from './glue-jobs.js';
import type { Found } from './read.js';

interface S3Target {
  Path?: string;
  Exclusions?: string[];
}

export function convertCrawler(c: ImportContext, f: Found): Converted<CrawlerConfig> {
  const s = f.actual.spec;
  const dbPhysical = String(s.DatabaseName ?? '');
  const database = c.logical('database', dbPhysical);
  if (database === undefined) return { skip: `its database ${dbPhysical} is not imported` };
  const targets = ((s.Targets as { S3Targets?: S3Target[] } | undefined)?.S3Targets ?? []).filter((t) => t.Path);
  if (!targets.length) return { skip: 'it has no S3 targets (lakeops crawlers crawl S3 paths only)' };
  const config: CrawlerConfig = {
    ...(s.Description ? { description: String(s.Description) } : {}),
    database,
    targets: targets.map((t) => ({
      path: c.unsub.text(t.Path!),
      ...(t.Exclusions?.length ? { exclusions: t.Exclusions } : {}),
    })),
  };
  if (s.TablePrefix) config.tablePrefix = String(s.TablePrefix);
  if (s.Schedule) config.schedule = String(s.Schedule);
  const recrawl = (s.RecrawlPolicy as { RecrawlBehavior?: string } | undefined)?.RecrawlBehavior;
  if (recrawl === 'CRAWL_NEW_FOLDERS_ONLY') config.recrawl = 'new-folders-only';
  return { config };
}

export function convertDatabase(f: Found): { description?: string } {
  const d = f.actual.spec.Description;
  return d ? { description: String(d) } : {};
}

/** The physical database a crawler writes to. */
export const crawlerDatabase = (f: Found): string => String(f.actual.spec.DatabaseName ?? '');

/** A view: its SELECT (as Athena keeps it) in a file of the pipeline, names reverse-substituted. */
export function convertView(c: ImportContext, pipeline: string, f: Found): Converted<ViewConfig> {
  const s = f.actual.spec;
  const database = c.logical('database', String(s.DatabaseName));
  if (database === undefined) return { skip: `its database ${String(s.DatabaseName)} is not imported` };
  if (typeof s.OriginalSql !== 'string' || !s.OriginalSql.trim()) return { skip: 'its SQL could not be read' };
  const sql = `pipelines/${pipeline}/sql/views/${f.logical}.sql`;
  c.addFile(pipeline, { path: sql, content: `${c.unsub.text(s.OriginalSql.trim())}\n` });
  return { config: { database, sql } };
}

// Glue catalog and orchestration: databases, crawlers, the workflow and its triggers.
import type { Pipeline } from '../../model/project.js';
import type { JsonPath } from '../../model/source-file.js';
import { roleFor } from '../names.js';
import { ownershipParameters, type Builder } from './builder.js';

export function databases(b: Builder, p: Pipeline): void {
  for (const [logical, d] of Object.entries(p.config.databases ?? {})) {
    const tags = b.tags(p);
    b.add({
      kind: 'database',
      name: b.phys('database', logical),
      logical,
      pipeline: p.name,
      ...b.where(p, ['databases', logical]),
      // Database Parameters carry the ownership marks too: GetDatabases returns them, so ownership
      // is known without a tag read per database.
      spec: { Description: d.description, Parameters: ownershipParameters(tags) },
      tags,
    });
  }
}

export function crawlers(b: Builder, p: Pipeline): void {
  for (const [logical, c] of Object.entries(p.config.crawlers ?? {})) {
    const path: JsonPath = ['crawlers', logical];
    const newFoldersOnly = c.recrawl === 'new-folders-only';
    b.add(
      {
        kind: 'crawler',
        name: b.phys('crawler', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: c.description,
          Role: roleFor(b.env, 'crawler', `crawler "${logical}" (${p.source.path})`),
          DatabaseName: b.phys('database', c.database),
          Targets: {
            S3Targets: c.targets.map((t, i) => ({
              Path: b.text(p, [...path, 'targets', i, 'path'], t.path),
              ...(t.exclusions?.length ? { Exclusions: t.exclusions } : {}),
            })),
          },
          TablePrefix: c.tablePrefix,
          Schedule: c.schedule,
          RecrawlPolicy: { RecrawlBehavior: newFoldersOnly ? 'CRAWL_NEW_FOLDERS_ONLY' : 'CRAWL_EVERYTHING' },
          // Crawling only new folders requires the crawler to log, not apply, schema changes.
          SchemaChangePolicy: newFoldersOnly
            ? { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' }
            : { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DEPRECATE_IN_DATABASE' },
        },
        tags: b.tags(p, c.tags),
      },
      p,
      path,
    );
  }
}

const CRAWL_STATES: Record<string, string> = {
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  STOPPED: 'CANCELLED',
};

export function workflow(b: Builder, p: Pipeline): void {
  const w = p.config.workflow;
  if (!w || !p.workflowName) return;
  const wfName = b.phys('workflow', p.workflowName);
  b.add(
    {
      kind: 'workflow',
      name: wfName,
      logical: p.workflowName,
      pipeline: p.name,
      ...b.where(p, ['workflow']),
      spec: {
        Description: w.description,
        // The ownership marks ride along in the run properties: BatchGetWorkflows returns them, while
        // tags would need a GetTags call per workflow (ListWorkflows cannot filter by tag).
        DefaultRunProperties: { ...(w.runProperties ?? {}), ...ownershipParameters(b.tags(p)) },
        MaxConcurrentRuns: w.maxConcurrentRuns,
      },
      tags: b.tags(p),
    },
    p,
    ['workflow'],
  );
  for (const [logical, t] of Object.entries(w.triggers)) {
    const path: JsonPath = ['workflow', 'triggers', logical];
    const conditions = (t.conditions ?? []).map((c) =>
      c.job
        ? { LogicalOperator: 'EQUALS', JobName: b.phys('job', c.job), State: c.state }
        : {
            LogicalOperator: 'EQUALS',
            CrawlerName: b.phys('crawler', c.crawler!),
            CrawlState: CRAWL_STATES[c.state] ?? c.state,
          },
    );
    b.add(
      {
        kind: 'trigger',
        name: b.phys('trigger', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          WorkflowName: wfName,
          Type: t.type,
          Description: t.description,
          Schedule: t.schedule,
          ...(t.type === 'CONDITIONAL'
            ? { Predicate: { Logical: t.logical === 'ANY' ? 'ANY' : 'AND', Conditions: conditions } }
            : {}),
          Actions: t.actions.map((a, i) => ({
            ...(a.job ? { JobName: b.phys('job', a.job) } : { CrawlerName: b.phys('crawler', a.crawler!) }),
            // Glue Action.Timeout: the job run's timeout in minutes, overriding the job's own
            // (https://docs.aws.amazon.com/glue/latest/webapi/API_Action.html).
            ...(a.timeoutMinutes !== undefined ? { Timeout: a.timeoutMinutes } : {}),
            ...(a.arguments
              ? {
                  Arguments: Object.fromEntries(
                    Object.entries(a.arguments).map(([k, v]) => [
                      k,
                      b.text(p, [...path, 'actions', i, 'arguments', k], v),
                    ]),
                  ),
                }
              : {}),
          })),
          ...(t.batch
            ? { EventBatchingCondition: { BatchSize: t.batch.size, BatchWindow: t.batch.windowSeconds ?? 900 } }
            : {}),
          // Scheduled and conditional triggers must be activated to fire (StartOnCreation on create,
          // StartTrigger when found deactivated); EVENT triggers fire from EventBridge as created.
          ...(t.type === 'SCHEDULED' || t.type === 'CONDITIONAL' ? { State: 'ACTIVATED' } : {}),
        },
        tags: b.tags(p),
      },
      p,
      path,
    );
  }
}

// Reads what the account holds, read-only: every name of each kind (List*/GetDatabases, no tag
// filter), then the definitions of those that fit the environment's naming pattern through the AWS
// target's own readers, so the specs have exactly the shapes `lakeops plan` compares.
import {
  paginateGetDatabases,
  paginateListCrawlers,
  paginateListJobs,
  paginateListTriggers,
  paginateListWorkflows,
} from '@aws-sdk/client-glue';
import { ListEventBusesCommand, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { paginateListSchedules } from '@aws-sdk/client-scheduler';
import { paginateListStateMachines } from '@aws-sdk/client-sfn';
import type { ProjectConfig } from '../model/schema.js';
import { TAG_PIPELINE, type ResourceKind } from '../model/environment.js';
import { deployRecordKey, scheduleGroupName } from '../planner/names.js';
import { keyOf, type ActualResource } from '../planner/types.js';
import { readDatabases, readGlueKind, readViews, readWorkflows } from '../targets/aws/read-glue.js';
import { readEventBuses, readRules } from '../targets/aws/read-events.js';
import { readSchedules } from '../targets/aws/read-scheduler.js';
import { readDeployRecord } from '../targets/aws/read-s3.js';
import { readStateMachines } from '../targets/aws/read-sfn.js';
import type { Reader } from '../targets/aws/reader.js';
import { logicalName } from './names.js';
import type { ImportKind, SkippedResource } from './types.js';

export interface Found {
  kind: ImportKind;
  physical: string;
  logical: string;
  actual: ActualResource;
}

export interface Snapshot {
  /** Resources that fit the environment's naming pattern, by keyOf(kind, physical). */
  found: Map<string, Found>;
  skipped: SkippedResource[];
  /** The environment's schedule group. */
  scheduleGroup: string;
}

async function collect<P>(pages: AsyncIterable<P>, r: Reader, op: string, names: (p: P) => (string | undefined)[]) {
  const out: string[] = [];
  for await (const page of pages) {
    r.count(op);
    for (const n of names(page)) if (n) out.push(n);
  }
  return out;
}

export async function readAccount(r: Reader, project: ProjectConfig): Promise<Snapshot> {
  const glue = { client: r.clients.glue, pageSize: 1000 };
  const group = scheduleGroupName(r.env);
  const [jobs, crawlers, triggers, workflows, databases, machines, buses, schedules] = await Promise.all([
    collect(paginateListJobs(glue, {}), r, 'glue:ListJobs', (p) => p.JobNames ?? []),
    collect(paginateListCrawlers(glue, {}), r, 'glue:ListCrawlers', (p) => p.CrawlerNames ?? []),
    collect(paginateListTriggers(glue, {}), r, 'glue:ListTriggers', (p) => p.TriggerNames ?? []),
    collect(
      paginateListWorkflows({ client: r.clients.glue, pageSize: 25 }, {}),
      r,
      'glue:ListWorkflows',
      (p) => p.Workflows ?? [],
    ),
    collect(paginateGetDatabases({ client: r.clients.glue, pageSize: 100 }, {}), r, 'glue:GetDatabases', (p) =>
      (p.DatabaseList ?? []).map((d) => d.Name),
    ),
    collect(paginateListStateMachines({ client: r.clients.sfn, pageSize: 1000 }, {}), r, 'sfn:ListStateMachines', (p) =>
      (p.stateMachines ?? []).map((s) => s.name),
    ),
    listBuses(r),
    collect(
      paginateListSchedules({ client: r.clients.scheduler, pageSize: 100 }, {}),
      r,
      'scheduler:ListSchedules',
      (p) => (p.Schedules ?? []).map((s) => `${s.GroupName ?? 'default'}/${s.Name}`),
    ),
  ]);

  const skipped: SkippedResource[] = [];
  const fitting = new Map<ImportKind, Map<string, string>>();
  const sort = (kind: ImportKind, modelKind: ResourceKind, names: string[]) => {
    const m = new Map<string, string>();
    for (const physical of names) {
      const rev = logicalName(r.env, project, modelKind, physical);
      if ('logical' in rev) m.set(physical, rev.logical);
      else skipped.push({ kind, physical, reason: rev.reason });
    }
    fitting.set(kind, m);
  };
  sort('job', 'job', jobs);
  sort('crawler', 'crawler', crawlers);
  sort('trigger', 'trigger', triggers);
  sort('workflow', 'workflow', workflows);
  sort('database', 'database', databases);
  sort('stateMachine', 'stateMachine', machines);
  sort(
    'eventBus',
    'eventBus',
    buses.filter((b) => b !== 'default'),
  );
  const inGroup: string[] = [];
  for (const s of schedules) {
    if (s.startsWith(`${group}/`)) inGroup.push(s.slice(group.length + 1));
    else
      skipped.push({
        kind: 'schedule',
        physical: s,
        reason: `it is in schedule group "${s.split('/')[0]}"; lakeops keeps environment ${r.env.name}'s schedules in group "${group}" (recreate it there, or declare it in pipeline.yaml and deploy)`,
      });
  }
  sort('schedule', 'schedule', inGroup);
  const names = (k: ImportKind) => [...fitting.get(k)!.keys()];

  // Rules: on the default bus and on every bus that fits the pattern.
  const ruleBuses = ['default', ...names('eventBus')];
  const rulesByBus = await Promise.all(ruleBuses.map((b) => listRuleNames(r, b)));
  const ruleBus = new Map<string, string>();
  const ruleNames: string[] = [];
  ruleBuses.forEach((bus, i) => {
    for (const n of rulesByBus[i]!) {
      if (ruleBus.has(n)) {
        skipped.push({
          kind: 'rule',
          physical: `${bus}/${n}`,
          reason: `a rule named "${n}" also exists on bus ${ruleBus.get(n)}; lakeops rule names are unique per environment`,
        });
        continue;
      }
      ruleBus.set(n, bus);
      ruleNames.push(n);
    }
  });
  sort('rule', 'rule', ruleNames);

  const [
    dbs,
    jobSpecs,
    crawlerSpecs,
    triggerSpecs,
    wfSpecs,
    smSpecs,
    busSpecs,
    ruleSpecs,
    scheduleSpecs,
    views,
    record,
  ] = await Promise.all([
    readDatabases(r, names('database')),
    readGlueKind(r, 'job', names('job')),
    readGlueKind(r, 'crawler', names('crawler')),
    readGlueKind(r, 'trigger', names('trigger')),
    readWorkflows(r, names('workflow')),
    readStateMachines(r, names('stateMachine')),
    readEventBuses(r, names('eventBus')),
    readRules(
      r,
      new Map(names('rule').map((n) => [n, ruleBus.get(n)!])),
      ruleBuses.filter((b) => b !== 'default'),
    ),
    readSchedules(r, group, names('schedule')),
    // Athena views of the databases that fit (tables are the crawlers' and jobs' output, not imported).
    readViews(r, names('database'), new Set()),
    // The last deploy's record names the pipeline of owned resources whose reads carry no tags.
    readDeployRecord(r, r.env.bucket('artifacts'), deployRecordKey(r.env)),
  ]);
  const viewNames = new Map<string, string>();
  for (const v of views) {
    const name = String(v.spec.Name);
    if (/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(name)) viewNames.set(v.name, name);
    else skipped.push({ kind: 'view', physical: v.name, reason: `"${name}" is not a logical name lakeops accepts` });
  }
  fitting.set('view', viewNames);

  const found = new Map<string, Found>();
  for (const a of [
    ...dbs.resources,
    ...jobSpecs,
    ...crawlerSpecs,
    ...triggerSpecs,
    ...wfSpecs,
    ...smSpecs,
    ...busSpecs,
    ...ruleSpecs,
    ...scheduleSpecs,
    ...views,
  ]) {
    if (a.kind === 'scheduleGroup' || a.kind === 'artifact') continue;
    const kind = a.kind as ImportKind;
    const physical = kind === 'schedule' ? a.name.slice(group.length + 1) : a.name;
    const logical = fitting.get(kind)?.get(physical);
    // Readers also return owned resources by name alone (delete candidates): only those listed count.
    if (logical === undefined || !Object.keys(a.spec).length) continue;
    if (kind === 'rule' && a.extra?.bus !== ruleBus.get(physical)) continue;
    if (a.owned && !a.pipeline) a.pipeline = record?.resources[keyOf(a)]?.tags?.[TAG_PIPELINE] || undefined;
    found.set(keyOf(a), { kind, physical: a.name, logical, actual: a });
  }
  return { found, skipped, scheduleGroup: group };
}

async function listBuses(r: Reader): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await r.send('events:ListEventBuses', () =>
      r.clients.events.send(new ListEventBusesCommand({ NextToken, Limit: 100 })),
    );
    for (const b of page.EventBuses ?? []) if (b.Name) out.push(b.Name);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

async function listRuleNames(r: Reader, bus: string): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await r.send('events:ListRules', () =>
      r.clients.events.send(new ListRulesCommand({ EventBusName: bus, NextToken, Limit: 100 })),
    );
    for (const rule of page.Rules ?? []) if (rule.Name) out.push(rule.Name);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

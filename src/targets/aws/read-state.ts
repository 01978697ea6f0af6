// Reads the actual state an environment's plan needs, every service in parallel. Reads that
// depend on another read's answer (rules of buses about to be pruned, views of owned databases
// that no desired view names) run in a second, usually empty, round.
import type { DeployRecord } from '../../planner/record.js';
import type { DesiredState } from '../../planner/desired.js';
import { deployRecordKey } from '../../planner/names.js';
import { keyOf, type ActualResource, type ManagedKind } from '../../planner/types.js';
import { readConnections } from './read-connections.js';
import { readDatabases, readGlueKind, readViews, readWorkflows } from './read-glue.js';
import { readEventBuses, readRules } from './read-events.js';
import { readArtifacts, readDeployRecord } from './read-s3.js';
import { readSchedules } from './read-scheduler.js';
import { readStateMachines } from './read-sfn.js';
import { readOwnedIndex } from './read-tagging.js';
import { readTables } from './read-tables.js';
import { externalResourceKeys } from '../../planner/external.js';
import type { Reader } from './reader.js';
import { foreignTables, keptDatabaseReason, scheduleOwnership } from './ownership-untagged.js';

export interface ActualState {
  resources: Map<string, ActualResource>;
  record?: DeployRecord;
}

export async function readActualState(r: Reader, desired: DesiredState): Promise<ActualState> {
  const of = (kind: ManagedKind) => desired.resources.filter((d) => d.kind === kind);
  const names = (kind: ManagedKind) => of(kind).map((d) => d.name);
  const desiredRules = new Map(of('rule').map((d) => [d.name, String(d.spec.EventBusName ?? 'default')]));
  const desiredBuses = names('eventBus');
  const desiredViews = new Set(names('view'));
  const viewDbs = [...new Set(of('view').map((d) => String(d.spec.DatabaseName)))];
  const scheduleNames = names('schedule').map((n) => n.slice(desired.scheduleGroup.length + 1));

  // Owned ARNs and their tags in a few paginated calls, instead of a tag read per state machine,
  // rule and bus (read-tagging.ts says what it can and cannot decide).
  const ownedIndex = readOwnedIndex(r);
  ownedIndex.catch(() => undefined); // its failure reaches the readers that await it, not the process
  const [record, artifacts, dbs, jobs, crawlers, triggers, workflows, machines, buses, rules, schedules, views] =
    await Promise.all([
      readDeployRecord(r, desired.artifactsBucket, deployRecordKey(r.env)),
      readArtifacts(r, desired.artifactsBucket, desired.artifactPrefix, names('artifact')),
      readDatabases(r, names('database')),
      readGlueKind(r, 'job', names('job')),
      readGlueKind(r, 'crawler', names('crawler')),
      readGlueKind(r, 'trigger', names('trigger')),
      readWorkflows(r, names('workflow')),
      readStateMachines(r, names('stateMachine'), ownedIndex),
      readEventBuses(r, desiredBuses, ownedIndex),
      readRules(r, desiredRules, [...desiredBuses, ...desiredRules.values()], ownedIndex),
      readSchedules(r, desired.scheduleGroup, scheduleNames),
      readViews(r, viewDbs, desiredViews),
    ]);

  // Second round: rules on owned buses that are no longer desired (they go before their bus), and
  // views lakeops created that are no longer desired.
  const extraBuses = buses.filter((b) => b.owned && !desiredBuses.includes(b.name)).map((b) => b.name);
  // Views cannot be tagged: the ones lakeops created are those in the deploy record.
  const recordedViews = Object.keys(record?.resources ?? {})
    .filter((k) => k.startsWith('view:') && !desiredViews.has(k.slice('view:'.length)))
    .map((k) => k.slice('view:'.length));
  const extraDbs = [
    ...new Set(
      recordedViews.map((v) => v.slice(0, v.indexOf('.'))).filter((db) => dbs.owned.has(db) && !viewDbs.includes(db)),
    ),
  ];
  // Connections are read only when the model or the last deploy has any (no extra calls otherwise).
  const recordedConnections = Object.keys(record?.resources ?? {}).some((k) => k.startsWith('connection:'));
  // Declared tables: the desired ones, and those the record says lakeops created (tables take no tags).
  const recordedTables = Object.keys(record?.resources ?? {})
    .filter((k) => k.startsWith('table:'))
    .map((k) => k.slice('table:'.length));
  const [moreRules, moreViews, tables, conns] = await Promise.all([
    extraBuses.length ? readRules(r, new Map(), extraBuses, ownedIndex) : Promise.resolve([]),
    readViews(r, extraDbs, desiredViews),
    readTables(r, names('table'), recordedTables),
    names('connection').length || recordedConnections ? readConnections(r, names('connection')) : Promise.resolve([]),
  ]);

  const resources = new Map<string, ActualResource>();
  const put = (a: ActualResource) => {
    if (!resources.has(keyOf(a))) resources.set(keyOf(a), a);
  };
  for (const list of [
    artifacts,
    dbs.resources,
    jobs,
    crawlers,
    triggers,
    workflows,
    machines,
    buses,
    rules,
    moreRules,
    schedules,
    tables,
    conns,
  ])
    list.forEach(put);
  for (const v of [...views, ...moreViews]) {
    if (v.owned === undefined) {
      const db = String(v.spec.DatabaseName);
      // A view's database owns it; views not desired are deletable only when lakeops created them.
      const created = desiredViews.has(v.name) || record?.resources[keyOf(v)] !== undefined;
      v.owned = dbs.existing.has(db) ? dbs.owned.has(db) && created : false;
      if (!desiredViews.has(v.name) && !v.owned) continue;
    }
    put(v);
  }
  // What cannot be tagged is lakeops' only when lakeops recorded creating it (ownership-untagged.ts).
  const desiredKeys = new Set(desired.resources.map((d) => keyOf(d)));
  scheduleOwnership(resources, desiredKeys, record);
  const managed = {
    views: Object.keys(record?.resources ?? {})
      .filter((k) => k.startsWith('view:'))
      .map((k) => k.slice('view:'.length)),
    crawlers: [...names('crawler'), ...crawlers.filter((c) => c.owned).map((c) => c.name)],
    tables: tables.filter((t) => t.owned).map((t) => t.name),
  };
  const dbCandidates = dbs.resources.filter((d) => d.owned && !desiredKeys.has(keyOf(d)));
  await Promise.all(
    dbCandidates.map(async (d) => {
      const foreign = await foreignTables(r.clients.glue, d.name, managed, () => r.count('glue:GetTables'));
      d.extra = { ...d.extra, managed, ...(foreign.length ? { keep: keptDatabaseReason(foreign) } : {}) };
    }),
  );
  // Resources owned elsewhere (external: in lakeops.yaml) are never candidates to update, adopt or delete.
  for (const key of externalResourceKeys(r.env)) resources.delete(key);
  return { resources, record };
}

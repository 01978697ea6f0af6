// Puts a desired spec and a read-back spec into one canonical shape before they are compared:
// only the fields lakeops manages (plus the hand-settable ones an update would overwrite), AWS's
// documented defaults filled in, server-managed fields (CreatedOn, Version, ARNs...) dropped,
// empty values removed, JSON strings parsed and order-insensitive lists sorted. Deploy followed
// by plan shows no changes exactly when this round-trips.
import { createHash } from 'node:crypto';
import { transpile, Dialect } from '@polyglot-sql/sdk'; // a real SQL parser: view SQL is compared by its parse, not its spacing
import type { ManagedKind, Spec } from './types.js';

type Json = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops undefined/null/''/[]/{} recursively and sorts object keys (stable hashing and display). */
export function clean(v: Json): Json {
  if (Array.isArray(v)) {
    const items = v.map(clean).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = clean(v[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === undefined || v === '') return undefined;
  return v;
}

function pick(spec: Spec, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (spec[f] !== undefined) out[f] = spec[f];
  return out;
}

function parseJsonText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** "arn:aws:iam::1:role/x" and "x" name the same role; Glue stores whichever was sent. */
function roleName(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const i = v.indexOf(':role/');
  return i >= 0 ? v.slice(i + ':role/'.length) : v;
}

const withDefault = <T>(v: T | undefined, d: T): T => (v === undefined || v === null ? d : v);

const sqlCache = new Map<string, string>();
/**
 * The canonical text of a view's SELECT: parsed and regenerated in Athena's dialect without
 * comments, so spacing, comments and keyword case do not count as changes. SQL the parser cannot
 * read falls back to its whitespace-collapsed text.
 */
export function canonicalSql(sql: string): string {
  const cached = sqlCache.get(sql);
  if (cached !== undefined) return cached;
  let out = sql.replace(/\s+/g, ' ').trim();
  try {
    const r = transpile(sql, Dialect.Athena, Dialect.Athena);
    if (r.success && r.sql?.length === 1) out = r.sql[0]!.replace(/\/\*[\s\S]*?\*\/\s*/g, '').trim();
  } catch {
    // keep the whitespace-collapsed text
  }
  sqlCache.set(sql, out);
  return out;
}

const JOB_FIELDS = [
  'Description',
  'Role',
  'Command',
  'DefaultArguments',
  'NonOverridableArguments',
  'Connections',
  'GlueVersion',
  'WorkerType',
  'NumberOfWorkers',
  'MaxCapacity',
  'Timeout',
  'MaxRetries',
  'ExecutionProperty',
  'ExecutionClass',
  'SecurityConfiguration',
  'NotificationProperty',
  'LogUri',
] as const;

function job(s: Spec): Json {
  const o = pick(s, JOB_FIELDS);
  o.Role = roleName(o.Role);
  const cmd = { ...((o.Command as Record<string, unknown>) ?? {}) };
  delete cmd.Runtime;
  o.Command = cmd;
  // With a worker type, AWS reports the derived MaxCapacity too; it is not a setting then.
  if (o.WorkerType) delete o.MaxCapacity;
  if (o.Command && (cmd.Name === 'glueetl' || cmd.Name === undefined))
    cmd.PythonVersion = withDefault(cmd.PythonVersion, '3');
  if (cmd.Name !== 'gluestreaming') o.Timeout = withDefault(o.Timeout, 2880);
  o.MaxRetries = withDefault(o.MaxRetries, 0);
  const ep = (o.ExecutionProperty as Record<string, unknown>) ?? {};
  o.ExecutionProperty = { MaxConcurrentRuns: withDefault(ep.MaxConcurrentRuns, 1) };
  if (o.ExecutionClass === 'STANDARD') delete o.ExecutionClass;
  // The SQL runner's declarations are JSON text: compare (and show) them field by field.
  if (isObject(o.DefaultArguments)) {
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o.DefaultArguments))
      args[k] = k.startsWith('--lakeops_') ? parseJsonText(v) : v;
    o.DefaultArguments = args;
  }
  if (isObject(o.Connections))
    o.Connections = { Connections: [...((o.Connections.Connections as string[]) ?? [])].sort() };
  return o;
}

const CRAWLER_FIELDS = [
  'Description',
  'Role',
  'DatabaseName',
  'Targets',
  'TablePrefix',
  'Schedule',
  'RecrawlPolicy',
  'SchemaChangePolicy',
  'Configuration',
  'Classifiers',
  'CrawlerSecurityConfiguration',
] as const;

function crawler(s: Spec): Json {
  const o = pick(s, CRAWLER_FIELDS);
  o.Role = roleName(o.Role);
  const rp = (o.RecrawlPolicy as Record<string, unknown>) ?? {};
  o.RecrawlPolicy = { RecrawlBehavior: withDefault(rp.RecrawlBehavior, 'CRAWL_EVERYTHING') };
  const sc = (o.SchemaChangePolicy as Record<string, unknown>) ?? {};
  o.SchemaChangePolicy = {
    UpdateBehavior: withDefault(sc.UpdateBehavior, 'UPDATE_IN_DATABASE'),
    DeleteBehavior: withDefault(sc.DeleteBehavior, 'DEPRECATE_IN_DATABASE'),
  };
  o.Configuration = parseJsonText(o.Configuration);
  return o;
}

function database(s: Spec): Json {
  const params = (s.Parameters as Record<string, string>) ?? {};
  // Only our ownership marks: other Parameters belong to whoever set them (Lake Formation, users).
  return {
    Description: s.Description,
    Parameters: Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('lakeops:'))),
  };
}

function workflow(s: Spec): Json {
  return pick(s, ['Description', 'DefaultRunProperties', 'MaxConcurrentRuns']);
}

const conditionKey = (c: Record<string, unknown>) =>
  `${c.JobName ?? ''}|${c.CrawlerName ?? ''}|${c.State ?? ''}|${c.CrawlState ?? ''}`;

function trigger(s: Spec): Json {
  const o = pick(s, [
    'WorkflowName',
    'Type',
    'Description',
    'Schedule',
    'Predicate',
    'Actions',
    'EventBatchingCondition',
    'State',
  ]);
  if (isObject(o.Predicate)) {
    const conditions = ((o.Predicate.Conditions as Record<string, unknown>[]) ?? []).map((c) => ({
      ...c,
      LogicalOperator: withDefault(c.LogicalOperator, 'EQUALS'),
    }));
    conditions.sort((a, b) => conditionKey(a).localeCompare(conditionKey(b)));
    o.Predicate = { Logical: withDefault(o.Predicate.Logical, 'AND'), Conditions: conditions };
  }
  if (isObject(o.EventBatchingCondition))
    o.EventBatchingCondition = {
      BatchSize: o.EventBatchingCondition.BatchSize,
      BatchWindow: withDefault(o.EventBatchingCondition.BatchWindow, 900),
    };
  // Activation matters only for the trigger types that wait for it.
  if (o.Type === 'SCHEDULED' || o.Type === 'CONDITIONAL') {
    if (o.State === 'ACTIVATING') o.State = 'ACTIVATED';
    if (o.State === 'DEACTIVATING') o.State = 'DEACTIVATED';
  } else delete o.State;
  return o;
}

function stateMachine(s: Spec): Json {
  const o = pick(s, ['definition', 'roleArn', 'type', 'loggingConfiguration', 'tracingConfiguration']);
  o.definition = parseJsonText(o.definition);
  o.type = withDefault(o.type, 'STANDARD');
  const lc = (o.loggingConfiguration as Record<string, unknown>) ?? {};
  o.loggingConfiguration = {
    level: withDefault(lc.level, 'OFF'),
    includeExecutionData: withDefault(lc.includeExecutionData, false),
    destinations: lc.destinations,
  };
  const tc = (o.tracingConfiguration as Record<string, unknown>) ?? {};
  o.tracingConfiguration = { enabled: withDefault(tc.enabled, false) };
  return o;
}

function rule(s: Spec): Json {
  const o = pick(s, ['EventBusName', 'Description', 'EventPattern', 'ScheduleExpression', 'State', 'Targets']);
  o.EventBusName = withDefault(o.EventBusName, 'default');
  o.EventPattern = parseJsonText(o.EventPattern);
  o.State = withDefault(o.State, 'ENABLED');
  o.Targets = ((o.Targets as Record<string, unknown>[]) ?? [])
    .map((t): Record<string, unknown> => ({
      ...pick(t, ['Id', 'Arn', 'RoleArn', 'Input', 'InputPath', 'InputTransformer']),
      Input: parseJsonText(t.Input),
    }))
    .sort((a, b) => String(a.Id).localeCompare(String(b.Id)));
  return o;
}

function schedule(s: Spec): Json {
  const o = pick(s, [
    'GroupName',
    'Description',
    'ScheduleExpression',
    'ScheduleExpressionTimezone',
    'State',
    'FlexibleTimeWindow',
    'Target',
    'StartDate',
    'EndDate',
    'ActionAfterCompletion',
    'KmsKeyArn',
  ]);
  o.ScheduleExpressionTimezone = withDefault(o.ScheduleExpressionTimezone, 'UTC');
  o.State = withDefault(o.State, 'ENABLED');
  if (o.ActionAfterCompletion === 'NONE') delete o.ActionAfterCompletion;
  if (isObject(o.Target)) {
    const t: Record<string, unknown> = { ...o.Target, Input: parseJsonText(o.Target.Input) };
    // The documented RetryPolicy defaults: 185 attempts within 24 hours.
    const rp = t.RetryPolicy as Record<string, unknown> | undefined;
    if (
      rp &&
      withDefault(rp.MaximumRetryAttempts, 185) === 185 &&
      withDefault(rp.MaximumEventAgeInSeconds, 86400) === 86400
    )
      delete t.RetryPolicy;
    o.Target = t;
  }
  return o;
}

function view(s: Spec): Json {
  return { DatabaseName: s.DatabaseName, Name: s.Name, OriginalSql: canonicalSql(String(s.OriginalSql ?? '')) };
}

/**
 * Declared tables (planner/desired/tables.ts): only the Parameters lakeops set count, those its
 * lakeops:parameters list names plus its lakeops:* marks; Glue and Athena add others (e.g.
 * transient_lastDdlTime, an Iceberg table's metadata_location). The Iceberg create input is not
 * read back (GetTable does not return it).
 */
function table(s: Spec): Json {
  const params = (s.Parameters as Record<string, string> | undefined) ?? {};
  const listed = new Set((params['lakeops:parameters'] ?? '').split(',').filter(Boolean));
  const sd = (s.StorageDescriptor as Record<string, unknown> | undefined) ?? {};
  const serde = (sd.SerdeInfo as Record<string, unknown> | undefined) ?? {};
  const iceberg = params.table_type?.toUpperCase() === 'ICEBERG';
  const columns = (cols: unknown) =>
    ((cols as Record<string, unknown>[] | undefined) ?? []).map((c) => pick(c, ['Name', 'Type', 'Comment']));
  return {
    DatabaseName: s.DatabaseName,
    Name: s.Name,
    Description: s.Description,
    TableType: withDefault(s.TableType, 'EXTERNAL_TABLE'),
    Parameters: Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('lakeops:') || listed.has(k))),
    StorageDescriptor: {
      Columns: columns(sd.Columns),
      Location: sd.Location,
      ...(iceberg
        ? {}
        : {
            InputFormat: sd.InputFormat,
            OutputFormat: sd.OutputFormat,
            SerdeInfo: { SerializationLibrary: serde.SerializationLibrary, Parameters: serde.Parameters },
          }),
    },
    PartitionKeys: columns(s.PartitionKeys),
  };
}

const NORMALISERS: Record<ManagedKind, (s: Spec) => Json> = {
  artifact: (s) => pick(s, ['Bucket', 'Key']),
  database,
  job,
  crawler,
  workflow,
  trigger,
  stateMachine,
  eventBus: (s) => pick(s, ['Description']),
  rule,
  scheduleGroup: () => ({}),
  schedule,
  view,
  table,
};

export function normalise(kind: ManagedKind, spec: Spec): Record<string, unknown> {
  return (clean(NORMALISERS[kind](spec)) as Record<string, unknown> | undefined) ?? {};
}

/** Fields that cannot change in place: a difference means delete and re-create. */
export const IMMUTABLE_FIELDS: Partial<Record<ManagedKind, string[]>> = {
  trigger: ['Type', 'WorkflowName'],
  stateMachine: ['type'],
  rule: ['EventBusName'],
};

export function specHash(normalised: unknown): string {
  return createHash('sha256').update(JSON.stringify(normalised)).digest('hex').slice(0, 16);
}

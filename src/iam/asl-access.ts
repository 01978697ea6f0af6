// A state machine role's permissions, derived from its substituted ASL: each Task state's service
// integration and parameters name what the execution calls. Templates follow the Step Functions
// guide, "How Step Functions generates IAM policies for integrated services" and the per-service
// pages (Glue, Athena, nested Step Functions, EventBridge, SNS, Lambda), scoped to the resources
// the definition names instead of the guide's "*" patterns.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonStringEscape } from '../model/environment.js';
import type { Pipeline } from '../model/project.js';
import { SourceFile, type JsonPath } from '../model/source-file.js';
import { permissionsFor, SFN_SDK_SERVICES, VENDED_LOG_DELIVERY_ACTIONS, type ResourceScope } from './actions.js';
import {
  parseLocation,
  pipelineDataLocations,
  pipelineDatabases,
  resolveText,
  tableDataLocations,
  type IamContext,
  type S3Location,
} from './model-access.js';
import { PolicyBuilder, sid } from './policy.js';
import {
  athenaResultsLocation,
  bucketGrants,
  catalogResources,
  declaredRole,
  envScope,
  modelNames,
  objectResources,
  ROLE_SERVICE,
  workgroupName,
  type Grant,
} from './scopes.js';
import type { RoleKind } from '../planner/names.js';

type Json = Record<string, unknown>;

/** The managed rule Step Functions uses to learn that a nested .sync execution ended. */
export const SFN_SYNC_RULE = 'StepFunctionsGetEventsForStepFunctionsExecutionRule';

interface TaskCtx {
  ctx: IamContext;
  p: Pipeline;
  asl: SourceFile;
  b: PolicyBuilder;
  /** Where the Task state stands in the ASL file. */
  path: JsonPath;
  name: string;
  params: Json;
}

/** A parameter's value when it is a constant in the definition; undefined when set at run time. */
function constant(params: Json, key: string): unknown {
  if (`${key}.$` in params) return undefined;
  const v = params[key];
  if (typeof v === 'string' && /^\{%.*%\}$/s.test(v.trim())) return undefined; // JSONata expression
  return v;
}
const constantString = (params: Json, key: string): string | undefined => {
  const v = constant(params, key);
  return typeof v === 'string' ? v : undefined;
};

function warn(t: TaskCtx, key: string, message: string): void {
  t.ctx.diagnostics.push(t.asl.diagnostic([...t.path, 'Parameters', key], message, 'iam-asl', { severity: 'warning' }));
}
function fail(t: TaskCtx, message: string): void {
  t.ctx.diagnostics.push(t.asl.diagnostic([...t.path, 'Resource'], message, 'iam-asl'));
}

/** A named resource from a parameter, or every resource of that kind in the pipeline when it is set at run time. */
function named(
  t: TaskCtx,
  key: string,
  kind: 'job' | 'crawler' | 'workflow' | 'trigger' | 'stateMachine',
  arn: (n: string) => string,
): string[] {
  const v = constantString(t.params, key);
  if (v !== undefined) return [arn(v)];
  const all = modelNames(t.ctx, kind, [t.p]);
  if (all.length) {
    warn(
      t,
      key,
      `Task "${t.name}" sets ${key} at run time, so its role may use every ${kind} of pipeline "${t.p.name}" (${all.join(', ')})`,
    );
    return all.map(arn);
  }
  fail(
    t,
    `Task "${t.name}" sets ${key} at run time and pipeline "${t.p.name}" has no ${kind} it could name; set ${key} to a \${Name} substitution`,
  );
  return [];
}

const nameFromArn = (v: string) => (v.startsWith('arn:') ? v.slice(v.lastIndexOf(':') + 1) : v);

const bucketArns = (t: TaskCtx, locs: S3Location[]) => [...new Set(locs.map((l) => t.ctx.arns.bucket(l.bucket)))];

function addGrants(t: TaskCtx, sidWords: string, actions: string[], grants: Grant[]): void {
  for (const g of grants) t.b.allow(sid(sidWords), actions, g.resources, g.condition);
}

// ------------------------------------------------------------------ optimized integrations

function glueStartJobRun(t: TaskCtx, sync: boolean): void {
  const jobs = named(t, 'JobName', 'job', (n) => t.ctx.arns.glue('job', n));
  // Glue guide via Step Functions: .sync polls the run and stops it when the execution is stopped.
  const actions = sync
    ? ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun']
    : ['glue:StartJobRun'];
  t.b.allow(sid('Run Glue jobs'), actions, jobs);
}

function athenaDatabases(t: TaskCtx): string[] {
  const ctxParam = constant(t.params, 'QueryExecutionContext');
  const db = ctxParam && typeof ctxParam === 'object' ? constantString(ctxParam as Json, 'Database') : undefined;
  return db ? [db] : pipelineDatabases(t.ctx, t.p);
}

function athenaResults(t: TaskCtx): S3Location | undefined {
  const rc = constant(t.params, 'ResultConfiguration');
  const out = rc && typeof rc === 'object' ? constantString(rc as Json, 'OutputLocation') : undefined;
  const loc = out ? parseLocation(out) : athenaResultsLocation(t.ctx);
  if (!loc)
    warn(
      t,
      'ResultConfiguration',
      `Task "${t.name}": no query result location (set ResultConfiguration.OutputLocation or athena.resultLocation in lakeops.yaml), so its role gets no S3 access for results`,
    );
  return loc;
}

function athena(t: TaskCtx, api: string, sync: boolean): void {
  const wg = constantString(t.params, 'WorkGroup') ?? workgroupName(t.ctx);
  const a = t.ctx.arns;
  const wgArns = [a.workgroup(wg)];
  if (api === 'startQueryExecution') {
    // Athena via Step Functions (Run a Job .sync template): start/stop/get on the workgroup,
    // GetDataCatalog, then the caller's Glue catalog and S3 access Athena runs the query with.
    t.b.allow(
      sid('Athena queries'),
      sync
        ? ['athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution']
        : ['athena:StartQueryExecution'],
      wgArns,
    );
    t.b.allow(
      sid('Athena data catalog'),
      ['athena:GetDataCatalog'],
      [a.dataCatalog(t.ctx.env.config.athena?.catalog ?? 'AwsDataCatalog')],
    );
    t.b.allow(
      sid('Athena reads catalog'),
      ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
      catalogResources(t.ctx, athenaDatabases(t)),
    );
    // Athena reads the files of the tables in the query's database(s).
    const data = tableDataLocations(t.ctx, athenaDatabases(t));
    if (data.length) {
      t.b.allow(sid('Athena reads data'), ['s3:GetObject'], objectResources(t.ctx, data));
      addGrants(t, 'Athena lists data', ['s3:ListBucket'], bucketGrants(t.ctx, data));
      t.b.allow(sid('Athena bucket location'), ['s3:GetBucketLocation'], bucketArns(t, data));
    }
    const results = athenaResults(t);
    if (results) {
      t.b.allow(
        sid('Athena writes results'),
        ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        objectResources(t.ctx, [results]),
      );
      addGrants(t, 'Athena results bucket', ['s3:ListBucket'], bucketGrants(t.ctx, [results]));
      t.b.allow(sid('Athena bucket location'), ['s3:GetBucketLocation'], bucketArns(t, [results]));
    }
    return;
  }
  const action = {
    stopQueryExecution: 'athena:StopQueryExecution',
    getQueryExecution: 'athena:GetQueryExecution',
    getQueryResults: 'athena:GetQueryResults',
  }[api];
  if (!action)
    return fail(t, `Task "${t.name}": athena:${api} is not an optimized Athena integration; use aws-sdk:athena:${api}`);
  t.b.allow(sid('Athena queries'), [action], wgArns);
  if (api === 'getQueryResults') {
    const results = athenaResults(t);
    if (results) t.b.allow(sid('Athena reads results'), ['s3:GetObject'], objectResources(t.ctx, [results]));
  }
}

function nestedExecution(t: TaskCtx, sync: boolean): void {
  const a = t.ctx.arns;
  const v = constantString(t.params, 'StateMachineArn');
  const machines = v !== undefined ? [nameFromArn(v)] : modelNames(t.ctx, 'stateMachine');
  if (v === undefined) {
    if (!machines.length)
      return fail(t, `Task "${t.name}" sets StateMachineArn at run time; set it to a \${Name} substitution`);
    warn(
      t,
      'StateMachineArn',
      `Task "${t.name}" sets StateMachineArn at run time, so its role may start every state machine of the project`,
    );
  }
  t.b.allow(
    sid('Start nested executions'),
    ['states:StartExecution'],
    machines.map((m) => a.stateMachine(m)),
  );
  if (sync) {
    // Step Functions guide, "IAM policies for nested Step Functions calls" (Synchronous).
    t.b.allow(
      sid('Follow nested executions'),
      ['states:DescribeExecution', 'states:StopExecution'],
      machines.map((m) => a.execution(m)),
    );
    t.b.allow(
      sid('Nested sync managed rule'),
      ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      [a.rule(SFN_SYNC_RULE)],
    );
  }
}

function putEvents(t: TaskCtx): void {
  const entries = constant(t.params, 'Entries');
  if (!Array.isArray(entries))
    return fail(
      t,
      `Task "${t.name}" sets Entries at run time; write the entries (with EventBusName) in the definition`,
    );
  const buses = entries.map((e, i) => {
    const bus = e && typeof e === 'object' ? constant(e as Json, 'EventBusName') : undefined;
    if (bus === undefined && e && typeof e === 'object' && 'EventBusName.$' in (e as Json))
      warn(
        t,
        'Entries',
        `Task "${t.name}" entry ${i} sets EventBusName at run time; its role may only put events on the default bus`,
      );
    return typeof bus === 'string' ? nameFromArn(bus).replace(/^event-bus\//, '') : 'default';
  });
  t.b.allow(
    sid('Put events'),
    ['events:PutEvents'],
    buses.map((b) => t.ctx.arns.eventBus(b)),
  );
}

function snsPublish(t: TaskCtx): void {
  const topic = constantString(t.params, 'TopicArn');
  if (!topic) return fail(t, `Task "${t.name}" sets TopicArn at run time; name the topic in the definition`);
  t.b.allow(sid('Publish notifications'), ['sns:Publish'], [t.ctx.arns.topic(topic)]);
}

function lambdaInvoke(t: TaskCtx, fn: string | undefined): void {
  if (!fn) return fail(t, `Task "${t.name}" sets FunctionName at run time; name the function in the definition`);
  const arn = t.ctx.arns.lambda(fn);
  // Qualified calls (versions, aliases) are authorised on the qualified ARN.
  t.b.allow(sid('Invoke functions'), ['lambda:InvokeFunction'], [arn, `${arn}:*`]);
}

// ------------------------------------------------------------------ aws-sdk integrations

/** Resources of one scope named by an aws-sdk Task's parameters. */
function sdkScope(t: TaskCtx, scope: ResourceScope, passedTo?: string): Grant[] {
  const a = t.ctx.arns;
  const s = (k: string) => constantString(t.params, k);
  switch (scope) {
    case 'job':
      return [{ resources: named(t, 'JobName', 'job', (n) => a.glue('job', n)) }];
    case 'crawler':
      return [{ resources: named(t, 'Name', 'crawler', (n) => a.glue('crawler', n)) }];
    case 'workflow':
      return [{ resources: named(t, 'Name', 'workflow', (n) => a.glue('workflow', n)) }];
    case 'trigger':
      return [{ resources: named(t, 'Name', 'trigger', (n) => a.glue('trigger', n)) }];
    case 'stateMachine':
      return [{ resources: named(t, 'StateMachineArn', 'stateMachine', (n) => a.stateMachine(nameFromArn(n))) }];
    case 'execution': {
      const machines = modelNames(t.ctx, 'stateMachine', [t.p]);
      return [
        { resources: (machines.length ? machines : modelNames(t.ctx, 'stateMachine')).map((m) => a.execution(m)) },
      ];
    }
    case 'catalog': {
      const db = s('DatabaseName');
      const table = s('Name') ?? s('TableName');
      const dbs = db ? [db] : pipelineDatabases(t.ctx, t.p);
      return [{ resources: catalogResources(t.ctx, dbs, () => [table ?? '*']) }];
    }
    case 'eventBus':
      return [{ resources: [a.eventBus(nameFromArn(s('EventBusName') ?? s('Name') ?? 'default'))] }];
    case 'rule': {
      const rule = s('Name');
      if (!rule) return envScope(t.ctx, 'rule');
      return [{ resources: [a.rule(rule, s('EventBusName') ?? 'default')] }];
    }
    case 'workgroup':
      return [{ resources: [a.workgroup(s('WorkGroup') ?? workgroupName(t.ctx))] }];
    case 's3Object':
    case 'athenaData':
    case 'athenaResults': {
      const bucket = s('Bucket');
      const key = s('Key');
      if (bucket)
        return [{ resources: objectResources(t.ctx, [key ? { bucket, key } : { bucket, prefix: s('Prefix') ?? '' }]) }];
      const locs =
        scope === 'athenaResults'
          ? [athenaResultsLocation(t.ctx)].filter((l): l is S3Location => !!l)
          : scope === 'athenaData'
            ? tableDataLocations(t.ctx, pipelineDatabases(t.ctx, t.p))
            : pipelineDataLocations(t.ctx, t.p);
      return locs.length ? [{ resources: objectResources(t.ctx, locs) }] : [];
    }
    case 's3Bucket':
    case 'athenaDataBucket':
    case 'athenaResultsBucket': {
      const bucket = s('Bucket');
      if (bucket) return bucketGrants(t.ctx, [{ bucket, prefix: s('Prefix') ?? '' }]);
      const locs =
        scope === 'athenaResultsBucket'
          ? [athenaResultsLocation(t.ctx)].filter((l): l is S3Location => !!l)
          : scope === 'athenaDataBucket'
            ? tableDataLocations(t.ctx, pipelineDatabases(t.ctx, t.p))
            : pipelineDataLocations(t.ctx, t.p);
      return bucketGrants(t.ctx, locs);
    }
    case 'passRole': {
      const kinds = (Object.keys(ROLE_SERVICE) as RoleKind[]).filter((k) => ROLE_SERVICE[k] === passedTo);
      const roles = [...new Set(kinds.map((k) => declaredRole(t.ctx, k)).filter((r): r is string => !!r))];
      return roles.length
        ? [
            {
              resources: roles.map((r) => a.role(r)),
              condition: { StringEquals: { 'iam:PassedToService': passedTo! } },
            },
          ]
        : [];
    }
    case 'any':
      return [{ resources: ['*'] }];
    case 'none':
      return [];
    default:
      // Scheduler, logs and tag scopes: the environment's own resources.
      return envScope(t.ctx, scope, passedTo);
  }
}

function awsSdk(t: TaskCtx, service: string, api: string): void {
  const pkg = SFN_SDK_SERVICES[service];
  const command = api.charAt(0).toUpperCase() + api.slice(1);
  const perms = pkg ? permissionsFor(pkg, command) : undefined;
  if (!perms)
    return fail(
      t,
      `Task "${t.name}": lakeops iam does not know the permissions of aws-sdk:${service}:${api}; add ${command} to src/iam/actions.ts (or use an integration it knows)`,
    );
  for (const perm of perms) {
    const words = perm.scope === 'any' ? `${service} actions without resource level permissions` : `${service} ${api}`;
    const grants = sdkScope(t, perm.scope, perm.passedTo);
    addGrants(t, words, [perm.action], perm.wholeBucket ? grants.map((g) => ({ resources: g.resources })) : grants);
  }
}

// ------------------------------------------------------------------ walking the definition

function task(t: TaskCtx, resource: string): void {
  const lambdaArn = /^arn:aws[\w-]*:lambda:/.test(resource);
  if (lambdaArn) return lambdaInvoke(t, resource);
  if (/^arn:aws[\w-]*:states:[^:]+:[^:]*:activity:/.test(resource)) return; // workers poll activities; the role needs nothing
  const m = /^arn:aws[\w-]*:states:::(.+)$/.exec(resource);
  if (!m) return fail(t, `Task "${t.name}": Resource ${resource} is not a service integration lakeops iam understands`);
  const parts = m[1]!.split(':');
  if (parts[0] === 'aws-sdk') {
    const [, service, apiRaw] = parts;
    if (!service || !apiRaw) return fail(t, `Task "${t.name}": malformed aws-sdk integration ${resource}`);
    return awsSdk(t, service, apiRaw.replace(/\.waitForTaskToken$/, ''));
  }
  const [service, rest] = [parts[0]!, parts.slice(1).join(':')];
  const [api, ...suffix] = rest.split('.');
  const sync = suffix[0] === 'sync';
  switch (`${service}:${api}`) {
    case 'glue:startJobRun':
      return glueStartJobRun(t, sync);
    case 'athena:startQueryExecution':
    case 'athena:stopQueryExecution':
    case 'athena:getQueryExecution':
    case 'athena:getQueryResults':
      return athena(t, api!, sync);
    case 'states:startExecution':
      return nestedExecution(t, sync);
    case 'events:putEvents':
      return putEvents(t);
    case 'sns:publish':
      return snsPublish(t);
    case 'lambda:invoke':
      return lambdaInvoke(t, constantString(t.params, 'FunctionName'));
    default:
      return fail(
        t,
        `Task "${t.name}": lakeops iam does not know the permissions of the ${service}:${api} integration; use one it knows (glue, athena, states, events, sns, lambda or aws-sdk:<service>:<api>)`,
      );
  }
}

function walk(ctx: IamContext, p: Pipeline, asl: SourceFile, b: PolicyBuilder, states: unknown, path: JsonPath): void {
  if (!states || typeof states !== 'object') return;
  for (const [name, raw] of Object.entries(states as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const st = raw as Json;
    const here: JsonPath = [...path, name];
    if (st.Type === 'Task' && typeof st.Resource === 'string') {
      const params = (st.Parameters ?? st.Arguments ?? {}) as Json;
      task(
        { ctx, p, asl, b, path: here, name, params: params && typeof params === 'object' ? params : {} },
        st.Resource,
      );
    }
    if (st.Type === 'Parallel' && Array.isArray(st.Branches))
      st.Branches.forEach((br, i) => walk(ctx, p, asl, b, (br as Json)?.States, [...here, 'Branches', i, 'States']));
    if (st.Type === 'Map') {
      const proc = (st.ItemProcessor ?? st.Iterator) as Json | undefined;
      walk(ctx, p, asl, b, proc?.States, [...here, st.ItemProcessor ? 'ItemProcessor' : 'Iterator', 'States']);
    }
  }
}

/** The state machine role's policy for one pipeline, or undefined when it has no state machine. */
export function stateMachineGrants(ctx: IamContext, p: Pipeline): PolicyBuilder | undefined {
  if (!p.definitionFile || !p.stateMachineName) return undefined;
  const abs = join(ctx.project.root, p.definitionFile);
  const b = new PolicyBuilder();
  if (!existsSync(abs)) {
    ctx.diagnostics.push(
      p.source.diagnostic(['stateMachine', 'definition'], `${p.definitionFile} does not exist`, 'iam-asl'),
    );
    return b;
  }
  const raw = readFileSync(abs, 'utf8');
  const asl = new SourceFile(p.definitionFile, raw);
  const text = resolveText(ctx, p, ['stateMachine', 'definition'], raw, jsonStringEscape);
  let def: Json;
  try {
    def = JSON.parse(text) as Json;
  } catch (e) {
    ctx.diagnostics.push(
      asl.diagnostic(
        [],
        `${p.definitionFile} is not valid JSON after substitution: ${(e as Error).message}`,
        'iam-asl',
      ),
    );
    return b;
  }
  walk(ctx, p, asl, b, def.States, ['States']);

  const sm = p.config.stateMachine!;
  if (sm.logging && sm.logging.level !== 'OFF') {
    // Step Functions guide, "Using CloudWatch Logs to log execution history": log delivery is set
    // up through CloudWatch Logs vended-log APIs, which support only Resource "*".
    b.allow(sid('Log delivery APIs support only all resources'), VENDED_LOG_DELIVERY_ACTIONS, ['*']);
  }
  if (sm.tracing) {
    // X-Ray trace submission APIs have no resource types (Service Authorization Reference).
    b.allow(
      sid('XRay APIs support only all resources'),
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
      ['*'],
    );
  }
  return b;
}

// The Amazon States Language rules Step Functions applies when it accepts a definition and that
// asl-validator (a JSON Schema) does not: which fields each state type takes in each query
// language, JSONPath/JSONata mix-ups, States.ALL last in Retry and Catch, HeartbeatSeconds below
// TimeoutSeconds, and Task resources that name an integration that exists.
// Sources: https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
// (fields per state and query language), .../concepts-error-handling.html (States.ALL "must
// appear alone ... and must be in the last retrier/catcher"), .../state-task.html
// (HeartbeatSeconds "must be lower than TimeoutSeconds"), .../integrate-optimized.html and
// .../supported-services-awssdk.html (integrations; SDK integrations take no .sync).
import jsonata from 'jsonata';
import type { Diagnostic } from '../model/diagnostics.js';
import type { JsonPath, SourceFile } from '../model/source-file.js';
import { SDK_ACTIONS } from './sfn-sdk-actions.generated.js';
import { nearest } from './suggest.js';

type Json = any;
type QL = 'JSONPath' | 'JSONata';

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const ERRORS = ['Retry', 'Catch'];
const MAP_COMMON = [
  'ItemProcessor',
  'ItemReader',
  'ItemSelector',
  'ItemBatcher',
  'ResultWriter',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'Label',
];

/** Fields each state type takes, per query language (statemachine-structure.html). */
const FIELDS: Record<QL, Record<string, string[]>> = {
  JSONPath: {
    Pass: [...COMMON, ...FLOW, 'InputPath', 'OutputPath', 'Parameters', 'ResultPath', 'Result', 'Assign'],
    Task: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      'Resource',
      'InputPath',
      'OutputPath',
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'TimeoutSeconds',
      'TimeoutSecondsPath',
      'HeartbeatSeconds',
      'HeartbeatSecondsPath',
      'Credentials',
      'Assign',
    ],
    Choice: [...COMMON, 'Choices', 'Default', 'InputPath', 'OutputPath', 'Assign'],
    Wait: [
      ...COMMON,
      ...FLOW,
      'InputPath',
      'OutputPath',
      'Seconds',
      'SecondsPath',
      'Timestamp',
      'TimestampPath',
      'Assign',
    ],
    Succeed: [...COMMON, 'InputPath', 'OutputPath'],
    Fail: [...COMMON, 'Error', 'Cause', 'ErrorPath', 'CausePath'],
    Parallel: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      'Branches',
      'InputPath',
      'OutputPath',
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'Assign',
    ],
    Map: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      ...MAP_COMMON,
      'Iterator',
      'ItemsPath',
      'Parameters',
      'InputPath',
      'OutputPath',
      'ResultPath',
      'ResultSelector',
      'MaxConcurrencyPath',
      'ToleratedFailurePercentagePath',
      'ToleratedFailureCountPath',
      'Assign',
    ],
  },
  JSONata: {
    Pass: [...COMMON, ...FLOW, 'Output', 'Assign'],
    Task: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      'Resource',
      'Arguments',
      'Output',
      'Assign',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Credentials',
    ],
    Choice: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
    Wait: [...COMMON, ...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
    Succeed: [...COMMON, 'Output'],
    Fail: [...COMMON, 'Error', 'Cause'],
    Parallel: [...COMMON, ...FLOW, ...ERRORS, 'Branches', 'Arguments', 'Output', 'Assign'],
    Map: [...COMMON, ...FLOW, ...ERRORS, ...MAP_COMMON, 'Items', 'Output', 'Assign'],
  },
};

/** Fields of which a state takes one at most. */
const EXCLUSIVE = [
  ['TimeoutSeconds', 'TimeoutSecondsPath'],
  ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
  ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  ['Error', 'ErrorPath'],
  ['Cause', 'CausePath'],
  ['Next', 'End'],
];

/** What to write instead of a field of the other query language. */
const COUNTERPART: Record<QL, Record<string, string>> = {
  JSONata: {
    Parameters: 'Arguments',
    ResultSelector: 'Output',
    ResultPath: 'Output (or Assign)',
    OutputPath: 'Output',
    InputPath: 'Arguments or Output with $states.input',
    ItemsPath: 'Items',
    SecondsPath: 'Seconds: "{% ... %}"',
    TimestampPath: 'Timestamp: "{% ... %}"',
    TimeoutSecondsPath: 'TimeoutSeconds: "{% ... %}"',
    HeartbeatSecondsPath: 'HeartbeatSeconds: "{% ... %}"',
    ErrorPath: 'Error: "{% ... %}"',
    CausePath: 'Cause: "{% ... %}"',
    Iterator: 'ItemProcessor',
    Result: 'Output',
  },
  JSONPath: {
    Arguments: 'Parameters',
    Output: 'OutputPath or ResultSelector',
    Items: 'ItemsPath',
  },
};

/** Optimised integrations: service -> action -> allowed suffixes ('' is request-response). */
const OPTIMISED: Record<string, Record<string, string[]>> = {
  glue: { startJobRun: ['', '.sync'] },
  athena: {
    startQueryExecution: ['', '.sync'],
    stopQueryExecution: [''],
    getQueryExecution: [''],
    getQueryResults: [''],
  },
  lambda: { invoke: ['', '.waitForTaskToken'] },
  sns: { publish: ['', '.waitForTaskToken'] },
  sqs: { sendMessage: ['', '.waitForTaskToken'] },
  events: { putEvents: ['', '.waitForTaskToken'] },
  states: {
    startExecution: ['', '.sync', '.sync:2', '.waitForTaskToken'],
  },
  batch: { submitJob: ['', '.sync', '.waitForTaskToken'] },
  ecs: { runTask: ['', '.sync', '.waitForTaskToken'] },
  dynamodb: { getItem: [''], putItem: [''], deleteItem: [''], updateItem: [''] },
  databrew: { startJobRun: ['', '.sync'] },
  codebuild: {
    startBuild: ['', '.sync'],
    stopBuild: [''],
    batchDeleteBuilds: [''],
    batchGetReports: [''],
    startBuildBatch: ['', '.sync'],
    retryBuild: ['', '.sync'],
    retryBuildBatch: ['', '.sync'],
    stopBuildBatch: [''],
    deleteBuildBatch: [''],
  },
  elasticmapreduce: {
    createCluster: ['', '.sync'],
    terminateCluster: ['', '.sync'],
    addStep: ['', '.sync'],
    cancelStep: [''],
    setClusterTerminationProtection: [''],
    modifyInstanceFleetByName: [''],
    modifyInstanceGroupByName: [''],
  },
  'emr-serverless': {
    createApplication: ['', '.sync'],
    startApplication: ['', '.sync'],
    stopApplication: ['', '.sync'],
    deleteApplication: ['', '.sync'],
    startJobRun: ['', '.sync'],
    cancelJobRun: ['', '.sync'],
  },
  http: { invoke: [''] },
  apigateway: { invoke: ['', '.waitForTaskToken'] },
};

const sdkActionSets = new Map<string, Set<string>>();
function sdkActions(service: string): Set<string> | undefined {
  const raw = SDK_ACTIONS[service];
  if (raw === undefined) return undefined;
  let set = sdkActionSets.get(service);
  if (!set) sdkActionSets.set(service, (set = new Set(raw.split(' '))));
  return set;
}

/** Problems with a Task's Resource, or undefined when it names an integration that exists. */
export function checkResource(resource: string): string | undefined {
  const m = /^arn:[a-z-]+:states:::(.+)$/.exec(resource);
  if (!m) return undefined; // a Lambda function or activity ARN
  const rest = m[1]!;
  const sdk = /^aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(\..+)?$/.exec(rest);
  if (sdk) {
    const [, service, action, suffix] = sdk;
    if (suffix && suffix !== '.waitForTaskToken')
      return `AWS SDK integrations support request-response and .waitForTaskToken only, not "${suffix}"; drop the suffix (and poll), or use an optimised integration that has it`;
    const known = sdkActions(service!);
    if (known && !known.has(action!)) {
      const guess = nearest(action!, known);
      return `"${action}" is not an action of the ${service} API${guess ? `; did you mean "${guess}"?` : ''} (SDK integrations name the API action in camelCase)`;
    }
    return undefined;
  }
  const opt = /^([a-z0-9-]+):([A-Za-z0-9]+)(\.[A-Za-z0-9:]+)?$/.exec(rest);
  if (!opt) return `"${resource}" is not a Step Functions integration ARN (arn:aws:states:::service:action[.pattern])`;
  const [, service, action, suffix = ''] = opt;
  const actions = OPTIMISED[service!];
  if (!actions) return undefined; // an optimised integration lakeops does not list: not judged
  const suffixes = actions[action!];
  if (!suffixes) {
    const sdkService = service === 'states' ? 'sfn' : service === 'events' ? 'eventbridge' : service!;
    const viaSdk = sdkActions(sdkService)?.has(action!);
    return `"${service}:${action}" is not an optimised integration (${service} has: ${Object.keys(actions).join(', ')})${viaSdk ? `; call it through the SDK integration arn:aws:states:::aws-sdk:${sdkService}:${action}` : ''}`;
  }
  if (!suffixes.includes(suffix))
    return `"${service}:${action}" has no "${suffix}" pattern (it supports: ${suffixes.map((s) => s || 'request-response').join(', ')})`;
  return undefined;
}

/** Fields holding nested scopes, checked as scopes of their own (with their own query language). */
const NESTED = new Set(['Branches', 'ItemProcessor', 'Iterator']);

const isJsonata = (v: unknown): v is string => typeof v === 'string' && /^\{%[\s\S]*%\}$/.test(v.trim());

/** Every string in a value with its path. */
function walk(value: Json, path: JsonPath, fn: (v: Json, key: string | number, path: JsonPath) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => (fn(v, i, [...path, i]), walk(v, [...path, i], fn)));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      fn(v, k, [...path, k]);
      walk(v, [...path, k], fn);
    }
}

const jsonataCache = new Map<string, string | undefined>();
/** The parse error of a JSONata expression (jsonata, the reference implementation), if any. */
function jsonataError(text: string): string | undefined {
  if (!jsonataCache.has(text)) {
    let err: string | undefined;
    try {
      jsonata(text.trim().slice(2, -2));
    } catch (e) {
      err = (e as Error).message;
    }
    jsonataCache.set(text, err);
  }
  return jsonataCache.get(text);
}

export interface RuleScope {
  path: JsonPath;
  node: Json;
  states: Record<string, Json>;
  /** The query language the scope's states default to. */
  queryLanguage?: QL;
}

/** Field, query-language, error-handling, timeout and integration rules for every state. */
export function checkAslRules(source: SourceFile, root: Json, scopes: RuleScope[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const d = (path: JsonPath, message: string, rule: string, key = false) =>
    out.push(source.diagnostic(path, message, rule, { key }));
  const topQl: QL = root?.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  for (const scope of scopes) {
    for (const [name, state] of Object.entries<Json>(scope.states)) {
      if (!state || typeof state !== 'object' || typeof state.Type !== 'string') continue;
      const at = [...scope.path, 'States', name];
      const ql: QL =
        state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath' ? state.QueryLanguage : topQl;
      if (topQl === 'JSONata' && state.QueryLanguage === 'JSONPath')
        d(
          [...at, 'QueryLanguage'],
          `state "${name}" is JSONPath in a JSONata state machine; a state can only switch to JSONata (set QueryLanguage: JSONPath at the top, or rewrite the state)`,
          'asl-query-language',
        );
      const allowed = FIELDS[ql][state.Type];
      if (allowed)
        for (const field of Object.keys(state)) {
          if (allowed.includes(field)) continue;
          const other: QL = ql === 'JSONata' ? 'JSONPath' : 'JSONata';
          const instead = COUNTERPART[ql][field];
          const otherQlHas = FIELDS[other][state.Type]?.includes(field);
          const message = instead
            ? `${field} is a ${other} field; state "${name}" uses ${ql}: use ${instead}${otherQlHas ? ` (or set "QueryLanguage": "${other}" on the state)` : ''}`
            : `a ${state.Type} state does not take ${field}${otherQlHas ? ` in ${ql} (it is a ${other} field)` : ''}; fields of a ${ql} ${state.Type} state: ${allowed.join(', ')}`;
          d([...at, field], message, instead ? 'asl-query-language' : 'asl-field', true);
        }
      // JSONata expressions: syntax, and no JSONPath ".$" keys; JSONPath states take no {% %}.
      const own = Object.fromEntries(Object.entries<Json>(state).filter(([k]) => !NESTED.has(k)));
      walk(own, at, (v, key, path) => {
        if (ql === 'JSONata' && typeof key === 'string' && key.endsWith('.$') && key.length > 2)
          d(
            path,
            `"${key}" is JSONPath syntax; in a JSONata state write "${key.slice(0, -2)}": "{% ... %}"`,
            'asl-query-language',
            true,
          );
        if (!isJsonata(v)) return;
        if (ql === 'JSONPath')
          d(
            path,
            `a JSONata expression in JSONPath state "${name}" is taken as plain text; set "QueryLanguage": "JSONata" on the state or machine`,
            'asl-query-language',
          );
        else {
          const err = jsonataError(v);
          if (err) d(path, `JSONata expression does not parse: ${err}`, 'asl-jsonata');
        }
      });
      if (Array.isArray(state.Choices))
        state.Choices.forEach((c: Json, i: number) => {
          if (ql === 'JSONata' && c && typeof c === 'object' && 'Variable' in c)
            d(
              [...at, 'Choices', i, 'Variable'],
              'a JSONata Choice rule takes Condition: "{% ... %}", not Variable with comparison operators',
              'asl-query-language',
              true,
            );
          if (ql === 'JSONPath' && c && typeof c === 'object' && 'Condition' in c)
            d(
              [...at, 'Choices', i, 'Condition'],
              'Condition is for JSONata Choice rules; in JSONPath use Variable with an operator such as StringEquals',
              'asl-query-language',
              true,
            );
        });
      for (const field of ['Retry', 'Catch'] as const) {
        const list = state[field];
        if (!Array.isArray(list)) continue;
        list.forEach((entry: Json, i: number) => {
          const errors = entry?.ErrorEquals;
          if (!Array.isArray(errors) || !errors.includes('States.ALL')) return;
          const j = errors.indexOf('States.ALL');
          if (errors.length > 1)
            d(
              [...at, field, i, 'ErrorEquals', j],
              `States.ALL must appear alone in ErrorEquals; move the other errors to an earlier ${field === 'Retry' ? 'retrier' : 'catcher'}`,
              'asl-error-order',
            );
          if (i !== list.length - 1)
            d(
              [...at, field, i, 'ErrorEquals', j],
              `States.ALL must be in the last ${field === 'Retry' ? 'retrier' : 'catcher'} of ${field} (it is ${i + 1} of ${list.length}): the ones after it can never match; move it last`,
              'asl-error-order',
            );
        });
      }
      for (const group of EXCLUSIVE)
        if (group.filter((f) => f in state).length > 1) {
          const second = Object.keys(state).filter((f) => group.includes(f))[1]!;
          d([...at, second], `state "${name}" takes at most one of ${group.join(', ')}; keep one`, 'asl-field', true);
        }
      if (
        typeof state.HeartbeatSeconds === 'number' &&
        typeof state.TimeoutSeconds === 'number' &&
        state.HeartbeatSeconds >= state.TimeoutSeconds
      )
        d(
          [...at, 'HeartbeatSeconds'],
          `HeartbeatSeconds (${state.HeartbeatSeconds}) must be lower than TimeoutSeconds (${state.TimeoutSeconds}); lower the heartbeat or raise the timeout`,
          'asl-timeout',
        );
      if (state.Type === 'Task' && typeof state.Resource === 'string' && !isJsonata(state.Resource)) {
        const problem = checkResource(state.Resource);
        if (problem) d([...at, 'Resource'], `Task "${name}": ${problem}`, 'asl-integration');
      }
    }
  }
  return out;
}

/**
 * A copy of a definition with every JSONata expression written "{% expr %}": AWS takes the
 * delimiters with or without spaces (`{%$states.input%}`), asl-validator's pattern wants them.
 */
export function normaliseJsonataSpacing(value: Json): Json {
  if (typeof value === 'string') return isJsonata(value) ? `{% ${value.trim().slice(2, -2).trim()} %}` : value;
  if (Array.isArray(value)) return value.map(normaliseJsonataSpacing);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseJsonataSpacing(v)]));
  return value;
}

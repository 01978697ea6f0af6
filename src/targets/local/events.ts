// Local EventBridge: the S3 object events AWS would emit for a PutObject, the pipelines' rules
// (patterns with ${Name}s resolved, physical rule and bus names), and delivery of matching events
// to the rules' targets (a state machine execution, or the EVENT trigger of a Glue workflow).
//
// A PutObject produces two events, because pipelines are written against either shape:
// - "AWS API Call via CloudTrail" (source aws.s3, detail.eventSource s3.amazonaws.com,
//   detail.eventName PutObject, detail.requestParameters.bucketName/key), which AWS emits when a
//   CloudTrail trail records the bucket's data events (seeds 000 and 001 use this);
// - "Object Created" (detail.bucket.name, detail.object.key/size/etag), which AWS emits when the
//   bucket has EventBridge notifications turned on.
// On AWS each needs its own setting; locally both are always emitted on the default bus, so a rule
// whose pattern matches both shapes starts its target twice, as it would on AWS with both enabled.
import { randomUUID } from 'node:crypto';
import { ConfigError, type Diagnostic } from '../../model/diagnostics.js';
import { jsonStringEscape, substitute, substitutionsFor, type Environment } from '../../model/environment.js';
import type { Pipeline, Project } from '../../model/project.js';
import type { RuleConfig } from '../../model/schema.js';
import type { RunResult } from '../../report/model.js';
import { compilePattern, EventPatternError, type CompiledPattern } from './event-pattern.js';

export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** What `lakeops put` (or a sample landing) reports about the object it wrote. */
export interface S3ObjectInfo {
  bucket: string;
  key: string;
  size: number;
  etag: string;
}

export interface CompiledRule {
  pipeline: Pipeline;
  /** Logical rule name (pipeline.yaml) and its physical name in the environment. */
  name: string;
  physicalName: string;
  /** Physical bus name ("default" for the default bus). */
  bus: string;
  target: RuleConfig['target'];
  /** Constant input that replaces the event as the target's input (EventBridge target Input). */
  input?: unknown;
  pattern: CompiledPattern;
}

/** Starts a matched rule's target; the local target implements it. */
export interface EventRouter {
  readonly project: Project;
  readonly env: Environment;
  rules(): CompiledRule[];
  /** Runs the target (a state machine execution, or the workflow's EVENT trigger) for one matched event. */
  deliver(rule: CompiledRule, event: EventBridgeEvent): Promise<RunResult[]>;
}

export interface DispatchResult {
  events: EventBridgeEvent[];
  /** Each (rule, event) pair that matched. */
  matched: { pipeline: string; rule: string; bus: string; eventId: string; detailType: string }[];
  /** Runs the matched targets started and finished (workflow EVENT triggers may only batch the event). */
  runs: RunResult[];
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The CloudTrail data event for PutObject, as EventBridge delivers it. */
export function s3CloudTrailPutObjectEvent(env: Environment, obj: S3ObjectInfo, now = new Date()): EventBridgeEvent {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: env.account,
    time: isoSeconds(now),
    region: env.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'LAKEOPSLOCAL',
        arn: `arn:aws:iam::${env.account}:user/lakeops-local`,
        accountId: env.account,
      },
      eventTime: isoSeconds(now),
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
      awsRegion: env.region,
      sourceIPAddress: '127.0.0.1',
      userAgent: 'lakeops-local',
      requestParameters: {
        bucketName: obj.bucket,
        Host: `${obj.bucket}.s3.${env.region}.amazonaws.com`,
        key: obj.key,
      },
      responseElements: { 'x-amz-server-side-encryption': 'AES256' },
      additionalEventData: { bytesTransferredIn: obj.size, bytesTransferredOut: 0 },
      requestID: requestId,
      eventID: randomUUID(),
      readOnly: false,
      resources: [
        { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${obj.bucket}/${obj.key}` },
        { accountId: env.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${obj.bucket}` },
      ],
      eventType: 'AwsApiCall',
      managementEvent: false,
      recipientAccountId: env.account,
      eventCategory: 'Data',
    },
  };
}

/** The S3 "Object Created" event S3 sends to EventBridge when the bucket's notifications are on. */
export function s3ObjectCreatedEvent(env: Environment, obj: S3ObjectInfo, now = new Date()): EventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: env.account,
    time: isoSeconds(now),
    region: env.region,
    resources: [`arn:aws:s3:::${obj.bucket}`],
    detail: {
      version: '0',
      bucket: { name: obj.bucket },
      object: {
        key: obj.key,
        size: obj.size,
        etag: obj.etag,
        sequencer: now.getTime().toString(16).toUpperCase().padStart(18, '0'),
      },
      'request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
      requester: env.account,
      'source-ip-address': '127.0.0.1',
      reason: 'PutObject',
    },
  };
}

/** An event put on a bus with PutEvents. */
export function customEvent(
  env: Environment,
  entry: { Source: string; DetailType: string; Detail: string; Resources?: string[] },
  now = new Date(),
): EventBridgeEvent {
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = entry.Detail;
  }
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: env.account,
    time: isoSeconds(now),
    region: env.region,
    resources: entry.Resources ?? [],
    detail,
  };
}

/**
 * Every pattern rule of the project, resolved for the environment and compiled. An invalid pattern
 * is a ConfigError pointing at its line in pipeline.yaml. Schedule rules (no pattern) are skipped.
 */
export function compileRules(project: Project, env: Environment): CompiledRule[] {
  const rules: CompiledRule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const pipeline of project.pipelines) {
    const values = substitutionsFor(project, env, pipeline);
    for (const [name, rule] of Object.entries(pipeline.config.rules ?? {})) {
      if (!rule.pattern) continue;
      const at = ['rules', name, 'pattern'];
      const sub = substitute(JSON.stringify(rule.pattern), values, jsonStringEscape);
      if (sub.unresolved.length) {
        diagnostics.push(
          pipeline.source.diagnostic(
            at,
            `rule "${name}": unknown substitution \${${sub.unresolved[0]!.name}} in its pattern`,
            'ref-substitution',
          ),
        );
        continue;
      }
      try {
        rules.push({
          pipeline,
          name,
          physicalName: env.physicalName('rule', name),
          bus: env.physicalName('eventBus', rule.bus ?? 'default'),
          target: rule.target,
          input: rule.input,
          pattern: compilePattern(JSON.parse(sub.text)),
        });
      } catch (e) {
        if (!(e instanceof EventPatternError)) throw e;
        diagnostics.push(
          pipeline.source.diagnostic(
            [...at, ...e.path],
            `rule "${name}": invalid event pattern: ${e.message}`,
            'event-pattern',
          ),
        );
      }
    }
  }
  if (diagnostics.length)
    throw new ConfigError(`${diagnostics.length} EventBridge rule(s) have invalid patterns`, diagnostics);
  return rules;
}

/** Matches one event on a bus against every rule of that bus and delivers it to each match. */
export async function dispatchEvent(
  router: EventRouter,
  bus: string,
  event: EventBridgeEvent,
): Promise<DispatchResult> {
  const result: DispatchResult = { events: [event], matched: [], runs: [] };
  for (const rule of router.rules()) {
    if (rule.bus !== bus || !rule.pattern.matches(event)) continue;
    result.matched.push({
      pipeline: rule.pipeline.name,
      rule: rule.physicalName,
      bus,
      eventId: event.id,
      detailType: event['detail-type'],
    });
    result.runs.push(...(await router.deliver(rule, event)));
  }
  return result;
}

/**
 * What AWS does after a PutObject: emits the CloudTrail and the "Object Created" events on the
 * default bus, matches them against every rule, and starts the matched targets.
 * `lakeops put` and sample landing call this after writing the object.
 */
export async function dispatchS3ObjectCreated(router: EventRouter, obj: S3ObjectInfo): Promise<DispatchResult> {
  const now = new Date();
  const total: DispatchResult = { events: [], matched: [], runs: [] };
  for (const event of [s3CloudTrailPutObjectEvent(router.env, obj, now), s3ObjectCreatedEvent(router.env, obj, now)]) {
    const r = await dispatchEvent(router, 'default', event);
    total.events.push(...r.events);
    total.matched.push(...r.matched);
    total.runs.push(...r.runs);
  }
  return total;
}

// The AWS SDK v3 clients one AWS environment uses, built once per target. Region and `endpoint`
// come from the environment; when the environment sets no endpoint the SDK's own
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables apply untouched. Throttling and 5xx
// errors are retried by the SDK itself (retryMode "adaptive" adds client-side rate limiting on
// throttling responses), so no code here hand-rolls retries.
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import type { Environment } from '../../model/environment.js';

export interface AwsClients {
  glue: GlueClient;
  sfn: SFNClient;
  s3: S3Client;
  events: EventBridgeClient;
  scheduler: SchedulerClient;
  athena: AthenaClient;
  sts: STSClient;
  logs: CloudWatchLogsClient;
  /** Resource Groups Tagging API: plan learns owned ARNs and their tags in a few calls (read-tagging.ts). */
  tagging: ResourceGroupsTaggingAPIClient;
}

export interface ClientOptions {
  /** Attempts per call including the first (SDK default 3). Deploys touch hundreds of resources; with
   * adaptive mode the extra attempts are spaced by client-side rate limiting, not hammered. */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/** The shared SDK configuration of every client of one environment. */
export function clientConfig(env: Environment, opts: ClientOptions = {}) {
  return {
    region: env.region,
    // AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, when set, keep their usual meaning.
    ...(process.env.AWS_RETRY_MODE ? {} : { retryMode: 'adaptive' as const }),
    ...(process.env.AWS_MAX_ATTEMPTS && opts.maxAttempts === undefined
      ? {}
      : { maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS }),
    ...(env.config.endpoint ? { endpoint: env.config.endpoint } : {}),
  };
}

export function createClients(env: Environment, opts: ClientOptions = {}): AwsClients {
  const config = clientConfig(env, opts);
  return {
    glue: new GlueClient(config),
    sfn: new SFNClient(config),
    // Emulators serve buckets by path, not by virtual host.
    s3: new S3Client({ ...config, forcePathStyle: Boolean(env.config.endpoint) }),
    events: new EventBridgeClient(config),
    scheduler: new SchedulerClient(config),
    athena: new AthenaClient(config),
    sts: new STSClient(config),
    logs: new CloudWatchLogsClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}

export function destroyClients(clients: AwsClients): void {
  for (const c of Object.values(clients)) c.destroy();
}

// Step Functions' own verdict on each definition: when `lakeops validate --env X` runs for an AWS
// environment and AWS credentials are at hand, every state machine definition (substituted for
// that environment) goes to ValidateStateMachineDefinition, and AWS's diagnostics join validate's
// own, placed at the line of the field their location names
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html:
// location "/States/<StateName>/<FieldName>"). The call only reads: IAM action
// states:ValidateStateMachineDefinition, which has no resource type, granted to the plan role.
//
// Without credentials nothing is sent and the SDK is not even loaded: credentials are looked for
// where the SDK's default chain looks without a network call (environment variables, a profile, a
// web identity token, a container credentials endpoint, the shared files); instance metadata
// (IMDS) is not asked, as that would be a network call on every laptop.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Environment } from '../model/environment.js';
import type { JsonPath, SourceFile } from '../model/source-file.js';

type Json = any;

/** Whether AWS credentials can be found without a network call (see the file comment). */
export function awsCredentialsPresent(vars: NodeJS.ProcessEnv = process.env, home = homedir()): boolean {
  if (vars.AWS_ACCESS_KEY_ID && vars.AWS_SECRET_ACCESS_KEY) return true;
  if (vars.AWS_PROFILE || vars.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (vars.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || vars.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  for (const file of [
    vars.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
    vars.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
  ])
    try {
      if (existsSync(file) && /^\s*\[(default|profile default)\]/m.test(readFileSync(file, 'utf8'))) return true;
    } catch {
      // unreadable: no credentials from it
    }
  return false;
}

/** One definition to check, with the file it came from. */
export interface DefinitionToCheck {
  source: SourceFile;
  /** The definition substituted for the environment (what a deploy would send). */
  definition: Json;
  type?: 'STANDARD' | 'EXPRESS';
}

/**
 * The JSON path a diagnostic's location names in `definition`. Segments are matched against the
 * definition's own keys (a state name may hold "/"), so the path is one the file really has.
 */
export function locationPath(definition: Json, location: string | undefined): JsonPath {
  if (!location) return [];
  const segs = location
    .replace(/^\$?\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path: (string | number)[] = [];
  let node: Json = definition;
  for (let i = 0; i < segs.length;) {
    if (Array.isArray(node) && /^\d+$/.test(segs[i]!) && Number(segs[i]) < node.length) {
      path.push(Number(segs[i]));
      node = node[Number(segs[i])];
      i++;
      continue;
    }
    if (!node || typeof node !== 'object') break;
    let matched = 0;
    for (let j = segs.length; j > i; j--)
      if (Object.prototype.hasOwnProperty.call(node, segs.slice(i, j).join('/'))) {
        matched = j;
        break;
      }
    if (!matched) break;
    const key = segs.slice(i, matched).join('/');
    path.push(key);
    node = node[key];
    i = matched;
  }
  return path;
}

/** Sends each definition to ValidateStateMachineDefinition and turns the answers into diagnostics. */
export class AwsDefinitionCheck {
  constructor(private readonly client: SFNClient) {}

  async validate(items: DefinitionToCheck[]): Promise<Diagnostic[]> {
    const { ValidateStateMachineDefinitionCommand } = await import('@aws-sdk/client-sfn');
    const limit = pLimit(4);
    let failure: Diagnostic | undefined;
    const results = await Promise.all(
      items.map((item) =>
        limit(async (): Promise<Diagnostic[]> => {
          if (failure) return [];
          try {
            const r = await this.client.send(
              new ValidateStateMachineDefinitionCommand({
                definition: JSON.stringify(item.definition),
                type: item.type ?? 'STANDARD',
                severity: 'WARNING',
              }),
            );
            const out = (r.diagnostics ?? []).map((d) => {
              const path = locationPath(item.definition, d.location);
              return item.source.diagnostic(
                path,
                `AWS Step Functions: ${d.message ?? 'invalid definition'} [${d.code ?? 'UNKNOWN'}]${d.location ? ` at ${d.location}` : ''}`,
                'aws-asl',
                { severity: d.severity === 'WARNING' ? 'warning' : 'error', key: path.length > 0 },
              );
            });
            if (r.truncated)
              out.push(
                item.source.diagnostic([], 'AWS Step Functions returned its first 100 diagnostics only', 'aws-asl', {
                  severity: 'warning',
                }),
              );
            return out;
          } catch (e) {
            // One warning for the run: AWS's check is extra, validate's own checks still stand.
            failure ??= item.source.diagnostic(
              [],
              `could not ask AWS Step Functions to validate the definitions (${(e as Error).name}: ${(e as Error).message}); ` +
                'sign in for this environment, or give the role states:ValidateStateMachineDefinition (the plan role has it)',
              'aws-asl',
              { severity: 'warning' },
            );
            return [];
          }
        }),
      ),
    );
    return [...results.flat(), ...(failure ? [failure] : [])];
  }
}

/** The check for an AWS environment, on a client of its region (and endpoint, when it sets one). */
export async function validateOnAws(env: Environment, items: DefinitionToCheck[]): Promise<Diagnostic[]> {
  if (!items.length) return [];
  const { SFNClient } = await import('@aws-sdk/client-sfn');
  const client = new SFNClient({
    region: env.region,
    maxAttempts: 3,
    ...(env.config.endpoint ? { endpoint: env.config.endpoint } : {}),
  });
  try {
    return await new AwsDefinitionCheck(client).validate(items);
  } finally {
    client.destroy();
  }
}

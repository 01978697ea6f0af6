// The IAM fixture project (test/fixtures/iam) and helpers shared by the IAM tests.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveEnvironment } from '../../../src/model/environment.js';
import { loadProjectOrThrow } from '../../../src/model/project.js';
import { buildIamReport, type IamReport } from '../../../src/iam/policies.js';
import type { SdkCommandUse } from '../../../src/iam/actions.js';
import type { PolicyDocument } from '../../../src/iam/policy.js';
import { ACCOUNT, decide } from './simulate.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURE = join(REPO_ROOT, 'test/fixtures/iam');
export const REGION = 'eu-west-1';

/** ARN helpers written independently of src/iam, for the fixture's "test" environment. */
export const arn = {
  glue: (rest: string) => `arn:aws:glue:${REGION}:${ACCOUNT}:${rest}`,
  states: (rest: string) => `arn:aws:states:${REGION}:${ACCOUNT}:${rest}`,
  events: (rest: string) => `arn:aws:events:${REGION}:${ACCOUNT}:${rest}`,
  scheduler: (rest: string) => `arn:aws:scheduler:${REGION}:${ACCOUNT}:${rest}`,
  athena: (rest: string) => `arn:aws:athena:${REGION}:${ACCOUNT}:${rest}`,
  logs: (rest: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:${rest}`,
  s3: (rest: string) => `arn:aws:s3:::${rest}`,
  role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
};

export function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-iam-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

export function report(root: string, commands?: readonly SdkCommandUse[], envName = 'test'): IamReport {
  const project = loadProjectOrThrow(root);
  return buildIamReport(project, resolveEnvironment(project, envName), { account: ACCOUNT, commands });
}

export function role(r: IamReport, id: string): PolicyDocument {
  const found = r.roles.find((x) => x.id === id);
  if (!found) throw new Error(`no policy ${id}; have ${r.roles.map((x) => x.id).join(', ')}`);
  return found.policy;
}

/**
 * Every grant of a policy, simulated on concrete requests made from it (wildcards filled in, the
 * condition's values as request context). The simulator rejects unknown actions and resources that
 * are not of the action's resource types; a statement may list resources of several types (Glue
 * table actions need the catalog, database and table ARNs), so each action must be allowed on at
 * least one of its statement's resources and never fail otherwise. Returns what failed.
 */
export async function invalidGrants(policy: PolicyDocument): Promise<string[]> {
  const bad: string[] = [];
  for (const s of policy.Statement) {
    const context: Record<string, string> = {};
    for (const block of Object.values(s.Condition ?? {}))
      for (const [k, v] of Object.entries(block)) context[k] = String([v].flat()[0]).replace(/\*/g, 'x');
    for (const action of s.Action) {
      const outcomes: string[] = [];
      let allowed = 0;
      for (const resource of s.Resource ?? []) {
        const concrete = resource === '*' ? '*' : resource.replace(/\*/g, 'x');
        try {
          const d = await decide(policy, action, concrete, context);
          if (d === 'Allowed') allowed++;
          else outcomes.push(`${concrete} is ${d}`);
        } catch (e) {
          const m = (e as Error).message;
          if (!m.includes('no.resource.types')) bad.push(`${s.Sid}: ${m}`);
          outcomes.push(`${concrete} is not a resource type of ${action}`);
        }
      }
      if (!allowed) bad.push(`${s.Sid}: ${action} applies to none of its resources (${outcomes.join('; ')})`);
    }
  }
  return bad;
}

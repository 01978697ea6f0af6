// Allow/deny decisions of IAM identity policies, by a real IAM policy simulator. It also rejects
// requests AWS would never make: an unknown action, or a resource ARN that is not one of the
// action's resource types in the Service Authorization Reference.
//
// @cloud-copilot/iam-simulate (devDependency, AGPL-3.0, used only by these tests and not shipped):
// IAM policy evaluation with wildcard, condition-operator and resource-type semantics.
// @cloud-copilot/iam-policy (devDependency, the simulator's own policy parser): trust policy validation.
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../../src/iam/policy.js';

export const ACCOUNT = '111122223333';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export async function decide(
  policy: PolicyDocument,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
  principal = `arn:aws:iam::${ACCOUNT}:role/under-test`,
): Promise<Decision> {
  const r = await runSimulation(
    {
      identityPolicies: [{ name: 'under-test', policy: policy as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: undefined,
      permissionBoundaries: undefined,
      request: { action, principal, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
    } as never,
    {},
  );
  if (r.resultType === 'error') throw new Error(`simulating ${action} on ${resource}: ${JSON.stringify(r.errors)}`);
  return r.overallResult as Decision;
}

/**
 * Whether a role's trust policy lets a GitHub Actions job whose OpenID Connect token carries these
 * claims assume the role (sts:AssumeRoleWithWebIdentity through the account's GitHub provider).
 * The trust policy is first validated as one (@cloud-copilot/iam-policy). The unsafe run is needed
 * because the validated one drops the token.actions.githubusercontent.com:sub and :aud keys: the
 * Service Authorization Reference data lists only GitHub's other claim keys for this action.
 */
export function assumeWithWebIdentity(
  trust: unknown,
  request: { provider: string; role: string; claims: Record<string, string> },
): Decision {
  const validated = createValidatedPolicy(trust, validateTrustPolicy, { name: 'trust' });
  if (validated.errors.length) throw new Error(`invalid trust policy: ${JSON.stringify(validated.errors)}`);
  const contextVariables = Object.fromEntries(
    Object.entries(request.claims).map(([k, v]) => [`token.actions.githubusercontent.com:${k}`, v]),
  );
  return runUnsafeSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: validated,
      request: {
        action: 'sts:AssumeRoleWithWebIdentity',
        principal: request.provider,
        resource: { resource: request.role, accountId: ACCOUNT },
        contextVariables,
      },
    } as never,
    {},
  ) as Decision;
}

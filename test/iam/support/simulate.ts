// Allow/deny decisions of IAM identity policies, by a real IAM policy simulator. It also rejects
// requests AWS would never make: an unknown action, or a resource ARN that is not one of the
// action's resource types in the Service Authorization Reference.
//
// @cloud-copilot/iam-simulate (devDependency, AGPL-3.0, used only by these tests and not shipped):
// IAM policy evaluation with wildcard, condition-operator and resource-type semantics.
import { runSimulation } from '@cloud-copilot/iam-simulate';
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

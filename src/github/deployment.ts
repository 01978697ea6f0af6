// GitHub deployment records: one deployment per deploy of an environment, with statuses that move
// from in_progress to success or failure, so the repository's Environments page shows what runs
// where and links back to the workflow run.
import { repoParams, type GitHubClient, type Repo } from './client.js';

export interface StartDeploymentInput {
  ref: string;
  environment: string;
  description?: string;
  production?: boolean;
  logUrl?: string;
  payload?: Record<string, unknown>;
}

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive' | 'queued' | 'pending';

export async function startDeployment(gh: GitHubClient, repo: Repo, input: StartDeploymentInput): Promise<number> {
  const res = await gh.rest.repos.createDeployment({
    ...repoParams(repo),
    ref: input.ref,
    environment: input.environment,
    description: clip140(input.description ?? `lakeops deploy to ${input.environment}`),
    // The deploy runs after the merge, on the merged commit: no merging of the default branch into
    // it, and no wait on commit statuses (branch protection already required them).
    auto_merge: false,
    required_contexts: [],
    production_environment: input.production ?? false,
    payload: input.payload ?? {},
  });
  // 202 means GitHub merged the default branch instead of creating a deployment (auto_merge only).
  if (res.status !== 201 || !('id' in res.data))
    throw new Error(`GitHub did not create the deployment (HTTP ${res.status}: ${JSON.stringify(res.data)})`);
  await setDeploymentStatus(gh, repo, res.data.id, 'in_progress', {
    description: 'deploying',
    logUrl: input.logUrl,
  });
  return res.data.id;
}

export async function setDeploymentStatus(
  gh: GitHubClient,
  repo: Repo,
  deploymentId: number,
  state: DeploymentState,
  opts: { description?: string; logUrl?: string; environmentUrl?: string } = {},
): Promise<void> {
  await gh.rest.repos.createDeploymentStatus({
    ...repoParams(repo),
    deployment_id: deploymentId,
    state,
    ...(opts.description ? { description: clip140(opts.description) } : {}),
    ...(opts.logUrl ? { log_url: opts.logUrl } : {}),
    ...(opts.environmentUrl ? { environment_url: opts.environmentUrl } : {}),
  });
}

/** Deployment and status descriptions are limited to 140 characters. */
function clip140(s: string): string {
  return s.length <= 140 ? s : s.slice(0, 139) + '…';
}

// The workflow run an action executes in, read from the runner's environment variables and the
// event payload file. Read at call time (not at import time, as @actions/github's `context` is), so
// one process can be given different environments, as the tests do.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../model/diagnostics.js';

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha: string;
  headRef?: string;
  baseRef?: string;
  /** owner/name of the repository the head branch lives in. */
  headRepo?: string;
  /** True when the head branch lives in another repository (a fork): no secrets, no OIDC. */
  fromFork: boolean;
}

export interface GitHubContext {
  owner: string;
  repo: string;
  eventName: string;
  payload: Record<string, any>;
  /** The commit the workflow runs on (for pull_request: the merge commit). */
  sha: string;
  ref?: string;
  runId?: string;
  runAttempt?: string;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  actor?: string;
  pullRequest?: PullRequestInfo;
}

function readPayload(path: string | undefined): Record<string, any> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  } catch (e) {
    throw new ConfigError(`GITHUB_EVENT_PATH ${path}: cannot read the event payload (${(e as Error).message})`);
  }
}

export function readGitHubContext(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const full = env.GITHUB_REPOSITORY;
  if (!full || !/^[^/]+\/[^/]+$/.test(full))
    throw new ConfigError(
      'GITHUB_REPOSITORY is not set (expected "owner/repo"); lakeops actions run inside a GitHub Actions workflow',
    );
  const [owner, repo] = full.split('/') as [string, string];
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const pr = payload.pull_request as Record<string, any> | undefined;
  const pullRequest: PullRequestInfo | undefined = pr
    ? {
        number: Number(pr.number),
        headSha: String(pr.head?.sha ?? env.GITHUB_SHA ?? ''),
        baseSha: String(pr.base?.sha ?? ''),
        headRef: pr.head?.ref,
        baseRef: pr.base?.ref,
        headRepo: pr.head?.repo?.full_name,
        fromFork: Boolean(pr.head?.repo?.full_name && pr.head.repo.full_name !== full),
      }
    : undefined;
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    actor: env.GITHUB_ACTOR,
    pullRequest,
  };
}

/** The commit a PR's checks belong to: the PR head, not the merge commit the workflow checks out. */
export function checkSha(ctx: GitHubContext): string {
  return ctx.pullRequest?.headSha || ctx.sha;
}

/** The workflow run's page, where its job summaries are. */
export function runUrl(ctx: GitHubContext): string | undefined {
  if (!ctx.runId) return undefined;
  const attempt = ctx.runAttempt && ctx.runAttempt !== '1' ? `/attempts/${ctx.runAttempt}` : '';
  return `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}${attempt}`;
}

/**
 * The execution name for this workflow run and attempt: starting it twice follows the first
 * execution, while a re-run job (a new attempt) gets a fresh one.
 */
export function runKey(ctx: GitHubContext): string | undefined {
  return ctx.runId ? `gh-${ctx.runId}-${ctx.runAttempt ?? '1'}` : undefined;
}

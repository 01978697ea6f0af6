// The GitHub REST client the actions use: @actions/github's Octokit (REST methods + pagination),
// pointed at GITHUB_API_URL read at call time (GitHub Enterprise Server, or a local recorded API in
// tests), with octokit's retry plugin: server errors (5xx) and 429s are retried with a growing
// back-off, so one flaky response does not lose the report.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { ConfigError } from '../model/diagnostics.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface Repo {
  owner: string;
  repo: string;
}

/** Only owner and repo, so a wider object (a GitHubContext) never leaks fields into a request. */
export function repoParams(r: Repo): Repo {
  return { owner: r.owner, repo: r.repo };
}

export interface ClientOptions {
  /** Retries per request on 5xx and 429 answers (default 3). */
  retries?: number;
  /** Milliseconds per unit of back-off; the n-th retry waits n² units (default 1000). */
  retryBaseMs?: number;
}

export function createGitHubClient(token: string, apiUrl: string, opts: ClientOptions = {}): GitHubClient {
  if (!token)
    throw new ConfigError(
      'no GitHub token: pass `github-token` (the default `${{ github.token }}` works when the job grants the permissions)',
    );
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      // Set on the plugin, not per request: a per-request `retries` also retries 4xx answers.
      retry: { retries: opts.retries ?? 3, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    } as Parameters<typeof getOctokit>[1],
    retry,
  ) as GitHubClient;
}

/**
 * True for the errors a token without the needed permission gets: pull requests from forks run with
 * a read-only GITHUB_TOKEN whatever the workflow asks for, so writes answer 403
 * ("Resource not accessible by integration").
 */
export function isPermissionError(err: unknown): boolean {
  return (err as { status?: number })?.status === 403;
}

export function errorMessage(err: unknown): string {
  const e = err as { status?: number; message?: string };
  return e?.status ? `HTTP ${e.status}: ${e.message}` : String(e?.message ?? err);
}

// The GitHub REST client the actions use: @actions/github's Octokit (REST methods + pagination),
// pointed at GITHUB_API_URL read at call time (GitHub Enterprise Server, or a local recorded API in
// tests).
import { getOctokit } from '@actions/github';
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

export function createGitHubClient(token: string, apiUrl: string): GitHubClient {
  if (!token)
    throw new ConfigError(
      'no GitHub token: pass `github-token` (the default `${{ github.token }}` works when the job grants the permissions)',
    );
  return getOctokit(token, { baseUrl: apiUrl });
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

// One comment per pull request that lakeops keeps up to date: found by a hidden HTML marker,
// updated in place (PATCH) on every run, created only when none exists yet.
import { repoParams, type GitHubClient, type Repo } from './client.js';

export const REPORT_MARKER = '<!-- lakeops-report -->';

/** GitHub rejects comment bodies longer than this many characters. */
export const COMMENT_MAX_CHARS = 65536;

export interface StickyCommentResult {
  id: number;
  url?: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** The first comment on the issue or PR whose body starts with `marker`, reading 100 per page. */
export async function findStickyComment(
  gh: GitHubClient,
  repo: Repo,
  issueNumber: number,
  marker: string = REPORT_MARKER,
): Promise<{ id: number; body?: string; html_url?: string } | undefined> {
  const pages = gh.paginate.iterator(gh.rest.issues.listComments, {
    ...repoParams(repo),
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const hit = page.data.find((c) => c.body?.trimStart().startsWith(marker));
    // Stop paging at the first hit: long PR threads need not be read to the end.
    if (hit) return { id: hit.id, body: hit.body, html_url: hit.html_url };
  }
  return undefined;
}

export async function upsertStickyComment(
  gh: GitHubClient,
  repo: Repo,
  issueNumber: number,
  body: string,
  marker: string = REPORT_MARKER,
): Promise<StickyCommentResult> {
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  if (text.length > COMMENT_MAX_CHARS)
    throw new Error(`comment body is ${text.length} characters; GitHub accepts at most ${COMMENT_MAX_CHARS}`);
  const existing = await findStickyComment(gh, repo, issueNumber, marker);
  if (existing) {
    if (existing.body === text) return { id: existing.id, url: existing.html_url, action: 'unchanged' };
    const { data } = await gh.rest.issues.updateComment({ ...repoParams(repo), comment_id: existing.id, body: text });
    return { id: data.id, url: data.html_url, action: 'updated' };
  }
  const { data } = await gh.rest.issues.createComment({ ...repoParams(repo), issue_number: issueNumber, body: text });
  return { id: data.id, url: data.html_url, action: 'created' };
}

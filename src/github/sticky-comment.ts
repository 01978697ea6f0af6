// One comment per pull request that lakeops keeps up to date: found by a hidden HTML marker AND its
// author (this workflow's own identity), updated in place (PATCH) on every run, created only when
// none exists yet. A comment by anyone else that quotes the marker is never touched, and a sticky
// comment deleted by hand (or between listing and updating) is created again.
import { repoParams, type GitHubClient, type Repo } from './client.js';

export const REPORT_MARKER = '<!-- lakeops-report -->';

/** GitHub rejects comment bodies longer than this many characters. */
export const COMMENT_MAX_CHARS = 65536;

/**
 * The login GitHub shows for comments written with a workflow's GITHUB_TOKEN. A GitHub App token
 * writes as `<app-slug>[bot]`, a personal token as its user: pass those as `authors`.
 */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface StickyCommentResult {
  id: number;
  url?: string;
  action: 'created' | 'updated' | 'unchanged' | 'recreated';
}

export interface StickyOptions {
  marker?: string;
  /** Logins whose comments may be the sticky one (default: github-actions[bot]). */
  authors?: readonly string[];
}

/** The first comment on the issue or PR by one of `authors` whose body starts with the marker. */
export async function findStickyComment(
  gh: GitHubClient,
  repo: Repo,
  issueNumber: number,
  opts: StickyOptions = {},
): Promise<{ id: number; body?: string; html_url?: string } | undefined> {
  const marker = opts.marker ?? REPORT_MARKER;
  const authors = new Set((opts.authors?.length ? opts.authors : [ACTIONS_BOT_LOGIN]).map((a) => a.toLowerCase()));
  const pages = gh.paginate.iterator(gh.rest.issues.listComments, {
    ...repoParams(repo),
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const hit = page.data.find(
      (c) => c.body?.trimStart().startsWith(marker) && authors.has((c.user?.login ?? '').toLowerCase()),
    );
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
  opts: StickyOptions = {},
): Promise<StickyCommentResult> {
  const marker = opts.marker ?? REPORT_MARKER;
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  if (text.length > COMMENT_MAX_CHARS)
    throw new Error(`comment body is ${text.length} characters; GitHub accepts at most ${COMMENT_MAX_CHARS}`);
  const existing = await findStickyComment(gh, repo, issueNumber, opts);
  const create = async (action: 'created' | 'recreated'): Promise<StickyCommentResult> => {
    const { data } = await gh.rest.issues.createComment({ ...repoParams(repo), issue_number: issueNumber, body: text });
    return { id: data.id, url: data.html_url, action };
  };
  if (!existing) return create('created');
  if (existing.body === text) return { id: existing.id, url: existing.html_url, action: 'unchanged' };
  try {
    const { data } = await gh.rest.issues.updateComment({ ...repoParams(repo), comment_id: existing.id, body: text });
    return { id: data.id, url: data.html_url, action: 'updated' };
  } catch (err) {
    // Deleted by hand after we listed it: write a new one rather than lose the report.
    if ((err as { status?: number }).status === 404) return create('recreated');
    throw err;
  }
}

// Issues for the scheduled data validations, two kinds per environment, found by a label and a
// hidden marker in the body:
// - "data": the data failed a validation. Opened on the first failure, its body replaced on each
//   later failure (with a comment, so watchers get notified), closed once the validations pass.
// - "outage": the validations could not run (credentials, throttling, service errors). One issue,
//   its body updated in place while the outage lasts (no hourly comment, no new issue), closed once
//   they run again. An outage says nothing about the data, so it never opens or closes a data issue.
import { repoParams, type GitHubClient, type Repo } from './client.js';
import { COMMENT_MAX_CHARS } from './sticky-comment.js';

export const DEFAULT_ISSUE_LABEL = 'lakeops-validation';

export type IssueKind = 'data' | 'outage';

export function issueMarker(env: string, kind: IssueKind = 'data'): string {
  return kind === 'data' ? `<!-- lakeops-validation env=${env} -->` : `<!-- lakeops-validation-outage env=${env} -->`;
}

export interface ValidationIssueInput {
  env: string;
  failing: boolean;
  title: string;
  /** Markdown body (the marker is added). */
  body: string;
  label?: string;
  /** A link to the workflow run, for the comments. */
  runUrl?: string;
  /** data (default): the data failed; outage: the validations could not run. */
  kind?: IssueKind;
}

export interface ValidationIssueResult {
  action: 'created' | 'updated' | 'closed' | 'none';
  number?: number;
  url?: string;
}

/** An issue body has the same limit as a comment. */
const ISSUE_BODY_MAX = COMMENT_MAX_CHARS;

async function findOpenIssue(
  gh: GitHubClient,
  repo: Repo,
  marker: string,
  label?: string,
): Promise<{ number: number; html_url: string } | undefined> {
  const pages = gh.paginate.iterator(gh.rest.issues.listForRepo, {
    ...repoParams(repo),
    state: 'open',
    ...(label ? { labels: label } : {}),
    per_page: 100,
  });
  for await (const page of pages) {
    // The issues list includes pull requests; they carry a pull_request key.
    const hit = page.data.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
    if (hit) return { number: hit.number, html_url: hit.html_url };
  }
  return undefined;
}

/**
 * The open validation issue of `env`: looked up by its label first; then among all open issues,
 * because GitHub silently drops labels a token may not set on a new issue (and creates missing
 * ones only when it may), so an issue can exist without its label.
 */
export async function findValidationIssue(
  gh: GitHubClient,
  repo: Repo,
  env: string,
  label: string = DEFAULT_ISSUE_LABEL,
  kind: IssueKind = 'data',
): Promise<{ number: number; html_url: string } | undefined> {
  const marker = issueMarker(env, kind);
  return (await findOpenIssue(gh, repo, marker, label)) ?? (await findOpenIssue(gh, repo, marker));
}

export async function syncValidationIssue(
  gh: GitHubClient,
  repo: Repo,
  input: ValidationIssueInput,
): Promise<ValidationIssueResult> {
  const label = input.label ?? DEFAULT_ISSUE_LABEL;
  const kind = input.kind ?? 'data';
  const existing = await findValidationIssue(gh, repo, input.env, label, kind);
  const marker = issueMarker(input.env, kind);
  let body = `${marker}\n${input.body}`;
  if (body.length > ISSUE_BODY_MAX) body = body.slice(0, ISSUE_BODY_MAX - 80) + '\n\n… (cut: see the workflow run)';
  const runLink = input.runUrl ? ` ([workflow run](${input.runUrl}))` : '';

  if (input.failing) {
    if (existing) {
      await gh.rest.issues.update({ ...repoParams(repo), issue_number: existing.number, title: input.title, body });
      // An outage is reported once; its body keeps the latest error without notifying every hour.
      if (kind === 'outage') return { action: 'updated', number: existing.number, url: existing.html_url };
      await gh.rest.issues.createComment({
        ...repoParams(repo),
        issue_number: existing.number,
        body: `Still failing${runLink}. The description above shows the latest results.`,
      });
      return { action: 'updated', number: existing.number, url: existing.html_url };
    }
    const { data } = await gh.rest.issues.create({ ...repoParams(repo), title: input.title, body, labels: [label] });
    return { action: 'created', number: data.number, url: data.html_url };
  }
  if (existing) {
    await gh.rest.issues.createComment({
      ...repoParams(repo),
      issue_number: existing.number,
      body:
        kind === 'outage'
          ? `The ${input.env} data validations run again${runLink}; closing.`
          : `The ${input.env} data validations pass again${runLink}; closing.`,
    });
    await gh.rest.issues.update({
      ...repoParams(repo),
      issue_number: existing.number,
      state: 'closed',
      state_reason: 'completed',
    });
    return { action: 'closed', number: existing.number, url: existing.html_url };
  }
  return { action: 'none' };
}

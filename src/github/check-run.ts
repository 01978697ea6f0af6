// The `lakeops` check run: a conclusion, a Markdown summary, and an annotation on the file and line
// of each problem. The Checks API takes at most 50 annotations per request; more are appended by
// updating the check run with further batches ("Each time you update the check run, annotations are
// appended to the list of annotations that already exist", GitHub REST docs, check runs).
import { repoParams, type GitHubClient, type Repo } from './client.js';
import type { Annotation } from './annotations.js';

export const CHECK_NAME = 'lakeops';
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
/**
 * Annotations sent per check run: each batch of 50 is one request, and GitHub's secondary rate
 * limits throttle bursts of writes, so a report with thousands of findings sends the first 1,000
 * (failures first) and says how many it left out; the job summary lists them all.
 */
export const MAX_ANNOTATIONS = 1000;
/** output.summary and output.text are each limited to 65,535 characters. */
export const CHECK_TEXT_MAX_CHARS = 65535;

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'skipped' | 'cancelled';

export interface CheckRunInput {
  name?: string;
  headSha: string;
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: Annotation[];
  detailsUrl?: string;
  externalId?: string;
  /** At most this many annotations are sent (default MAX_ANNOTATIONS). */
  maxAnnotations?: number;
}

export interface CheckRunResult {
  id: number;
  url?: string;
  /** Requests sent: one create plus one update per further batch of 50 annotations. */
  requests: number;
  /** Annotations sent. */
  annotations: number;
  /** Annotations left out by the cap. */
  omitted: number;
}

const LEVEL_ORDER = { failure: 0, warning: 1, notice: 2 } as const;

function clip(text: string, max: number, note: string): string {
  return text.length <= max ? text : text.slice(0, max - note.length) + note;
}

/** Splits annotations into request-sized batches. */
export function batches<T>(items: readonly T[], size: number = MAX_ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function publishCheckRun(gh: GitHubClient, repo: Repo, input: CheckRunInput): Promise<CheckRunResult> {
  const note = '\n\n… (cut to fit the check run; the job summary has everything)';
  const cap = input.maxAnnotations ?? MAX_ANNOTATIONS;
  // Stable sort: failures first, each level in report order.
  const ordered = [...input.annotations].sort(
    (a, b) => LEVEL_ORDER[a.annotation_level] - LEVEL_ORDER[b.annotation_level],
  );
  const sent = ordered.slice(0, cap);
  const omitted = ordered.length - sent.length;
  const omittedNote = omitted
    ? `\n\n> ${omitted} more annotation(s) not sent (at most ${cap} per check run); the job summary lists every finding.`
    : '';
  const title = clip(input.title, 255, '…');
  const summary = clip(input.summary, CHECK_TEXT_MAX_CHARS - omittedNote.length, note) + omittedNote;
  const text = input.text === undefined ? undefined : clip(input.text, CHECK_TEXT_MAX_CHARS, note);
  const [first = [], ...rest] = batches(sent);
  const { data } = await gh.rest.checks.create({
    ...repoParams(repo),
    name: input.name ?? CHECK_NAME,
    head_sha: input.headSha,
    status: 'completed',
    conclusion: input.conclusion,
    completed_at: new Date().toISOString(),
    ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
    ...(input.externalId ? { external_id: input.externalId } : {}),
    output: { title, summary, ...(text !== undefined ? { text } : {}), annotations: first },
  });
  let requests = 1;
  for (const batch of rest) {
    // output.title and output.summary are required on every update that carries output.
    await gh.rest.checks.update({
      ...repoParams(repo),
      check_run_id: data.id,
      output: { title, summary, annotations: batch },
    });
    requests++;
  }
  return { id: data.id, url: data.html_url ?? undefined, requests, annotations: sent.length, omitted };
}

// Glue job bookmarks on the local target. Glue keeps, per job, the state of each source read with a
// transformation_ctx; for Amazon S3 sources it "checks the last modified time of the objects to
// verify which objects need to be reprocessed", and the state advances only when the run calls
// job.commit() (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html,
// https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html).
// Locally the transformation context of a path input is its input name (the runner passes the
// same on AWS), and the state is one JSON file per job under .lakeops/<env>/bookmarks/: for every
// input, each object it has processed with the modification time it had. An object is read again
// when it is new or modified since. The state is written durably (temp file, fsync, rename) and
// only as part of a run's commit (commit-journal.ts), so a failed run never advances it.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from './landing.js';
import type { BookmarkOption } from '../../model/job-options.js';

export interface InputBookmark {
  /** Processed objects (bucket/key) and the modification time (ms) each had when read. */
  files: Record<string, number>;
}

export interface BookmarkState {
  job: string;
  /** How many committed runs advanced it (Glue's JobBookmarkEntry.Run). */
  run: number;
  /** The run that last advanced it. */
  runId?: string;
  /** Per transformation context (the input name). */
  inputs: Record<string, InputBookmark>;
}

/** A job run's bookmark: its option, the state it started from and, for enable, the state to commit. */
export interface RunBookmark {
  option: BookmarkOption;
  state: BookmarkState;
}

export const bookmarksDir = (stateDir: string) => join(stateDir, 'bookmarks');

/** Job names are Glue job names (letters, digits, "-", "_", "."); encoded so none leaves the folder. */
const bookmarkFile = (stateDir: string, job: string) =>
  join(bookmarksDir(stateDir), `${encodeURIComponent(job).replace(/^\.+/, (m) => '%2E'.repeat(m.length))}.json`);

export async function readBookmark(stateDir: string, job: string): Promise<BookmarkState> {
  const file = bookmarkFile(stateDir, job);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { job, run: 0, inputs: {} };
    throw e;
  }
  // A damaged state is reported, never read as "nothing processed" (that would re-read everything).
  let s: BookmarkState | undefined;
  try {
    s = JSON.parse(text) as BookmarkState;
  } catch (e) {
    throw new Error(`the bookmark of job ${job} (${file}) is not JSON; reset it with lakeops bookmarks reset`, {
      cause: e,
    });
  }
  if (!s || typeof s !== 'object' || !s.inputs || typeof s.inputs !== 'object')
    throw new Error(`the bookmark of job ${job} (${file}) has no inputs; reset it with lakeops bookmarks reset`);
  return s;
}

export async function writeBookmark(stateDir: string, state: BookmarkState): Promise<void> {
  await mkdir(bookmarksDir(stateDir), { recursive: true });
  await writeDurably(bookmarkFile(stateDir, state.job), JSON.stringify(state));
}

/** ResetJobBookmark: the next enabled run reads every object again. True when there was state. */
export async function resetBookmark(stateDir: string, job: string): Promise<boolean> {
  const file = bookmarkFile(stateDir, job);
  const existed = await readFile(file).then(
    () => true,
    () => false,
  );
  await rm(file, { force: true });
  return existed;
}

export interface BookmarkedFile {
  /** bucket/key, the object's identity in the state. */
  id: string;
  mtimeMs: number;
}

/** The objects a run reads: all for disable, else those new or modified since the bookmark. */
export function unprocessed<T extends BookmarkedFile>(
  files: T[],
  bookmark: RunBookmark | undefined,
  input: string,
): T[] {
  if (!bookmark || bookmark.option === 'job-bookmark-disable') return files;
  const seen = bookmark.state.inputs[input]?.files ?? {};
  return files.filter((f) => seen[f.id] === undefined || f.mtimeMs > seen[f.id]!);
}

/** The state after a successful run read `read` for `input` (pause and disable leave it as it was). */
export function advance(
  bookmark: RunBookmark,
  reads: Record<string, BookmarkedFile[]>,
  runId: string,
): BookmarkState | undefined {
  if (bookmark.option !== 'job-bookmark-enable') return undefined;
  const inputs = structuredClone(bookmark.state.inputs);
  for (const [input, files] of Object.entries(reads)) {
    const seen = (inputs[input] ??= { files: {} }).files;
    for (const f of files) seen[f.id] = f.mtimeMs;
  }
  return { job: bookmark.state.job, run: bookmark.state.run + 1, runId, inputs };
}

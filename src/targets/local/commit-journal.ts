// Crash-safe commits of job outputs on the local target. A run stages every output completely,
// then writes a journal naming every move (staged folder or file -> its place in the lake, and
// where the version it replaces goes) before it renames anything. A process killed at any instant
// leaves the journal behind; the next process that opens the lake rolls it forward (each move is
// redone only if its source still exists), so every output of the run ends as the new version,
// never as neither and never as a mix. Replaced versions are deleted only after the journal's
// moves are all done, never on sight.
import { open, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeBookmark, type BookmarkState } from './bookmarks.js';
import { faultPoint } from './fault.js';

/** One rename of a commit; paths are relative to the environment's state folder. */
export interface CommitMove {
  from: string;
  to: string;
  /** Where the version `to` holds goes first (folders replaced as a whole); absent for added files. */
  trash?: string;
}

export interface CommitJournal {
  runId: string;
  job: string;
  moves: CommitMove[];
  /** Catalog tables to (re)register from their folders once the moves are done. */
  tables: { database: string; name: string; path: string }[];
  /** The job's advanced bookmark, written once the moves are done: it advances with the data or not at all. */
  bookmark?: BookmarkState;
}

export const journalDir = (stateDir: string) => join(stateDir, 'tmp', 'journal');
export const stagingDir = (stateDir: string, runId: string) => join(stateDir, 'tmp', 'staging', runId);
export const trashDir = (stateDir: string, runId: string) => join(stateDir, 'tmp', 'trash', runId);

const exists = (p: string) =>
  stat(p).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    },
  );

/** A path of the journal as an absolute path, refusing any that leaves the state folder. */
function inside(stateDir: string, rel: string): string {
  const abs = resolve(stateDir, rel);
  if (isAbsolute(rel) || (abs !== stateDir && !abs.startsWith(stateDir + sep)))
    throw new Error(`commit journal path "${rel}" leaves the lake ${stateDir}`);
  return abs;
}

export const relativeTo = (stateDir: string, abs: string) => relative(stateDir, abs).split(sep).join('/');

/** Writes the journal durably (temp file, fsync, rename): once it exists the commit will happen. */
export async function writeJournal(stateDir: string, j: CommitJournal): Promise<string> {
  const dir = journalDir(stateDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${j.runId}.json`);
  const tmp = `${file}.writing`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(j));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  return file;
}

/** Does one move; safe to repeat after a crash at any point inside it. */
async function applyMove(stateDir: string, m: CommitMove): Promise<void> {
  const from = inside(stateDir, m.from);
  const to = inside(stateDir, m.to);
  if (!(await exists(from))) return; // moved by an earlier attempt
  await mkdir(dirname(to), { recursive: true });
  if (m.trash && (await exists(to))) {
    const trash = inside(stateDir, m.trash);
    if (await exists(trash))
      throw new Error(
        `commit of ${m.to}: both the lake folder and its replaced copy ${m.trash} exist; resolve by hand`,
      );
    await mkdir(dirname(trash), { recursive: true });
    await rename(to, trash);
    await faultPoint('commit.between-renames');
  }
  await rename(from, to);
}

/** Applies every move of the journal, in order. */
export async function applyMoves(stateDir: string, j: CommitJournal): Promise<void> {
  for (const [i, m] of j.moves.entries()) {
    await applyMove(stateDir, m);
    if (i === 0) await faultPoint('commit.after-first-move');
  }
  if (j.bookmark) await writeBookmark(stateDir, j.bookmark);
}

/** Removes what a finished commit leaves: replaced versions, then the journal, then staging. */
export async function finishCommit(stateDir: string, j: CommitJournal): Promise<void> {
  await rm(trashDir(stateDir, j.runId), { recursive: true, force: true });
  await faultPoint('commit.trash-removed');
  await rm(join(journalDir(stateDir), `${j.runId}.json`), { force: true });
  await rm(stagingDir(stateDir, j.runId), { recursive: true, force: true });
}

/**
 * Rolls forward every journal a killed process left (moves, then table registration through
 * `register`), then removes staging folders no journal names: those are runs that never reached
 * their commit, whose outputs nobody may see. Returns the run ids recovered.
 */
export async function recoverCommits(
  stateDir: string,
  register: (t: CommitJournal['tables'][number], job: string) => Promise<void>,
): Promise<string[]> {
  const dir = journalDir(stateDir);
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const recovered: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    // A journal still being written was never complete: its commit never started.
    if (name.endsWith('.writing')) {
      await rm(file, { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const j = JSON.parse(await readFile(file, 'utf8')) as CommitJournal;
    await applyMoves(stateDir, j);
    for (const t of j.tables) await register(t, j.job);
    await finishCommit(stateDir, j);
    recovered.push(j.runId);
  }
  const staging = join(stateDir, 'tmp', 'staging');
  for (const runId of await readdir(staging).catch(() => [] as string[]))
    await rm(join(staging, runId), { recursive: true, force: true });
  return recovered;
}

// Translations kept by content hash: in memory for this process, and on disk in the project
// (`.lakeops/sql-translations/`, beside the environments) for the next one. The key is the hash
// of what produced the entry — the transpiler's version, this folder's translation code and the
// SQL text — so a new transpiler or a change to the fixes in sql-translate.ts misses the old
// entries instead of reusing them. Entries are written to a temp name and renamed into place, so
// a reader never sees half a file; an unreadable entry is a miss.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let dir: string | undefined;
const memory = new Map<string, Promise<unknown>>();
const MEMORY_LIMIT = 500;
const stats = { computed: 0, fromDisk: 0, fromMemory: 0 };

/**
 * Where entries are kept (a folder whose parent exists: the environment's state folder), or
 * undefined for memory only. The folder is created when first written; its parent never is, so
 * a removed project folder is not brought back by a late write.
 */
export function setTranslationCacheDir(folder: string | undefined): void {
  dir = folder;
}

let versionKey: string | undefined;
/** The transpiler's package version and the text of the translation code: part of every key. */
function version(): string {
  if (versionKey !== undefined) return versionKey;
  const h = createHash('sha256');
  try {
    const entry = createRequire(import.meta.url).resolve('@polyglot-sql/sdk');
    h.update(readFileSync(join(dirname(entry), '..', 'package.json')));
  } catch {
    h.update('polyglot-unknown');
  }
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    h.update(readFileSync(join(here, 'sql-translate.ts')));
  } catch {
    // Bundled (the GitHub Actions): the bundle's own text stands for the code.
    try {
      h.update(readFileSync(fileURLToPath(import.meta.url)));
    } catch {
      h.update(String(Date.now())); // no stable identity: never share entries across processes
    }
  }
  versionKey = h.digest('hex').slice(0, 16);
  return versionKey;
}

function readEntry<T>(file: string): T | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { value: T }).value;
  } catch {
    return undefined;
  }
}

function writeEntry(file: string, value: unknown): void {
  try {
    mkdirSync(dirname(file)); // the state folder must exist already (see setTranslationCacheDir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return;
  }
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ value }));
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written is only a slower next run.
  }
}

/** The value for (kind, text): from memory, else from disk, else computed once and kept in both. */
export function cachedOnDisk<T>(kind: string, text: string, compute: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(`${version()}\0${kind}\0${text}`).digest('hex');
  const hit = memory.get(key);
  if (hit) {
    stats.fromMemory++;
    return hit as Promise<T>;
  }
  const file = dir ? join(dir, `${key}.json`) : undefined;
  const value = (async () => {
    const stored = file ? readEntry<T>(file) : undefined;
    if (stored !== undefined) {
      stats.fromDisk++;
      return stored;
    }
    stats.computed++;
    const computed = await compute();
    if (file) writeEntry(file, computed);
    return computed;
  })();
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  memory.set(key, value);
  value.catch(() => memory.delete(key));
  return value;
}

/** Counts since start (or the last reset): computed means the transpiler ran. */
export function translationCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}

/** Forgets the in-memory entries and counts, as a new process would start (tests, benchmarks). */
export function resetTranslationMemory(): void {
  memory.clear();
  stats.computed = stats.fromDisk = stats.fromMemory = 0;
}

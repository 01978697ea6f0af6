// Reading a project file that may be hostile (a pull request's files are untrusted): a symlink that
// leads out of the project, a file too large to parse, or binary content each become one
// diagnostic naming the file, and the caller goes on with the other files.
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Diagnostic } from './diagnostics.js';

/** Larger project files are refused: no pipeline, SQL or ASL file needs this much. */
export const MAX_PROJECT_FILE_BYTES = 4 * 1024 * 1024;

export type SafeRead = { text: string; diagnostic?: undefined } | { text?: undefined; diagnostic: Diagnostic };

function problem(rel: string, message: string, rule: string): SafeRead {
  return { diagnostic: { file: rel, line: 1, column: 1, severity: 'error', message, rule } };
}

/**
 * The text of `rel` (relative to `root`), or the one diagnostic that says why it cannot be read.
 * Returns undefined when there is no regular file there (callers report a missing file their way).
 */
export function readProjectFile(root: string, rel: string, maxBytes = MAX_PROJECT_FILE_BYTES): SafeRead | undefined {
  const abs = join(root, rel);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(abs);
    realRoot = realpathSync(root);
  } catch (e) {
    return problem(rel, `cannot be read: ${(e as Error).message}`, 'file-unreadable');
  }
  const inside = relative(realRoot, real);
  if (inside.startsWith('..') || isAbsolute(inside))
    return problem(
      rel,
      'is a link to a file outside the project; lakeops reads only files inside the repository (copy the file in instead)',
      'file-outside-project',
    );
  if (st.size > maxBytes)
    return problem(
      rel,
      `is ${st.size} bytes, over the ${maxBytes}-byte limit for project files; split it or keep the data elsewhere`,
      'file-too-large',
    );
  let buffer: Buffer;
  try {
    const fd = openSync(real, 'r');
    try {
      buffer = Buffer.alloc(st.size);
      const n = readSync(fd, buffer, 0, st.size, 0);
      buffer = buffer.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return problem(rel, `cannot be read: ${(e as Error).message}`, 'file-unreadable');
  }
  if (buffer.includes(0))
    return problem(
      rel,
      'is a binary file (it holds NUL bytes), not text; replace it with the text file it should be',
      'file-binary',
    );
  return { text: buffer.toString('utf8') };
}

// The broken-input corpus: each test/fixtures/broken/<case>/case.json describes one mistake made
// to the valid fixture (test/fixtures/valid): text edits (find -> replace, each `find` must occur
// exactly once so a case cannot silently stop applying) and/or whole files under <case>/files/
// copied over the fixture. A case is materialised into a fresh temporary copy.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const VALID_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'valid');
export const BROKEN_DIR = join(REPO_ROOT, 'test', 'fixtures', 'broken');

export interface BrokenCase {
  name: string;
  description: string;
  env?: string;
  edits?: { file: string; find: string; replace: string }[];
  /** The diagnostic the mistake must produce (an error). */
  expect: { file: string; line: number; rule: string; column?: number };
}

export function brokenCases(): BrokenCase[] {
  return readdirSync(BROKEN_DIR)
    .filter((n) => existsSync(join(BROKEN_DIR, n, 'case.json')))
    .sort()
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(BROKEN_DIR, name, 'case.json'), 'utf8')) }));
}

/** A temporary copy of the valid fixture with the case's mistake applied; `cleanup` removes it. */
export function materialise(c: BrokenCase): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `lakeops-broken-${c.name}-`));
  cpSync(VALID_FIXTURE, dir, { recursive: true });
  const overlay = join(BROKEN_DIR, c.name, 'files');
  if (existsSync(overlay)) cpSync(overlay, dir, { recursive: true });
  for (const e of c.edits ?? []) {
    const file = join(dir, e.file);
    const text = readFileSync(file, 'utf8');
    const count = text.split(e.find).length - 1;
    if (count !== 1)
      throw new Error(`case ${c.name}: "${e.find}" occurs ${count} times in ${e.file}; it must occur once`);
    writeFileSync(
      file,
      text.replace(e.find, () => e.replace),
    );
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Repository automation the PR report relies on: CI runs on main are never cancelled (only a newer
// push to the same pull request supersedes its run), and Dependabot keeps npm packages and the
// pinned GitHub Actions up to date.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => parse(readFileSync(join(ROOT, rel), 'utf8'));

/** Evaluates the one expression form ci.yml uses for cancel-in-progress, for a given ref. */
function cancels(value: unknown, ref: string): boolean {
  if (typeof value === 'boolean') return value;
  const m = /^\$\{\{\s*github\.ref\s*(!=|==)\s*'([^']+)'\s*\}\}$/.exec(String(value));
  if (!m) throw new Error(`cancel-in-progress is not a simple github.ref comparison: ${String(value)}`);
  return m[1] === '!=' ? ref !== m[2] : ref === m[2];
}

describe('repository automation', () => {
  test('ci.yml: runs on main are never cancelled; a pull request run is superseded by a newer push', () => {
    const ci = read('.github/workflows/ci.yml');
    const c = ci.concurrency;
    expect(c.group).toContain('github.ref');
    expect(cancels(c['cancel-in-progress'], 'refs/heads/main')).toBe(false);
    expect(cancels(c['cancel-in-progress'], 'refs/pull/7/merge')).toBe(true);
  });

  test('dependabot.yml updates npm and GitHub Actions', () => {
    const d = read('.github/dependabot.yml');
    expect(d.version).toBe(2);
    const ecosystems = d.updates.map((u: { 'package-ecosystem': string; directory: string }) => [
      u['package-ecosystem'],
      u.directory,
    ]);
    expect(ecosystems).toEqual(
      expect.arrayContaining([
        ['npm', '/'],
        ['github-actions', '/'],
      ]),
    );
    for (const u of d.updates) expect(u.schedule?.interval).toMatch(/^(daily|weekly|monthly)$/);
  });
});

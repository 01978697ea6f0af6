// The bundles' contract: deterministic builds (so `npm run bundle -- --check` in CI compares the
// committed file with a rebuild) of lakeops' own code that import only Node built-ins and the
// dependencies package.json declares (what `npm ci` installs).
// What a bundle imports is read from esbuild's metafile (its list of external imports).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionNames, bundleAction, staleBundles } from '../../scripts/bundle-actions.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

const packageOf = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(packageOf(spec));

describe('action bundles', () => {
  test('every action has an action.yml that runs dist/index.js on node24', () => {
    for (const name of actionNames()) {
      const yml = readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8');
      expect(yml).toMatch(/runs:\s*\n\s+using: node24\s*\n\s+main: dist\/index\.js/);
    }
    expect(actionNames()).toEqual(expect.arrayContaining(['deploy', 'plan', 'pr-report', 'run-pipeline', 'validate']));
  });

  test.each(actionNames())('%s imports only packages package.json declares (npm ci provides them)', async (name) => {
    const built = await bundleAction(name);
    const undeclared = built.externals
      .filter((s) => !isBuiltin(s))
      .map(packageOf)
      .filter((p) => !(p in pkg.dependencies));
    expect(undeclared).toEqual([]);
    // Only lakeops' own code is inside (the packages come from node_modules).
    expect(built.largest.map((l) => l.path).filter((p) => !/^(src|actions)\//.test(p))).toEqual([]);
    expect(built.bytes).toBeLessThan(2 * 1024 * 1024);
    // Deterministic: a second build is byte for byte the same, so the CI check can compare.
    expect((await bundleAction(name)).code).toBe(built.code);
  });

  test('the check-dist comparison flags a bundle that differs from its sources', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lakeops-bundle-'));
    try {
      mkdirSync(join(root, 'actions/hello/src'), { recursive: true });
      mkdirSync(join(root, 'actions/hello/dist'), { recursive: true });
      const src = join(root, 'actions/hello/src/index.ts');
      writeFileSync(src, "import { join } from 'node:path';\nconsole.log(join('a', 'b'));\n");
      const dist = join(root, 'actions/hello/dist/index.js');
      expect(await staleBundles(root)).toEqual(['actions/hello/dist/index.js']); // not built yet
      writeFileSync(dist, (await bundleAction('hello', root)).code);
      expect(await staleBundles(root)).toEqual([]);
      writeFileSync(src, "import { join } from 'node:path';\nconsole.log(join('a', 'c'));\n");
      expect(await staleBundles(root)).toEqual(['actions/hello/dist/index.js']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // check-dist inside `npm test`, so a change to src/ cannot land with stale action bundles.
  test('the committed bundles are what the sources build (run `npm run bundle` when this fails)', async () => {
    expect(await staleBundles()).toEqual([]);
  });
});

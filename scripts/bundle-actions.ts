// Bundles each action (actions/<name>/src/index.ts) into one ESM file, actions/<name>/dist/index.js,
// the file its action.yml runs with `using: node24`. The bundles are committed, as GitHub runs an
// action's file as it stands in the repository, with no build step.
//
//   npm run bundle              # rebuild every bundle and print its size
//   npm run bundle -- deploy    # rebuild only the named actions
//   npm run bundle -- --check   # rebuild in memory; exit 1 when a committed bundle differs (CI)
//
// What is bundled: lakeops' own code (src/ and the action), compiled from TypeScript into one ESM
// file per action. What is not: the npm packages, which every action imports at run time from the
// repository's node_modules, so workflows run `npm ci` before a lakeops action. Why: two
// dependencies cannot live inside one JavaScript file, and the code every action reaches imports
// them statically: DuckDB (@duckdb/node-api, a native addon: the local target) and the SQL parser
// (@polyglot-sql/sdk, 22 MB of WebAssembly loaded from its own folder and initialised with a
// top-level await: the planner compares view SQL with it, the local target translates SQL with it).
// An esbuild bundle hoists such external imports to the top of the file, so even an AWS-only code
// path would need them installed. Bundling the rest (the AWS SDK, @actions/*) as well would only
// make each bundle ~2.5 MiB larger without removing the need for `npm ci`. (Measured: lakeops'
// code is ~0.5 MiB per action; with every pure-JS package inlined and minified, ~2.6 MiB.)
import { readdirSync, existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// esbuild: the bundler the actions/typescript-action template family uses; fast and deterministic.
import { build, type BuildOptions } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function actionNames(root: string = ROOT): string[] {
  const dir = join(root, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'src', 'index.ts')))
    .map((e) => e.name)
    .sort();
}

export function buildOptions(name: string, root: string = ROOT): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [join('actions', name, 'src', 'index.ts')],
    outfile: join('actions', name, 'dist', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Every npm package is imported from node_modules at run time (see above).
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
    charset: 'utf8',
    metafile: true,
    write: false,
  };
}

export interface BuiltAction {
  name: string;
  file: string;
  code: string;
  bytes: number;
  /** The largest inputs, for keeping an eye on bundle size. */
  largest: { path: string; bytes: number }[];
  /** Modules left for Node to load at run time (built-ins, packages from node_modules). */
  externals: string[];
}

export async function bundleAction(name: string, root: string = ROOT): Promise<BuiltAction> {
  const result = await build(buildOptions(name, root));
  const out = result.outputFiles![0]!;
  const meta = result.metafile!.outputs[relative(root, out.path)];
  const inputs = Object.entries(meta?.inputs ?? {});
  const externals = [...new Set((meta?.imports ?? []).filter((i) => i.external).map((i) => i.path))].sort();
  const byPackage = new Map<string, number>();
  for (const [path, info] of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1]! : path.split('/').slice(0, 2).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
  }
  const largest = [...byPackage]
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return { name, file: out.path, code: out.text, bytes: out.contents.byteLength, largest, externals };
}

/** The committed bundles that differ from what the sources build now. */
export async function staleBundles(root: string = ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const name of actionNames(root)) {
    const built = await bundleAction(name, root);
    const committed = existsSync(built.file) ? readFileSync(built.file, 'utf8') : undefined;
    if (committed !== built.code) stale.push(relative(root, built.file));
  }
  return stale;
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleBundles();
    if (stale.length) {
      process.stderr.write(
        `these bundles differ from what the sources build: ${stale.join(', ')}\nrun "npm run bundle" and commit the result\n`,
      );
      process.exitCode = 1;
    } else process.stderr.write('every action bundle is up to date\n');
    return;
  }
  const named = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = named.filter((n) => !actionNames().includes(n));
  if (unknown.length) {
    process.stderr.write(`no action ${unknown.join(', ')}; actions: ${actionNames().join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  for (const name of named.length ? named : actionNames()) {
    const built = await bundleAction(name);
    mkdirSync(dirname(built.file), { recursive: true });
    writeFileSync(built.file, built.code);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
    process.stdout.write(
      `${relative(ROOT, built.file)}: ${kb(built.bytes)} (largest: ${built.largest.map((l) => `${l.path} ${kb(l.bytes)}`).join(', ')})\n`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

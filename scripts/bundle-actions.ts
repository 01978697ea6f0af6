// Bundles each action (actions/<name>/src/index.ts) into one ESM file, actions/<name>/dist/index.js,
// the file its action.yml runs with `using: node24`. The bundles are committed, as GitHub runs
// actions from the repository without installing anything.
//
//   npm run bundle              # rebuild every bundle and print its size
//   npm run bundle -- deploy    # rebuild only the named actions
//   npm run bundle -- --check   # rebuild in memory; exit 1 when a committed bundle differs (CI)
//
// Two kinds of bundle, decided per action:
// - self-contained (run-pipeline, validate): everything is bundled and minified (the AWS SDK
//   included), so on an AWS environment the action runs from dist alone, with no `npm ci`.
//   Native addons and WebAssembly packages cannot live inside one JavaScript file: @duckdb/* (the
//   local target's engine) and @polyglot-sql/* (the SQL parser) stay external and are loaded at
//   run time from the repository's node_modules, only by the code paths that need them (the
//   local target), with a message saying to run `npm ci` when they are missing.
// - repository (pr-report, plan, deploy): they run the static checks first (SQL parser, ASL
//   validator, Python compile), which need the repository's dependencies anyway, so only lakeops'
//   own code is bundled and every package is imported from node_modules: the workflows run
//   `npm ci` before them. This keeps these bundles small (a full one is ~6 MiB unminified).
import { readdirSync, existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// esbuild: the bundler the actions/typescript-action template family uses; fast and deterministic.
import { build, type BuildOptions, type Plugin } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages resolved at run time from node_modules instead of being bundled. */
export const RUNTIME_PACKAGES = [/^@duckdb\//, /^@polyglot-sql\//];

/**
 * Static imports of a run-time package become a CommonJS require evaluated when the importing
 * module is (the local target is imported lazily), with a message that says what to do when the
 * package is missing. Dynamic imports stay dynamic imports.
 */
const runtimePackages: Plugin = {
  name: 'lakeops-runtime-packages',
  setup(b) {
    const filter = new RegExp(RUNTIME_PACKAGES.map((r) => r.source).join('|'));
    b.onResolve({ filter }, (args) =>
      args.kind === 'dynamic-import' || args.kind === 'require-call'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'lakeops-runtime' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lakeops-runtime' }, (args) => ({
      loader: 'js',
      contents: `try { module.exports = require(${JSON.stringify(args.path)}); } catch (e) {
  throw new Error(${JSON.stringify(`${args.path} is not installed: this part of lakeops loads it from the repository's node_modules; run "npm ci" in a step before this action`)} + " (" + e.message + ")");
}`,
    }));
  },
};

export function actionNames(root: string = ROOT): string[] {
  const dir = join(root, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'src', 'index.ts')))
    .map((e) => e.name)
    .sort();
}

/** Actions bundled with all their dependencies (see above); the others import packages from node_modules. */
export const SELF_CONTAINED = new Set(['run-pipeline', 'validate']);

export function buildOptions(name: string, root: string = ROOT): BuildOptions {
  const selfContained = SELF_CONTAINED.has(name);
  return {
    absWorkingDir: root,
    entryPoints: [join('actions', name, 'src', 'index.ts')],
    outfile: join('actions', name, 'dist', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __lakeopsCreateRequire } from 'node:module';\nconst require = __lakeopsCreateRequire(import.meta.url);",
    },
    ...(selfContained ? { minify: true } : { packages: 'external' as const }),
    legalComments: 'none',
    logLevel: 'warning',
    charset: 'utf8',
    metafile: true,
    write: false,
    plugins: [runtimePackages],
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
  if (unknown.length) throw new Error(`no action ${unknown.join(', ')}; actions: ${actionNames().join(', ')}`);
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

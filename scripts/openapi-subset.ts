// Regenerates test/fixtures/github/openapi-subset.json: the operations of GitHub's REST OpenAPI
// description that lakeops calls, so tests can validate request bodies against GitHub's own schemas
// without the ~385 MB @octokit/openapi package in the project.
//
//   npm run openapi-subset                      # installs @octokit/openapi in a temp folder, then removes it
//   npm run openapi-subset -- --from <dir>      # reads an already installed @octokit/openapi package folder
//
// The dereferenced description is used, so every kept operation is self-contained (no $ref left).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** operationIds of every GitHub REST call in src/github/. Keep in step with the code. */
export const OPERATIONS = [
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'checks/create',
  'checks/update',
  'repos/create-deployment',
  'repos/create-deployment-status',
  'issues/list-for-repo',
  'issues/create',
  'issues/update',
  'pulls/list-files',
] as const;

const PACKAGE = '@octokit/openapi';
const SPEC_FILE = 'generated/api.github.com.deref.json';
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/github/openapi-subset.json');

interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
}

function installTemporarily(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-openapi-'));
  process.stderr.write(`installing ${PACKAGE} into a temporary folder (large download)...\n`);
  execFileSync(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', dir, PACKAGE],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return { dir: join(dir, 'node_modules', PACKAGE), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function extractSubset(spec: OpenApi, operationIds: readonly string[]): OpenApi & { 'x-subset-of': string } {
  const paths: OpenApi['paths'] = {};
  const found = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.operationId || !operationIds.includes(op.operationId)) continue;
      // Only success responses: tests replay these shapes; error bodies are not needed.
      const responses = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code)));
      (paths[path] ??= {})[method] = { ...op, responses };
      found.add(op.operationId);
    }
  }
  const missing = operationIds.filter((id) => !found.has(id));
  if (missing.length) throw new Error(`operations not in the OpenAPI description: ${missing.join(', ')}`);
  return {
    openapi: spec.openapi,
    info: { ...spec.info, title: `${spec.info.title} (lakeops subset)` },
    'x-subset-of': `${PACKAGE}@${spec.info.version} ${SPEC_FILE}`,
    paths,
  };
}

function main(): void {
  const fromIdx = process.argv.indexOf('--from');
  const installed =
    fromIdx > 0 ? { dir: resolve(process.argv[fromIdx + 1]!), cleanup: () => {} } : installTemporarily();
  try {
    const pkg = JSON.parse(readFileSync(join(installed.dir, 'package.json'), 'utf8')) as { version: string };
    const spec = JSON.parse(readFileSync(join(installed.dir, SPEC_FILE), 'utf8')) as OpenApi;
    const subset = extractSubset(spec, OPERATIONS);
    subset['x-subset-of'] = `${PACKAGE}@${pkg.version} ${SPEC_FILE}`;
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(subset, null, 1) + '\n');
    process.stderr.write(`wrote ${OPERATIONS.length} operations from ${PACKAGE}@${pkg.version} to ${OUT}\n`);
  } finally {
    installed.cleanup();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

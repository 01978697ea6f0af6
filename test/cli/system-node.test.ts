// README's commands on the machine people have: a fresh machine's Node may be older than lakeops
// needs (Node 20 on this project's CI). The CLI started by that Node re-runs itself on the bundled
// runtime (bin/node-runtime.cjs), and npm scripts run on node_modules/.bin/node. These tests start
// both from the system's own Node, the first `node` on PATH outside any node_modules/.bin.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** PATH as a user's shell has it: without the node_modules/.bin folders npm puts in front. */
const userPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => d && !d.split(/[\\/]/).includes('node_modules'))
  .join(delimiter);

function systemNode(): string | undefined {
  for (const d of userPath.split(delimiter)) {
    const exe = join(d, process.platform === 'win32' ? 'node.exe' : 'node');
    if (existsSync(exe)) return exe;
  }
  return undefined;
}

const node = systemNode();
const env = { ...process.env, PATH: userPath, NO_COLOR: '1', FORCE_COLOR: '0' };

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-sysnode-'));
  for (const p of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(join(REPO, p), join(dir, p), { recursive: true });
  return dir;
}

describe('README commands under the system Node', () => {
  test('there is a system node to test with', () => {
    expect(node).toBeDefined();
  });

  test('lakeops started by the system Node runs a state machine pipeline', () => {
    const dir = copyProject();
    try {
      const input = JSON.stringify({ target_hour: '2024-05-01T10:00:00Z' });
      const r = spawnSync(node!, [join(REPO, 'bin', 'lakeops.js'), '-C', dir, 'run', 'hourly-hits', '--input', input], {
        env,
        encoding: 'utf8',
      });
      expect(r.stderr + r.stdout).not.toMatch(/withResolvers|needs Node/);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('the runtime check picks the bundled Node when the running one is too old', () => {
    const runtime = createRequire(import.meta.url)('../../bin/node-runtime.cjs') as {
      isSupported(v: string): boolean;
      bundledNode(root?: string): string | undefined;
    };
    expect(runtime.isSupported('20.20.2')).toBe(false);
    expect(runtime.isSupported('22.0.0')).toBe(true);
    const bundled = runtime.bundledNode(REPO);
    expect(bundled).toBeDefined();
    const v = spawnSync(bundled!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    expect(runtime.isSupported(v)).toBe(true);
  });

  test('`npm run demo` from a user shell runs every example pipeline', () => {
    const dir = copyProject();
    try {
      const npmCli = join(dirname(node!), process.platform === 'win32' ? 'npm.cmd' : 'npm');
      const npm = existsSync(npmCli) ? npmCli : 'npm';
      const r = spawnSync(npm, ['run', '--silent', 'demo', '--', '--dir', dir], { cwd: REPO, env, encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/withResolvers|is not a function/);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

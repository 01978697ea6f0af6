// A symbolic link planted in the local S3 folder could lead DuckDB's globs outside the lake
// (allowed_directories checks path strings): the engine refuses to open such a lake.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { LocalEngine } from '../../src/targets/local/engine.js';
import { makeProject } from '../local-engine/project.js';

test('a lake with a symbolic link in it does not open; without it, it does', async () => {
  const p = await makeProject({ name: 'links' });
  const outside = mkdtempSync(join(tmpdir(), 'lakeops-links-'));
  writeFileSync(join(outside, 'secret.csv'), 'a\n1\n');
  const folder = p.s3Path('t');
  await p.engine.close();
  mkdirSync(folder, { recursive: true });
  symlinkSync(outside, join(folder, 'part'));
  const env = resolveEnvironment(p.project, 'local');
  await expect(LocalEngine.open(p.project, env)).rejects.toThrow(
    /the local S3 folder holds symbolic links, which could lead SQL outside the lake: .lakeops\/local\/s3\/test-data\/t\/part/,
  );
  rmSync(join(folder, 'part'));
  const e = await LocalEngine.open(p.project, env);
  await e.close();
  rmSync(outside, { recursive: true, force: true });
  rmSync(p.root, { recursive: true, force: true });
});

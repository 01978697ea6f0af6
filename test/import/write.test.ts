// All or nothing: the import moves each staged pipeline folder into pipelines/ by rename; when a
// rename fails, what was moved goes back (and folders --force replaced are restored).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commit, stage } from '../../src/import/write.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lakeops-import-write-'));
  writeFileSync(join(root, 'lakeops.yaml'), 'project: p\nenvironments:\n  dev:\n    target: aws\n');
  mkdirSync(join(root, 'pipelines/b'), { recursive: true });
  writeFileSync(join(root, 'pipelines/b/pipeline.yaml'), "name: b # the user's own\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const files = ['a', 'b', 'c'].map((p) => ({ path: `pipelines/${p}/pipeline.yaml`, content: `name: ${p}\n` }));

test('a failed rename leaves the project as it was', () => {
  const staging = stage(root, 'dev', files, ['job.password']);
  // The staging project gives secret references a placeholder; the project's lakeops.yaml is untouched.
  expect(readFileSync(join(staging.dir, 'lakeops.yaml'), 'utf8')).toContain('job.password: lakeops-import-placeholder');
  let calls = 0;
  const failing = (from: string, to: string) => {
    if (++calls === 3) throw new Error('EXDEV: cross-device link not permitted');
    renameSync(from, to);
  };
  expect(() => commit(root, staging, ['a', 'b', 'c'], ['b'], [], failing)).toThrow(/EXDEV/);
  expect(existsSync(join(root, 'pipelines/a'))).toBe(false);
  expect(existsSync(join(root, 'pipelines/c'))).toBe(false);
  expect(readFileSync(join(root, 'pipelines/b/pipeline.yaml'), 'utf8')).toBe("name: b # the user's own\n");
  expect(readFileSync(join(root, 'lakeops.yaml'), 'utf8')).not.toContain('placeholder');
  staging.remove();
  expect(existsSync(staging.dir)).toBe(false);
});

test('a commit moves every pipeline in and replaces the forced ones whole', () => {
  const staging = stage(root, 'dev', files, []);
  commit(root, staging, ['a', 'b', 'c'], ['b'], []);
  staging.remove();
  for (const p of ['a', 'b', 'c'])
    expect(readFileSync(join(root, `pipelines/${p}/pipeline.yaml`), 'utf8')).toBe(`name: ${p}\n`);
  expect(existsSync(join(root, '.lakeops')) && existsSync(staging.dir)).toBe(false);
});

// Hostile and malformed files, all in one project: each is one diagnostic naming the file, the
// run never stops, and the other files' problems are still reported in the same run.
import { mkdirSync, symlinkSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateProject } from '../../src/validate/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { MAX_PROJECT_FILE_BYTES } from '../../src/model/safe-read.js';
import { materialise } from './support/corpus.js';

const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'name: bomb',
  '',
].join('\n');

test('alias bomb, deep nesting, huge, binary and linked-out files: one diagnostic each, the rest still checked', async () => {
  const { dir, cleanup } = materialise({ name: 'hostile', description: '', expect: { file: '', line: 0, rule: '' } });
  try {
    mkdirSync(join(dir, 'pipelines', 'bomb'));
    writeFileSync(join(dir, 'pipelines', 'bomb', 'pipeline.yaml'), BOMB);
    mkdirSync(join(dir, 'pipelines', 'deep'));
    writeFileSync(join(dir, 'pipelines', 'deep', 'pipeline.yaml'), 'a: ' + '['.repeat(200_000) + ']'.repeat(200_000));
    // A view's SQL is a link to a file outside the repository.
    const view = join(dir, 'sql', 'views', 'orders_daily.sql');
    rmSync(view);
    symlinkSync('/etc/passwd', view);
    // A Python script that is binary, and a job SQL file over the size limit.
    writeFileSync(join(dir, 'glue-scripts', 'orders_score.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    writeFileSync(join(dir, 'sql', 'jobs', 'returns_clean.sql'), 'SELECT 1 --' + 'x'.repeat(MAX_PROJECT_FILE_BYTES));
    // And an ordinary mistake elsewhere, which must still be found in the same run.
    const orders = join(dir, 'pipelines', 'orders', 'pipeline.yaml');
    writeFileSync(orders, readFileSync(orders, 'utf8').replace('rate(1 hour)', 'rate(1 hours)'));

    const report = await validateProject(dir);
    const lines = report.diagnostics.map(formatDiagnostic);
    const has = (file: string, rule: string) =>
      expect({ lines, found: report.diagnostics.some((d) => d.file === file && d.rule === rule) }).toMatchObject({
        found: true,
      });
    has('pipelines/bomb/pipeline.yaml', 'yaml-alias-bomb');
    has('pipelines/deep/pipeline.yaml', 'yaml-syntax');
    has('sql/views/orders_daily.sql', 'file-outside-project');
    has('glue-scripts/orders_score.py', 'file-binary');
    has('sql/jobs/returns_clean.sql', 'file-too-large');
    expect(lines.some((l) => l.startsWith('pipelines/orders/pipeline.yaml:') && /rate/.test(l))).toBe(true);
    // Nothing of the linked file's content leaks into a message.
    expect(lines.join('\n')).not.toMatch(/root:/);
    expect(report.ok).toBe(false);
  } finally {
    cleanup();
  }
}, 60_000);

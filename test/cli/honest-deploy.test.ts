// Honest local deploys: a view that fails in the automatic deploy before a run fails the run (exit
// 1, nothing runs), the message names the SQL file and line, the catalog keeps the view it had
// and plan still shows the change.
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { errorLine } from '../../src/targets/local/view-errors.js';
import { runCli } from '../support/run-cli.js';

jest.setTimeout(120_000);

test('a broken view fails the run, names sql file:line, keeps the catalog and the plan', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-honest-'));
  expect((await runCli(root, 'init')).code).toBe(0);
  mkdirSync(join(root, 'sql/views'), { recursive: true });
  const view = join(root, 'sql/views/top.sql');
  writeFileSync(view, '-- top countries\nSELECT country_code, hits\nFROM example_hits.hits_per_country\n');
  appendFileSync(
    join(root, 'pipelines/example-hits/pipeline.yaml'),
    'views:\n  top:\n    database: example_hits\n    sql: sql/views/top.sql\n',
  );
  expect((await runCli(root, 'run', 'example-hits')).code).toBe(0);
  const top = 'SELECT * FROM example_hits.top ORDER BY country_code';
  const before = JSON.parse((await runCli(root, 'query', top, '--json')).out);
  expect(before.length).toBeGreaterThan(0);

  writeFileSync(view, '-- top countries\nSELECT country_code,\n  nope\nFROM example_hits.hits_per_country\n');
  // A new view that works, deployed together with the broken one, is taken back too.
  writeFileSync(join(root, 'sql/views/fresh.sql'), 'SELECT country_code FROM example_hits.hits_per_country\n');
  appendFileSync(
    join(root, 'pipelines/example-hits/pipeline.yaml'),
    '  fresh:\n    database: example_hits\n    sql: sql/views/fresh.sql\n',
  );
  const runsBefore = JSON.parse((await runCli(root, 'runs', '--json')).out).runs.length;
  const r = await runCli(root, 'run', 'example-hits');
  expect(r.code).toBe(1);
  expect(r.err).toContain('the local deploy before the run failed; nothing ran');
  expect(r.err).toMatch(/sql\/views\/top\.sql:3: view example_hits\.top: .*"nope"/);
  expect(JSON.parse((await runCli(root, 'runs', '--json')).out).runs.length).toBe(runsBefore);
  // The catalog still answers with the view it had; plan still shows the change.
  const after = JSON.parse((await runCli(root, 'query', top, '--json')).out);
  expect(after).toEqual(before);
  const changes = JSON.parse((await runCli(root, 'plan', '--json')).out).plans[0].changes;
  expect(changes.filter((c: { action: string }) => c.action !== 'noop')).toEqual([
    expect.objectContaining({ kind: 'view', name: 'example_hits.top', action: 'update' }),
    expect.objectContaining({ kind: 'view', name: 'example_hits.fresh', action: 'create' }),
  ]);
  const fresh = await runCli(root, 'query', 'SELECT * FROM example_hits.fresh');
  expect(fresh.code).not.toBe(0);
  expect(fresh.err).toMatch(/fresh/);
});

test('errorLine finds the quoted name in the user file, skipping comments', () => {
  const sql = '-- nope is mentioned here\nSELECT a,\n  nope\nFROM t\n';
  expect(errorLine(sql, 'Binder Error: Referenced column "nope" not found')).toBe(3);
  expect(errorLine(sql, 'Catalog Error: Table with name "x.t" does not exist')).toBe(4);
  expect(errorLine(sql, 'Parser Error: syntax error at end of input')).toBe(2);
});

// lakeops test: SQL unit tests (given rows, expected rows) run on an in-memory DuckDB; the
// example's test passes, a wrong expectation fails with the rows, a test file naming a missing
// table or column is an error at its line.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/run-cli.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = readFileSync(join(REPO, 'pipelines/hourly-hits/tests/hits_by_country.yaml'), 'utf8');

function project(testText: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lakeops-sqltest-'));
  writeFileSync(join(root, 'lakeops.yaml'), 'project: t\nenvironments:\n  local:\n    target: local\n');
  mkdirSync(join(root, 'sql/jobs'), { recursive: true });
  writeFileSync(join(root, 'sql/jobs/hits_by_country.sql'), readFileSync(join(REPO, 'sql/jobs/hits_by_country.sql')));
  mkdirSync(join(root, 'pipelines/p/tests'), { recursive: true });
  writeFileSync(join(root, 'pipelines/p/tests/t.yaml'), testText);
  return root;
}

test("the example project's SQL unit test passes", async () => {
  const r = await runCli(REPO, 'test', '--json');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out).tests).toEqual([
    { file: 'pipelines/hourly-hits/tests/hits_by_country.yaml', status: 'pass' },
  ]);
});

test('a wrong expectation fails (exit 1) and shows the missing and unexpected rows', async () => {
  const root = project(
    EXAMPLE.replace('{ country_code: DE, hits: 2, hour: 10 }', '{ country_code: DE, hits: 3, hour: 10 }'),
  );
  const r = await runCli(root, 'test');
  expect(r.code).toBe(1);
  expect(r.out).toContain('fail  pipelines/p/tests/t.yaml — 1 expected row(s) missing, 1 unexpected');
  expect(r.out).toContain('missing    {"country_code":"DE","hits":3,"hour":10}');
  expect(r.out).toMatch(/unexpected \{"country_code":"DE","hits":"?2"?,"hour":"?10"?\}/);
});

test('a test naming a missing table or column is an error at its line (exit 2)', async () => {
  const table = project(EXAMPLE.replace('  raw_data:', '  raw_dta:'));
  const t = await runCli(table, 'test');
  expect(t.code).toBe(2);
  const givenLine = EXAMPLE.split('\n').findIndex((l) => l.startsWith('given:')) + 1;
  expect(t.out).toContain(
    `pipelines/p/tests/t.yaml:${givenLine}: sql/jobs/hits_by_country.sql reads table raw_data, which given: does not define`,
  );
  const column = project(
    EXAMPLE.replace('{ country_code: FR, hits: 1, hour: 10 }', '{ country_code: FR, hitz: 1, hour: 10 }'),
  );
  const c = await runCli(column, 'test');
  expect(c.code).toBe(2);
  const line = EXAMPLE.split('\n').findIndex((l) => l.includes('country_code: FR, hits: 1')) + 1;
  expect(c.out).toContain(`pipelines/p/tests/t.yaml:${line}: the output has no column hitz`);
});

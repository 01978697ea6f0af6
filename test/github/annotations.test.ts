// Annotations where the fault is: a failed SQL job on its SQL file at the line the error points to
// (not the state machine's Fail state), validations on their own SQL file with violating rows in
// the message for local runs only.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportAnnotations, sqlErrorLine } from '../../src/github/annotations.js';
import { loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { ValidationResult } from '../../src/report/model.js';
import { failedOrdersRun } from './support/reports.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/github/project');

describe('sqlErrorLine', () => {
  const sql =
    'SELECT customer_id,\n       -- amount is summed below\n       SUM(amount) AS total\nFROM orders\nGROUP BY 1\n';
  test('an explicit line (Spark, Athena) wins when it is inside the file', () => {
    expect(sqlErrorLine(sql, "mismatched input 'FROM' expecting <EOF>(line 4, pos 0)")).toBe(4);
    expect(sqlErrorLine(sql, 'line 5:3: Column x cannot be resolved')).toBe(5);
    expect(sqlErrorLine(sql, 'line 99:3: out of range')).toBe(1);
  });
  test('a quoted identifier is found on its line, comments aside; else line 1', () => {
    expect(sqlErrorLine(sql, 'Binder Error: Referenced column "amount" not found')).toBe(3);
    expect(sqlErrorLine(sql, 'Catalog Error: Table with name "sales.orders" does not exist')).toBe(4);
    expect(sqlErrorLine(sql, 'Out of Memory Error')).toBe(1);
  });
});

describe('reportAnnotations', () => {
  let dir: string;
  let project: Project;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lakeops-annot-'));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'sql/jobs/order_totals.sql'),
      'SELECT customer_id,\n  SUM(amount) AS total\nFROM orders\nGROUP BY customer_id\n',
    );
    project = loadProjectOrThrow(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a failed SQL job is annotated on its SQL file at the failing line, not on the Fail state', () => {
    const out = reportAnnotations({ title: 't', runs: [failedOrdersRun()] }, { project });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      path: 'sql/jobs/order_totals.sql',
      start_line: 2,
      annotation_level: 'failure',
      message: 'Glue.JobRunFailed: Binder Error: column "amount" not found',
    });
  });

  test('a run that failed in a Fail state with no earlier error annotates the Fail state in the ASL file', () => {
    const run = failedOrdersRun();
    run.steps = run.steps.filter((s) => s.type === 'Fail');
    run.failure = { state: 'Aggregation Failed', error: 'OrdersFailed' };
    const out = reportAnnotations({ title: 't', runs: [run] }, { project });
    expect(out).toHaveLength(1);
    expect(out[0]!.path).toBe('pipelines/orders/state-machine.asl.json');
  });

  test('validations: local violating rows in the message; deployed-environment rows never', () => {
    const v = (env: string): ValidationResult => ({
      pipeline: 'orders',
      name: 'totals-positive',
      env,
      severity: 'error',
      status: 'fail',
      file: 'sql/validations/totals_positive.sql',
      line: 23,
      violationCount: 2,
      columns: ['customer_id', 'total'],
      rows: [
        { customer_id: 'c-3', total: -4 },
        { customer_id: 'c-9', total: 0 },
      ],
      truncated: false,
    });
    const [local, prod] = reportAnnotations({ title: 't', validations: [v('local'), v('prod')] }, { project });
    expect(local).toMatchObject({ path: 'sql/validations/totals_positive.sql', start_line: 1, end_line: 3 });
    expect(local!.message).toBe(
      'validation "totals-positive" returned 2 violating rows on local: {"customer_id":"c-3","total":-4}; {"customer_id":"c-9","total":0}',
    );
    expect(prod!.annotation_level).toBe('warning');
    expect(JSON.stringify(prod)).not.toMatch(/c-3|c-9/);
  });
});

import { describe, expect, test } from '@jest/globals';
import { resolveParameter, runValidations, sqlLiteral, validationsFailed } from '../../src/runner/validations.js';
import { loadFixture, queryTarget, resolveEnvironment } from './project-fixture.js';

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, country: `c${i + 1}` }));

function project() {
  return loadFixture({
    'pipelines/hits/pipeline.yaml': {
      name: 'hits',
      databases: { analytics: {} },
      validations: {
        no_null_country: { database: 'analytics', sql: 'sql/validations/no_null_country.sql' },
        hour_has_rows: {
          database: 'analytics',
          sql: 'sql/validations/hour_has_rows.sql',
          severity: 'warn',
          parameters: ['${input.hour}', "'${Env}'"],
        },
      },
    },
    'sql/validations/no_null_country.sql': 'SELECT * FROM ${analytics}.by_country WHERE country IS NULL',
    'sql/validations/hour_has_rows.sql': 'SELECT hour FROM by_country WHERE hour = ? AND env = ?',
  });
}

describe('runValidations', () => {
  test('3 violating rows are shown with the file and the declaring line', async () => {
    const p = project();
    const env = resolveEnvironment(p, 'prod');
    const target = queryTarget(env, () => ({
      columns: ['id', 'country'],
      rows: rowsOf(3),
      totalRows: 3,
      bytesScanned: 2048,
    }));
    const [first] = await runValidations(target, p, { input: { hour: '2024-05-01T10' } });
    expect(first).toMatchObject({
      pipeline: 'hits',
      name: 'no_null_country',
      status: 'fail',
      violationCount: 3,
      truncated: false,
      file: 'sql/validations/no_null_country.sql',
      line: 5, // name, databases, analytics, validations, no_null_country
    });
    expect(first!.rows).toEqual(rowsOf(3));
    // ${analytics} resolves to the prefixed database of the env, and the context database too.
    const call = target.calls.find((c) => c.sql.includes('country IS NULL'))!;
    expect(call.sql).toBe('SELECT * FROM prod_analytics.by_country WHERE country IS NULL');
    expect(call.opts).toMatchObject({ database: 'prod_analytics', maxRows: 20, parameters: [] });
    // Bytes scanned below 10 MB bill as 10 MB.
    expect(first!.cost?.items[0]).toMatchObject({ quantity: 10 * 1024 * 1024 });
  });

  test('25 violations keep 20 rows and the full count', async () => {
    const p = project();
    const target = queryTarget(resolveEnvironment(p, 'prod'), (_sql, o) => ({
      columns: ['id', 'country'],
      rows: rowsOf(25).slice(0, o?.maxRows),
      totalRows: 25,
    }));
    const [first] = await runValidations(target, p, { input: { hour: 'x' } });
    expect(first!.rows).toHaveLength(20);
    expect(first!.violationCount).toBe(25);
    expect(first!.truncated).toBe(true);
  });

  test('parameters go only to QueryOptions.parameters, as Athena literals', async () => {
    const p = project();
    const target = queryTarget(resolveEnvironment(p, 'prod'), () => ({ columns: [], rows: [], totalRows: 0 }));
    const results = await runValidations(target, p, { input: { hour: "10' OR '1'='1" } });
    const call = target.calls.find((c) => c.sql.includes('hour = ?'))!;
    expect(call.opts?.parameters).toEqual(["'10'' OR ''1''=''1'", "'prod'"]);
    expect(call.sql).toBe('SELECT hour FROM by_country WHERE hour = ? AND env = ?');
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  test('a missing input is an error on that validation only, with how to fix it', async () => {
    const p = project();
    const target = queryTarget(resolveEnvironment(p, 'prod'), () => ({ columns: [], rows: [], totalRows: 0 }));
    const results = await runValidations(target, p, {});
    expect(results[0]!.status).toBe('pass');
    expect(results[1]!.status).toBe('error');
    expect(results[1]!.error).toMatch(/run input "hour".*--input/);
    expect(target.calls).toHaveLength(1);
  });

  test('warn failures do not fail; error-severity failures and errors do', async () => {
    const p = project();
    const target = queryTarget(resolveEnvironment(p, 'prod'), (sql) =>
      sql.includes('hour = ?')
        ? { columns: ['hour'], rows: [{ hour: 1 }], totalRows: 1 }
        : { columns: [], rows: [], totalRows: 0 },
    );
    const results = await runValidations(target, p, { input: { hour: 1 } });
    expect(results.map((r) => [r.severity, r.status])).toEqual([
      ['error', 'pass'],
      ['warn', 'fail'],
    ]);
    expect(validationsFailed(results)).toBe(false);
    expect(validationsFailed([{ ...results[0]!, status: 'error' }])).toBe(true);
  });

  test('a query error becomes status error with the message', async () => {
    const p = project();
    const target = queryTarget(resolveEnvironment(p, 'prod'), () => {
      throw new Error('TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.prod_analytics.by_country does not exist');
    });
    const results = await runValidations(target, p, { pipelines: ['hits'], input: { hour: 1 } });
    expect(results[0]).toMatchObject({ status: 'error', error: expect.stringContaining('TABLE_NOT_FOUND') });
  });
});

describe('parameters', () => {
  const values = new Map([['Env', { value: 'prod' }]]);
  test('typed literals for whole-input parameters', () => {
    expect(resolveParameter('${input.n}', values, { n: 5 })).toBe('5');
    expect(resolveParameter('${input.a.b}', values, { a: { b: 'x' } })).toBe("'x'");
    expect(resolveParameter('${input.f}', values, { f: false })).toBe('FALSE');
    expect(resolveParameter("'${input.d}-00'", values, { d: "it's" })).toBe("'it''s-00'");
    expect(sqlLiteral(null)).toBe('NULL');
  });
  test('${input.NAME|part} gives one UTC part of a timestamp input, unpadded, as a string literal', () => {
    const input = { t: '2024-05-01T06:00:00Z', late: '2024-12-31T23:30:00-02:00' };
    expect(['year', 'month', 'day', 'hour'].map((p) => resolveParameter(`\${input.t|${p}}`, values, input))).toEqual([
      "'2024'",
      "'5'",
      "'1'",
      "'6'",
    ]);
    // An offset is converted to UTC first: 23:30 at -02:00 is 01:30 on the next day, next year.
    expect(['year', 'month', 'day', 'hour'].map((p) => resolveParameter(`\${input.late|${p}}`, values, input))).toEqual(
      ["'2025'", "'1'", "'1'", "'1'"],
    );
    expect(() => resolveParameter('${input.t|minute}', values, input)).toThrow(/unknown part "minute".*year, month/);
    expect(() => resolveParameter('${input.t|hour}', values, { t: 'yesterday' })).toThrow(
      /must be an ISO 8601 timestamp/,
    );
    expect(() => resolveParameter('${input.t|hour}', values, {})).toThrow(/needs run input "t"/);
    expect(() => resolveParameter("'${input.t|year}-01'", values, input)).toThrow(/must be the whole parameter/);
  });
  test('unknown substitutions are reported', () => {
    expect(() => resolveParameter('${Nope}', values, {})).toThrow(/unknown substitution \$\{Nope\}/);
  });
});

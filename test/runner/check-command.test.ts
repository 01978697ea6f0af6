import { describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import { runCheck } from '../../src/cli/commands/check.js';
import { ConfigError } from '../../src/model/diagnostics.js';
import type { QueryResult } from '../../src/report/model.js';
import { loadFixture, queryTarget, resolveEnvironment } from './project-fixture.js';

const project = loadFixture({
  'pipelines/hits/pipeline.yaml': {
    name: 'hits',
    databases: { analytics: {} },
    inputSchema: {
      type: 'object',
      properties: { hour: { type: 'string', pattern: '^\\d{2}$' } },
      additionalProperties: false,
    },
    validations: {
      strict: { database: 'analytics', sql: 'sql/strict.sql', parameters: ['${input.hour}'] },
      soft: { database: 'analytics', sql: 'sql/soft.sql', severity: 'warn' },
    },
  },
  'pipelines/other/pipeline.yaml': { name: 'other' },
  'sql/strict.sql': 'SELECT * FROM t WHERE hour = ? AND bad',
  'sql/soft.sql': 'SELECT * FROM t WHERE odd',
});
const env = resolveEnvironment(project, 'local');

function sink() {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { out, text: () => text };
}

async function check(
  answers: Record<string, QueryResult>,
  pipelines: string[],
  opts: Parameters<typeof runCheck>[3] = {},
) {
  const s = sink();
  let closed = false;
  const target = queryTarget(env, (sql) => answers[sql.includes('bad') ? 'strict' : 'soft']!);
  target.close = async () => void (closed = true);
  const code = await runCheck(project, env, pipelines, opts, { createTarget: async () => target, out: s.out });
  return { code, text: s.text(), closed, target };
}

const none: QueryResult = { columns: ['id'], rows: [], totalRows: 0 };
const three: QueryResult = { columns: ['id'], rows: [{ id: 1 }, { id: 2 }, { id: 3 }], totalRows: 3 };

describe('lakeops check', () => {
  test('warn-severity failures are shown but exit 0', async () => {
    const r = await check({ strict: none, soft: three }, ['hits'], { input: '{"hour":"09"}' });
    expect(r.code).toBe(0);
    expect(r.text).toContain('WARN hits/soft: 3 violating row(s)');
    expect(r.text).toContain('1 passed, 0 failed, 1 warning(s)');
    expect(r.closed).toBe(true);
  });

  test('an error-severity failure exits 1 and shows the rows', async () => {
    const r = await check({ strict: three, soft: none }, [], { all: true, input: '{"hour":"09"}' });
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/FAIL hits\/strict: 3 violating row\(s\)[\s\S]*\n\s+3\n/);
    expect(r.target.calls.find((c) => c.sql.includes('bad'))!.opts?.parameters).toEqual(["'09'"]);
  });

  test('a warn-severity validation that cannot run is a warning too, exit 0', async () => {
    const s = sink();
    const target = queryTarget(env, (sql) => {
      if (sql.includes('odd')) throw new Error('SCHEMA_NOT_FOUND: database analytics does not exist');
      return none;
    });
    const code = await runCheck(
      project,
      env,
      ['hits'],
      { input: '{"hour":"09"}' },
      { createTarget: async () => target, out: s.out },
    );
    expect(code).toBe(0);
    expect(s.text()).toContain('ERROR hits/soft: query error');
    expect(s.text()).toContain('1 passed, 0 failed, 1 warning(s)');
  });

  test('a validation that cannot run (missing input) fails the check', async () => {
    const r = await check({ strict: none, soft: none }, ['hits']);
    expect(r.code).toBe(1);
    expect(r.text).toContain('parameter needs run input "hour"');
  });

  test('--json prints the report', async () => {
    const r = await check({ strict: none, soft: three }, ['hits'], {
      input: '{"hour":"09"}',
      json: true,
      maxRows: '2',
    });
    const doc = JSON.parse(r.text);
    expect(doc.validations.map((v: { name: string; status: string }) => [v.name, v.status])).toEqual([
      ['strict', 'pass'],
      ['soft', 'fail'],
    ]);
    expect(r.target.calls.map((c) => c.opts?.maxRows)).toEqual([2, 2]);
  });

  test.each([
    [[], {}, /name the pipelines to check, or pass --all; known pipelines: hits, other/],
    [['hits'], { all: true }, /not both/],
    [['nope'], {}, /unknown pipeline "nope"/],
    [['hits'], { maxRows: '-1' }, /--max-rows must be a whole number/],
    [['hits'], { input: '[1]' }, /--input must be a JSON object/],
    [['hits'], { input: '{bad' }, /--input is not valid JSON/],
    [['hits'], { input: '{"hour":"9am"}' }, /does not match its inputSchema/],
  ])('usage error %j %j', async (pipelines, opts, message) => {
    await expect(check({}, pipelines as string[], opts)).rejects.toThrow(ConfigError);
    await expect(check({}, pipelines as string[], opts)).rejects.toThrow(message);
  });
});

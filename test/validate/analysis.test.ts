// The analysis helper process (SQL parser with baseline WebAssembly code, asl-validator reusing one
// Ajv) must answer exactly what the same libraries answer in this process, valid input or not.
import { analyse, analyseInThisProcess, type AnalysisRequest } from '../../src/validate/analysis.js';

const valid = {
  StartAt: 'A',
  States: {
    A: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { JobName: 'j' }, End: true },
  },
};
const badPath = { StartAt: 'A', States: { A: { Type: 'Pass', ResultPath: '$$bad', End: true } } };
const badType = { StartAt: 'A', States: { A: { Type: 'Tusk', End: true } } };
const badWait = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 'thirty', Next: 'D' }, D: { Type: 'Succeed' } } };
const noTerminal = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } };

const request: AnalysisRequest = {
  asl: [valid, badPath, valid, badType, badWait, noTerminal, badPath],
  sql: [
    { text: 'SELECT a, count(*) AS n FROM t WHERE d = :day GROUP BY a', dialect: 'spark' },
    { text: 'SELECT a FROM t WHERE x = = 1', dialect: 'spark' },
    { text: "SELECT 'é' AS e, ? AS p FROM t WHERE y = ?", dialect: 'athena' },
    { text: 'CREATE OR REPLACE VIEW v AS SELECT 1', dialect: 'athena' },
    { text: 'SELECT 1; SELECT 2', dialect: 'athena' },
    { text: 'SELECT 🦆 FROM t WHERE', dialect: 'athena' },
  ],
};

test('the helper answers what the libraries answer in this process', async () => {
  const [fromHelper, here] = await Promise.all([analyse(request), analyseInThisProcess(request)]);
  expect(fromHelper).toEqual(here);
  expect(fromHelper.asl[0]).toEqual([]);
  expect(fromHelper.asl[1]!.length).toBeGreaterThan(0);
  expect(fromHelper.asl[6]).toEqual(fromHelper.asl[1]); // the reused Ajv gives the same answer twice
  expect(fromHelper.sql[0]).toMatchObject({ kinds: ['select'], colonParameters: ['day'], placeholders: 0 });
  expect(fromHelper.sql[1]!.error).toMatchObject({ start: 26, message: 'Unexpected token: Eq' });
  expect(fromHelper.sql[2]).toMatchObject({ placeholders: 2 });
  expect(fromHelper.sql[3]).toMatchObject({ kinds: ['create_view'] });
  expect(fromHelper.sql[3]!.tokens![0]).toMatchObject({ token_type: 'CREATE', span: { start: 0 } });
  expect(fromHelper.sql[4]!.kinds).toEqual(['select', 'select']);
});

test('later requests reuse the helper; an empty request needs none', async () => {
  const again = await analyse({ sql: [request.sql[1]!], asl: [badWait] });
  expect(again.sql[0]!.error?.message).toBe('Unexpected token: Eq');
  expect(again.asl[0]!.length).toBeGreaterThan(0);
  expect(await analyse({ sql: [], asl: [] })).toEqual({ sql: [], asl: [] });
});

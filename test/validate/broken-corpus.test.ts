// Every case under test/fixtures/broken/ applies one mistake to the valid fixture; validate must
// report it as an error at the case's file and line (and column, where the case gives one) with
// the case's rule, and fail.
import { validateProject } from '../../src/validate/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { brokenCases, materialise, VALID_FIXTURE } from './support/corpus.js';

const cases = brokenCases();

test('the corpus holds at least 25 distinct broken inputs', () => {
  expect(cases.length).toBeGreaterThanOrEqual(25);
  expect(new Set(cases.map((c) => JSON.stringify([c.edits, c.env]))).size).toBe(cases.length);
});

test.each(['local', 'dev'])('the valid fixture is clean in environment %s', async (env) => {
  const report = await validateProject(VALID_FIXTURE, { env });
  expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.pipelines.map((p) => [p.name, p.orchestration])).toEqual([
    ['orders', 'step-functions'],
    ['returns', 'glue-workflow'],
  ]);
});

describe.each(cases.map((c) => [c.name, c] as const))('broken case %s', (_name, c) => {
  test(`reports ${c.expect.rule} at ${c.expect.file}:${c.expect.line}`, async () => {
    const { dir, cleanup } = materialise(c);
    try {
      const report = await validateProject(dir, { env: c.env });
      const found = report.diagnostics.filter(
        (d) =>
          d.file === c.expect.file &&
          d.line === c.expect.line &&
          d.rule === c.expect.rule &&
          (c.expect.column === undefined || d.column === c.expect.column),
      );
      // On failure, show everything that was reported.
      expect({ case: c.name, matched: found.length, all: report.diagnostics.map(formatDiagnostic) }).toMatchObject({
        matched: 1,
      });
      expect(found[0]!.severity).toBe('error');
      expect(found[0]!.message.length).toBeGreaterThan(10);
      expect(report.ok).toBe(false);
    } finally {
      cleanup();
    }
  });
});

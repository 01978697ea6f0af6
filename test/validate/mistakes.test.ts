// The mistakes corpus: at least 120 distinct mistakes across every file kind, each of which must be
// reported as an error at its exact file and line; the catch rate is printed, must be at least
// 95%, and each mistake issue 14 names must be caught (each fails without its rule).
import { validateProject } from '../../src/validate/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { editsOf, makeMistake, mistakes, type Mistake } from './support/mistakes.js';

const all = mistakes();

interface Outcome {
  m: Mistake;
  caught: boolean;
  expected: string;
  reported: string[];
}

async function run(m: Mistake): Promise<Outcome> {
  let made: ReturnType<typeof makeMistake>;
  try {
    made = makeMistake(m);
  } catch (e) {
    return { m, caught: false, expected: `(case does not apply: ${(e as Error).message})`, reported: [] };
  }
  const { dir, file, line, cleanup } = made;
  try {
    const report = await validateProject(dir, { env: m.env });
    const caught = report.diagnostics.some(
      (d) =>
        d.severity === 'error' && d.file === file && d.line === line && (m.rule === undefined || d.rule === m.rule),
    );
    return {
      m,
      caught,
      expected: `${file}:${line}${m.rule ? ` [${m.rule}]` : ''}`,
      reported: report.diagnostics.map(formatDiagnostic),
    };
  } finally {
    cleanup();
  }
}

let outcomes: Outcome[] = [];

beforeAll(async () => {
  // A few at a time: each validation is mostly waiting on the SQL/ASL helper and python3.
  const queue = [...all];
  const workers = Array.from({ length: 4 }, async () => {
    for (let m = queue.shift(); m; m = queue.shift()) outcomes.push(await run(m));
  });
  await Promise.all(workers);
  outcomes = outcomes.sort((a, b) => a.m.id.localeCompare(b.m.id));
}, 600_000);

test('the corpus holds at least 120 distinct mistakes across every file kind', () => {
  expect(all.length).toBeGreaterThanOrEqual(120);
  expect(outcomes.filter((o) => o.expected.startsWith('(case does not apply')).map((o) => o.expected)).toEqual([]);
  expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
  expect(new Set(all.map((m) => JSON.stringify([editsOf(m), m.write, m.env]))).size).toBe(all.length);
  expect([...new Set(all.map((m) => m.kind))].sort()).toEqual(
    ['asl', 'event-patterns', 'lakeops-yaml', 'pipeline-yaml', 'python', 'samples', 'schedules', 'sql'].sort(),
  );
});

test('at least 95% are caught at the exact line (the rate is printed)', () => {
  const caught = outcomes.filter((o) => o.caught).length;
  const byKind = new Map<string, [number, number]>();
  for (const o of outcomes) {
    const [c, n] = byKind.get(o.m.kind) ?? [0, 0];
    byKind.set(o.m.kind, [c + (o.caught ? 1 : 0), n + 1]);
  }
  const lines = [
    `mistakes corpus: ${caught}/${outcomes.length} caught at the exact line (${((100 * caught) / outcomes.length).toFixed(1)}%)`,
    ...[...byKind].map(([k, [c, n]]) => `  ${k}: ${c}/${n}`),
    ...outcomes
      .filter((o) => !o.caught)
      .map((o) => `  missed ${o.m.id}: expected ${o.expected}; got ${o.reported.join(' | ') || 'nothing'}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  expect(caught / outcomes.length).toBeGreaterThanOrEqual(0.95);
});

test.each(all.filter((m) => m.issue).map((m) => [m.id, m] as const))(
  'issue 14 example %s is caught at its line',
  (id) => {
    const o = outcomes.find((x) => x.m.id === id)!;
    expect({ id, expected: o.expected, reported: o.reported, caught: o.caught }).toMatchObject({ caught: true });
  },
);

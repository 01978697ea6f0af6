// EventBridge pattern matching, table-driven from AWS's documented examples (fixture file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compilePattern,
  EventPatternError,
  matchesPattern,
  wildcardRegExp,
} from '../../src/targets/local/event-pattern.js';

interface Case {
  doc: string;
  pattern: unknown;
  match: unknown[];
  noMatch: unknown[];
}
const fixture = JSON.parse(
  readFileSync(join(process.cwd(), 'test/local-orchestration/fixtures/eventbridge-pattern-examples.json'), 'utf8'),
) as { cases: Case[]; invalid: { doc: string; pattern: unknown; path: (string | number)[] }[] };

describe('EventBridge documented examples', () => {
  describe.each(fixture.cases.map((c) => [c.doc, c] as const))('%s', (_doc, c) => {
    const compiled = compilePattern(c.pattern);
    test.each(c.match.map((e, i) => [i, e] as const))('matches event %i', (_i, event) => {
      expect(compiled.matches(event)).toBe(true);
    });
    test.each(c.noMatch.map((e, i) => [i, e] as const))('does not match event %i', (_i, event) => {
      expect(compiled.matches(event)).toBe(false);
    });
  });
});

describe('invalid patterns are rejected with the path of the problem', () => {
  test.each(fixture.invalid.map((c) => [c.doc, c] as const))('%s', (_doc, c) => {
    let caught: unknown;
    try {
      compilePattern(c.pattern);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(EventPatternError);
    expect((caught as EventPatternError).path).toEqual(c.path);
  });
});

describe('matching details', () => {
  test('exact values are type-sensitive', () => {
    expect(matchesPattern({ n: [5] }, { n: 5 })).toBe(true);
    expect(matchesPattern({ n: [5] }, { n: '5' })).toBe(false);
    expect(matchesPattern({ n: ['5'] }, { n: 5 })).toBe(false);
    expect(matchesPattern({ b: [true] }, { b: true })).toBe(true);
    expect(matchesPattern({ b: [true] }, { b: 'true' })).toBe(false);
  });

  test('a leaf pattern does not match an object value', () => {
    expect(matchesPattern({ detail: ['x'] }, { detail: { a: 'x' } })).toBe(false);
  });

  test('nested objects only match when the event nests the same way', () => {
    const p = { detail: { requestParameters: { key: [{ prefix: 'raw/' }] } } };
    expect(matchesPattern(p, { detail: { requestParameters: { key: 'raw/a.json' } } })).toBe(true);
    expect(matchesPattern(p, { detail: { key: 'raw/a.json' } })).toBe(false);
    expect(matchesPattern(p, { detail: 'raw/a.json' })).toBe(false);
  });

  test('exists:false matches when intermediate objects are missing too', () => {
    expect(matchesPattern({ detail: { a: { b: [{ exists: false }] } } }, { source: 'x' })).toBe(true);
    expect(matchesPattern({ detail: { a: { b: [{ exists: true }] } } }, { source: 'x' })).toBe(false);
  });

  test('numeric ranges respect open and closed bounds', () => {
    const p = { n: [{ numeric: ['>=', 1, '<', 2] }] };
    expect([0.999, 1, 1.5, 2].map((n) => matchesPattern(p, { n }))).toEqual([false, true, true, false]);
  });

  test('equals-ignore-case only applies to strings', () => {
    expect(matchesPattern({ s: [{ 'equals-ignore-case': 'ABC' }] }, { s: 'abc' })).toBe(true);
    expect(matchesPattern({ s: [{ 'equals-ignore-case': '1' }] }, { s: 1 })).toBe(false);
  });

  test('wildcard text is literal apart from * (regex characters are escaped)', () => {
    expect(wildcardRegExp('a.b*').test('a.bc')).toBe(true);
    expect(wildcardRegExp('a.b*').test('axbc')).toBe(false);
    expect(wildcardRegExp('(x)|y').test('(x)|y')).toBe(true);
    expect(wildcardRegExp('a\\\\b').test('a\\b')).toBe(true);
  });

  test('an array of leaf values matches when any element matches, also for anything-but', () => {
    expect(matchesPattern({ state: [{ 'anything-but': 'a' }] }, { state: ['a', 'b'] })).toBe(true);
    expect(matchesPattern({ state: [{ 'anything-but': 'a' }] }, { state: ['a'] })).toBe(false);
  });
});

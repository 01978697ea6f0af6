// Choice rules of JSONPath states: Variable plus a comparison operator, And/Or/Not, the Is* tests,
// and the ...Path forms that compare with another path (which may be a variable, $name).
// https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
import { StatesError } from './errors.js';
import { queryPath, type PathData } from './jsonpath.js';

type Rule = Record<string, unknown>;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** StringMatches: "*" is any run of characters, "\*" a literal star. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && pattern[i + 1] === '*') {
      re += '\\*';
      i++;
    } else if (ch === '*') re += '.*';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  GreaterThan: (a, b) => a > b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThanEquals: (a, b) => a >= b,
};

function compare(op: string, value: unknown, expected: unknown): boolean {
  const m = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)$/.exec(
    op,
  );
  if (!m) throw new StatesError('States.Runtime', `unknown Choice operator ${op}`);
  const [, kind, rel] = m;
  const test = COMPARE[rel!]!;
  switch (kind) {
    case 'String':
      if (typeof value !== 'string' || typeof expected !== 'string') return false;
      return test(value < expected ? -1 : value > expected ? 1 : 0, 0);
    case 'Numeric':
      return typeof value === 'number' && typeof expected === 'number' && test(value, expected);
    case 'Boolean':
      return typeof value === 'boolean' && value === expected;
    default: {
      if (typeof value !== 'string' || typeof expected !== 'string' || !RFC3339.test(value)) return false;
      return test(Date.parse(value), Date.parse(expected));
    }
  }
}

/** Whether one Choice rule (or a nested And/Or/Not rule) matches. */
export function ruleMatches(rule: Rule, data: PathData, where: string): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((r) => ruleMatches(r, data, where));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((r) => ruleMatches(r, data, where));
  if (rule.Not) return !ruleMatches(rule.Not as Rule, data, where);
  const variable = String(rule.Variable);
  const op = Object.keys(rule).find((k) => k !== 'Variable' && k !== 'Next' && k !== 'Assign' && k !== 'Comment');
  if (!op) throw new StatesError('States.Runtime', `${where}: a Choice rule without an operator`);
  if (op === 'IsPresent') {
    let present = true;
    try {
      queryPath(variable, data, where);
    } catch {
      present = false;
    }
    return present === rule.IsPresent;
  }
  const value = queryPath(variable, data, `${where} Variable`);
  const want = rule[op];
  switch (op) {
    case 'IsNull':
      return (value === null) === want;
    case 'IsNumeric':
      return (typeof value === 'number') === want;
    case 'IsString':
      return (typeof value === 'string') === want;
    case 'IsBoolean':
      return (typeof value === 'boolean') === want;
    case 'IsTimestamp':
      return (typeof value === 'string' && RFC3339.test(value)) === want;
    case 'StringMatches':
      return typeof value === 'string' && wildcard(String(want)).test(value);
  }
  if (op.endsWith('Path')) return compare(op.slice(0, -4), value, queryPath(String(want), data, `${where} ${op}`));
  return compare(op, value, want);
}

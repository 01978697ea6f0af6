// The grammar of EventBridge event patterns (no library checks it outside AWS). Fields nest as
// objects; every leaf is a non-empty array of values (strings, numbers, booleans, null) or
// single-operator filter objects; "$or" takes an array of patterns. Operators and their operand
// shapes follow the comparison operator table:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
import type { JsonPath } from '../model/source-file.js';

export interface PatternProblem {
  /** Path inside the pattern. */
  path: JsonPath;
  message: string;
}

const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'wildcard', 'cidr'];
const NUMERIC_OPS = ['=', '<', '<=', '>', '>='];

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function isCidr(v: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(v);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && (v4[5] === undefined || Number(v4[5]) <= 32);
  const v6 = /^([0-9a-fA-F:]+)(?:\/(\d{1,3}))?$/.exec(v);
  return !!v6 && v6[1]!.includes(':') && (v6[2] === undefined || Number(v6[2]) <= 128);
}

function checkStringOrIgnoreCase(op: string, operand: unknown, path: JsonPath, out: PatternProblem[]): void {
  if (typeof operand === 'string') return;
  if (isObject(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string')
    return;
  out.push({ path, message: `"${op}" takes a string, or {"equals-ignore-case": "..."}` });
}

function checkAnythingBut(operand: unknown, path: JsonPath, out: PatternProblem[]): void {
  if (typeof operand === 'string' || typeof operand === 'number') return;
  if (Array.isArray(operand)) {
    const types = new Set(operand.map((v) => typeof v));
    if (operand.length === 0 || types.size !== 1 || !(types.has('string') || types.has('number')))
      out.push({ path, message: '"anything-but" with a list takes a non-empty list of only strings or only numbers' });
    return;
  }
  if (isObject(operand) && Object.keys(operand).length === 1) {
    const [k, v] = Object.entries(operand)[0]!;
    if ((k === 'prefix' || k === 'suffix') && typeof v === 'string') return;
    if (
      (k === 'wildcard' || k === 'equals-ignore-case') &&
      (typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')))
    )
      return;
  }
  out.push({
    path,
    message:
      '"anything-but" takes a string, a number, a list of them, or one of {"prefix"|"suffix": "..."}, {"wildcard"|"equals-ignore-case": "..." or [...]}',
  });
}

function checkNumeric(operand: unknown, path: JsonPath, out: PatternProblem[]): void {
  const bad = (): void => {
    out.push({
      path,
      message: '"numeric" takes [op, number] or [">"|">=", number, "<"|"<=", number], with op one of = < <= > >=',
    });
  };
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return bad();
  for (let i = 0; i < operand.length; i += 2) {
    if (
      !NUMERIC_OPS.includes(operand[i] as string) ||
      typeof operand[i + 1] !== 'number' ||
      !Number.isFinite(operand[i + 1])
    )
      return bad();
  }
  if (
    operand.length === 4 &&
    (!['>', '>='].includes(operand[0]) || !['<', '<='].includes(operand[2]) || operand[1] >= operand[3])
  )
    return bad();
}

function checkFilter(filter: Record<string, unknown>, path: JsonPath, out: PatternProblem[]): void {
  const keys = Object.keys(filter);
  if (keys.length !== 1) {
    out.push({
      path,
      message: `a filter object holds exactly one operator (${OPERATORS.join(', ')}), got ${keys.length ? keys.join(', ') : 'none'}`,
    });
    return;
  }
  const op = keys[0]!;
  const operand = filter[op];
  const at = [...path, op];
  switch (op) {
    case 'prefix':
    case 'suffix':
      return checkStringOrIgnoreCase(op, operand, at, out);
    case 'anything-but':
      return checkAnythingBut(operand, at, out);
    case 'numeric':
      return checkNumeric(operand, at, out);
    case 'exists':
      if (typeof operand !== 'boolean') out.push({ path: at, message: '"exists" takes true or false' });
      return;
    case 'equals-ignore-case':
    case 'wildcard':
      if (typeof operand !== 'string') out.push({ path: at, message: `"${op}" takes a string` });
      return;
    case 'cidr':
      if (typeof operand !== 'string' || !isCidr(operand))
        out.push({ path: at, message: '"cidr" takes an IP range such as "10.0.0.0/24"' });
      return;
    default:
      out.push({ path: at, message: `unknown operator "${op}"; EventBridge accepts ${OPERATORS.join(', ')}` });
  }
}

function checkNode(node: unknown, path: JsonPath, out: PatternProblem[]): void {
  if (!isObject(node)) {
    out.push({ path, message: 'an event pattern is a JSON object of fields' });
    return;
  }
  if (Object.keys(node).length === 0)
    out.push({ path, message: 'an empty pattern object matches nothing useful; name at least one field' });
  for (const [key, value] of Object.entries(node)) {
    const at = [...path, key];
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2)
        out.push({ path: at, message: '"$or" takes a list of at least two patterns' });
      else value.forEach((v, i) => checkNode(v, [...at, i], out));
      continue;
    }
    if (isObject(value)) {
      checkNode(value, at, out);
      continue;
    }
    if (!Array.isArray(value)) {
      out.push({
        path: at,
        message: `field "${key}": values to match go in a list, e.g. ${key}: [${JSON.stringify(value)}]`,
      });
      continue;
    }
    if (value.length === 0) out.push({ path: at, message: `field "${key}": an empty list matches nothing` });
    value.forEach((v, i) => {
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
      if (isObject(v)) checkFilter(v, [...at, i], out);
      else
        out.push({
          path: [...at, i],
          message: `field "${key}": a list holds values or filter objects, not nested lists`,
        });
    });
  }
}

export function checkEventPattern(pattern: unknown): PatternProblem[] {
  const out: PatternProblem[] = [];
  checkNode(pattern, [], out);
  return out;
}

// EventBridge event pattern matching, as documented in "Content filtering in Amazon EventBridge
// event patterns" and implemented by AWS's own engine, aws/event-ruler (whose README is the most
// precise statement of the semantics). No maintained JavaScript implementation exists, so this
// one compiles a pattern once (rejecting invalid patterns with the JSON path of the problem) and
// then matches events against the compiled tree.
//
// Semantics implemented:
// - fields of a pattern object are ANDed; values in a field's array are ORed;
// - exact values are type-sensitive (the string "5" is not the number 5; null is not "");
// - prefix, suffix (each optionally with equals-ignore-case), equals-ignore-case, wildcard
//   (`*` matches any run of characters, `\*` and `\\` escape; consecutive `**` is invalid);
// - anything-but with a value, a list of strings or of numbers, or with prefix, suffix,
//   equals-ignore-case or wildcard; like every matcher but exists:false it needs the field present;
// - numeric with one or two comparisons (">", ">=", "=", "<", "<=") on JSON numbers only;
// - cidr on IPv4 and IPv6 addresses (node's net.BlockList does the address arithmetic);
// - exists true/false, on leaf values only: a field whose value is an object does not "exist";
// - "$or": [ {...}, {...} ] at any level of the pattern;
// - when the event value is an array, the pattern matches if any element matches; for arrays of
//   objects every field of a sub-pattern must come from the same element (event-ruler's
//   "array-consistent" matching of rulesForJSONEvent).
import { BlockList, isIP } from 'node:net';

export class EventPatternError extends Error {
  constructor(
    message: string,
    /** JSON path of the offending part of the pattern, e.g. ["detail", "key", 0]. */
    readonly path: (string | number)[],
  ) {
    super(`${path.length ? path.join('.') + ': ' : ''}${message}`);
    this.name = 'EventPatternError';
  }
}

type Leaf = string | number | boolean | null;
type LeafMatcher = {
  /** exists:false matches an absent field; nothing else does. */
  matchesAbsent: boolean;
  /** exists:true/false decide on the presence of leaf values alone. */
  existence?: boolean;
  test(value: Leaf): boolean;
};

interface ObjectNode {
  kind: 'object';
  fields: { key: string; node: PatternNode }[];
  /** Each group is one "$or": at least one alternative must match. */
  ors: ObjectNode[][];
}
interface LeafNode {
  kind: 'leaf';
  matchers: LeafMatcher[];
}
type PatternNode = ObjectNode | LeafNode;

export interface CompiledPattern {
  matches(event: unknown): boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Operators event-ruler reserves; an object using one is a matcher, never a nested field. */
const OPERATORS = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
]);

/** Compiles an EventBridge pattern, throwing EventPatternError for anything EventBridge would reject. */
export function compilePattern(pattern: unknown): CompiledPattern {
  if (!isPlainObject(pattern)) throw new EventPatternError('an event pattern must be a JSON object', []);
  if (Object.keys(pattern).length === 0)
    throw new EventPatternError('an event pattern must name at least one field', []);
  const root = compileObject(pattern, []);
  return { matches: (event) => matchObject(root, event) };
}

/** One-off convenience: compile and match. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern).matches(event);
}

function compileObject(obj: Record<string, unknown>, path: (string | number)[]): ObjectNode {
  const node: ObjectNode = { kind: 'object', fields: [], ors: [] };
  for (const [key, value] of Object.entries(obj)) {
    const here = [...path, key];
    if (key === '$or' && Array.isArray(value)) {
      if (value.length < 2) throw new EventPatternError('"$or" needs at least two alternatives', here);
      node.ors.push(
        value.map((alt, i) => {
          if (!isPlainObject(alt) || Object.keys(alt).length === 0)
            throw new EventPatternError('each "$or" alternative must be a non-empty object of fields', [...here, i]);
          const reserved = Object.keys(alt).find((k) => OPERATORS.has(k));
          if (reserved)
            throw new EventPatternError(`"$or" alternatives hold fields, not the operator "${reserved}"`, [...here, i]);
          return compileObject(alt, [...here, i]);
        }),
      );
      continue;
    }
    if (Array.isArray(value)) node.fields.push({ key, node: compileLeaf(value, here) });
    else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0)
        throw new EventPatternError('a nested pattern object must not be empty', here);
      node.fields.push({ key, node: compileObject(value, here) });
    } else
      throw new EventPatternError(
        `must be an array of values to match (e.g. ${JSON.stringify(key)}: [${JSON.stringify(value)}]) or a nested object`,
        here,
      );
  }
  return node;
}

function compileLeaf(values: unknown[], path: (string | number)[]): LeafNode {
  if (values.length === 0) throw new EventPatternError('an array of values to match must not be empty', path);
  return { kind: 'leaf', matchers: values.map((v, i) => compileValue(v, [...path, i])) };
}

const exact = (expected: Leaf): LeafMatcher => ({
  matchesAbsent: false,
  test: (v) => v === expected,
});

function compileValue(value: unknown, path: (string | number)[]): LeafMatcher {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return exact(value);
  if (typeof value === 'number') return exact(value);
  if (!isPlainObject(value))
    throw new EventPatternError('values to match must be strings, numbers, booleans, null or operator objects', path);
  const keys = Object.keys(value);
  if (keys.length !== 1)
    throw new EventPatternError(
      `an operator object holds exactly one operator, found ${keys.length} (${keys.join(', ')})`,
      path,
    );
  const op = keys[0]!;
  const arg = value[op];
  const here = [...path, op];
  switch (op) {
    case 'prefix':
    case 'suffix': {
      const { text, ignoreCase } = stringOrIgnoreCase(arg, here);
      return stringTest((s) => affix(op, s, text, ignoreCase));
    }
    case 'equals-ignore-case': {
      const text = requireString(arg, here);
      return stringTest((s) => s.toLowerCase() === text.toLowerCase());
    }
    case 'wildcard': {
      const re = wildcardRegExp(requireString(arg, here), here);
      return stringTest((s) => re.test(s));
    }
    case 'anything-but':
      return anythingBut(arg, here);
    case 'numeric':
      return numeric(arg, here);
    case 'exists':
      if (typeof arg !== 'boolean') throw new EventPatternError('"exists" takes true or false', here);
      return { matchesAbsent: !arg, existence: arg, test: () => arg };
    case 'cidr':
      return cidr(arg, here);
    default:
      throw new EventPatternError(`unknown operator "${op}" (EventBridge knows ${[...OPERATORS].join(', ')})`, here);
  }
}

const stringTest = (test: (s: string) => boolean): LeafMatcher => ({
  matchesAbsent: false,
  test: (v) => typeof v === 'string' && test(v),
});

function affix(op: 'prefix' | 'suffix', value: string, text: string, ignoreCase: boolean): boolean {
  const v = ignoreCase ? value.toLowerCase() : value;
  const t = ignoreCase ? text.toLowerCase() : text;
  return op === 'prefix' ? v.startsWith(t) : v.endsWith(t);
}

function requireString(arg: unknown, path: (string | number)[]): string {
  if (typeof arg !== 'string') throw new EventPatternError(`takes a string, got ${JSON.stringify(arg)}`, path);
  return arg;
}

/** prefix/suffix take a string or { "equals-ignore-case": string }. */
function stringOrIgnoreCase(arg: unknown, path: (string | number)[]): { text: string; ignoreCase: boolean } {
  if (typeof arg === 'string') return { text: arg, ignoreCase: false };
  if (isPlainObject(arg) && Object.keys(arg).length === 1 && 'equals-ignore-case' in arg)
    return { text: requireString(arg['equals-ignore-case'], [...path, 'equals-ignore-case']), ignoreCase: true };
  throw new EventPatternError('takes a string or {"equals-ignore-case": "<string>"}', path);
}

/**
 * Wildcard text to an anchored RegExp. Per event-ruler: `*` matches zero or more characters,
 * consecutive `*` are not allowed, `\*` is a literal star, `\\` a literal backslash, and a backslash
 * before anything else is an error.
 */
export function wildcardRegExp(text: string, path: (string | number)[] = []): RegExp {
  let re = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\')
        throw new EventPatternError('in a wildcard a backslash may only escape "*" or "\\"', path);
      re += next === '*' ? '\\*' : '\\\\';
      i++;
    } else if (c === '*') {
      if (text[i + 1] === '*')
        throw new EventPatternError('consecutive wildcard characters ("**") are not allowed', path);
      re += '.*';
    } else re += c.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

function anythingBut(arg: unknown, path: (string | number)[]): LeafMatcher {
  const not = (test: (v: Leaf) => boolean): LeafMatcher => ({ matchesAbsent: false, test: (v) => !test(v) });
  if (typeof arg === 'string' || typeof arg === 'number') return not((v) => v === arg);
  if (Array.isArray(arg)) {
    if (arg.length === 0) throw new EventPatternError('"anything-but" needs at least one value', path);
    const allStrings = arg.every((x) => typeof x === 'string');
    const allNumbers = arg.every((x) => typeof x === 'number');
    if (!allStrings && !allNumbers)
      throw new EventPatternError('an "anything-but" list must hold only strings or only numbers', path);
    const set = new Set<unknown>(arg);
    return not((v) => set.has(v));
  }
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1) throw new EventPatternError('"anything-but" takes one nested operator', path);
    const op = keys[0]!;
    const here = [...path, op];
    const texts = (x: unknown): string[] => {
      const list = Array.isArray(x) ? x : [x];
      if (list.length === 0) throw new EventPatternError('needs at least one string', here);
      return list.map((s) => requireString(s, here));
    };
    // Values that are not strings can never start with, end with or equal a string, so
    // anything-but of a string operator lets them through (event-ruler compares JSON tokens).
    const notString = (test: (s: string) => boolean): LeafMatcher => not((v) => typeof v === 'string' && test(v));
    switch (op) {
      case 'prefix':
      case 'suffix': {
        const list = texts(arg[op]);
        return notString((s) => list.some((t) => affix(op, s, t, false)));
      }
      case 'equals-ignore-case': {
        const list = texts(arg[op]).map((t) => t.toLowerCase());
        return notString((s) => list.includes(s.toLowerCase()));
      }
      case 'wildcard': {
        const res = texts(arg[op]).map((t) => wildcardRegExp(t, here));
        return notString((s) => res.some((re) => re.test(s)));
      }
      default:
        throw new EventPatternError(
          `"anything-but" supports prefix, suffix, equals-ignore-case and wildcard, not "${op}"`,
          here,
        );
    }
  }
  throw new EventPatternError('"anything-but" takes a string, a number, a list, or a nested operator', path);
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

function numeric(arg: unknown, path: (string | number)[]): LeafMatcher {
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4))
    throw new EventPatternError('"numeric" takes [op, number] or [op, number, op, number]', path);
  const comparisons: { op: string; n: number }[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const n = arg[i + 1];
    if (typeof op !== 'string' || !['<', '<=', '=', '>', '>='].includes(op))
      throw new EventPatternError(`unknown numeric operator ${JSON.stringify(op)} (use <, <=, =, >, >=)`, [...path, i]);
    if (typeof n !== 'number') throw new EventPatternError(`"${op}" must be followed by a number`, [...path, i + 1]);
    comparisons.push({ op, n });
  }
  if (comparisons.length === 2) {
    const [a, b] = comparisons as [{ op: string; n: number }, { op: string; n: number }];
    if (!LOWER.has(a.op) || !UPPER.has(b.op) || a.n > b.n)
      throw new EventPatternError('a numeric range is [">" or ">=", low, "<" or "<=", high] with low <= high', path);
  }
  const cmp = (v: number, { op, n }: { op: string; n: number }): boolean =>
    op === '<' ? v < n : op === '<=' ? v <= n : op === '=' ? v === n : op === '>' ? v > n : v >= n;
  return { matchesAbsent: false, test: (v) => typeof v === 'number' && comparisons.every((c) => cmp(v, c)) };
}

function cidr(arg: unknown, path: (string | number)[]): LeafMatcher {
  const text = requireString(arg, path);
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const family = m ? isIP(m[1]!) : 0;
  const bits = m ? Number(m[2]) : -1;
  if (!m || family === 0 || bits > (family === 4 ? 32 : 128))
    throw new EventPatternError(`"${text}" is not a CIDR block (e.g. 10.0.0.0/24 or 2001:db8::/32)`, path);
  const list = new BlockList();
  list.addSubnet(m[1]!, bits, family === 4 ? 'ipv4' : 'ipv6');
  return stringTest((s) => {
    const f = isIP(s);
    return f !== 0 && list.check(s, f === 4 ? 'ipv4' : 'ipv6');
  });
}

// ---------------------------------------------------------------- matching

/** The leaf values at a position: arrays are flattened, objects are not leaves. */
function leafValues(v: unknown): Leaf[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(leafValues);
  if (isPlainObject(v)) return [];
  return [v as Leaf];
}

function matchLeaf(node: LeafNode, value: unknown): boolean {
  const leaves = leafValues(value);
  return node.matchers.some((m) => {
    if (m.existence !== undefined) return m.existence ? leaves.length > 0 : leaves.length === 0;
    if (leaves.length === 0) return m.matchesAbsent;
    return leaves.some((v) => m.test(v));
  });
}

/** The objects at a position: arrays (at any depth) offer each of their object elements. */
function objectCandidates(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.flatMap(objectCandidates);
  return isPlainObject(v) ? [v] : [];
}

function matchObject(node: ObjectNode, value: unknown): boolean {
  const candidates = objectCandidates(value);
  // A missing or non-object value still matches a sub-pattern made only of exists:false.
  if (candidates.length === 0) return matchFields(node, {});
  return candidates.some((obj) => matchFields(node, obj));
}

function matchFields(node: ObjectNode, obj: Record<string, unknown>): boolean {
  for (const { key, node: child } of node.fields) {
    const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
    if (!(child.kind === 'leaf' ? matchLeaf(child, v) : matchObject(child, v))) return false;
  }
  return node.ors.every((alts) => alts.some((alt) => matchFields(alt, obj)));
}

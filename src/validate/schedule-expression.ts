// EventBridge / EventBridge Scheduler / Glue schedule expressions: cron(...), rate(...), at(...).
//
// A small strict parser rather than a library: the npm parsers for AWS cron (aws-cron-parser and
// its forks) are built to compute occurrences and accept garbage silently (parseInt of an unknown
// token gives NaN, no range checks, no day-of-month/day-of-week "?" rule), so they cannot tell a
// user what is wrong. Rules from the EventBridge cron reference:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
// (six fields; day-of-month and day-of-week: one of them must be "?"; "#" stands alone in
// day-of-week) and https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
// (rate units are singular exactly when the value is 1; at(yyyy-mm-ddThh:mm:ss)).

export interface ExpressionProblem {
  message: string;
  /** Character offset in the expression where the problem is, when known. */
  offset?: number;
}

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Special characters allowed beyond , - * / */
  question?: boolean;
  lastDay?: boolean; // L
  weekday?: boolean; // W
  nth?: boolean; // #
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true, lastDay: true, weekday: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, question: true, lastDay: true, nth: true },
  { name: 'year', min: 1970, max: 2199 },
];

function parseValue(token: string, field: Field): number | string {
  const upper = token.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token))
    return `"${token}" is not a ${field.name} value (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''})`;
  const n = Number(token);
  if (n < field.min || n > field.max) return `${field.name} value ${n} is out of range ${field.min}-${field.max}`;
  return n;
}

/** Checks one field; returns a message, or undefined when it is valid. */
function checkField(text: string, field: Field): string | undefined {
  if (text === '?')
    return field.question ? undefined : `"?" is only allowed in day-of-month and day-of-week, not in ${field.name}`;
  if (field.nth && text.includes('#')) {
    const m = /^([A-Za-z]+|\d+)#(\d+)$/.exec(text);
    if (!m)
      return `"${text}": "#" takes the form day#n (e.g. 3#2, the second Tuesday) and must be the only expression in day-of-week`;
    const v = parseValue(m[1]!, field);
    if (typeof v === 'string') return v;
    const n = Number(m[2]);
    return n >= 1 && n <= 5 ? undefined : `"${text}": the week number after "#" must be 1-5`;
  }
  for (const item of text.split(',')) {
    if (item === '') return `empty item in ${field.name} "${text}"`;
    if (field.lastDay && item.toUpperCase() === 'L') continue;
    if (field.lastDay && field.nth && /^(\d+|[A-Za-z]{3})L$/i.test(item)) {
      const v = parseValue(item.slice(0, -1), field);
      if (typeof v === 'string') return v;
      continue;
    }
    if (field.weekday && /^\d+W$/i.test(item)) {
      const v = parseValue(item.slice(0, -1), field);
      if (typeof v === 'string') return v;
      continue;
    }
    const [range, step, ...extra] = item.split('/');
    if (extra.length) return `"${item}" has more than one "/"`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1))
      return `"${item}": the increment after "/" must be a positive whole number`;
    if (range === '*') continue;
    const [from, to, ...more] = range!.split('-');
    if (more.length) return `"${item}" is not a valid range`;
    const a = parseValue(from!, field);
    if (typeof a === 'string') return a;
    if (to !== undefined) {
      const b = parseValue(to, field);
      if (typeof b === 'string') return b;
      if (b < a && field.name !== 'day-of-week') return `range "${range}" goes backwards`;
    }
  }
  return undefined;
}

export function checkCron(expression: string): ExpressionProblem | undefined {
  const m = /^cron\((.*)\)$/.exec(expression);
  if (!m) return { message: `"${expression}" is not a cron(...) expression` };
  const inner = m[1]!;
  const parts: { text: string; offset: number }[] = [];
  for (const p of inner.matchAll(/\S+/g)) parts.push({ text: p[0], offset: 5 + p.index! });
  if (parts.length !== 6)
    return {
      message: `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}: "${inner.trim()}"; e.g. cron(0 * * * ? *) runs hourly`,
      offset: 5,
    };
  for (let i = 0; i < 6; i++) {
    const problem = checkField(parts[i]!.text, FIELDS[i]!);
    if (problem) return { message: `cron ${FIELDS[i]!.name}: ${problem}`, offset: parts[i]!.offset };
  }
  const dom = parts[2]!.text;
  const dow = parts[4]!.text;
  if ((dom === '?') === (dow === '?'))
    return {
      message:
        dom === '?'
          ? 'cron: day-of-month and day-of-week cannot both be "?"; set one of them'
          : `cron: one of day-of-month ("${dom}") and day-of-week ("${dow}") must be "?"; e.g. cron(0 12 * * ? *)`,
      offset: parts[dom === '?' ? 2 : 4]!.offset,
    };
  return undefined;
}

export function checkRate(expression: string): ExpressionProblem | undefined {
  const m = /^rate\((.*)\)$/.exec(expression);
  if (!m) return { message: `"${expression}" is not a rate(...) expression` };
  const parts = m[1]!.trim().split(/\s+/);
  if (parts.length !== 2 || !/^\d+$/.test(parts[0]!))
    return { message: `rate takes "value unit", e.g. rate(5 minutes) or rate(1 hour); got "${m[1]}"`, offset: 5 };
  const value = Number(parts[0]);
  const unit = parts[1]!;
  if (value < 1) return { message: 'rate value must be a positive whole number', offset: 5 };
  const singular = ['minute', 'hour', 'day'];
  const plural = singular.map((u) => u + 's');
  if (!singular.includes(unit) && !plural.includes(unit))
    return { message: `rate unit "${unit}" must be minute(s), hour(s) or day(s)`, offset: expression.indexOf(unit) };
  if (value === 1 && !singular.includes(unit))
    return {
      message: `rate(1 ${unit}): with value 1 the unit is singular: rate(1 ${unit.slice(0, -1)})`,
      offset: expression.indexOf(unit),
    };
  if (value !== 1 && !plural.includes(unit))
    return {
      message: `rate(${value} ${unit}): with a value other than 1 the unit is plural: rate(${value} ${unit}s)`,
      offset: expression.indexOf(unit),
    };
  return undefined;
}

export function checkAt(expression: string): ExpressionProblem | undefined {
  const m = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (!m) return { message: `"${expression}" is not at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T09:00:00)` };
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return {
      message: `at(...): ${m.slice(1, 4).join('-')}T${m.slice(4).join(':')} is not a real date and time`,
      offset: 3,
    };
  return undefined;
}

export type ExpressionKind = 'cron' | 'rate' | 'at';

/** Checks an expression against the kinds a service accepts; the rule id is the kind found. */
export function checkScheduleExpression(
  expression: string,
  allowed: ExpressionKind[],
): { kind: ExpressionKind | 'schedule'; problem?: ExpressionProblem } {
  const kind = /^(cron|rate|at)\(/.exec(expression)?.[1] as ExpressionKind | undefined;
  if (!kind || !allowed.includes(kind))
    return {
      kind: kind ?? 'schedule',
      problem: {
        message: `"${expression}" is not ${allowed.map((k) => `${k}(...)`).join(' or ')}${kind ? ` (${kind}(...) is not accepted here)` : ''}`,
      },
    };
  const check = kind === 'cron' ? checkCron : kind === 'rate' ? checkRate : checkAt;
  return { kind, problem: check(expression) };
}

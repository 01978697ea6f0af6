// JSONPath as Step Functions evaluates it, for the JSONPath states the local interpreter runs
// itself (jsonpath-state.ts): paths over the state's data ($), the context object ($$) and
// workflow variables ($name), with AWS's result shapes.
//
// Step Functions follows Jayway JsonPath: a definite path (names and single indexes only) gives one
// value and fails with States.Runtime when it matches nothing; an indefinite path (a slice, a
// wildcard, a filter, a union, a deep scan) gives an array of every match, possibly empty:
// "If you apply the path $.a[0:2], the following is the result. [ 1, 2 ]"
// (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html; paths:
// https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html).
// aws-local-stepfunctions asks jsonpath-plus for an unwrapped result, which turns a one-match
// slice into the bare element and an empty slice into an error; here the matches stay an array.
// Variables: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
// ("To reference a variable, prepend the name with a dollar sign ($), for example, $productName").
import { JSONPath } from 'jsonpath-plus';
import { StatesError } from './errors.js';

/** The data one path can read: the state's data, the context object and the variables in scope. */
export interface PathData {
  input: unknown;
  context: Record<string, unknown>;
  vars: Record<string, unknown>;
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)([\s\S]*)$/;

/** True for a path that can match several nodes (Jayway's "indefinite" paths). */
export function isIndefinite(path: string): boolean {
  if (path.includes('..') || path.includes('*') || path.includes('@')) return true;
  // Inside brackets: a slice (":"), a filter ("?") or a union (","), outside quoted names.
  for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
    const inner = m[1]!.trim();
    if (/^['"]/.test(inner) && !/['"]\s*,/.test(inner)) continue;
    if (/[:?,]/.test(inner)) return true;
  }
  return false;
}

/** A variable reference ($name or $name.field): its name and the rest as a path over its value. */
export function variableOf(path: string): { name: string; rest: string } | undefined {
  const m = VARIABLE.exec(path);
  return m ? { name: m[1]!, rest: `$${m[2]}` } : undefined;
}

const SLICE = /^(-?\d*):(-?\d*)(?::(-?\d+))?$/;

/** Python-style slice bounds, as Jayway applies them (negative counts from the end, clamped). */
function slice(list: unknown[], spec: RegExpExecArray): unknown[] {
  const n = list.length;
  const step = spec[3] ? Number(spec[3]) : 1;
  if (step <= 0) return [];
  const bound = (v: string, dflt: number) => {
    if (v === '') return dflt;
    const i = Number(v);
    return Math.min(Math.max(i < 0 ? n + i : i, 0), n);
  };
  const out: unknown[] = [];
  for (let i = bound(spec[1]!, 0); i < bound(spec[2]!, n); i += step) out.push(list[i]);
  return out;
}

/**
 * Every node a path matches. Names, indexes, slices, wildcards and unions are evaluated here
 * (jsonpath-plus reads an end of 0, as in $[0:0], as "no end"); filters and deep scans go to
 * jsonpath-plus.
 */
function matchesOf(path: string, target: unknown): unknown[] {
  const steps = JSONPath.toPathArray(path).slice(1);
  if (steps.some((s) => s === '..' || s.startsWith('?') || s.startsWith('(')))
    return (JSONPath({ path, json: target as object, wrap: true }) as unknown[] | undefined) ?? [];
  let nodes: unknown[] = [target];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (!node || typeof node !== 'object') continue;
      const list = Array.isArray(node) ? node : undefined;
      const sl = SLICE.exec(step);
      if (step === '*') next.push(...(list ?? Object.values(node)));
      else if (sl) next.push(...(list ? slice(list, sl) : []));
      else
        for (const part of step.split(/['"]?\s*,\s*['"]?/)) {
          if (list) {
            if (!/^-?\d+$/.test(part)) continue;
            const i = Number(part) < 0 ? list.length + Number(part) : Number(part);
            if (i >= 0 && i < list.length) next.push(list[i]);
          } else if (Object.hasOwn(node, part)) next.push((node as Record<string, unknown>)[part]);
        }
    }
    nodes = next;
  }
  return nodes;
}

/** Evaluates one path; `where` names the state and field for messages. */
export function queryPath(path: string, data: PathData, where: string): unknown {
  let target: unknown = data.input;
  let rest = path;
  if (path.startsWith('$$')) {
    target = data.context;
    rest = `$${path.slice(2)}`;
  } else {
    const v = variableOf(path);
    if (v) {
      if (!(v.name in data.vars))
        throw new StatesError('States.Runtime', `${where}: the variable $${v.name} is not defined (no Assign set it)`);
      target = data.vars[v.name];
      rest = v.rest;
    }
  }
  if (!rest.startsWith('$'))
    throw new StatesError('States.Runtime', `${where}: "${path}" is not a path (it must start with $)`);
  if (rest === '$') return target;
  const found = matchesOf(rest, target);
  if (isIndefinite(rest)) return found;
  if (!found.length)
    throw new StatesError(
      'States.Runtime',
      `${where}: the JSONPath ${path} could not be found in ${JSON.stringify(target)?.slice(0, 200)}`,
    );
  return found[0];
}

/**
 * ResultPath: the state's input with the result placed at a reference path ($ replaces the input,
 * null keeps the input and discards the result). The input is not changed.
 */
export function applyResultPath(input: unknown, resultPath: unknown, result: unknown, where: string): unknown {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  const steps = JSONPath.toPathArray(String(resultPath)).slice(1);
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new StatesError(
      'States.ResultPathMatchFailure',
      `${where}: ResultPath ${String(resultPath)} cannot be applied to ${JSON.stringify(input)?.slice(0, 200)}`,
    );
  const out = structuredClone(input) as Record<string, unknown>;
  let node: Record<string, unknown> = out;
  for (const [i, step] of steps.entries()) {
    if (i === steps.length - 1) node[step] = result;
    else {
      const next = node[step];
      if (next === undefined) node[step] = {};
      else if (!next || typeof next !== 'object')
        throw new StatesError(
          'States.ResultPathMatchFailure',
          `${where}: ResultPath ${String(resultPath)} runs into a ${typeof next} at "${step}"`,
        );
      node = node[step] as Record<string, unknown>;
    }
  }
  return out;
}

/**
 * The path arguments of an intrinsic function ($..., $$..., $name...), outside quoted strings,
 * with their positions. A path runs to the "," or ")" that closes its argument.
 */
export function pathArguments(expression: string): { path: string; start: number; end: number }[] {
  const out: { path: string; start: number; end: number }[] = [];
  let quoted = false;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i]!;
    if (ch === "'" && expression[i - 1] !== '\\') quoted = !quoted;
    if (quoted || ch !== '$') continue;
    let depth = 0;
    let j = i;
    for (; j < expression.length; j++) {
      const c = expression[j]!;
      if (c === '[' || c === '(') depth++;
      else if (c === ']' || (c === ')' && depth > 0)) depth--;
      else if ((c === ',' || c === ')') && depth === 0) break;
    }
    out.push({ path: expression.slice(i, j).trim(), start: i, end: j });
    i = j - 1;
  }
  return out;
}

// Structural rules of the Amazon States Language that AWS's own language service
// (aws/amazon-states-language-service, the validator behind the Step Functions editors) applies
// and asl-validator's schema lets through or reports without a place:
// - a nested state machine (Parallel branch, Map item processor) takes only Comment, StartAt,
//   States, QueryLanguage (and ProcessorConfig in a Map): TimeoutSeconds and Version are top-level;
// - every scope (top level, branch, processor) has a terminal state (End: true, Succeed, Fail),
//   reported at that scope's States;
// - a Choice rule has exactly one comparison operator, takes only its own fields, and a nested
//   rule (inside And / Or / Not) has no Next;
// - Catchers and Retriers take only their own fields;
// - ErrorPath / CausePath of a Fail state is a JSONPath or an intrinsic function that returns a
//   string.
// Fields follow https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html,
// .../concepts-error-handling.html and .../state-fail.html; JSONata rules take Condition/Output
// where JSONPath rules take Variable/ResultPath (.../transforming-data.html).
import type { Diagnostic } from '../model/diagnostics.js';
import type { JsonPath, SourceFile } from '../model/source-file.js';
import type { RuleScope } from './asl-rules.js';

type Json = any;
type QL = 'JSONPath' | 'JSONata';

const NESTED_ROOT = ['Comment', 'StartAt', 'States', 'QueryLanguage'];

const OPERATORS = new Set([
  'And',
  'Or',
  'Not',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
  'StringMatches',
  ...['Boolean', 'Numeric', 'String', 'Timestamp'].flatMap((t) =>
    (t === 'Boolean' ? ['Equals'] : ['Equals', 'GreaterThan', 'GreaterThanEquals', 'LessThan', 'LessThanEquals'])
      .map((op) => `${t}${op}`)
      .flatMap((op) => [op, `${op}Path`]),
  ),
]);

const RULE_FIELDS: Record<QL, { top: string[]; nested: string[] }> = {
  JSONPath: { top: ['Variable', 'Next', 'Comment', 'Assign'], nested: ['Variable', 'Comment'] },
  JSONata: { top: ['Condition', 'Next', 'Comment', 'Output', 'Assign'], nested: ['Condition', 'Comment'] },
};

const CATCHER: Record<QL, string[]> = {
  JSONPath: ['ErrorEquals', 'Next', 'ResultPath', 'Comment', 'Assign'],
  JSONata: ['ErrorEquals', 'Next', 'Output', 'Comment', 'Assign'],
};
const RETRIER = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];

/** Intrinsic functions whose result is a string (what ErrorPath / CausePath may use). */
const STRING_INTRINSIC =
  /^States\.(?:(?:JsonToString|Format|ArrayGetItem|Base64Decode|Base64Encode|Hash)\(.+\)|UUID\(\))$/s;

const isObject = (v: unknown): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The structural rules for every scope of one definition. */
export function checkAslStructure(source: SourceFile, root: Json, scopes: RuleScope[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const d = (path: JsonPath, message: string, rule: string, key = true) =>
    out.push(source.diagnostic(path, message, rule, { key }));
  const topQl: QL = root?.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  for (const scope of scopes) {
    const nested = scope.path.length > 0;
    if (nested && isObject(scope.node)) {
      const last = scope.path[scope.path.length - 1];
      const inMap = last === 'ItemProcessor' || last === 'Iterator';
      const allowed = inMap ? [...NESTED_ROOT, 'ProcessorConfig'] : NESTED_ROOT;
      for (const k of Object.keys(scope.node))
        if (!allowed.includes(k))
          d(
            [...scope.path, k],
            `${k} is not a field of a ${inMap ? 'Map item processor' : 'Parallel branch'} (it takes ${allowed.join(', ')})${k === 'TimeoutSeconds' || k === 'Version' ? `; ${k} belongs at the top of the state machine` : ''}`,
            'asl-field',
          );
    }
    const states = Object.entries<Json>(scope.states).filter(([, s]) => isObject(s));
    const terminal = states.some(([, s]) => s.End === true || s.Type === 'Succeed' || s.Type === 'Fail');
    if (states.length && !terminal)
      d(
        [...scope.path, 'States'],
        `${nested ? 'this nested state machine' : 'the state machine'} has no terminal state: end one state with "End": true, or add a Succeed or Fail state`,
        'asl-terminal',
      );
    for (const [name, state] of states) {
      const at = [...scope.path, 'States', name];
      const ql: QL =
        state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath'
          ? state.QueryLanguage
          : (scope.queryLanguage ?? topQl);
      if (state.Type === 'Choice' && Array.isArray(state.Choices))
        state.Choices.forEach((rule: Json, i: number) => checkChoiceRule(rule, [...at, 'Choices', i], ql, false, d));
      if (Array.isArray(state.Catch))
        state.Catch.forEach((c: Json, i: number) => {
          if (!isObject(c)) return;
          for (const k of Object.keys(c))
            if (!CATCHER[ql].includes(k))
              d(
                [...at, 'Catch', i, k],
                `a ${ql} Catcher does not take ${k} (it takes ${CATCHER[ql].join(', ')})`,
                'asl-field',
              );
        });
      if (Array.isArray(state.Retry))
        state.Retry.forEach((r: Json, i: number) => {
          if (!isObject(r)) return;
          for (const k of Object.keys(r))
            if (!RETRIER.includes(k))
              d(
                [...at, 'Retry', i, k],
                `a Retrier does not take ${k} (it takes ${RETRIER.join(', ')})${k === 'Next' ? '; a Catcher takes Next' : ''}`,
                'asl-field',
              );
        });
      if (state.Type === 'Fail')
        for (const field of ['ErrorPath', 'CausePath']) {
          const v = state[field];
          if (v === undefined) continue;
          if (typeof v !== 'string' || !(v.startsWith('$') || STRING_INTRINSIC.test(v.trimEnd())))
            d(
              [...at, field],
              `${field} must be a JSONPath ($...) or an intrinsic function that returns a string (States.Format, JsonToString, ArrayGetItem, Base64Encode, Base64Decode, Hash, UUID); got ${JSON.stringify(v)}`,
              'asl-path',
              false,
            );
        }
    }
  }
  return out;
}

function checkChoiceRule(
  rule: Json,
  at: JsonPath,
  ql: QL,
  nested: boolean,
  d: (path: JsonPath, message: string, rule: string, key?: boolean) => void,
): void {
  if (!isObject(rule)) return;
  const fields = nested ? RULE_FIELDS[ql].nested : RULE_FIELDS[ql].top;
  const operators = Object.keys(rule).filter((k) => OPERATORS.has(k));
  for (const k of Object.keys(rule)) {
    if (OPERATORS.has(k) || fields.includes(k)) continue;
    if (k === 'Next' && nested)
      d([...at, k], 'a rule nested in And, Or or Not has no Next; put Next on the top-level Choice rule', 'asl-field');
    else if (!RULE_FIELDS[ql === 'JSONata' ? 'JSONPath' : 'JSONata'].top.includes(k))
      d(
        [...at, k],
        `a Choice rule does not take ${k} (it takes ${fields.join(', ')} and one comparison operator)`,
        'asl-field',
      );
  }
  if (ql === 'JSONPath' && operators.length > 1)
    for (const op of operators.slice(1))
      d(
        [...at, op],
        `a Choice rule takes exactly one comparison operator (it has ${operators.join(', ')}); combine conditions with And or Or`,
        'asl-choice',
      );
  for (const op of ['And', 'Or'])
    if (Array.isArray(rule[op]))
      rule[op].forEach((r: Json, i: number) => checkChoiceRule(r, [...at, op, i], ql, true, d));
  if (isObject(rule.Not)) checkChoiceRule(rule.Not, [...at, 'Not'], ql, true, d);
}

// Which interpreter runs a state machine locally. aws-local-stepfunctions runs plain JSONPath
// machines; the project's own interpreter (jsonata.ts with jsonpath-state.ts) runs the rest: JSONata
// machines, JSONPath machines with JSONata states, JSONPath states that use workflow variables
// (Assign, $name), and machines whose paths can match several nodes (a slice, wildcard, filter or
// union), whose result AWS keeps as an array where aws-local-stepfunctions unwraps it or fails.
// Why not extend aws-local-stepfunctions: it evaluates each state in a closed loop with no hook
// between states where Assign could run, and its JSONPath results are unwrapped in one internal
// function; the own interpreter already had the scopes, Retry/Catch, Map and Parallel for JSONata.
import type { AslDefinition, AslState } from './definition.js';
import { indexStates } from './definition.js';
import { isIndefinite, pathArguments, variableOf } from './jsonpath.js';

/** Fields whose string value is a path (Choice comparisons ending in Path included). */
const PATH_FIELD = /(Path|^Variable)$/;

/** A path or intrinsic function string that reads a variable or can match several nodes. */
function needsOwnInterpreter(value: string): boolean {
  if (value.startsWith('States.')) return pathArguments(value).some((a) => needsOwnInterpreter(a.path));
  if (!value.startsWith('$')) return false;
  return (!value.startsWith('$$') && variableOf(value) !== undefined) || isIndefinite(value);
}

function usesVariablesOrIndefinitePaths(value: unknown, key = ''): boolean {
  if (typeof value === 'string') return (key.endsWith('.$') || PATH_FIELD.test(key)) && needsOwnInterpreter(value);
  if (Array.isArray(value)) return value.some((v) => usesVariablesOrIndefinitePaths(v, key));
  if (value && typeof value === 'object')
    return Object.entries(value).some(
      // Nested machines are checked state by state.
      ([k, v]) => k !== 'ItemProcessor' && k !== 'Iterator' && k !== 'Branches' && usesVariablesOrIndefinitePaths(v, k),
    );
  return false;
}

/** Why a machine runs in the own interpreter, or undefined for aws-local-stepfunctions. */
export function ownInterpreterReason(definition: AslDefinition): string | undefined {
  if (definition.QueryLanguage === 'JSONata') return 'a JSONata machine';
  for (const [name, state] of indexStates(definition)) {
    if (state.QueryLanguage === 'JSONata') return `state "${name}" is JSONata`;
    if (state.Assign !== undefined || hasRuleAssign(state)) return `state "${name}" assigns variables`;
    if (usesVariablesOrIndefinitePaths(state)) return `state "${name}" reads a variable or a multi-node path`;
  }
  return undefined;
}

const hasRuleAssign = (state: AslState) =>
  ((state.Choices as AslState[] | undefined) ?? []).some((r) => r.Assign !== undefined);

// Payload templates of JSONPath states (Parameters, ResultSelector, ItemSelector, and Assign in
// JSONPath): keys ending in ".$" take a path or an intrinsic function, everything else is literal
// (objects and arrays recursively). Paths go through jsonpath.ts (AWS's result shapes, $$ and
// $name); intrinsic functions (States.Format, States.Array, States.MathAdd, ...) are evaluated by
// aws-local-stepfunctions itself, the interpreter that already implements them, in a one-state
// machine: variable references inside them become $$ paths into a context the variables are put in.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { StatesError } from './errors.js';
import { queryPath, type PathData } from './jsonpath.js';

/** Where the variables sit in the context object an intrinsic function is evaluated with. */
const VARIABLES_KEY = 'lakeopsVariables';

/** `$name` references (outside quoted strings) as `$$.lakeopsVariables.name`. */
export function variablesAsContextPaths(expression: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i]!;
    if (ch === "'" && expression[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && ch === '$' && /[A-Za-z_]/.test(expression[i + 1] ?? '') && expression[i - 1] !== '$') {
      out += `$$.${VARIABLES_KEY}.`;
      continue;
    }
    out += ch;
  }
  return out;
}

async function intrinsic(expression: string, data: PathData, where: string): Promise<unknown> {
  const definition = {
    StartAt: 'Intrinsic',
    States: {
      Intrinsic: { Type: 'Pass', Parameters: { 'value.$': variablesAsContextPaths(expression) }, End: true },
    },
  } as unknown as StateMachineDefinition;
  try {
    const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const run = machine.run(data.input as never, {
      context: { ...data.context, [VARIABLES_KEY]: data.vars } as never,
    });
    return ((await run.result) as { value: unknown }).value;
  } catch (e) {
    const cause = (e as { cause?: { name?: string; message?: string } }).cause;
    throw new StatesError(
      cause?.name?.startsWith('States.') ? cause.name : 'States.Runtime',
      `${where}: ${expression}: ${cause?.message ?? (e as Error).message}`,
    );
  }
}

/** Evaluates a payload template against the state's data, context and variables. */
export async function payloadTemplate(template: unknown, data: PathData, where: string): Promise<unknown> {
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (const v of template) out.push(await payloadTemplate(v, data, where));
    return out;
  }
  if (!template || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      const field = `${where} ${key}`;
      out[key.slice(0, -2)] = value.startsWith('$')
        ? queryPath(value, data, field)
        : await intrinsic(value, data, field);
    } else out[key] = await payloadTemplate(value, data, where);
  }
  return out;
}

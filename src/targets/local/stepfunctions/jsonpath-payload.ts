// Payload templates of JSONPath states (Parameters, ResultSelector, ItemSelector, and Assign in
// JSONPath): keys ending in ".$" take a path or an intrinsic function, everything else is literal
// (objects and arrays recursively). Paths go through jsonpath.ts (AWS's result shapes, $$ and
// $name); intrinsic functions (States.Format, States.Array, States.MathAdd, ...) are evaluated by
// aws-local-stepfunctions itself, the interpreter that already implements them, in a one-state
// machine: their path arguments are evaluated here and passed in as $$ paths into the context.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { StatesError } from './errors.js';
import { pathArguments, queryPath, type PathData } from './jsonpath.js';

export { pathArguments };

/** Where the evaluated path arguments sit in the context object the intrinsic is evaluated with. */
const ARGUMENTS_KEY = 'lakeopsArguments';

/**
 * Evaluates an intrinsic function. Its path arguments are evaluated here first (AWS's result
 * shapes, variables) and handed to aws-local-stepfunctions as $$ paths into the context.
 */
async function intrinsic(expression: string, data: PathData, where: string): Promise<unknown> {
  const values: unknown[] = [];
  let rewritten = '';
  let last = 0;
  for (const arg of pathArguments(expression)) {
    rewritten += `${expression.slice(last, arg.start)}$$.${ARGUMENTS_KEY}[${values.length}]`;
    values.push(queryPath(arg.path, data, where));
    last = arg.end;
  }
  rewritten += expression.slice(last);
  const definition = {
    StartAt: 'Intrinsic',
    States: { Intrinsic: { Type: 'Pass', Parameters: { 'value.$': rewritten }, End: true } },
  } as unknown as StateMachineDefinition;
  try {
    const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const run = machine.run(data.input as never, {
      context: { ...data.context, [ARGUMENTS_KEY]: values } as never,
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

// JSONata state machines (`"QueryLanguage": "JSONata"` at the top level) on the local target.
// aws-local-stepfunctions 3 implements JSONPath only, so these machines run in this small
// interpreter, with expressions evaluated by the reference `jsonata` package and Task states
// answered by the same local integrations and mocks as JSONPath machines. It follows
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html and
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html:
// - `{% expr %}` strings are JSONata, anything else is a literal (objects and arrays recursively);
// - $states.input (the state's input), $states.result (Task/Map/Parallel), $states.errorOutput
//   (in Catch), $states.context (the context object), and variables set by Assign;
// - Arguments is a Task's (or Parallel's) input; Output is the state's output (default: the
//   result for Task/Map/Parallel, the input for the other types); Assign and Output see the
//   values variables had when the state started; Choice rules use Condition; Map uses Items and
//   ItemSelector; Catch without Output passes $states.errorOutput.
// Variables are visible in nested Map/Parallel scopes; a child cannot assign its parent's.
// States whose query language is JSONPath (the machine's default, or their own QueryLanguage) run in
// jsonpath-state.ts with the same variables, so a JSONPath machine with JSONata states ("you can
// switch from JSONPath to JSONata per state") and JSONPath states with Assign and $name run here too:
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
import jsonata from 'jsonata';
import type { StepResult } from '../../../report/model.js';
import { StatesError } from './errors.js';
import { asStatesError, catcherFor, nextRetry } from './retry-catch.js';

export { StatesError } from './errors.js';
import type { AslDefinition, AslState } from './definition.js';
import { runJsonPathState, type JsonPathHost } from './jsonpath-state.js';

export type TaskInvoker = (stateName: string, state: AslState, input: unknown) => Promise<unknown>;

export interface JsonataRecorder {
  entered(name: string, type: string, input: unknown, ts: number, index?: number): void;
  failed(name: string, error: string, cause: unknown, index?: number): void;
  retried(name: string, attempt: number, retrier: Record<string, unknown>, index?: number): void;
  caught(name: string, ts: number, index?: number): void;
  exited(name: string, ts: number, index?: number): void;
  annotate(name: string, details: Partial<StepResult>): void;
}

const TEMPLATE = /^\{%([\s\S]*)%\}$/;

type Scope = Map<string, unknown>;
interface Frame {
  vars: Scope;
  parent?: Frame;
}

function lookup(frame: Frame): Record<string, unknown> {
  const chain: Frame[] = [];
  for (let f: Frame | undefined = frame; f; f = f.parent) chain.unshift(f);
  const out: Record<string, unknown> = {};
  for (const f of chain) for (const [k, v] of f.vars) out[k] = v;
  return out;
}

async function evaluate(expr: string, states: Record<string, unknown>, frame: Frame, where: string): Promise<unknown> {
  let compiled;
  try {
    compiled = jsonata(expr);
  } catch (e) {
    throw new StatesError('States.QueryEvaluationError', `${where}: ${(e as Error).message} in {%${expr}%}`);
  }
  try {
    return await compiled.evaluate(states.input, { ...lookup(frame), states });
  } catch (e) {
    throw new StatesError('States.QueryEvaluationError', `${where}: ${(e as Error).message} in {%${expr}%}`);
  }
}

/** Evaluates a JSONata template: `{% %}` strings, objects and arrays recursively, other values as they are. */
export async function template(
  value: unknown,
  states: Record<string, unknown>,
  frame: Frame,
  where: string,
): Promise<unknown> {
  if (typeof value === 'string') {
    const m = TEMPLATE.exec(value.trim());
    return m ? evaluate(m[1]!, states, frame, where) : value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) out.push(await template(v, states, frame, where));
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = await template(v, states, frame, where);
      // A field whose expression gives nothing is left out, as JSONata leaves out undefined.
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}

export interface JsonataRun {
  definition: AslDefinition;
  file: string;
  input: unknown;
  context: Record<string, unknown>;
  invoke: TaskInvoker;
  recorder: JsonataRecorder;
}

/** Runs a JSONata machine to its end; throws StatesError when the execution fails. */
export async function runJsonataMachine(run: JsonataRun): Promise<unknown> {
  return runStates(run, run.definition, run.input, { vars: new Map() }, undefined);
}

async function runStates(
  run: JsonataRun,
  machine: AslDefinition,
  input: unknown,
  frame: Frame,
  index: number | undefined,
  context: Record<string, unknown> = run.context,
): Promise<unknown> {
  let name: string | undefined = machine.StartAt;
  let current: unknown = input;
  for (let steps = 0; name; steps++) {
    if (steps > 100_000) throw new StatesError('States.Runtime', `${run.file}: more than 100000 state transitions`);
    const state: AslState | undefined = machine.States[name];
    if (!state) throw new StatesError('States.Runtime', `${run.file}: no state "${name}"`);
    const where: string = `${run.file}: state "${name}"`;
    const topLevel = run.definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    // AWS allows JSONPath -> JSONata per state, not a JSONPath state in a JSONata machine.
    if (topLevel === 'JSONata' && state.QueryLanguage === 'JSONPath')
      throw new StatesError('States.Runtime', `${where}: a JSONPath state cannot be used in a JSONata machine`);
    run.recorder.entered(name, state.Type, current, Date.now(), index);
    const result: StateOutcome =
      (state.QueryLanguage ?? topLevel) === 'JSONPath'
        ? await runJsonPathState(jsonPathHost(run, name, frame, index), name, state, current, context, where)
        : await runState(run, name, state, current, frame, index, context, where);
    // A failed step stays open: the recorder closes it as failed when the execution ends.
    if ('fail' in result) throw result.fail;
    run.recorder.exited(name, Date.now(), index);
    current = result.output;
    if (result.end) return current;
    name = result.next;
  }
  return current;
}

type StateOutcome = { output: unknown; next?: string; end?: boolean } | { fail: StatesError };

/** What a JSONPath state borrows from this runner: Tasks, nested runs, the variable scope, recording. */
function jsonPathHost(run: JsonataRun, name: string, frame: Frame, index: number | undefined): JsonPathHost {
  return {
    invoke: (stateName, state, input) => run.invoke(stateName, state, input),
    runBranch: (machine, input, i, context) =>
      runStates(run, machine, input, { vars: new Map(), parent: frame }, i ?? index, context),
    variables: () => lookup(frame),
    assign: (values) => {
      for (const [k, v] of Object.entries(values)) frame.vars.set(k, v);
    },
    failed: (error, cause) => run.recorder.failed(name, error, cause, index),
    retried: (attempt, retrier) => run.recorder.retried(name, attempt, retrier, index),
    caught: () => run.recorder.caught(name, Date.now(), index),
    waited: (seconds) => run.recorder.annotate(name, { waitedSeconds: seconds }),
  };
}

async function runState(
  run: JsonataRun,
  name: string,
  state: AslState,
  input: unknown,
  frame: Frame,
  index: number | undefined,
  context: Record<string, unknown>,
  where: string,
): Promise<StateOutcome> {
  const base = { input, context: { ...context, State: { Name: name, EnteredTime: new Date().toISOString() } } };
  const transition = (o: unknown, next?: unknown) =>
    state.End === true || next === undefined
      ? { output: o, end: state.End === true, next: typeof next === 'string' ? next : undefined }
      : { output: o, next: next as string };
  /** Output and Assign, both evaluated with the variables as they were (Assign applied after). */
  const finish = async (states: Record<string, unknown>, fallback: unknown, spec: AslState = state) => {
    const output = spec.Output !== undefined ? await template(spec.Output, states, frame, `${where} Output`) : fallback;
    if (spec.Assign !== undefined) {
      const assigned = (await template(spec.Assign, states, frame, `${where} Assign`)) as Record<string, unknown>;
      for (const [k, v] of Object.entries(assigned ?? {})) frame.vars.set(k, v);
    }
    return output;
  };

  try {
    switch (state.Type) {
      case 'Pass':
        return transition(await finish(base, input), state.Next);
      case 'Succeed':
        return { output: await finish(base, input), end: true };
      case 'Fail': {
        const error = String((await template(state.Error ?? 'States.Fail', base, frame, where)) ?? '');
        const cause = String((await template(state.Cause ?? '', base, frame, where)) ?? '');
        run.recorder.failed(name, error, cause, index);
        return { fail: new StatesError(error, cause) };
      }
      case 'Wait': {
        // Waits do not sleep locally; the seconds are recorded.
        const seconds = state.Seconds !== undefined ? await template(state.Seconds, base, frame, where) : undefined;
        run.recorder.annotate(name, { waitedSeconds: typeof seconds === 'number' ? seconds : undefined });
        return transition(await finish(base, input), state.Next);
      }
      case 'Choice': {
        for (const rule of (state.Choices as AslState[] | undefined) ?? []) {
          const ok = await template(rule.Condition, base, frame, `${where} Condition`);
          if (typeof ok !== 'boolean')
            throw new StatesError(
              'States.QueryEvaluationError',
              `${where}: a Condition must give true or false, got ${JSON.stringify(ok)}`,
            );
          if (ok) return { output: await finish(base, input, rule), next: rule.Next as string };
        }
        if (typeof state.Default !== 'string')
          throw new StatesError('States.NoChoiceMatched', `${where}: no Choice rule matched and there is no Default`);
        return { output: await finish(base, input), next: state.Default };
      }
      case 'Task':
      case 'Map':
      case 'Parallel':
        return await withRetryAndCatch(run, name, state, base, frame, index, where, finish, transition);
      default:
        throw new StatesError('States.Runtime', `${where}: state type ${state.Type} is not run locally in JSONata`);
    }
  } catch (e) {
    if (e instanceof StatesError) {
      run.recorder.failed(name, e.error, e.causeText, index);
      return { fail: e };
    }
    throw e;
  }
}

async function withRetryAndCatch(
  run: JsonataRun,
  name: string,
  state: AslState,
  base: { input: unknown; context: Record<string, unknown> },
  frame: Frame,
  index: number | undefined,
  where: string,
  finish: (states: Record<string, unknown>, fallback: unknown, spec?: AslState) => Promise<unknown>,
  transition: (o: unknown, next?: unknown) => { output: unknown; next?: string; end?: boolean },
): Promise<StateOutcome> {
  const attempts = new Map<Record<string, unknown>, number>();
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await execute(run, name, state, base, frame, index, where);
      const states = { ...base, result };
      return transition(await finish(states, result), state.Next);
    } catch (e) {
      const err = asStatesError(e);
      run.recorder.failed(name, err.error, err.causeText, index);
      const next = nextRetry(state, err, attempts);
      if (next) {
        run.recorder.retried(name, next.attempt, next.retrier, index);
        continue;
      }
      const catcher = catcherFor(state, err);
      if (!catcher) return { fail: err };
      const errorOutput = { Error: err.error, Cause: err.causeText };
      const output = await finish({ ...base, errorOutput }, errorOutput, catcher);
      run.recorder.caught(name, Date.now(), index);
      return { output, next: catcher.Next as string };
    }
  }
}

/** The result of a Task, Map or Parallel state ($states.result). */
async function execute(
  run: JsonataRun,
  name: string,
  state: AslState,
  base: { input: unknown; context: Record<string, unknown> },
  frame: Frame,
  index: number | undefined,
  where: string,
): Promise<unknown> {
  if (state.Type === 'Task') {
    const args =
      state.Arguments !== undefined ? await template(state.Arguments, base, frame, `${where} Arguments`) : base.input;
    return run.invoke(name, state, args);
  }
  if (state.Type === 'Parallel') {
    const input =
      state.Arguments !== undefined ? await template(state.Arguments, base, frame, `${where} Arguments`) : base.input;
    return Promise.all(
      ((state.Branches as AslDefinition[] | undefined) ?? []).map((b) =>
        runStates(run, b, input, { vars: new Map(), parent: frame }, index, base.context),
      ),
    );
  }
  // Map: Items (JSONata or an array; default the input), ItemSelector per item, ItemProcessor.
  const items = state.Items !== undefined ? await template(state.Items, base, frame, `${where} Items`) : base.input;
  if (!Array.isArray(items))
    throw new StatesError(
      'States.QueryEvaluationError',
      `${where}: Items must give an array, got ${JSON.stringify(items)}`,
    );
  const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition;
  const max =
    typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : items.length;
  const results: unknown[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      const context = { ...base.context, Map: { Item: { Index: i, Value: items[i] } } };
      const itemInput =
        state.ItemSelector !== undefined
          ? await template(state.ItemSelector, { ...base, context }, frame, `${where} ItemSelector`)
          : items[i];
      results[i] = await runStates(run, processor, itemInput, { vars: new Map(), parent: frame }, i, context);
    }
  };
  await Promise.all(Array.from({ length: Math.min(max, items.length) }, worker));
  void name;
  return results;
}

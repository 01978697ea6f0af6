// One JSONPath state run by the local interpreter (jsonata.ts hands it every state whose query
// language is JSONPath), for the machines aws-local-stepfunctions cannot run as AWS does: JSONPath
// states with workflow variables (Assign, $name), machines mixing JSONPath and JSONata states, and
// paths with a slice, wildcard or filter (whose result AWS keeps as an array). The data flow is
// AWS's: InputPath, Parameters (ItemSelector for a Map's items), the work, ResultSelector, Assign,
// ResultPath over the state's raw input, OutputPath
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html).
// Assign (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html): "$" in
// an Assign template is the state's result (Task, Map, Parallel: after ResultSelector; Pass: its
// Result or Parameters; Choice, Wait: the state's input after InputPath; a Catch: the error
// output), every Assign of a state sees the variables as they were when the state started, and the
// new values are visible from the next state on.
import type { AslDefinition, AslState } from './definition.js';
import { StatesError } from './errors.js';
import { asStatesError, catcherFor, nextRetry } from './retry-catch.js';
import { ruleMatches } from './jsonpath-choice.js';
import { payloadTemplate } from './jsonpath-payload.js';
import { applyResultPath, queryPath, type PathData } from './jsonpath.js';

/** What the machine runner (jsonata.ts) lends a JSONPath state. */
export interface JsonPathHost {
  invoke(stateName: string, state: AslState, input: unknown): Promise<unknown>;
  /** Runs a Map iteration or a Parallel branch in a child variable scope. */
  runBranch(
    machine: AslDefinition,
    input: unknown,
    index: number | undefined,
    context: Record<string, unknown>,
  ): Promise<unknown>;
  /** The variables in scope (outer scopes included) as they are now. */
  variables(): Record<string, unknown>;
  /** Sets variables in this state's scope. */
  assign(values: Record<string, unknown>): void;
  failed(error: string, cause: string): void;
  retried(attempt: number, retrier: Record<string, unknown>): void;
  caught(): void;
  waited(seconds: number): void;
}

export type JsonPathOutcome = { output: unknown; next?: string; end?: boolean } | { fail: StatesError };

/** Largest Assign of one state: "up to 256 KiB per state" (workflow-variables.html, quotas). */
export const MAX_ASSIGN_BYTES = 256 * 1024;

export async function runJsonPathState(
  host: JsonPathHost,
  name: string,
  state: AslState,
  rawInput: unknown,
  context: Record<string, unknown>,
  where: string,
): Promise<JsonPathOutcome> {
  const vars = host.variables();
  const data = (input: unknown): PathData => ({ input, context, vars });
  const effective =
    state.InputPath === null
      ? {}
      : typeof state.InputPath === 'string'
        ? queryPath(state.InputPath, data(rawInput), `${where} InputPath`)
        : rawInput;
  const transition = (output: unknown) =>
    state.End === true ? { output, end: true } : { output, next: state.Next as string | undefined };
  /** Assign ($ = the state's result), then ResultPath over the raw input, then OutputPath. */
  const finish = async (result: unknown, spec: AslState = state, resultPath: unknown = state.ResultPath) => {
    if (spec.Assign !== undefined) await assign(spec.Assign, data(result));
    const combined = applyResultPath(rawInput, resultPath, result, `${where} ResultPath`);
    return outputPath(combined);
  };
  const outputPath = (value: unknown) =>
    state.OutputPath === null
      ? {}
      : typeof state.OutputPath === 'string'
        ? queryPath(state.OutputPath, data(value), `${where} OutputPath`)
        : value;
  const assign = async (template: unknown, d: PathData) => {
    const values = (await payloadTemplate(template, d, `${where} Assign`)) as Record<string, unknown>;
    const size = Buffer.byteLength(JSON.stringify(values ?? {}));
    if (size > MAX_ASSIGN_BYTES)
      throw new StatesError(
        'States.Runtime',
        `${where}: Assign sets ${size} bytes of variables; Step Functions allows ${MAX_ASSIGN_BYTES} per state`,
      );
    host.assign(values ?? {});
  };

  try {
    switch (state.Type) {
      case 'Pass': {
        const result =
          state.Result !== undefined
            ? state.Result
            : state.Parameters !== undefined
              ? await payloadTemplate(state.Parameters, data(effective), `${where} Parameters`)
              : effective;
        return transition(await finish(result));
      }
      case 'Succeed':
        return { output: outputPath(effective), end: true };
      case 'Fail': {
        const error =
          typeof state.ErrorPath === 'string'
            ? queryPath(state.ErrorPath, data(rawInput), `${where} ErrorPath`)
            : (state.Error ?? 'States.Fail');
        const cause =
          typeof state.CausePath === 'string'
            ? queryPath(state.CausePath, data(rawInput), `${where} CausePath`)
            : (state.Cause ?? '');
        host.failed(String(error), String(cause));
        return { fail: new StatesError(String(error), String(cause)) };
      }
      case 'Wait': {
        // Waits do not sleep locally. The step records what AWS would wait (computed when the
        // state is entered); a SecondsPath reading a variable is only known here.
        if (typeof state.SecondsPath === 'string') {
          const seconds = queryPath(state.SecondsPath, data(effective), `${where} SecondsPath`);
          if (typeof seconds === 'number') host.waited(seconds);
        }
        if (state.Assign !== undefined) await assign(state.Assign, data(effective));
        return transition(outputPath(effective));
      }
      case 'Choice': {
        for (const rule of (state.Choices as AslState[] | undefined) ?? []) {
          if (!ruleMatches(rule, data(effective), `${where} Choices`)) continue;
          if (rule.Assign !== undefined) await assign(rule.Assign, data(effective));
          return { output: outputPath(effective), next: rule.Next as string };
        }
        if (typeof state.Default !== 'string')
          throw new StatesError('States.NoChoiceMatched', `${where}: no Choice rule matched and there is no Default`);
        if (state.Assign !== undefined) await assign(state.Assign, data(effective));
        return { output: outputPath(effective), next: state.Default };
      }
      case 'Task':
      case 'Map':
      case 'Parallel':
        return await withRetryAndCatch(
          host,
          name,
          state,
          rawInput,
          effective,
          context,
          vars,
          where,
          finish,
          transition,
        );
      default:
        throw new StatesError('States.Runtime', `${where}: state type ${state.Type} is not run locally`);
    }
  } catch (e) {
    if (e instanceof StatesError) {
      host.failed(e.error, e.causeText);
      return { fail: e };
    }
    throw e;
  }
}

async function withRetryAndCatch(
  host: JsonPathHost,
  name: string,
  state: AslState,
  rawInput: unknown,
  effective: unknown,
  context: Record<string, unknown>,
  vars: Record<string, unknown>,
  where: string,
  finish: (result: unknown, spec?: AslState, resultPath?: unknown) => Promise<unknown>,
  transition: (output: unknown) => { output: unknown; next?: string; end?: boolean },
): Promise<JsonPathOutcome> {
  const attempts = new Map<Record<string, unknown>, number>();
  for (;;) {
    try {
      let result = await execute(host, name, state, effective, context, vars, where);
      if (state.ResultSelector !== undefined)
        result = await payloadTemplate(
          state.ResultSelector,
          { input: result, context, vars },
          `${where} ResultSelector`,
        );
      return transition(await finish(result));
    } catch (e) {
      const err = asStatesError(e);
      host.failed(err.error, err.causeText);
      const next = nextRetry(state, err, attempts);
      if (next) {
        host.retried(next.attempt, next.retrier);
        continue;
      }
      const catcher = catcherFor(state, err);
      if (!catcher) return { fail: err };
      const errorOutput = { Error: err.error, Cause: err.causeText };
      // A Catch's ResultPath (default $) places the error output in the raw input.
      const output = await finish(errorOutput, catcher, catcher.ResultPath);
      host.caught();
      return { output, next: catcher.Next as string };
    }
  }
}

/** The raw result of a Task, Map or Parallel state. */
async function execute(
  host: JsonPathHost,
  name: string,
  state: AslState,
  effective: unknown,
  context: Record<string, unknown>,
  vars: Record<string, unknown>,
  where: string,
): Promise<unknown> {
  const data = (input: unknown, ctx = context): PathData => ({ input, context: ctx, vars });
  if (state.Type === 'Task') {
    const args =
      state.Parameters !== undefined
        ? await payloadTemplate(state.Parameters, data(effective), `${where} Parameters`)
        : effective;
    return host.invoke(name, state, args);
  }
  if (state.Type === 'Parallel') {
    const input =
      state.Parameters !== undefined
        ? await payloadTemplate(state.Parameters, data(effective), `${where} Parameters`)
        : effective;
    return Promise.all(
      ((state.Branches as AslDefinition[] | undefined) ?? []).map((b) => host.runBranch(b, input, undefined, context)),
    );
  }
  // Map: ItemsPath (default $), ItemSelector (or the older Parameters) per item, ItemProcessor.
  const items =
    typeof state.ItemsPath === 'string' ? queryPath(state.ItemsPath, data(effective), `${where} ItemsPath`) : effective;
  if (!Array.isArray(items))
    throw new StatesError('States.Runtime', `${where}: ItemsPath must select an array, got ${JSON.stringify(items)}`);
  const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition;
  const selector = state.ItemSelector ?? state.Parameters;
  const max =
    typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : items.length;
  const results: unknown[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const ctx = { ...context, Map: { Item: { Index: i, Value: items[i] } } };
      const itemInput =
        selector !== undefined
          ? await payloadTemplate(selector, data(effective, ctx), `${where} ItemSelector`)
          : items[i];
      results[i] = await host.runBranch(processor, itemInput, i, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(max, items.length) }, worker));
  return results;
}

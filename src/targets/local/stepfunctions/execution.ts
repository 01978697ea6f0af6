// Runs one Step Functions execution in aws-local-stepfunctions (a real ASL interpreter: paths,
// Parameters, ResultSelector, Choice, Parallel, Map, Retry, Catch, intrinsic functions) with every
// Task state answered by a local integration handler. The interpreter's event log becomes the
// run's StepResults, reported live to a ProgressSink. Wait states and Retry intervals do not
// sleep: a local run is meant to take seconds; waits are recorded as waitedSeconds instead.
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
// jsonpath-plus: the JSONPath engine the interpreter itself uses, to read SecondsPath/TimestampPath.
import { JSONPath } from 'jsonpath-plus';
import type { ProgressSink, RunFailure, RunStatus, StepResult } from '../../../report/model.js';
import { ConfigError } from '../../../model/diagnostics.js';
import { cachedOnDisk } from '../translation-cache.js';
import { indexStates, prepareForLocalRun, type AslDefinition, type AslState } from './definition.js';
import { INTEGRATIONS, integrationKey, type IntegrationContext } from './integrations.js';
import { rewriteDistributedMaps, runDistributedMap, type ChildOutcome } from './distributed-map.js';
import { ownInterpreterReason } from './interpreter-choice.js';
import { runJsonataMachine, StatesError } from './jsonata.js';
import type { MockPlayer } from './mocks.js';
import { describeBlockers, localBlockers, NotRunnableLocally } from './runnability.js';

export interface ExecutionRequest {
  definition: AslDefinition;
  /** The ASL file, for messages. */
  file: string;
  stateMachineName: string;
  stateMachineArn: string;
  executionName: string;
  executionArn: string;
  input: unknown;
  integrations: IntegrationContext;
  progress: ProgressSink;
  /** Abort the execution after this long (status TIMED_OUT). */
  timeoutMs?: number;
  /** The definition's source text, for file:line in messages. */
  text?: string;
  /** Mocked states of the chosen test case (Step Functions Local format) and the file they come from. */
  mocks?: MockPlayer;
  mockFile?: string;
}

export interface ExecutionOutcome {
  status: RunStatus;
  startedAt: string;
  endedAt: string;
  output?: unknown;
  steps: StepResult[];
  failure?: RunFailure;
}

/**
 * Every Task state must have a local handler or a mock (the interpreter would otherwise try to
 * invoke a Lambda function on AWS), and no state may use an ASL feature the interpreter lacks.
 * Checked before anything runs, naming each state with file:line and how to fix it.
 */
export function assertRunnable(
  req: Pick<ExecutionRequest, 'definition' | 'file' | 'text' | 'stateMachineName' | 'mocks' | 'mockFile'>,
): void {
  const blockers = localBlockers(
    req.definition,
    req.text ?? '',
    req.mocks?.machine ?? req.stateMachineName,
    req.mockFile ?? 'mocks.json',
    (s) => !!req.mocks?.mocks(s),
  );
  if (!blockers.length) return;
  const withMocks = req.mocks ? ` (mock file ${req.mocks.config.file}, test case "${req.mocks.testCase}")` : '';
  throw new NotRunnableLocally(
    `the local target cannot run state machine ${req.stateMachineName}${withMocks}: ${blockers.length} state(s) need AWS or a mock\n${describeBlockers(req.file, blockers)}`,
    blockers,
  );
}

/** One child execution of a Distributed Map's ItemProcessor, with the parent's handlers. */
async function runChildExecution(
  processor: AslDefinition,
  input: unknown,
  overrides: Record<string, Record<string, unknown>>,
  req: ExecutionRequest,
): Promise<ChildOutcome> {
  const { ProcessorConfig: _config, ...machineDef } = processor as AslDefinition & { ProcessorConfig?: unknown };
  const machine = new StateMachine(machineDef as unknown as StateMachineDefinition, {
    validationOptions: { checkArn: false, checkPaths: true },
  });
  const execution = machine.run(input as any, {
    overrides: overrides as any,
    context: { StateMachine: { Id: req.stateMachineArn, Name: req.stateMachineName } },
  });
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (e) {
    if (e instanceof ExecutionError) {
      // The interpreter wraps the state's error (name = ASL Error, message = Cause) as `cause`.
      const wrapped = e.cause as { name?: string; message?: string } | undefined;
      return { status: 'FAILED', error: wrapped?.name ?? 'States.TaskFailed', cause: wrapped?.message ?? e.message };
    }
    throw e;
  }
}

/** Seconds a Wait state would wait on AWS, from its definition and its input. */
export function waitSeconds(state: AslState, rawInput: unknown, now = Date.now()): number | undefined {
  let input = rawInput;
  if (typeof state.InputPath === 'string') input = queryPath(state.InputPath, input);
  if (typeof state.Seconds === 'number') return state.Seconds;
  const untilTs = (ts: unknown) => (typeof ts === 'string' ? Math.max(0, (Date.parse(ts) - now) / 1000) : undefined);
  if (typeof state.Timestamp === 'string') return untilTs(state.Timestamp);
  if (typeof state.SecondsPath === 'string') {
    const v = queryPath(state.SecondsPath, input);
    return typeof v === 'number' ? v : undefined;
  }
  if (typeof state.TimestampPath === 'string') return untilTs(queryPath(state.TimestampPath, input));
  return undefined;
}

function queryPath(path: string, json: unknown): unknown {
  if (path === '$') return json;
  const found = JSONPath({ path, json: json as object, wrap: false });
  return found;
}

/** Keeps the StepResults of one execution, fed by the interpreter's events. */
class StepRecorder {
  readonly steps: StepResult[] = [];
  private open = new Map<string, StepResult>();
  private notes = new Map<string, Partial<StepResult>[]>();
  private lastError = new Map<string, { error: string; cause: string }>();

  constructor(
    private readonly states: Map<string, AslState>,
    private readonly progress: ProgressSink,
  ) {}

  annotate(stateName: string, details: Partial<StepResult>): void {
    const list = this.notes.get(stateName) ?? [];
    list.push(details);
    this.notes.set(stateName, list);
  }

  private applyNotes(step: StepResult, stateName: string): void {
    const note = this.notes.get(stateName)?.shift();
    if (!note) return;
    const { details, ...rest } = note;
    Object.assign(step, rest);
    if (details) step.details = { ...step.details, ...details };
  }

  entered(name: string, type: string, input: unknown, ts: number, index?: number): void {
    const def = this.states.get(name);
    const step: StepResult = {
      name: index === undefined ? name : `${name}[${index}]`,
      // The definition's type: a Distributed Map runs as a Task in the interpreter.
      type: def?.Type ?? type,
      status: 'running',
      startedAt: new Date(ts).toISOString(),
    };
    if (type === 'Task' && def) step.resource = String(def.Resource);
    if (type === 'Wait' && def) step.waitedSeconds = waitSeconds(def, input, ts);
    this.steps.push(step);
    this.open.set(step.name, step);
    this.progress.stepStarted({ ...step });
  }

  private end(key: string, status: StepResult['status'], ts: number): void {
    const step = this.open.get(key);
    if (!step) return;
    this.open.delete(key);
    step.status = status;
    step.endedAt = new Date(ts).toISOString();
    step.durationMs = ts - Date.parse(step.startedAt!);
    this.progress.stepEnded({ ...step });
  }

  failed(name: string, error: string, cause: unknown, index?: number): void {
    const key = index === undefined ? name : `${name}[${index}]`;
    const step = this.open.get(key);
    if (!step) return;
    this.applyNotes(step, name);
    step.error = error;
    step.cause = typeof cause === 'string' ? cause : JSON.stringify(cause);
    this.lastError.set(key, { error, cause: step.cause });
  }

  retried(name: string, attempt: number, retrier: Record<string, unknown>, index?: number): void {
    const key = index === undefined ? name : `${name}[${index}]`;
    const step = this.open.get(key);
    if (!step) return;
    // What AWS would have waited before this retry (not slept locally): IntervalSeconds (default 1)
    // times BackoffRate (default 2) per earlier retry, capped by MaxDelaySeconds.
    const interval = (retrier.IntervalSeconds as number | undefined) ?? 1;
    const backoff = (retrier.BackoffRate as number | undefined) ?? 2;
    const max = retrier.MaxDelaySeconds as number | undefined;
    const wouldWait = Math.min(interval * backoff ** (attempt - 1), max ?? Infinity);
    const retries = ((step.details?.retries as unknown[]) ?? []).concat([
      { attempt, error: step.error, cause: step.cause, waitedSeconds: wouldWait },
    ]);
    step.details = { ...step.details, retries };
    delete step.error;
    delete step.cause;
    this.progress.info(`${key}: ${this.lastError.get(key)?.error ?? 'error'}, retrying (attempt ${attempt + 1})`);
  }

  caught(name: string, ts: number, index?: number): void {
    this.end(index === undefined ? name : `${name}[${index}]`, 'caught', ts);
  }

  exited(name: string, ts: number, index?: number): void {
    const key = index === undefined ? name : `${name}[${index}]`;
    const step = this.open.get(key);
    if (!step) return; // already closed by a Catch
    this.applyNotes(step, name);
    this.end(key, 'succeeded', ts);
  }

  /** Closes what is still open when the execution stops: failed ones failed, the rest cancelled. */
  finish(ts: number, status: RunStatus): void {
    for (const [key, step] of [...this.open]) {
      this.end(key, step.error ? 'failed' : status === 'TIMED_OUT' ? 'timed_out' : 'cancelled', ts);
    }
  }
}

/** Runs the execution to its end and reports every step. Never throws for a failing pipeline. */
export async function runExecution(req: ExecutionRequest): Promise<ExecutionOutcome> {
  assertRunnable(req);
  const definition = prepareForLocalRun(req.definition);
  // Indexed before the rewrite, so the states inside Distributed Map processors get handlers too.
  const states = indexStates(definition);
  const distributedMaps = rewriteDistributedMaps(definition);
  const recorder = new StepRecorder(states, req.progress);

  const taskResourceLocalHandlers: Record<string, (input: any) => Promise<any>> = {};
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [name, state] of states) {
    if (state.Type === 'Task') {
      const resource = String(state.Resource);
      const mocks = req.mocks;
      if (mocks?.mocks(name)) {
        // A mocked state never reaches a service, as in Step Functions Local.
        taskResourceLocalHandlers[name] = async () => {
          recorder.annotate(name, { details: { mocked: `${mocks.config.file} ${mocks.testCase}` } });
          return mocks.answer(name);
        };
      } else {
        const handler = INTEGRATIONS[integrationKey(resource)!]!;
        taskResourceLocalHandlers[name] = (input) =>
          handler(req.integrations, {
            stateName: name,
            resource,
            input: input && typeof input === 'object' ? input : {},
            annotate: (d) => recorder.annotate(name, d),
          });
      }
    }
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (Array.isArray(state.Retry)) retryIntervalOverrides[name] = 0;
  }
  const overrides = { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
  for (const [name, mapState] of distributedMaps) {
    taskResourceLocalHandlers[name] = async (input) => {
      let succeeded = 0;
      let failed = 0;
      const result = await runDistributedMap({
        stateName: name,
        state: mapState,
        input,
        where: `${req.file}: state "${name}"`,
        s3: req.integrations.s3,
        stateMachineArn: req.stateMachineArn,
        executionName: req.executionName,
        runChild: async (processor, childInput) => {
          const outcome = await runChildExecution(processor, childInput, overrides, req);
          if (outcome.status === 'SUCCEEDED') succeeded++;
          else failed++;
          return outcome;
        },
      }).finally(() =>
        recorder.annotate(name, { details: { distributedMap: true, childExecutions: { succeeded, failed } } }),
      );
      return result;
    };
  }

  if (ownInterpreterReason(definition) !== undefined)
    return runJsonataExecution(req, definition, recorder, (name, input) => taskResourceLocalHandlers[name]!(input));

  let machine: StateMachine;
  try {
    // The definition was checked by `lakeops validate`; ARN checks would reject ${Name}-free
    // service ARNs that AWS accepts, so only the structure is validated here.
    // Validating compiles asl-validator's JSON Schemas (about a second of CPU per process), so a
    // definition that passed once is remembered by content hash (on disk, beside the translated SQL)
    // and later runs skip the check; a changed definition is checked again.
    const def = definition as unknown as StateMachineDefinition;
    await cachedOnDisk('asl-valid', JSON.stringify(definition), async () => {
      new StateMachine(def, { validationOptions: { checkArn: false, checkPaths: true } });
      return true;
    });
    machine = new StateMachine(def, { validationOptions: { noValidate: true } });
  } catch (e) {
    throw new ConfigError(`${req.file}: ${(e as Error).message}`);
  }

  const startedAt = new Date();
  const execution = machine.run(req.input as any, {
    overrides,
    context: {
      Execution: { Id: req.executionArn, Name: req.executionName, StartTime: startedAt.toISOString() },
      StateMachine: { Id: req.stateMachineArn, Name: req.stateMachineName },
    },
  });
  const timer = req.timeoutMs ? setTimeout(() => execution.abort(), req.timeoutMs) : undefined;
  let timedOut = false;
  if (timer) timer.unref?.();

  let execError: { error: string; cause: string } | undefined;
  const consume = (async () => {
    for await (const ev of execution.eventLogs) {
      const idx = 'index' in ev ? (ev.index as number | undefined) : undefined;
      switch (ev.type) {
        case 'StateEntered':
          recorder.entered(ev.state.name, ev.state.type, ev.state.input, ev.timestamp, idx);
          break;
        case 'StateFailed':
          recorder.failed(ev.state.name, ev.Error, ev.Cause, idx);
          break;
        case 'StateRetried':
          recorder.retried(ev.state.name, ev.retry.attempt, ev.retry.retrier as Record<string, unknown>, idx);
          break;
        case 'StateCaught':
          recorder.caught(ev.state.name, ev.timestamp, idx);
          break;
        case 'StateExited':
          recorder.exited(ev.state.name, ev.timestamp, idx);
          break;
        case 'ExecutionFailed':
          execError = { error: ev.Error, cause: typeof ev.Cause === 'string' ? ev.Cause : JSON.stringify(ev.Cause) };
          break;
        case 'ExecutionTimeout':
          timedOut = true;
          break;
        default:
          break;
      }
    }
  })();

  let status: RunStatus = 'SUCCEEDED';
  let output: unknown;
  try {
    output = await execution.result;
  } catch (e) {
    if (e instanceof ExecutionTimeoutError) status = 'TIMED_OUT';
    else if (e instanceof ExecutionAbortedError) status = 'TIMED_OUT';
    else if (e instanceof ExecutionError) status = 'FAILED';
    else throw e;
  } finally {
    if (timer) clearTimeout(timer);
  }
  await consume;
  if (timedOut) status = 'TIMED_OUT';
  return finishExecution(recorder, startedAt, status, output, execError, req.timeoutMs);
}

/** A JSONata machine, run by jsonata.ts with the same Task handlers and step recording. */
async function runJsonataExecution(
  req: ExecutionRequest,
  definition: AslDefinition,
  recorder: StepRecorder,
  invoke: (stateName: string, input: unknown) => Promise<unknown>,
): Promise<ExecutionOutcome> {
  const startedAt = new Date();
  let status: RunStatus = 'SUCCEEDED';
  let output: unknown;
  let execError: { error: string; cause: string } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (req.timeoutMs) timer = setTimeout(() => reject(new StatesError('States.Timeout', 'timeout')), req.timeoutMs);
  });
  try {
    output = await Promise.race([
      runJsonataMachine({
        definition,
        file: req.file,
        input: req.input,
        context: {
          Execution: {
            Id: req.executionArn,
            Name: req.executionName,
            StartTime: startedAt.toISOString(),
            Input: req.input,
          },
          StateMachine: { Id: req.stateMachineArn, Name: req.stateMachineName },
        },
        invoke: (name, _state, input) => invoke(name, input),
        recorder,
      }),
      timeout,
    ]);
  } catch (e) {
    if (!(e instanceof StatesError)) throw e;
    status = e.error === 'States.Timeout' && req.timeoutMs ? 'TIMED_OUT' : 'FAILED';
    execError = { error: e.error, cause: e.causeText };
  } finally {
    if (timer) clearTimeout(timer);
  }
  return finishExecution(recorder, startedAt, status, output, execError, req.timeoutMs);
}

/** Closes the step record and builds the outcome both interpreters (JSONPath, JSONata) return. */
function finishExecution(
  recorder: StepRecorder,
  startedAt: Date,
  status: RunStatus,
  output: unknown,
  execError: { error: string; cause: string } | undefined,
  timeoutMs: number | undefined,
): ExecutionOutcome {
  const endedAt = new Date();
  recorder.finish(endedAt.getTime(), status);
  const outcome: ExecutionOutcome = {
    status,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    steps: recorder.steps,
  };
  if (status === 'SUCCEEDED') outcome.output = output;
  else outcome.failure = describeFailure(recorder.steps, status, execError, timeoutMs);
  return outcome;
}

/**
 * What went wrong, for the summary: the last Task step that failed (the root cause, even when a
 * Catch then routed the execution through a notification to a Fail state), else the state the
 * execution failed in.
 */
function describeFailure(
  steps: StepResult[],
  status: RunStatus,
  execError: { error: string; cause: string } | undefined,
  timeoutMs?: number,
): RunFailure {
  if (status === 'TIMED_OUT') {
    const open = steps.filter((s) => s.status === 'timed_out' || s.status === 'cancelled').pop();
    return {
      state: open?.name ?? '(execution)',
      error: 'States.Timeout',
      cause: timeoutMs ? `gave up after ${timeoutMs} ms (--timeout)` : 'the execution timed out (TimeoutSeconds)',
    };
  }
  const rootCause = [...steps]
    .reverse()
    .find((s) => s.type === 'Task' && (s.status === 'failed' || s.status === 'caught'));
  const last = [...steps].reverse().find((s) => s.status === 'failed');
  const step = rootCause ?? last;
  const failure: RunFailure = {
    state: step?.name ?? '(execution)',
    error: step?.error ?? execError?.error,
    cause: step?.cause ?? execError?.cause,
  };
  if (step?.details?.jobName) {
    failure.jobName = String(step.details.jobName);
    failure.jobRunId = step.runId;
    failure.logTail = step.logTail;
    try {
      failure.errorMessage = (JSON.parse(step.cause ?? '{}') as { ErrorMessage?: string }).ErrorMessage;
    } catch {
      /* the cause is not the JobRun JSON */
    }
  }
  return failure;
}

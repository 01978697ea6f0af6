// Mocked service integrations in the mock configuration format of AWS Step Functions Local, so mock
// files teams already keep for Step Functions Local work unchanged:
//   { "StateMachines": { "<machine>": { "TestCases": { "<case>": { "<state>": "<response>" } } } },
//     "MockedResponses": { "<response>": { "0": { "Return": {...} }, "1-2": { "Throw": {...} } } } }
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
// A mocked Task state never reaches a service (local or not): its n-th invocation (retries and
// Map iterations count, from 0) answers with the response whose key is n or a range "a-b" holding n.
import { readFileSync } from 'node:fs';
import { TaskError } from './errors.js';

/** A mock file that cannot be used: always names the file; exit 1 (bad input of the run asked for). */
export class MockFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockFileError';
  }
}

type Answer = { Return: unknown } | { Throw: { Error: string; Cause?: string } };
interface InvocationRange {
  from: number;
  to: number;
  answer: Answer;
}

export interface MockConfig {
  file: string;
  /** machine name -> test case -> state -> response name */
  machines: Map<string, Map<string, Map<string, string>>>;
  responses: Map<string, InvocationRange[]>;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Reads and checks a mock file's structure; every problem names the file and the JSON path. */
export function loadMockFile(path: string, shownAs: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new MockFileError(`${shownAs}: cannot read the mock file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new MockFileError(`${shownAs}: not valid JSON: ${(e as Error).message}`);
  }
  return parseMockConfig(raw, shownAs);
}

export function parseMockConfig(raw: unknown, file: string): MockConfig {
  const fail = (where: string, what: string) => new MockFileError(`${file}: ${where}: ${what}`);
  if (!isObject(raw)) throw fail('(top level)', 'a mock file is a JSON object with StateMachines and MockedResponses');
  const machinesRaw = raw.StateMachines ?? {};
  const responsesRaw = raw.MockedResponses ?? {};
  if (!isObject(machinesRaw)) throw fail('StateMachines', 'must be an object keyed by state machine name');
  if (!isObject(responsesRaw)) throw fail('MockedResponses', 'must be an object keyed by mocked response name');

  const responses = new Map<string, InvocationRange[]>();
  for (const [name, byInvocation] of Object.entries(responsesRaw)) {
    const at = `MockedResponses.${name}`;
    if (!isObject(byInvocation) || Object.keys(byInvocation).length === 0)
      throw fail(at, 'must map invocation numbers ("0", "1-2", ...) to {"Return": ...} or {"Throw": ...}');
    const ranges: InvocationRange[] = [];
    for (const [key, answer] of Object.entries(byInvocation)) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(key);
      if (!m) throw fail(`${at}."${key}"`, 'an invocation key is a number ("0") or a range ("1-2")');
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (to < from) throw fail(`${at}."${key}"`, 'a range goes from the lower to the higher invocation');
      if (!isObject(answer) || 'Return' in answer === 'Throw' in answer)
        throw fail(`${at}."${key}"`, 'needs exactly one of "Return" or "Throw"');
      if ('Throw' in answer) {
        const t = answer.Throw;
        if (!isObject(t) || typeof t.Error !== 'string' || (t.Cause !== undefined && typeof t.Cause !== 'string'))
          throw fail(`${at}."${key}".Throw`, 'needs "Error" (a string) and optionally "Cause" (a string)');
      }
      ranges.push({ from, to, answer: answer as Answer });
    }
    ranges.sort((a, b) => a.from - b.from);
    // Invocations are numbered from 0 without gaps, as Step Functions Local requires.
    let next = 0;
    for (const r of ranges) {
      if (r.from !== next)
        throw fail(at, `invocations must be numbered from 0 without gaps or overlaps; ${next} is missing or repeated`);
      next = r.to + 1;
    }
    responses.set(name, ranges);
  }

  const machines = new Map<string, Map<string, Map<string, string>>>();
  for (const [machine, def] of Object.entries(machinesRaw)) {
    const at = `StateMachines.${machine}`;
    if (!isObject(def) || !isObject(def.TestCases))
      throw fail(at, 'needs "TestCases": { "<case>": { "<state>": "<mocked response>" } }');
    const cases = new Map<string, Map<string, string>>();
    for (const [testCase, states] of Object.entries(def.TestCases)) {
      if (!isObject(states)) throw fail(`${at}.TestCases.${testCase}`, 'must map state names to mocked response names');
      const m = new Map<string, string>();
      for (const [state, response] of Object.entries(states)) {
        if (typeof response !== 'string')
          throw fail(`${at}.TestCases.${testCase}.${state}`, 'must be the name of a mocked response');
        if (!responses.has(response))
          throw fail(
            `${at}.TestCases.${testCase}.${state}`,
            `no mocked response "${response}" under MockedResponses (known: ${[...responses.keys()].join(', ') || 'none'})`,
          );
        m.set(state, response);
      }
      cases.set(testCase, m);
    }
    machines.set(machine, cases);
  }
  return { file, machines, responses };
}

/**
 * The test case for one state machine. The machine is looked up by any of its names (the logical
 * stateMachine name, the deployed name, the pipeline name); every mocked state must exist in the
 * definition. Undefined when the file has no entry for this machine and `required` is false.
 */
export function selectTestCase(
  config: MockConfig,
  machineNames: string[],
  testCase: string,
  stateNames: Set<string>,
  required: boolean,
): MockPlayer | undefined {
  const machine = machineNames.find((n) => config.machines.has(n));
  if (!machine) {
    if (!required) return undefined;
    throw new MockFileError(
      `${config.file}: StateMachines has no entry for state machine "${machineNames[0]}" (looked for ${machineNames.map((n) => `"${n}"`).join(', ')}; found ${[...config.machines.keys()].map((n) => `"${n}"`).join(', ') || 'none'})`,
    );
  }
  const cases = config.machines.get(machine)!;
  const states = cases.get(testCase);
  if (!states) {
    if (!required) return undefined;
    throw new MockFileError(
      `${config.file}: StateMachines.${machine}.TestCases has no test case "${testCase}" (known: ${[...cases.keys()].join(', ') || 'none'})`,
    );
  }
  for (const state of states.keys())
    if (!stateNames.has(state))
      throw new MockFileError(
        `${config.file}: StateMachines.${machine}.TestCases.${testCase}.${state}: the state machine has no state "${state}" (states: ${[...stateNames].join(', ')})`,
      );
  return new MockPlayer(config, machine, testCase, states);
}

/** Answers the mocked states of one execution, counting each state's invocations. */
export class MockPlayer {
  private invocations = new Map<string, number>();

  constructor(
    readonly config: MockConfig,
    readonly machine: string,
    readonly testCase: string,
    private readonly states: Map<string, string>,
  ) {}

  mocks(state: string): boolean {
    return this.states.has(state);
  }

  mockedStates(): string[] {
    return [...this.states.keys()];
  }

  /** The state's next mocked answer: its Return value, or a thrown TaskError (Error/Cause) for Throw. */
  answer(state: string): unknown {
    const responseName = this.states.get(state)!;
    const n = this.invocations.get(state) ?? 0;
    this.invocations.set(state, n + 1);
    const range = this.config.responses.get(responseName)!.find((r) => n >= r.from && n <= r.to);
    if (!range)
      throw new TaskError(
        'States.Runtime',
        `mocked response "${responseName}" (${this.config.file}) has no answer for invocation ${n} of state "${state}": add a key "${n}" (or a range holding it)`,
      );
    if ('Throw' in range.answer) throw new TaskError(range.answer.Throw.Error, range.answer.Throw.Cause ?? '');
    return range.answer.Return === undefined ? undefined : JSON.parse(JSON.stringify(range.answer.Return));
  }
}

// Everything a local execution needs before it starts: the definition, the mock file and test case
// chosen (`--mocks FILE --test-case NAME`, or the pipeline's default mocks.json), and the check
// that every state can run. All of it throws before anything runs or is written.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Environment } from '../../../model/environment.js';
import type { Pipeline, Project } from '../../../model/project.js';
import { indexStates, loadDefinition, type AslDefinition } from './definition.js';
import { assertRunnable } from './execution.js';
import { loadMockFile, MockFileError, selectTestCase, type MockConfig, type MockPlayer } from './mocks.js';
import { defaultMockFile, machineNames } from './runnability.js';

/** The mock file and test case of a run (both may be absent: no mocks). */
export interface MockChoice {
  config?: MockConfig;
  testCase?: string;
  /** The file was given explicitly: its test case must exist for the top-level machine. */
  explicit: boolean;
}

/** Reads `--mocks` (relative to the project root unless absolute) or the pipeline's default mocks.json. */
export function resolveMocks(
  project: Project,
  pipeline: Pipeline,
  opts: { mocks?: string; testCase?: string },
): MockChoice {
  if (opts.mocks !== undefined) {
    const path = isAbsolute(opts.mocks) ? opts.mocks : join(project.root, opts.mocks);
    const shown = relative(project.root, path).split('\\').join('/');
    return {
      config: loadMockFile(path, shown.startsWith('..') ? path : shown),
      testCase: opts.testCase,
      explicit: true,
    };
  }
  const def = defaultMockFile(pipeline);
  if (existsSync(join(project.root, def)))
    return { config: loadMockFile(join(project.root, def), def), testCase: opts.testCase, explicit: !!opts.testCase };
  if (opts.testCase !== undefined)
    throw new MockFileError(
      `--test-case "${opts.testCase}" needs a mock file: pass --mocks FILE or add ${def} (Step Functions Local format)`,
    );
  return { explicit: false };
}

export interface PreparedMachine {
  definition: AslDefinition;
  file: string;
  text: string;
  mocks?: MockPlayer;
  mockFile: string;
}

/**
 * Loads the pipeline's definition, picks its test case and checks it runs locally. Without a
 * --test-case, a machine with exactly one test case in the file uses it; with several, the run
 * must name one.
 */
export function prepareMachine(
  project: Project,
  env: Environment,
  pipeline: Pipeline,
  choice: MockChoice,
  topLevel: boolean,
): PreparedMachine {
  const { definition, file, text } = loadDefinition(project, env, pipeline);
  const names = machineNames(env, pipeline);
  let mocks: MockPlayer | undefined;
  const config = choice.config;
  if (config) {
    let testCase = choice.testCase;
    if (testCase === undefined) {
      const cases = names.map((n) => config.machines.get(n)).find((c) => c);
      const known = [...(cases?.keys() ?? [])];
      if (known.length === 1) testCase = known[0];
      else if (known.length > 1 && topLevel)
        throw new MockFileError(
          `${config.file} has ${known.length} test cases for state machine ${pipeline.stateMachineName}: choose one with --test-case (${known.join(', ')})`,
        );
    }
    if (testCase !== undefined)
      mocks = selectTestCase(
        config,
        names,
        testCase,
        new Set(indexStates(definition).keys()),
        topLevel && choice.explicit,
      );
  }
  const mockFile = config?.file ?? defaultMockFile(pipeline);
  assertRunnable({ definition, file, text, stateMachineName: pipeline.stateMachineName!, mocks, mockFile });
  return { definition, file, text, mocks, mockFile };
}

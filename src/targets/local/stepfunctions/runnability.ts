// Whether the local target can run a state machine, state by state, and why not. The local
// interpreter (aws-local-stepfunctions 3) runs JSONPath ASL with the integrations in
// integrations.ts; a Task of any other service can be answered from a Step Functions Local mock
// file (mocks.ts). ASL features the interpreter does not implement cannot be mocked: the state is
// named instead of running differently from AWS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../model/diagnostics.js';
import type { Environment } from '../../../model/environment.js';
import type { Pipeline, Project } from '../../../model/project.js';
import { indexStates, isDistributedMap, loadDefinition, type AslDefinition, type AslState } from './definition.js';
import { INTEGRATIONS, integrationKey } from './integrations.js';
import { loadMockFile, type MockConfig } from './mocks.js';
import { ownInterpreterReason } from './interpreter-choice.js';

export interface LocalBlocker {
  /** The state, or undefined for a machine-wide feature. */
  state?: string;
  /** The Task's resource, or the ASL feature. */
  integration: string;
  line: number;
  column: number;
  reason: string;
  fix: string;
  /** A mock file entry makes it runnable. */
  mockable: boolean;
}

/** Default mock file of a pipeline, relative to the project root. */
export const defaultMockFile = (pipeline: Pipeline): string => `${pipeline.dir}/mocks.json`;

/**
 * ASL fields the local interpreter does not implement, per state, and why. JSONata and variables:
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html; Distributed Map:
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  Arguments: 'Arguments is a JSONata field and this machine is JSONPath',
  Output: 'Output is a JSONata field and this machine is JSONPath',
  ItemsPointer: 'JSONata Items/ItemsPointer are not implemented locally',
  ToleratedFailureCountPath: 'Map ToleratedFailureCountPath is not implemented by the local interpreter',
  ToleratedFailurePercentagePath: 'Map ToleratedFailurePercentagePath is not implemented by the local interpreter',
  Credentials: 'cross-account Task Credentials are not implemented locally',
};

/** State types the local JSONata interpreter runs. */
const JSONATA_TYPES = new Set(['Pass', 'Succeed', 'Fail', 'Wait', 'Choice', 'Task', 'Map', 'Parallel']);

/** Line and column (1-based) of each state's key in the definition text. */
function keyPositions(text: string, names: Iterable<string>): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  for (const name of names) {
    const re = new RegExp(`${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*\\{`);
    const m = re.exec(text);
    if (!m) continue;
    const before = text.slice(0, m.index).split('\n');
    out.set(name, { line: before.length, column: before[before.length - 1]!.length + 1 });
  }
  return out;
}

/** The mock entry to add for a Task state (the Step Functions Local format). */
export function mockHint(machine: string, state: string, mockFile: string): string {
  const entry = `"StateMachines": {"${machine}": {"TestCases": {"<test case>": {"${state}": "<response>"}}}}, "MockedResponses": {"<response>": {"0": {"Return": {...}}}}`;
  return `mock it in ${mockFile}: ${entry}, then run with --test-case <test case>`;
}

/**
 * Every reason the local target cannot run this definition. `mocked(state)` says whether the
 * chosen test case answers a Task state.
 */
export function localBlockers(
  definition: AslDefinition,
  text: string,
  machine: string,
  mockFile: string,
  mocked: (state: string) => boolean = () => false,
): LocalBlocker[] {
  const states = indexStates(definition);
  const where = keyPositions(text, states.keys());
  const out: LocalBlocker[] = [];
  // JSONata machines, and JSONPath machines with JSONata states or variables, run in the own
  // interpreter (interpreter-choice.ts); plain JSONPath ones in aws-local-stepfunctions. AWS lets a
  // state switch from JSONPath to JSONata, not back inside a JSONata machine.
  const jsonataMachine = definition.QueryLanguage === 'JSONata';
  // The own interpreter runs Map states inline: it has no ItemReader, ItemBatcher or ResultWriter.
  const ownReason = ownInterpreterReason(definition);
  const visit = (name: string, state: AslState) => {
    const pos = where.get(name) ?? { line: 1, column: 1 };
    const add = (integration: string, reason: string, fix: string, mockable: boolean) =>
      out.push({ state: name, integration, ...pos, reason, fix, mockable });
    const onAws = 'run it on AWS (--env)';
    if (jsonataMachine && state.QueryLanguage === 'JSONPath')
      add(
        'QueryLanguage: JSONPath',
        'a JSONPath state in a JSONata machine is not allowed by Step Functions',
        'write it in JSONata',
        false,
      );
    if (jsonataMachine || state.QueryLanguage === 'JSONata') {
      if (!JSONATA_TYPES.has(state.Type))
        add(`Type: ${state.Type}`, `${state.Type} states are not run locally in JSONata`, onAws, false);
      if (isDistributedMap(state))
        add('Distributed Map', 'Distributed Map is run locally in JSONPath only', onAws, false);
    } else {
      if (ownReason && isDistributedMap(state))
        add(
          'Distributed Map',
          `Distributed Map runs locally only in JSONPath machines without variables or multi-node paths (${ownReason})`,
          onAws,
          false,
        );
      for (const [field, reason] of Object.entries(UNSUPPORTED_FIELDS))
        if (state[field] !== undefined) add(field, reason, onAws, false);
    }
    const reader = state.ItemReader as { ReaderConfig?: Record<string, unknown> } | undefined;
    if (reader?.ReaderConfig?.MaxItemsPath !== undefined)
      add(
        'ItemReader.ReaderConfig.MaxItemsPath',
        'MaxItemsPath is not implemented locally (MaxItems is)',
        'use MaxItems',
        false,
      );
    const writer = state.ResultWriter as { WriterConfig?: unknown } | undefined;
    if (writer?.WriterConfig !== undefined)
      add(
        'ResultWriter.WriterConfig',
        'WriterConfig (Transformation/OutputType) is not implemented locally',
        'run it on AWS (--env)',
        false,
      );
    if (state.Type === 'Task') {
      const resource = String(state.Resource ?? '');
      const key = integrationKey(resource);
      if (mocked(name)) return;
      if (!key || !INTEGRATIONS[key])
        add(
          resource,
          `no local engine for ${resource.startsWith('arn:aws:lambda:') || /^arn:aws[a-z-]*:states:::lambda:/.test(resource) ? 'Lambda' : (key ?? resource)}`,
          mockHint(machine, name, mockFile),
          true,
        );
    }
  };
  for (const [name, state] of states) visit(name, state);
  return out;
}

/** "file:line:col: state "X" (integration): reason; fix", one per line. */
export function describeBlockers(file: string, blockers: LocalBlocker[]): string {
  return blockers
    .map(
      (b) =>
        `  ${file}:${b.line}:${b.column}: ${b.state ? `state "${b.state}"` : 'state machine'} (${b.integration}): ${b.reason}; ${b.fix}`,
    )
    .join('\n');
}

/** A pipeline the local target cannot run as asked: exit 1 (the run asked for failed), nothing ran. */
export class NotRunnableLocally extends Error {
  constructor(
    message: string,
    readonly blockers: LocalBlocker[],
  ) {
    super(message);
    this.name = 'NotRunnableLocally';
  }
}

export interface PipelineRunnability {
  pipeline: string;
  runsLocally: boolean;
  file?: string;
  blockers: LocalBlocker[];
}

/**
 * Whether a pipeline's state machine runs locally, counting a Task as runnable when some test
 * case of the pipeline's default mock file mocks it (validate has no --test-case). A pipeline with
 * no state machine, or one whose definition does not load (validate reports that elsewhere), has
 * no blockers here.
 */
export function pipelineRunnability(project: Project, env: Environment, pipeline: Pipeline): PipelineRunnability {
  if (!pipeline.stateMachineName || !pipeline.definitionFile)
    return { pipeline: pipeline.name, runsLocally: true, blockers: [] };
  let definition: AslDefinition;
  let text: string;
  try {
    definition = loadDefinition(project, env, pipeline).definition;
    text = readFileSync(join(project.root, pipeline.definitionFile), 'utf8');
  } catch {
    return { pipeline: pipeline.name, runsLocally: true, blockers: [] };
  }
  const mockFile = defaultMockFile(pipeline);
  let mocks: MockConfig | undefined;
  try {
    if (existsSync(join(project.root, mockFile))) mocks = loadMockFile(join(project.root, mockFile), mockFile);
  } catch {
    mocks = undefined; // a broken mock file is reported when a run uses it
  }
  const names = machineNames(env, pipeline);
  const mockedAnywhere = new Set<string>();
  for (const n of names)
    for (const tc of mocks?.machines.get(n)?.values() ?? []) for (const s of tc.keys()) mockedAnywhere.add(s);
  const blockers = localBlockers(definition, text, pipeline.stateMachineName, mockFile, (s) => mockedAnywhere.has(s));
  return { pipeline: pipeline.name, runsLocally: blockers.length === 0, file: pipeline.definitionFile, blockers };
}

/** The names a mock file may use for a pipeline's state machine. */
export function machineNames(env: Environment, pipeline: Pipeline): string[] {
  const logical = pipeline.stateMachineName!;
  return [...new Set([logical, env.physicalName('stateMachine', logical), pipeline.name])];
}

/** Validate's view: one warning per state the local target cannot run (AWS runs them). */
export function localRunnabilityDiagnostics(project: Project, env: Environment): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of project.pipelines) {
    const r = pipelineRunnability(project, env, p);
    for (const b of r.blockers)
      out.push({
        file: r.file!,
        line: b.line,
        column: b.column,
        severity: 'warning',
        message: `pipeline "${p.name}" does not run locally: ${b.state ? `state "${b.state}"` : 'the state machine'} (${b.integration}): ${b.reason}; ${b.fix}`,
        rule: 'local-runnability',
      });
  }
  return out;
}

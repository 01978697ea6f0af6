// A pipeline's ASL definition as the local interpreter runs it: ${Name} substitutions resolved for
// the environment, every state (including those inside Parallel branches and Map processors)
// indexed by name, and the few adjustments that keep local runs faithful and fast.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Diagnostic } from '../../../model/diagnostics.js';
import { jsonStringEscape, substitute, substitutionsFor, type Environment } from '../../../model/environment.js';
import type { Pipeline, Project } from '../../../model/project.js';

export type AslState = Record<string, unknown> & { Type: string };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  [k: string]: unknown;
}

/**
 * Longest timer Node can arm (2^31-1 ms); longer timeouts fire at once. Step Functions Standard
 * tasks have no timeout unless TimeoutSeconds is set, but aws-local-stepfunctions defaults Task
 * states to 60 s, so states without one get this instead (24.8 days: "no timeout" for a local run).
 */
export const NO_TIMEOUT_SECONDS = Math.floor(2_147_483_647 / 1000);

/** Reads the ASL file, substitutes ${Name}s and parses it; problems are ConfigErrors with file:line. */
export function loadDefinition(
  project: Project,
  env: Environment,
  pipeline: Pipeline,
): { definition: AslDefinition; file: string; text: string } {
  const file = pipeline.definitionFile;
  if (!file) throw new ConfigError(`pipeline "${pipeline.name}" has no stateMachine`);
  let text: string;
  try {
    text = readFileSync(join(project.root, file), 'utf8');
  } catch {
    throw new ConfigError(`${file}: cannot read the state machine definition of pipeline "${pipeline.name}"`);
  }
  const sub = substitute(text, substitutionsFor(project, env, pipeline), jsonStringEscape);
  if (sub.unresolved.length) {
    const diagnostics: Diagnostic[] = sub.unresolved.map(({ name, offset }) => {
      const before = text.slice(0, offset).split('\n');
      return {
        file,
        line: before.length,
        column: before[before.length - 1]!.length + 1,
        severity: 'error',
        message: `unknown substitution \${${name}}: declare it (a job, crawler, database, bus or bucket alias) or add it under variables: in lakeops.yaml`,
        rule: 'ref-substitution',
      };
    });
    throw new ConfigError(`${file} uses ${sub.unresolved.length} unknown \${Name} substitution(s)`, diagnostics);
  }
  let definition: AslDefinition;
  try {
    definition = JSON.parse(sub.text) as AslDefinition;
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON after substitution: ${(e as Error).message}`);
  }
  if (!definition || typeof definition !== 'object' || typeof definition.StartAt !== 'string' || !definition.States)
    throw new ConfigError(`${file}: an ASL definition needs "StartAt" and "States"`);
  return { definition, file, text };
}

/** Every state of a definition, nested ones included, by name (ASL names are unique machine-wide). */
export function indexStates(definition: AslDefinition): Map<string, AslState> {
  const out = new Map<string, AslState>();
  const walk = (states: Record<string, AslState>) => {
    for (const [name, state] of Object.entries(states)) {
      out.set(name, state);
      for (const branch of (state.Branches as AslDefinition[] | undefined) ?? []) walk(branch.States);
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
      if (processor?.States) walk(processor.States);
    }
  };
  walk(definition.States);
  return out;
}

/**
 * A copy of the definition with Task states given an explicit timeout (see NO_TIMEOUT_SECONDS)
 * and over-long ones clamped, so the interpreter never times out a task AWS would not.
 */
export function prepareForLocalRun(definition: AslDefinition): AslDefinition {
  // A JSON copy, not structuredClone: under jest (vm contexts) structuredClone makes objects of
  // another realm, whose nested "key.$" fields the interpreter then leaves unevaluated.
  const copy = JSON.parse(JSON.stringify(definition)) as AslDefinition;
  for (const state of indexStates(copy).values()) {
    if (state.Type !== 'Task') continue;
    if (typeof state.TimeoutSeconds === 'number')
      state.TimeoutSeconds = Math.min(state.TimeoutSeconds, NO_TIMEOUT_SECONDS);
    else if (state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = NO_TIMEOUT_SECONDS;
  }
  return copy;
}

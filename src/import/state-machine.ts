// A state machine back to `stateMachine:` plus its definition file: the reverse of
// planner/desired/state-machine.ts. Strings in the definition that hold an account id, region,
// bucket or the physical name of an imported resource become ${Name} (exactly reversible).
import type { StateMachineConfig } from '../model/schema.js';
import type { ImportContext } from './context.js';
import type { Converted } from './glue-jobs.js';
import type { Found } from './read.js';

export const DEFINITION_FILE = 'state-machine.asl.json';

function definitionOf(f: Found): unknown {
  const d = f.actual.spec.definition;
  if (typeof d !== 'string') return d;
  try {
    return JSON.parse(d);
  } catch {
    return undefined;
  }
}

/** Every string value in the definition (where job, crawler and bus names appear). */
export function definitionStrings(f: Found): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(definitionOf(f));
  return out;
}

export function convertStateMachine(
  c: ImportContext,
  pipeline: string,
  f: Found,
): Converted<StateMachineConfig> & { definition?: string } {
  const s = f.actual.spec;
  const definition = definitionOf(f);
  if (definition === undefined || typeof definition !== 'object')
    return { skip: 'its definition is not a JSON object' };
  const config: StateMachineConfig = {};
  if (f.logical !== pipeline) config.name = f.logical;
  if (s.type && s.type !== 'STANDARD') config.type = s.type as StateMachineConfig['type'];
  const logging = s.loggingConfiguration as { level?: string; includeExecutionData?: boolean } | undefined;
  if (logging?.level && (logging.level !== 'OFF' || logging.includeExecutionData))
    config.logging = {
      level: logging.level as NonNullable<StateMachineConfig['logging']>['level'],
      ...(logging.includeExecutionData ? { includeExecutionData: true } : {}),
    };
  if ((s.tracingConfiguration as { enabled?: boolean } | undefined)?.enabled) config.tracing = true;
  c.addFile(pipeline, {
    path: `pipelines/${pipeline}/${DEFINITION_FILE}`,
    content: `${JSON.stringify(c.unsub.json(definition), null, 2)}\n`,
  });
  return { config };
}

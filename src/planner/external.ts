// The physical resources an environment lists as external (owned elsewhere), keyed as the planner
// keys resources ("kind:name"): no desired resource may be one, and none is ever read as a
// candidate to update, adopt or delete.
import type { Environment } from '../model/environment.js';

export function externalResourceKeys(env: Environment): Set<string> {
  const keys = new Set<string>();
  for (const e of env.external.values()) {
    if (e.kind === 'database' || e.kind === 'job' || e.kind === 'stateMachine') keys.add(`${e.kind}:${e.name}`);
    if (e.kind === 'table') {
      const db = e.logical.slice(0, e.logical.indexOf('.'));
      keys.add(`table:${env.physicalName('database', db)}.${e.name}`);
    }
  }
  return keys;
}

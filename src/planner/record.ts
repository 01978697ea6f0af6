// The deploy record: per resource, a hash of the normalised spec and the tags that the last
// deploy left in AWS. Plan uses it to tell drift (AWS changed since) from a config change, to
// know tags where reading them would cost a call per resource, and to know which Athena views
// (which cannot be tagged) lakeops created. It is bookkeeping, never the source of ownership.
import { normalise, specHash } from './normalise.js';
import { keyOf, type PlannedChange } from './types.js';

export interface DeployRecord {
  version: 1;
  resources: Record<string, { spec: string; tags?: Record<string, string> }>;
}

/** The record after a deploy: converged resources updated, deleted ones dropped, failed ones as before. */
export function nextRecord(
  previous: DeployRecord | undefined,
  converged: PlannedChange[],
  deleted: PlannedChange[],
): DeployRecord {
  const resources = { ...(previous?.resources ?? {}) };
  for (const p of converged) {
    if (!p.desired || p.desired.kind === 'artifact') continue;
    resources[keyOf(p.desired)] = { spec: specHash(normalise(p.desired.kind, p.desired.spec)), tags: p.desired.tags };
  }
  for (const p of deleted) delete resources[keyOf(p.change)];
  return { version: 1, resources };
}

/** Stable text (sorted keys), so an unchanged record is recognised and not written again. */
export function serialiseRecord(record: DeployRecord): string {
  const sorted = Object.fromEntries(Object.entries(record.resources).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ version: 1, resources: sorted }, null, 1) + '\n';
}

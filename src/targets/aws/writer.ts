// What every per-service writer gets, and the interface apply drives them through.
import type { Environment } from '../../model/environment.js';
import type { AccountContext } from '../../planner/names.js';
import type { ActualResource, DesiredResource, PlannedChange } from '../../planner/types.js';
import type { Clock } from '../../runner/poll.js';
import type { AwsClients } from './clients.js';

export interface WriteContext {
  clients: AwsClients;
  env: Environment;
  ctx: AccountContext;
  clock: Clock;
  /** How long to wait for a running crawler before reporting it (default 5 minutes). */
  crawlerWaitMs: number;
  crawlerPollMs: number;
  /** Notes for the progress output (e.g. "waiting for crawler X"). */
  note(message: string): void;
}

export interface KindWriter {
  create(d: DesiredResource, ctx: WriteContext): Promise<void>;
  update(d: DesiredResource, a: ActualResource, c: PlannedChange, ctx: WriteContext): Promise<void>;
  delete(a: ActualResource, ctx: WriteContext): Promise<void>;
}

/** A resource found at apply time without our ownership marks (it appeared after the plan was read). */
export class OwnershipConflict extends Error {
  readonly code = 'Conflict';
  constructor(kind: string, name: string) {
    super(
      `a ${kind} named "${name}" already exists without this project's lakeops tags; it was left alone ` +
        '(deploy with --adopt to take it over)',
    );
    this.name = 'OwnershipConflict';
  }
}

/** Only the fields a diff touched (top-level), to skip calls whose part did not change. */
export function changedFields(c: PlannedChange): Set<string> {
  return new Set(c.change.diffs.map((d) => d.path.split('.')[0]!));
}

export function withoutUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// Applies a plan: creates and updates phase by phase in dependency order (artifacts before the
// jobs that run them, jobs before the triggers that start them, ...), deletes in reverse order
// afterwards, each phase with bounded concurrency. A resource that fails is reported with the file
// that defines it and the rest still deploys; since every write is idempotent, a re-run converges.
import pLimit from 'p-limit'; // bounded write concurrency
import type { DeployResult, ProgressSink, ResourceChange, ResourceError } from '../../report/model.js';
import { APPLY_ORDER, type ManagedKind, type PlannedChange } from '../../planner/types.js';
import { artifactWriter, viewWriter } from './apply-s3-athena.js';
import { ruleWriter, eventBusWriter } from './apply-events.js';
import { crawlerWriter, databaseWriter, jobWriter, triggerWriter, workflowWriter } from './apply-glue.js';
import { scheduleGroupWriter, scheduleWriter } from './apply-scheduler.js';
import { stateMachineWriter } from './apply-sfn.js';
import { tableWriter } from './apply-tables.js';
import { errorCode, errorMessage } from './errors.js';
import type { KindWriter, WriteContext } from './writer.js';

export const DEFAULT_WRITE_CONCURRENCY = 8;

const WRITERS: Record<ManagedKind, KindWriter> = {
  artifact: artifactWriter,
  database: databaseWriter,
  job: jobWriter,
  crawler: crawlerWriter,
  workflow: workflowWriter,
  trigger: triggerWriter,
  stateMachine: stateMachineWriter,
  eventBus: eventBusWriter,
  rule: ruleWriter,
  scheduleGroup: scheduleGroupWriter,
  schedule: scheduleWriter,
  view: viewWriter,
  table: tableWriter,
};

export interface ApplyOptions {
  prune?: boolean;
  concurrency?: number;
}

export interface ApplyOutcome extends Pick<DeployResult, 'applied' | 'failed' | 'skipped'> {
  /** Plan entries that were applied or needed nothing (their desired spec now matches AWS). */
  converged: PlannedChange[];
  deleted: PlannedChange[];
}

function describe(c: ResourceChange): string {
  return `${c.kind} ${c.name}${c.pipeline ? ` (${c.pipeline})` : ''}`;
}

async function applyOne(p: PlannedChange, ctx: WriteContext): Promise<void> {
  const writer = WRITERS[p.change.kind as ManagedKind];
  switch (p.change.action) {
    case 'create':
      return writer.create(p.desired!, ctx);
    case 'update':
      return writer.update(p.desired!, p.actual!, p, ctx);
    case 'delete':
      return writer.delete(p.actual!, ctx);
    default:
      return;
  }
}

export async function applyPlan(
  plan: PlannedChange[],
  ctx: WriteContext,
  opts: ApplyOptions,
  progress: ProgressSink,
): Promise<ApplyOutcome> {
  const limit = pLimit(opts.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
  const out: ApplyOutcome = { applied: [], failed: [], skipped: [], converged: [], deleted: [] };

  for (const p of plan) {
    if (p.change.action === 'noop') out.converged.push(p);
    else if (p.change.action === 'conflict') {
      out.skipped.push(p.change);
      progress.info(`! conflict ${describe(p.change)}: left alone`);
    } else if (p.change.action === 'delete' && p.keep) {
      out.skipped.push(p.change);
      progress.info(`! ${describe(p.change)}: ${p.change.reason}`);
    } else if (p.change.action === 'delete' && !opts.prune)
      out.skipped.push({ ...p.change, reason: `${p.change.reason}; kept (deploy with --prune to delete)` });
  }

  const run = async (p: PlannedChange) => {
    const c = p.change;
    try {
      await applyOne(p, ctx);
      out.applied.push(c);
      if (c.action === 'delete') out.deleted.push(p);
      else out.converged.push(p);
      progress.info(`✓ ${c.action} ${describe(c)}`);
    } catch (e) {
      const err: ResourceError = {
        kind: c.kind,
        name: c.name,
        error: errorMessage(e),
        code: (e as { code?: string }).code ?? errorCode(e),
      };
      if (c.pipeline) err.pipeline = c.pipeline;
      if (c.file) err.file = c.file;
      if (c.line) err.line = c.line;
      out.failed.push(err);
      progress.info(
        `✗ ${c.action} ${describe(c)}: ${err.error}${c.file ? ` (${c.file}${c.line ? `:${c.line}` : ''})` : ''}`,
      );
    }
  };

  const phaseOf = (kind: string) => APPLY_ORDER.findIndex((kinds) => kinds.includes(kind as ManagedKind));
  for (const kinds of APPLY_ORDER) {
    const work = plan.filter(
      (p) =>
        (p.change.action === 'create' || p.change.action === 'update') && kinds.includes(p.change.kind as ManagedKind),
    );
    await Promise.all(work.map((p) => limit(() => run(p))));
  }
  if (opts.prune) {
    // Dependents first: views before databases, triggers before workflows, rules before buses.
    const deletes = plan
      .filter((p) => p.change.action === 'delete' && !p.keep)
      .sort((a, b) => phaseOf(b.change.kind) - phaseOf(a.change.kind));
    for (const phase of [...new Set(deletes.map((p) => phaseOf(p.change.kind)))]) {
      await Promise.all(deletes.filter((p) => phaseOf(p.change.kind) === phase).map((p) => limit(() => run(p))));
    }
  }
  return out;
}

// Plain-text summaries of plans and deploys for the terminal (the plan table itself is the
// shared reporter's renderPlan, so PR comments and the CLI show the same columns).
import { summarise } from './diff.js';
import type { DeployResult, PlanResult } from '../report/model.js';

export function planSummary(plan: PlanResult): string {
  const s = summarise(plan.changes);
  const parts = [`${s.create} to create`, `${s.update} to update`, `${s.delete} to delete`, `${s.noop} unchanged`];
  if (s.conflict) parts.push(`${s.conflict} conflict(s)`);
  const drift = plan.changes.filter((c) => c.drift).length;
  if (drift) parts.push(`${drift} drifted`);
  return `${parts.join(', ')}${plan.readCalls !== undefined ? ` (${plan.readCalls} read calls)` : ''}`;
}

export function deploySummary(r: DeployResult): string {
  const by = (a: string) => r.applied.filter((c) => c.action === a).length;
  const conflicts = r.skipped.filter((c) => c.action === 'conflict').length;
  const kept = r.skipped.filter((c) => c.action === 'delete').length;
  const parts = [
    `${by('create')} created`,
    `${by('update')} updated`,
    `${by('delete')} deleted`,
    `${r.failed.length} failed`,
  ];
  if (conflicts) parts.push(`${conflicts} conflict(s) left alone`);
  if (kept) parts.push(`${kept} no longer desired but kept (use --prune)`);
  return `deploy to ${r.env} (${r.target}): ${parts.join(', ')}`;
}

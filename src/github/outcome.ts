// What a report adds up to: the check run's conclusion, and which findings block a pull request.
// Local runs and local validations judge the PR's code; validation queries against a deployed AWS
// environment judge data the PR did not write, so they inform (as warnings) but never block.
import { hasErrors } from '../model/diagnostics.js';
import type { Project } from '../model/project.js';
import type { Report, ValidationResult } from '../report/model.js';
import type { CheckConclusion } from './check-run.js';

/** True when the validation ran on a local-target environment (or says no environment). */
export function ranLocally(v: ValidationResult, project?: Project): boolean {
  if (v.env === undefined || v.env === 'local') return true;
  return project?.config.environments[v.env]?.target === 'local';
}

/** An error-severity validation that failed or could not run, on the local target. */
export function validationBlocks(v: ValidationResult, project?: Project): boolean {
  return v.severity === 'error' && v.status !== 'pass' && ranLocally(v, project);
}

export interface ReportCounts {
  errors: number;
  warnings: number;
  runsFailed: number;
  runsSucceeded: number;
  validationsFailed: number;
  validationsPassed: number;
  changes: number;
  deployFailed: number;
}

export function reportCounts(report: Report): ReportCounts {
  const diags = report.diagnostics ?? [];
  const runs = report.runs ?? [];
  const vals = report.validations ?? [];
  return {
    errors: diags.filter((d) => d.severity === 'error').length,
    warnings: diags.filter((d) => d.severity === 'warning').length,
    runsFailed: runs.filter((r) => r.status !== 'SUCCEEDED').length,
    runsSucceeded: runs.filter((r) => r.status === 'SUCCEEDED').length,
    validationsFailed: vals.filter((v) => v.status !== 'pass').length,
    validationsPassed: vals.filter((v) => v.status === 'pass').length,
    changes: (report.plans ?? []).reduce((n, p) => n + p.changes.filter((c) => c.action !== 'noop').length, 0),
    deployFailed: report.deploy?.failed.length ?? 0,
  };
}

/**
 * A plan that could not complete. The plan action records an environment it could not plan as a
 * skipped stage named "plan <env>" (AWS errors, static-check errors); the pr-report action records
 * a plan job that failed without writing its report as "plan". Either way the reviewer cannot see
 * what the PR would change, so the check must not pass.
 */
export function failedPlans(report: Report): { stage: string; reason: string }[] {
  return (report.skipped ?? []).filter((s) => s.stage === 'plan' || s.stage.startsWith('plan '));
}

/** The failures that make the check fail, as short sentences (empty when it passes). */
export function blockingFailures(report: Report, project?: Project): string[] {
  const out: string[] = [];
  const diags = report.diagnostics ?? [];
  if (hasErrors(diags)) out.push(`${diags.filter((d) => d.severity === 'error').length} static check error(s)`);
  for (const s of failedPlans(report)) out.push(`${s.stage} failed: ${s.reason}`);

  for (const r of report.runs ?? [])
    if (r.status !== 'SUCCEEDED') out.push(`${r.pipeline} run on ${r.env} ${r.status.toLowerCase()}`);
  for (const v of report.validations ?? [])
    if (validationBlocks(v, project))
      out.push(`validation ${v.pipeline}/${v.name} ${v.status === 'fail' ? 'failed' : 'errored'}`);
  if (report.deploy?.failed.length) out.push(`${report.deploy.failed.length} resource(s) failed to deploy`);
  return out;
}

export function reportConclusion(report: Report, project?: Project): CheckConclusion {
  return blockingFailures(report, project).length ? 'failure' : 'success';
}

/**
 * The report with the violating rows of validations on deployed (AWS) environments removed, counts
 * kept: a pull request's comment, job summary, annotations and artifacts are readable by anyone who
 * can read the PR (on a public repository, everyone), so data from those environments stays out.
 */
export function withoutDeployedRows(report: Report, project?: Project): Report {
  if (!report.validations?.some((v) => !ranLocally(v, project) && v.rows.length)) return report;
  return {
    ...report,
    validations: report.validations.map((v) => (ranLocally(v, project) ? v : { ...v, rows: [], truncated: false })),
  };
}

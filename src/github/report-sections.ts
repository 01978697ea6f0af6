// Markdown sections of a report for GitHub surfaces: static checks, plans per environment, runs
// (steps, durations, rows written), validations with sample violating rows, cost, and what was
// skipped and why. The PR comment, job summaries and the validation issue all use these.
import { formatDiagnostic } from '../model/diagnostics.js';
import type { CostEstimate, PlanResult, Report, RunResult, ValidationResult } from '../report/model.js';
import { bytes, cell, details, duration, table, usd, type Section } from './markdown.js';

const ICON = {
  ok: '✅',
  fail: '❌',
  warn: '⚠️',
  skip: '⏭️',
};

export function diagnosticsSection(report: Report): Section | undefined {
  const diags = report.diagnostics;
  if (!diags) return undefined;
  if (!diags.length) return { title: `${ICON.ok} Static checks`, body: 'No problems found.' };
  const errors = diags.filter((d) => d.severity === 'error').length;
  const icon = errors ? ICON.fail : ICON.warn;
  const rows = diags.map((d) => [`${d.file}:${d.line}:${d.column}`, d.severity, d.rule, d.message]);
  return {
    title: `${icon} Static checks: ${errors} error(s), ${diags.length - errors} warning(s)`,
    body: table(['where', 'severity', 'rule', 'message'], rows),
  };
}

const ACTION_ICON: Record<string, string> = { create: '➕', update: '🔁', delete: '🗑️', conflict: '⛔', noop: '·' };

export function planSection(plan: PlanResult): Section {
  const changes = plan.changes.filter((c) => c.action !== 'noop');
  const counts = ['create', 'update', 'delete', 'conflict']
    .map((a) => [a, changes.filter((c) => c.action === a).length] as const)
    .filter(([, n]) => n > 0)
    .map(([a, n]) => `${n} to ${a}`);
  const title = `📋 Plan for \`${plan.env}\`: ${counts.length ? counts.join(', ') : 'no changes'}`;
  if (!changes.length) return { title, body: 'AWS already matches the repository.' };
  const rows = changes.map((c) => [
    `${ACTION_ICON[c.action] ?? ''} ${c.action}${c.drift ? ' (drift)' : ''}`,
    c.kind,
    c.name,
    c.pipeline ?? '',
    c.diffs.length ? c.diffs.map((d) => d.path).join(', ') : (c.reason ?? ''),
  ]);
  const diffs = changes
    .filter((c) => c.action === 'update' && c.diffs.length)
    .map((c) => {
      const lines = c.diffs.map(
        (d) => `  ${d.path}:\n-   ${JSON.stringify(d.before) ?? '(none)'}\n+   ${JSON.stringify(d.after) ?? '(none)'}`,
      );
      return `${c.kind} ${c.name}\n${lines.join('\n')}`;
    });
  return {
    title,
    body:
      table(['action', 'kind', 'resource', 'pipeline', 'fields'], rows) +
      (diffs.length ? '\n\n' + details('Field diffs', '```diff\n' + diffs.join('\n\n') + '\n```') : ''),
  };
}

function runIcon(r: RunResult): string {
  return r.status === 'SUCCEEDED' ? ICON.ok : r.status === 'RUNNING' ? '⏳' : ICON.fail;
}

function rowsWritten(r: Record<string, number> | undefined): string {
  return r ? Object.entries(r).map(([t, n]) => `${t}: ${n}`).join(', ') : '';
}

export function runSection(run: RunResult, diagram?: string): Section {
  const rows = run.steps.map((s) => [
    s.name,
    s.type,
    s.status,
    duration(s.durationMs) || (s.waitedSeconds !== undefined ? `waited ${s.waitedSeconds} s` : ''),
    rowsWritten(s.rowsWritten),
    [s.error, s.cause].filter(Boolean).join(': '),
  ]);
  const parts = [
    `Execution \`${run.executionName}\` on \`${run.env}\` (${run.target}): **${run.status}**${run.durationMs !== undefined ? ` in ${duration(run.durationMs)}` : ''}.`,
    rows.length ? table(['step', 'type', 'status', 'duration', 'rows written', 'error'], rows) : '_No steps ran._',
  ];
  if (run.failure) {
    const f = run.failure;
    const what = [f.error, f.errorMessage ?? f.cause].filter(Boolean).join(': ');
    parts.push(`**Failed at \`${f.state}\`**${f.jobName ? ` (Glue job \`${f.jobName}\`${f.jobRunId ? ` run ${f.jobRunId}` : ''})` : ''}: ${cell(what, 2000)}`);
    if (f.logTail?.length) parts.push(details('Log tail', '```\n' + f.logTail.join('\n') + '\n```'));
  }
  if (run.events?.length)
    parts.push(
      details(
        `${run.events.length} event(s) published`,
        table(['bus', 'source', 'detail type', 'detail'], run.events.map((e) => [e.bus, e.source, e.detailType, e.detail])),
      ),
    );
  if (diagram) parts.push(diagram);
  return { title: `${runIcon(run)} Run of \`${run.pipeline}\` (${run.env})`, body: parts.join('\n\n') };
}

function validationIcon(v: ValidationResult): string {
  if (v.status === 'pass') return ICON.ok;
  return v.severity === 'warn' ? ICON.warn : ICON.fail;
}

/** Validation results of one environment, each failure with its sample of violating rows. */
export function validationsSection(validations: ValidationResult[], env: string, note?: string): Section {
  const failed = validations.filter((v) => v.status !== 'pass');
  const title = `${failed.some((v) => v.severity === 'error') ? ICON.fail : failed.length ? ICON.warn : ICON.ok} Validations on \`${env}\`: ${validations.length - failed.length} passed, ${failed.length} failed`;
  const rows = validations.map((v) => [
    `${validationIcon(v)} ${v.pipeline}/${v.name}`,
    v.severity,
    v.status,
    v.status === 'error' ? '' : v.violationCount,
    duration(v.durationMs),
    bytes(v.bytesScanned),
    v.file,
  ]);
  const parts = [];
  if (note) parts.push(note);
  parts.push(table(['validation', 'severity', 'status', 'violating rows', 'duration', 'scanned', 'query'], rows));
  for (const v of failed) {
    if (v.status === 'error') {
      parts.push(`**${v.pipeline}/${v.name}** could not run: ${cell(v.error ?? 'unknown error', 2000)}`);
      continue;
    }
    const sample = v.rows.length
      ? table(v.columns, v.rows.map((r) => v.columns.map((c) => r[c])))
      : '_No rows returned._';
    const more = v.truncated ? `\n\nShowing ${v.rows.length} of ${v.violationCount} violating rows.` : '';
    parts.push(details(`${validationIcon(v)} ${v.pipeline}/${v.name}: ${v.violationCount} violating row(s)`, sample + more, true));
  }
  return { title, body: parts.join('\n\n') };
}

/** Sums cost estimates of runs and validations. */
export function costSection(report: Report): Section | undefined {
  const estimates: { what: string; cost: CostEstimate }[] = [];
  for (const r of report.runs ?? []) if (r.cost) estimates.push({ what: `run ${r.pipeline} (${r.env})`, cost: r.cost });
  for (const v of report.validations ?? [])
    if (v.cost) estimates.push({ what: `validation ${v.pipeline}/${v.name}${v.env ? ` (${v.env})` : ''}`, cost: v.cost });
  if (!estimates.length) return undefined;
  const total = estimates.reduce((n, e) => n + e.cost.totalUsd, 0);
  const rows = estimates.flatMap((e) =>
    e.cost.items.map((i) => [e.what, i.what, `${i.quantity} ${i.unit}`, usd(i.usd)]),
  );
  const asOf = estimates[0]!.cost;
  return {
    title: `💰 Estimated AWS cost: ${usd(total)}`,
    body:
      table(['for', 'item', 'quantity', 'cost'], rows) +
      `\n\nOn-demand list prices for ${asOf.region} as of ${asOf.pricesAsOf}; what these runs would cost on AWS.`,
  };
}

export function skippedSection(report: Report): Section | undefined {
  if (!report.skipped?.length) return undefined;
  return {
    title: `${ICON.skip} Skipped`,
    body: report.skipped.map((s) => `- **${s.stage}**: ${s.reason}`).join('\n'),
  };
}

/** Plain-text lines of diagnostics, for logs. */
export function diagnosticLines(report: Report): string[] {
  return (report.diagnostics ?? []).map(formatDiagnostic);
}

/** Every section of a report, in reading order. `diagrams` maps a pipeline to its Mermaid block. */
export function reportSections(report: Report, diagrams: Map<string, string> = new Map()): Section[] {
  const out: Section[] = [];
  const push = (s: Section | undefined) => s && out.push(s);
  push(skippedSection(report));
  push(diagnosticsSection(report));
  for (const p of report.plans ?? []) out.push(planSection(p));
  for (const r of report.runs ?? []) out.push(runSection(r, diagrams.get(r.pipeline)));
  const byEnv = new Map<string, ValidationResult[]>();
  for (const v of report.validations ?? []) {
    const env = v.env ?? report.env ?? 'local';
    byEnv.set(env, [...(byEnv.get(env) ?? []), v]);
  }
  for (const [env, vals] of byEnv) out.push(validationsSection(vals, env));
  push(costSection(report));
  return out;
}

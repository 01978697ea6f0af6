// The pull request report: one Report (static checks, plans, local runs, local and Athena
// validations, cost) rendered for the sticky comment (under GitHub's 65,536-character limit, the
// largest sections cut first), the job summary (everything), and the check run's output.
import type { Project } from '../model/project.js';
import { mermaidBlock, pipelineMermaid } from '../report/mermaid.js';
import type { Report } from '../report/model.js';
import { runUrl, type GitHubContext } from './context.js';
import { composeSections, details, table, type Section } from './markdown.js';
import { blockingFailures, ranLocally, reportConclusion, reportCounts } from './outcome.js';
import { reportSections } from './report-sections.js';
import { COMMENT_MAX_CHARS, REPORT_MARKER } from './sticky-comment.js';
import type { TouchedPipeline } from './touched-pipelines.js';

export interface PrReportView {
  report: Report;
  project?: Project;
  touched: TouchedPipeline[];
  ctx: GitHubContext;
  /** AWS environments expected in the report and why each is missing, when it is. */
  awsNotes?: string[];
}

/** A Mermaid chart per touched pipeline, coloured by its run when there is one. */
export function pipelineDiagrams(view: Pick<PrReportView, 'report' | 'project' | 'touched'>): Map<string, string> {
  const out = new Map<string, string>();
  if (!view.project) return out;
  for (const t of view.touched) {
    const pipeline = view.project.pipelines.find((p) => p.name === t.name);
    if (!pipeline) continue;
    const run = view.report.runs?.find((r) => r.pipeline === t.name);
    try {
      out.set(t.name, details(`Pipeline graph: ${t.name}`, mermaidBlock(pipelineMermaid(view.project, pipeline, { run })), true));
    } catch (e) {
      out.set(t.name, `_No graph of ${t.name}: ${(e as Error).message}_`);
    }
  }
  return out;
}

function header(view: PrReportView, full: boolean): string {
  const { report, ctx } = view;
  const conclusion = reportConclusion(report, view.project);
  const failures = blockingFailures(report, view.project);
  const c = reportCounts(report);
  const sha = (ctx.pullRequest?.headSha || ctx.sha).slice(0, 7);
  const lines = [
    full ? REPORT_MARKER : '',
    `## ${conclusion === 'success' ? '✅' : '❌'} ${report.title}`,
    '',
    conclusion === 'success'
      ? `All checks passed for \`${sha}\`.`
      : `**${failures.length} problem(s)** for \`${sha}\`: ${failures.slice(0, 6).join('; ')}${failures.length > 6 ? '; …' : ''}.`,
  ];
  const rows: unknown[][] = [];
  if (report.diagnostics) rows.push(['static checks', `${c.errors} error(s), ${c.warnings} warning(s)`]);
  for (const p of report.plans ?? []) {
    const n = p.changes.filter((x) => x.action !== 'noop').length;
    rows.push([`plan \`${p.env}\``, n ? `${n} change(s)` : 'no changes']);
  }
  if (report.runs?.length) rows.push(['runs', `${c.runsSucceeded} succeeded, ${c.runsFailed} failed`]);
  if (report.validations?.length) rows.push(['validations', `${c.validationsPassed} passed, ${c.validationsFailed} failed`]);
  for (const s of report.skipped ?? []) rows.push([s.stage, `skipped: ${s.reason}`]);
  if (rows.length) lines.push('', table(['stage', 'result'], rows));
  if (view.touched.length) {
    const list = view.touched.map((t) => `\`${t.name}\` (${t.reasons.slice(0, 2).join(', ')}${t.reasons.length > 2 ? ', …' : ''})`);
    lines.push('', `Pipelines this PR touches: ${list.join('; ')}.`);
  } else if (report.runs === undefined) {
    lines.push('', 'This PR touches no pipeline: nothing to run locally.');
  }
  for (const n of view.awsNotes ?? []) lines.push('', `> ${n}`);
  return lines.filter((l, i) => l !== '' || i > 0).join('\n');
}

function footer(view: PrReportView): string {
  const url = runUrl(view.ctx);
  const stamp = `${view.ctx.pullRequest?.headSha || view.ctx.sha}${view.ctx.runId ? ` · run ${view.ctx.runId}` : ''}`;
  const remote = (view.report.validations ?? []).some((v) => !ranLocally(v, view.project));
  const note = remote ? ' · Validations on AWS environments are read-only queries on deployed data; they inform and never block the PR.' : '';
  return `<sub>lakeops · ${stamp}${url ? ` · [workflow run and full job summary](${url})` : ''}${note}</sub>`;
}

function sectionsWithDiagrams(view: PrReportView): Section[] {
  const diagrams = pipelineDiagrams(view);
  const sections = reportSections(view.report, diagrams);
  // Touched pipelines that did not run still get their picture.
  const ran = new Set((view.report.runs ?? []).map((r) => r.pipeline));
  const idle = [...diagrams].filter(([name]) => !ran.has(name)).map(([, d]) => d);
  if (idle.length) sections.push({ title: '🗺️ Pipelines touched', body: idle.join('\n\n') });
  return sections;
}

/** The sticky comment body: marker first, at most `maxLength` characters. */
export function renderPrComment(view: PrReportView, maxLength: number = COMMENT_MAX_CHARS): string {
  return composeSections(header(view, true), sectionsWithDiagrams(view), footer(view), {
    maxLength,
    detailsUrl: runUrl(view.ctx),
  });
}

/** The job summary: everything (cut only at the 1 MiB summary limit by the writer). */
export function renderPrSummary(view: PrReportView): string {
  const sections = sectionsWithDiagrams(view);
  return [header(view, false), ...sections.map((s) => `### ${s.title}\n\n${s.body}`), footer(view)].join('\n\n');
}

/** The check run's title and summary (the summary holds the comment's content, cut to fit). */
export function checkRunOutput(view: PrReportView): { title: string; summary: string } {
  const failures = blockingFailures(view.report, view.project);
  const title = failures.length ? `${failures.length} problem(s): ${failures[0]}` : 'All lakeops checks passed';
  const summary = composeSections(header(view, false), sectionsWithDiagrams(view), footer(view), {
    maxLength: 65535,
    detailsUrl: runUrl(view.ctx),
  });
  return { title, summary };
}

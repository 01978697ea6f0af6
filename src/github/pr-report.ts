// The pull request report. It opens with one truthful summary that fits a screen: the verdict (the
// same conclusion the check run gets), what the PR changes per environment, the pipelines it ran,
// what failed with the first error of each failure quoted (wrapped, not in a code block), and the
// data change per pipeline. Everything else is collapsed: a <details> per plan, per pipeline (its
// run's steps, chart, validations and data diff), static checks, Athena validations and cost. Three
// outputs: the sticky comment (under GitHub's 65,536-character limit, largest parts cut first, with
// a link to the job summary), the job summary (everything), and the check run's output.
import type { Project } from '../model/project.js';
import type { DataDiffReport } from '../datadiff/model.js';
import { dataDiffMarkdown, dataDiffSummary } from '../datadiff/markdown.js';
import {
  codeSpan,
  costSection,
  deploySection,
  diagnosticsSection,
  escapeHtml,
  escapeInline,
  firstRunError,
  GITHUB_COMMENT_LIMIT,
  joinSections,
  planSection,
  quoteBlock,
  runSection,
  skippedSection,
  truncateSections,
  validationsSection,
  type Section,
} from '../report/markdown.js';
import { formatDuration, RUN_EMOJI } from '../report/format.js';
import { mermaidBlock, pipelineMermaid } from '../report/mermaid.js';
import type { PlanResult, Report, RunResult, ValidationResult } from '../report/model.js';
import { runUrl, type GitHubContext } from './context.js';
import { blockingFailures, failedPlans, ranLocally, reportConclusion, reportCounts } from './outcome.js';
import { REPORT_MARKER } from './sticky-comment.js';
import type { TouchedPipeline } from './touched-pipelines.js';

export interface PrReportView {
  report: Report;
  project?: Project;
  touched: TouchedPipeline[];
  ctx: GitHubContext;
  /** Why AWS parts are missing (a fork, no plan job), shown under the verdict. */
  awsNotes?: string[];
  /** What the PR changes in the pipelines' output data (base vs head, same sample input). */
  dataDiff?: DataDiffReport;
}

/** Rows of the pipeline table and failures quoted in the summary; the rest is in the details. */
export const SUMMARY_PIPELINES = 8;
/** The lines the summary may take before the first collapsed section (one screen). */
export const SUMMARY_LINES = 25;
export const SUMMARY_ERRORS = 3;

/** A Mermaid chart per touched pipeline, coloured by its run when there is one. */
export function pipelineDiagrams(view: Pick<PrReportView, 'report' | 'project' | 'touched'>): Map<string, string> {
  const out = new Map<string, string>();
  if (!view.project) return out;
  for (const t of view.touched) {
    const pipeline = view.project.pipelines.find((p) => p.name === t.name);
    if (!pipeline) continue;
    const run = view.report.runs?.find((r) => r.pipeline === t.name);
    try {
      out.set(t.name, mermaidBlock(pipelineMermaid(view.project, pipeline, { run })));
    } catch (e) {
      out.set(t.name, `_No chart of ${escapeInline(t.name)}: ${escapeInline((e as Error).message)}_`);
    }
  }
  return out;
}

function planCounts(p: PlanResult): string {
  const n = (a: string) => p.changes.filter((c) => c.action === a).length;
  const parts = (['create', 'update', 'delete', 'conflict'] as const).filter((a) => n(a)).map((a) => `${n(a)} to ${a}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

function validationsByEnv(report: Report): Map<string, ValidationResult[]> {
  const byEnv = new Map<string, ValidationResult[]>();
  for (const v of report.validations ?? []) {
    const env = v.env ?? report.env ?? 'local';
    byEnv.set(env, [...(byEnv.get(env) ?? []), v]);
  }
  return byEnv;
}

/** The pipelines the report is about: touched ones, then any other that ran. */
function pipelineNames(view: PrReportView): string[] {
  const names = view.touched.map((t) => t.name);
  for (const r of view.report.runs ?? []) if (!names.includes(r.pipeline)) names.push(r.pipeline);
  return names;
}

function localValidations(view: PrReportView, pipeline: string): ValidationResult[] {
  return (view.report.validations ?? []).filter((v) => v.pipeline === pipeline && ranLocally(v, view.project));
}

function runCell(run: RunResult | undefined): string {
  if (!run) return '⏭️ not run';
  return `${RUN_EMOJI[run.status]} ${run.status.toLowerCase()}${run.durationMs !== undefined ? ` in ${formatDuration(run.durationMs)}` : ''}`;
}

function validationsCell(vs: ValidationResult[]): string {
  if (!vs.length) return '—';
  const failed = vs.filter((v) => v.status !== 'pass').length;
  return failed ? `❌ ${failed} of ${vs.length} failed` : `✅ ${vs.length} passed`;
}

/** Lines on screen: non-blank ones, a long paragraph line wrapping every ~120 characters. */
function screenLines(lines: string[]): number {
  return lines.filter((l) => l.trim()).reduce((n, l) => n + (l.startsWith('|') ? 1 : Math.ceil(l.length / 120)), 0);
}

/** The summary: at most ~25 rendered lines whatever the PR's size (long lists are cut with a count). */
function headerSection(view: PrReportView, withMarker: boolean): Section {
  const { report, ctx } = view;
  const conclusion = reportConclusion(report, view.project);
  const failures = blockingFailures(report, view.project);
  const c = reportCounts(report);
  const sha = (ctx.pullRequest?.headSha || ctx.sha).slice(0, 7);
  const heading =
    conclusion === 'success'
      ? `## ✅ lakeops: all checks passed for ${codeSpan(sha)}`
      : `## ❌ lakeops: ${failures.length} blocking problem(s) for ${codeSpan(sha)}`;
  const lines: string[] = [];
  // What the PR does, one line: resources per environment, pipelines run, checks.
  const does: string[] = [];
  for (const p of report.plans ?? []) does.push(`**${escapeInline(p.env)}**: ${planCounts(p)}`);
  for (const s of failedPlans(report)) does.push(`**${escapeInline(s.stage)}**: ❌ did not complete`);
  const runs = report.runs ?? [];
  if (runs.length)
    does.push(`**local run**: ${runs.length} pipeline(s), ${c.runsSucceeded} succeeded, ${c.runsFailed} failed`);
  if (report.diagnostics) does.push(`**static checks**: ${c.errors} error(s), ${c.warnings} warning(s)`);
  const vals = report.validations ?? [];
  if (vals.length) does.push(`**validations**: ${c.validationsPassed} passed, ${c.validationsFailed} failed`);
  if (does.length) lines.push(does.join(' · '));
  // Failures that are not a pipeline run (plan, static checks, validations) as a short list; each
  // failed run with its first error quoted so it wraps.
  const failedRuns = runs.filter((r) => r.status !== 'SUCCEEDED' && r.status !== 'RUNNING');
  const other = failures.filter(
    (f) => !failedRuns.some((r) => f === `${r.pipeline} run on ${r.env} ${r.status.toLowerCase()}`),
  );
  if (other.length) {
    lines.push('');
    for (const f of other.slice(0, 4)) lines.push(`- ❌ ${escapeInline(f)}`);
    if (other.length > 4) lines.push(`- … and ${other.length - 4} more (see below)`);
  }
  for (const r of failedRuns.slice(0, SUMMARY_ERRORS)) {
    const e = firstRunError(r)!;
    lines.push('', `**${escapeInline(r.pipeline)}** failed at ${codeSpan(e.state)}:`, quoteBlock(e.text, 220));
  }
  if (failedRuns.length > SUMMARY_ERRORS)
    lines.push('', `… and ${failedRuns.length - SUMMARY_ERRORS} more failed run(s) below.`);
  const names = pipelineNames(view);
  if (names.length) {
    // The table gets the lines left of the screen (at least 3 rows).
    const used = screenLines(lines) + 1 + (view.awsNotes?.length ?? 0) * 2;
    const room = Math.max(3, Math.min(SUMMARY_PIPELINES, SUMMARY_LINES - used - 3));
    const shown = names.length > room ? room - 1 : names.length;
    const diffs = new Map((view.dataDiff?.pipelines ?? []).map((d) => [d.pipeline, d]));
    const rows = names.slice(0, shown).map((n) => {
      const cells = [
        codeSpan(n, { inTable: true }),
        runCell(runs.find((r) => r.pipeline === n)),
        validationsCell(localValidations(view, n)),
      ];
      if (view.dataDiff) cells.push(diffs.has(n) ? dataDiffSummary(diffs.get(n)!) : '—');
      return `| ${cells.join(' | ')} |`;
    });
    const head = ['Pipeline', 'Local run', 'Validations', ...(view.dataDiff ? ['Data vs base'] : [])];
    lines.push('', `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows);
    if (names.length > shown) lines.push('', `… and ${names.length - shown} more pipeline(s) below.`);
  } else if (view.project) {
    lines.push('', 'This PR touches no pipeline: nothing to run locally.');
  }
  for (const n of view.awsNotes ?? []) lines.push('', `> ${escapeInline(n)}`);
  return {
    id: 'title',
    heading: withMarker ? `${REPORT_MARKER}\n${heading}` : heading,
    body: lines.join('\n'),
    truncatable: false,
  };
}

function footerSection(view: PrReportView): Section {
  const url = runUrl(view.ctx);
  const stamp = `${view.ctx.pullRequest?.headSha || view.ctx.sha}${view.ctx.runId ? ` · run ${view.ctx.runId}` : ''}`;
  const remote = (view.report.validations ?? []).some((v) => !ranLocally(v, view.project));
  const note = remote
    ? ' · Validations on AWS environments are read-only queries of deployed data: they inform and never block the PR.'
    : '';
  return {
    id: 'footer',
    heading: `<sub>lakeops · ${stamp}${url ? ` · [workflow run and full job summary](${url})` : ''}${note}</sub>`,
    body: '',
    truncatable: false,
  };
}

/** A section shown collapsed: `summary` is the one line a reviewer sees. */
interface Collapsible extends Section {
  summary?: string;
}

/** One section per pipeline: its run, chart, local validations and data diff. */
function pipelineSection(view: PrReportView, name: string, diagram: string | undefined, budget: number): Collapsible {
  const run = view.report.runs?.find((r) => r.pipeline === name);
  const vs = localValidations(view, name);
  const diff = view.dataDiff?.pipelines.find((d) => d.pipeline === name);
  const parts: string[] = [];
  const ctx = { budget };
  const reasons = view.touched.find((t) => t.name === name)?.reasons ?? [];
  if (reasons.length)
    parts.push(
      `Touched by: ${reasons.slice(0, 10).map(escapeInline).join(', ')}${reasons.length > 10 ? `, … ${reasons.length - 10} more` : ''}`,
    );
  if (run) parts.push(runSection(run, ctx).body);
  if (diagram) parts.push(`**Chart**, coloured by the run\n\n${diagram}`);
  if (vs.length) parts.push(`**Validations**\n\n${validationsSection(vs, ctx).body}`);
  if (diff) parts.push(`**Data compared with ${codeSpan(view.dataDiff!.baseRef)}**\n\n${dataDiffMarkdown(diff)}`);
  const bits = [runCell(run), vs.length ? validationsCell(vs) : '', diff ? dataDiffSummary(diff) : ''].filter(Boolean);
  return {
    id: `pipeline:${name}`,
    heading: `### Pipeline ${codeSpan(name)}${run ? ` · run on ${codeSpan(run.env)}` : ''}`,
    body: parts.join('\n\n') || '_Not run._',
    summary: `${escapeHtml(name)}: ${escapeHtml(bits.join(' · '))}`,
  };
}

/** Every section of the PR report in reading order; `budget` caps table rendering. */
export function prSections(view: PrReportView, opts: { marker: boolean; budget?: number }): Collapsible[] {
  const budget = opts.budget ?? Infinity;
  const ctx = { budget };
  const { report } = view;
  const out: Collapsible[] = [headerSection(view, opts.marker)];
  for (const p of report.plans ?? [])
    out.push({ ...planSection(p, ctx), summary: `Plan for ${escapeHtml(p.env)}: ${planCounts(p)}` });
  const diagrams = pipelineDiagrams(view);
  for (const name of pipelineNames(view)) out.push(pipelineSection(view, name, diagrams.get(name), budget));
  const diag = diagnosticsSection(report, ctx);
  if (diag) {
    const c = reportCounts(report);
    out.push({ ...diag, summary: `Static checks: ${c.errors} error(s), ${c.warnings} warning(s)` });
  }
  // Validations on AWS environments (Athena, read-only): one section per environment.
  for (const [env, vs] of validationsByEnv(report)) {
    if (vs.every((v) => ranLocally(v, view.project))) continue;
    const sec = validationsSection(vs, ctx);
    const failed = vs.filter((v) => v.status !== 'pass').length;
    out.push({
      ...sec,
      id: `validations:${env}`,
      heading: `### Validations on ${codeSpan(env)} (Athena, read-only)`,
      summary: `Validations on ${escapeHtml(env)} (Athena, read-only): ${vs.length - failed} passed, ${failed} failed`,
    });
  }
  if (report.deploy)
    out.push({ ...deploySection(report.deploy, ctx), summary: `Deploy to ${escapeHtml(report.deploy.env)}` });
  const cost = costSection(report);
  if (cost) out.push({ ...cost, summary: 'Estimated AWS cost' });
  const skipped = skippedSection(report);
  if (skipped) out.push({ ...skipped, summary: `Skipped: ${report.skipped!.length} stage(s)` });
  out.push(footerSection(view));
  return out;
}

const OPEN = (summary: string) => `<details><summary>${summary}</summary>\n\n`;
const CLOSE = '\n\n</details>';

/** Wraps each collapsible section in <details> (after truncation, so the wrapper is never cut). */
function collapse(sections: Collapsible[]): Section[] {
  return sections.map((s) =>
    s.summary === undefined
      ? s
      : { ...s, heading: `${OPEN(s.summary)}${s.heading}`, body: s.body ? `${s.body}${CLOSE}` : CLOSE.trimStart() },
  );
}

/** Joined and within `maxLength`: the <details> wrappers are reserved before the bodies are cut. */
function renderWithin(sections: Collapsible[], maxLength: number, detailsUrl?: string): string {
  const wrap = sections.reduce((n, s) => n + (s.summary === undefined ? 0 : OPEN(s.summary).length + CLOSE.length), 0);
  const cut = truncateSections(sections, Math.max(0, maxLength - wrap), detailsUrl) as Collapsible[];
  const text = joinSections(collapse(cut.map((s, i) => ({ ...s, summary: sections[i]!.summary }))));
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

/** The sticky comment body: the marker first, at most `maxLength` characters. */
export function renderPrComment(view: PrReportView, maxLength: number = GITHUB_COMMENT_LIMIT): string {
  return renderWithin(prSections(view, { marker: true, budget: maxLength }), maxLength, runUrl(view.ctx));
}

/** The job summary: everything (the writer cuts only at the 1 MiB summary limit). */
export function renderPrSummary(view: PrReportView): string {
  return joinSections(collapse(prSections(view, { marker: false })));
}

/** The check run's title and summary (65,535 characters at most). */
export function checkRunOutput(view: PrReportView): { title: string; summary: string } {
  const failures = blockingFailures(view.report, view.project);
  const title = failures.length ? `${failures.length} problem(s): ${failures[0]}` : 'All lakeops checks passed';
  const max = 65535;
  return { title, summary: renderWithin(prSections(view, { marker: false, budget: max }), max, runUrl(view.ctx)) };
}

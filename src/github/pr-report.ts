// The pull request report: one Report (static checks, plans, local runs, local and Athena
// validations, cost) rendered by the Markdown reporter's sections, plus what only a PR shows: a
// verdict with the stage table, the pipelines the PR touches, and a Mermaid chart of each touched
// pipeline coloured by its run. Three outputs: the sticky comment (under GitHub's 65,536-character
// limit, largest sections cut first, with a link to the job summary), the job summary (everything),
// and the check run's output.
import type { Project } from '../model/project.js';
import {
  codeSpan,
  escapeInline,
  GITHUB_COMMENT_LIMIT,
  joinSections,
  markdownSections,
  truncateSections,
  validationsSection,
  type Section,
} from '../report/markdown.js';
import { mermaidBlock, pipelineMermaid } from '../report/mermaid.js';
import type { Report, ValidationResult } from '../report/model.js';
import { runUrl, type GitHubContext } from './context.js';
import { details, table } from './markdown.js';
import { blockingFailures, ranLocally, reportConclusion, reportCounts } from './outcome.js';
import { REPORT_MARKER } from './sticky-comment.js';
import type { TouchedPipeline } from './touched-pipelines.js';

export interface PrReportView {
  report: Report;
  project?: Project;
  touched: TouchedPipeline[];
  ctx: GitHubContext;
  /** Why AWS parts are missing (a fork, no plan job), shown under the verdict. */
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
      out.set(t.name, mermaidBlock(pipelineMermaid(view.project, pipeline, { run })));
    } catch (e) {
      out.set(t.name, `_No chart of ${t.name}: ${(e as Error).message}_`);
    }
  }
  return out;
}

function headerSection(view: PrReportView, withMarker: boolean): Section {
  const { report, ctx } = view;
  const conclusion = reportConclusion(report, view.project);
  const failures = blockingFailures(report, view.project);
  const c = reportCounts(report);
  const sha = (ctx.pullRequest?.headSha || ctx.sha).slice(0, 7);
  // Names and paths come from the pull request (a fork's too): escaped, so they cannot mention
  // people or inject markup.
  const lines = [
    conclusion === 'success'
      ? `All checks passed for ${codeSpan(sha)}.`
      : `**${failures.length} problem(s)** for ${codeSpan(sha)}: ${failures.slice(0, 6).map(escapeInline).join('; ')}${failures.length > 6 ? '; …' : ''}.`,
  ];
  const rows: unknown[][] = [];
  if (report.diagnostics) rows.push(['static checks', `${c.errors} error(s), ${c.warnings} warning(s)`]);
  for (const p of report.plans ?? []) {
    const n = p.changes.filter((x) => x.action !== 'noop').length;
    rows.push([`plan ${p.env}`, n ? `${n} change(s)` : 'no changes']);
  }
  if (report.runs?.length) rows.push(['runs', `${c.runsSucceeded} succeeded, ${c.runsFailed} failed`]);
  for (const [env, vs] of validationsByEnv(report))
    rows.push([
      `validations ${env}`,
      `${vs.filter((v) => v.status === 'pass').length} passed, ${vs.filter((v) => v.status !== 'pass').length} failed`,
    ]);
  for (const s of report.skipped ?? []) rows.push([s.stage, `skipped: ${s.reason}`]);
  if (rows.length) lines.push('', table(['stage', 'result'], rows));
  if (view.touched.length) {
    const list = view.touched.map(
      (t) =>
        `${codeSpan(t.name)} (${t.reasons.slice(0, 2).map(escapeInline).join(', ')}${t.reasons.length > 2 ? ', …' : ''})`,
    );
    lines.push('', `Pipelines this PR touches: ${list.join('; ')}.`);
  } else if (view.project) {
    lines.push('', 'This PR touches no pipeline: nothing to run locally.');
  }
  for (const n of view.awsNotes ?? []) lines.push('', `> ${n}`);
  const heading = `# ${conclusion === 'success' ? '✅' : '❌'} ${escapeInline(report.title)}`;
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

function validationsByEnv(report: Report): Map<string, ValidationResult[]> {
  const byEnv = new Map<string, ValidationResult[]>();
  for (const v of report.validations ?? []) {
    const env = v.env ?? report.env ?? 'local';
    byEnv.set(env, [...(byEnv.get(env) ?? []), v]);
  }
  return byEnv;
}

/** Every section of the PR report in reading order; `budget` caps table rendering. */
export function prSections(view: PrReportView, opts: { marker: boolean; budget?: number }): Section[] {
  const budget = opts.budget ?? Infinity;
  const diagrams = pipelineDiagrams(view);
  const graph = (name: string): Section => ({
    id: `graph:${name}`,
    heading: `## Pipeline ${codeSpan(name)}`,
    body: details('Mermaid chart, coloured by the run', diagrams.get(name)!, true),
  });
  const out: Section[] = [headerSection(view, opts.marker)];
  const drawn = new Set<string>();
  for (const s of markdownSections(view.report, { budget })) {
    if (s.id === 'title') continue;
    if (s.id === 'validations') {
      // One section per environment: local results judge the PR, Athena ones inform.
      for (const [env, vs] of validationsByEnv(view.report)) {
        const remote = vs.some((v) => !ranLocally(v, view.project));
        const sec = validationsSection(vs, { budget });
        out.push({
          ...sec,
          id: `validations:${env}`,
          heading: `## Validations on ${codeSpan(env)}${remote ? ' (Athena, read-only)' : ''}`,
        });
      }
      continue;
    }
    out.push(s);
    const run = /^run:([^:]+):/.exec(s.id);
    if (run && diagrams.has(run[1]!) && !drawn.has(run[1]!)) {
      out.push(graph(run[1]!));
      drawn.add(run[1]!);
    }
  }
  for (const name of diagrams.keys()) if (!drawn.has(name)) out.push(graph(name));
  out.push(footerSection(view));
  return out;
}

/** The sticky comment body: the marker first, at most `maxLength` characters. */
export function renderPrComment(view: PrReportView, maxLength: number = GITHUB_COMMENT_LIMIT): string {
  const sections = truncateSections(prSections(view, { marker: true, budget: maxLength }), maxLength, runUrl(view.ctx));
  const text = joinSections(sections);
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

/** The job summary: everything (the writer cuts only at the 1 MiB summary limit). */
export function renderPrSummary(view: PrReportView): string {
  return joinSections(prSections(view, { marker: false }));
}

/** The check run's title and summary (65,535 characters at most). */
export function checkRunOutput(view: PrReportView): { title: string; summary: string } {
  const failures = blockingFailures(view.report, view.project);
  const title = failures.length ? `${failures.length} problem(s): ${failures[0]}` : 'All lakeops checks passed';
  const max = 65535;
  const summary = joinSections(
    truncateSections(prSections(view, { marker: false, budget: max }), max, runUrl(view.ctx)),
  );
  return { title, summary: summary.slice(0, max) };
}

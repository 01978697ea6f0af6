// The Markdown reporter: one Report as GitHub-flavoured Markdown for sticky PR comments and job
// summaries. Sections render separately so truncateSections can keep the whole under a size
// limit (GitHub rejects comments over 65,536 characters) while every section header survives.
import { describeFieldDiff } from '../planner/render-diff.js';
import type {
  CostEstimate,
  DeployResult,
  PlanResult,
  Report,
  ResourceChange,
  RunResult,
  StepResult,
  ValidationResult,
} from './model.js';
import {
  blocksCheck,
  costTotal,
  formatBytes,
  formatDuration,
  formatUsd,
  formatValue,
  RUN_EMOJI,
  STEP_EMOJI,
  truncateText,
  validationEmoji,
  validationLabel,
  violationsText,
} from './format.js';

/** GitHub's limit on an issue or pull request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Keep the whole document at most this many characters (default: no limit). */
  maxLength?: number;
  /** Where the full report lives (a workflow run, an artifact); linked from truncated sections. */
  detailsUrl?: string;
}

export interface Section {
  id: string;
  /** The heading line ("## Validations"); always kept. */
  heading: string;
  body: string;
  /** False for parts that must stay whole (the title). */
  truncatable?: boolean;
}

const CELL_MAX = 300;

/**
 * Text safe inside a GFM table cell: pipes and backslashes escaped, HTML and Markdown markup
 * neutralised, newlines as <br>, and "@" defused so data never mentions a GitHub user.
 */
export function escapeCell(value: unknown, max = CELL_MAX): string {
  return truncateText(formatValue(value), max).split(/\r?\n/).map(escapeInline).join('<br>');
}

/** Inline text from data or messages, safe anywhere in a Markdown paragraph. */
export function escapeInline(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_`[\]~#])/g, '\\$1')
    .replace(/@/g, '&#64;')
    .replace(/\r?\n/g, ' ');
}

/** Text inside raw HTML (a <summary>), where Markdown escapes would show literally. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\r?\n/g, ' ');
}

/**
 * A code span for names and paths. Inside a code span Markdown escapes show literally, so only
 * what would end it is handled: the backtick fence grows past any backtick run, newlines become
 * spaces, and in table cells pipes are escaped (GFM splits cells before parsing code spans).
 */
export function codeSpan(value: unknown, opts: { inTable?: boolean; max?: number } = {}): string {
  let text = truncateText(formatValue(value), opts.max ?? CELL_MAX).replace(/\r?\n/g, ' ');
  if (opts.inTable) text = text.replace(/\|/g, '\\|');
  const ticks = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(ticks + 1);
  return ticks ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

export const codeCell = (value: unknown): string => codeSpan(value, { inTable: true });

/**
 * Text from an error message as a blockquote: it wraps on a narrow screen (a code block does not,
 * so the key part of a long message would be off to the right), keeps its line breaks, and is
 * escaped like any inline text. At most `max` characters.
 */
export function quoteBlock(text: string, max = 1500): string {
  return truncateText(text.replace(/\s+$/, ''), max)
    .split(/\r?\n/)
    .map((l) => `> ${escapeInline(l)}`)
    .join('\n');
}

/** The first error of a failed run: the first step that failed (or was caught), else the run's failure. */
export function firstRunError(run: RunResult): { state: string; text: string } | undefined {
  if (run.status === 'SUCCEEDED' || run.status === 'RUNNING') return undefined;
  const bad = (s: StepResult) => s.status === 'failed' || s.status === 'caught' || s.status === 'timed_out';
  const step = run.steps.find((s) => bad(s) && (s.error || s.cause)) ?? run.steps.find(bad);
  const f = run.failure;
  const stepText = step && [step.error, step.cause].filter(Boolean).join(': ');
  if (step && stepText) return { state: step.name, text: stepText };
  const failText = f && [f.error, f.errorMessage ?? f.cause].filter(Boolean).join(': ');
  return { state: f?.state ?? step?.name ?? '(run)', text: failText || `${step?.status ?? run.status.toLowerCase()}` };
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function codeBlock(text: string, lang = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/**
 * A GFM table of `items`. Rows stop once the table is longer than `budget` characters: a section
 * that long is cut to the size limit anyway, so rendering (and escaping) the rest would be waste.
 */
function table<T>(header: string[], items: readonly T[], toRow: (item: T) => string[], budget = Infinity): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [line(header), line(header.map(() => '---'))];
  let size = lines[0]!.length + lines[1]!.length;
  for (let i = 0; i < items.length; i++) {
    if (size > budget) {
      lines.push(`\n_… ${items.length - i} more row(s) not shown_`);
      break;
    }
    const l = line(toRow(items[i]!));
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n');
}

/** What section builders share: the character budget of the whole document. */
export interface RenderContext {
  budget: number;
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

// ------------------------------------------------------------------ sections

export function diagnosticsSection(report: Report, ctx: RenderContext): Section | undefined {
  const ds = report.diagnostics;
  if (!ds) return undefined;
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  if (ds.length === 0) return { id: 'checks', heading: '## Static checks', body: '✅ No problems found.' };
  const rows = table(
    ['', 'Location', 'Problem', 'Rule'],
    ds,
    (d) => [
      d.severity === 'error' ? '❌' : '⚠️',
      codeCell(`${d.file}:${d.line}:${d.column}`),
      escapeCell(d.message),
      escapeCell(d.rule),
    ],
    ctx.budget,
  );
  return {
    id: 'checks',
    heading: '## Static checks',
    body: `${errors ? '❌' : '⚠️'} ${errors} error(s), ${warnings} warning(s)\n\n${rows}`,
  };
}

const ACTION_EMOJI: Record<ResourceChange['action'], string> = {
  create: '🟢 create',
  update: '🟡 update',
  delete: '🔴 delete',
  noop: '⚪ no change',
  conflict: '⛔ conflict',
};

function diffText(c: ResourceChange): string {
  // Every changed field in full: short ones inline, long ones as a unified diff after the table.
  const parts = c.diffs.map((d) => {
    const t = describeFieldDiff(d);
    return `${escapeInline(t.path)}: ${t.inline !== undefined ? escapeInline(t.inline) : 'changed (diff below)'}`;
  });
  const notes = [c.drift ? '**drift**: changed outside lakeops' : '', c.reason ? escapeInline(c.reason) : ''].filter(
    Boolean,
  );
  return [...notes, ...parts].join('<br>');
}

export function planSection(plan: PlanResult, ctx: RenderContext): Section {
  const counts = new Map<string, number>();
  for (const c of plan.changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  const summary = (['create', 'update', 'delete', 'conflict', 'noop'] as const)
    .filter((a) => counts.get(a))
    .map((a) => `${counts.get(a)} to ${a === 'noop' ? 'keep' : a}`)
    .join(', ');
  const changed = plan.changes.filter((c) => c.action !== 'noop');
  const body = changed.length
    ? `${summary}\n\n${table(
        ['Action', 'Kind', 'Name', 'Pipeline', 'Changes'],
        changed,
        (c) => [ACTION_EMOJI[c.action], c.kind, codeCell(c.name), escapeCell(c.pipeline ?? ''), diffText(c)],
        ctx.budget,
      )}`
    : `No changes${summary ? ` (${summary})` : ''}.`;
  const details = changed.flatMap((c) =>
    c.diffs
      .map((d) => describeFieldDiff(d))
      .filter((t) => t.unified)
      .map(
        (t) =>
          `<details><summary>${escapeInline(`${c.kind} ${c.name}: ${t.path}`)}</summary>\n\n${codeBlock(t.unified!.join('\n'), 'diff')}\n</details>`,
      ),
  );
  if (details.length)
    return {
      id: `plan:${plan.env}`,
      heading: `## Plan for ${codeSpan(plan.env)} (${plan.target})`,
      body: `${body}\n\n${details.join('\n')}`,
    };
  return { id: `plan:${plan.env}`, heading: `## Plan for ${codeSpan(plan.env)} (${plan.target})`, body };
}

export function deploySection(d: DeployResult, ctx: RenderContext): Section {
  const lines = [
    `${d.failed.length ? '❌' : '✅'} ${d.applied.length} applied, ${d.failed.length} failed, ${d.skipped.length} skipped`,
  ];
  if (d.failed.length)
    lines.push(
      '',
      table(
        ['Kind', 'Name', 'Error'],
        d.failed,
        (f) => [escapeCell(f.kind), codeCell(f.name), escapeCell(`${f.code ? `${f.code}: ` : ''}${f.error}`)],
        ctx.budget,
      ),
    );
  return { id: 'deploy', heading: `## Deploy to ${codeSpan(d.env)}`, body: lines.join('\n') };
}

/** The last lines that fit in `budget` characters: in a log the newest lines matter most. */
function lastLinesWithin(lines: string[], budget: number): string {
  let size = 0;
  let i = lines.length;
  while (i > 0 && size + lines[i - 1]!.length + 1 <= budget) size += lines[--i]!.length + 1;
  return (i > 0 ? [`… ${i} earlier line(s) not shown`, ...lines.slice(i)] : lines).join('\n');
}

function rowsWrittenText(rw: Record<string, number> | undefined): string {
  if (!rw) return '';
  return Object.entries(rw)
    .map(([t, n]) => `${escapeInline(t)}: ${n.toLocaleString('en-US')}`)
    .join('<br>');
}

export function runSection(run: RunResult, ctx: RenderContext): Section {
  const head = [
    `${RUN_EMOJI[run.status]} **${run.status}**${run.durationMs !== undefined ? ` in ${formatDuration(run.durationMs)}` : ''}`,
    `${run.orchestration === 'stateMachine' ? 'execution' : 'workflow run'} ${codeSpan(run.executionName)}`,
    run.target === 'local' ? 'local target' : 'AWS',
  ].join(' · ');
  const parts = [head];
  if (run.steps.length) {
    parts.push(
      table(
        ['', 'Step', 'Type', 'Duration', 'Rows written', 'Notes'],
        run.steps,
        (s) => [
          STEP_EMOJI[s.status],
          escapeCell(s.name),
          escapeCell(s.type),
          formatDuration(s.durationMs ?? (s.waitedSeconds !== undefined ? s.waitedSeconds * 1000 : undefined)),
          rowsWrittenText(s.rowsWritten),
          escapeCell([s.error, s.runId ? `run ${s.runId}` : ''].filter(Boolean).join(' · ')),
        ],
        ctx.budget,
      ),
    );
  }
  const f = run.failure;
  if (f) {
    const lines = [`**Failed at ${codeSpan(f.state)}**${f.error ? `: ${codeSpan(f.error)}` : ''}`];
    if (f.jobName || f.jobRunId)
      lines.push(`Glue job ${codeSpan(f.jobName ?? '?')}, run ${codeSpan(f.jobRunId ?? '?')}`);
    // Quoted, not fenced: a fenced block does not wrap, and the key part of the message is cut off.
    if (f.errorMessage) lines.push('', quoteBlock(f.errorMessage, 4000));
    else if (f.cause) lines.push('', quoteBlock(f.cause, 4000));
    if (f.logTail?.length)
      lines.push(
        '',
        details(`Last ${f.logTail.length} lines of the error log`, codeBlock(lastLinesWithin(f.logTail, ctx.budget))),
      );
    parts.push(lines.join('\n'));
  }
  if (run.events?.length)
    parts.push(
      details(
        `${run.events.length} event(s) published`,
        table(
          ['Bus', 'Source', 'Detail type'],
          run.events,
          (e) => [escapeCell(e.bus), escapeCell(e.source), escapeCell(e.detailType)],
          ctx.budget,
        ),
      ),
    );
  return {
    id: `run:${run.pipeline}:${run.env}`,
    heading: `## Run: ${codeSpan(run.pipeline)} on ${codeSpan(run.env)}`,
    body: parts.join('\n\n'),
  };
}

function sampleRows(v: ValidationResult): string {
  if (!v.rows.length) return v.violationCount ? '_Rows not shown here._' : '';
  const cols = v.columns.length ? v.columns : Object.keys(v.rows[0] ?? {});
  const t = table(
    cols.map((c) => escapeCell(c)),
    v.rows,
    (r) => cols.map((c) => escapeCell(r[c])),
  );
  const more = v.violationCount - v.rows.length;
  return more > 0 ? `${t}\n\n… and ${more} more` : t;
}

export function validationsSection(vs: ValidationResult[], ctx: RenderContext = { budget: Infinity }): Section {
  const failing = vs.filter((v) => v.status !== 'pass');
  const errors = vs.filter(blocksCheck).length;
  const warns = failing.length - errors;
  const summary = `${errors ? '❌' : warns ? '⚠️' : '✅'} ${vs.length - failing.length} passed, ${errors} failed, ${warns} warning(s)`;
  const rows = table(
    ['', 'Validation', 'Severity', 'Violations', 'Query', 'Scanned'],
    vs,
    (v) => [
      validationEmoji(v),
      `${escapeCell(v.pipeline)} / **${escapeCell(v.name)}**`,
      v.severity,
      violationsText(v),
      codeCell(v.file),
      formatBytes(v.bytesScanned),
    ],
    ctx.budget,
  );
  const parts = [summary, rows];
  for (const v of failing) {
    const title = `${validationEmoji(v)} ${escapeHtml(v.pipeline)} / ${escapeHtml(v.name)}: ${
      v.status === 'error'
        ? 'query error'
        : `${v.violationCount} violating row(s)${v.truncated ? `, first ${v.rows.length} shown` : ''}`
    } (${validationLabel(v)})`;
    const where = `Declared at ${codeSpan(`pipelines/${v.pipeline}/pipeline.yaml${v.line ? `:${v.line}` : ''}`)}, query ${codeSpan(v.file)}`;
    const body =
      v.status === 'error' ? `${where}\n\n${quoteBlock(v.error ?? 'unknown error')}` : `${where}\n\n${sampleRows(v)}`;
    parts.push(details(title, body));
  }
  return { id: 'validations', heading: '## Validations', body: parts.join('\n\n') };
}

export function costSection(report: Report): Section | undefined {
  const rows: string[][] = [];
  let total = 0;
  let asOf: CostEstimate | undefined;
  for (const r of report.runs ?? []) {
    if (!r.cost) continue;
    asOf ??= r.cost;
    for (const i of r.cost.items)
      rows.push([
        escapeCell(`${r.pipeline}: ${i.what}`),
        `${i.quantity.toLocaleString('en-US')} ${i.unit}`,
        formatUsd(i.usd),
      ]);
    total += r.cost.totalUsd;
  }
  const vcosts = (report.validations ?? []).filter((v) => v.cost);
  if (vcosts.length) {
    asOf ??= vcosts[0]!.cost;
    const usd = costTotal(vcosts.map((v) => v.cost));
    const bytes = vcosts.reduce(
      (s, v) => s + v.cost!.items.reduce((b, i) => b + (i.unit === 'bytes' ? i.quantity : 0), 0),
      0,
    );
    rows.push([
      `Athena: ${vcosts.length} validation quer${vcosts.length === 1 ? 'y' : 'ies'} (10 MB minimum each)`,
      `${formatBytes(bytes)} billed`,
      formatUsd(usd),
    ]);
    total += usd;
  }
  if (!rows.length || !asOf) return undefined;
  rows.push(['**Total**', '', `**${formatUsd(total)}**`]);
  return {
    id: 'cost',
    heading: '## Estimated AWS cost',
    body: `${table(['What', 'Quantity', 'USD'], rows, (r) => r)}\n\n_List prices for ${asOf.region} as of ${asOf.pricesAsOf}; estimates, not a bill._`,
  };
}

export function skippedSection(report: Report): Section | undefined {
  if (!report.skipped?.length) return undefined;
  return {
    id: 'skipped',
    heading: '## Skipped',
    body: report.skipped.map((s) => `- ⏭️ **${escapeInline(s.stage)}**: ${escapeInline(s.reason)}`).join('\n'),
  };
}

/** The report as sections, in display order; each can be truncated on its own. */
export function markdownSections(report: Report, opts: { budget?: number } = {}): Section[] {
  const ctx: RenderContext = { budget: opts.budget ?? Infinity };
  const sections: (Section | undefined)[] = [
    {
      id: 'title',
      heading: `# ${escapeInline(report.title)}`,
      body: report.env ? `Environment ${codeSpan(report.env)}` : '',
      truncatable: false,
    },
    diagnosticsSection(report, ctx),
    ...(report.plans ?? []).map((p) => planSection(p, ctx)),
    report.deploy && deploySection(report.deploy, ctx),
    ...(report.runs ?? []).map((r) => runSection(r, ctx)),
    report.validations && report.validations.length ? validationsSection(report.validations, ctx) : undefined,
    costSection(report),
    skippedSection(report),
  ];
  return sections.filter((s): s is Section => Boolean(s));
}

export function joinSections(sections: Section[]): string {
  return sections.map((s) => (s.body ? `${s.heading}\n\n${s.body}` : s.heading)).join('\n\n') + '\n';
}

// ------------------------------------------------------------------ truncation

function truncationNote(detailsUrl?: string): string {
  return detailsUrl
    ? `_… truncated to fit; [see the full report](${detailsUrl})._`
    : '_… truncated to fit the size limit._';
}

/** What a cut leaves open: an unclosed code fence and <details> blocks, as the lines that close them. */
function closersFor(text: string): string[] {
  let fence: string | undefined;
  let details = 0;
  for (const line of text.split('\n')) {
    if (fence) {
      // Inside a fence only a line of at least as many backticks (and nothing else) closes it.
      if (new RegExp(`^\`{${fence.length},}\\s*$`).test(line)) fence = undefined;
      continue;
    }
    const open = /^(`{3,})/.exec(line);
    if (open) fence = open[1];
    details += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  return [...(fence ? [fence] : []), ...Array.from({ length: Math.max(0, details) }, () => '\n</details>')];
}

/**
 * Cuts a section body to at most `limit` characters at a line boundary, closes any code fence or
 * <details> block the cut leaves open, and ends it with `note`.
 */
export function cutBody(body: string, limit: number, note: string): string {
  if (body.length <= limit) return body;
  let budget = limit - note.length - 2;
  while (budget > 0) {
    const head = body.slice(0, budget);
    const nl = head.lastIndexOf('\n');
    const text = nl > 0 ? head.slice(0, nl) : '';
    const out = [text, ...closersFor(text)].join('\n').replace(/^\n+|\n+$/g, '');
    const withNote = out ? `${out}\n\n${note}` : note;
    if (withNote.length <= limit) return withNote;
    budget -= withNote.length - limit;
  }
  return note.length <= limit ? note : '';
}

const sectionLength = (s: Section) => (s.body ? s.heading.length + 2 + s.body.length : s.heading.length);

/**
 * Keeps the joined document within `maxLength` by cutting the largest sections first: every
 * section longer than a common level is cut to that level (the level is the highest that fits),
 * so small sections stay whole and every heading stays. Pure: returns new sections.
 */
export function truncateSections(sections: Section[], maxLength: number, detailsUrl?: string): Section[] {
  if (joinSections(sections).length <= maxLength) return sections;
  const note = truncationNote(detailsUrl);
  // The smallest a truncatable section can get: its heading and the note.
  const minLen = (s: Section) => (s.truncatable === false ? sectionLength(s) : s.heading.length + 2 + note.length);
  // Sections are joined by blank lines and the document ends with a newline.
  const overhead = 2 * (sections.length - 1) + 1;
  const fits = (level: number) =>
    sections.reduce(
      (n, s) =>
        n + (s.truncatable === false ? sectionLength(s) : Math.min(sectionLength(s), Math.max(level, minLen(s)))),
      overhead,
    ) <= maxLength;
  let lo = 0;
  let hi = Math.max(...sections.map(sectionLength));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  let out = sections.map((s) => {
    if (s.truncatable === false || sectionLength(s) <= Math.max(lo, minLen(s))) return s;
    const limit = Math.max(lo, minLen(s)) - s.heading.length - 2;
    return { ...s, body: cutBody(s.body, limit, note) };
  });
  // Headings alone can exceed a tiny limit; then drop bodies from the end, keeping headings.
  for (let i = out.length - 1; i >= 0 && joinSections(out).length > maxLength; i--)
    if (out[i]!.truncatable !== false) out = out.map((s, j) => (j === i ? { ...s, body: '' } : s));
  return out;
}

/** The whole report as Markdown, within opts.maxLength when given. */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  let sections = markdownSections(report, { budget: opts.maxLength });
  if (opts.maxLength !== undefined) sections = truncateSections(sections, opts.maxLength, opts.detailsUrl);
  const text = joinSections(sections);
  // A last guard for limits smaller than the headings themselves.
  return opts.maxLength !== undefined && text.length > opts.maxLength ? text.slice(0, opts.maxLength) : text;
}

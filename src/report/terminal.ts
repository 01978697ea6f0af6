// Terminal output: live progress lines while a run goes, and plain summaries after.
// (On a TTY a redraw-in-place view can replace the line printer; in CI plain lines are right.)
// cli-table3: aligned columns that measure emoji and wide characters correctly.
import { describeFieldDiff, fieldDiffLines } from '../planner/render-diff.js';
import Table from 'cli-table3';
// picocolors: colour only when the stream supports it (NO_COLOR, FORCE_COLOR, CI are honoured).
import pc from 'picocolors';
import type {
  CostEstimate,
  PlanResult,
  ProgressSink,
  RunFailure,
  RunResult,
  StepResult,
  ValidationResult,
} from './model.js';
import {
  blocksCheck,
  formatBytes,
  formatDuration,
  formatUsd,
  formatValue,
  RUN_EMOJI,
  truncateText,
  validationLabel,
  violationsText,
} from './format.js';

/** Terminal width the text output is made to fit (the issue's 100 columns; wider terminals keep it). */
export const TERMINAL_WIDTH = 100;

/**
 * A run id short enough for a table cell: Glue job run ids are "jr_" and 64 hex digits, execution
 * ARNs are longer still. The full id stays in `--json` and the history file.
 */
export function shortId(id: string, max = 14): string {
  if (id.length <= max) return id;
  const arnName = /^arn:aws[\w-]*:states:[^:]*:[^:]*:execution:[^:]+:(.+)$/.exec(id)?.[1];
  if (arnName && arnName.length <= max) return arnName;
  return id.slice(0, max - 1) + '…';
}

/**
 * An error's cause as one readable line. Causes are often JSON (a Glue JobRun, a Lambda error
 * payload): the message field is picked out; otherwise the first line of the text.
 */
export function readableCause(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  const text = cause.trim();
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      for (const k of ['ErrorMessage', 'errorMessage', 'message', 'Message', 'Cause', 'cause', 'error', 'Error'])
        if (typeof o[k] === 'string' && o[k]) return readableCause(o[k] as string);
    } catch {
      // not JSON after all: fall through to the first line
    }
  }
  return (
    text
      .split(/\r?\n/)
      .find((l) => l.trim())
      ?.trim() ?? text
  );
}

/** One line, cut to the width with an ellipsis. */
export function fitLine(s: string, width = TERMINAL_WIDTH): string {
  return truncateText(s, width);
}

/** One finished step as a plain line (CI logs); its error and cause come from job logs, so made safe. */
export function stepLine(s: StepResult): string {
  const rows = s.rowsWritten
    ? ' ' +
      Object.entries(s.rowsWritten)
        .map(([t, n]) => `${t}: ${n} rows`)
        .join(', ')
    : '';
  const cause = readableCause(s.cause);
  const err = s.error ? ` — ${s.error}${cause ? `: ${cause}` : ''}` : '';
  return safeText(`${s.status.padEnd(9)} ${s.name} (${s.type}) ${formatDuration(s.durationMs)}${rows}${err}`);
}

export function lineProgress(out: NodeJS.WritableStream = process.stderr): ProgressSink {
  return {
    stepStarted: (s) => out.write(`  ▶ ${s.name} (${s.type})\n`),
    stepEnded: (s) =>
      out.write(
        fitLine(`  ${s.status === 'succeeded' ? '✓' : s.status === 'failed' ? '✗' : '•'} ${stepLine(s)}`) + '\n',
      ),
    info: (m) => out.write(`  ${m}\n`),
  };
}

// ------------------------------------------------------------------ summaries

export interface TerminalOptions {
  /** Colour the output (default: when stdout supports it). */
  color?: boolean;
  /** Sample rows shown per failing validation (default: all the result holds). */
  maxRows?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

/** Data and log text with control characters made visible, so they cannot drive the terminal. */
export function safeText(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** One line of a table cell: newlines shown as ↵. */
const cellText = (s: string, max: number) => truncateText(safeText(s).replace(/\r?\n/g, '↵'), max);
const colors = (o: TerminalOptions): Colors => pc.createColors(o.color ?? pc.isColorSupported);

/** A borderless table: columns separated by two spaces, a rule under the header. */
function grid(head: string[], rows: string[][], c: Colors): string {
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '  ',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** One-character mark per step status, shared by the summaries and the live view. */
export const STEP_MARK: Record<StepResult['status'], string> = {
  succeeded: '✓',
  failed: '✗',
  caught: '!',
  running: '…',
  skipped: '-',
  cancelled: '■',
  timed_out: '⌛',
};

function statusColor(c: Colors, status: string): (s: string) => string {
  if (/^(succeeded|SUCCEEDED|pass)$/.test(status)) return c.green;
  if (/^(failed|FAILED|fail|error|timed_out|TIMED_OUT)$/.test(status)) return c.red;
  if (/^(caught|warn|RUNNING|running|ABORTED|cancelled)$/.test(status)) return c.yellow;
  return (s) => s;
}

/**
 * The failure as one readable line (state, error, message) and then its detail: the Glue job run,
 * the full message or cause when the headline had to shorten it, and the log tail.
 */
export function renderFailure(f: RunFailure, opts: TerminalOptions = {}): string {
  const c = colors(opts);
  const message = readableCause(f.errorMessage ?? f.cause);
  const headline = safeText(
    `Failed at "${f.state}"` + (f.error ? `: ${f.error}` : '') + (message ? ` — ${message}` : ''),
  );
  const lines = [c.red(c.bold(fitLine(headline)))];
  if (f.jobName || f.jobRunId) lines.push(`  Glue job ${f.jobName ?? '?'}, run ${f.jobRunId ?? '?'}`);
  const full = f.errorMessage ?? f.cause;
  if (full && (headline.length > TERMINAL_WIDTH || full.trim() !== message)) {
    // The detail, wrapped to the width: a JSON cause is shown indented, one field per line.
    let detail = full;
    try {
      if (full.trim().startsWith('{')) detail = JSON.stringify(JSON.parse(full), null, 2);
    } catch {
      // not JSON: shown as it is
    }
    const detailLines = safeText(truncateText(detail, 2000)).split(/\r?\n/);
    // Shown whole, never cut: a path or message must stay copyable (the terminal soft-wraps it).
    for (const l of detailLines.slice(0, 30)) lines.push(c.dim(`  ${l}`));
    if (detailLines.length > 30) lines.push(c.dim(`  … ${detailLines.length - 30} more line(s) in --json`));
  }
  if (f.logTail?.length) {
    lines.push(c.dim(`  --- last ${f.logTail.length} lines of the error log ---`));
    for (const l of f.logTail) lines.push(`  ${c.dim('│')} ${safeText(l)}`);
  }
  return lines.join('\n');
}

export function renderCost(cost: CostEstimate | undefined, opts: TerminalOptions = {}): string {
  if (!cost || cost.items.length === 0) return '';
  const c = colors(opts);
  const rows = cost.items.map((i) => [i.what, `${i.quantity.toLocaleString('en-US')} ${i.unit}`, formatUsd(i.usd)]);
  rows.push([c.bold('total'), '', c.bold(formatUsd(cost.totalUsd))]);
  return `${grid(['cost', 'quantity', 'USD'], rows, c)}\n  ${c.dim(`(estimate: ${cost.region} list prices as of ${cost.pricesAsOf})`)}`;
}

/** Total rows a step wrote (its per-table counts are listed under the table as "Rows written"). */
function rowsCell(s: StepResult): string {
  if (!s.rowsWritten) return '';
  const total = Object.values(s.rowsWritten).reduce((a, b) => a + b, 0);
  return total.toLocaleString('en-US');
}

/**
 * The run summary, made to fit 100 columns: the step table carries short run ids and the error
 * name; the failure below it has the readable message; full ids and causes are in `--json`.
 */
export function renderRunSummary(run: RunResult, opts: TerminalOptions = {}): string {
  const c = colors(opts);
  const color = statusColor(c, run.status);
  const head =
    `${RUN_EMOJI[run.status]} ${c.bold(run.pipeline)} on ${run.env} (${run.target}): ${color(c.bold(run.status))}` +
    (run.durationMs !== undefined ? ` in ${formatDuration(run.durationMs)}` : '') +
    `\n  ${run.orchestration === 'stateMachine' ? 'execution' : 'workflow run'} ${safeText(run.executionName)}`;
  const parts = [head];
  if (run.steps.length) {
    const rows = run.steps.map((s) => [
      statusColor(c, s.status)(`${STEP_MARK[s.status]} ${s.status}`),
      cellText(s.name, 23),
      cellText(s.type, 9),
      formatDuration(s.durationMs ?? (s.waitedSeconds !== undefined ? s.waitedSeconds * 1000 : undefined)),
      rowsCell(s),
      // status 11 + step 23 + type 9 + duration 8 + rows 9 + margins 12 leaves 27 for the notes.
      cellText([s.error, s.runId && shortId(s.runId)].filter(Boolean).join(' · '), 27),
    ]);
    parts.push(grid(['status', 'step', 'type', 'duration', 'rows', 'notes'], rows, c));
  }
  if (run.failure) parts.push(renderFailure(run.failure, opts));
  const cost = renderCost(run.cost, opts);
  if (cost) parts.push(cost);
  return parts.join('\n\n');
}

function sampleTable(v: ValidationResult, c: Colors, maxRows?: number): string {
  const cols = v.columns.length ? v.columns : Object.keys(v.rows[0] ?? {});
  const shown = v.rows.slice(0, maxRows ?? v.rows.length);
  const t = grid(
    cols,
    shown.map((r) => cols.map((k) => cellText(formatValue(r[k]), 40))),
    c,
  );
  const more = v.violationCount - shown.length;
  return more > 0 ? `${t}\n  … and ${more} more` : t;
}

export function renderValidations(vs: ValidationResult[], opts: TerminalOptions = {}): string {
  const c = colors(opts);
  if (vs.length === 0) return 'no validations declared for the selected pipelines';
  // Fits 100 columns: the query file of a failing one is named in its detail below the table.
  const rows = vs.map((v) => [
    statusColor(c, validationLabel(v))(validationLabel(v)),
    cellText(`${v.pipeline}/${v.name}`, 48),
    v.severity,
    violationsText(v),
    formatBytes(v.bytesScanned),
    formatDuration(v.durationMs),
  ]);
  const parts = [grid(['result', 'validation', 'severity', 'violations', 'scanned', 'took'], rows, c)];
  for (const v of vs.filter((x) => x.status !== 'pass')) {
    const where = `pipelines/${v.pipeline}/pipeline.yaml${v.line ? `:${v.line}` : ''}`;
    const title = statusColor(
      c,
      validationLabel(v),
    )(
      `${validationLabel(v).toUpperCase()} ${v.pipeline}/${v.name}` +
        (v.status === 'error' ? ': query error' : `: ${v.violationCount} violating row(s)`),
    );
    const body = v.status === 'error' ? `  ${safeText(v.error ?? 'unknown error')}` : sampleTable(v, c, opts.maxRows);
    parts.push(`${title}  ${c.dim(`(${v.file}, declared at ${where})`)}\n${body}`);
  }
  const failed = vs.filter((v) => v.status !== 'pass');
  const blocking = failed.filter(blocksCheck).length;
  parts.push(
    `${vs.length - failed.length} passed, ${blocking} failed, ${failed.length - blocking} warning(s)` +
      (failed.length - blocking > 0 && blocking === 0 ? c.dim(' (warnings do not fail the check)') : ''),
  );
  return parts.join('\n\n');
}

const ACTION_MARK: Record<string, string> = { create: '+', update: '~', delete: '-', noop: '=', conflict: '!' };

export function renderPlan(plan: PlanResult, opts: TerminalOptions = {}): string {
  const c = colors(opts);
  const changed = plan.changes.filter((x) => x.action !== 'noop');
  const head = `plan for ${c.bold(plan.env)} (${plan.target}): ${changed.length} change(s), ${plan.changes.length - changed.length} unchanged`;
  if (!changed.length) return head;
  const paint = (a: string) => (a === 'create' ? c.green : a === 'delete' || a === 'conflict' ? c.red : c.yellow);
  const rows = changed.map((x) => [
    paint(x.action)(`${ACTION_MARK[x.action]} ${x.action}`),
    x.kind,
    x.name,
    x.pipeline ?? '',
    [
      x.drift ? 'drift' : '',
      x.reason ?? '',
      // Every changed field, in full: short ones here, long ones as a unified diff below the table.
      ...x.diffs.map((d) => {
        const t = describeFieldDiff(d);
        return t.inline !== undefined ? `${t.path}: ${t.inline}` : `${t.path}: changed (diff below)`;
      }),
    ]
      .filter(Boolean)
      .join('\n'),
  ]);
  const details = changed.flatMap((x) => {
    const long = x.diffs.filter((d) => describeFieldDiff(d).unified);
    if (!long.length) return [];
    const lines = long.flatMap((d) => fieldDiffLines(d, { add: c.green, del: c.red }));
    return [`${ACTION_MARK[x.action]} ${x.kind} ${x.name}`, ...lines.map((l) => `  ${safeText(l)}`)];
  });
  return `${head}\n${grid(['action', 'kind', 'name', 'pipeline', 'changes'], rows, c)}${details.length ? `\n\n${details.join('\n')}` : ''}`;
}

// The data diff as Markdown: one line per pipeline for the summary table, and per output table the
// row counts, schema changes, rows added/removed/changed by key with a sample, and numeric shifts.
import { codeSpan, escapeCell, escapeInline } from '../report/markdown.js';
import type { NumericStats, PipelineDataDiff, Row, TableDiff } from './model.js';

const n = (x: number) => x.toLocaleString('en-US');
const signed = (x: number) => (x > 0 ? `+${n(x)}` : x < 0 ? `−${n(-x)}` : '±0');

function rowsDelta(t: TableDiff): string {
  if (t.baseRows === null && t.headRows === null) return 'no rows on either side';
  if (t.baseRows === null) return `new: ${n(t.headRows!)} rows`;
  if (t.headRows === null) return `gone (was ${n(t.baseRows)} rows)`;
  return `${n(t.baseRows)} → ${n(t.headRows)} rows (${signed(t.headRows - t.baseRows)})`;
}

function isSame(t: TableDiff): boolean {
  return !t.schema.length && !t.added && !t.removed && !t.changed && !t.numeric.length && t.baseRows === t.headRows;
}

/** One cell for the summary table: "no change", or what changed in how many tables. */
export function dataDiffSummary(d: PipelineDataDiff): string {
  if (d.status === 'failed') return '⚠️ not compared';
  const changed = d.tables.filter((t) => !isSame(t));
  if (!d.tables.length) return 'no outputs';
  if (!changed.length) return `no change (${d.tables.length} table(s))`;
  const t = changed[0]!;
  const first = `${escapeInline(t.table.split('.').pop() ?? t.table)}: ${
    t.baseRows !== null && t.headRows !== null
      ? `${signed(t.headRows - t.baseRows)} rows, +${n(t.added)}/−${n(t.removed)}/~${n(t.changed)}`
      : rowsDelta(t)
  }${t.schema.length ? `, ${t.schema.length} column change(s)` : ''}`;
  return changed.length > 1 ? `${first}; ${changed.length - 1} more table(s) changed` : first;
}

function statsText(s: NumericStats): string {
  const f = (x: number | null) => (x === null ? '∅' : Number.isInteger(x) ? n(x) : x.toPrecision(4));
  return `min ${f(s.min)}, median ${f(s.median)}, mean ${f(s.mean)}, max ${f(s.max)}, sum ${f(s.sum)}${s.nulls ? `, ${n(s.nulls)} null` : ''}`;
}

function rowsTable(rows: Row[], label: string): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]!);
  return [
    `| ${['', ...cols].map((c) => escapeCell(c)).join(' | ')} |`,
    `| ${['', ...cols].map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${[label, ...cols.map((c) => escapeCell(r[c]))].join(' | ')} |`),
  ].join('\n');
}

function tableMarkdown(t: TableDiff): string {
  const lines = [`**${codeSpan(t.table)}**: ${rowsDelta(t)}`];
  if (isSame(t)) return `${lines[0]}, identical.`;
  const by = t.key.length ? `by key (${t.key.map((k) => codeSpan(k)).join(', ')})` : 'whole rows (no unique key)';
  lines.push(
    `- rows ${by}: ${n(t.added)} added, ${n(t.removed)} removed, ${n(t.changed)} changed, ${n(t.unchanged)} unchanged`,
  );
  for (const c of t.schema)
    lines.push(
      `- column ${codeSpan(c.column)} ${c.change}${
        c.change === 'retyped'
          ? `: ${escapeInline(c.baseType ?? '')} → ${escapeInline(c.headType ?? '')}`
          : c.change === 'added'
            ? ` (${escapeInline(c.headType ?? '')})`
            : ` (was ${escapeInline(c.baseType ?? '')})`
      }`,
    );
  for (const s of t.numeric)
    lines.push(`- ${codeSpan(s.column)}: ${escapeInline(statsText(s.base))} → ${escapeInline(statsText(s.head))}`);
  if (t.sample.added.length)
    lines.push('', `Added (first ${t.sample.added.length}):`, '', rowsTable(t.sample.added, '➕'));
  if (t.sample.removed.length)
    lines.push('', `Removed (first ${t.sample.removed.length}):`, '', rowsTable(t.sample.removed, '➖'));
  if (t.sample.changed.length) {
    const cols = Object.keys(t.sample.changed[0]!.head);
    const head = ['', ...cols];
    lines.push(
      '',
      `Changed (first ${t.sample.changed.length}, base then head):`,
      '',
      `| ${head.map((c) => escapeCell(c)).join(' | ')} |`,
      `| ${head.map(() => '---').join(' | ')} |`,
      ...t.sample.changed.flatMap((c) => [
        `| base | ${cols.map((k) => escapeCell(c.base[k])).join(' | ')} |`,
        `| head | ${cols.map((k) => (c.base[k] === c.head[k] ? escapeCell(c.head[k]) : `**${escapeCell(c.head[k])}**`)).join(' | ')} |`,
      ]),
    );
  }
  return lines.join('\n');
}

/** The diff of one pipeline's outputs. */
export function dataDiffMarkdown(d: PipelineDataDiff): string {
  if (d.status === 'failed') return `⚠️ Not compared: ${escapeInline(d.error ?? 'unknown error')}`;
  if (!d.tables.length) return 'The pipeline declares no SQL job outputs to compare.';
  const input = d.input !== undefined ? `Same run input on both sides: ${codeSpan(JSON.stringify(d.input))}\n\n` : '';
  return input + d.tables.map(tableMarkdown).join('\n\n');
}

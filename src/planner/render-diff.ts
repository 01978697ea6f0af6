// How one changed field reads in a plan: short values inline and in full ("path: before → after"),
// long or multi-line ones as a unified diff (jsdiff) of the pretty-printed values, where every
// changed line shows in full and only unchanged context is shortened (3 lines around each change,
// long context lines cut). Nothing a reviewer must see is ever cut.
import { structuredPatch } from 'diff'; // jsdiff: line diff and hunks, the same algorithm as `diff -u`
import type { FieldDiff } from '../report/model.js';

/** Values up to this long, on one line, are shown inline. */
export const INLINE_MAX = 80;
/** Unchanged context lines are cut to this many characters. */
export const CONTEXT_LINE_MAX = 100;
const CONTEXT_LINES = 3;

export interface FieldChangeText {
  path: string;
  /** "before → after", both in full, for short values. */
  inline?: string;
  /** Unified diff lines ("@@ ... @@", " context", "-removed", "+added") for long values. */
  unified?: string[];
}

/** A value as a reviewer reads it: strings as their text (SQL, JSON text), the rest as pretty JSON. */
export function prettyValue(v: unknown): string {
  if (v === undefined) return '∅';
  if (typeof v === 'string') {
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2);
      } catch {
        // not JSON after all: the text as is
      }
    }
    return v;
  }
  return JSON.stringify(v, null, 2) ?? String(v);
}

const oneLine = (v: unknown) => (v === undefined ? '∅' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

export function describeFieldDiff(d: FieldDiff): FieldChangeText {
  const path = d.path || '(whole)';
  const before = oneLine(d.before);
  const after = oneLine(d.after);
  if (before.length <= INLINE_MAX && after.length <= INLINE_MAX) return { path, inline: `${before} → ${after}` };
  const a = prettyValue(d.before);
  const b = prettyValue(d.after);
  const patch = structuredPatch('before', 'after', ensureNewline(a), ensureNewline(b), '', '', {
    context: CONTEXT_LINES,
  });
  const unified: string[] = [];
  for (const h of patch.hunks) {
    unified.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const line of h.lines) {
      if (line.startsWith('\\')) continue; // "\ No newline at end of file"
      unified.push(
        line.startsWith(' ') && line.length > CONTEXT_LINE_MAX ? `${line.slice(0, CONTEXT_LINE_MAX - 1)}…` : line,
      );
    }
  }
  return { path, unified };
}

const ensureNewline = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);

/** Plain-text lines of a field change (terminal): inline, or the path then the indented diff. */
export function fieldDiffLines(
  d: FieldDiff,
  paint: { add(s: string): string; del(s: string): string } = plain,
): string[] {
  const t = describeFieldDiff(d);
  if (t.inline !== undefined) return [`${t.path}: ${t.inline}`];
  return [
    `${t.path}:`,
    ...t.unified!.map((l) => `  ${l.startsWith('+') ? paint.add(l) : l.startsWith('-') ? paint.del(l) : l}`),
  ];
}

const plain = { add: (s: string) => s, del: (s: string) => s };

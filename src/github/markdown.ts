// Small Markdown helpers for GitHub surfaces (comments, job summaries, check runs, issues), and the
// composer that fits titled sections under a character limit by cutting the largest ones first.

/** Text safe inside a Markdown table cell: no pipes or newlines breaking the row. */
export function cell(value: unknown, max = 120): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

export function table(headers: string[], rows: unknown[][]): string {
  const head = `| ${headers.map((h) => cell(h)).join(' | ')} |`;
  const sep = `| ${headers.map(() => '---').join(' | ')} |`;
  return [head, sep, ...rows.map((r) => `| ${r.map((c) => cell(c)).join(' | ')} |`)].join('\n');
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function usd(n: number): string {
  return n < 0.01 && n > 0 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export interface Section {
  /** Markdown heading text (rendered as ###). */
  title: string;
  body: string;
}

export interface ComposeOptions {
  /** Hard limit on the whole text, in characters. */
  maxLength: number;
  /** Where the full report is (the job summary), linked from every cut. */
  detailsUrl?: string;
}

function cutNote(detailsUrl?: string): string {
  return detailsUrl
    ? `\n\n> ✂️ Cut to fit; the full report is in the [job summary](${detailsUrl}).`
    : '\n\n> ✂️ Cut to fit; the full report is in the job summary of this workflow run.';
}

/** Cuts text at a line boundary to at most `max` characters, closing an open code fence. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max));
  const nl = cut.lastIndexOf('\n');
  if (nl > max / 2) cut = cut.slice(0, nl);
  // An odd number of ``` fences means one is still open; close it so the rest renders.
  const fences = (cut.match(/^```/gm) ?? []).length;
  if (fences % 2 === 1) cut += '\n```';
  const opened = (cut.match(/<details/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < opened; i++) cut += '\n\n</details>';
  return cut;
}

/**
 * Joins header, sections and footer; while the text is over `maxLength`, the largest section is
 * cut (keeping its title and a note pointing to the full report). Sections cut to nothing are
 * dropped with a line saying so. The result is always at most `maxLength` characters.
 */
export function composeSections(header: string, sections: Section[], footer: string, opts: ComposeOptions): string {
  const note = cutNote(opts.detailsUrl);
  const bodies = sections.map((s) => s.body);
  const render = () =>
    [header, ...sections.map((s, i) => (bodies[i] === null ? '' : `### ${s.title}\n\n${bodies[i]}`)).filter(Boolean), footer]
      .filter(Boolean)
      .join('\n\n');
  let text = render();
  const cut = new Set<number>();
  for (let guard = 0; text.length > opts.maxLength && guard < sections.length * 4; guard++) {
    // The largest section gives up what the text is over by (plus room for its note).
    let largest = -1;
    for (let i = 0; i < bodies.length; i++) if (largest < 0 || bodies[i]!.length > bodies[largest]!.length) largest = i;
    if (largest < 0 || bodies[largest]!.length === 0) break;
    const over = text.length - opts.maxLength;
    const base = cut.has(largest) ? bodies[largest]!.slice(0, -note.length) : bodies[largest]!;
    const keep = base.length - over - note.length - 64;
    bodies[largest] = keep > 200 ? cutAt(base, keep) + note : `_Left out to fit._${note}`;
    cut.add(largest);
    text = render();
  }
  if (text.length > opts.maxLength) text = cutAt(text, opts.maxLength - note.length) + note;
  return text.length > opts.maxLength ? text.slice(0, opts.maxLength) : text;
}

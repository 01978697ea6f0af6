// Sample files a pipeline lands for local runs (generator: file) must be readable data of their
// format, or the local crawler and jobs fail on them at run time: CSV rows with the header's
// number of fields, JSON Lines with one JSON value per line. One bad file is its own diagnostics
// (at its line); the other files are still checked.
import type { Diagnostic } from '../model/diagnostics.js';
import type { ValidationContext } from './context.js';

/** Fields of one CSV line (RFC 4180 quoting); undefined while a quoted field is still open. */
function csvFields(line: string): number | undefined {
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields++;
  }
  return quoted ? undefined : fields;
}

function checkCsv(file: string, text: string): Diagnostic[] {
  const lines = text.split(/\r?\n/);
  const header = csvFields(lines[0] ?? '');
  if (!header)
    return [
      { file, line: 1, column: 1, severity: 'error', message: 'CSV header has an unclosed quote', rule: 'sample-data' },
    ];
  const out: Diagnostic[] = [];
  for (let i = 1; i < lines.length && out.length < 5; i++) {
    if (lines[i] === '') continue;
    const n = csvFields(lines[i]!);
    if (n !== header)
      out.push({
        file,
        line: i + 1,
        column: 1,
        severity: 'error',
        message:
          n === undefined
            ? 'CSV row has an unclosed quote; close it (a quote inside a field is written "")'
            : `CSV row has ${n} field(s) but the header has ${header}; fix the row (quote fields that hold commas)`,
        rule: 'sample-data',
      });
  }
  return out;
}

function checkJsonLines(file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && out.length < 5; i++) {
    if (lines[i]!.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(lines[i]!);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('a row must be a JSON object');
    } catch (e) {
      out.push({
        file,
        line: i + 1,
        column: 1,
        severity: 'error',
        message: `not a JSON Lines row: ${(e as Error).message}; write one JSON object per line`,
        rule: 'sample-data',
      });
    }
  }
  return out;
}

export function checkSamples(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const p of ctx.project.pipelines)
    for (const s of p.config.sample ?? []) {
      if (s.generator !== 'file' || !s.file || seen.has(s.file)) continue;
      seen.add(s.file);
      const text = ctx.readText(s.file);
      if (text === undefined) continue; // missing or refused: reported elsewhere
      const format = s.format ?? (/\.csv$/i.test(s.file) ? 'csv' : /\.jsonl?$/i.test(s.file) ? 'json' : undefined);
      if (format === 'csv') out.push(...checkCsv(s.file, text));
      else if (format === 'json') out.push(...checkJsonLines(s.file, text));
    }
  return out;
}

// Terminal output: live progress lines while a run goes, and plain summaries after.
// (On a TTY a redraw-in-place view can replace the line printer; in CI plain lines are right.)
import type { ProgressSink, StepResult } from './model.js';

function ms(d?: number): string {
  if (d === undefined) return '';
  return d < 1000 ? `${d} ms` : `${(d / 1000).toFixed(1)} s`;
}

export function stepLine(s: StepResult): string {
  const rows = s.rowsWritten
    ? ' ' + Object.entries(s.rowsWritten).map(([t, n]) => `${t}: ${n} rows`).join(', ')
    : '';
  const err = s.error ? ` — ${s.error}${s.cause ? `: ${s.cause}` : ''}` : '';
  return `${s.status.padEnd(9)} ${s.name} (${s.type}) ${ms(s.durationMs)}${rows}${err}`;
}

export function lineProgress(out: NodeJS.WritableStream = process.stderr): ProgressSink {
  return {
    stepStarted: (s) => out.write(`  ▶ ${s.name} (${s.type})\n`),
    stepEnded: (s) => out.write(`  ${s.status === 'succeeded' ? '✓' : s.status === 'failed' ? '✗' : '•'} ${stepLine(s)}\n`),
    info: (m) => out.write(`  ${m}\n`),
  };
}

// Progress of a backfill: on a terminal one bar redrawn in place ("[#####-----] 12/24 · 1 failed"),
// elsewhere (CI, pipes) one plain line per finished slot.
import { clearLine, cursorTo } from 'node:readline';
import { formatDuration } from '../report/format.js';
import type { SlotResult } from './state.js';

export interface BackfillProgress {
  slotStarted(slot: string, index: number): void;
  slotEnded(result: SlotResult, done: number, resumed: boolean): void;
  message(text: string): void;
  stop(): void;
}

export function backfillProgress(out: NodeJS.WriteStream, total: number): BackfillProgress {
  const tty = !!out.isTTY && !(process.env.CI && process.env.CI !== 'false');
  let failed = 0;
  let done = 0;
  let current = '';
  const bar = () => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}${failed ? ` · ${failed} failed` : ''}${current ? ` · running ${current}` : ''}`;
  };
  const redraw = () => {
    if (!tty) return;
    cursorTo(out, 0);
    clearLine(out, 0);
    out.write(bar());
  };
  return {
    slotStarted(slot) {
      current = slot;
      redraw();
    },
    slotEnded(r, n, resumed) {
      done = n;
      current = '';
      if (r.status !== 'SUCCEEDED') failed++;
      const line =
        `${resumed ? 'done before' : r.status.padEnd(9)} ${r.slot} ${r.executionName}` +
        (resumed ? '' : ` ${formatDuration(r.durationMs)}`) +
        (r.error ? ` — ${r.error}` : '') +
        ` (${n}/${total})`;
      if (tty) {
        // Failed slots stay as lines above the bar; the rest only move the bar.
        if (r.status !== 'SUCCEEDED') {
          cursorTo(out, 0);
          clearLine(out, 0);
          out.write(line.slice(0, 99) + '\n');
        }
        redraw();
      } else out.write(line.slice(0, 100) + '\n');
    },
    message(text) {
      if (tty) {
        cursorTo(out, 0);
        clearLine(out, 0);
      }
      out.write(text + '\n');
      redraw();
    },
    stop() {
      if (tty) out.write('\n');
    },
  };
}

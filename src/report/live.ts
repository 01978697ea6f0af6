// Live progress of a run on a terminal: finished steps and messages scroll up as permanent lines;
// below them, the steps still running are redrawn in place with a spinner and their elapsed time.
// Off a TTY (pipes, files) or in CI, plain lines are printed instead (lineProgress).
import { clearScreenDown, moveCursor } from 'node:readline';
// picocolors: colour only when the stream supports it (NO_COLOR, FORCE_COLOR, CI are honoured).
import pc from 'picocolors';
import type { ProgressSink, StepResult } from './model.js';
import { formatDuration } from './format.js';
import { lineProgress, readableCause, safeText, STEP_MARK } from './terminal.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface LiveProgress extends ProgressSink {
  /** Stops the redraw timer and leaves the cursor below the output. */
  stop(): void;
}

function details(s: StepResult): string {
  const parts: string[] = [];
  if (s.waitedSeconds !== undefined) parts.push(`waited ${formatDuration(s.waitedSeconds * 1000)} (not slept locally)`);
  if (s.rowsWritten)
    parts.push(
      Object.entries(s.rowsWritten)
        .map(([t, n]) => `${t}: ${n} rows`)
        .join(', '),
    );
  const retries = (s.details?.retries as unknown[] | undefined)?.length;
  if (retries) parts.push(`${retries} retr${retries === 1 ? 'y' : 'ies'}`);
  // One readable line: a JSON cause (a Glue JobRun, a Lambda payload) shows its message only.
  const cause = readableCause(s.cause);
  if (s.error) parts.push(`${s.error}${cause ? `: ${cause}` : ''}`);
  return safeText(parts.join(' · '));
}

/** A redraw-in-place progress view for a TTY stream. */
export function liveProgress(out: NodeJS.WriteStream): LiveProgress {
  const c = pc.createColors(pc.isColorSupported && out.isTTY);
  const running = new Map<string, StepResult>();
  let drawn = 0;
  let frame = 0;

  const width = () => Math.max(40, (out.columns ?? 100) - 1);
  const fit = (s: string) => (s.length > width() ? s.slice(0, width() - 1) + '…' : s);
  const clear = () => {
    if (drawn) {
      moveCursor(out, 0, -drawn);
      clearScreenDown(out);
      drawn = 0;
    }
  };
  const draw = () => {
    const rows = Math.max(1, (out.rows ?? 24) - 2);
    const lines = [...running.values()].slice(-rows).map((s) => {
      const elapsed = s.startedAt ? Date.now() - Date.parse(s.startedAt) : 0;
      return `  ${c.cyan(SPINNER[frame % SPINNER.length]!)} ${fit(`${s.name} (${s.type}) ${formatDuration(elapsed)}`)}`;
    });
    if (lines.length) out.write(lines.join('\n') + '\n');
    drawn = lines.length;
  };
  const permanent = (line: string) => {
    clear();
    out.write(line + '\n');
    draw();
  };
  const timer = setInterval(() => {
    if (!running.size) return;
    frame++;
    clear();
    draw();
  }, 100);
  timer.unref();

  return {
    stepStarted(s) {
      running.set(s.name, s);
      clear();
      draw();
    },
    stepEnded(s) {
      running.delete(s.name);
      const color =
        s.status === 'succeeded' ? c.green : s.status === 'failed' || s.status === 'timed_out' ? c.red : c.yellow;
      const extra = details(s);
      permanent(
        `  ${color(STEP_MARK[s.status])} ${fit(`${s.name} (${s.type}) ${formatDuration(s.durationMs)}${extra ? ' — ' + extra : ''}`)}`,
      );
    },
    info(m) {
      permanent(c.dim(`  ${fit(safeText(m))}`));
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}

/** The live view on an interactive terminal, plain lines in CI or when output is redirected. */
export function progressFor(out: NodeJS.WriteStream): ProgressSink & { stop(): void } {
  const ci = !!process.env.CI && process.env.CI !== 'false';
  if (out.isTTY && !ci) return liveProgress(out);
  return { ...lineProgress(out), stop() {} };
}

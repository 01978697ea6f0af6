// Small formatting helpers every reporter shares, so terminal, Markdown and check-run text agree.
import type { CostEstimate, RunStatus, StepStatus, ValidationResult } from './model.js';

/** "850 ms", "12.3 s", "2m 5s", "1h 4m". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Bytes in binary units: "512 B", "46.0 MiB". */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** "$0.12", "$0.000244": small amounts keep their significant digits. */
export function formatUsd(n: number): string {
  if (n === 0) return '$0.00';
  if (n >= 0.01) return `$${n.toFixed(2)}`;
  return `$${n.toPrecision(3).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** A cell value as text: null as "NULL", objects as JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

export function truncateText(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

export const STEP_EMOJI: Record<StepStatus, string> = {
  succeeded: '✅',
  failed: '❌',
  caught: '⚠️',
  running: '⏳',
  skipped: '⏭️',
  cancelled: '⏹️',
  timed_out: '⌛',
};

export const RUN_EMOJI: Record<RunStatus, string> = {
  SUCCEEDED: '✅',
  FAILED: '❌',
  TIMED_OUT: '⌛',
  ABORTED: '⏹️',
  RUNNING: '⏳',
};

/** Whether a validation fails the check: an error-severity one that failed or could not run. */
export function blocksCheck(v: ValidationResult): boolean {
  return v.severity === 'error' && v.status !== 'pass';
}

/** pass; a failing warn is a warning; a failing error (or any query error) is a failure. */
export function validationEmoji(v: ValidationResult): string {
  if (v.status === 'pass') return '✅';
  if (v.status === 'error') return '❗';
  return v.severity === 'warn' ? '⚠️' : '❌';
}

export function validationLabel(v: ValidationResult): string {
  if (v.status === 'pass') return 'pass';
  if (v.status === 'error') return 'error';
  return v.severity === 'warn' ? 'warn' : 'fail';
}

export function violationsText(v: ValidationResult): string {
  if (v.status === 'error') return '—';
  return String(v.violationCount);
}

/** Sum of several estimates in USD. */
export function costTotal(estimates: (CostEstimate | undefined)[]): number {
  return estimates.reduce((s, e) => s + (e?.totalUsd ?? 0), 0);
}

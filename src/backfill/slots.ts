// The time slots of a backfill: [from, to) cut into steps. Times are ISO 8601 with an explicit
// zone (Z or ±hh:mm) or a bare date (UTC midnight), so a slot never depends on the machine's zone.
import { ConfigError } from '../model/diagnostics.js';
import { parseDuration } from '../runner/poll.js';

/** Refused above this many slots unless --max-slots says otherwise (31 days of hours). */
export const DEFAULT_MAX_SLOTS = 744;

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function parseTime(option: string, text: string): number {
  if (!ZONED.test(text) && !DATE_ONLY.test(text))
    throw new ConfigError(
      `${option} "${text}" is not a time: give ISO 8601 UTC like 2024-05-01T00:00:00Z (or a date, 2024-05-01)`,
    );
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new ConfigError(`${option} "${text}" is not a valid date`);
  return t;
}

/** "2024-05-01T10:00:00Z": the slot's start, as run inputs name hours. */
export const slotText = (t: number) => new Date(t).toISOString().replace(/\.000Z$/, 'Z');

/** A run-name-safe key for a slot: "20240501T1000Z". */
export const slotKey = (t: number) =>
  new Date(t)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\d\d\.\d{3}Z$/, 'Z');

export interface SlotRange {
  from: number;
  to: number;
  stepMs: number;
  slots: number[];
}

/** The slots of [from, to); an empty, reversed or too large range is refused with the reason. */
export function slotRange(from: string, to: string, step = '1h', maxSlots = DEFAULT_MAX_SLOTS): SlotRange {
  const f = parseTime('--from', from);
  const t = parseTime('--to', to);
  const stepMs = parseDuration(step);
  if (stepMs === undefined || stepMs < 60_000)
    throw new ConfigError(`--step "${step}" is not a step of a minute or more: give 15m, 1h, 24h`);
  if (t === f) throw new ConfigError(`the range ${from} to ${to} is empty: --to is the end, not included`);
  if (t < f) throw new ConfigError(`the range is reversed: --to ${to} is before --from ${from}`);
  const count = Math.ceil((t - f) / stepMs);
  if (count > maxSlots)
    throw new ConfigError(
      `${from} to ${to} in steps of ${step} is ${count} runs, more than ${maxSlots}; ` +
        'split the range, use a larger --step, or raise --max-slots',
    );
  return { from: f, to: t, stepMs, slots: Array.from({ length: count }, (_, i) => f + i * stepMs) };
}

// The JSON reporter (--json): the Report as is, plus a format version so scripts can rely on the
// shape. Keys keep the model's order (row objects keep their column order); undefined fields are
// left out; NaN and infinities become null, as JSON has no way to write them.
import type { Report } from './model.js';

export const REPORT_FORMAT_VERSION = 1;

export function renderJson(report: Report, opts: { pretty?: boolean } = {}): string {
  const doc = { formatVersion: REPORT_FORMAT_VERSION, ...report };
  return (
    JSON.stringify(
      doc,
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      opts.pretty === false ? undefined : 2,
    ) + '\n'
  );
}

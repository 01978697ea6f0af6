// The dbt convention in one place: a query's rows are the violations, zero rows passes. Used by
// validation queries (runner/validations.ts) and compiled data tests (datatests/run.ts) alike.
import type { QueryResult, ValidationResult } from '../report/model.js';
import { athenaCostItem, costEstimate } from './cost.js';

/** The result of a validation whose query returned `r` (at most `maxRows` rows are kept). */
export function validationOutcome(
  base: ValidationResult,
  r: QueryResult,
  maxRows: number,
  startedMs: number,
): ValidationResult {
  const rows = r.rows.slice(0, maxRows);
  return {
    ...base,
    status: r.totalRows === 0 ? 'pass' : 'fail',
    violationCount: r.totalRows,
    columns: r.columns,
    rows,
    truncated: r.totalRows > rows.length,
    queryExecutionId: r.queryExecutionId,
    bytesScanned: r.bytesScanned,
    durationMs: Date.now() - startedMs,
    cost: r.bytesScanned !== undefined ? costEstimate([athenaCostItem(r.bytesScanned)]) : undefined,
  };
}

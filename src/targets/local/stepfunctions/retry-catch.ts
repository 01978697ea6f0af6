// Retry and Catch as both local interpreters (JSONPath states and JSONata) apply them: the error a
// state failed with, the first Retrier whose ErrorEquals names it while it has attempts left, else
// the first Catcher that names it. States.ALL matches every error but States.Runtime (AWS: runtime
// errors are not retried or caught).
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
import type { AslState } from './definition.js';
import { StatesError, TaskError } from './errors.js';

export function matchesError(errorEquals: string[], error: string): boolean {
  return errorEquals.some((e) => e === error || (e === 'States.ALL' && error !== 'States.Runtime'));
}

/** What a state threw, as the States error Retry and Catch see. */
export function asStatesError(e: unknown): StatesError {
  if (e instanceof StatesError) return e;
  if (e instanceof TaskError) return new StatesError(e.name, e.message);
  return new StatesError('States.TaskFailed', (e as Error)?.message ?? String(e));
}

/** The Retrier to apply and its attempt number (counted in `attempts`), or undefined when none is left. */
export function nextRetry(
  state: AslState,
  err: StatesError,
  attempts: Map<Record<string, unknown>, number>,
): { retrier: Record<string, unknown>; attempt: number } | undefined {
  const retrier = ((state.Retry as Record<string, unknown>[] | undefined) ?? []).find((r) =>
    matchesError(r.ErrorEquals as string[], err.error),
  );
  if (!retrier) return undefined;
  const used = attempts.get(retrier) ?? 0;
  const max = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
  if (used >= max) return undefined;
  attempts.set(retrier, used + 1);
  return { retrier, attempt: used + 1 };
}

/** The first Catcher naming the error. */
export function catcherFor(state: AslState, err: StatesError): AslState | undefined {
  return ((state.Catch as AslState[] | undefined) ?? []).find((c) =>
    matchesError(c.ErrorEquals as unknown as string[], err.error),
  );
}

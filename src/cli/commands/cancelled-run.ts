// Ctrl-C during a local run: the run is recorded as cancelled (ABORTED, like StopExecution on AWS)
// with the steps it had finished and those it was in, so `lakeops runs` lists it afterwards.
import type { ProgressSink, RunResult, StepResult } from '../../report/model.js';

/** A progress sink that also remembers the steps it saw, for the record of an interrupted run. */
export function recordingSink(inner: ProgressSink): ProgressSink & { steps(): StepResult[] } {
  const steps: StepResult[] = [];
  const running = new Map<string, StepResult>();
  return {
    stepStarted(s) {
      running.set(s.name, { ...s });
      inner.stepStarted(s);
    },
    stepEnded(s) {
      running.delete(s.name);
      steps.push({ ...s });
      inner.stepEnded(s);
    },
    info(m) {
      inner.info(m);
    },
    steps: () => [
      ...steps,
      ...[...running.values()].map((s) => ({
        ...s,
        status: 'cancelled' as const,
        endedAt: new Date().toISOString(),
        durationMs: s.startedAt ? Date.now() - Date.parse(s.startedAt) : undefined,
      })),
    ],
  };
}

/** The record of a run stopped by the user. */
export function cancelledRun(
  base: Pick<RunResult, 'pipeline' | 'env' | 'target' | 'orchestration' | 'executionName' | 'startedAt' | 'input'>,
  steps: StepResult[],
  signal: string,
): RunResult {
  const endedAt = new Date().toISOString();
  const current = steps.find((s) => s.status === 'cancelled');
  return {
    ...base,
    status: 'ABORTED',
    endedAt,
    durationMs: Date.parse(endedAt) - Date.parse(base.startedAt),
    steps,
    failure: {
      state: current?.name ?? steps[steps.length - 1]?.name ?? '(start)',
      error: 'Cancelled',
      cause: `stopped by the user (${signal})${current ? ` while "${current.name}" was running` : ''}`,
    },
  };
}

// The exit code of a run, shared by `lakeops run` and the run action (no AWS SDK import, so the
// CLI can use it for local runs without loading the SDK).
import type { RunResult } from '../report/model.js';

/** 0 succeeded (or started with --no-wait), 1 failed, timed out, aborted or stopped following at --timeout. */
export function runExitCode(r: RunResult): 0 | 1 {
  if (r.status === 'SUCCEEDED') return 0;
  if (r.status === 'RUNNING') return r.failure ? 1 : 0;
  return 1;
}

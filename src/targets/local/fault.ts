// Named points where the fault-injection test kills the process: with LAKEOPS_FAULT_POINT=<name>
// the process sends itself SIGKILL when it reaches that point (no cleanup, no finally blocks), as
// a power cut or an OOM kill would. Unset, a point costs one comparison.
//
// Points: job.staged, commit.journal-written, commit.between-renames, commit.after-first-move,
// commit.moved, commit.registered, commit.trash-removed, landing.intent-written,
// landing.first-file, landing.files-written, put.temp-written, put.stored.
export async function faultPoint(name: string): Promise<void> {
  if (process.env.LAKEOPS_FAULT_POINT !== name) return;
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is delivered asynchronously; never go on past the point.
  await new Promise(() => undefined);
}

// `lakeops backfill PIPELINE --from T --to T [--step 1h] [--input-key target_hour] [--max-slots N]
// [--json]`: one run per slot of [from, to), one after another, each with the run input
// {<input-key>: "<slot start>"} checked against the pipeline's inputSchema before anything runs.
// Progress is a bar on a terminal, lines in CI. The slots done are kept under
// .lakeops/<env>/backfills/, so running the same command again after an interruption resumes:
// succeeded slots are not run again, failed ones are. Ctrl-C stops after the running slot.
// Exit 0 when every slot succeeded, 1 when one failed, 2 for a refused range or bad usage.
import type { Command } from 'commander';
import type { BackfillRange } from '../../backfill/state.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { RunResult } from '../../report/model.js';
import type { Target } from '../../targets/target.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface BackfillOptions {
  from: string;
  to: string;
  step?: string;
  inputKey?: string;
  maxSlots?: string;
  json?: boolean;
}

export interface BackfillDeps {
  createTarget: (project: Project, env: Environment) => Promise<Target>;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  /** Aborted: stop after the running slot (Ctrl-C). */
  signal?: AbortSignal;
}

export interface BackfillReport extends BackfillRange {
  /** Slots in the range. */
  total: number;
  /** True when the backfill was stopped before its last slot (resume by running it again). */
  interrupted: boolean;
  state: string;
  slots: (import('../../backfill/state.js').SlotResult & { resumed: boolean })[];
}

export async function runBackfill(
  project: Project,
  env: Environment,
  pipelineName: string,
  opts: BackfillOptions,
  deps: BackfillDeps,
): Promise<{ code: number; report: BackfillReport }> {
  const [{ getPipeline }, { checkRunInput }, slots, state, { backfillProgress }, { relative }] = await Promise.all([
    import('../../model/project.js'),
    import('../../model/run-input.js'),
    import('../../backfill/slots.js'),
    import('../../backfill/state.js'),
    import('../../backfill/progress.js'),
    import('node:path'),
  ]);
  const { ConfigError } = await import('../../model/diagnostics.js');
  const pipeline = getPipeline(project, pipelineName);
  const step = opts.step ?? '1h';
  const maxSlots = opts.maxSlots !== undefined ? Number(opts.maxSlots) : slots.DEFAULT_MAX_SLOTS;
  if (!Number.isInteger(maxSlots) || maxSlots < 1)
    throw new ConfigError(`--max-slots "${opts.maxSlots}" is not a positive whole number`);
  const range = slots.slotRange(opts.from, opts.to, step, maxSlots);
  const inputKey = opts.inputKey ?? 'target_hour';
  // Every slot's input is checked before the first run, so a bad range runs nothing.
  for (const t of range.slots) checkRunInput(pipeline, { [inputKey]: slots.slotText(t) });

  const file = state.stateFile(project.root, env.name, { pipeline: pipeline.name, from: opts.from, to: opts.to, step });
  const saved = state.readState(file) ?? {
    formatVersion: 1 as const,
    pipeline: pipeline.name,
    env: env.name,
    from: opts.from,
    to: opts.to,
    step,
    inputKey,
    slots: {},
  };
  const progress = backfillProgress(deps.err, range.slots.length);
  const before = Object.values(saved.slots).filter((s) => s.status === 'SUCCEEDED').length;
  if (before) progress.message(`resuming: ${before} of ${range.slots.length} slot(s) already succeeded`);
  const results: BackfillReport['slots'] = [];
  const target = await deps.createTarget(project, env);
  let interrupted = false;
  try {
    for (const [i, t] of range.slots.entries()) {
      const slot = slots.slotText(t);
      const prev = saved.slots[slot];
      if (prev?.status === 'SUCCEEDED') {
        results.push({ ...prev, resumed: true });
        progress.slotEnded(prev, i + 1, true);
        continue;
      }
      if (deps.signal?.aborted) {
        interrupted = true;
        break;
      }
      progress.slotStarted(slot, i);
      const attempts = (prev?.attempts ?? 0) + 1;
      // A deterministic execution name per slot and attempt: a retried slot is a new execution.
      const key = `bf${slots.slotKey(t)}${attempts > 1 ? `-a${attempts}` : ''}`;
      const run: RunResult = await target.run(
        project,
        pipeline.name,
        { input: { [inputKey]: slot }, key },
        {
          stepStarted() {},
          stepEnded() {},
          info() {},
        },
      );
      const rows = run.steps.reduce((n, s) => n + Object.values(s.rowsWritten ?? {}).reduce((a, b) => a + b, 0), 0);
      const result = {
        slot,
        status: run.status,
        executionName: run.executionName,
        durationMs: run.durationMs,
        rows,
        attempts,
        ...(run.failure ? { error: `${run.failure.state}: ${run.failure.error ?? 'failed'}` } : {}),
      };
      saved.slots[slot] = result;
      state.writeState(file, saved);
      results.push({ ...result, resumed: false });
      progress.slotEnded(result, i + 1, false);
    }
  } finally {
    progress.stop();
    await target.close();
  }
  const report: BackfillReport = {
    formatVersion: 1,
    pipeline: pipeline.name,
    env: env.name,
    from: slots.slotText(range.from),
    to: slots.slotText(range.to),
    step,
    total: range.slots.length,
    interrupted,
    state: relative(project.root, file),
    slots: results,
  };
  const failed = results.filter((r) => r.status !== 'SUCCEEDED');
  if (opts.json) deps.out.write(JSON.stringify(report, null, 2) + '\n');
  else deps.out.write(await renderBackfill(report));
  return { code: failed.length || interrupted ? EXIT_FAILED : EXIT_OK, report };
}

/** Per-slot results as a table that fits 100 columns, and what to do next. */
export async function renderBackfill(r: BackfillReport): Promise<string> {
  const { formatDuration } = await import('../../report/format.js');
  const head = ['slot', 'status', 'run', 'took', 'rows', 'note'];
  const rows = r.slots.map((s) => [
    s.slot,
    s.status,
    s.executionName.length > 36 ? s.executionName.slice(0, 35) + '…' : s.executionName,
    formatDuration(s.durationMs),
    String(s.rows ?? ''),
    s.resumed ? 'done before' : (s.error ?? '').slice(0, 24),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
  const fmt = (x: string[]) =>
    x
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const ok = r.slots.filter((s) => s.status === 'SUCCEEDED').length;
  const failed = r.slots.length - ok;
  const notRun = r.total - r.slots.length;
  const lines = [
    `backfill ${r.pipeline} on ${r.env}: ${r.from} to ${r.to} in steps of ${r.step}`,
    '',
    fmt(head),
    ...rows.map(fmt),
    '',
    `${ok} succeeded, ${failed} failed, ${notRun} not run (${r.total} slot(s))` +
      (r.interrupted ? '; stopped before the end' : ''),
  ];
  if (failed || r.interrupted)
    lines.push(`run the same command again to resume: succeeded slots are kept (${r.state})`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('backfill')
    .description('run a pipeline once per time slot of a range (resumable), e.g. every hour of a day')
    .argument('<pipeline>', 'pipeline name')
    .requiredOption('--from <time>', 'first slot, ISO 8601 UTC (2024-05-01T00:00:00Z) or a date')
    .requiredOption('--to <time>', 'end of the range (not included)')
    .option('--step <duration>', 'slot length: 15m, 1h, 24h', '1h')
    .option('--input-key <name>', 'run input property that gets the slot start', 'target_hour')
    .option('--max-slots <n>', 'refuse ranges of more runs than this (default 744, 31 days of hours)')
    .action(
      action(async (pipeline: string, o: Omit<BackfillOptions, 'json'>, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        const { createTarget } = await import('../../targets/index.js');
        const controller = new AbortController();
        const onInt = () => {
          if (controller.signal.aborted) process.exit(130);
          controller.abort();
          process.stderr.write('\nstopping after the running slot (Ctrl-C again to quit at once)\n');
        };
        process.on('SIGINT', onInt);
        try {
          const { code } = await runBackfill(
            project,
            env,
            pipeline,
            { ...o, json: g.json },
            {
              createTarget,
              out: process.stdout,
              err: process.stderr,
              signal: controller.signal,
            },
          );
          return code;
        } finally {
          process.off('SIGINT', onInt);
        }
      }),
    );
}

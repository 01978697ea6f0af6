// `lakeops runs [list] [PIPELINE] [--limit N]`, `lakeops runs show RUN`, `lakeops runs logs RUN`:
// the runs of the local target, from their histories under .lakeops/<env>/runs/<pipeline>/. RUN is
// an execution name or a unique prefix of one. Cancelled runs (Ctrl-C) are listed as ABORTED.
// Exit 0; 2 when RUN matches no run or several, or the environment is not a local one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { RunResult } from '../../report/model.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface RunListEntry {
  pipeline: string;
  executionName: string;
  status: RunResult['status'];
  startedAt: string;
  durationMs?: number;
  steps: number;
  failedStep?: string;
  file: string;
}

/** Every recorded run of an environment, newest first. */
export function listRuns(root: string, env: string, pipeline?: string): { run: RunResult; file: string }[] {
  const dir = join(root, '.lakeops', env, 'runs');
  if (!existsSync(dir)) return [];
  const out: { run: RunResult; file: string }[] = [];
  for (const p of readdirSync(dir)) {
    if (pipeline && p !== pipeline) continue;
    const pdir = join(dir, p);
    for (const f of readdirSync(pdir).filter((x) => x.endsWith('.json'))) {
      const file = join('.lakeops', env, 'runs', p, f);
      try {
        out.push({ run: JSON.parse(readFileSync(join(root, file), 'utf8')) as RunResult, file });
      } catch {
        // a history being written (or damaged) is skipped, not fatal for the listing
      }
    }
  }
  return out.sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt));
}

/** The one run whose execution name is `id` or starts with it. */
export function findRun(root: string, env: string, id: string): { run: RunResult; file: string } {
  const all = listRuns(root, env);
  const exact = all.filter((r) => r.run.executionName === id);
  if (exact.length === 1) return exact[0]!;
  const matches = all.filter((r) => r.run.executionName.startsWith(id));
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new ConfigError(`no run named "${id}" in environment ${env}; lakeops runs lists them`);
  throw new ConfigError(
    `"${id}" names ${matches.length} runs (${matches
      .slice(0, 3)
      .map((m) => m.run.executionName)
      .join(', ')}…); give more of the name`,
  );
}

export function entry(run: RunResult, file: string): RunListEntry {
  return {
    pipeline: run.pipeline,
    executionName: run.executionName,
    status: run.status,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    steps: run.steps.length,
    failedStep: run.failure?.state,
    file,
  };
}

/** The steps of a run with their full errors, causes and log tails: what `runs logs` prints. */
export async function renderRunLogs(run: RunResult): Promise<string> {
  const { safeText } = await import('../../report/terminal.js');
  const { formatDuration } = await import('../../report/format.js');
  const lines = [`${run.executionName} (${run.pipeline}, ${run.status})`];
  for (const s of run.steps) {
    lines.push(
      `${s.startedAt ?? ''} ${s.status.padEnd(9)} ${s.name} (${s.type}) ${formatDuration(s.durationMs)}`.trim(),
    );
    if (s.runId) lines.push(`    run id: ${s.runId}`);
    if (s.rowsWritten) for (const [t, n] of Object.entries(s.rowsWritten)) lines.push(`    wrote ${n} row(s) to ${t}`);
    if (s.error) lines.push(`    error: ${safeText(s.error)}`);
    if (s.cause)
      lines.push(
        ...safeText(s.cause)
          .split('\n')
          .map((l, i) => (i ? '      ' : '    cause: ') + l),
      );
    for (const l of s.logTail ?? []) lines.push(`    │ ${safeText(l)}`);
  }
  if (run.failure?.logTail?.length) {
    lines.push(`log tail of ${run.failure.state}:`);
    for (const l of run.failure.logTail) lines.push(`    │ ${safeText(l)}`);
  }
  return lines.join('\n') + '\n';
}

async function localRoot(cmd: Command): Promise<{ root: string; env: string; json?: boolean }> {
  const g = globalOptions(cmd);
  const { project, env } = await openProject(g);
  if (env.target !== 'local')
    throw new ConfigError(
      `lakeops runs reads the local target's histories; environment ${env.name} is on AWS (see its runs in the Step Functions and Glue consoles)`,
    );
  return { root: project.root, env: env.name, json: g.json };
}

export function register(program: Command): void {
  const runs = program.command('runs').description('past runs of the local target: list, show RUN, logs RUN');
  runs
    .command('list', { isDefault: true })
    .description('the recorded runs, newest first')
    .argument('[pipeline]', 'only this pipeline')
    .option('--limit <n>', 'show at most this many', '20')
    .action(
      action(async (pipeline: string | undefined, o: { limit: string }, cmd: Command) => {
        const { root, env, json } = await localRoot(cmd);
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new ConfigError(`--limit "${o.limit}" is not a positive whole number`);
        const all = listRuns(root, env, pipeline).slice(0, limit);
        if (json) {
          process.stdout.write(
            JSON.stringify({ formatVersion: 1, env, runs: all.map((r) => entry(r.run, r.file)) }, null, 2) + '\n',
          );
          return EXIT_OK;
        }
        if (!all.length) {
          process.stdout.write(`no runs recorded in environment ${env} yet (lakeops run <pipeline> makes one)\n`);
          return EXIT_OK;
        }
        const { formatDuration, truncateText } = await import('../../report/format.js');
        const rows = all.map(({ run }) => [
          run.startedAt.replace('T', ' ').slice(0, 19),
          run.status,
          truncateText(run.executionName, 44),
          formatDuration(run.durationMs),
          truncateText(run.failure?.state ?? '', 18),
        ]);
        const head = ['started (UTC)', 'status', 'run', 'took', 'failed at'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const fmt = (r: string[]) =>
          r
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd();
        process.stdout.write([fmt(head), ...rows.map(fmt)].join('\n') + '\n');
        return EXIT_OK;
      }),
    );
  runs
    .command('show')
    .description('the summary of one run (its execution name or a unique prefix of it)')
    .argument('<run>', 'execution name, or a unique prefix')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) => {
        const { root, env, json } = await localRoot(cmd);
        const { run, file } = findRun(root, env, id);
        if (json) {
          const { renderJson } = await import('../../report/json.js');
          process.stdout.write(renderJson({ title: `lakeops runs show ${run.executionName}`, env, runs: [run] }));
        } else {
          const { renderRunText } = await import('./run.js');
          process.stdout.write(renderRunText(run, file));
        }
        return EXIT_OK;
      }),
    );
  runs
    .command('logs')
    .description("one run's steps with their full errors, causes and log tails")
    .argument('<run>', 'execution name, or a unique prefix')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) => {
        const { root, env, json } = await localRoot(cmd);
        const { run } = findRun(root, env, id);
        if (json)
          process.stdout.write(
            JSON.stringify(
              { formatVersion: 1, executionName: run.executionName, steps: run.steps, failure: run.failure },
              null,
              2,
            ) + '\n',
          );
        else process.stdout.write(await renderRunLogs(run));
        return EXIT_OK;
      }),
    );
}

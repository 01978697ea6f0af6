// `lakeops runs [list] [PIPELINE] [--limit N]`, `lakeops runs show RUN`, `lakeops runs logs RUN`:
// the runs of the local target, from their histories under .lakeops/<env>/runs/<pipeline>/, or of an
// AWS environment, from Step Functions and Glue (src/runner/aws-runs.ts). RUN is an execution name
// (a Glue workflow run id) or a unique prefix of one. Cancelled runs (Ctrl-C) are listed as ABORTED.
// Exit 0; 2 when RUN matches no run or several.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { RunResult } from '../../report/model.js';
import type { AwsClients } from '../../targets/aws/clients.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface RunListEntry {
  pipeline: string;
  executionName: string;
  status: RunResult['status'];
  startedAt: string;
  durationMs?: number;
  /** Local runs: the steps recorded and the step that failed (AWS listings leave both to `runs show`). */
  steps?: number;
  failedStep?: string;
  /** Local runs: the history file. */
  file?: string;
  /** AWS runs: the execution ARN, or the Glue workflow run id. */
  executionId?: string;
  orchestration?: RunResult['orchestration'];
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

interface Where {
  root: string;
  env: string;
  json?: boolean;
  /** Set for an AWS environment: where its runs are read from. */
  aws?: { project: Project; environment: Environment; clients: AwsClients };
}

async function where(cmd: Command): Promise<Where> {
  const g = globalOptions(cmd);
  const { project, env } = await openProject(g);
  if (env.target === 'aws') {
    const { createClients } = await import('../../targets/aws/clients.js');
    return {
      root: project.root,
      env: env.name,
      json: g.json,
      aws: { project, environment: env, clients: createClients(env) },
    };
  }
  if (env.target !== 'local') throw new ConfigError(`lakeops runs cannot read runs of a ${env.target} environment`);
  return { root: project.root, env: env.name, json: g.json };
}

/** Missing AWS credentials are a prerequisite error (exit 2) with the way to fix it, not a failure. */
function credentialsError(e: unknown, env: string): unknown {
  if ((e as Error)?.name !== 'CredentialsProviderError') return e;
  return new ConfigError(
    `no AWS credentials for environment "${env}" (${(e as Error).message}); sign in (AWS_PROFILE, aws sso login) ` +
      'or, in CI, assume the deploy role through OIDC',
  );
}

/** Each command reads then ends: its SDK clients' sockets must not keep the process alive. */
async function closeClients(clients: AwsClients): Promise<void> {
  const { destroyClients } = await import('../../targets/aws/clients.js');
  destroyClients(clients);
}

/** The run a name or prefix names: a local history, or a recent AWS execution / workflow run read in full. */
async function runNamed(w: Where, id: string): Promise<{ run: RunResult; file?: string }> {
  if (!w.aws) return findRun(w.root, w.env, id);
  const { findAwsRun } = await import('../../runner/aws-runs.js');
  const { readAwsRun } = await import('../../runner/aws-run.js');
  const { project, environment, clients } = w.aws;
  try {
    const ref = await findAwsRun(clients, project, environment, id);
    return { run: await readAwsRun(clients, project, environment, ref) };
  } catch (e) {
    throw credentialsError(e, w.env);
  } finally {
    await closeClients(clients);
  }
}

async function listed(w: Where, pipeline: string | undefined, limit: number): Promise<RunListEntry[]> {
  if (!w.aws)
    return listRuns(w.root, w.env, pipeline)
      .slice(0, limit)
      .map((r) => entry(r.run, r.file));
  const { listAwsRuns } = await import('../../runner/aws-runs.js');
  const { project, environment, clients } = w.aws;
  let runs;
  try {
    runs = await listAwsRuns(clients, project, environment, { pipeline, limit });
  } catch (e) {
    throw credentialsError(e, w.env);
  } finally {
    await closeClients(clients);
  }
  return runs.map((r) => ({
    pipeline: r.pipeline.name,
    executionName: r.executionName,
    executionId: r.executionId,
    orchestration: r.orchestration,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    durationMs: r.endedAt ? r.endedAt.getTime() - r.startedAt.getTime() : undefined,
  }));
}

export function register(program: Command): void {
  const runs = program
    .command('runs')
    .description(
      'past runs (local histories, or the Step Functions executions and Glue workflow runs on AWS): list, show RUN, logs RUN',
    );
  runs
    .command('list', { isDefault: true })
    .description('the recorded runs, newest first')
    .argument('[pipeline]', 'only this pipeline')
    .option('--limit <n>', 'show at most this many', '20')
    .action(
      action(async (pipeline: string | undefined, o: { limit: string }, cmd: Command) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new ConfigError(`--limit "${o.limit}" is not a positive whole number`);
        const w = await where(cmd);
        const { env, json } = w;
        const all = await listed(w, pipeline, limit);
        if (json) {
          process.stdout.write(JSON.stringify({ formatVersion: 1, env, runs: all }, null, 2) + '\n');
          return EXIT_OK;
        }
        if (!all.length) {
          process.stdout.write(`no runs recorded in environment ${env} yet (lakeops run <pipeline> makes one)\n`);
          return EXIT_OK;
        }
        const { formatDuration, truncateText } = await import('../../report/format.js');
        const rows = all.map((run) => [
          run.startedAt.replace('T', ' ').slice(0, 19),
          run.status,
          truncateText(run.executionName, 44),
          formatDuration(run.durationMs),
          truncateText(run.failedStep ?? '', 18),
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
        const w = await where(cmd);
        const { env, json } = w;
        const { run, file } = await runNamed(w, id);
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
        const w = await where(cmd);
        const { json } = w;
        const { run } = await runNamed(w, id);
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

// `lakeops run <pipeline> [--env E] [--input JSON] [--key K] [--no-wait] [--timeout D] [--json]`:
// starts the pipeline's state machine execution or Glue workflow run on the environment's target
// and follows it step by step (redrawn in place on a terminal, plain lines in CI), then prints a
// summary: steps, durations, rows written per table, the failure (state, error, cause) and the
// events the run put on event buses. Exit 0 when the run succeeded (or was started with
// --no-wait), 1 when it failed or timed out, 2 for usage or configuration errors.
import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { renderJson } from '../../report/json.js';
import { parseDuration as parseRunnerDuration } from '../../runner/poll.js';
import { runExitCode } from '../../runner/exit-code.js';
import { progressFor } from '../../report/live.js';
import { silentProgress, type RunResult } from '../../report/model.js';
import { fitLine, renderRunSummary, safeText } from '../../report/terminal.js';
import { createTarget } from '../../targets/index.js';
import type { Target } from '../../targets/target.js';
import { cancelledRun, recordingSink } from './cancelled-run.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject, parseJsonOption } from '../context.js';

export interface RunCommandOptions {
  input?: string;
  key?: string;
  wait?: boolean;
  timeout?: string;
  orchestration?: string;
  json?: boolean;
  /** Step Functions Local mock file and test case (local target). */
  mocks?: string;
  testCase?: string;
}

interface RunManyOptions {
  start?: string;
  all?: boolean;
  select?: string[];
}

export interface RunDeps {
  createTarget: (project: Project, env: Environment) => Promise<Target>;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  /** Registers the Ctrl-C handler and returns its removal (default: process SIGINT; tests inject). */
  onInterrupt?: (handler: () => void) => () => void;
  /** Ends the process after an interrupted run was recorded (default: process.exit). */
  exit?: (code: number) => void;
  /** Receives the result instead of it being printed as JSON (run --all collects every run). */
  onResult?: (run: RunResult) => void;
}

const processInterrupt = (handler: () => void) => {
  process.once('SIGINT', handler);
  return () => void process.off('SIGINT', handler);
};

/** --timeout: "90" (seconds), "500ms", "90s", "15m", "2h" -> milliseconds (the runner's parser); a usage error otherwise. */
export function parseDuration(text: string): number {
  const ms = parseRunnerDuration(text);
  if (ms === undefined || ms <= 0)
    throw new ConfigError(
      `--timeout "${text}" is not a duration: give seconds (90) or a number with ms, s, m or h (500ms, 90s, 15m, 2h)`,
    );
  return ms;
}

/** Rows written per table (or path), summed over the run's steps. */
export function rowsWrittenByTable(run: RunResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of run.steps) for (const [t, n] of Object.entries(s.rowsWritten ?? {})) out[t] = (out[t] ?? 0) + n;
  return out;
}

export function renderRunText(run: RunResult, historyFile?: string): string {
  const parts = [renderRunSummary(run)];
  const rows = rowsWrittenByTable(run);
  if (Object.keys(rows).length)
    parts.push(
      ['Rows written:', ...Object.entries(rows).map(([t, n]) => fitLine(`  ${t}: ${n.toLocaleString('en-US')}`))].join(
        '\n',
      ),
    );
  if (run.events?.length)
    parts.push(
      [
        `Events put on buses (${run.events.length}):`,
        ...run.events.map((e) =>
          fitLine(`  ${e.bus}: ${e.source} "${e.detailType}" ${safeText(JSON.stringify(e.detail))}`),
        ),
      ].join('\n'),
    );
  if (historyFile) parts.push(`History: ${historyFile}`);
  if (run.consoleUrl) parts.push(`Console: ${run.consoleUrl}`);
  return parts.join('\n\n') + '\n';
}

export async function runRun(
  project: Project,
  env: Environment,
  pipelineName: string,
  opts: RunCommandOptions,
  deps: RunDeps,
): Promise<number> {
  // Loaded on use, so that registering the command stays cheap (JSON Schema checker, project loader).
  const [{ getPipeline }, { checkRunInput }, { executionName, readHistory, writeHistory }] = await Promise.all([
    import('../../model/project.js'),
    import('../../model/run-input.js'),
    import('../../targets/local/history.js'),
  ]);
  const pipeline = getPipeline(project, pipelineName);
  const input = parseJsonOption('--input', opts.input);
  if (input !== undefined) checkRunInput(pipeline, input);
  const timeoutMs = opts.timeout !== undefined ? parseDuration(opts.timeout) : undefined;
  const orchestration = opts.orchestration as 'stateMachine' | 'workflow' | undefined;
  if (orchestration && orchestration !== 'stateMachine' && orchestration !== 'workflow')
    throw new ConfigError(`--start "${opts.orchestration}" must be stateMachine or workflow`);

  if ((opts.mocks !== undefined || opts.testCase !== undefined) && env.target !== 'local')
    throw new ConfigError(
      `--mocks and --test-case apply to local runs; environment "${env.name}" runs on AWS, where every state calls its service`,
    );
  const target = await deps.createTarget(project, env);
  const view = opts.json ? { ...silentProgress, stop() {} } : progressFor(deps.err);
  const progress = recordingSink(view);
  const startedAt = new Date().toISOString();
  // Ctrl-C during a local run: record it as cancelled, with its steps, before the process ends.
  const removeInterrupt =
    env.target === 'local'
      ? (deps.onInterrupt ?? processInterrupt)(() => {
          view.stop();
          const name = executionName(
            pipeline.name,
            opts.key,
            (n) => !!readHistory(project.root, env.name, pipeline.name, n),
          );
          const record = cancelledRun(
            {
              pipeline: pipeline.name,
              env: env.name,
              target: 'local',
              orchestration: orchestration ?? (pipeline.stateMachineName ? 'stateMachine' : 'workflow'),
              executionName: name,
              startedAt,
              input: input ?? pipeline.config.local?.input ?? {},
            },
            progress.steps(),
            'SIGINT',
          );
          writeHistory(project.root, record);
          deps.err.write(`\nlakeops: run cancelled (Ctrl-C); recorded as ${name} (lakeops runs show ${name})\n`);
          (deps.exit ?? process.exit)(130);
        })
      : () => {};
  let run: RunResult;
  try {
    run = await target.run(
      project,
      pipeline.name,
      {
        input,
        key: opts.key,
        noWait: opts.wait === false,
        timeoutMs,
        orchestration,
        ...(opts.mocks !== undefined ? { mocks: resolvePath(opts.mocks) } : {}),
        ...(opts.testCase !== undefined ? { testCase: opts.testCase } : {}),
      },
      progress,
    );
  } finally {
    removeInterrupt();
    view.stop();
    await target.close();
  }
  deps.onResult?.(run);
  if (opts.json) {
    if (!deps.onResult)
      deps.out.write(renderJson({ title: `lakeops run ${pipeline.name}`, env: env.name, runs: [run] }) + '\n');
  } else {
    const history =
      env.target === 'local' ? `.lakeops/${env.name}/runs/${run.pipeline}/${run.executionName}.json` : undefined;
    deps.out.write(renderRunText(run, history));
  }
  // The runner's verdict: a run still going when --timeout ran out has a failure and exits 1.
  return runExitCode(run) === 0 ? EXIT_OK : EXIT_FAILED;
}

export function register(program: Command): void {
  program
    .command('run')
    .description("start a pipeline's state machine or Glue workflow and follow it to the end")
    .argument('[pipeline]', 'pipeline name (folder under pipelines/); or --all, or --select')
    .option('--all', 'run every pipeline, upstream first; stops at the first failure')
    .option('--select <selectors...>', 'pipelines by NAME, tag:KEY[=VALUE] or +NAME (with its upstream)')
    .option('--input <json>', "execution input as JSON, checked against the pipeline's inputSchema")
    .option(
      '--key <key>',
      'makes the execution name deterministic (<pipeline>-<key>): a repeated key does not run twice',
    )
    .option('--no-wait', 'return once the run has started')
    .option('--timeout <duration>', 'stop following after this long (90s, 15m, 2h); the run counts as timed out')
    .option('--start <orchestration>', 'stateMachine or workflow, when a pipeline has both')
    .option(
      '--mocks <file>',
      'Step Functions Local mock file for mocked Task states (default: pipelines/NAME/mocks.json)',
    )
    .option('--test-case <name>', 'test case of the mock file to run')
    .action(
      action(
        async (
          pipeline: string | undefined,
          cmdOpts: Omit<RunCommandOptions, 'json'> & RunManyOptions,
          cmd: Command,
        ) => {
          const g = globalOptions(cmd);
          const { project, env } = await openProject(g);
          const { all, select, ...rest } = cmdOpts;
          if (all || select) {
            if (pipeline) throw new ConfigError(`give a pipeline name or --all/--select, not both`);
            const { runMany } = await import('./run-many.js');
            const deps = { createTarget, out: process.stdout, err: process.stderr };
            return runMany(project, env, { all, select }, { ...rest, orchestration: rest.start, json: g.json }, deps);
          }
          if (!pipeline) throw new ConfigError('name a pipeline to run, or give --all or --select <selectors...>');
          return runRun(
            project,
            env,
            pipeline,
            { ...cmdOpts, orchestration: cmdOpts.start, json: g.json },
            {
              createTarget,
              out: process.stdout,
              err: process.stderr,
            },
          );
        },
      ),
    );
}

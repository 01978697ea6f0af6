// `lakeops graph <pipeline>`: the pipeline's state machine or Glue workflow as a Mermaid flowchart,
// optionally coloured by a run's step statuses (the JSON that `lakeops run --json` prints).
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { RunResult } from '../../report/model.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

/** Finds the pipeline's run in a RunResult, a Report ({ runs: [...] }) or an array of runs. */
export function runFromJson(text: string, file: string, pipeline: string): RunResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`--run ${file}: not valid JSON (${(e as Error).message})`);
  }
  const candidates: unknown[] = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { runs?: unknown }).runs)
      ? (data as { runs: unknown[] }).runs
      : [data];
  const isRun = (r: unknown): r is RunResult =>
    !!r &&
    typeof r === 'object' &&
    Array.isArray((r as RunResult).steps) &&
    typeof (r as RunResult).pipeline === 'string';
  const runs = candidates.filter(isRun);
  if (!runs.length)
    throw new ConfigError(
      `--run ${file}: no run result in it (expected the output of "lakeops run <pipeline> --json")`,
    );
  const run = runs.find((r) => r.pipeline === pipeline);
  if (!run)
    throw new ConfigError(
      `--run ${file}: it holds runs of ${[...new Set(runs.map((r) => r.pipeline))].join(', ')}, not of "${pipeline}"`,
    );
  return run;
}

export function register(program: Command): void {
  program
    .command('graph')
    .description("draw a pipeline's state machine or Glue workflow as a Mermaid flowchart")
    .argument('<pipeline>', 'pipeline name')
    .addOption(
      new Option('-f, --format <format>', 'mermaid: the chart; markdown: a ```mermaid block')
        .choices(['mermaid', 'markdown'])
        .default('mermaid'),
    )
    .option('--run <file>', 'colour the nodes by the step statuses in this run result JSON (lakeops run --json)')
    .option('--direction <dir>', 'TD (top-down) or LR (left-right)', 'TD')
    .action(
      action(async (name: string, opts: { format: string; run?: string; direction: string }, cmd: Command) => {
        const g = globalOptions(cmd);
        if (opts.direction !== 'TD' && opts.direction !== 'LR')
          throw new ConfigError(`--direction must be TD or LR, not "${opts.direction}"`);
        const { project } = await openProject(g);
        const { getPipeline } = await import('../../model/project.js');
        const { mermaidBlock, pipelineMermaid } = await import('../../report/mermaid.js');
        const pipeline = getPipeline(project, name);
        let run: RunResult | undefined;
        if (opts.run) {
          let text: string;
          try {
            text = readFileSync(opts.run, 'utf8');
          } catch (e) {
            throw new ConfigError(`--run ${opts.run}: cannot read it (${(e as Error).message})`);
          }
          run = runFromJson(text, opts.run, name);
        }
        const chart = pipelineMermaid(project, pipeline, { run, direction: opts.direction });
        if (g.json) {
          process.stdout.write(JSON.stringify({ pipeline: name, mermaid: chart }, null, 2) + '\n');
        } else {
          process.stdout.write((opts.format === 'markdown' ? mermaidBlock(chart) : chart) + '\n');
        }
        return EXIT_OK;
      }),
    );
}

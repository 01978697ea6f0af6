// The run-pipeline action: runs one pipeline on an environment (scheduled or dispatched), follows
// it step by step, then runs its validation queries. Every input is checked against a schema and
// the project before anything starts; the execution name is derived from the workflow run, so a
// re-run job does not start a second execution.
import * as core from '@actions/core';
import { loadProjectOrThrow } from '../../../src/model/project.js';
import { mermaidBlock, pipelineMermaid } from '../../../src/report/mermaid.js';
import type { Report } from '../../../src/report/model.js';
import { lineProgress } from '../../../src/report/terminal.js';
import { validationsFailed } from '../../../src/runner/validations.js';
import { booleanInput, input, integerInput, projectLocation, writeSummary } from '../../../src/github/action-io.js';
import { readGitHubContext, runKey } from '../../../src/github/context.js';
import { resolveDispatch } from '../../../src/github/dispatch-inputs.js';
import { details } from '../../../src/github/markdown.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { runPipelines, withTarget } from '../../../src/github/stages.js';

export async function run(): Promise<void> {
  const ctx = readGitHubContext();
  const loc = projectLocation(ctx.workspace);
  const raw = {
    pipeline: input('pipeline'),
    environment: input('environment') || 'local',
    input: input('input'),
    targetHour: input('target-hour'),
  };
  const wait = booleanInput('wait', true);
  const validate = booleanInput('validations', true);
  const timeoutMinutes = integerInput('timeout-minutes', 60, 1, 24 * 60);
  const project = loadProjectOrThrow(loc.root);
  const resolved = resolveDispatch(project, raw);
  const key = input('key') || runKey(ctx);
  core.info(
    `running ${resolved.pipeline.name} on ${resolved.env} with input ${JSON.stringify(resolved.input ?? null)}`,
  );

  const result = await withTarget(project, resolved.env, (target) =>
    runPipelines(target, project, [resolved.pipeline.name], {
      input: resolved.input,
      key,
      progress: lineProgress(process.stdout),
      validations: validate,
      noWait: !wait,
      timeoutMs: timeoutMinutes * 60_000,
    }),
  );
  const run = result.runs[0]!;
  const report: Report = {
    title: `lakeops run of ${run.pipeline} on ${run.env}`,
    env: run.env,
    runs: result.runs,
    validations: result.validations,
    skipped: result.skipped.length ? result.skipped : undefined,
  };
  core.setOutput('status', run.status);
  core.setOutput('execution-name', run.executionName);
  if (run.executionId) core.setOutput('execution-id', run.executionId);
  core.setOutput('validations-failed', String(result.validations.filter((v) => v.status !== 'pass').length));

  const diagram = details(
    'Pipeline chart, coloured by the run',
    mermaidBlock(pipelineMermaid(project, resolved.pipeline, { run })),
    true,
  );
  await writeSummary(`${renderMarkdown(report)}\n## Pipeline \`${run.pipeline}\`\n\n${diagram}\n`);

  const ok = run.status === 'SUCCEEDED' || (!wait && run.status === 'RUNNING');
  if (!ok)
    core.setFailed(
      `${run.pipeline} ${run.status.toLowerCase()}${run.failure ? ` at "${run.failure.state}": ${run.failure.error ?? ''} ${run.failure.cause ?? ''}` : ''}`,
    );
  else if (validationsFailed(result.validations))
    core.setFailed(`${run.pipeline}: validations failed (see the job summary)`);
}

// The validate action: runs the data validation queries of an environment (dbt style: rows returned
// are violations), writes them with sample violating rows to the job summary, and keeps one issue
// per environment open while they fail, closing it when they pass again.
import * as core from '@actions/core';
import { ConfigError } from '../../../src/model/diagnostics.js';
import { loadProjectOrThrow } from '../../../src/model/project.js';
import { runValidations, validationsFailed } from '../../../src/runner/validations.js';
import {
  booleanInput,
  input,
  listInput,
  projectLocation,
  requiredInput,
  writeSummary,
} from '../../../src/github/action-io.js';
import { createGitHubClient } from '../../../src/github/client.js';
import { readGitHubContext, runUrl } from '../../../src/github/context.js';
import { checkEnvironmentInput, validationRunInput } from '../../../src/github/dispatch-inputs.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { withTarget } from '../../../src/github/stages.js';
import { DEFAULT_ISSUE_LABEL, syncValidationIssue } from '../../../src/github/validation-issue.js';

export async function run(): Promise<void> {
  const ctx = readGitHubContext();
  const loc = projectLocation(ctx.workspace);
  const env = requiredInput('environment');
  const params = validationRunInput({ environment: env, input: input('input'), targetHour: input('target-hour') });
  const manageIssue = booleanInput('issue', true);
  const failOnError = booleanInput('fail-on-error', true);
  const label = input('issue-label') || DEFAULT_ISSUE_LABEL;

  const project = loadProjectOrThrow(loc.root);
  checkEnvironmentInput(project, env);
  const pipelines = listInput('pipelines');
  for (const p of pipelines)
    if (!project.pipelines.some((x) => x.name === p)) throw new ConfigError(`input "pipelines": no pipeline "${p}"`);

  const results = (
    await withTarget(project, env, (target) =>
      runValidations(target, project, { pipelines: pipelines.length ? pipelines : undefined, input: params }),
    )
  ).map((v) => ({ ...v, env }));
  const failing = validationsFailed(results);
  const report = { title: `Data validations on ${env}`, env, validations: results };
  const inputNote = params ? `Run input: \`${JSON.stringify(params)}\`\n\n` : '';
  const body = inputNote + renderMarkdown(report);
  core.setOutput('failed', String(results.filter((v) => v.status !== 'pass').length));
  core.setOutput('passed', String(results.filter((v) => v.status === 'pass').length));
  await writeSummary(body);
  for (const v of results)
    core.info(
      `${v.status.padEnd(5)} ${v.pipeline}/${v.name}${v.status === 'fail' ? `: ${v.violationCount} violating row(s)` : v.error ? `: ${v.error}` : ''}`,
    );

  if (manageIssue) {
    const gh = createGitHubClient(input('github-token'), ctx.apiUrl);
    const url = runUrl(ctx);
    const issue = await syncValidationIssue(gh, ctx, {
      env,
      failing,
      label,
      runUrl: url,
      title: `Data validations failing on ${env}`,
      // An issue body has the same 65,536-character limit as a comment.
      body:
        inputNote +
        renderMarkdown(report, { maxLength: 60_000, detailsUrl: url }) +
        (url ? `\nLatest run: ${url}\n` : ''),
    });
    core.info(`validation issue: ${issue.action}${issue.number ? ` #${issue.number}` : ''}`);
    core.setOutput('issue-action', issue.action);
    if (issue.number) core.setOutput('issue-number', String(issue.number));
  }
  if (failing && failOnError) core.setFailed(`data validations failed on ${env} (see the job summary)`);
}

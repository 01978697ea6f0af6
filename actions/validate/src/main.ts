// The validate action: runs the data validation queries of an environment (dbt style: rows returned
// are violations), writes them with sample violating rows to the job summary, and keeps one issue
// per environment open while they fail, closing it when they pass again.
import * as core from '@actions/core';
import { ConfigError } from '../../../src/model/diagnostics.js';
import { loadProjectOrThrow } from '../../../src/model/project.js';
import { runValidations } from '../../../src/runner/validations.js';
import type { ValidationResult } from '../../../src/report/model.js';
import {
  booleanInput,
  input,
  listInput,
  projectLocation,
  requiredInput,
  writeSummary,
} from '../../../src/github/action-io.js';
import { createGitHubClient, errorMessage } from '../../../src/github/client.js';
import { readGitHubContext, runUrl } from '../../../src/github/context.js';
import { checkEnvironmentInput, validationRunInput } from '../../../src/github/dispatch-inputs.js';
import { escapeInline, renderMarkdown } from '../../../src/report/markdown.js';
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

  // Could not run (credentials, throttling, service errors, a query that errors) is not a data
  // failure: it gets its own issue and never opens or closes the data issue.
  let results: ValidationResult[] = [];
  let runError: string | undefined;
  try {
    results = (
      await withTarget(project, env, (target) =>
        runValidations(target, project, { pipelines: pipelines.length ? pipelines : undefined, input: params }),
      )
    ).map((v) => ({ ...v, env }));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    runError = errorMessage(err);
  }
  const errored = results.filter((v) => v.status === 'error');
  const dataFailing = results.some((v) => v.status === 'fail' && v.severity === 'error');
  const couldNotRun = Boolean(runError) || errored.length > 0;
  const report = { title: `Data validations on ${env}`, env, validations: results };
  const inputNote = params ? `Run input: \`${JSON.stringify(params)}\`\n\n` : '';
  const body =
    inputNote + renderMarkdown(report) + (runError ? `\n**Could not run:** ${escapeInline(runError)}\n` : '');
  core.setOutput('failed', String(results.filter((v) => v.status !== 'pass').length));
  core.setOutput('passed', String(results.filter((v) => v.status === 'pass').length));
  core.setOutput('could-not-run', String(couldNotRun));
  await writeSummary(body);
  for (const v of results)
    core.info(
      `${v.status.padEnd(5)} ${v.pipeline}/${v.name}${v.status === 'fail' ? `: ${v.violationCount} violating row(s)` : v.error ? `: ${v.error}` : ''}`,
    );
  if (runError) core.error(`validations on ${env} could not run: ${runError}`);

  if (manageIssue) {
    // Reporting never fails the job on its own: an API error is a warning.
    try {
      const gh = createGitHubClient(input('github-token'), ctx.apiUrl);
      const url = runUrl(ctx);
      const latest = url ? `\nLatest run: ${url}\n` : '';
      const outage = await syncValidationIssue(gh, ctx, {
        env,
        kind: 'outage',
        failing: couldNotRun,
        label,
        runUrl: url,
        title: `Data validations could not run on ${env}`,
        body:
          `The validations on ${env} could not run, so this says nothing about the data. ` +
          `Usually credentials (the OIDC role), throttling or an AWS service error.\n\n` +
          (runError ? `Error: ${escapeInline(runError)}\n\n` : '') +
          errored.map((v) => `- ${escapeInline(`${v.pipeline}/${v.name}: ${v.error ?? 'unknown error'}`)}`).join('\n') +
          `\n${latest}`,
      });
      core.setOutput('outage-issue-action', outage.action);
      core.info(`outage issue: ${outage.action}${outage.number ? ` #${outage.number}` : ''}`);
      // The data issue moves only on what was actually measured: opened or updated when a
      // validation failed, closed only when every validation ran and passed.
      const measuredAll = !couldNotRun;
      if (dataFailing || measuredAll) {
        const issue = await syncValidationIssue(gh, ctx, {
          env,
          failing: dataFailing,
          label,
          runUrl: url,
          title: `Data validations failing on ${env}`,
          // An issue body has the same 65,536-character limit as a comment.
          body: inputNote + renderMarkdown(report, { maxLength: 60_000, detailsUrl: url }) + latest,
        });
        core.info(`validation issue: ${issue.action}${issue.number ? ` #${issue.number}` : ''}`);
        core.setOutput('issue-action', issue.action);
        if (issue.number) core.setOutput('issue-number', String(issue.number));
      } else core.setOutput('issue-action', 'none');
    } catch (err) {
      core.warning(`could not update the validation issue: ${errorMessage(err)}`);
    }
  }
  if (couldNotRun && failOnError) core.setFailed(`data validations could not run on ${env} (see the job summary)`);
  else if (dataFailing && failOnError) core.setFailed(`data validations failed on ${env} (see the job summary)`);
}

// The plan action: what a deploy would change in each AWS environment, and (optionally) how the
// validation queries of the pipelines a pull request touches fare on the data deployed there.
// Read-only. Writes its part of the PR report to a JSON file for the pr-report job.
import * as core from '@actions/core';
import { ConfigError, hasErrors } from '../../../src/model/diagnostics.js';
import type { Report } from '../../../src/report/model.js';
import {
  input,
  listInput,
  projectLocation,
  requiredInput,
  writeSummary,
  annotateDiagnostics,
} from '../../../src/github/action-io.js';
import { createGitHubClient, errorMessage } from '../../../src/github/client.js';
import { readGitHubContext } from '../../../src/github/context.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { writeReportFile } from '../../../src/github/report-files.js';
import { awsPreview, withTarget } from '../../../src/github/stages.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../../../src/model/project.js';
import { serialiseSavedPlan } from '../../../src/planner/plan-file.js';
import type { AwsTarget } from '../../../src/targets/aws/index.js';
import { staticChecks } from '../../../src/github/static-checks.js';
import { listPullRequestFiles, touchedPipelines } from '../../../src/github/touched-pipelines.js';

/**
 * Whether a pull request's own validation SQL may run on an environment: always on a local target;
 * on an AWS environment only where lakeops.yaml sets pullRequestQueries: true (never by default, so
 * never on prod data). Elsewhere pr-report runs it on the local target.
 */
export function pullRequestSqlAllowed(env: { target: string; pullRequestQueries?: boolean } | undefined): boolean {
  return !env || env.target === 'local' || env.pullRequestQueries === true;
}

/** Writes `<dir>/<env>.plan.json` (lakeops plan --out) for an AWS environment. */
async function savePlan(project: Project, env: string, dir: string): Promise<void> {
  await withTarget(project, env, async (t) => {
    const saving = t as Partial<AwsTarget>;
    if (!saving.planToSave) return;
    const { saved } = await saving.planToSave.call(t, project);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${env}.plan.json`), serialiseSavedPlan(saved));
    core.info(`${env}: saved plan written to ${join(dir, `${env}.plan.json`)}`);
  });
}

export async function run(): Promise<void> {
  const ctx = readGitHubContext();
  const loc = projectLocation(ctx.workspace);
  const envs = listInput('environment');
  if (!envs.length) requiredInput('environment');
  const which = input('validations') || 'none';
  if (!['none', 'all', 'touched'].includes(which))
    throw new ConfigError(`input "validations" must be none, all or touched, not "${which}"`);
  const reportFile = input('report-file') || 'lakeops-plan.json';

  const stat = await staticChecks(loc.root, envs[0]!);
  const report: Report = { title: `lakeops plan: ${envs.join(', ')}`, plans: [], validations: [], skipped: [] };
  let failed = false;
  const project = stat.project;
  if (!project || hasErrors(stat.diagnostics)) {
    annotateDiagnostics(stat.diagnostics, loc.fromRepoRoot);
    const n = stat.diagnostics.filter((d) => d.severity === 'error').length;
    for (const env of envs)
      report.skipped!.push({ stage: `plan ${env}`, reason: `the static checks found ${n} error(s)` });
    failed = true;
  } else {
    for (const env of envs) {
      if (!(env in project.config.environments) && env !== 'local')
        throw new ConfigError(`input "environment": lakeops.yaml declares no environment "${env}"`);
    }
    let pipelines: string[] = [];
    if (which === 'all') pipelines = project.pipelines.map((p) => p.name);
    if (which === 'touched') {
      if (!ctx.pullRequest) throw new ConfigError('input "validations: touched" needs a pull_request event');
      const gh = createGitHubClient(input('github-token'), ctx.apiUrl);
      const files = await listPullRequestFiles(gh, ctx, ctx.pullRequest.number);
      pipelines = touchedPipelines(project, files, loc.fromRepoRoot).map((t) => t.name);
    }
    const savedDir = input('saved-plan-dir');
    for (const env of envs) {
      core.startGroup(`plan ${env}`);
      try {
        // The plan deploy --plan applies after the merge (docs/deploys.md); read before the preview.
        if (savedDir) await savePlan(project, env, join(ctx.workspace, savedDir));
        const prSql = !!ctx.pullRequest && !pullRequestSqlAllowed(project.config.environments[env]);
        if (prSql && pipelines.length)
          report.skipped!.push({
            stage: `validations ${env}`,
            reason: `pull request SQL does not run on ${env} (lakeops.yaml: pullRequestQueries is not true); it ran on the local target`,
          });
        const r = await awsPreview(project, env, prSql ? [] : pipelines);
        if (r.plan) report.plans!.push(r.plan);
        report.validations!.push(...r.validations);
        report.skipped!.push(...r.skipped);
        const n = r.plan?.changes.filter((c) => c.action !== 'noop').length ?? 0;
        core.info(`${env}: ${n} change(s), ${r.validations.length} validation(s) run`);
      } catch (err) {
        // Recorded in the report so the PR comment says why this environment has no plan.
        report.skipped!.push({ stage: `plan ${env}`, reason: errorMessage(err) });
        core.error(`plan ${env}: ${errorMessage(err)}`);
        failed = true;
      } finally {
        core.endGroup();
      }
    }
  }
  if (!report.skipped!.length) delete report.skipped;
  const file = writeReportFile(reportFile, ctx.workspace, report);
  const changes = (report.plans ?? []).reduce((n, p) => n + p.changes.filter((c) => c.action !== 'noop').length, 0);
  core.setOutput('report-file', file);
  core.setOutput('changes', String(changes));
  core.setOutput('has-changes', String(changes > 0));
  await writeSummary(
    renderMarkdown({ ...report, diagnostics: stat.diagnostics }) + `\nReport file: \`${reportFile}\`\n`,
  );
  if (failed) core.setFailed('lakeops plan did not complete for every environment (see the job summary)');
}

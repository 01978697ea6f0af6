// The pr-report action: static checks, the local run of the pipelines the pull request touches
// (then their validations), plus the AWS plan and Athena validation reports other jobs wrote; posted
// as one sticky comment, a `lakeops` check run with annotations, and the job summary.
import * as core from '@actions/core';
import { ConfigError, hasErrors } from '../../../src/model/diagnostics.js';
import type { Report } from '../../../src/report/model.js';
import { lineProgress } from '../../../src/report/terminal.js';
import {
  annotateDiagnostics,
  booleanInput,
  input,
  listInput,
  projectLocation,
  writeSummary,
} from '../../../src/github/action-io.js';
import { reportAnnotations } from '../../../src/github/annotations.js';
import { publishCheckRun } from '../../../src/github/check-run.js';
import { createGitHubClient, errorMessage, isPermissionError, type GitHubClient } from '../../../src/github/client.js';
import { checkSha, readGitHubContext, runKey, runUrl, type GitHubContext } from '../../../src/github/context.js';
import { reportConclusion, withoutDeployedRows } from '../../../src/github/outcome.js';
import { checkRunOutput, renderPrComment, renderPrSummary, type PrReportView } from '../../../src/github/pr-report.js';
import { readReportFiles, writeJsonFile, writeReportFile } from '../../../src/github/report-files.js';
import { dataDiff } from '../../../src/datadiff/run.js';
import { mergeReports, runPipelines, withTarget } from '../../../src/github/stages.js';
import { staticChecks } from '../../../src/github/static-checks.js';
import { upsertStickyComment } from '../../../src/github/sticky-comment.js';
import {
  gitChangedFiles,
  listPullRequestFiles,
  touchedPipelines,
  type TouchedPipeline,
} from '../../../src/github/touched-pipelines.js';
import type { Project } from '../../../src/model/project.js';

async function pipelinesToRun(
  project: Project,
  ctx: GitHubContext,
  gh: GitHubClient | undefined,
  projectDir: string,
): Promise<TouchedPipeline[]> {
  const selection = input('pipelines') || 'touched';
  if (selection === 'all') return project.pipelines.map((p) => ({ name: p.name, reasons: ['pipelines: all'] }));
  if (selection !== 'touched') {
    const names = listInput('pipelines');
    for (const n of names)
      if (!project.pipelines.some((p) => p.name === n))
        throw new ConfigError(`input "pipelines" names "${n}", which is not a pipeline of this project`);
    return names.map((n) => ({ name: n, reasons: ['named in the pipelines input'] }));
  }
  if (!ctx.pullRequest)
    throw new ConfigError(
      'input "pipelines: touched" needs a pull_request event; name the pipelines or use "all" for other events',
    );
  // The PR files API when there is a token; otherwise, or when the API keeps failing, git (the
  // checkout needs the base commit).
  const pr = ctx.pullRequest;
  const viaGit = () => gitChangedFiles(pr.baseSha, pr.headSha, ctx.workspace);
  const files = gh
    ? await listPullRequestFiles(gh, ctx, pr.number).catch(async (err: unknown) => {
        core.warning(`could not list the PR's files (${errorMessage(err)}); using git diff instead`);
        return viaGit();
      })
    : await viaGit();
  core.info(`the pull request changes ${files.length} file(s)`);
  return touchedPipelines(project, files, projectDir);
}

function awsNotes(ctx: GitHubContext, report: Report, missing: string[]): string[] {
  const notes: string[] = [];
  if (report.plans?.length) return notes;
  if (ctx.pullRequest?.fromFork)
    notes.push(
      'This pull request comes from a fork: the AWS plan and the Athena validations do not run for forks (no OIDC credentials).',
    );
  else if (missing.length)
    notes.push(
      `No AWS plan: ${missing.join(', ')} not found (the plan job did not run; are the AWS_PLAN_ROLE_ARN and AWS_REGION repository variables set?).`,
    );
  return notes;
}

export async function run(): Promise<void> {
  const ctx = readGitHubContext();
  const loc = projectLocation(ctx.workspace);
  const token = input('github-token');
  const gh = token ? createGitHubClient(token, ctx.apiUrl) : undefined;
  const localEnv = input('local-environment') || 'local';
  const doLocal = booleanInput('local-run', true);
  const postComment = booleanInput('comment', true);
  const postCheck = booleanInput('check-run', true);
  const failOnError = booleanInput('fail-on-error', true);

  const title =
    input('title') || (ctx.pullRequest ? `lakeops report for #${ctx.pullRequest.number}` : 'lakeops report');
  const local: Report = { title, env: localEnv, skipped: [] };

  core.startGroup('static checks');
  const stat = await staticChecks(loc.root, localEnv);
  core.endGroup();
  local.diagnostics = stat.diagnostics;
  const project = stat.project;

  let touched: TouchedPipeline[] = [];
  if (project) {
    touched = await pipelinesToRun(project, ctx, gh, loc.fromRepoRoot);
    core.info(`pipelines: ${touched.map((t) => t.name).join(', ') || '(none)'}`);
  }

  if (!doLocal) local.skipped!.push({ stage: 'local run', reason: 'turned off (local-run: false)' });
  else if (!project || hasErrors(stat.diagnostics)) {
    const n = stat.diagnostics.filter((d) => d.severity === 'error').length;
    local.skipped!.push({ stage: 'local run', reason: `the static checks found ${n} error(s); fix them first` });
  } else if (touched.length) {
    core.startGroup(`local run on "${localEnv}"`);
    const result = await withTarget(project, localEnv, (t) =>
      runPipelines(
        t,
        project,
        touched.map((x) => x.name),
        { key: runKey(ctx), progress: lineProgress(process.stdout) },
      ),
    );
    core.endGroup();
    local.runs = result.runs;
    local.validations = result.validations;
    local.skipped!.push(...result.skipped);
  }

  const files = listInput('reports');
  const extra = readReportFiles(files, ctx.workspace);
  for (const m of extra.missing) core.info(`report ${m} not found; leaving it out`);
  // The plan job's result (needs.plan.result): a plan that failed without writing its report must
  // fail the check too, not vanish into a note.
  const planResult = input('plan-result');
  if (planResult && !['success', 'failure', 'cancelled', 'skipped'].includes(planResult))
    throw new ConfigError(`input "plan-result" must be success, failure, cancelled or skipped, not "${planResult}"`);
  const planReported = extra.reports.some((r) => r.plans?.length || r.skipped?.some((x) => x.stage.startsWith('plan')));
  if ((planResult === 'failure' || planResult === 'cancelled') && !planReported)
    local.skipped!.push({
      stage: 'plan',
      reason: `the plan job ${planResult === 'failure' ? 'failed' : 'was cancelled'} before writing its report`,
    });
  // Rows from deployed environments never reach the PR (comment, summary, annotations, artifact).
  const report = withoutDeployedRows(mergeReports(title, [local, ...extra.reports]), project);
  report.env = localEnv;
  if (!report.skipped?.length) delete report.skipped;

  const view: PrReportView = { report, project, touched, ctx, awsNotes: awsNotes(ctx, report, extra.missing) };
  const diffBase = ctx.pullRequest?.baseSha;
  if (
    project &&
    doLocal &&
    booleanInput('data-diff', true) &&
    diffBase &&
    touched.length &&
    !hasErrors(stat.diagnostics)
  ) {
    core.startGroup(`data diff against the base ${diffBase.slice(0, 7)}`);
    try {
      view.dataDiff = await dataDiff({
        repoRoot: ctx.workspace,
        projectDir: loc.fromRepoRoot,
        baseRef: diffBase,
        pipelines: touched.map((t) => t.name),
        env: localEnv,
        progress: lineProgress(process.stdout),
      });
      const diffFile = input('data-diff-file');
      if (diffFile) core.setOutput('data-diff-file', writeJsonFile(diffFile, ctx.workspace, view.dataDiff));
    } catch (err) {
      // The diff informs the review; it never blocks it or fails the job.
      core.warning(`data diff: ${errorMessage(err)}`);
    } finally {
      core.endGroup();
    }
  }
  const conclusion = reportConclusion(report, project);
  core.setOutput('conclusion', conclusion);
  core.setOutput('pipelines', JSON.stringify(touched.map((t) => t.name)));
  const reportFile = input('report-file');
  if (reportFile) core.setOutput('report-file', writeReportFile(reportFile, ctx.workspace, report));

  await writeSummary(renderPrSummary(view));
  const annotations = reportAnnotations(report, { project, pathPrefix: loc.fromRepoRoot });

  // Reporting never fails the job: an API error (after the client's retries) is a warning, and the
  // job summary still holds the whole report. Only the report's own conclusion fails the step.
  if (gh && postComment && ctx.pullRequest) {
    try {
      const res = await upsertStickyComment(gh, ctx, ctx.pullRequest.number, renderPrComment(view), {
        authors: listInput('comment-author'),
      });
      core.info(`PR comment ${res.action}: ${res.url ?? res.id}`);
      core.setOutput('comment-id', String(res.id));
      if (res.url) core.setOutput('comment-url', res.url);
    } catch (err) {
      core.warning(
        isPermissionError(err)
          ? `cannot comment on the pull request (${errorMessage(err)}); pull requests from forks get a read-only token. The report is in the job summary.`
          : `could not write the PR comment (${errorMessage(err)}); the report is in the job summary.`,
      );
    }
  }
  let checked = false;
  if (gh && postCheck) {
    try {
      const out = checkRunOutput(view);
      const res = await publishCheckRun(gh, ctx, {
        headSha: checkSha(ctx),
        conclusion,
        title: out.title,
        summary: out.summary,
        annotations,
        detailsUrl: runUrl(ctx),
      });
      checked = true;
      core.info(
        `check run lakeops: ${conclusion}, ${res.annotations} annotation(s) in ${res.requests} request(s)${res.omitted ? `, ${res.omitted} left out` : ''}`,
      );
      core.setOutput('check-run-id', String(res.id));
    } catch (err) {
      core.warning(`cannot create the check run (${errorMessage(err)}); annotating the workflow run instead`);
    }
  }
  // Without a check run, the diagnostics still show on their lines through workflow commands.
  if (!checked) annotateDiagnostics(report.diagnostics ?? [], loc.fromRepoRoot);

  if (conclusion === 'failure' && failOnError)
    core.setFailed(`lakeops: ${view.report.title} found problems (see the report)`);
}

// The deploy action: static checks (nothing is written when they fail), the deploy of one
// environment, smoke validations on the deployed data, and a GitHub deployment record whose status
// follows the outcome.
import * as core from '@actions/core';
import { ConfigError, hasErrors } from '../../../src/model/diagnostics.js';
import type { Report } from '../../../src/report/model.js';
import { lineProgress } from '../../../src/report/terminal.js';
import { runValidations, validationsFailed } from '../../../src/runner/validations.js';
import {
  booleanInput,
  input,
  integerInput,
  listInput,
  projectLocation,
  requiredInput,
  writeSummary,
} from '../../../src/github/action-io.js';
import { createGitHubClient, errorMessage, type GitHubClient } from '../../../src/github/client.js';
import { readGitHubContext, runUrl } from '../../../src/github/context.js';
import { setDeploymentStatus, startDeployment } from '../../../src/github/deployment.js';
import { validationRunInput } from '../../../src/github/dispatch-inputs.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { withTarget } from '../../../src/github/stages.js';
import { appliedMarkdown, type ConsoleOptions } from '../../../src/github/console-links.js';
import { partitionOf } from '../../../src/model/environment.js';
import { staticChecks } from '../../../src/github/static-checks.js';
import { join } from 'node:path';
import { parseLockTimeout } from '../../../src/locking/lock.js';
import { loadSavedPlan, PlanFileError, type SavedPlan } from '../../../src/planner/plan-file.js';

export async function run(): Promise<void> {
  const ctx = readGitHubContext();
  const loc = projectLocation(ctx.workspace);
  const env = requiredInput('environment');
  const prune = booleanInput('prune', false);
  const allowDeletes = integerInput('allow-deletes', 0, 0, 100000);
  const adopt = booleanInput('adopt', false);
  const lockTimeoutMs = parseLockTimeout(input('lock-timeout') || undefined, 10 * 60_000);
  if (lockTimeoutMs === undefined)
    throw new ConfigError(`input "lock-timeout" must be a duration (90s, 10m), not "${input('lock-timeout')}"`);
  const smoke = input('smoke-validations') || 'all';
  const smokeInput = validationRunInput(
    { environment: env, input: input('validation-input'), targetHour: input('target-hour') },
    'validation-input',
  );
  const record = booleanInput('deployment-record', true);
  const production = booleanInput('production-environment', env === 'prod' || env === 'production');

  let gh: GitHubClient | undefined;
  let deploymentId: number | undefined;
  if (record) {
    gh = createGitHubClient(input('github-token'), ctx.apiUrl);
    deploymentId = await startDeployment(gh, ctx, {
      ref: ctx.sha,
      environment: env,
      production,
      logUrl: runUrl(ctx),
      description: `lakeops deploy of ${ctx.sha.slice(0, 7)} to ${env}`,
    });
    core.setOutput('deployment-id', String(deploymentId));
  }
  const finish = async (state: 'success' | 'failure' | 'error', description: string) => {
    if (!gh || deploymentId === undefined) return;
    await setDeploymentStatus(gh, ctx, deploymentId, state, {
      description,
      logUrl: runUrl(ctx),
      environmentUrl: input('environment-url') || undefined,
    });
  };

  const report: Report = { title: `lakeops deploy to ${env}`, env, skipped: [] };
  let links: ConsoleOptions | undefined;
  try {
    const stat = await staticChecks(loc.root, env);
    report.diagnostics = stat.diagnostics;
    if (!stat.project || hasErrors(stat.diagnostics))
      throw new ConfigError(`the static checks found errors; nothing was deployed to ${env}`, stat.diagnostics);
    const project = stat.project;
    const planFile = input('plan-file');
    let savedPlan: SavedPlan | undefined;
    if (planFile) {
      try {
        savedPlan = loadSavedPlan(join(ctx.workspace, planFile), { project: project.config.project, env });
      } catch (e) {
        throw e instanceof PlanFileError ? new ConfigError(e.message) : e;
      }
    }
    const pipelines = smoke === 'all' ? undefined : smoke === 'none' ? [] : listInput('smoke-validations');
    await withTarget(project, env, async (target) => {
      const acct = target.env.account;
      links = {
        region: target.env.region,
        account: /^\d{12}$/.test(acct) ? acct : undefined,
        partition: partitionOf(target.env.region),
      };
      core.startGroup(`deploy ${env}`);
      report.deploy = await target.deploy(
        project,
        { prune, allowDeletes, adopt, lockTimeoutMs, ...(savedPlan ? { savedPlan } : {}) },
        lineProgress(process.stdout),
      );
      core.endGroup();
      if (report.deploy.failed.length) {
        report.skipped!.push({
          stage: 'smoke validations',
          reason: `${report.deploy.failed.length} resource(s) failed to deploy`,
        });
      } else if (pipelines?.length === 0) {
        report.skipped!.push({ stage: 'smoke validations', reason: 'turned off (smoke-validations: none)' });
      } else {
        core.startGroup('smoke validations');
        const results = await runValidations(target, project, { pipelines, input: smokeInput });
        report.validations = results.map((v) => ({ ...v, env }));
        core.endGroup();
      }
    });
  } catch (err) {
    report.skipped!.push({ stage: 'deploy', reason: errorMessage(err) });
    await writeSummary(summary(report, links));
    await finish(err instanceof ConfigError ? 'failure' : 'error', errorMessage(err));
    throw err;
  }

  const applied = report.deploy?.applied.length ?? 0;
  const failed = report.deploy?.failed.length ?? 0;
  const badData = validationsFailed(report.validations ?? []);
  core.setOutput('applied', String(applied));
  core.setOutput('failed', String(failed));
  core.setOutput('validations-failed', String((report.validations ?? []).filter((v) => v.status !== 'pass').length));
  await writeSummary(summary(report, links));
  if (failed || badData) {
    const why = failed ? `${failed} resource(s) failed to deploy` : 'smoke validations failed';
    await finish('failure', why);
    core.setFailed(`lakeops deploy to ${env}: ${why}`);
  } else {
    await finish('success', `${applied} change(s) applied`);
  }
}

function summary(report: Report, links?: ConsoleOptions): string {
  const d = report.deploy;
  // Each applied change links to its AWS console page; the reviewed plan is linked when given.
  const applied = d && links ? '\n' + appliedMarkdown(d, { ...links, planUrl: input('plan-url') || undefined }) : '';
  return renderMarkdown(report) + applied;
}

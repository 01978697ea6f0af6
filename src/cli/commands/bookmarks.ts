// `lakeops bookmarks reset JOB [--env E] [--json]`: Glue's ResetJobBookmark. On AWS it calls
// ResetJobBookmark for the job's physical name; locally it deletes the job's bookmark state under
// .lakeops/<env>/bookmarks/. Either way the next run with bookmarks enabled reads every file again.
// Exit 0 reset (or nothing to reset), 2 unknown job or environment / no credentials.
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import { bookmarkOption } from '../../model/job-options.js';
import type { Project } from '../../model/project.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface ResetOutcome {
  job: string;
  physicalName: string;
  env: string;
  reset: boolean;
}

export async function resetBookmarks(project: Project, env: Environment, logical: string): Promise<ResetOutcome> {
  const jobs = project.pipelines.flatMap((p) => p.jobs);
  const job = jobs.find((j) => j.name === logical);
  if (!job) {
    const bookmarked = jobs.filter((j) => bookmarkOption(j.config)).map((j) => j.name);
    throw new ConfigError(
      `unknown job "${logical}"; jobs with bookmarks: ${bookmarked.join(', ') || '(none)'} (give the job's name from pipeline.yaml)`,
    );
  }
  const physicalName = env.physicalName('job', job.name);
  let reset: boolean;
  if (env.target === 'local') {
    const { resetBookmark } = await import('../../targets/local/bookmarks.js');
    const { stateDir } = await import('../../targets/local/history.js');
    reset = await resetBookmark(stateDir(project.root, env.name), physicalName);
  } else {
    const { createAwsTarget } = await import('../../targets/aws/index.js');
    const { resetJobBookmark } = await import('../../targets/aws/bookmarks.js');
    const target = (await createAwsTarget(project, env)) as import('../../targets/aws/index.js').AwsTarget;
    try {
      await target.accountContext(); // a clear "no AWS credentials" before the call
      reset = await resetJobBookmark(target.clients, physicalName);
    } finally {
      await target.close();
    }
  }
  return { job: job.name, physicalName, env: env.name, reset };
}

export function register(program: Command): void {
  program
    .command('bookmarks')
    .description('Glue job bookmarks')
    .command('reset')
    .description("reset a job's bookmark (Glue ResetJobBookmark; locally its state under .lakeops/<env>/bookmarks)")
    .argument('<job>', 'the job name from pipeline.yaml')
    .action(
      action(async (job: string, _o: unknown, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        const r = await resetBookmarks(project, env, job);
        if (g.json) process.stdout.write(JSON.stringify({ formatVersion: 1, ...r }) + '\n');
        else
          process.stdout.write(
            r.reset
              ? `reset the bookmark of job ${r.physicalName} (${r.env}): its next run reads every file\n`
              : `job ${r.physicalName} (${r.env}) has no bookmark: nothing to reset\n`,
          );
        return EXIT_OK;
      }),
    );
}

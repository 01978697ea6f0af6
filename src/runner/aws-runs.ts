// `lakeops runs` on AWS: the recent runs of an environment's pipelines, read from the services
// that ran them: Step Functions executions (ListExecutions) of each pipeline's state machine and
// Glue workflow runs (GetWorkflowRuns) of each pipeline's workflow. Both APIs return newest first.
// Reading one run in full (show, logs) is readAwsRun in aws-run.ts, shared with `lakeops run`.
import { GetWorkflowRunsCommand, type WorkflowRun } from '@aws-sdk/client-glue';
import { ListExecutionsCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { ConfigError } from '../model/diagnostics.js';
import type { Environment } from '../model/environment.js';
import type { Pipeline, Project } from '../model/project.js';
import { stateMachineArn } from '../planner/names.js';
import { silentProgress, type RunStatus } from '../report/model.js';
import type { AwsClients } from '../targets/aws/clients.js';
import { accountOf, type AwsRunDeps, type AwsRunRef } from './aws-run.js';
import { WorkflowRunTracker } from './glue-workflow.js';

export interface AwsRunListItem extends AwsRunRef {
  status: RunStatus;
  endedAt?: Date;
}

type Clients = Pick<AwsClients, 'sfn' | 'glue' | 'sts'>;

/** Largest page each API allows (ListExecutions maxResults and GetWorkflowRuns MaxResults: 1-1000). */
const PAGE_MAX = 1000;

/**
 * Execution status as lakeops reports it. PENDING_REDRIVE is a failed execution being redriven,
 * so it is still going.
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html)
 */
function sfnStatus(s: string | undefined): RunStatus {
  return s === 'SUCCEEDED' || s === 'FAILED' || s === 'TIMED_OUT' || s === 'ABORTED' ? s : 'RUNNING';
}

/** A workflow run's status the way a followed run reports it (COMPLETED is not success by itself). */
function workflowStatus(run: WorkflowRun): RunStatus {
  const t = new WorkflowRunTracker(silentProgress);
  t.apply({ ...run, Graph: undefined });
  return t.status;
}

async function executionsOf(clients: Clients, arn: string, limit: number): Promise<ExecutionListItem[]> {
  const out: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await clients.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: arn,
          maxResults: Math.min(PAGE_MAX, limit - out.length),
          nextToken,
        }),
      );
      out.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken && out.length < limit);
  } catch (e) {
    if ((e as Error).name === 'StateMachineDoesNotExist') return []; // not deployed to this environment (yet)
    throw e;
  }
  return out.slice(0, limit);
}

async function workflowRunsOf(clients: Clients, workflow: string, limit: number): Promise<WorkflowRun[]> {
  const out: WorkflowRun[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await clients.glue.send(
        new GetWorkflowRunsCommand({
          Name: workflow,
          IncludeGraph: false,
          MaxResults: Math.min(PAGE_MAX, limit - out.length),
          NextToken,
        }),
      );
      out.push(...(page.Runs ?? []));
      NextToken = page.NextToken;
    } while (NextToken && out.length < limit);
  } catch (e) {
    if ((e as Error).name === 'EntityNotFoundException') return [];
    throw e;
  }
  return out.slice(0, limit);
}

/** The newest `limit` runs of the environment's pipelines (or of one), newest first. */
export async function listAwsRuns(
  clients: Clients,
  project: Project,
  env: Environment,
  opts: { pipeline?: string; limit: number },
  deps: AwsRunDeps = {},
): Promise<AwsRunListItem[]> {
  const pipelines = project.pipelines.filter((p) => !opts.pipeline || p.name === opts.pipeline);
  if (opts.pipeline && !pipelines.length) throw new ConfigError(`no pipeline named "${opts.pipeline}" in this project`);
  const runs: AwsRunListItem[] = [];
  const needsAccount = pipelines.some((p) => p.stateMachineName);
  const ctx = needsAccount ? await accountOf(clients, env, deps) : undefined;
  for (const p of pipelines) runs.push(...(await runsOfPipeline(clients, env, p, ctx, opts.limit)));
  return runs.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, opts.limit);
}

async function runsOfPipeline(
  clients: Clients,
  env: Environment,
  p: Pipeline,
  ctx: Awaited<ReturnType<typeof accountOf>> | undefined,
  limit: number,
): Promise<AwsRunListItem[]> {
  const out: AwsRunListItem[] = [];
  if (p.stateMachineName && ctx) {
    const arn = stateMachineArn(ctx, env.physicalName('stateMachine', p.stateMachineName));
    for (const x of await executionsOf(clients, arn, limit))
      out.push({
        pipeline: p,
        orchestration: 'stateMachine',
        executionName: x.name ?? '',
        executionId: x.executionArn ?? '',
        startedAt: x.startDate ?? new Date(0),
        endedAt: x.stopDate,
        status: sfnStatus(x.status),
      });
  }
  if (p.workflowName) {
    const workflow = env.physicalName('workflow', p.workflowName);
    for (const r of await workflowRunsOf(clients, workflow, limit))
      out.push({
        pipeline: p,
        orchestration: 'workflow',
        executionName: r.WorkflowRunId ?? '',
        executionId: r.WorkflowRunId ?? '',
        workflow,
        startedAt: r.StartedOn ?? new Date(0),
        endedAt: r.CompletedOn,
        status: workflowStatus(r),
      });
  }
  return out;
}

/** How many recent runs per pipeline `runs show/logs` search for a name or prefix. */
export const FIND_SEARCH_LIMIT = 1000;

/** The one recent run whose execution name (or workflow run id) is `id` or starts with it. */
export async function findAwsRun(
  clients: Clients,
  project: Project,
  env: Environment,
  id: string,
  deps: AwsRunDeps = {},
): Promise<AwsRunListItem> {
  const all = await listAwsRuns(clients, project, env, { limit: FIND_SEARCH_LIMIT }, deps);
  const exact = all.filter((r) => r.executionName === id);
  if (exact.length === 1) return exact[0]!;
  const matches = all.filter((r) => r.executionName.startsWith(id));
  if (matches.length === 1) return matches[0]!;
  if (!matches.length)
    throw new ConfigError(
      `no recent run named "${id}" in environment ${env.name} (searched the newest ${FIND_SEARCH_LIMIT} runs); lakeops runs --env ${env.name} lists them`,
    );
  throw new ConfigError(
    `"${id}" names ${matches.length} runs (${matches
      .slice(0, 3)
      .map((m) => m.executionName)
      .join(', ')}…); give more of the name`,
  );
}

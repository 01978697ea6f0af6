// What went wrong in a failed step, in the words of the service that ran it: the Glue job run's
// ErrorMessage and the tail of its CloudWatch error log, or the Athena query's StateChangeReason.
import { GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetJobRunCommand, type JobRun } from '@aws-sdk/client-glue';
import type { RunFailure } from '../report/model.js';
import type { AwsClients } from '../targets/aws/clients.js';

/** Glue writes each job run's stderr to this group, one stream per job run id. */
export const GLUE_ERROR_LOG_GROUP = '/aws-glue/jobs/error';
export const LOG_TAIL_LINES = 50;

export interface FailedTask {
  state: string;
  error?: string;
  cause?: string;
  jobName?: string;
  jobRunId?: string;
  queryExecutionId?: string;
}

export interface Diagnosis {
  failure: RunFailure;
  /** The job run as GetJobRun returned it (for DPU-seconds), when one was read. */
  jobRun?: JobRun;
  /** Things that could not be read, to tell the user (never fatal). */
  notes: string[];
}

export async function diagnose(
  clients: Pick<AwsClients, 'glue' | 'logs' | 'athena'>,
  task: FailedTask,
): Promise<Diagnosis> {
  const failure: RunFailure = { state: task.state, error: task.error, cause: task.cause };
  const notes: string[] = [];
  let jobRun: JobRun | undefined;
  if (task.jobName && task.jobRunId) {
    failure.jobName = task.jobName;
    failure.jobRunId = task.jobRunId;
    try {
      const r = await clients.glue.send(
        new GetJobRunCommand({ JobName: task.jobName, RunId: task.jobRunId, PredecessorsIncluded: false }),
      );
      jobRun = r.JobRun;
      if (jobRun?.ErrorMessage) failure.errorMessage = jobRun.ErrorMessage;
    } catch (e) {
      notes.push(`could not read Glue job run ${task.jobRunId} of ${task.jobName}: ${(e as Error).message}`);
    }
    const tail = await logTail(clients, task.jobRunId, notes);
    if (tail) failure.logTail = tail;
  } else if (task.queryExecutionId) {
    try {
      const r = await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: task.queryExecutionId }));
      const s = r.QueryExecution?.Status;
      const reason = s?.AthenaError?.ErrorMessage ?? s?.StateChangeReason;
      if (reason) failure.errorMessage = reason;
    } catch (e) {
      notes.push(`could not read Athena query ${task.queryExecutionId}: ${(e as Error).message}`);
    }
  }
  return { failure, jobRun, notes };
}

/**
 * The last lines of the job run's error log. GetLogEvents with startFromHead false returns the
 * newest events; one event may hold several lines (a stack trace), so lines are counted, not events.
 */
async function logTail(
  clients: Pick<AwsClients, 'logs'>,
  jobRunId: string,
  notes: string[],
): Promise<string[] | undefined> {
  try {
    const r = await clients.logs.send(
      new GetLogEventsCommand({
        logGroupName: GLUE_ERROR_LOG_GROUP,
        logStreamName: jobRunId,
        startFromHead: false,
        limit: LOG_TAIL_LINES,
      }),
    );
    const events = [...(r.events ?? [])].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    const lines = events.flatMap((e) => (e.message ?? '').replace(/\n$/, '').split('\n'));
    return lines.slice(-LOG_TAIL_LINES);
  } catch (e) {
    const what =
      (e as Error).name === 'ResourceNotFoundException'
        ? 'does not exist (yet)'
        : `could not be read: ${(e as Error).message}`;
    notes.push(`log stream ${GLUE_ERROR_LOG_GROUP}/${jobRunId} ${what}`);
    return undefined;
  }
}

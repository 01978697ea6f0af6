// ResetJobBookmark on AWS: the next run of a bookmarked job reads every object again
// (https://docs.aws.amazon.com/glue/latest/webapi/API_ResetJobBookmark.html).
import { ResetJobBookmarkCommand } from '@aws-sdk/client-glue';
import type { AwsClients } from './clients.js';
import { isNotFound } from './errors.js';

/** Resets the job's bookmark; false when Glue has none for it (never run with bookmarks, or not deployed). */
export async function resetJobBookmark(clients: AwsClients, jobName: string): Promise<boolean> {
  try {
    await clients.glue.send(new ResetJobBookmarkCommand({ JobName: jobName }));
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

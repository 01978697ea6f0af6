// Classifying AWS errors by their documented exception names, so writes stay idempotent
// (AlreadyExists on create -> update; not found on delete -> done) and reports name the cause.

interface AwsError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorCode(e: unknown): string {
  const err = e as AwsError;
  return err?.name ?? err?.Code ?? 'Error';
}

export function errorMessage(e: unknown): string {
  const err = e as AwsError;
  const code = errorCode(e);
  const msg = err?.message && err.message !== code ? err.message : '';
  return msg ? `${code}: ${msg}` : code;
}

const NOT_FOUND = new Set([
  'EntityNotFoundException', // Glue
  'ResourceNotFoundException', // EventBridge, Scheduler, SFN tags, CloudWatch Logs
  'StateMachineDoesNotExist', // SFN
  'NoSuchKey', // S3 GetObject
  'NotFound', // S3 HeadObject (no body, so only the status)
]);

export function isNotFound(e: unknown): boolean {
  const err = e as AwsError;
  return NOT_FOUND.has(errorCode(e)) || (err?.$metadata?.httpStatusCode === 404 && errorCode(e) !== 'NoSuchBucket');
}

/** The call's answer, or undefined when what it names does not exist (a delete of something gone is done). */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const ALREADY_EXISTS = new Set([
  'AlreadyExistsException', // Glue
  // Glue CreateJob answers a name already taken by a different definition with this one.
  'IdempotentParameterMismatchException',
  'ResourceAlreadyExistsException', // EventBridge buses, CloudWatch Logs
  'StateMachineAlreadyExists', // SFN (same name, different definition)
  'ConflictException', // Scheduler CreateSchedule/CreateScheduleGroup on an existing name
]);

export function isAlreadyExists(e: unknown): boolean {
  return ALREADY_EXISTS.has(errorCode(e));
}

/** A crawler that is running rejects UpdateCrawler with this. */
export function isCrawlerRunning(e: unknown): boolean {
  return errorCode(e) === 'CrawlerRunningException';
}

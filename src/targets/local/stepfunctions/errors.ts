// Errors raised by local Task handlers, named the way Step Functions names them so Retry and Catch
// (`ErrorEquals`) behave as on AWS. aws-local-stepfunctions takes an error's `name` as the ASL
// Error and its `message` as the Cause.

export class TaskError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/**
 * A failed `.sync` integration: Step Functions reports `States.TaskFailed` with the service's
 * description of the failed run (e.g. the Glue JobRun) as a JSON Cause.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-sync
 */
export function taskFailed(cause: unknown): TaskError {
  return new TaskError('States.TaskFailed', typeof cause === 'string' ? cause : JSON.stringify(cause));
}

/**
 * An error of a service API call: AWS SDK integrations raise `<Service>.<ExceptionName>`, e.g.
 * `Glue.EntityNotFoundException`, with the service's message as the Cause.
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
export function serviceError(service: string, exception: string, message: string): TaskError {
  return new TaskError(`${service}.${exception}`, message);
}

/** Maps an error thrown by a local service to the service's exception name (unknown ones become InternalServiceException). */
export function asServiceError(service: string, err: unknown): TaskError {
  if (err instanceof TaskError) return err;
  const e = err as { name?: string; message?: string };
  const exception = e?.name && /Exception$/.test(e.name) ? e.name : 'InternalServiceException';
  return serviceError(service, exception, e?.message ?? String(err));
}

/** A failure of an execution in the local interpreter (jsonata.ts, jsonpath-state.ts): ASL Error and Cause. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    readonly causeText: string,
  ) {
    super(causeText);
    this.name = error;
  }
}

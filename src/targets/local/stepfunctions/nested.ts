// Limits on nested executions (states:startExecution) started by one local run, so that a state
// machine that starts itself stops with a clear error instead of running away. AWS bounds open
// executions per account (ExecutionLimitExceeded); locally the bound is per run tree, and the
// started child fails its parent's Task with the same error name so Retry/Catch behave alike.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
import { TaskError } from './errors.js';

export interface NestedLimits {
  /** Longest chain parent -> child -> grandchild ... (the top-level execution is depth 0). */
  maxDepth: number;
  /** Executions one run may start in all, at every depth. */
  maxExecutions: number;
}

export const DEFAULT_NESTED_LIMITS: NestedLimits = { maxDepth: 10, maxExecutions: 200 };

/** The executions one top-level run has started; shared by every execution in the tree. */
export class ExecutionTree {
  started = 0;
  constructor(readonly limits: NestedLimits = DEFAULT_NESTED_LIMITS) {}

  /** Admits a child at `depth` started by `state`, or throws StepFunctions.ExecutionLimitExceeded. */
  admit(depth: number, state: string, machine: string): void {
    if (depth > this.limits.maxDepth)
      throw new TaskError(
        'StepFunctions.ExecutionLimitExceeded',
        `state "${state}" would start ${machine} at nesting depth ${depth}: the local target stops nested executions deeper than ${this.limits.maxDepth} (a state machine that starts itself without an end?)`,
      );
    if (this.started + 1 > this.limits.maxExecutions)
      throw new TaskError(
        'StepFunctions.ExecutionLimitExceeded',
        `state "${state}" would start execution ${this.started + 1} of ${machine}: the local target allows ${this.limits.maxExecutions} nested executions per run`,
      );
    this.started++;
  }
}

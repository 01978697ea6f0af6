// EventBridge Scheduler schedules back to `schedules:`: the reverse of the schedule part of
// planner/desired/events.ts (a state machine target with its input, or Scheduler's universal
// glue:startWorkflowRun target naming the workflow).
import type { ScheduleConfig } from '../model/schema.js';
import type { ImportContext } from './context.js';
import { orchestrationOf, type Orchestration } from './events.js';
import type { Converted } from './glue-jobs.js';
import type { Found } from './read.js';

interface Target {
  Arn?: string;
  Input?: string;
}

const START_WORKFLOW_RUN = /^arn:[^:]+:scheduler:::aws-sdk:glue:startWorkflowRun$/;

/** What the schedule starts, or why the model cannot express its target. */
export function scheduleTarget(
  c: ImportContext,
  f: Found,
): { starts: Orchestration; input?: unknown } | { reason: string } {
  const t = (f.actual.spec.Target as Target | undefined) ?? {};
  let input: unknown;
  try {
    input = t.Input === undefined ? undefined : JSON.parse(t.Input);
  } catch {
    return { reason: 'its target input is not JSON' };
  }
  if (t.Arn && START_WORKFLOW_RUN.test(t.Arn)) {
    const name = (input as { Name?: unknown } | undefined)?.Name;
    if (typeof name !== 'string' || Object.keys(input as object).length !== 1)
      return { reason: 'its glue:startWorkflowRun input is not {"Name": <workflow>} alone' };
    return { starts: { kind: 'workflow', physical: name } };
  }
  const starts = orchestrationOf(c, t.Arn);
  if (starts?.kind !== 'stateMachine')
    return { reason: `its target ${t.Arn} is not a state machine or a Glue workflow run of this account and region` };
  return { starts, input };
}

export function convertSchedule(c: ImportContext, f: Found): Converted<ScheduleConfig> {
  const s = f.actual.spec;
  const t = scheduleTarget(c, f);
  if ('reason' in t) return { skip: t.reason };
  if (c.logical(t.starts.kind, t.starts.physical) === undefined)
    return { skip: `the ${t.starts.kind} it starts (${t.starts.physical}) is not imported` };
  const config: ScheduleConfig = {
    ...(s.Description ? { description: String(s.Description) } : {}),
    expression: String(s.ScheduleExpression),
    target: t.starts.kind,
  };
  if (s.ScheduleExpressionTimezone && s.ScheduleExpressionTimezone !== 'UTC')
    config.timezone = String(s.ScheduleExpressionTimezone);
  if (t.input !== undefined && !(typeof t.input === 'object' && t.input && !Object.keys(t.input).length))
    config.input = c.unsub.json(t.input);
  const window = s.FlexibleTimeWindow as { Mode?: string; MaximumWindowInMinutes?: number } | undefined;
  if (window?.Mode === 'FLEXIBLE' && window.MaximumWindowInMinutes)
    config.flexibleWindowMinutes = window.MaximumWindowInMinutes;
  if (s.State === 'DISABLED') config.enabled = false;
  return { config };
}

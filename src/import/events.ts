// EventBridge buses and rules back to `eventBuses:` and `rules:`: the reverse of the rule part of
// planner/desired/events.ts. The model's rules start their pipeline's state machine or workflow
// through one target; other rules cannot be expressed.
import type { RuleConfig } from '../model/schema.js';
import { glueArn, stateMachineArn } from '../planner/names.js';
import type { ImportContext } from './context.js';
import type { Converted } from './glue-jobs.js';
import type { Found } from './read.js';

interface Target {
  Id?: string;
  Arn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: unknown;
}

export type Orchestration = { kind: 'stateMachine' | 'workflow'; physical: string };

/** What a target ARN starts, when it is a state machine or Glue workflow of this account. */
export function orchestrationOf(c: ImportContext, arn: string | undefined): Orchestration | undefined {
  if (!arn) return undefined;
  const sm = /:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(arn)?.[1];
  if (sm && arn === stateMachineArn(c.ctx, sm)) return { kind: 'stateMachine', physical: sm };
  const wf = /:glue:[^:]*:[^:]*:workflow\/(.+)$/.exec(arn)?.[1];
  if (wf && arn === glueArn(c.ctx, 'workflow', wf)) return { kind: 'workflow', physical: wf };
  return undefined;
}

/** The rule's single target, or why the model cannot express its targets. */
export function ruleTarget(c: ImportContext, f: Found): { target: Target; starts: Orchestration } | { reason: string } {
  const s = f.actual.spec;
  if (s.ManagedBy) return { reason: `it is managed by ${String(s.ManagedBy)}` };
  const targets = (s.Targets as Target[] | undefined) ?? [];
  if (targets.length !== 1)
    return { reason: `it has ${targets.length} targets; a lakeops rule starts exactly one orchestration` };
  const starts = orchestrationOf(c, targets[0]!.Arn);
  if (!starts)
    return {
      reason: `its target ${targets[0]!.Arn} is not a state machine or Glue workflow of this account and region`,
    };
  return { target: targets[0]!, starts };
}

export function convertRule(c: ImportContext, f: Found): Converted<RuleConfig> {
  const s = f.actual.spec;
  const t = ruleTarget(c, f);
  if ('reason' in t) return { skip: t.reason };
  if (c.logical(t.starts.kind, t.starts.physical) === undefined)
    return { skip: `the ${t.starts.kind} it starts (${t.starts.physical}) is not imported` };
  if (t.target.InputPath || t.target.InputTransformer)
    return {
      skip: 'its target reshapes the event (InputPath / InputTransformer); lakeops rules pass a fixed input or the event',
    };
  const bus = String(s.EventBusName ?? 'default');
  const busLogical = bus === 'default' ? 'default' : c.logical('eventBus', bus);
  if (busLogical === undefined) return { skip: `its event bus ${bus} is not imported` };
  const config: RuleConfig = {
    ...(s.Description ? { description: String(s.Description) } : {}),
    target: t.starts.kind,
  };
  if (busLogical !== 'default') config.bus = busLogical;
  if (typeof s.EventPattern === 'string') {
    try {
      config.pattern = c.unsub.json(JSON.parse(s.EventPattern) as Record<string, unknown>);
    } catch {
      return { skip: 'its event pattern is not JSON' };
    }
  }
  if (s.ScheduleExpression) config.schedule = String(s.ScheduleExpression);
  if (t.target.Input !== undefined) {
    try {
      config.input = c.unsub.json(JSON.parse(t.target.Input));
    } catch {
      return { skip: 'its target input is not JSON' };
    }
  }
  return { config };
}

export function convertBus(f: Found): { description?: string } {
  const d = f.actual.spec.Description;
  return d ? { description: String(d) } : {};
}

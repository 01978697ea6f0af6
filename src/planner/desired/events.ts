// EventBridge buses and rules, and EventBridge Scheduler schedules, aimed at the pipeline's
// state machine or Glue workflow.
import type { Pipeline } from '../../model/project.js';
import type { JsonPath } from '../../model/source-file.js';
import { glueArn, roleArn, roleFor, stateMachineArn } from '../names.js';
import type { Builder } from './builder.js';

function targetArn(b: Builder, p: Pipeline, path: JsonPath, target: 'stateMachine' | 'workflow'): string | undefined {
  if (target === 'stateMachine' && p.stateMachineName)
    return stateMachineArn(b.ctx, b.phys('stateMachine', p.stateMachineName));
  if (target === 'workflow' && p.workflowName) return glueArn(b.ctx, 'workflow', b.phys('workflow', p.workflowName));
  b.problem(p, path, `target "${target}" but pipeline "${p.name}" defines no ${target}`, 'ref-target');
  return undefined;
}

export function events(b: Builder, p: Pipeline): void {
  for (const [logical, bus] of Object.entries(p.config.eventBuses ?? {})) {
    b.add(
      {
        kind: 'eventBus',
        name: b.phys('eventBus', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, ['eventBuses', logical]),
        spec: { Description: bus.description },
        tags: b.tags(p),
      },
      p,
      ['eventBuses', logical],
    );
  }
  for (const [logical, r] of Object.entries(p.config.rules ?? {})) {
    const path: JsonPath = ['rules', logical];
    const arn = targetArn(b, p, [...path, 'target'], r.target);
    b.add(
      {
        kind: 'rule',
        name: b.phys('rule', logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          EventBusName: b.phys('eventBus', r.bus ?? 'default'),
          Description: r.description,
          EventPattern: r.pattern ? b.json(p, [...path, 'pattern'], r.pattern) : undefined,
          ScheduleExpression: r.schedule,
          State: 'ENABLED',
          Targets: [
            {
              Id: r.target,
              Arn: arn,
              RoleArn: roleArn(b.ctx, roleFor(b.env, 'events', `rule "${logical}" (${p.source.path})`)),
              ...(r.input !== undefined ? { Input: JSON.stringify(b.json(p, [...path, 'input'], r.input)) } : {}),
            },
          ],
        },
        tags: b.tags(p),
      },
      p,
      path,
    );
  }
}

/** EventBridge Scheduler's universal target for Glue StartWorkflowRun (there is no templated Glue target). */
const START_WORKFLOW_RUN = (partition: string) => `arn:${partition}:scheduler:::aws-sdk:glue:startWorkflowRun`;

export function schedules(b: Builder, p: Pipeline, group: string): boolean {
  let any = false;
  for (const [logical, s] of Object.entries(p.config.schedules ?? {})) {
    any = true;
    const path: JsonPath = ['schedules', logical];
    const role = roleArn(b.ctx, roleFor(b.env, 'scheduler', `schedule "${logical}" (${p.source.path})`));
    const target =
      s.target === 'workflow' && p.workflowName
        ? {
            Arn: START_WORKFLOW_RUN(b.ctx.partition),
            RoleArn: role,
            Input: JSON.stringify({ Name: b.phys('workflow', p.workflowName) }),
          }
        : {
            Arn: targetArn(b, p, [...path, 'target'], s.target),
            RoleArn: role,
            Input: JSON.stringify(b.json(p, [...path, 'input'], s.input ?? {})),
          };
    b.add(
      {
        kind: 'schedule',
        name: `${group}/${b.phys('schedule', logical)}`,
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          GroupName: group,
          Description: s.description,
          ScheduleExpression: s.expression,
          ScheduleExpressionTimezone: s.timezone,
          State: s.enabled === false ? 'DISABLED' : 'ENABLED',
          FlexibleTimeWindow: s.flexibleWindowMinutes
            ? { Mode: 'FLEXIBLE', MaximumWindowInMinutes: s.flexibleWindowMinutes }
            : { Mode: 'OFF' },
          Target: target,
        },
        // Schedules cannot carry tags: ownership is their group's.
        tags: {},
      },
      p,
      path,
    );
  }
  return any;
}

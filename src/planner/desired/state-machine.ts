// The state machine: its definition after ${Name} substitution, role, logging and tracing.
import { jsonStringEscape } from '../../model/environment.js';
import type { Pipeline } from '../../model/project.js';
import type { JsonPath } from '../../model/source-file.js';
import { logGroupArn, roleArn, roleFor, stateMachineLogGroup } from '../names.js';
import type { Builder } from './builder.js';

export function stateMachine(b: Builder, p: Pipeline): void {
  const sm = p.config.stateMachine;
  if (!sm || !p.stateMachineName || !p.definitionFile) return;
  const path: JsonPath = ['stateMachine'];
  const name = b.phys('stateMachine', p.stateMachineName);
  const raw = b.readFile(p, [...path, 'definition'], p.definitionFile).toString('utf8');
  let definition: unknown = {};
  const text = b.text(p, [...path, 'definition'], raw, jsonStringEscape);
  try {
    definition = JSON.parse(text);
  } catch (e) {
    b.problem(
      p,
      [...path, 'definition'],
      `${p.definitionFile} is not valid JSON after substitution: ${(e as Error).message}`,
      'asl',
    );
  }
  const level = sm.logging?.level ?? 'OFF';
  b.add(
    {
      kind: 'stateMachine',
      name,
      logical: p.stateMachineName,
      pipeline: p.name,
      ...b.where(p, path),
      spec: {
        definition,
        roleArn: roleArn(
          b.ctx,
          roleFor(b.env, 'stateMachine', `state machine "${p.stateMachineName}" (${p.source.path})`),
        ),
        type: sm.type ?? 'STANDARD',
        loggingConfiguration: {
          level,
          includeExecutionData: sm.logging?.includeExecutionData ?? false,
          ...(level !== 'OFF'
            ? {
                destinations: [
                  { cloudWatchLogsLogGroup: { logGroupArn: logGroupArn(b.ctx, stateMachineLogGroup(name)) } },
                ],
              }
            : {}),
        },
        tracingConfiguration: { enabled: sm.tracing ?? false },
      },
      tags: b.tags(p),
    },
    p,
    path,
  );
}

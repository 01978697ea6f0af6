// Schedule expressions and event patterns in pipeline.yaml, placed at the offending field.
// Which kinds each service takes: EventBridge Scheduler cron/rate/at; EventBridge rules cron/rate;
// Glue triggers and crawlers cron only.
import type { Diagnostic } from '../model/diagnostics.js';
import type { Pipeline } from '../model/project.js';
import type { JsonPath } from '../model/source-file.js';
import type { ValidationContext } from './context.js';
import { checkEventPattern } from './event-pattern.js';
import { checkScheduleExpression, type ExpressionKind } from './schedule-expression.js';

/** Position of a character inside a single-line scalar (skipping an opening quote). */
function atOffset(p: Pipeline, path: JsonPath, offset: number | undefined) {
  const pos = p.source.locate(path);
  if (offset === undefined) return pos;
  const lineText = p.source.text.split('\n')[pos.line - 1] ?? '';
  const quote = /["']/.test(lineText[pos.column - 1] ?? '') ? 1 : 0;
  return { line: pos.line, column: pos.column + quote + offset };
}

export function checkExpression(
  p: Pipeline,
  path: JsonPath,
  expression: string,
  allowed: ExpressionKind[],
  what: string,
): Diagnostic[] {
  const { kind, problem } = checkScheduleExpression(expression, allowed);
  if (!problem) return [];
  return [
    {
      file: p.source.path,
      ...atOffset(p, path, problem.offset),
      severity: 'error',
      message: `${what}: ${problem.message}`,
      rule: kind,
    },
  ];
}

export function checkSchedules(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ctx.project.pipelines) {
    const c = p.config;
    for (const [n, s] of Object.entries(c.schedules ?? {})) {
      out.push(
        ...checkExpression(p, ['schedules', n, 'expression'], s.expression, ['cron', 'rate', 'at'], `schedule ${n}`),
      );
      if (s.timezone) {
        try {
          new Intl.DateTimeFormat('en', { timeZone: s.timezone });
        } catch {
          out.push(
            p.source.diagnostic(
              ['schedules', n, 'timezone'],
              `schedule ${n}: "${s.timezone}" is not an IANA time zone (e.g. Europe/Paris, UTC)`,
              'schedule-timezone',
            ),
          );
        }
      }
    }
    for (const [n, r] of Object.entries(c.rules ?? {})) {
      if (r.schedule)
        out.push(...checkExpression(p, ['rules', n, 'schedule'], r.schedule, ['cron', 'rate'], `rule ${n}`));
      if (r.pattern)
        for (const problem of checkEventPattern(r.pattern))
          out.push(
            p.source.diagnostic(
              ['rules', n, 'pattern', ...problem.path],
              `rule ${n} event pattern: ${problem.message}`,
              'event-pattern',
            ),
          );
    }
    for (const [n, cr] of Object.entries(c.crawlers ?? {}))
      if (cr.schedule)
        out.push(...checkExpression(p, ['crawlers', n, 'schedule'], cr.schedule, ['cron'], `crawler ${n}`));
    // Workflow trigger schedules are checked with the trigger graph (workflow.ts).
  }
  return out;
}

// Run inputs: a pipeline's inputSchema must be a valid JSON Schema, and the default local run input
// (local.input) must satisfy it, so `lakeops run` with no --input starts rather than fails.
// Schedule and rule inputs are not checked: they carry placeholders (<aws.scheduler.scheduled-time>)
// that AWS fills in when the event fires.
import { ConfigError, type Diagnostic } from '../model/diagnostics.js';
import { runInputProblems } from '../model/run-input.js';
import type { ValidationContext } from './context.js';

export function checkInputs(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ctx.project.pipelines) {
    if (!p.config.inputSchema) continue;
    const input = p.config.local?.input;
    let problems: string[];
    try {
      problems = runInputProblems(p, input ?? {});
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // The inputSchema itself is not valid. Ajv names where ("data/properties/day/type must be
      // ..."): point at that line of the schema rather than at inputSchema.
      for (const d of e.diagnostics) {
        const where = /schema is invalid: data((?:\/[^\s/]+)+) /.exec(d.message)?.[1];
        const path = where
          ?.split('/')
          .slice(1)
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        out.push(path ? { ...d, ...p.source.locate(['inputSchema', ...path]) } : d);
      }
      continue;
    }
    // Only a declared local.input must fit; checking {} above still compiles the inputSchema.
    if (problems.length && input !== undefined)
      out.push(
        p.source.diagnostic(
          ['local', 'input'],
          `local.input does not match inputSchema: ${problems.join('; ')}`,
          'input-schema',
        ),
      );
  }
  return out;
}

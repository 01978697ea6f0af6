// `external:` entries of lakeops.yaml (resources owned elsewhere): none may also be something the
// project creates, since plan and deploy would then have to both manage and never touch it.
import type { Diagnostic } from '../model/diagnostics.js';
import type { ExternalResource } from '../model/external.js';
import type { ValidationContext, Declaration } from './context.js';

export function checkExternal(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const src = ctx.project.source;
  const at = (e: ExternalResource) => `lakeops.yaml:${src.locate(e.path, { key: true }).line}`;
  const clash = (e: ExternalResource, decls: Declaration[] | undefined, what: string) => {
    for (const d of decls ?? [])
      out.push(
        d.pipeline.source.diagnostic(
          d.path,
          `${what} "${e.logical}" is declared here and listed as external (owned elsewhere) at ${at(e)}; plan and deploy never touch an external resource: remove one of them`,
          'external-conflict',
          { key: true },
        ),
      );
  };
  for (const e of ctx.env.external.values()) {
    if (e.kind === 'database') clash(e, ctx.databases.get(e.logical), 'database');
    if (e.kind === 'job') clash(e, ctx.jobs.get(e.logical), 'job');
    if (e.kind === 'stateMachine') clash(e, ctx.stateMachines.get(e.logical), 'state machine');
    if (e.kind === 'table') {
      const [database] = e.logical.split('.');
      if (!ctx.databases.has(database!) && !ctx.env.externalOf('database', database!))
        out.push(
          src.diagnostic(
            e.path,
            `external table ${e.logical} names database "${database}", which is neither a database of the project nor listed under external.databases`,
            'ref-database',
            { key: true },
          ),
        );
    }
  }
  return out;
}

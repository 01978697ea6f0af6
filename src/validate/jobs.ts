// The shape of each job beyond what the JSON Schema can say: a job is either a SQL job (sql +
// output(s)) or a script job, inputs name either a catalog table or an S3 path with a format, and
// a local stand-in comes with its output.
import type { Diagnostic } from '../model/diagnostics.js';
import type { ValidationContext } from './context.js';

export function checkJobs(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ctx.project.pipelines) {
    for (const job of p.jobs) {
      const c = job.config;
      const at = ['jobs', job.name];
      const d = (path: (string | number)[], message: string, severity: Diagnostic['severity'] = 'error') =>
        out.push(
          p.source.diagnostic([...at, ...path], `job ${job.name}: ${message}`, 'job-shape', {
            severity,
            key: path.length === 0, // a job missing something: its name's line
          }),
        );
      if (c.script && (c.sql || c.output || c.outputs))
        d(['script'], 'has both script: and sql:/output:; a job is either a SQL job or a script job');
      if (job.kind === 'sql') {
        if (!c.output && !c.outputs) d([], 'a SQL job needs output: (or outputs:), or script: for a script job');
        else if (job.outputs.length < (c.outputs?.length ?? 0) + (c.output ? 1 : 0))
          d(c.outputs ? ['outputs'] : ['output'], 'every output needs SQL: set sql: on the job or on each output');
        if (c.localSql) d(['localSql'], 'localSql: is for script jobs; a SQL job runs its own SQL locally', 'warning');
      } else {
        if (c.localSql && !c.localOutput) d(['localSql'], 'localSql: needs localOutput: saying where its result goes');
        if (c.localOutput && !c.localSql) d(['localOutput'], 'localOutput: needs localSql: (the local stand-in SQL)');
        if (!/\.(py|scala)$/.test(c.script!))
          d(['script'], `script "${c.script}" is neither a .py nor a .scala file`, 'warning');
      }
      const names = new Set<string>();
      (c.inputs ?? []).forEach((input, i) => {
        if (!input.table === !input.path)
          d(
            input.path ? ['inputs', i, 'path'] : ['inputs', i],
            `input "${input.name}" needs exactly one of table: or path:${input.path ? '; drop one' : ''}`,
          );
        if (input.path && !input.format)
          d(['inputs', i], `input "${input.name}" reads an S3 path and needs format: (parquet, json or csv)`);
        if (names.has(input.name)) d(['inputs', i, 'name'], `input name "${input.name}" is used twice`);
        names.add(input.name);
      });
    }
  }
  return out;
}

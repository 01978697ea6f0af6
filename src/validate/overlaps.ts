// Two writers of the same data: job outputs (in one pipeline or two) whose S3 prefixes are equal or
// nested, or that feed the same catalog table. The later run silently replaces (or mixes into) the
// other's data, so it is an error unless every output involved says `shared: true`.
// One sort of all output prefixes and a sweep with a stack of open prefixes finds every nested
// pair's nearest ancestor in O(n log n), instead of comparing every output with every other.
import type { Diagnostic } from '../model/diagnostics.js';
import type { Pipeline } from '../model/project.js';
import type { JsonPath } from '../model/source-file.js';
import type { ValidationContext } from './context.js';

interface Writer {
  pipeline: Pipeline;
  job: string;
  path: JsonPath;
  prefix: string;
  table?: string;
  shared: boolean;
}

function writers(ctx: ValidationContext): Writer[] {
  const out: Writer[] = [];
  for (const p of ctx.project.pipelines)
    for (const job of p.jobs) {
      const c = job.config;
      const list: [NonNullable<typeof c.output>, JsonPath][] = (c.outputs ?? []).map((o, i) => [
        o,
        ['jobs', job.name, 'outputs', i],
      ]);
      if (c.output) list.unshift([c.output, ['jobs', job.name, 'output']]);
      for (const [o, path] of list) {
        if (!o.path) continue;
        const prefix = o.path.endsWith('/') ? o.path : `${o.path}/`;
        out.push({ pipeline: p, job: job.name, path, prefix, table: o.table, shared: o.shared === true });
      }
    }
  return out;
}

const label = (w: Writer) => `job ${w.job} (pipeline ${w.pipeline.name})`;

export function checkOverlaps(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const all = writers(ctx);
  const report = (w: Writer, other: Writer, what: string, field: string) => {
    if (w.shared && other.shared) return;
    out.push(
      w.pipeline.source.diagnostic(
        [...w.path, field],
        `${label(w)} writes ${what} that ${label(other)} also writes: the later run replaces or mixes into the other's data; give each its own ${field === 'table' ? 'table' : 'prefix'}, or set shared: true on both outputs if that is intended`,
        'output-overlap',
      ),
    );
  };
  const sorted = [...all].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const open: Writer[] = [];
  for (const w of sorted) {
    while (open.length && !w.prefix.startsWith(open[open.length - 1]!.prefix)) open.pop();
    const parent = open[open.length - 1];
    if (parent)
      report(
        w,
        parent,
        parent.prefix === w.prefix ? `prefix ${w.prefix}` : `under prefix ${parent.prefix} (its ${w.prefix})`,
        'path',
      );
    open.push(w);
  }
  const byTable = new Map<string, Writer>();
  for (const w of all) {
    if (!w.table) continue;
    const first = byTable.get(w.table);
    if (first) report(w, first, `table ${w.table}`, 'table');
    else byTable.set(w.table, w);
  }
  return out;
}

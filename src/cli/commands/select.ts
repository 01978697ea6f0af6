// Which pipelines `lakeops run --all` / `--select` names. Selectors (dbt's spelling):
//   NAME          that pipeline
//   tag:KEY       pipelines whose tags: have KEY (tag:KEY=VALUE: with that value)
//   +NAME         NAME and every pipeline upstream of it (producing a table or S3 path it reads),
//                 upstream first
// Unknown names and selectors matching nothing are usage errors naming the selector.
import { ConfigError } from '../../model/diagnostics.js';
import type { Pipeline, Project } from '../../model/project.js';

/** What a pipeline writes (tables "db.t" and S3 prefixes) and reads. */
function io(p: Pipeline): { writes: string[]; reads: string[] } {
  const writes: string[] = [];
  const reads: string[] = [];
  for (const j of p.jobs) {
    for (const o of [...j.outputs, ...(j.config.localOutput ? [j.config.localOutput] : [])]) {
      if (o.table) writes.push(o.table.toLowerCase());
      writes.push(o.path);
    }
    for (const i of j.config.inputs ?? []) {
      if (i.table) reads.push(i.table.toLowerCase());
      if (i.path) reads.push(i.path);
    }
  }
  for (const c of Object.values(p.config.crawlers ?? {})) for (const t of c.targets) reads.push(t.path);
  return { writes, reads };
}

const feeds = (written: string, read: string) =>
  written === read || (written.startsWith('s3://') && (read.startsWith(written) || written.startsWith(read)));

/** Pipelines that produce something `p` reads (directly). */
export function upstreamOf(project: Project, p: Pipeline): Pipeline[] {
  const { reads } = io(p);
  return project.pipelines.filter((q) => q.name !== p.name && io(q).writes.some((w) => reads.some((r) => feeds(w, r))));
}

export function selectPipelines(project: Project, selectors: string[]): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  const byName = (n: string, sel: string) => {
    const p = project.pipelines.find((x) => x.name === n);
    if (!p)
      throw new ConfigError(
        `--select ${sel}: no pipeline "${n}"; the project has ${project.pipelines.map((x) => x.name).join(', ')}`,
      );
    return p;
  };
  for (const sel of selectors) {
    if (sel.startsWith('tag:')) {
      const [key, value] = sel.slice(4).split('=', 2) as [string, string | undefined];
      const hits = project.pipelines.filter((p) => {
        const tags = p.config.tags ?? {};
        return key in tags && (value === undefined || tags[key] === value);
      });
      if (!hits.length) throw new ConfigError(`--select ${sel} matches no pipeline (tags: in pipeline.yaml)`);
      hits.forEach((p) => add(p.name));
    } else if (sel.startsWith('+')) {
      // Depth first, upstream before the pipeline itself; a cycle is walked once.
      const seen = new Set<string>();
      const visit = (p: Pipeline) => {
        if (seen.has(p.name)) return;
        seen.add(p.name);
        for (const u of upstreamOf(project, p)) visit(u);
        add(p.name);
      };
      visit(byName(sel.slice(1), sel));
    } else add(byName(sel, sel).name);
  }
  return out;
}

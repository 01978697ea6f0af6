// Which catalog tables the project itself brings into being: tables its crawlers create, tables
// its job outputs declare, and its views. A job input naming database.table must be one of these.
//
// A crawler names a table after the folder it finds the data in: the target folder itself, or, when
// the target holds one folder per dataset, each such subfolder. Table names keep only letters,
// digits and "_" and are lower case (Hive), with the crawler's table prefix in front
// (https://docs.aws.amazon.com/glue/latest/dg/crawler-running.html). Which subfolders exist is
// only known at run time, so every S3 path the project writes or lands data at under a target
// stands in for one.
import type { Project } from '../model/project.js';
import { walkStrings } from './context.js';

export interface KnownTable {
  database: string;
  table: string;
  /** What produces it, for messages. */
  origin: string;
  /** A crawler's table: the S3 folder its data is read from. */
  folder?: string;
}

export function tableNameOfFolder(folder: string, prefix = ''): string {
  return (prefix + folder).toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function segments(uri: string): string[] {
  return uri
    .replace(/^s3:\/\//, '')
    .split('/')
    .filter(Boolean);
}

/** Every s3:// string in the project's pipelines (outputs, inputs, samples, crawler targets). */
function projectPaths(project: Project): string[] {
  const out: string[] = [];
  for (const p of project.pipelines)
    walkStrings(p.config, (s) => {
      if (s.startsWith('s3://')) out.push(s);
    });
  return out;
}

/** A tree of S3 path segments: each node's children are the folders below it. */
interface PathNode {
  children: Map<string, PathNode>;
}

function pathTree(paths: string[][]): PathNode {
  const root: PathNode = { children: new Map() };
  for (const segs of paths) {
    let node = root;
    for (const seg of segs) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = { children: new Map() }));
      node = next;
    }
  }
  return root;
}

/**
 * Every table the project produces. The folders under each crawler target come from one tree of
 * all the project's S3 paths (one walk down per target), not from comparing every target with
 * every path, so this stays linear in the size of the project.
 */
export function knownTables(project: Project): KnownTable[] {
  const tables: KnownTable[] = [];
  const tree = pathTree(projectPaths(project).map(segments));
  for (const p of project.pipelines) {
    for (const [crawlerName, crawler] of Object.entries(p.config.crawlers ?? {})) {
      const origin = `crawler ${crawlerName}`;
      for (const target of crawler.targets) {
        const t = segments(target.path);
        const last = t[t.length - 1];
        if (t.length > 1 && last)
          tables.push({
            database: crawler.database,
            table: tableNameOfFolder(last, crawler.tablePrefix),
            origin,
            folder: target.path,
          });
        let node: PathNode | undefined = tree;
        for (const seg of t) node = node?.children.get(seg);
        for (const child of node?.children.keys() ?? []) {
          if (child.includes('=')) continue; // a Hive partition folder of the target's own table
          tables.push({
            database: crawler.database,
            table: tableNameOfFolder(child, crawler.tablePrefix),
            origin,
            folder: `${target.path.replace(/\/+$/, '')}/${child}`,
          });
        }
      }
    }
    for (const job of p.jobs)
      for (const o of [...job.outputs, ...(job.config.localOutput ? [job.config.localOutput] : [])]) {
        const ref = o.table?.split('.');
        if (ref?.length === 2) tables.push({ database: ref[0]!, table: ref[1]!, origin: `job ${job.name}` });
      }
    for (const [viewName, view] of Object.entries(p.config.views ?? {}))
      tables.push({ database: view.database, table: viewName, origin: `view ${viewName}` });
    // Tables declared under tables: (created by deploy).
    for (const t of p.tables) tables.push({ database: t.database, table: t.name, origin: `table ${t.name}` });
  }
  return tables;
}

/** knownTables indexed by "database.table" and by database, for lookups. */
export interface TableIndex {
  all: KnownTable[];
  has(database: string, table: string): boolean;
  inDatabase(database: string): string[];
}

export function indexTables(tables: KnownTable[]): TableIndex {
  const keys = new Set(tables.map((t) => `${t.database}.${t.table}`));
  const byDb = new Map<string, Set<string>>();
  for (const t of tables) {
    let set = byDb.get(t.database);
    if (!set) byDb.set(t.database, (set = new Set()));
    set.add(t.table);
  }
  return {
    all: tables,
    has: (d, t) => keys.has(`${d}.${t}`),
    inDatabase: (d) => [...(byDb.get(d) ?? [])].sort(),
  };
}

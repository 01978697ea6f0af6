// Which catalog tables the project itself brings into being: tables its crawlers create, tables
// its job outputs declare, and its views. A job input naming database.table must be one of these.
//
// Which tables a crawler creates, and their names, come from the function the local crawler lays
// out its tables with (planTableRoots in targets/local/crawler-naming.ts), so validate and local
// runs agree: the folder (or bucket) a table is found in names it, TableLevelConfiguration fixes
// the level, CombineCompatibleSchemas makes one table per include path. Only the files' schemas
// can tell whether sibling folders are one table or several; validate does not read data, so there
// it lists both. The folders below a target are the S3 paths the project writes or lands data at.
import type { Project } from '../model/project.js';
import {
  addFile,
  emptyFolder,
  groupingOf,
  planTableRootsWith,
  tableNameFor,
  type FolderTree,
} from '../targets/local/crawler-naming.js';
import { excludedBy } from '../targets/local/glue-glob.js';
import { walkStrings } from './context.js';

export interface KnownTable {
  database: string;
  table: string;
  /** What produces it, for messages. */
  origin: string;
  /** A crawler's table: the S3 folder its data is read from. */
  folder?: string;
}

/** Glue's table name for a folder (one rule with the local crawler). */
export const tableNameOfFolder = tableNameFor;

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

/** A path naming an object (a sample file, a script), not a folder: a last segment with an extension. */
const namesAFile = (uri: string) => !uri.endsWith('/') && /\.[A-Za-z0-9]{1,10}$/.test(uri);

/** A copy of a folder tree without the folders an exclusion matches (as a folder or its contents). */
function withoutExcluded(tree: FolderTree, excluded: (key: string) => boolean, at = ''): FolderTree {
  const out: FolderTree = { files: tree.files, children: new Map() };
  for (const [name, child] of tree.children) {
    const rel = at ? `${at}/${name}` : name;
    if (excluded(rel) || excluded(`${rel}/`)) continue;
    out.children.set(name, withoutExcluded(child, excluded, rel));
  }
  return out;
}

/**
 * Every table the project produces. The folders under each crawler target come from one tree of
 * all the project's S3 paths (bucket first), not from comparing every target with every path, so
 * this stays linear in the size of the project.
 */
export function knownTables(project: Project, bucketOf: (alias: string) => string = (b) => b): KnownTable[] {
  const tables: KnownTable[] = [];
  const tree = emptyFolder();
  for (const uri of projectPaths(project)) {
    const segs = segments(uri);
    if (namesAFile(uri)) addFile(tree, segs.slice(0, -1));
    else addFile(tree, segs, false);
  }
  for (const p of project.pipelines) {
    for (const [crawlerName, crawler] of Object.entries(p.config.crawlers ?? {})) {
      const origin = `crawler ${crawlerName}`;
      for (const target of crawler.targets) {
        const [bucket, ...key] = segments(target.path);
        if (!bucket) continue;
        // A table at the bucket root is named after the bucket's name in the environment.
        const alias = /^\$\{([^}]+)\}$/.exec(bucket)?.[1];
        let bucketName = bucket;
        try {
          if (alias) bucketName = bucketOf(alias);
        } catch {
          /* an undeclared bucket alias is reported by the references check */
        }
        let node = tree.children.get(bucket);
        for (const seg of key) node = node?.children.get(seg);
        if (!node) continue;
        // The target's exclude patterns (Glue's globs, as the local crawler applies them).
        if (target.exclusions?.length) node = withoutExcluded(node, excludedBy(target.exclusions));
        // Unknown whether sibling folders share a schema: both outcomes are listed.
        const roots = planTableRootsWith(bucketName, key, node, groupingOf(crawler.configuration), () => undefined);
        for (const r of roots)
          tables.push({
            database: crawler.database,
            table: tableNameFor(r.folder, crawler.tablePrefix),
            origin,
            // The folder its data is read from (the column check reads samples there).
            folder: `s3://${[bucket, ...r.key].join('/')}`,
          });
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

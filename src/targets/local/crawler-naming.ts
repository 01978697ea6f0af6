// Where a Glue crawler puts its tables and what it names them, from the folder layout alone. One
// function for both sides: the local crawler (crawler.ts) answers its questions from the files'
// schemas, `lakeops validate` (validate/tables.ts) from the S3 paths the project names, answering
// "unknown" where only the data could tell, and then lists every table either answer would give.
//
// Glue's rules, each from the page that documents it:
// - "How does a crawler determine when to create partitions?"
//   (https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html): the table
//   is named after the folder it is found in (the bucket, for data at a bucket root); folders below
//   a table are its partitions (key=value folders by key, others partition_<i>); sibling folders
//   whose schemas are similar (same format, most columns in common) are partitions of one table,
//   dissimilar ones each become a table (also when they are key=value folders: the example on the
//   grouping page gets tables year_2017 and year_2018).
// - "Creating a single schema for each Amazon S3 include path"
//   (https://docs.aws.amazon.com/glue/latest/dg/crawler-grouping-policy.html): with
//   Grouping.TableGroupingPolicy = CombineCompatibleSchemas schema similarity is ignored: one table
//   per include path when the data is compatible (same format).
// - "Specifying the table location and partitioning level"
//   (https://docs.aws.amazon.com/glue/latest/dg/crawler-table-level.html): with
//   Grouping.TableLevelConfiguration = N tables are created at that absolute level from the bucket
//   (the bucket is level 1: for bucket/year/month/day/hour, level 3 gives tables at bucket/year/month).

/** Glue's table name for a folder: lower case, characters other than letters, digits and "_" as "_". */
export function tableNameFor(folder: string, prefix = ''): string {
  return (prefix + folder).toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export const HIVE_SEGMENT = /^([^=/]+)=(.*)$/;

/** A folder: how many data files it holds directly, and the folders below it. */
export interface FolderTree {
  files: number;
  children: Map<string, FolderTree>;
}

export const emptyFolder = (): FolderTree => ({ files: 0, children: new Map() });

/** Adds one file (its folder segments) to a tree. */
export function addFile(tree: FolderTree, dirs: string[], isFile = true): void {
  let node = tree;
  for (const d of dirs) {
    let next = node.children.get(d);
    if (!next) node.children.set(d, (next = emptyFolder()));
    node = next;
  }
  if (isFile) node.files++;
}

export interface GroupingOptions {
  /** Grouping.TableGroupingPolicy = CombineCompatibleSchemas. */
  combineCompatibleSchemas?: boolean;
  /** Grouping.TableLevelConfiguration: the absolute level of the tables (bucket = 1). */
  tableLevel?: number;
}

/**
 * A question the layout cannot answer: do these sibling folders (under `key`) hold one dataset?
 * The crawler answers from the files' schemas; validate answers undefined (unknown).
 */
export interface SimilarQuestion {
  /** Key segments (below the bucket) of the parent folder. */
  key: string[];
  subfolders: string[];
}

/** A table a crawler creates: its folder (key segments below the bucket) and its name. */
export interface TableRootPlan {
  key: string[];
  /** The folder's name (the bucket's at the bucket root), before tableNameFor. */
  folder: string;
}

const folderName = (bucket: string, key: string[]) => (key.length ? key[key.length - 1]! : bucket);

/**
 * The tables one include path gives. A generator: it yields each SimilarQuestion and takes the
 * answer (true, false, or undefined when unknown: then both outcomes are listed).
 * `tree` is the include path's folder, `key` its key segments below the bucket.
 */
export function* planTableRoots(
  bucket: string,
  key: string[],
  tree: FolderTree,
  opts: GroupingOptions = {},
): Generator<SimilarQuestion, TableRootPlan[], boolean | undefined> {
  if (opts.tableLevel !== undefined) return tableLevelRoots(bucket, key, tree, opts.tableLevel);
  return yield* groupRoots(bucket, key, tree, opts);
}

function* groupRoots(
  bucket: string,
  key: string[],
  tree: FolderTree,
  opts: GroupingOptions,
): Generator<SimilarQuestion, TableRootPlan[], boolean | undefined> {
  const here: TableRootPlan = { key, folder: folderName(bucket, key) };
  const subfolders = [...tree.children.keys()];
  // Files directly in the folder, or nothing known below it: the folder is the table.
  if (tree.files > 0 || !subfolders.length) return [here];
  // One subfolder: a key=value one is a partition of this table, a plain one holds the table.
  if (subfolders.length === 1 && !HIVE_SEGMENT.test(subfolders[0]!))
    return yield* groupRoots(bucket, [...key, subfolders[0]!], tree.children.get(subfolders[0]!)!, opts);
  if (subfolders.length === 1) return [here];
  // Several: one table when similar (or combined), else a table (or more) per subfolder.
  const same = opts.combineCompatibleSchemas ? true : yield { key, subfolders };
  if (same === true) return [here];
  const below: TableRootPlan[] = [];
  for (const sub of subfolders)
    below.push(...(yield* groupRoots(bucket, [...key, sub], tree.children.get(sub)!, opts)));
  return same === false ? below : [here, ...below];
}

/** TableLevelConfiguration: every folder at that level holding data below it is a table. */
function tableLevelRoots(bucket: string, key: string[], tree: FolderTree, level: number): TableRootPlan[] {
  const depth = level - 1; // key segments of a table folder
  if (depth <= key.length) {
    const rootKey = key.slice(0, depth);
    return [{ key: rootKey, folder: folderName(bucket, rootKey) }];
  }
  const out: TableRootPlan[] = [];
  const walk = (node: FolderTree, at: string[]) => {
    if (at.length === depth) {
      out.push({ key: at, folder: folderName(bucket, at) });
      return;
    }
    for (const [name, child] of node.children) walk(child, [...at, name]);
  };
  walk(tree, key);
  return out;
}

/** Runs planTableRoots answering every question with `answer` (validate: undefined, unknown). */
export function planTableRootsWith(
  bucket: string,
  key: string[],
  tree: FolderTree,
  opts: GroupingOptions,
  answer: (q: SimilarQuestion) => boolean | undefined,
): TableRootPlan[] {
  const gen = planTableRoots(bucket, key, tree, opts);
  let step = gen.next();
  while (!step.done) step = gen.next(answer(step.value));
  return step.value;
}

/** The grouping options of a crawler's `configuration:` in pipeline.yaml. */
export function groupingOf(configuration?: {
  grouping?: { tableGroupingPolicy?: string; tableLevelConfiguration?: number };
}): GroupingOptions {
  const g = configuration?.grouping;
  return {
    combineCompatibleSchemas: g?.tableGroupingPolicy === 'CombineCompatibleSchemas',
    tableLevel: g?.tableLevelConfiguration,
  };
}

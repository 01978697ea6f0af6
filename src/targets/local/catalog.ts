// The Glue Data Catalog and Athena's view store on the local target: one DuckDB database file,
// `.lakeops/<env>/catalog.duckdb`. A Glue database is a DuckDB schema; a Glue table is a DuckDB
// VIEW over its files plus a row in lakeops_meta.tables (columns, partitions, format), which is
// what crawlers compare against and getTable returns. Athena views are DuckDB views too, stored
// with their original SQL so a crawl that changes a table can recreate the views that read it.
//
// @duckdb/node-api: DuckDB's official Node API (embedded analytical SQL over Parquet/JSON/CSV).
// p-limit: serialises catalog writes (one DuckDB writer; parallel crawls share the file).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import pLimit from 'p-limit';
import {
  emptyRelation,
  projection,
  readerSql,
  type ColumnDef,
  type DataFormat,
  type PartitionLevel,
} from './formats.js';
import { checkStatement, DUCKDB_RESOURCES, openSandboxedInstance, type DuckDbResources } from './sandbox.js';
import { quoteIdent, translateSql, SqlTranslateError } from './sql-translate.js';
import type { LocalStorage } from './storage.js';

export interface TableMeta {
  database: string;
  name: string;
  /** s3:// URI of the table's folder, ending in "/". */
  location: string;
  format: DataFormat;
  columns: ColumnDef[];
  /** Partition folder levels (Glue partition keys, all typed string). */
  partitionLevels: PartitionLevel[];
  /** Values of every known partition, one array per partition. */
  partitions: string[][];
  /** Globs relative to the location that select the data files, e.g. ["**\/*.parquet"]. */
  sources: string[];
  /** Glue table parameters, e.g. classification. */
  parameters: Record<string, string>;
  createTime: string;
  updateTime: string;
}

export interface ViewMeta {
  database: string;
  name: string;
  /** The view's SELECT as written (Athena SQL, substitutions applied). */
  originalSql: string;
  duckSql?: string;
  /** Tables and views it reads, as "database.name". */
  dependsOn: string[];
  /** created; pending: a table it reads does not exist yet; failed: another error. */
  status: 'created' | 'pending' | 'failed';
  error?: string;
  updateTime: string;
}

const META_SCHEMA = 'lakeops_meta';

const INIT_SQL = `
CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.databases (name VARCHAR PRIMARY KEY, created VARCHAR);
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.tables (
  database VARCHAR, name VARCHAR, location VARCHAR, format VARCHAR, columns VARCHAR,
  partition_levels VARCHAR, partitions VARCHAR, sources VARCHAR, parameters VARCHAR,
  created VARCHAR, updated VARCHAR, PRIMARY KEY (database, name));
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.views (
  database VARCHAR, name VARCHAR, original_sql VARCHAR, duck_sql VARCHAR, depends_on VARCHAR,
  status VARCHAR, error VARCHAR, updated VARCHAR, PRIMARY KEY (database, name));
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.settings (key VARCHAR PRIMARY KEY, value VARCHAR);
`;

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0]!;

export class LocalCatalog {
  /** Catalog writes run one at a time (metadata rows and DDL go through one connection). */
  private readonly writes = pLimit(1);
  /** DuckDB's memory_limit of this catalog's instance (named in out-of-memory messages). */
  memoryLimit = DUCKDB_RESOURCES.memoryLimit;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly storage: LocalStorage,
    readonly file: string,
  ) {}

  /** Opens the catalog file inside the SQL sandbox (sandbox.ts); `tmpDir` holds staging and spill files. */
  static async open(
    file: string,
    storage: LocalStorage,
    tmpDir = join(dirname(file), 'tmp'),
    resources: DuckDbResources = {},
  ): Promise<LocalCatalog> {
    await mkdir(dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await openSandboxedInstance(file, { s3Root: storage.root, tmpDir }, resources);
    } catch (e) {
      const msg = firstLine(e);
      if (/lock/i.test(msg))
        throw new Error(
          `the local catalog ${file} is in use by another lakeops process (DuckDB allows one process per database file); ` +
            `wait for it to finish and retry. DuckDB said: ${msg}`,
          { cause: e },
        );
      throw new Error(`cannot open the local catalog ${file}: ${msg}`, { cause: e });
    }
    const conn = await instance.connect();
    const catalog = new LocalCatalog(instance, conn, storage, file);
    catalog.memoryLimit = resources.memoryLimit ?? DUCKDB_RESOURCES.memoryLimit;
    await catalog.init();
    return catalog;
  }

  private async init(): Promise<void> {
    await this.conn.run(INIT_SQL);
    // Table views hold absolute paths; when the project folder moved, rebuild them.
    const root = await this.setting('storageRoot');
    if (root !== undefined && root !== this.storage.root) {
      for (const t of await this.listTables()) await this.putTable(t);
      await this.recreateViews((await this.listViews()).map((v) => `${v.database}.${v.name}`));
    }
    if (root !== this.storage.root) await this.setSetting('storageRoot', this.storage.root);
  }

  /** A new connection for a job run or a query (temp views stay private to it). Close it after use. */
  async connect(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the local catalog is closed');
    const c = await this.instance.connect();
    return c;
  }

  private async setting(key: string): Promise<string | undefined> {
    const r = await this.conn.runAndReadAll(`SELECT value FROM ${META_SCHEMA}.settings WHERE key = $1`, [key]);
    return r.getRows()[0]?.[0] as string | undefined;
  }

  private async setSetting(key: string, value: string): Promise<void> {
    await this.conn.run(`INSERT OR REPLACE INTO ${META_SCHEMA}.settings VALUES ($1, $2)`, [key, value]);
  }

  // ------------------------------------------------------------------ databases

  async ensureDatabase(name: string): Promise<void> {
    await this.writes(async () => {
      await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)}`);
      await this.conn.run(`INSERT OR IGNORE INTO ${META_SCHEMA}.databases VALUES ($1, $2)`, [
        name,
        new Date().toISOString(),
      ]);
    });
  }

  async databases(): Promise<string[]> {
    const r = await this.conn.runAndReadAll(`SELECT name FROM ${META_SCHEMA}.databases ORDER BY name`);
    return r.getRows().map((row) => row[0] as string);
  }

  async hasDatabase(name: string): Promise<boolean> {
    return (await this.databases()).includes(name);
  }

  // ------------------------------------------------------------------ tables

  async getTable(database: string, name: string): Promise<TableMeta | undefined> {
    const r = await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.tables WHERE database = $1 AND name = $2`, [
      database,
      name.toLowerCase(),
    ]);
    const row = r.getRowObjects()[0];
    return row ? tableFromRow(row) : undefined;
  }

  async listTables(database?: string): Promise<TableMeta[]> {
    const r = database
      ? await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.tables WHERE database = $1 ORDER BY name`, [
          database,
        ])
      : await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.tables ORDER BY database, name`);
    return r.getRowObjects().map(tableFromRow);
  }

  /** The DuckDB SELECT that reads a table's files with its catalog schema. */
  tableSelect(t: TableMeta): string {
    const root = this.storage.pathOfUri(t.location);
    const partitions = { root, levels: t.partitionLevels };
    if (!t.sources.length) return emptyRelation(t.columns, partitions);
    const reader = readerSql(
      t.format,
      t.sources.map((g) => join(root, g)),
      { columns: t.columns, partitions, csv: csvOptions(t.parameters) },
    );
    return `SELECT ${projection(t.columns, partitions)} FROM ${reader}`;
  }

  /** Creates or replaces a table: its DuckDB view over the files and its metadata row. */
  async putTable(t: TableMeta): Promise<void> {
    await this.writes(async () => {
      const view = `${quoteIdent(t.database)}.${quoteIdent(t.name)}`;
      await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(t.database)}`);
      // The view and its metadata row change together, in one transaction.
      const register = async (select: string) => {
        await this.conn.run('BEGIN TRANSACTION');
        try {
          await this.conn.run(`CREATE OR REPLACE VIEW ${view} AS ${select}`);
          await this.conn.run(
            `INSERT OR REPLACE INTO ${META_SCHEMA}.tables VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
            [
              t.database,
              t.name,
              t.location,
              t.format,
              JSON.stringify(t.columns),
              JSON.stringify(t.partitionLevels),
              JSON.stringify(t.partitions),
              JSON.stringify(t.sources),
              JSON.stringify(t.parameters),
              t.createTime,
              t.updateTime,
            ],
          );
          await this.conn.run('COMMIT');
        } catch (e) {
          await this.conn.run('ROLLBACK');
          throw e;
        }
      };
      try {
        try {
          await register(this.tableSelect(t));
        } catch (e) {
          // No file matches (e.g. every partition was removed): an empty table with the same
          // columns. A failed statement aborts DuckDB's transaction, so this is a second one.
          if (!/no files found/i.test(firstLine(e))) throw e;
          await register(emptyRelation(t.columns, { root: '', levels: t.partitionLevels }));
        }
      } catch (e) {
        throw new Error(`cannot register table ${t.database}.${t.name}: ${firstLine(e)}`, { cause: e });
      }
    });
  }

  async dropTable(database: string, name: string): Promise<void> {
    await this.writes(async () => {
      await this.conn.run(`DROP VIEW IF EXISTS ${quoteIdent(database)}.${quoteIdent(name)}`);
      await this.conn.run(`DELETE FROM ${META_SCHEMA}.tables WHERE database = $1 AND name = $2`, [database, name]);
    });
  }

  // ------------------------------------------------------------------ Athena views

  async getView(database: string, name: string): Promise<ViewMeta | undefined> {
    const r = await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.views WHERE database = $1 AND name = $2`, [
      database,
      name,
    ]);
    const row = r.getRowObjects()[0];
    return row ? viewFromRow(row) : undefined;
  }

  async listViews(database?: string): Promise<ViewMeta[]> {
    const r = database
      ? await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.views WHERE database = $1 ORDER BY name`, [
          database,
        ])
      : await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.views ORDER BY database, name`);
    return r.getRowObjects().map(viewFromRow);
  }

  /**
   * CREATE OR REPLACE VIEW from Athena SQL. Unqualified names resolve in the view's database (as
   * in Athena). When a table it reads does not exist yet the view is kept as "pending" and is
   * created by the crawl that creates the table; a translation error throws.
   */
  async createView(database: string, name: string, athenaSql: string): Promise<ViewMeta> {
    const translated = await translateSql(athenaSql, 'athena');
    if (translated.positionalParams || translated.namedParams.length)
      throw new SqlTranslateError(`view ${database}.${name} has parameter markers; a view cannot take parameters`);
    const dependsOn = [...new Set(translated.tables.map((t) => `${t.schema ?? database}.${t.table}`.toLowerCase()))];
    const meta: ViewMeta = {
      database,
      name: name.toLowerCase(),
      originalSql: athenaSql,
      duckSql: translated.sql,
      dependsOn,
      status: 'created',
      updateTime: new Date().toISOString(),
    };
    await this.writes(async () => {
      // A view is exactly one SELECT over catalog relations (sandbox.ts); a refusal throws.
      await checkStatement(this.conn, translated.sql, 'view', athenaSql);
      await this.applyView(meta);
    });
    return meta;
  }

  /** Removes a view and its metadata (a view a failed deploy created is taken back). */
  async dropView(database: string, name: string): Promise<void> {
    await this.writes(async () => {
      await this.conn.run(`DROP VIEW IF EXISTS ${quoteIdent(database)}.${quoteIdent(name.toLowerCase())}`);
      await this.conn.run(`DELETE FROM ${META_SCHEMA}.views WHERE database = $1 AND name = $2`, [
        database,
        name.toLowerCase(),
      ]);
    });
  }

  /** Runs a view's DDL and stores its metadata; failures are recorded on the view, not thrown. */
  private async applyView(meta: ViewMeta): Promise<void> {
    await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(meta.database)}`);
    try {
      await this.conn.run(
        `CREATE OR REPLACE VIEW ${quoteIdent(meta.database)}.${quoteIdent(meta.name)} AS ${meta.duckSql}`,
      );
      meta.status = 'created';
      delete meta.error;
    } catch (e) {
      const msg = firstLine(e);
      meta.status = /does not exist|not found/i.test(msg) && /table|view|schema/i.test(msg) ? 'pending' : 'failed';
      meta.error = msg;
    }
    await this.conn.run(`INSERT OR REPLACE INTO ${META_SCHEMA}.views VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, [
      meta.database,
      meta.name,
      meta.originalSql,
      meta.duckSql ?? null,
      JSON.stringify(meta.dependsOn),
      meta.status,
      meta.error ?? null,
      meta.updateTime,
    ]);
  }

  /**
   * Recreates every view that reads one of `changed` ("database.name"), directly or through other
   * views, dependencies first. Returns the views recreated and those that now fail.
   */
  async recreateViews(changed: string[]): Promise<{ recreated: string[]; failed: { view: string; error: string }[] }> {
    const views = await this.listViews();
    const key = (v: ViewMeta) => `${v.database}.${v.name}`;
    const dirty = new Set(changed.map((c) => c.toLowerCase()));
    const order: ViewMeta[] = [];
    // Fixed point over the dependency graph: a view is dirty when it reads something dirty.
    for (let grew = true; grew;) {
      grew = false;
      for (const v of views) {
        if (!dirty.has(key(v)) && v.dependsOn.some((d) => dirty.has(d))) {
          dirty.add(key(v));
          order.push(v);
          grew = true;
        }
      }
    }
    // Views named in `changed` themselves (a rebuild) come first.
    for (const v of views) if (changed.includes(key(v)) && !order.includes(v)) order.unshift(v);
    const recreated: string[] = [];
    const failed: { view: string; error: string }[] = [];
    await this.writes(async () => {
      for (const v of order) {
        v.updateTime = new Date().toISOString();
        await this.applyView(v);
        if (v.status === 'created') recreated.push(key(v));
        else failed.push({ view: key(v), error: v.error ?? v.status });
      }
    });
    return { recreated, failed };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes(async () => {
      try {
        // Fold the write-ahead log into the file so the next process opens it quickly.
        await this.conn.run('CHECKPOINT');
      } catch {
        // another connection may still hold a transaction; the WAL is replayed on next open
      }
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}

/** CSV reading options of a table from its Glue parameters (declared tables set them; crawled ones have a header). */
function csvOptions(p: Record<string, string>): { header?: boolean; delimiter?: string } | undefined {
  if (p['lakeops:declared'] !== 'true') return undefined;
  return { header: p['skip.header.line.count'] === '1', delimiter: p['field.delim'] };
}

function tableFromRow(row: Record<string, unknown>): TableMeta {
  return {
    database: row.database as string,
    name: row.name as string,
    location: row.location as string,
    format: row.format as DataFormat,
    columns: JSON.parse(row.columns as string),
    partitionLevels: JSON.parse(row.partition_levels as string),
    partitions: JSON.parse(row.partitions as string),
    sources: JSON.parse(row.sources as string),
    parameters: JSON.parse(row.parameters as string),
    createTime: row.created as string,
    updateTime: row.updated as string,
  };
}

function viewFromRow(row: Record<string, unknown>): ViewMeta {
  const v: ViewMeta = {
    database: row.database as string,
    name: row.name as string,
    originalSql: row.original_sql as string,
    duckSql: (row.duck_sql as string | null) ?? undefined,
    dependsOn: JSON.parse(row.depends_on as string),
    status: row.status as ViewMeta['status'],
    updateTime: row.updated as string,
  };
  if (row.error) v.error = row.error as string;
  return v;
}

/** The Glue GetTable shape of a catalog table (what aws-sdk:glue:getTable would return). */
export function glueTable(t: TableMeta, storageLocation = t.location): Record<string, unknown> {
  return {
    Name: t.name,
    DatabaseName: t.database,
    TableType: 'EXTERNAL_TABLE',
    CreateTime: t.createTime,
    UpdateTime: t.updateTime,
    Parameters: t.parameters,
    PartitionKeys: t.partitionLevels.map((l) => ({ Name: l.name, Type: 'string' })),
    StorageDescriptor: {
      Columns: t.columns.map((c) => ({ Name: c.name, Type: c.type })),
      Location: storageLocation,
    },
  };
}

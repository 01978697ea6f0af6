// The local target's data engine: S3 as files, the Glue catalog and Athena on one DuckDB file,
// crawlers, SQL and script jobs — behind the AWS-shaped LocalServices interface that the Step
// Functions handlers, the Glue workflow runner and the EventBridge dispatcher call. Everything
// lives under `.lakeops/<env>/` in the project folder. One engine per environment per process
// (DuckDB lets one process write a database file); open() hands out the same engine again.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigError } from '../../model/diagnostics.js';
import { containmentProblem } from '../../model/path-containment.js';
import { substitute, substitutionsFor, type Environment } from '../../model/environment.js';
import type { DeclaredTable, Job, Pipeline, Project } from '../../model/project.js';
import type { CrawlerConfig, JobOutput } from '../../model/schema.js';
import type { QueryResult } from '../../report/model.js';
import { acquireLock, type HeldLock } from '../../locking/lock.js';
import { fileLockStore } from '../../locking/file-store.js';
import { LocalAthena } from './athena.js';
import { localLockPath } from './lock-path.js';
import { glueTable, LocalCatalog, type ViewMeta } from './catalog.js';
import { recoverCommits } from './commit-journal.js';
import { Crawler, type CrawlResult } from './crawler.js';
import { groupingOf } from './crawler-naming.js';
import { registerDeclaredTable, type DeclaredOutcome } from './declared-tables.js';
import { runScriptJob, ScriptRuntimes } from './script-job.js';
import { readBookmark, type RunBookmark } from './bookmarks.js';
import {
  BOOKMARK_ARGUMENT,
  BOOKMARK_OPTIONS,
  bookmarkOption,
  CONF_ARGUMENT,
  localConf,
  parseConfArgument,
  sparkConf,
  type BookmarkOption,
} from '../../model/job-options.js';
import type {
  LocalCrawler,
  LocalJobRun,
  LocalQueryExecution,
  LocalQueryRequest,
  LocalResultSet,
  LocalServices,
} from './services.js';
import { JobRunError, runSqlJob, type SqlJobContext, type SqlJobOutput, type SqlJobSpec } from './sql-job.js';
import { LocalStorage, symlinksUnder, type StoredObject } from './storage.js';
import { setTranslationCacheDir } from './translation-cache.js';

/** What an S3 object-created event needs to know about a stored object. */
export interface PutObjectInfo {
  bucket: string;
  key: string;
  size: number;
  /** MD5 hex, as S3's ETag for a single-part upload. */
  etag: string;
  /** Event time (ISO 8601). */
  time: string;
  /** Orders events for one key, as S3's sequencer does (hex). */
  sequencer: string;
}

/** LastCrawl plus what the local crawl also reports (views recreated, files skipped). */
export type LocalCrawlerInfo = LocalCrawler & { LastCrawl?: LocalCrawler['LastCrawl'] & Partial<CrawlDetails> };
interface CrawlDetails {
  TablesUnchanged: string[];
  ViewsRecreated: string[];
  ViewErrors: { view: string; error: string }[];
  SkippedFiles: string[];
  /** Tables whose data is gone, per the crawler's DeleteBehavior, and the changes a LOG behaviour only logged. */
  TablesDeleted: string[];
  TablesDeprecated: string[];
  Log: string[];
}

interface JobEntry {
  job: Job;
  pipeline: Pipeline;
}
interface CrawlerEntry {
  logical: string;
  pipeline: Pipeline;
  config: CrawlerConfig;
}
type JobRunRecord = LocalJobRun & { log: string[] };

/** An error named like the AWS exception, so ASL Retry/Catch and messages match AWS. */
export class AwsLikeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const openEngines = new Map<string, { engine: Promise<LocalEngine>; refs: number }>();
const engineLocks = new Map<string, HeldLock>();

/** AWS-shaped job run id: jr_ and 64 hex digits. */
const jobRunId = () => `jr_${randomBytes(32).toString('hex')}`;

/**
 * Milliseconds in a minute of a job timeout. LAKEOPS_LOCAL_MINUTE_MS shortens it for tests of
 * timeouts (Glue's are whole minutes); unset, a minute is a minute.
 */
const localMinuteMs = () => Number(process.env.LAKEOPS_LOCAL_MINUTE_MS) || 60_000;

export class LocalEngine implements LocalServices {
  readonly storage: LocalStorage;
  readonly athena: LocalAthena;
  private readonly jobs = new Map<string, JobEntry>();
  private readonly crawlers = new Map<string, CrawlerEntry>();
  private readonly jobRuns = new Map<string, JobRunRecord>();
  private readonly activeRuns = new Map<string, number>();
  private readonly crawlerState = new Map<string, LocalCrawlerInfo>();
  private readonly runtimes = new ScriptRuntimes();
  private readonly schemaCache: NonNullable<SqlJobContext['schemaCache']> = new Map();
  /** Declared tables registered while their location held no file: looked at again before each read. */
  private readonly emptyDeclared = new Map<string, { table: DeclaredTable; pipeline: Pipeline }>();
  private sequencer = 0;
  private closed = false;

  private constructor(
    readonly project: Project,
    readonly env: Environment,
    /** `.lakeops/<env>` under the project root. */
    readonly stateDir: string,
    readonly catalog: LocalCatalog,
    storage: LocalStorage,
  ) {
    this.storage = storage;
    this.athena = new LocalAthena(catalog, join(stateDir, 'athena'));
    for (const pipeline of project.pipelines) {
      for (const job of pipeline.jobs) this.jobs.set(env.physicalName('job', job.name), { job, pipeline });
      for (const [logical, config] of Object.entries(pipeline.config.crawlers ?? {}))
        this.crawlers.set(env.physicalName('crawler', logical), { logical, pipeline, config });
    }
  }

  /** Opens (or returns the already open) engine of `env`; close() each time it was opened. */
  static async open(project: Project, env: Environment): Promise<LocalEngine> {
    if (env.target !== 'local')
      throw new ConfigError(
        `environment "${env.name}" targets ${env.target}; the local engine serves local environments only`,
      );
    const stateDir = join(project.root, '.lakeops', env.name);
    const existing = openEngines.get(stateDir);
    if (existing) {
      existing.refs++;
      return existing.engine;
    }
    const engine = (async () => {
      // The environment lock (src/locking, the same mechanism AWS deploys use, on a file store).
      const lock = await acquireLock(fileLockStore(localLockPath(project.root, env.name)), {
        env: env.name,
        operation: 'local catalog',
        timeoutMs: 0,
        takeOverDeadLocalHolder: true,
      });
      try {
        // Only the buckets lakeops.yaml declares for the environment exist in its local S3.
        const storage = new LocalStorage(
          join(stateDir, 's3'),
          env.config.buckets && Object.keys(env.config.buckets).length
            ? new Set(Object.values(env.config.buckets))
            : undefined,
        );
        // Beside the environments' state, so a clean start of one (the demo's) keeps its translations.
        setTranslationCacheDir(join(project.root, '.lakeops', 'sql-translations')); // a re-run translates nothing
        const catalog = await LocalCatalog.open(join(stateDir, 'catalog.duckdb'), storage, join(stateDir, 'tmp'), {
          memoryLimit: env.config.duckdb?.memoryLimit,
        });
        // Commits a killed run left half done are rolled forward (the lock above says no other
        // process owns them); staging no journal names is removed.
        const conn = await catalog.connect();
        try {
          await recoverCommits(stateDir, async (t, job) => {
            const root = storage.pathOfUri(t.path.endsWith('/') ? t.path : `${t.path}/`);
            if ((await readdir(root).catch(() => [])).length)
              await new Crawler(storage, catalog, conn).registerTable(t.database, t.name, root, `job:${job}`);
          });
        } finally {
          conn.closeSync();
        }
        const engine = new LocalEngine(project, env, stateDir, catalog, storage);
        try {
          await engine.refuseLinksInLake();
        } catch (e) {
          await catalog.close();
          throw e;
        }
        engineLocks.set(stateDir, lock);
        return engine;
      } catch (e) {
        await lock.release();
        throw e;
      }
    })();
    openEngines.set(stateDir, { engine, refs: 1 });
    try {
      return await engine;
    } catch (e) {
      openEngines.delete(stateDir);
      throw e;
    }
  }

  async close(): Promise<void> {
    const entry = openEngines.get(this.stateDir);
    if (entry && --entry.refs > 0) return;
    openEngines.delete(this.stateDir);
    if (this.closed) return;
    this.closed = true;
    await this.catalog.close();
    await engineLocks.get(this.stateDir)?.release();
    engineLocks.delete(this.stateDir);
  }

  /** Fails when a symbolic link sits in the local S3 folder (it could lead SQL outside the lake). */
  async refuseLinksInLake(): Promise<void> {
    const links = await symlinksUnder(this.storage.root);
    if (links.length)
      throw new ConfigError(
        `the local S3 folder holds symbolic links, which could lead SQL outside the lake: ${links
          .slice(0, 3)
          .map((l) => relative(this.project.root, l))
          .join(
            ', ',
          )}${links.length > 3 ? ` and ${links.length - 3} more` : ''}; remove them (lakeops never creates links there)`,
      );
  }

  // ------------------------------------------------------------------ names and substitutions

  /** Physical Glue database of a name used in a pipeline: declared logical names get the prefix. */
  databaseName(name: string): string {
    const declared = this.project.pipelines.some((p) => p.config.databases?.[name] !== undefined);
    return declared ? this.env.physicalName('database', name) : name;
  }

  private table(ref: string, where: string): { database: string; name: string } {
    const dot = ref.lastIndexOf('.');
    if (dot <= 0) throw new ConfigError(`${where}: table "${ref}" must be written database.table`);
    return { database: this.databaseName(ref.slice(0, dot)), name: ref.slice(dot + 1).toLowerCase() };
  }

  /** Applies ${Name} substitutions; a bucket alias the environment does not declare is its own name locally. */
  resolve(text: string, pipeline: Pipeline, where: string): string {
    const values = substitutionsFor(this.project, this.env, pipeline);
    const r = substitute(text, values);
    if (!r.unresolved.length) return r.text;
    // `s3://${alias}/` with an undeclared alias: env.bucket() answers with the alias on local targets.
    const again = substitute(
      r.text.replace(/s3:\/\/\$\{([A-Za-z][A-Za-z0-9_.-]*)\}/g, (_m, a: string) => `s3://${this.env.bucket(a)}`),
      values,
    );
    if (again.unresolved.length)
      throw new ConfigError(
        `${where} uses \${${again.unresolved[0]!.name}}, which is not a known name (declare it under variables: in lakeops.yaml)`,
      );
    return again.text;
  }

  // ------------------------------------------------------------------ catalog, views, queries

  /** Creates the Glue database (DuckDB schema) of every database the pipelines declare or use. */
  async ensureDatabases(pipelines: Pipeline[] = this.project.pipelines): Promise<string[]> {
    const names = new Set<string>();
    for (const p of pipelines) {
      for (const db of Object.keys(p.config.databases ?? {})) names.add(this.env.physicalName('database', db));
      for (const c of Object.values(p.config.crawlers ?? {})) names.add(this.databaseName(c.database));
      for (const v of Object.values(p.config.views ?? {})) names.add(this.databaseName(v.database));
    }
    for (const n of names) await this.catalog.ensureDatabase(n);
    return [...names].sort();
  }

  /** CREATE OR REPLACE VIEW from Athena SQL; "pending" until the tables it reads exist. */
  createView(database: string, name: string, athenaSql: string): Promise<ViewMeta> {
    return this.catalog.createView(database, name, athenaSql);
  }

  dropView(database: string, name: string): Promise<void> {
    return this.catalog.dropView(database, name);
  }

  /** Creates every view the pipelines declare (SQL files read and substituted here). */
  async deployViews(pipelines: Pipeline[] = this.project.pipelines): Promise<ViewMeta[]> {
    const out: ViewMeta[] = [];
    for (const p of pipelines) {
      for (const [name, v] of Object.entries(p.config.views ?? {})) {
        const where = `${p.dir}/pipeline.yaml views.${name} (${v.sql})`;
        const text = await readProjectFile(this.project, v.sql, where);
        out.push(await this.createView(this.databaseName(v.database), name, this.resolve(text, p, where)));
      }
    }
    return out;
  }

  /** Glue GetTable shape of a catalog table, or undefined. */
  async getTable(database: string, name: string): Promise<Record<string, unknown> | undefined> {
    const t = await this.catalog.getTable(database, name);
    return t ? glueTable(t) : undefined;
  }

  async query(
    sql: string,
    opts: { database?: string; parameters?: string[]; maxRows?: number } = {},
  ): Promise<QueryResult> {
    await this.refreshDeclaredTables();
    return this.athena.query(sql, opts);
  }

  // ------------------------------------------------------------------ declared tables

  /** Creates (or refreshes) every table declared under tables: in the local catalog (declared-tables.ts). */
  async registerDeclaredTables(pipelines: Pipeline[] = this.project.pipelines): Promise<DeclaredOutcome[]> {
    const out: DeclaredOutcome[] = [];
    for (const pipeline of pipelines)
      for (const table of pipeline.tables) {
        const outcome = await registerDeclaredTable(this.declaredContext(pipeline), table);
        out.push(outcome);
        // A view over no file is a fixed empty relation: look again once files may have landed.
        if (outcome.status === 'created' && outcome.files === 0)
          this.emptyDeclared.set(outcome.table, { table, pipeline });
        else this.emptyDeclared.delete(outcome.table);
      }
    return out;
  }

  /** Re-registers declared tables that were empty, so a job or query sees files written since. */
  private async refreshDeclaredTables(): Promise<void> {
    for (const [key, { table, pipeline }] of [...this.emptyDeclared]) {
      const outcome = await registerDeclaredTable(this.declaredContext(pipeline), table);
      if (outcome.status !== 'created' || outcome.files > 0) this.emptyDeclared.delete(key);
    }
  }

  private declaredContext(pipeline: Pipeline) {
    return {
      catalog: this.catalog,
      storage: this.storage,
      databaseName: (logical: string) => this.databaseName(logical),
      resolve: (t: DeclaredTable, text: string) =>
        this.resolve(text, pipeline, `${pipeline.dir}/pipeline.yaml tables.${t.name}`),
    };
  }

  // ------------------------------------------------------------------ S3

  /** Stores an object and returns what its object-created event carries. */
  async putObject(bucket: string, key: string, body: string | Uint8Array): Promise<PutObjectInfo> {
    return this.eventInfo(await this.storage.put(bucket, key, body));
  }

  /** Stores a local file as an object. */
  async putFile(file: string, bucket: string, key: string): Promise<PutObjectInfo> {
    return this.eventInfo(await this.storage.putFile(bucket, key, file));
  }

  private eventInfo(o: StoredObject): PutObjectInfo {
    this.sequencer++;
    return {
      bucket: o.bucket,
      key: o.key,
      size: o.size,
      etag: o.etag,
      time: new Date().toISOString(),
      sequencer: (Date.now() * 1000 + (this.sequencer % 1000)).toString(16).toUpperCase().padStart(16, '0'),
    };
  }

  // ------------------------------------------------------------------ Glue jobs

  async startJobRun(
    jobName: string,
    args: Record<string, string> = {},
    opts: { timeoutMinutes?: number } = {},
  ): Promise<LocalJobRun> {
    const entry = this.jobs.get(jobName);
    if (!entry)
      throw new AwsLikeError(
        'EntityNotFoundException',
        `Job ${jobName} not found (local target, environment ${this.env.name}; jobs: ${[...this.jobs.keys()].join(', ') || 'none'})`,
      );
    const max = entry.job.config.glue?.maxConcurrentRuns ?? 1;
    const active = this.activeRuns.get(jobName) ?? 0;
    if (active >= max)
      throw new AwsLikeError(
        'ConcurrentRunsExceededException',
        `Concurrent runs exceeded for ${jobName} (MaxConcurrentRuns ${max})`,
      );
    const where = `${entry.pipeline.dir}/pipeline.yaml jobs.${entry.job.name}`;
    await this.refreshDeclaredTables();
    const defaults: Record<string, string> = {};
    const run: JobRunRecord = {
      Id: jobRunId(),
      JobName: jobName,
      JobRunState: 'RUNNING',
      Arguments: {},
      StartedOn: new Date().toISOString(),
      log: [],
    };
    this.jobRuns.set(run.Id, run);
    this.activeRuns.set(jobName, active + 1);
    const started = performance.now();
    // Glue stops a run that exceeds its timeout and marks it TIMEOUT: the run's own Timeout (a
    // trigger action's), else the job's, else 2,880 minutes (Glue API, Action.Timeout / Job.Timeout).
    const timeoutMinutes = opts.timeoutMinutes ?? entry.job.config.glue?.timeoutMinutes ?? 2880;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMinutes * localMinuteMs());
    try {
      for (const [k, v] of Object.entries(entry.job.config.arguments ?? {}))
        defaults[k] = this.resolve(v, entry.pipeline, where);
      run.Arguments = { ...defaults, ...args };
      run.log.push(...this.sparkConfNotes(entry, run.Arguments));
      const result =
        entry.job.kind === 'sql'
          ? await runSqlJob(this.jobContext(), {
              ...(await this.sqlJobSpec(entry, run, where)),
              signal: timeout.signal,
            })
          : await this.runScript(entry, run, where, timeout.signal);
      if (timeout.signal.aborted) throw new JobRunError(`job "${jobName}" (${where}) timed out`);
      // A script runs outside the SQL sandbox; a link it left in the lake fails its run.
      if (entry.job.kind !== 'sql') await this.refuseLinksInLake();
      run.JobRunState = 'SUCCEEDED';
      run.RowsWritten = result.rowsWritten;
      run.log.push(...result.log);
    } catch (e) {
      run.JobRunState = timeout.signal.aborted ? 'TIMEOUT' : 'FAILED';
      run.ErrorMessage = timeout.signal.aborted
        ? `job "${jobName}" (${where}) ran longer than its timeout of ${timeoutMinutes} minute(s) and was stopped; nothing it staged was committed`
        : e instanceof JobRunError || e instanceof ConfigError
          ? e.message
          : `job "${jobName}" (${where}): ${(e as Error).message}`;
      run.log.push(...(e instanceof JobRunError ? e.log : [run.ErrorMessage]));
      if (timeout.signal.aborted && e instanceof JobRunError) run.log.push(run.ErrorMessage);
    } finally {
      clearTimeout(timer);
      this.activeRuns.set(jobName, (this.activeRuns.get(jobName) ?? 1) - 1);
    }
    run.CompletedOn = new Date().toISOString();
    run.ExecutionTime = Math.round((performance.now() - started) / 1000);
    return this.publicRun(run);
  }

  async getJobRun(jobName: string, runId: string): Promise<LocalJobRun> {
    const run = this.jobRuns.get(runId);
    if (!run || run.JobName !== jobName)
      throw new AwsLikeError('EntityNotFoundException', `Job run ${runId} of job ${jobName} not found`);
    return this.publicRun(run);
  }

  /** The run's log lines (what the job would print to CloudWatch); [] for an unknown run. */
  jobRunLog(runId: string): string[] {
    return [...(this.jobRuns.get(runId)?.log ?? [])];
  }

  private publicRun(run: JobRunRecord): LocalJobRun {
    const { log: _log, ...rest } = run;
    return structuredClone(rest);
  }

  private jobContext(): SqlJobContext {
    return {
      catalog: this.catalog,
      storage: this.storage,
      crawler: (conn) => new Crawler(this.storage, this.catalog, conn),
      stateDir: this.stateDir,
      schemaCache: this.schemaCache,
    };
  }

  /** A log line per Spark setting the local run does not honour (validate reports them too). */
  private sparkConfNotes(entry: JobEntry, args: Record<string, string>): string[] {
    const conf = { ...sparkConf(entry.job.config), ...parseConfArgument(args[CONF_ARGUMENT] ?? '').settings };
    return Object.entries(conf).flatMap(([k, v]) => {
      const local = localConf(k, v);
      return 'honoured' in local && !local.honoured ? [`--conf ${k}=${v} is not honoured locally: ${local.why}`] : [];
    });
  }

  /** The run's bookmark: --job-bookmark-option of the run, else the job's; undefined when neither sets one. */
  private async runBookmark(entry: JobEntry, run: JobRunRecord, where: string): Promise<RunBookmark | undefined> {
    const given = run.Arguments[BOOKMARK_ARGUMENT];
    // Pause's sub-options pick a range of earlier runs; the local state keeps no per-run history.
    for (const sub of ['--job-bookmark-from', '--job-bookmark-to'])
      if (run.Arguments[sub] !== undefined)
        throw new ConfigError(
          `${where}: ${sub} is not supported by the local target (its bookmark keeps no per-run history); run without it locally`,
        );
    if (given !== undefined && !BOOKMARK_OPTIONS.includes(given as BookmarkOption))
      throw new ConfigError(`${where}: ${BOOKMARK_ARGUMENT} "${given}" is not one of ${BOOKMARK_OPTIONS.join(', ')}`);
    const option = (given as BookmarkOption | undefined) ?? bookmarkOption(entry.job.config);
    if (!option) return undefined;
    return { option, state: await readBookmark(this.stateDir, run.JobName) };
  }

  private async sqlJobSpec(
    entry: JobEntry,
    run: JobRunRecord,
    where: string,
    outputs: (JobOutput & { sql: string })[] = entry.job.outputs,
  ): Promise<SqlJobSpec> {
    const { job, pipeline } = entry;
    if (!outputs.length) throw new ConfigError(`${where}: the job has no SQL output (declare sql: and output:)`);
    const parameters: SqlJobSpec['parameters'] = {};
    // Every --name argument is a value for :name; declared parameters add types and defaults.
    for (const [k, v] of Object.entries(run.Arguments))
      if (k.startsWith('--')) parameters[k.slice(2)] = { value: v, type: 'string' };
    for (const [name, p] of Object.entries(job.config.parameters ?? {})) {
      const value =
        run.Arguments[`--${name}`] ?? (p.default !== undefined ? this.resolve(p.default, pipeline, where) : undefined);
      if (value !== undefined) parameters[name] = { value, type: p.type ?? 'string' };
      else delete parameters[name];
    }
    const sqlOutputs: SqlJobOutput[] = [];
    for (const o of outputs) {
      const text = await readProjectFile(this.project, o.sql, where);
      sqlOutputs.push({
        sqlFile: o.sql,
        sql: this.resolve(text, pipeline, `${where} (${o.sql})`),
        path: this.resolve(o.path, pipeline, where),
        format: o.format,
        partitionBy: o.partitionBy ?? [],
        mode: o.mode ?? 'overwrite-partitions',
        table: o.table ? this.table(o.table, where) : undefined,
      });
    }
    return {
      jobName: run.JobName,
      declaredIn: `${pipeline.dir}/pipeline.yaml`,
      runId: run.Id,
      bookmark: await this.runBookmark(entry, run, where),
      parameters,
      outputs: sqlOutputs,
      inputs: (job.config.inputs ?? []).map((i) => ({
        name: i.name,
        table: i.table ? this.table(this.resolve(i.table, pipeline, where), where) : undefined,
        path: i.path ? this.resolve(i.path, pipeline, where) : undefined,
        format: i.format,
        partitioned: i.partitioned,
      })),
    };
  }

  private async runScript(entry: JobEntry, run: JobRunRecord, where: string, signal?: AbortSignal) {
    const { job, pipeline } = entry;
    // Data through a JDBC/Kafka/MongoDB connection has no local engine: without a stand-in the
    // script would run against nothing (validate reports it too, rule local-connection).
    if (!job.config.localSql)
      for (const name of job.config.glue?.connections ?? []) {
        const type = this.project.pipelines.map((p) => p.config.connections?.[name]?.type).find(Boolean);
        if (type && type !== 'NETWORK')
          throw new ConfigError(
            `${where}: not runnable locally: the script reads through connection "${name}" (${type}), which has no local engine; declare localSql + localOutput as its local stand-in`,
          );
      }
    const local = job.config.localSql && job.config.localOutput;
    const localSql = local
      ? await this.sqlJobSpec(entry, run, where, [{ ...job.config.localOutput!, sql: job.config.localSql! }])
      : undefined;
    return runScriptJob(this.jobContext(), this.runtimes, {
      jobName: run.JobName,
      declaredIn: `${pipeline.dir}/pipeline.yaml`,
      runId: run.Id,
      script: job.config.script!,
      scriptPath: join(this.project.root, job.config.script!),
      type: job.config.type ?? 'glueetl',
      arguments: run.Arguments,
      localSql,
      env: { LAKEOPS_S3_ROOT: this.storage.root, LAKEOPS_ENV: this.env.name, LAKEOPS_TARGET: 'local' },
      cwd: this.project.root,
      timeoutMs: (job.config.glue?.timeoutMinutes ?? 2880) * 60_000,
      signal,
    });
  }

  // ------------------------------------------------------------------ Glue crawlers

  async startCrawler(name: string): Promise<void> {
    const entry = this.crawlers.get(name);
    if (!entry) throw new AwsLikeError('EntityNotFoundException', `Crawler with name ${name} does not exist`);
    const state = this.crawlerState.get(name);
    if (state?.State === 'RUNNING')
      throw new AwsLikeError('CrawlerRunningException', `Crawler with name ${name} has already started`);
    const startTime = new Date().toISOString();
    this.crawlerState.set(name, { Name: name, State: 'RUNNING', LastCrawl: state?.LastCrawl });
    const where = `${entry.pipeline.dir}/pipeline.yaml crawlers.${entry.logical}`;
    let lastCrawl: LocalCrawlerInfo['LastCrawl'];
    const conn = await this.catalog.connect();
    try {
      const result: CrawlResult = await new Crawler(this.storage, this.catalog, conn).crawl({
        name,
        database: this.databaseName(entry.config.database),
        tablePrefix: entry.config.tablePrefix,
        recrawl: entry.config.recrawl,
        grouping: groupingOf(entry.config.configuration),
        updateBehavior: entry.config.schemaChangePolicy?.updateBehavior,
        deleteBehavior: entry.config.schemaChangePolicy?.deleteBehavior,
        mergeNewColumns: entry.config.configuration?.crawlerOutput?.tables?.addOrUpdateBehavior === 'MergeNewColumns',
        targets: entry.config.targets.map((t) => ({
          path: this.resolve(t.path, entry.pipeline, where),
          exclusions: t.exclusions,
        })),
      });
      lastCrawl = {
        Status: 'SUCCEEDED',
        StartTime: startTime,
        TablesCreated: result.tablesCreated,
        TablesUpdated: result.tablesUpdated,
        PartitionsAdded: result.partitionsAdded,
        TablesUnchanged: result.tablesUnchanged,
        ViewsRecreated: result.viewsRecreated,
        ViewErrors: result.viewErrors,
        SkippedFiles: result.skippedFiles,
        TablesDeleted: result.tablesDeleted,
        TablesDeprecated: result.tablesDeprecated,
        Log: result.log,
      };
    } catch (e) {
      lastCrawl = {
        Status: 'FAILED',
        StartTime: startTime,
        ErrorMessage: `crawler ${name} (${where}): ${(e as Error).message}`,
      };
    } finally {
      conn.closeSync();
    }
    this.crawlerState.set(name, { Name: name, State: 'READY', LastCrawl: lastCrawl });
  }

  async getCrawler(name: string): Promise<LocalCrawlerInfo> {
    if (!this.crawlers.has(name))
      throw new AwsLikeError('EntityNotFoundException', `Crawler with name ${name} does not exist`);
    return structuredClone(this.crawlerState.get(name) ?? { Name: name, State: 'READY' });
  }

  // ------------------------------------------------------------------ Athena

  async startQueryExecution(input: LocalQueryRequest): Promise<LocalQueryExecution> {
    await this.refreshDeclaredTables();
    return this.athena.startQueryExecution(input);
  }

  getQueryExecution(id: string): Promise<LocalQueryExecution> {
    return this.athena.getQueryExecution(id);
  }

  getQueryResults(
    id: string,
    opts?: { MaxResults?: number; NextToken?: string },
  ): Promise<LocalResultSet & { NextToken?: string }> {
    return this.athena.getQueryResults(id, opts);
  }
}

async function readProjectFile(project: Project, rel: string, where: string): Promise<string> {
  // The loader reports such paths; this keeps a file outside the repository unread even so.
  const outside = containmentProblem(project.root, rel);
  if (outside) throw new ConfigError(`${where}: ${outside}`);
  try {
    return await readFile(join(project.root, rel), 'utf8');
  } catch (e) {
    throw new ConfigError(
      `${where}: cannot read ${rel}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

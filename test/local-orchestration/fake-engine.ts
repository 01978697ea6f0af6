// An in-memory stand-in for the local data engine, for orchestration tests that are about the
// ASL interpreter, the handlers, triggers and events rather than DuckDB. Job and crawler outcomes
// are scripted per name; every call is logged in order.
import { createHash } from 'node:crypto';
import type { QueryResult } from '../../src/report/model.js';
import type { LocalEngineApi } from '../../src/targets/local/engine-api.js';
import type {
  JobRunState,
  LocalCrawler,
  LocalJobRun,
  LocalQueryExecution,
  LocalQueryRequest,
} from '../../src/targets/local/services.js';

export interface JobScript {
  /** States of successive runs; the last repeats (default SUCCEEDED). */
  states?: JobRunState[];
  error?: string;
  rows?: Record<string, number>;
}

export class FakeEngine implements LocalEngineApi {
  calls: string[] = [];
  /** Every StartQueryExecution request as the integration passed it. */
  queryRequests: LocalQueryRequest[] = [];
  jobs: Record<string, JobScript> = {};
  crawlerStatus: Record<string, 'SUCCEEDED' | 'FAILED' | 'CANCELLED'> = {};
  objects = new Map<string, Uint8Array | string>();
  views: string[] = [];
  /** Queries whose text contains this fail. */
  failingQuery = 'FAIL_ME';
  private runs = new Map<string, LocalJobRun>();
  private crawlers = new Map<string, LocalCrawler>();
  private queries = new Map<string, LocalQueryExecution>();
  private jobCount = new Map<string, number>();
  private n = 0;

  async startJobRun(jobName: string, args: Record<string, string> = {}): Promise<LocalJobRun> {
    this.calls.push(`job:${jobName}`);
    const script = this.jobs[jobName] ?? {};
    const count = this.jobCount.get(jobName) ?? 0;
    this.jobCount.set(jobName, count + 1);
    const states = script.states ?? ['SUCCEEDED'];
    const state = states[Math.min(count, states.length - 1)]!;
    const now = new Date().toISOString();
    const run: LocalJobRun = {
      Id: `jr_${++this.n}`,
      JobName: jobName,
      JobRunState: state,
      Arguments: args,
      StartedOn: now,
      CompletedOn: now,
      ExecutionTime: 1,
      ...(state === 'SUCCEEDED'
        ? { RowsWritten: script.rows ?? { [`${jobName}_out`]: 10 } }
        : { ErrorMessage: script.error ?? 'boom' }),
    };
    this.runs.set(run.Id, run);
    return run;
  }

  async getJobRun(jobName: string, runId: string): Promise<LocalJobRun> {
    const run = this.runs.get(runId);
    if (!run || run.JobName !== jobName)
      throw Object.assign(new Error(`Job run ${runId} not found`), { name: 'EntityNotFoundException' });
    return run;
  }

  async startCrawler(name: string): Promise<void> {
    this.calls.push(`crawler:${name}`);
    const status = this.crawlerStatus[name] ?? 'SUCCEEDED';
    this.crawlers.set(name, {
      Name: name,
      State: 'READY',
      LastCrawl: {
        Status: status,
        StartTime: new Date().toISOString(),
        TablesCreated: [`${name}_table`],
        ...(status === 'FAILED' ? { ErrorMessage: 'no data' } : {}),
      },
    });
  }

  async getCrawler(name: string): Promise<LocalCrawler> {
    return this.crawlers.get(name) ?? { Name: name, State: 'READY' };
  }

  async startQueryExecution(input: LocalQueryRequest): Promise<LocalQueryExecution> {
    this.queryRequests.push(structuredClone(input));
    this.calls.push(`query:${input.Database ?? ''}:${input.QueryString}`);
    const failed = input.QueryString.includes(this.failingQuery);
    const q: LocalQueryExecution = {
      QueryExecutionId: `q-${++this.n}`,
      Query: input.QueryString,
      Status: failed
        ? { State: 'FAILED', StateChangeReason: 'COLUMN_NOT_FOUND: line 1:8: Column FAIL_ME cannot be resolved' }
        : { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: 100, EngineExecutionTimeInMillis: 1 },
    };
    this.queries.set(q.QueryExecutionId, q);
    return q;
  }

  async getQueryExecution(id: string): Promise<LocalQueryExecution> {
    const q = this.queries.get(id);
    if (!q) throw Object.assign(new Error(`QueryExecution ${id} was not found`), { name: 'InvalidRequestException' });
    return q;
  }

  async getQueryResults(id: string) {
    await this.getQueryExecution(id);
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [{ Name: 'row_count', Type: 'bigint' }] },
        Rows: [{ Data: [{ VarCharValue: 'row_count' }] }, { Data: [{ VarCharValue: '42' }] }],
      },
    };
  }

  async ensureDatabases() {
    this.calls.push('ensureDatabases');
  }

  async createView(
    database: string,
    name: string,
    _sql: string,
  ): Promise<{ status: 'created' | 'pending' | 'failed'; error?: string }> {
    this.views.push(`${database}.${name}`);
    return { status: 'created' };
  }

  async dropView(database: string, name: string) {
    this.views = this.views.filter((v) => v !== `${database}.${name}`);
  }

  async query(): Promise<QueryResult> {
    return { columns: [], rows: [], totalRows: 0 };
  }

  async putObject(bucket: string, key: string, body: Uint8Array | string) {
    this.calls.push(`put:s3://${bucket}/${key}`);
    this.objects.set(`${bucket}/${key}`, body);
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    return { bucket, key, size, etag: createHash('md5').update(body).digest('hex') };
  }

  readonly storage = {
    list: async (bucket: string, prefix = '') =>
      [...this.objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .map((k) => ({ key: k.slice(bucket.length + 1) })),
  };

  async close() {}
}

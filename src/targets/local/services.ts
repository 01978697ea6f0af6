// The local stand-ins for the AWS APIs that pipelines call, shaped like the AWS responses so the
// ASL task handlers and the Glue workflow runner can pass results through unchanged.
// Implemented by LocalEngine (engine.ts); used by the Step Functions handlers (stepfunctions/),
// the workflow runner (workflow.ts) and the EventBridge dispatcher (events.ts).

export type JobRunState = 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPED' | 'TIMEOUT' | 'ERROR';

export interface LocalJobRun {
  Id: string;
  JobName: string;
  JobRunState: JobRunState;
  Arguments: Record<string, string>;
  StartedOn: string;
  CompletedOn?: string;
  ExecutionTime?: number;
  ErrorMessage?: string;
  /** Rows written per output table/path. */
  RowsWritten?: Record<string, number>;
}

export interface LocalCrawler {
  Name: string;
  State: 'READY' | 'RUNNING' | 'STOPPING';
  LastCrawl?: {
    Status: 'SUCCEEDED' | 'CANCELLED' | 'FAILED';
    ErrorMessage?: string;
    StartTime: string;
    /** Tables created or updated, and partitions added, by the last crawl. */
    TablesCreated?: string[];
    TablesUpdated?: string[];
    PartitionsAdded?: number;
  };
}

/** Athena's QueryExecution (https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecution.html). */
export interface LocalQueryExecution {
  QueryExecutionId: string;
  Query: string;
  StatementType?: 'DDL' | 'DML' | 'UTILITY';
  SubstatementType?: string;
  WorkGroup?: string;
  QueryExecutionContext?: { Database?: string };
  ResultConfiguration?: { OutputLocation?: string };
  EngineVersion?: { SelectedEngineVersion: string; EffectiveEngineVersion: string };
  Status: {
    State: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
    StateChangeReason?: string;
    SubmissionDateTime?: string;
    CompletionDateTime?: string;
  };
  Statistics?: {
    DataScannedInBytes: number;
    EngineExecutionTimeInMillis: number;
    TotalExecutionTimeInMillis?: number;
    QueryQueueTimeInMillis?: number;
  };
}

/** StartQueryExecution's request, as far as the local target takes it. */
export interface LocalQueryRequest {
  QueryString: string;
  Database?: string;
  ExecutionParameters?: string[];
  WorkGroup?: string;
  ResultConfiguration?: { OutputLocation?: string };
}

export interface LocalResultSet {
  ResultSet: {
    ResultSetMetadata: { ColumnInfo: { Name: string; Type: string }[] };
    /** Athena's shape: the first row holds the column names, then one row per result row. */
    Rows: { Data: { VarCharValue?: string }[] }[];
  };
}

export interface PutEventEntry {
  EventBusName?: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Resources?: string[];
  Time?: string;
}

export interface LocalServices {
  // Glue jobs: a local job run completes before the promise resolves.
  /** opts.timeoutMinutes: StartJobRun's / a trigger action's Timeout, over the job's own. */
  startJobRun(jobName: string, args?: Record<string, string>, opts?: { timeoutMinutes?: number }): Promise<LocalJobRun>;
  getJobRun(jobName: string, runId: string): Promise<LocalJobRun>;
  // Glue crawlers: startCrawler crawls synchronously; getCrawler reports READY and LastCrawl.
  startCrawler(name: string): Promise<void>;
  getCrawler(name: string): Promise<LocalCrawler>;
  // Athena: a query completes before startQueryExecution resolves.
  startQueryExecution(input: LocalQueryRequest): Promise<LocalQueryExecution>;
  getQueryExecution(id: string): Promise<LocalQueryExecution>;
  getQueryResults(
    id: string,
    opts?: { MaxResults?: number; NextToken?: string },
  ): Promise<LocalResultSet & { NextToken?: string }>;
}

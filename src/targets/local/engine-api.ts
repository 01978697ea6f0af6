// The data engine as the local orchestration uses it (implemented by LocalEngine in engine.ts; a
// fake in the orchestration tests).
import type { QueryResult } from '../../report/model.js';
import type { QueryOptions } from '../target.js';
import type { S3ObjectInfo } from './events.js';
import type { LocalServices } from './services.js';

/** The data engine as the orchestration uses it (implemented by LocalEngine in engine.ts). */
export interface LocalEngineApi extends LocalServices {
  ensureDatabases(): Promise<unknown>;
  /** Tables declared under tables: created over their locations (declared-tables.ts). */
  registerDeclaredTables?(): Promise<
    ({ table: string; status: 'created'; files: number } | { table: string; status: 'skipped'; reason: string })[]
  >;
  /** CREATE OR REPLACE VIEW from Athena SQL; "pending" while a table it reads does not exist yet. */
  createView(
    database: string,
    name: string,
    selectSql: string,
  ): Promise<{ status: 'created' | 'pending' | 'failed'; error?: string }>;
  /** Removes a view (a deploy that failed takes back the views it created). */
  dropView(database: string, name: string): Promise<void>;
  /** The log lines of a job run (its CloudWatch output), for the tail shown on failure. */
  jobRunLog?(runId: string): string[];
  query(sql: string, opts?: QueryOptions): Promise<QueryResult>;
  putObject(bucket: string, key: string, body: Uint8Array | string): Promise<S3ObjectInfo>;
  /**
   * Local S3: whether a sample's prefix already holds data, its state folder (landing records),
   * and Distributed Map item readers and result writers.
   */
  readonly storage?: {
    list(bucket: string, prefix?: string): Promise<{ key: string; size?: number }[]>;
    delete?(bucket: string, key: string): Promise<void>;
    get?(bucket: string, key: string): Promise<Buffer | undefined>;
    put?(bucket: string, key: string, body: string): Promise<unknown>;
  };
  /** The environment's state folder; without one, landings keep no records. */
  readonly stateDir?: string;
  close(): Promise<void>;
}

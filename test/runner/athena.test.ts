import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { convertValue, queryAthena } from '../../src/runner/athena.js';
import type { Clock } from '../../src/runner/poll.js';
import { loadFixture, resolveEnvironment } from './project-fixture.js';
import { recorded } from './recorded.js';

const athenaMock = mockClient(AthenaClient);
const clients = { athena: new AthenaClient({ region: 'us-east-1' }) };
const env = resolveEnvironment(loadFixture({}), 'prod');
const ID = '4c1f9a8e-2b7d-4e1a-9f3c-7d2e5b6a1c90';

/** A clock that records each sleep and advances time by it: no real waiting. */
function fakeClock(): Clock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
}

beforeEach(() => {
  athenaMock.reset();
  athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
});

describe('queryAthena', () => {
  test('runs in the workgroup with parameters only in ExecutionParameters, polls with backoff, pages results', async () => {
    const running = recorded('athena/get-query-execution-running.json');
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolves(recorded('athena/get-query-execution-succeeded.json'));
    athenaMock
      .on(GetQueryResultsCommand, { QueryExecutionId: ID, NextToken: undefined })
      .resolves(recorded('athena/get-query-results-page1.json'))
      .on(GetQueryResultsCommand, { QueryExecutionId: ID, NextToken: 'AcxbV2h0ZXJlIGlzIG1vcmU=' })
      .resolves(recorded('athena/get-query-results-page2.json'));
    const clock = fakeClock();

    const sql = 'SELECT country, hits FROM by_country WHERE hour = ? AND hits < 0';
    const r = await queryAthena(clients, env, sql, {
      database: 'prod_analytics',
      parameters: ["'2026-11-02-09'"],
      clock,
    });

    const start = athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toEqual({
      QueryString: sql,
      WorkGroup: 'lakeops',
      ResultConfiguration: { OutputLocation: 's3://demo-prod-artifacts/athena/' },
      QueryExecutionContext: { Database: 'prod_analytics' },
      ExecutionParameters: ["'2026-11-02-09'"],
    });
    expect(start.QueryString).not.toContain('2026-11-02-09');
    expect(clock.sleeps).toEqual([200, 400, 800, 1600]);

    const pages = athenaMock.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(pages).toEqual([
      { QueryExecutionId: ID, MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: ID, MaxResults: 1000, NextToken: 'AcxbV2h0ZXJlIGlzIG1vcmU=' },
    ]);
    expect(r.columns).toEqual(['country', 'hits', 'ratio', 'late', 'amount']);
    // The header row is dropped only on the first page; values are typed by column.
    expect(r.rows).toEqual([
      { country: 'DE', hits: -3, ratio: 0.25, late: true, amount: '12.50' },
      { country: 'FR', hits: -1, ratio: 1.5e-4, late: false, amount: null },
      { country: '', hits: '9007199254740993', ratio: NaN, late: false, amount: '0.00' },
    ]);
    expect(r.totalRows).toBe(3);
    expect(r.bytesScanned).toBe(48213377);
    expect(r.queryExecutionId).toBe(ID);
  });

  test('no ExecutionParameters key when there are none', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves(recorded('athena/get-query-execution-succeeded.json'));
    athenaMock.on(GetQueryResultsCommand).resolves(recorded('athena/get-query-results-page2.json'));
    await queryAthena(clients, env, 'SELECT 1', { clock: fakeClock() });
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).not.toHaveProperty(
      'ExecutionParameters',
    );
  });

  test('backoff is capped at 5 s, and the timeout names the query and elapsed time and stops it', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves(recorded('athena/get-query-execution-running.json'));
    athenaMock.on(StopQueryExecutionCommand).resolves({});
    const clock = fakeClock();
    await expect(queryAthena(clients, env, 'SELECT 1', { clock, timeoutMs: 30_000 })).rejects.toThrow(
      `Athena query ${ID} did not finish within 30.0 s (still RUNNING after 30.0 s); it was stopped with StopQueryExecution`,
    );
    expect(clock.sleeps).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000, 3800]);
    expect(athenaMock.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: ID });
  });

  test('FAILED carries the StateChangeReason', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves(recorded('athena/get-query-execution-failed.json'));
    await expect(queryAthena(clients, env, 'SELECT 1', { clock: fakeClock() })).rejects.toThrow(
      /failed: TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.prod_analytics.by_country' does not exist/,
    );
    expect(athenaMock.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  test('with a row cap, the total comes from runtime statistics instead of reading every page', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves(recorded('athena/get-query-execution-succeeded.json'));
    athenaMock.on(GetQueryResultsCommand).resolves(recorded('athena/get-query-results-page1.json'));
    athenaMock
      .on(GetQueryRuntimeStatisticsCommand)
      .resolves({ QueryRuntimeStatistics: { Rows: { OutputRows: 4321 } } });
    const r = await queryAthena(clients, env, 'SELECT 1', { clock: fakeClock(), maxRows: 1 });
    expect(r.rows).toEqual([{ country: 'DE', hits: -3, ratio: 0.25, late: true, amount: '12.50' }]);
    expect(r.totalRows).toBe(4321);
    expect(athenaMock.commandCalls(GetQueryResultsCommand)).toHaveLength(1);
  });

  test('without runtime statistics the remaining pages are counted', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves(recorded('athena/get-query-execution-succeeded.json'));
    athenaMock
      .on(GetQueryResultsCommand, { NextToken: undefined })
      .resolves(recorded('athena/get-query-results-page1.json'))
      .on(GetQueryResultsCommand, { NextToken: 'AcxbV2h0ZXJlIGlzIG1vcmU=' })
      .resolves(recorded('athena/get-query-results-page2.json'));
    athenaMock.on(GetQueryRuntimeStatisticsCommand).rejects(new Error('AccessDenied'));
    const r = await queryAthena(clients, env, 'SELECT 1', { clock: fakeClock(), maxRows: 1 });
    expect(r.rows).toHaveLength(1);
    expect(r.totalRows).toBe(3);
  });
});

test('convertValue', () => {
  expect(convertValue('12', 'integer')).toBe(12);
  expect(convertValue(undefined, 'varchar')).toBeNull();
  expect(convertValue('2026-11-02 10:00:00.000', 'timestamp')).toBe('2026-11-02 10:00:00.000');
});

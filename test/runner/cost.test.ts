import { describe, expect, test } from '@jest/globals';
import {
  athenaBilledBytes,
  athenaQueryUsd,
  estimateRunCost,
  glueBilledDpuSeconds,
  glueUsd,
  PRICES_AS_OF,
  sfnTransitionsUsd,
  sumCosts,
  costEstimate,
  athenaCostItem,
} from '../../src/runner/cost.js';
import { loadFixture, resolveEnvironment } from './project-fixture.js';

const MB = 1024 * 1024;

describe('price table', () => {
  test('is dated', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  test('Athena: 10 MB minimum, rounded up to the MB, $5 per TB', () => {
    expect(athenaBilledBytes(0)).toBe(10 * MB);
    expect(athenaBilledBytes(10 * MB + 1)).toBe(11 * MB);
    expect(athenaQueryUsd(1024 * 1024 * MB)).toBeCloseTo(5, 10);
    expect(athenaQueryUsd(1)).toBeCloseTo((10 / (1024 * 1024)) * 5, 12);
  });

  test('Glue: per second with a one-minute minimum (ten on 0.9/1.0), capacity by worker type', () => {
    expect(glueBilledDpuSeconds(74, { workerType: 'G.1X', numberOfWorkers: 2, glueVersion: '5.0' })).toBe(148);
    expect(glueBilledDpuSeconds(12.2, { workerType: 'G.2X', numberOfWorkers: 3, glueVersion: '4.0' })).toBe(360);
    expect(glueBilledDpuSeconds(100, { maxCapacity: 10, glueVersion: '1.0' })).toBe(6000);
    expect(glueBilledDpuSeconds(120, { jobType: 'pythonshell' })).toBe(7.5);
    expect(glueUsd(3600)).toBeCloseTo(0.44, 10);
  });

  test('Step Functions: $0.025 per 1,000 transitions', () => {
    expect(sfnTransitionsUsd(1000)).toBeCloseTo(0.025, 10);
  });

  test('estimates add up', () => {
    const a = costEstimate([athenaCostItem(0)]);
    expect(sumCosts([a, undefined, a])!.items).toHaveLength(2);
    expect(sumCosts([undefined])).toBeUndefined();
  });
});

describe('estimateRunCost (local runs)', () => {
  test('duration × declared capacity, labelled as an estimate, plus transitions', () => {
    const project = loadFixture({
      'pipelines/p/pipeline.yaml': {
        name: 'p',
        jobs: {
          agg: {
            sql: 'a.sql',
            output: { path: 's3://${data}/x/', format: 'parquet' },
            glue: { workerType: 'G.2X', numberOfWorkers: 5 },
          },
          shell: { script: 's.py', type: 'pythonshell' },
        },
      },
    });
    const env = resolveEnvironment(project, 'local');
    const est = estimateRunCost(project, env, {
      orchestration: 'stateMachine',
      steps: [
        { name: 'Aggregate', type: 'Task', status: 'succeeded', durationMs: 2300, details: { jobName: 'agg' } },
        {
          name: 'Shell',
          type: 'Task',
          status: 'succeeded',
          durationMs: 90_000,
          details: { jobName: 'shell', executionTimeSeconds: 90 },
        },
        { name: 'Done', type: 'Succeed', status: 'succeeded' },
      ],
    });
    expect(est.items.map((i) => [i.what, i.quantity])).toEqual([
      ['Glue job agg (estimate: duration × declared capacity)', 600],
      ['Glue job shell (estimate: duration × declared capacity)', 90 / 16],
      ['Step Functions state transitions (estimate)', 3],
    ]);
  });
});

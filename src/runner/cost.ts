// Cost estimates for runs and queries: Athena bytes scanned, Glue DPU-seconds and Step Functions
// state transitions, each multiplied by a dated price table kept in code.
//
// Prices change and differ by region. These are the public on-demand list prices for us-east-1 as
// published on https://aws.amazon.com/athena/pricing/, https://aws.amazon.com/glue/pricing/ and
// https://aws.amazon.com/step-functions/pricing/ on the date below; update the table (and the
// date) when they move. Estimates ignore free tiers, savings plans and Flex execution discounts.
import type { Environment } from '../model/environment.js';
import type { Project } from '../model/project.js';
import type { CostEstimate, CostItem, RunResult } from '../report/model.js';

export const PRICES_AS_OF = '2026-11-01';
export const PRICES_REGION = 'us-east-1';

export const PRICES = {
  /** Athena SQL queries: USD per TB scanned, rounded up to the MB, 10 MB minimum per query. */
  athenaUsdPerTb: 5,
  athenaMinBytesPerQuery: 10 * 1024 * 1024,
  /** Glue ETL (Spark and Python shell): USD per DPU-hour, billed per second. */
  glueUsdPerDpuHour: 0.44,
  /** Glue 2.0+ Spark and Python shell jobs bill at least one minute per run (0.9/1.0: ten). */
  glueMinSeconds: 60,
  glueLegacyMinSeconds: 600,
  /** Python shell jobs run on 1/16 DPU unless MaxCapacity says 1. */
  pythonShellDefaultDpu: 1 / 16,
  /** Step Functions Standard workflows: USD per 1,000 state transitions. */
  sfnUsdPer1000Transitions: 0.025,
} as const;

const MB = 1024 * 1024;
const TB = MB * MB; // 2^40 bytes

/** DPUs per worker for each Glue worker type (https://docs.aws.amazon.com/glue/latest/dg/add-job.html). */
const DPU_PER_WORKER: Record<string, number> = {
  Standard: 1,
  'G.025X': 0.25,
  'G.1X': 1,
  'G.2X': 2,
  'G.4X': 4,
  'G.8X': 8,
  'G.12X': 12,
  'G.16X': 16,
  'R.1X': 1,
  'R.2X': 2,
  'R.4X': 4,
  'R.8X': 8,
  'Z.2X': 2,
};

/** Bytes Athena bills for one query: rounded up to the MB, never under 10 MB. */
export function athenaBilledBytes(bytesScanned: number): number {
  return Math.max(PRICES.athenaMinBytesPerQuery, Math.ceil(Math.max(0, bytesScanned) / MB) * MB);
}

export function athenaQueryUsd(bytesScanned: number): number {
  return (athenaBilledBytes(bytesScanned) / TB) * PRICES.athenaUsdPerTb;
}

export interface GlueCapacity {
  /** glueetl (Spark), pythonshell, gluestreaming. */
  jobType?: string;
  glueVersion?: string;
  workerType?: string;
  numberOfWorkers?: number;
  maxCapacity?: number;
}

/** DPUs a Glue job run holds, from its worker type and count or its MaxCapacity. */
export function glueDpus(c: GlueCapacity): number {
  if (c.jobType === 'pythonshell') return c.maxCapacity ?? PRICES.pythonShellDefaultDpu;
  if (c.workerType && c.numberOfWorkers) return (DPU_PER_WORKER[c.workerType] ?? 1) * c.numberOfWorkers;
  // Spark jobs default to 10 DPUs when neither workers nor MaxCapacity are set.
  return c.maxCapacity ?? 10;
}

/** DPU-seconds billed for one run: per second, with the version's minimum duration. */
export function glueBilledDpuSeconds(executionSeconds: number, c: GlueCapacity): number {
  const legacy = c.jobType !== 'pythonshell' && (c.glueVersion === '0.9' || c.glueVersion === '1.0');
  const min = legacy ? PRICES.glueLegacyMinSeconds : PRICES.glueMinSeconds;
  return Math.max(min, Math.ceil(executionSeconds)) * glueDpus(c);
}

export function glueUsd(dpuSeconds: number): number {
  return (dpuSeconds / 3600) * PRICES.glueUsdPerDpuHour;
}

export function sfnTransitionsUsd(transitions: number): number {
  return (transitions / 1000) * PRICES.sfnUsdPer1000Transitions;
}

/** Rounds to a millionth of a dollar so sums print stably. */
function usd(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function athenaCostItem(bytesScanned: number, what = 'Athena data scanned'): CostItem {
  return { what, quantity: athenaBilledBytes(bytesScanned), unit: 'bytes', usd: usd(athenaQueryUsd(bytesScanned)) };
}

export function glueCostItem(dpuSeconds: number, what = 'Glue DPU-seconds'): CostItem {
  return { what, quantity: dpuSeconds, unit: 'DPU-seconds', usd: usd(glueUsd(dpuSeconds)) };
}

export function sfnCostItem(transitions: number, what = 'Step Functions state transitions'): CostItem {
  return { what, quantity: transitions, unit: 'transitions', usd: usd(sfnTransitionsUsd(transitions)) };
}

export function costEstimate(items: CostItem[]): CostEstimate {
  return {
    items,
    totalUsd: usd(items.reduce((s, i) => s + i.usd, 0)),
    pricesAsOf: PRICES_AS_OF,
    region: PRICES_REGION,
  };
}

/** Adds several estimates together (e.g. a run's cost plus its validations'). */
export function sumCosts(estimates: (CostEstimate | undefined)[]): CostEstimate | undefined {
  const present = estimates.filter((e): e is CostEstimate => Boolean(e));
  if (present.length === 0) return undefined;
  return costEstimate(present.flatMap((e) => e.items));
}

/**
 * What a local run would cost on AWS, labelled as an estimate: each Glue job step's duration
 * (the local engine's, so the one-minute minimum usually decides) times the job's declared
 * capacity, a state transition per state entered, and Athena bytes where the local target
 * reported them.
 */
export function estimateRunCost(
  project: Project,
  env: Environment,
  run: Pick<RunResult, 'steps' | 'orchestration'>,
): CostEstimate {
  const items: CostItem[] = [];
  const jobs = project.pipelines.flatMap((p) => p.jobs);
  for (const s of run.steps) {
    const jobName = typeof s.details?.jobName === 'string' ? s.details.jobName : s.type === 'job' ? s.name : undefined;
    const job = jobName
      ? jobs.find((j) => j.name === jobName || env.physicalName('job', j.name) === jobName)
      : undefined;
    if (job) {
      const seconds =
        typeof s.details?.executionTimeSeconds === 'number'
          ? s.details.executionTimeSeconds
          : (s.durationMs ?? 0) / 1000;
      const g = job.config.glue ?? {};
      const dpuSeconds = glueBilledDpuSeconds(seconds, {
        jobType: job.config.type ?? 'glueetl',
        glueVersion: g.glueVersion,
        workerType: g.workerType,
        numberOfWorkers: g.numberOfWorkers,
        maxCapacity: g.maxCapacity,
      });
      items.push(glueCostItem(dpuSeconds, `Glue job ${job.name} (estimate: duration × declared capacity)`));
    }
    if (s.bytesScanned !== undefined)
      items.push(athenaCostItem(s.bytesScanned, `Athena query in ${s.name} (estimate)`));
  }
  const transitions = run.orchestration === 'stateMachine' ? run.steps.filter((s) => s.status !== 'skipped').length : 0;
  if (transitions) items.push(sfnCostItem(transitions, 'Step Functions state transitions (estimate)'));
  return costEstimate(items);
}

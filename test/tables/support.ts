// A temporary copy of the valid fixture project with YAML appended to its files: the declared
// tables and external resources each test adds.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VALID_FIXTURE } from '../validate/support/corpus.js';

export interface FixtureEdits {
  /** Appended to pipelines/orders/pipeline.yaml (top-level keys it does not have yet). */
  orders?: string;
  /** Appended to pipelines/returns/pipeline.yaml. */
  returns?: string;
  /** Appended to lakeops.yaml. */
  project?: string;
}

export function fixtureProject(edits: FixtureEdits): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lakeops-tables-'));
  cpSync(VALID_FIXTURE, dir, { recursive: true });
  if (edits.orders) appendFileSync(join(dir, 'pipelines/orders/pipeline.yaml'), `\n${edits.orders}\n`);
  if (edits.returns) appendFileSync(join(dir, 'pipelines/returns/pipeline.yaml'), `\n${edits.returns}\n`);
  if (edits.project) appendFileSync(join(dir, 'lakeops.yaml'), `\n${edits.project}\n`);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A partitioned Hive table with date projection, in the orders pipeline's shop database. */
export const EVENTS_TABLE = `tables:
  events:
    database: shop
    location: s3://\${data}/declared/events/
    format: parquet
    description: Click events, one folder per day
    columns:
      - { name: event_id, type: bigint, comment: unique id }
      - { name: user_name, type: string }
      - { name: amount, type: 'decimal(10,2)' }
      - { name: tags, type: 'array<string>' }
    partitionKeys:
      - { name: dt, type: string }
    projection:
      dt: { type: date, format: yyyy-MM-dd, range: '2024-01-01,NOW' }
    properties: { classification: parquet }`;

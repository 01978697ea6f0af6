// IAM for resources owned elsewhere and declared tables: the deploy role may read (only read) each
// external resource preflight checks; a job reading an external or declared table gets catalog
// read on it and S3 read on its data. Decisions by the IAM policy simulator (test/iam/support).
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arn, copyFixture, report, role } from '../iam/support/fixture.js';
import { decide } from '../iam/support/simulate.js';

const EXTERNAL = `
external:
  databases:
    partner: { name: partner_team }
  tables:
    partner.customers: { location: 's3://partner-data/customers/' }
  jobs:
    upstream: { name: team-b-ingest }
  stateMachines:
    audit: { name: team-b-audit }
  buckets:
    drop: { name: partner-drop-bucket }
`;

let root: string;
beforeEach(() => {
  root = copyFixture();
  appendFileSync(join(root, 'lakeops.yaml'), EXTERNAL);
  const file = join(root, 'pipelines/orders/pipeline.yaml');
  // The job reads another team's table, and a table declared by this project.
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(
        '        format: json\n    sql:',
        '        format: json\n      - name: customers\n        table: partner.customers\n      - name: events\n        table: sales.events\n    sql:',
      )
      .concat(
        '\ntables:\n  events:\n    database: sales\n    location: s3://${data}/events/\n    format: parquet\n    columns: [{ name: id, type: bigint }]\n',
      ),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('the deploy role may read each external resource, and write none of them', async () => {
  const deploy = role(report(root), 'deploy');
  const allowed = async (action: string, resource: string) => decide(deploy, action, resource);
  expect(await allowed('glue:GetDatabase', arn.glue('database/partner_team'))).toBe('Allowed');
  expect(await allowed('glue:GetTable', arn.glue('table/partner_team/customers'))).toBe('Allowed');
  expect(await allowed('glue:GetJob', arn.glue('job/team-b-ingest'))).toBe('Allowed');
  expect(await allowed('states:DescribeStateMachine', arn.states('stateMachine:team-b-audit'))).toBe('Allowed');
  expect(await allowed('s3:GetBucketLocation', arn.s3('partner-drop-bucket'))).toBe('Allowed');
  for (const [action, resource] of [
    ['glue:DeleteDatabase', arn.glue('database/partner_team')],
    ['glue:UpdateTable', arn.glue('table/partner_team/customers')],
    ['glue:DeleteTable', arn.glue('table/partner_team/customers')],
    ['glue:UpdateJob', arn.glue('job/team-b-ingest')],
    ['states:UpdateStateMachine', arn.states('stateMachine:team-b-audit')],
  ])
    expect(await allowed(action!, resource!)).toBe('ImplicitlyDenied');
});

test('a job reading an external table and a declared table may read their catalog entries and data', async () => {
  const r = report(root);
  const job = role(r, 'glue-job/orders');
  expect(await decide(job, 'glue:GetTable', arn.glue('table/partner_team/customers'))).toBe('Allowed');
  expect(await decide(job, 's3:GetObject', arn.s3('partner-data/customers/part-0.parquet'))).toBe('Allowed');
  expect(await decide(job, 'glue:GetTable', arn.glue('table/tst_sales/events'))).toBe('Allowed');
  expect(await decide(job, 's3:GetObject', arn.s3('iamfix-test-data/events/part-0.parquet'))).toBe('Allowed');
  // Not other data of the other team.
  expect(await decide(job, 's3:GetObject', arn.s3('partner-data/payroll/x.parquet'))).toBe('ImplicitlyDenied');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
});

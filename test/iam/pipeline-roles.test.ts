// Each pipeline's roles cover exactly the resources its definitions reference: adding a job (in a
// temporary copy of the fixture project) adds exactly that job's grants, and nothing is granted
// outside what the pipeline declares.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { policyAtoms } from '../../src/iam/policy.js';
import { arn, copyFixture, FIXTURE, invalidGrants, report, role } from './support/fixture.js';
import { decide } from './support/simulate.js';

const diff = (before: Set<string>, after: Set<string>) => ({
  added: [...after].filter((a) => !before.has(a)).sort(),
  removed: [...before].filter((a) => !after.has(a)).sort(),
});

function editPipeline(root: string, name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const file = join(root, 'pipelines', name, 'pipeline.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
}

describe('adding a job to a pipeline', () => {
  let root: string;
  beforeEach(() => {
    root = copyFixture();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("adds exactly the new job's grants to the pipeline's Glue job role, and nothing to its other roles", () => {
    const before = report(root);
    editPipeline(root, 'orders', (doc) =>
      doc.setIn(['jobs', 'enrich-orders'], {
        inputs: [
          { name: 'orders', table: 'sales.orders' },
          { name: 'customers', path: 's3://${data}/customers/ref/', format: 'csv' },
        ],
        sql: 'sql/clean_orders.sql',
        output: { path: 's3://${data}/orders/enriched/', format: 'parquet' },
      }),
    );
    const after = report(root);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const obj = (key: string) => arn.s3(`iamfix-test-data/${key}`);
    const folder = (dir: string) => [obj(`${dir}/*`), obj(dir), obj(`${dir}_$folder$`)];
    const table = [arn.glue('catalog'), arn.glue('database/tst_sales'), arn.glue('table/tst_sales/orders')];
    const expected = [
      // reads the new input folder (orders/clean/ is already readable: clean-orders writes it)
      ...folder('customers/ref').map((r) => `Allow s3:GetObject ${r}`),
      // writes the new output folder
      ...['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'].flatMap((a) =>
        folder('orders/enriched').map((r) => `Allow ${a} ${r}`),
      ),
      // lists both under their prefixes
      ...['customers/ref', 'customers/ref/*', 'orders/enriched', 'orders/enriched/*'].map(
        (p) => `Allow s3:ListBucket ${arn.s3('iamfix-test-data')} StringLike s3:prefix=${p}`,
      ),
      // reads the catalog table it takes as input (GetDatabase on the catalog is already granted
      // for Spark's default-database lookup)
      ...['glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable']
        .flatMap((a) => table.map((r) => `Allow ${a} ${r}`))
        .filter((a) => a !== `Allow glue:GetDatabase ${arn.glue('catalog')}`),
    ].sort();
    expect(diff(policyAtoms(role(before, 'glue-job/orders')), policyAtoms(role(after, 'glue-job/orders')))).toEqual({
      added: expected,
      removed: [],
    });

    for (const id of ['crawler/orders', 'state-machine/orders', 'crawler/clicks', 'events', 'scheduler'])
      expect([id, diff(policyAtoms(role(before, id)), policyAtoms(role(after, id)))]).toEqual([
        id,
        { added: [], removed: [] },
      ]);
  });

  test('running the new job from the state machine adds exactly its .sync grants to the state machine role', () => {
    const before = report(root);
    editPipeline(root, 'orders', (doc) =>
      doc.setIn(['jobs', 'enrich-orders'], { script: 'sql/clean_orders.sql', type: 'pythonshell' }),
    );
    const aslFile = join(root, 'pipelines/orders/state-machine.asl.json');
    const asl = JSON.parse(readFileSync(aslFile, 'utf8'));
    asl.States.Crawl.Next = 'Enrich';
    asl.States.Enrich = {
      Type: 'Task',
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: { JobName: '${enrich-orders}' },
      Next: 'Count',
    };
    writeFileSync(aslFile, JSON.stringify(asl, null, 2));
    const after = report(root);
    const job = arn.glue('job/tst-enrich-orders');
    expect(
      diff(policyAtoms(role(before, 'state-machine/orders')), policyAtoms(role(after, 'state-machine/orders'))),
    ).toEqual({
      added: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun']
        .map((a) => `Allow ${a} ${job}`)
        .sort(),
      removed: [],
    });
  });

  test('removing the job again removes its grants', () => {
    const original = policyAtoms(role(report(root), 'glue-job/orders'));
    editPipeline(root, 'orders', (doc) =>
      doc.setIn(['jobs', 'tmp-job'], {
        sql: 'sql/clean_orders.sql',
        output: { path: 's3://${data}/tmp/', format: 'json' },
      }),
    );
    expect(policyAtoms(role(report(root), 'glue-job/orders'))).not.toEqual(original);
    editPipeline(root, 'orders', (doc) => doc.deleteIn(['jobs', 'tmp-job']));
    expect(policyAtoms(role(report(root), 'glue-job/orders'))).toEqual(original);
  });

  test('a ${Name} the environment cannot resolve is an error at its line, and nothing is granted for it', () => {
    editPipeline(root, 'orders', (doc) => doc.setIn(['jobs', 'clean-orders', 'output', 'path'], 's3://${nobucket}/x/'));
    const r = report(root);
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          file: 'pipelines/orders/pipeline.yaml',
          rule: 'iam-substitution',
          message: expect.stringContaining('${nobucket}'),
        }),
      ]),
    );
  });
});

describe('what each role allows', () => {
  const r = report(FIXTURE);
  const expectDecisions = async (
    id: string,
    cases: [string, string, 'Allowed' | 'ImplicitlyDenied', Record<string, string>?][],
  ) => {
    const policy = role(r, id);
    const got = await Promise.all(cases.map(async ([a, res, , ctx]) => [a, res, await decide(policy, a, res, ctx)]));
    expect(got).toEqual(cases.map(([a, res, want]) => [a, res, want]));
  };

  test('the fixture derives without problems and every grant of every role is valid', async () => {
    expect(r.diagnostics).toEqual(expect.not.arrayContaining([expect.objectContaining({ severity: 'error' })]));
    for (const x of r.roles) expect([x.id, await invalidGrants(x.policy)]).toEqual([x.id, []]);
  });

  test('Glue job role: its inputs read-only, its outputs writable, its scripts, nothing of other pipelines', () =>
    expectDecisions('glue-job/orders', [
      ['s3:GetObject', arn.s3('iamfix-test-data/orders/raw/2024/05/01/a.json'), 'Allowed'],
      ['s3:PutObject', arn.s3('iamfix-test-data/orders/raw/2024/05/01/a.json'), 'ImplicitlyDenied'],
      ['s3:PutObject', arn.s3('iamfix-test-data/orders/clean/part-0.parquet'), 'Allowed'],
      ['s3:DeleteObject', arn.s3('iamfix-test-data/orders/clean/part-0.parquet'), 'Allowed'],
      ['s3:GetObject', arn.s3('iamfix-test-data/clicks/incoming/a.json'), 'ImplicitlyDenied'],
      ['s3:ListBucket', arn.s3('iamfix-test-data'), 'Allowed', { 's3:prefix': 'orders/raw/2024/' }],
      ['s3:ListBucket', arn.s3('iamfix-test-data'), 'ImplicitlyDenied', { 's3:prefix': 'clicks/' }],
      ['s3:GetObject', arn.s3('iamfix-test-artifacts/iamfix/test/artifacts/ab12/lakeops_sql_runner.py'), 'Allowed'],
      [
        's3:GetObject',
        arn.s3('iamfix-test-artifacts/iamfix/prod/artifacts/ab12/lakeops_sql_runner.py'),
        'ImplicitlyDenied',
      ],
      ['logs:PutLogEvents', arn.logs('log-group:/aws-glue/jobs/output:log-stream:jr_1'), 'Allowed'],
      ['glue:GetTable', arn.glue('table/tst_web/clicks_x'), 'ImplicitlyDenied'],
    ]));

  test("crawler role: its targets and its database's prefixed tables only", () =>
    expectDecisions('crawler/clicks', [
      ['s3:GetObject', arn.s3('iamfix-test-data/clicks/incoming/a.json'), 'Allowed'],
      ['s3:GetObject', arn.s3('iamfix-test-data/orders/clean/a.parquet'), 'ImplicitlyDenied'],
      ['glue:CreateTable', arn.glue('table/tst_web/clicks_incoming'), 'Allowed'],
      ['glue:CreateTable', arn.glue('table/tst_web/orders'), 'ImplicitlyDenied'],
      ['glue:CreateTable', arn.glue('table/tst_sales/clicks_incoming'), 'ImplicitlyDenied'],
      ['logs:PutLogEvents', arn.logs('log-group:/aws-glue/crawlers:log-stream:tst-clicks-crawler'), 'Allowed'],
      ['logs:PutLogEvents', arn.logs('log-group:/aws-glue/crawlers:log-stream:tst-orders-crawler'), 'ImplicitlyDenied'],
    ]));

  test('state machine role: exactly what its Task states call', () =>
    expectDecisions('state-machine/orders', [
      ['glue:StartJobRun', arn.glue('job/tst-clean-orders'), 'Allowed'],
      ['glue:GetJobRun', arn.glue('job/tst-clean-orders'), 'Allowed'],
      ['glue:StartJobRun', arn.glue('job/tst-other'), 'ImplicitlyDenied'],
      ['glue:StartCrawler', arn.glue('crawler/tst-orders-crawler'), 'Allowed'],
      ['glue:StartCrawler', arn.glue('crawler/tst-clicks-crawler'), 'ImplicitlyDenied'],
      ['athena:StartQueryExecution', arn.athena('workgroup/iamfix-test'), 'Allowed'],
      ['athena:StartQueryExecution', arn.athena('workgroup/primary'), 'ImplicitlyDenied'],
      ['glue:GetTable', arn.glue('table/tst_sales/orders'), 'Allowed'],
      ['glue:GetTable', arn.glue('table/tst_web/clicks_x'), 'ImplicitlyDenied'],
      ['s3:PutObject', arn.s3('iamfix-test-artifacts/athena-results/q.csv'), 'Allowed'],
      ['events:PutEvents', arn.events('event-bus/tst-orders-events'), 'Allowed'],
      ['events:PutEvents', arn.events('event-bus/default'), 'ImplicitlyDenied'],
    ]));

  test('EventBridge and Scheduler roles: only the targets of their rules and schedules', async () => {
    await expectDecisions('events', [
      ['glue:NotifyEvent', arn.glue('workflow/tst-clicks-flow'), 'Allowed'],
      ['glue:NotifyEvent', arn.glue('workflow/tst-other'), 'ImplicitlyDenied'],
      ['states:StartExecution', arn.states('stateMachine:tst-orders'), 'ImplicitlyDenied'],
    ]);
    await expectDecisions('scheduler', [
      ['states:StartExecution', arn.states('stateMachine:tst-orders'), 'Allowed'],
      ['states:StartExecution', arn.states('stateMachine:tst-other'), 'ImplicitlyDenied'],
    ]);
  });

  test("trust policies: the service, this account, and the environment's resources", () => {
    const trust = (id: string) => r.roles.find((x) => x.id === id)!.trust!.Statement[0]!;
    expect(trust('scheduler')).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': arn.scheduler('schedule-group/tst-iamfix') },
      },
    });
    expect(trust('state-machine/orders')).toMatchObject({
      Principal: { Service: 'states.amazonaws.com' },
      Condition: { ArnLike: { 'aws:SourceArn': arn.states('stateMachine:tst-*') } },
    });
    expect(trust('glue-job/orders')).toMatchObject({ Principal: { Service: 'glue.amazonaws.com' } });
  });

  test('the declared roles carry the union of what they serve', () => {
    const crawlers = r.declared.find((d) => d.role === 'iamfix-test-glue-crawler')!;
    expect(crawlers.serves.sort()).toEqual(['crawler/clicks', 'crawler/orders']);
    const union = new Set([...policyAtoms(role(r, 'crawler/clicks')), ...policyAtoms(role(r, 'crawler/orders'))]);
    expect(policyAtoms(crawlers.policy)).toEqual(union);
  });

  test('the prefixes CloudTrail must record for the S3 rules', () => {
    expect(r.bootstrap.watchedS3Prefixes).toEqual([arn.s3('iamfix-test-data/clicks/incoming/')]);
  });
});

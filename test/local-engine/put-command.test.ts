// `lakeops put`: the file lands in local S3 through the engine, and its object-created events go
// through the pipelines' EventBridge rules (here a Glue workflow EVENT trigger that crawls it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../support/run-cli.js';
import { makeProject, type TestProject } from './project.js';

let p: TestProject;
beforeAll(async () => {
  p = await makeProject({
    name: 'landing',
    databases: { landed: {} },
    crawlers: { 'landed-crawler': { database: 'landed', targets: [{ path: 's3://${data}/in/' }] } },
    workflow: {
      triggers: { 'on-file': { type: 'EVENT', batch: { size: 1 }, actions: [{ crawler: 'landed-crawler' }] } },
    },
    rules: {
      'file-landed': {
        pattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { bucket: { name: ['${data}'] }, object: { key: [{ prefix: 'in/' }] } },
        },
        target: 'workflow',
      },
    },
  });
  await p.engine.close(); // the command opens its own
  writeFileSync(join(p.root, 'orders.csv'), 'id,amount\n1,9.5\n2,3.25\n');
  // An AWS environment, for the usage error.
  writeFileSync(
    join(p.root, 'lakeops.yaml'),
    stringify({
      project: 'enginetest',
      environments: {
        local: { target: 'local', buckets: { data: 'test-data' } },
        dev: { target: 'aws', region: 'us-east-1', buckets: { data: 'dev-data', artifacts: 'dev-artifacts' } },
      },
    }),
  );
});
afterAll(async () => {
  await p.close();
});

const lakeops = (...args: string[]) => runCli(p.root, ...args);

test('stores the file and lets the matching rule start its workflow, which crawls it', async () => {
  const r = await lakeops('put', join(p.root, 'orders.csv'), 's3://test-data/in/orders/');
  expect(r.code).toBe(0);
  expect(r.err).toContain('landed-crawler'); // progress of the run the event started
  expect(r.out).toContain('stored s3://test-data/in/orders/orders.csv (23 bytes');
  expect(r.out).toContain('rule file-landed (landing) matched "Object Created" on bus default');
  const q = await lakeops('query', '--json', '-d', 'landed', 'SELECT sum(amount) AS total FROM orders');
  expect(JSON.parse(q.out)).toEqual([{ total: 12.75 }]);
});

test('a missing file or an AWS environment is a usage error (exit 2)', async () => {
  const missing = await lakeops('put', join(p.root, 'nope.csv'), 's3://test-data/in/x.csv');
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/nope\.csv is not a file/);
  const aws = await lakeops('--env', 'dev', 'put', join(p.root, 'orders.csv'), 's3://dev-data/in/x.csv');
  expect(aws.code).toBe(2);
  expect(aws.err).toMatch(/lands files on local environments/);
});

test('the event carries the key exactly as stored: a//b stays a//b, distinct from a/b, and does not match in/ rules', async () => {
  const r = await lakeops('--json', 'put', join(p.root, 'orders.csv'), 's3://test-data/in//odd/../x.csv');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.out);
  expect(out.object.key).toBe('in//odd/../x.csv');
  // The rule matches the key by prefix "in/", which "in//..." has: it fires on the raw key, as on AWS.
  expect(out.matched.map((m: { rule: string }) => m.rule)).toEqual(['file-landed']);
  const other = await lakeops('--json', 'put', join(p.root, 'orders.csv'), 's3://test-data/../in/y.csv');
  expect(JSON.parse(other.out).object.key).toBe('../in/y.csv');
  // "../in/y.csv" is not under "in/": no rule fires (before, it was stored as in/y.csv and the event said ../in/y.csv).
  expect(JSON.parse(other.out).matched).toEqual([]);
});

test('an undeclared bucket or a key over 1,024 bytes is a usage error and stores nothing', async () => {
  const b = await lakeops('put', join(p.root, 'orders.csv'), 's3://undeclared-bucket/in/x.csv');
  expect(b.code).toBe(2);
  expect(b.err).toMatch(
    /bucket "undeclared-bucket" is not declared for environment "local" in lakeops.yaml \(declared: test-data\)/,
  );
  const k = await lakeops('put', join(p.root, 'orders.csv'), `s3://test-data/${'k'.repeat(1025)}`);
  expect(k.code).toBe(2);
  expect(k.err).toMatch(/1025 bytes of UTF-8; S3 allows at most 1024/);
});

// Concrete requests the code makes for each resource scope of src/iam/actions.ts in the IAM
// fixture's "test" environment (name prefix tst-), written independently of src/iam's ARN builders.
import { permissionsFor, type Permission, type ResourceScope, type SdkCommandUse } from '../../../src/iam/actions.js';
import type { PolicyDocument } from '../../../src/iam/policy.js';
import { arn } from './fixture.js';
import { decide } from './simulate.js';

/** A request the code makes for a scope in the fixture's "test" environment (prefix tst-). */
export function sampleRequests(perm: Permission): { resource: string; context?: Record<string, string> }[] {
  const plain = (...resources: string[]) => resources.map((resource) => ({ resource }));
  const bucket = (name: string, prefix: string) =>
    perm.wholeBucket ? [{ resource: arn.s3(name) }] : [{ resource: arn.s3(name), context: { 's3:prefix': prefix } }];
  const samples: Record<ResourceScope, { resource: string; context?: Record<string, string> }[]> = {
    job: plain(arn.glue('job/tst-clean-orders')),
    crawler: plain(arn.glue('crawler/tst-orders-crawler'), arn.glue('crawler/tst-clicks-crawler')),
    workflow: plain(arn.glue('workflow/tst-clicks-flow')),
    trigger: plain(arn.glue('trigger/tst-on-files')),
    connection: plain(arn.glue('catalog'), arn.glue('connection/tst-orders-db')),
    connectionCatalog: plain(arn.glue('catalog')),
    glueTaggable: plain(
      arn.glue('job/tst-clean-orders'),
      arn.glue('crawler/tst-orders-crawler'),
      arn.glue('workflow/tst-clicks-flow'),
    ),
    catalog: plain(arn.glue('catalog'), arn.glue('database/tst_sales'), arn.glue('table/tst_sales/orders')),
    stateMachine: plain(arn.states('stateMachine:tst-orders')),
    execution: plain(arn.states('execution:tst-orders:gh-1234-1')),
    rule: plain(arn.events('rule/tst-clicks-landed')),
    eventBus: plain(arn.events('event-bus/tst-orders-events')),
    schedule: plain(arn.scheduler('schedule/tst-iamfix/tst-orders-hourly')),
    scheduleGroup: plain(arn.scheduler('schedule-group/tst-iamfix')),
    workgroup: plain(arn.athena('workgroup/iamfix-test')),
    dataCatalog: plain(arn.athena('datacatalog/AwsDataCatalog')),
    s3Object: plain(
      arn.s3('iamfix-test-artifacts/iamfix/test/artifacts/0f3a/lakeops_sql_runner.py'),
      arn.s3('iamfix-test-artifacts/iamfix/test/state/deployed.json'),
    ),
    s3Bucket: bucket('iamfix-test-artifacts', 'iamfix/test/artifacts/'),
    athenaData: plain(
      arn.s3('iamfix-test-data/orders/clean/part-0000.parquet'),
      arn.s3('iamfix-test-data/clicks/incoming/f.json'),
    ),
    athenaDataBucket: bucket('iamfix-test-data', 'orders/clean/'),
    athenaResults: plain(arn.s3('iamfix-test-artifacts/athena-results/5d2c.csv')),
    athenaResultsBucket: bucket('iamfix-test-artifacts', 'athena-results/'),
    glueLogStream: plain(arn.logs('log-group:/aws-glue/jobs/error:log-stream:jr_0123')),
    glueLogGroup: plain(arn.logs('log-group:/aws-glue/jobs/error')),
    stateMachineLogGroup: plain(arn.logs('log-group:/aws/vendedlogs/states/tst-orders')),
    passRole: [],
    serviceRole: plain(arn.role('iamfix-test-glue-job'), arn.role('iamfix-test-states')),
    any: plain('*'),
    none: [],
  };
  if (perm.scope !== 'passRole') return samples[perm.scope];
  const roles: Record<string, string[]> = {
    'glue.amazonaws.com': ['iamfix-test-glue-job', 'iamfix-test-glue-crawler'],
    'states.amazonaws.com': ['iamfix-test-states'],
    'events.amazonaws.com': ['iamfix-test-events'],
    'scheduler.amazonaws.com': ['iamfix-test-scheduler'],
  };
  return roles[perm.passedTo!]!.map((r) => ({
    resource: arn.role(r),
    context: { 'iam:PassedToService': perm.passedTo! },
  }));
}

/**
 * The sample requests of the permissions of `uses` (those `keep` accepts) that `policy` does not
 * allow, as readable lines; empty when it allows them all.
 */
export async function deniedRequests(
  policy: PolicyDocument,
  uses: readonly SdkCommandUse[],
  keep: (perm: Permission) => boolean = () => true,
): Promise<string[]> {
  const denied: string[] = [];
  for (const use of uses)
    for (const perm of permissionsFor(use.client, use.command)!) {
      if (!keep(perm)) continue;
      let applicable = 0;
      for (const req of sampleRequests(perm)) {
        // A catalog sample lists the catalog, database and table: each action uses the ones of its resource types.
        const d = await decide(policy, perm.action, req.resource, req.context).catch((e: Error) => {
          if (perm.scope === 'catalog' && e.message.includes('no.resource.types')) return 'n/a' as const;
          throw e;
        });
        if (d === 'n/a') continue;
        applicable++;
        if (d !== 'Allowed')
          denied.push(
            `${use.command} (${use.files[0]}): ${perm.action} on ${req.resource} ${JSON.stringify(req.context ?? {})} -> ${d}`,
          );
      }
      if (perm.scope !== 'none' && !applicable)
        denied.push(`${use.command}: no sample request for ${perm.action} (${perm.scope})`);
    }
  return denied;
}

// The examples must stay faithful to the seed documents (../shared/seeds): the names, event
// patterns, batching, ANY/ALL triggers, the poll loop and the failure path they describe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject, type Pipeline } from '../../src/model/project.js';

const { project } = loadProject('.');
const pipeline = (name: string): Pipeline => {
  const p = project!.pipelines.find((x) => x.name === name);
  if (!p) throw new Error(`pipeline ${name} not loaded`);
  return p;
};
type State = Record<string, any>;
const asl = (name: string): { StartAt: string; States: Record<string, State> } =>
  JSON.parse(readFileSync(join('.', pipeline(name).definitionFile!), 'utf8'));

/** State names reachable from StartAt through Next, Default, Choices and Catch. */
function reachable(def: { StartAt: string; States: Record<string, State> }): Set<string> {
  const seen = new Set<string>();
  const todo = [def.StartAt];
  while (todo.length) {
    const n = todo.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const s = def.States[n]!;
    for (const next of [
      s.Next,
      s.Default,
      ...(s.Choices ?? []).map((c: State) => c.Next),
      ...(s.Catch ?? []).map((c: State) => c.Next),
    ])
      if (next) todo.push(next);
  }
  return seen;
}

const cloudTrailPutObject = (prefix: string) => ({
  source: ['aws.s3'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['s3.amazonaws.com'],
    eventName: ['PutObject'],
    requestParameters: { bucketName: ['${data}'], key: [{ prefix }] },
  },
});

describe('clickstream-total-clicks (seed 000)', () => {
  const c = pipeline('clickstream-total-clicks').config;

  test('total-clicks-rule matches PutObject under the total_clicks prefix and starts the workflow', () => {
    expect(c.rules!['total-clicks-rule']).toMatchObject({
      target: 'workflow',
      pattern: cloudTrailPutObject('etl-ttt-demo/output/gluestreaming/total_clicks/'),
    });
  });

  test('workflow etl-ttt-event-driven-workflow: EVENT trigger s3-object-trigger, batch 2 / 900 s, starts crawl-streammed-data', () => {
    expect(c.workflow!.name).toBe('etl-ttt-event-driven-workflow');
    expect(c.workflow!.triggers['s3-object-trigger']).toMatchObject({
      type: 'EVENT',
      batch: { size: 2, windowSeconds: 900 },
      actions: [{ crawler: 'crawl-streammed-data' }],
    });
    expect(c.crawlers!['crawl-streammed-data']).toMatchObject({
      database: 'glue_ttt_demo_db',
      targets: [{ path: 's3://${data}/etl-ttt-demo/output/gluestreaming/total_clicks/' }],
    });
  });

  test('view tpc_customer_inter is the seed SQL over total_clicks', () => {
    expect(c.views!.tpc_customer_inter!.database).toBe('glue_ttt_demo_db');
    const sql = readFileSync(c.views!.tpc_customer_inter!.sql, 'utf8').replace(/\s+/g, ' ');
    expect(sql).toContain(
      '"sum"(CAST("total_clicks" AS integer)) total_clicks FROM "total_clicks" GROUP BY 1, 2 ORDER BY 3 DESC',
    );
  });
});

describe('customer-dedup (seed 001)', () => {
  const p = pipeline('customer-dedup');
  const c = p.config;

  test('find-matches-rule watches the analytics team folder and starts findmatches-ML-dedup-workflow', () => {
    expect(c.rules!['find-matches-rule']).toMatchObject({
      target: 'stateMachine',
      pattern: cloudTrailPutObject('etl-ttt-demo/data_analytics_team_folder/'),
    });
    expect(p.stateMachineName).toBe('findmatches-ML-dedup-workflow');
  });

  test('state machine: ml-lab-notebook-job (.sync) then startCrawler ml-final-crawler', () => {
    const def = asl('customer-dedup');
    const job = def.States[def.StartAt]!;
    expect(job).toMatchObject({
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: { JobName: '${ml-lab-notebook-job}' },
    });
    expect(def.States[job.Next]).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:glue:startCrawler',
      Parameters: { Name: '${ml-final-crawler}' },
      End: true,
    });
    expect(c.crawlers!['ml-final-crawler']).toMatchObject({
      database: 'glue_ttt_demo_db',
      tablePrefix: 'ml_final_',
      targets: [{ path: 's3://${data}/etl-ttt-demo/output/data_analytics_team_folder/top-customers/' }],
    });
  });

  test('the FindMatches job is a script with a local SQL stand-in writing where the crawler reads', () => {
    const job = c.jobs!['ml-lab-notebook-job']!;
    expect(job.script).toBe('glue-scripts/ml_lab_dedup.py');
    expect(job.localSql).toBeTruthy();
    expect(job.localOutput!.path).toBe(c.crawlers!['ml-final-crawler']!.targets[0]!.path);
  });
});

describe('byod-curation (seed 002)', () => {
  const c = pipeline('byod-curation').config;
  const t = c.workflow!.triggers;

  test('workflow byod: daily SCHEDULED trigger-crawler-rawdata starts the raw crawlers in parallel', () => {
    expect(c.workflow!.name).toBe('byod');
    expect(t['trigger-crawler-rawdata']).toMatchObject({
      type: 'SCHEDULED',
      actions: [{ crawler: 'sales-initial-ds' }, { crawler: 'customers-initial-ds' }],
    });
    expect(t['trigger-crawler-rawdata']!.schedule).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
  });

  test('each Parquet job starts after ANY of its own crawler, the curated crawler after ALL jobs', () => {
    const anyTriggers = Object.entries(t).filter(([n]) => n.startsWith('trigger-job-parquet'));
    expect(anyTriggers.length).toBe(2);
    const wiring = anyTriggers.map(([, x]) => [
      x.type,
      x.logical,
      x.conditions!.map((k) => k.crawler),
      x.actions.map((a) => a.job),
    ]);
    expect(wiring).toEqual(
      expect.arrayContaining([
        ['CONDITIONAL', 'ANY', ['sales-initial-ds'], ['sales-job']],
        ['CONDITIONAL', 'ANY', ['customers-initial-ds'], ['customers-job']],
      ]),
    );
    expect(t['trigger-crawler-curateddata']).toMatchObject({
      type: 'CONDITIONAL',
      logical: 'ALL',
      conditions: [
        { job: 'sales-job', state: 'SUCCEEDED' },
        { job: 'customers-job', state: 'SUCCEEDED' },
      ],
      actions: [{ crawler: 'byod-curated-ds' }],
    });
  });

  test('the conversion jobs write Parquet into the paths the curated crawler reads', () => {
    const crawled = c.crawlers!['byod-curated-ds']!.targets.map((x) => x.path);
    for (const job of ['sales-job', 'customers-job']) {
      expect(c.jobs![job]!.output!.format).toBe('parquet');
      expect(crawled).toContain(c.jobs![job]!.output!.path);
    }
  });
});

describe('customer-etl (seed 003 lab)', () => {
  const p = pipeline('customer-etl');
  const c = p.config;
  const def = asl('customer-etl');

  test('one bucket with raw/ and processed/ zones, crawled into workshop_raw and workshop_processed', () => {
    expect(c.crawlers!['raw-customers-crawler']).toMatchObject({ database: 'workshop_raw' });
    expect(c.crawlers!['processed-customers-crawler']).toMatchObject({ database: 'workshop_processed' });
    expect(c.jobs!['ingest-customers']!.output).toMatchObject({
      format: 'parquet',
      path: expect.stringMatching(/^s3:\/\/\$\{data\}\/customer-etl\/raw\//),
    });
    expect(c.jobs!['transform-customers']!.output).toMatchObject({
      format: 'parquet',
      path: expect.stringMatching(/^s3:\/\/\$\{data\}\/customer-etl\/processed\//),
    });
  });

  test('the transform has a filter, type conversions and an aggregation', () => {
    const sql = readFileSync(c.jobs!['transform-customers']!.sql!, 'utf8');
    expect(sql).toMatch(/\bWHERE\b/);
    expect(sql).toMatch(/CAST\(\w+ AS (DATE|INT|DECIMAL)/);
    expect(sql).toMatch(/\bGROUP BY\b/);
  });

  test('each crawler is polled: Wait -> getCrawler -> Choice on $.Crawler.State == READY, looping back', () => {
    for (const crawler of ['raw-customers-crawler', 'processed-customers-crawler']) {
      const [getName, get] = Object.entries(def.States).find(
        ([, s]) => s.Resource === 'arn:aws:states:::aws-sdk:glue:getCrawler' && s.Parameters.Name === `\${${crawler}}`,
      )!;
      const choice = def.States[get.Next]!;
      expect(choice.Type).toBe('Choice');
      expect(choice.Choices).toEqual(
        expect.arrayContaining([expect.objectContaining({ Variable: '$.Crawler.State', StringEquals: 'READY' })]),
      );
      const wait = def.States[choice.Default]!;
      expect(wait).toMatchObject({ Type: 'Wait', Next: getName });
    }
  });

  test('the Athena count query runs (.sync) after the crawlers, then its results are read', () => {
    const [, q] = Object.entries(def.States).find(
      ([, s]) => s.Resource === 'arn:aws:states:::athena:startQueryExecution.sync',
    )!;
    expect(q.Parameters.QueryString).toMatch(/^SELECT COUNT\(\*\)/i);
    expect(q.Parameters.QueryExecutionContext.Database).toBe('${workshop_processed}');
    expect(def.States[q.Next]!.Resource).toBe('arn:aws:states:::athena:getQueryResults');
  });

  test('every job, crawler and query task catches into putEvents on the custom bus, then Fail', () => {
    const tasks = Object.entries(def.States).filter(
      ([, s]) => s.Type === 'Task' && s.Resource !== 'arn:aws:states:::events:putEvents',
    );
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    const targets = new Set(tasks.map(([, s]) => s.Catch?.[0]?.Next));
    expect(targets.size).toBe(1);
    let s = def.States[[...targets][0]!]!;
    while (s.Type === 'Pass') s = def.States[s.Next]!;
    expect(s.Resource).toBe('arn:aws:states:::events:putEvents');
    expect(s.Parameters.Entries[0].EventBusName).toBe('${customer-etl-events}');
    expect(Object.keys(c.eventBuses!)).toContain('customer-etl-events');
    expect(def.States[s.Next]!.Type).toBe('Fail');
    expect([...reachable(def)].sort()).toEqual(Object.keys(def.States).sort());
  });

  test('started by a schedule; us-east-1 in the AWS environments', () => {
    expect(Object.values(c.schedules!)[0]).toMatchObject({ target: 'stateMachine' });
    expect(project!.config.environments.dev!.region).toBe('us-east-1');
  });
});

describe('hourly-hits (seed 004)', () => {
  const p = pipeline('hourly-hits');
  const c = p.config;
  const def = asl('hourly-hits');

  test('databases demo-raw-data and demo-aggregated-data; three aggregations in JSON and Parquet by hour', () => {
    expect(Object.keys(c.databases!).sort()).toEqual(['demo-aggregated-data', 'demo-raw-data']);
    const outputs = p.jobs.find((j) => j.name === 'hits-aggregator')!.outputs;
    expect(outputs.map((o) => o.table)).toEqual([
      'demo-aggregated-data.hits_by_country',
      'demo-aggregated-data.hits_by_domain_and_groupid',
      'demo-aggregated-data.hits_by_useragent',
    ]);
    expect(new Set(outputs.map((o) => o.format))).toEqual(new Set(['json', 'parquet']));
    for (const o of outputs)
      expect(o).toMatchObject({ partitionBy: ['year', 'month', 'day', 'hour'], mode: 'overwrite-partitions' });
  });

  test('the hourly schedule passes the scheduled time to the state machine', () => {
    const s = Object.values(c.schedules!)[0]!;
    expect(s).toMatchObject({
      expression: 'cron(0 * * * ? *)',
      target: 'stateMachine',
      input: { scheduled_time: '<aws.scheduler.scheduled-time>' },
    });
  });

  test('no Lambda: the job gets --target_hour or --scheduled_time, and its SQL subtracts the hour', () => {
    expect(
      Object.values(def.States)
        .map((s) => s.Resource ?? '')
        .filter((r) => /lambda/.test(r)),
    ).toEqual([]);
    const params = Object.keys(c.jobs!['hits-aggregator']!.parameters!);
    expect(params.sort()).toEqual(['scheduled_time', 'target_hour']);
    for (const o of p.jobs[0]!.outputs) {
      const sql = readFileSync(o.sql, 'utf8');
      expect(sql).toContain(':target_hour');
      expect(sql).toMatch(/:scheduled_time[^)]*\)\s+AS TIMESTAMP\)\s*-\s*INTERVAL 1 HOUR/);
    }
    const passArgs = Object.values(def.States)
      .filter((s) => s.Type === 'Pass' && s.ResultPath === '$.jobArguments')
      .map((s) => Object.keys(s.Parameters)[0]);
    expect(passArgs.sort()).toEqual(['--scheduled_time.$', '--scheduled_time.$', '--target_hour.$']);
  });

  test('the input contract accepts a target hour and the schedule time, and rejects anything else', () => {
    const schema = c.inputSchema as { properties: Record<string, { pattern: string }>; additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    expect(new RegExp(schema.properties.target_hour!.pattern).test('2024-05-01T10:00:00Z')).toBe(true);
    expect(new RegExp(schema.properties.target_hour!.pattern).test('2024-05-01T10:30:00Z')).toBe(false);
    expect(new RegExp(schema.properties.scheduled_time!.pattern).test('2024-05-01T11:00:00Z')).toBe(true);
    expect(c.local!.input).toEqual({ target_hour: '2024-05-01T10:00:00Z' });
  });

  test('a failed job is formatted, published to the custom event bus, then fails', () => {
    const job = def.States['Aggregate Hits']!;
    expect(job.Resource).toBe('arn:aws:states:::glue:startJobRun.sync');
    const format = def.States[job.Catch[0].Next]!;
    expect(format.Type).toBe('Pass');
    const publish = def.States[format.Next]!;
    expect(publish).toMatchObject({ Resource: 'arn:aws:states:::events:putEvents' });
    expect(publish.Parameters.Entries[0].EventBusName).toBe('${hits-aggregator-events}');
    expect(Object.keys(c.eventBuses!)).toEqual(['hits-aggregator-events']);
    expect(def.States[publish.Next]!.Type).toBe('Fail');
    expect([...reachable(def)].sort()).toEqual(Object.keys(def.States).sort());
  });
});

// `lakeops new pipeline NAME --kind ...`: the files of a new pipeline that runs locally at once.
// Every kind aggregates generated page hits (the `hits` sample) per country and hour with one
// Glue SQL job and catalogs the result with a crawler; the kinds differ in what starts the job:
//   state-machine  a Step Functions state machine (job .sync, then the crawler; Catch -> Fail)
//   glue-workflow  a Glue workflow (ON_DEMAND trigger -> job, CONDITIONAL trigger -> crawler)
//   scheduled-sql  an EventBridge Scheduler schedule, hourly, starting the state machine with the
//                  schedule's time; the hour before it is aggregated (a backfill names the hour)
import { stringify } from 'yaml';

export const PIPELINE_KINDS = ['state-machine', 'glue-workflow', 'scheduled-sql'] as const;
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

/** The pipeline.yaml name rule (the schema's pattern). */
export const PIPELINE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export interface ScaffoldFile {
  /** Path relative to the project root. */
  path: string;
  content: string;
}

/** Spark SQL (Glue) of the job; translated to DuckDB on the local target. */
function jobSql(name: string): string {
  return `-- ${name}: page hits per country and hour. Spark SQL, run on Glue by glue-scripts/lakeops_sql_runner.py
-- (locally on DuckDB). Parameters (named markers, bound by spark.sql(sql, args=...)):
--   :target_hour     the hour to aggregate (a backfill), or '' when not given;
--   :scheduled_time  a schedule's time, or ''; the hour BEFORE it is aggregated.
-- With neither, every hour of the input is aggregated. Output partitions of those hours are
-- overwritten, so a rerun or a backfill is idempotent.
WITH hits AS (
  SELECT
    r.*,
    make_timestamp(CAST(r.year AS INT), CAST(r.month AS INT), CAST(r.day AS INT), CAST(r.hour AS INT), 0, 0)
      AS hour_start
  FROM raw_hits AS r
)
SELECT
  CountryCode AS country_code,
  count(*) AS hits,
  hour_start,
  year(hour_start) AS year,
  month(hour_start) AS month,
  dayofmonth(hour_start) AS day,
  hour(hour_start) AS hour
FROM hits
WHERE (NULLIF(:target_hour, '') IS NULL AND NULLIF(:scheduled_time, '') IS NULL)
  OR hour_start = date_trunc(
    'HOUR',
    COALESCE(
      CAST(NULLIF(:target_hour, '') AS TIMESTAMP),
      CAST(NULLIF(:scheduled_time, '') AS TIMESTAMP) - INTERVAL 1 HOUR
    )
  )
GROUP BY CountryCode, hour_start
`;
}

/** The state machine: pick the hour, run the job and wait for it, crawl; a failure ends in Fail. */
function stateMachine(job: string, crawler: string): string {
  const passHour = (param: string, from: string, next: string) => ({
    Type: 'Pass',
    Parameters: { [`--${param}.$`]: from },
    ResultPath: '$.jobArguments',
    Next: next,
  });
  const asl = {
    Comment: 'Aggregate one hour of page hits with the Glue SQL job, then crawl the result.',
    StartAt: 'Choose Hour',
    States: {
      'Choose Hour': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.target_hour', IsPresent: true, Next: 'Target Hour' },
          { Variable: '$.scheduled_time', IsPresent: true, Next: 'Hour Before Schedule' },
        ],
        Default: 'Every Hour',
      },
      'Target Hour': passHour('target_hour', '$.target_hour', 'Aggregate'),
      'Hour Before Schedule': passHour('scheduled_time', '$.scheduled_time', 'Aggregate'),
      'Every Hour': { Type: 'Pass', Result: {}, ResultPath: '$.jobArguments', Next: 'Aggregate' },
      Aggregate: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Parameters: { JobName: `\${${job}}`, 'Arguments.$': '$.jobArguments' },
        ResultSelector: { 'JobRunId.$': '$.Id', 'JobRunState.$': '$.JobRunState' },
        ResultPath: '$.jobRun',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        Next: 'Crawl',
      },
      Crawl: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:glue:startCrawler',
        Parameters: { Name: `\${${crawler}}` },
        ResultPath: null,
        Catch: [
          // A crawl still running from the last run picks up the new partitions too.
          { ErrorEquals: ['Glue.CrawlerRunningException'], ResultPath: null, Next: 'Succeeded' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' },
        ],
        Next: 'Succeeded',
      },
      Failed: { Type: 'Fail', Error: 'AggregationFailed', Cause: 'The aggregation job or the crawl failed.' },
      Succeeded: { Type: 'Succeed' },
    },
  };
  return JSON.stringify(asl, null, 2) + '\n';
}

const HOUR_INPUT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    target_hour: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:00:00(\\.0+)?Z$',
      description: 'Aggregate exactly this hour (UTC, on the hour), e.g. 2024-05-01T10:00:00Z.',
    },
    scheduled_time: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
      description: "A schedule's time; the hour before it is aggregated.",
    },
  },
};

/**
 * The files of pipeline `name` of the given kind. `bucket` is the bucket alias data lands in
 * (`data` in a project made by `lakeops init`).
 */
export function pipelineFiles(name: string, kind: PipelineKind, bucket: string): ScaffoldFile[] {
  const db = name.replace(/-/g, '_');
  const job = `${name}-aggregate`;
  const crawler = `${name}-crawler`;
  const sqlPath = `sql/${name}/hits_per_country.sql`;
  const outPath = `s3://\${${bucket}}/${name}/hits_per_country/`;
  const usesStateMachine = kind !== 'glue-workflow';
  const description = {
    'state-machine': 'A state machine runs the Glue SQL job and then the crawler.',
    'glue-workflow': 'A Glue workflow runs the Glue SQL job and then, once it succeeded, the crawler.',
    'scheduled-sql': 'Every hour, a schedule starts the state machine that aggregates the hour before.',
  }[kind];
  const doc: Record<string, unknown> = {
    name,
    description: `Page hits per country and hour (made by lakeops new pipeline --kind ${kind}). ${description}`,
    databases: { [db]: { description: `Tables of the ${name} pipeline.` } },
    jobs: {
      [job]: {
        description: 'Page hits per country and hour; rewrites the partitions of the hours it aggregates.',
        inputs: [{ name: 'raw_hits', path: `s3://\${${bucket}}/${name}/raw/`, format: 'json', partitioned: true }],
        parameters: {
          target_hour: { type: 'string', default: '', description: 'Hour to aggregate (ISO 8601 UTC).' },
          scheduled_time: { type: 'string', default: '', description: "A schedule's time; the hour before it." },
        },
        outputs: [
          {
            sql: sqlPath,
            path: outPath,
            format: 'parquet',
            partitionBy: ['year', 'month', 'day', 'hour'],
            mode: 'overwrite-partitions',
            table: `${db}.hits_per_country`,
          },
        ],
        glue: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2, timeoutMinutes: 30 },
      },
    },
    crawlers: {
      [crawler]: {
        description: 'Catalogs hits_per_country and its hour partitions.',
        database: db,
        targets: [{ path: outPath }],
      },
    },
  };
  if (usesStateMachine)
    doc.stateMachine = { name, definition: `pipelines/${name}/state-machine.asl.json`, type: 'STANDARD' };
  else
    doc.workflow = {
      name,
      triggers: {
        // Trigger names are unique in an environment (Glue's names), so they carry the pipeline's.
        [`${name}-start`]: { type: 'ON_DEMAND', actions: [{ job }] },
        [`${name}-after-aggregate`]: {
          type: 'CONDITIONAL',
          conditions: [{ job, state: 'SUCCEEDED' }],
          actions: [{ crawler }],
        },
      },
    };
  if (kind === 'scheduled-sql')
    doc.schedules = {
      [`${name}-hourly`]: {
        description: 'On the hour, aggregate the hour that just ended.',
        expression: 'cron(0 * * * ? *)',
        timezone: 'UTC',
        target: 'stateMachine',
        // EventBridge Scheduler replaces this context attribute with the invocation's time.
        input: { scheduled_time: '<aws.scheduler.scheduled-time>' },
      },
    };
  if (usesStateMachine) doc.inputSchema = HOUR_INPUT_SCHEMA;
  // Six hours of generated hits on 2024-05-01, 06:00-11:59 UTC (replace with your data).
  doc.sample = [{ generator: 'hits', to: `s3://\${${bucket}}/${name}/raw/`, rows: 600, seed: 1, format: 'json' }];
  if (usesStateMachine) doc.local = { input: { target_hour: '2024-05-01T10:00:00Z' } };

  const header = `# yaml-language-server: $schema=../../schema/pipeline.schema.json\n`;
  const files: ScaffoldFile[] = [
    { path: `pipelines/${name}/pipeline.yaml`, content: header + stringify(doc, { lineWidth: 110 }) },
    { path: sqlPath, content: jobSql(name) },
  ];
  if (usesStateMachine)
    files.push({ path: `pipelines/${name}/state-machine.asl.json`, content: stateMachine(job, crawler) });
  return files;
}

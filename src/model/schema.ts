// The one source of truth for lakeops.yaml and pipeline.yaml: TypeBox builds JSON Schema objects
// and their static TypeScript types together. `npm run schema` writes schema/*.schema.json for
// editors; a test fails when the committed files differ from these definitions.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Name = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,127}$',
  description: 'A logical name: letters, digits, "_", "-", "."; starts with a letter.',
});
const Strict = { additionalProperties: false } as const;
const Dict = <T extends TSchema>(value: T, description?: string) =>
  Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,127}$' }), value, {
    description,
  });
const FilePath = Type.String({
  minLength: 1,
  description: 'A file path relative to the project root (the folder holding lakeops.yaml).',
});
const S3Uri = Type.String({
  pattern: '^s3://',
  description: 'An S3 URI; may use ${Name} substitutions, e.g. s3://${data}/raw/.',
});
const Tags = Type.Record(Type.String(), Type.String());

// Resources the project references but another team (or AWS) owns: the Athena "default" database,
// another team's bucket, table, job or state machine. Keys are the logical names the pipelines use;
// `name`/`arn` give the physical resource (never prefixed by namePrefix/databasePrefix). lakeops
// validates references to them, preflight checks they exist, and plan/deploy never touch them.
const ExternalEntrySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'Physical name (default: the key, unprefixed).' })),
    arn: Type.Optional(Type.String({ pattern: '^arn:', description: 'State machines: the full ARN.' })),
    location: Type.Optional(
      Type.String({
        pattern: '^s3://',
        description: 'Tables: where its data is (s3://bucket/prefix/), so the roles of jobs reading it may read there.',
      }),
    ),
    description: Type.Optional(Type.String()),
  },
  Strict,
);
export const ExternalSchema = Type.Object(
  {
    databases: Type.Optional(Dict(ExternalEntrySchema, 'Glue databases owned elsewhere, e.g. default.')),
    tables: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*$' }), ExternalEntrySchema, {
        description: 'Glue tables owned elsewhere, as database.table (database: logical, of the project or external).',
      }),
    ),
    buckets: Type.Optional(
      Dict(
        ExternalEntrySchema,
        "Bucket aliases owned elsewhere (name: the bucket; default: the environment's buckets: entry).",
      ),
    ),
    jobs: Type.Optional(Dict(ExternalEntrySchema, 'Glue jobs owned elsewhere.')),
    stateMachines: Type.Optional(Dict(ExternalEntrySchema, 'State machines owned elsewhere (arn or name).')),
  },
  {
    ...Strict,
    description: 'Resources referenced but owned elsewhere: validated, checked by preflight, never deployed.',
  },
);
export type ExternalConfig = Static<typeof ExternalSchema>;

// ---------------------------------------------------------------- lakeops.yaml

export const EnvironmentSchema = Type.Object(
  {
    target: Type.Union([Type.Literal('local'), Type.Literal('aws')], {
      description: 'local: embedded DuckDB target under .lakeops/<env>/; aws: a real AWS account.',
    }),
    region: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' })),
    account: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
    namePrefix: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]*$',
        description: 'Prepended to every job, crawler, workflow, trigger, state machine, rule, schedule and bus name.',
      }),
    ),
    databasePrefix: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9_]*$',
        description: 'Prepended to Glue database names (default: namePrefix with "-" as "_", lower case).',
      }),
    ),
    buckets: Type.Optional(
      Dict(
        Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
        'Bucket aliases to bucket names. "artifacts" holds deployed scripts and SQL (required for aws).',
      ),
    ),
    roles: Type.Optional(
      Type.Object(
        {
          deploy: Type.Optional(Type.String()),
          glueJob: Type.Optional(Type.String()),
          crawler: Type.Optional(Type.String()),
          stateMachine: Type.Optional(Type.String()),
          events: Type.Optional(Type.String()),
          scheduler: Type.Optional(Type.String()),
        },
        { ...Strict, description: 'IAM role ARNs (or names) used by the deployed resources.' },
      ),
    ),
    athena: Type.Optional(
      Type.Object(
        {
          workgroup: Type.Optional(Type.String()),
          resultLocation: Type.Optional(S3Uri),
          catalog: Type.Optional(Type.String()),
        },
        Strict,
      ),
    ),
    pullRequestQueries: Type.Optional(
      Type.Boolean({
        description:
          'Whether validation queries of a pull request may run on this AWS environment (Athena, with the plan role). Default false: PR SQL runs on the local target only. Never set it on an environment holding production data.',
      }),
    ),
    endpoint: Type.Optional(
      Type.String({ description: 'Custom AWS endpoint URL (an AWS emulator). AWS_ENDPOINT_URL* also work.' }),
    ),
    variables: Type.Optional(Dict(Type.String(), 'User-declared ${Name} substitutions for this environment.')),
    tags: Type.Optional(Tags),
    duckdb: Type.Optional(
      Type.Object(
        {
          memoryLimit: Type.Optional(
            Type.String({
              pattern: '^[0-9]+(\\.[0-9]+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$',
              description:
                "DuckDB's memory_limit on the local target, e.g. 2GB (default: half the machine's memory). Sorts, joins and groupings beyond it spill to disk (the duckdb-spill folder in the environment's state folder under .lakeops); what cannot spill fails naming this setting.",
            }),
          ),
        },
        { ...Strict, description: 'Resources of the embedded DuckDB (local target only).' },
      ),
    ),
    external: Type.Optional(ExternalSchema),
  },
  Strict,
);
export type EnvironmentConfig = Static<typeof EnvironmentSchema>;

export const ProjectSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    project: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'Project name, used in tags.' }),
    environments: Dict(EnvironmentSchema, 'Environments by name; "local" is the default.'),
    variables: Type.Optional(Dict(Type.String(), 'Substitutions shared by every environment.')),
    external: Type.Optional(ExternalSchema),
  },
  { ...Strict, $id: 'https://lakeops.dev/schema/lakeops.schema.json', title: 'lakeops.yaml' },
);
export type ProjectConfig = Static<typeof ProjectSchema>;

// ---------------------------------------------------------------- pipeline.yaml

const DataFormat = Type.Union([Type.Literal('parquet'), Type.Literal('json'), Type.Literal('csv')]);

export const JobInputSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'The view name the SQL reads.' }),
    table: Type.Optional(Type.String({ description: 'A catalog table as database.table.' })),
    path: Type.Optional(S3Uri),
    format: Type.Optional(DataFormat),
    partitioned: Type.Optional(Type.Boolean({ description: 'Read Hive partitions (key=value folders).' })),
  },
  Strict,
);
export type JobInput = Static<typeof JobInputSchema>;

export const JobOutputSchema = Type.Object(
  {
    sql: Type.Optional(FilePath),
    path: S3Uri,
    format: Type.Union([Type.Literal('parquet'), Type.Literal('json')]),
    partitionBy: Type.Optional(Type.Array(Type.String())),
    mode: Type.Optional(
      Type.Union([Type.Literal('overwrite-partitions'), Type.Literal('overwrite'), Type.Literal('append')], {
        description: 'overwrite-partitions (default): replace only the partitions this run writes.',
      }),
    ),
    table: Type.Optional(Type.String({ description: 'Catalog table (database.table) this output feeds.' })),
    shared: Type.Optional(
      Type.Boolean({
        description:
          'Another output writes the same prefix or table on purpose (e.g. appends to one table); lakeops validate does not report the overlap.',
      }),
    ),
  },
  Strict,
);
export type JobOutput = Static<typeof JobOutputSchema>;

export const JobParameterSchema = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('string'), Type.Literal('integer'), Type.Literal('timestamp')])),
    default: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
  },
  Strict,
);

export const GlueSettingsSchema = Type.Object(
  {
    glueVersion: Type.Optional(Type.String({ pattern: '^\\d+\\.\\d+$' })),
    workerType: Type.Optional(Type.String()),
    numberOfWorkers: Type.Optional(Type.Integer({ minimum: 1 })),
    maxCapacity: Type.Optional(Type.Number({ minimum: 0.0625 })),
    timeoutMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
    maxRetries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    maxConcurrentRuns: Type.Optional(Type.Integer({ minimum: 1 })),
    extraArguments: Type.Optional(Type.Record(Type.String(), Type.String())),
    bookmarks: Type.Optional(
      Type.Union([Type.Literal('enable'), Type.Literal('disable'), Type.Literal('pause')], {
        description:
          "Glue job bookmarks (--job-bookmark-option job-bookmark-<value>): enable reads only files new since the last successful run, pause reads them without advancing, disable (Glue's default) reads everything. Applies to the job's path inputs.",
      }),
    ),
    sparkConf: Type.Optional(
      Type.Record(Type.String({ pattern: '^spark\\.[A-Za-z0-9_.-]+$' }), Type.String(), {
        description:
          'Spark settings passed as the --conf job argument (key=value, chained with " --conf "). Locally, settings DuckDB has an equivalent for are applied; validate names any it cannot honour.',
      }),
    ),
    connections: Type.Optional(
      Type.Array(Type.String(), { description: 'Glue connections (connections: in pipeline.yaml) the job uses.' }),
    ),
  },
  Strict,
);

export const JobSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    // kind "sql": runs on AWS as the generic runner glue-scripts/lakeops_sql_runner.py
    sql: Type.Optional(FilePath),
    inputs: Type.Optional(Type.Array(JobInputSchema)),
    output: Type.Optional(JobOutputSchema),
    outputs: Type.Optional(Type.Array(JobOutputSchema, { minItems: 1 })),
    parameters: Type.Optional(Dict(JobParameterSchema, 'Named parameters (:name in the SQL, --name as job argument).')),
    // kind "script": any PySpark or Python shell script deployed as is
    script: Type.Optional(FilePath),
    type: Type.Optional(
      Type.Union([Type.Literal('glueetl'), Type.Literal('pythonshell'), Type.Literal('gluestreaming')]),
    ),
    arguments: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Default job arguments.' })),
    localSql: Type.Optional(FilePath),
    localOutput: Type.Optional(JobOutputSchema),
    glue: Type.Optional(GlueSettingsSchema),
    tags: Type.Optional(Tags),
  },
  Strict,
);
export type JobConfig = Static<typeof JobSchema>;

export const ConnectionSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    type: Type.Union([Type.Literal('JDBC'), Type.Literal('NETWORK'), Type.Literal('KAFKA'), Type.Literal('MONGODB')], {
      description: 'Glue ConnectionType.',
    }),
    connectionProperties: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), Type.String(), {
        description:
          'Glue ConnectionProperties (JDBC_CONNECTION_URL, KAFKA_BOOTSTRAP_SERVERS, ...). Credentials only as SECRET_ID (a Secrets Manager secret); an inline PASSWORD is rejected.',
      }),
    ),
    physicalConnectionRequirements: Type.Optional(
      Type.Object(
        {
          subnetId: Type.Optional(Type.String()),
          securityGroupIds: Type.Optional(Type.Array(Type.String())),
          availabilityZone: Type.Optional(Type.String()),
        },
        Strict,
      ),
    ),
    tags: Type.Optional(Tags),
  },
  Strict,
);
export type ConnectionConfig = Static<typeof ConnectionSchema>;

export const CrawlerSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    database: Type.String(),
    targets: Type.Array(Type.Object({ path: S3Uri, exclusions: Type.Optional(Type.Array(Type.String())) }, Strict), {
      minItems: 1,
    }),
    tablePrefix: Type.Optional(Type.String()),
    schedule: Type.Optional(Type.String({ description: 'cron(...) expression' })),
    recrawl: Type.Optional(Type.Union([Type.Literal('everything'), Type.Literal('new-folders-only')])),
    // Glue's SchemaChangePolicy, with Glue's values (defaults UPDATE_IN_DATABASE / DEPRECATE_IN_DATABASE):
    // https://docs.aws.amazon.com/glue/latest/webapi/API_SchemaChangePolicy.html
    schemaChangePolicy: Type.Optional(
      Type.Object(
        {
          updateBehavior: Type.Optional(
            Type.Union([Type.Literal('UPDATE_IN_DATABASE'), Type.Literal('LOG')], {
              description: 'What a crawl does when an existing table changed: update it, or only log the change.',
            }),
          ),
          deleteBehavior: Type.Optional(
            Type.Union(
              [Type.Literal('DEPRECATE_IN_DATABASE'), Type.Literal('DELETE_FROM_DATABASE'), Type.Literal('LOG')],
              {
                description:
                  'What a crawl does with a table whose data is gone: mark it deprecated, delete it, or only log.',
              },
            ),
          ),
        },
        Strict,
      ),
    ),
    // The crawler's Configuration JSON (Version 1.0), after "Setting crawler configuration options":
    // https://docs.aws.amazon.com/glue/latest/dg/crawler-configuration.html
    configuration: Type.Optional(
      Type.Object(
        {
          grouping: Type.Optional(
            Type.Object(
              {
                tableGroupingPolicy: Type.Optional(
                  Type.Literal('CombineCompatibleSchemas', {
                    description:
                      'One table per include path when the data is compatible, however different the schemas.',
                  }),
                ),
                tableLevelConfiguration: Type.Optional(
                  Type.Integer({
                    minimum: 1,
                    description: 'Tables are created at this absolute folder level (the bucket is level 1).',
                  }),
                ),
              },
              Strict,
            ),
          ),
          crawlerOutput: Type.Optional(
            Type.Object(
              {
                tables: Type.Optional(
                  Type.Object(
                    {
                      addOrUpdateBehavior: Type.Literal('MergeNewColumns', {
                        description: 'Add new columns only: never remove columns or change their types.',
                      }),
                    },
                    Strict,
                  ),
                ),
                partitions: Type.Optional(
                  Type.Object(
                    {
                      addOrUpdateBehavior: Type.Literal('InheritFromTable', {
                        description: 'Partitions take their schema from the table.',
                      }),
                    },
                    Strict,
                  ),
                ),
              },
              Strict,
            ),
          ),
        },
        Strict,
      ),
    ),
    tags: Type.Optional(Tags),
  },
  Strict,
);
export type CrawlerConfig = Static<typeof CrawlerSchema>;

// A trigger action: one job or crawler (lakeops validate reports an action naming both or neither),
// with optional job arguments. One strict object rather than an intersection: allOf with a strict
// {job, crawler} branch would reject `arguments`.
const TriggerAction = Type.Object(
  {
    job: Type.Optional(Type.String()),
    crawler: Type.Optional(Type.String()),
    arguments: Type.Optional(Type.Record(Type.String(), Type.String())),
    timeoutMinutes: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "Job actions: the job run's timeout in minutes (Glue Action.Timeout), overriding the job's own.",
      }),
    ),
  },
  { ...Strict, minProperties: 1 },
);

export const WorkflowTriggerSchema = Type.Object(
  {
    type: Type.Union([
      Type.Literal('ON_DEMAND'),
      Type.Literal('SCHEDULED'),
      Type.Literal('CONDITIONAL'),
      Type.Literal('EVENT'),
    ]),
    description: Type.Optional(Type.String()),
    schedule: Type.Optional(Type.String({ description: 'SCHEDULED: cron(...) expression' })),
    batch: Type.Optional(
      Type.Object(
        {
          size: Type.Integer({ minimum: 1, maximum: 100 }),
          windowSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 900 })),
        },
        Strict,
      ),
    ),
    logical: Type.Optional(
      Type.Union([Type.Literal('ANY'), Type.Literal('ALL')], {
        description: 'CONDITIONAL: start after ANY or ALL watched events.',
      }),
    ),
    conditions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            job: Type.Optional(Type.String()),
            crawler: Type.Optional(Type.String()),
            state: Type.Union([
              Type.Literal('SUCCEEDED'),
              Type.Literal('FAILED'),
              Type.Literal('STOPPED'),
              Type.Literal('TIMEOUT'),
              Type.Literal('CANCELLED'),
            ]),
          },
          Strict,
        ),
      ),
    ),
    actions: Type.Array(TriggerAction, { minItems: 1 }),
  },
  Strict,
);
export type WorkflowTriggerConfig = Static<typeof WorkflowTriggerSchema>;

export const WorkflowSchema = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Type.String()),
    maxConcurrentRuns: Type.Optional(Type.Integer({ minimum: 1 })),
    runProperties: Type.Optional(Type.Record(Type.String(), Type.String())),
    triggers: Dict(WorkflowTriggerSchema),
  },
  Strict,
);
export type WorkflowConfig = Static<typeof WorkflowSchema>;

export const StateMachineSchema = Type.Object(
  {
    name: Type.Optional(Name),
    definition: Type.Optional(FilePath),
    type: Type.Optional(Type.Union([Type.Literal('STANDARD'), Type.Literal('EXPRESS')])),
    logging: Type.Optional(
      Type.Object(
        {
          level: Type.Union([Type.Literal('ALL'), Type.Literal('ERROR'), Type.Literal('FATAL'), Type.Literal('OFF')]),
          includeExecutionData: Type.Optional(Type.Boolean()),
        },
        Strict,
      ),
    ),
    tracing: Type.Optional(Type.Boolean()),
    substitutions: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  Strict,
);
export type StateMachineConfig = Static<typeof StateMachineSchema>;

const TargetRef = Type.Union([Type.Literal('stateMachine'), Type.Literal('workflow')], {
  description: "Which of the pipeline's orchestrations the event starts.",
});

export const RuleSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    bus: Type.Optional(Type.String({ description: 'Event bus (default: "default").' })),
    pattern: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'EventBridge event pattern.' })),
    schedule: Type.Optional(Type.String({ description: 'cron(...) or rate(...)' })),
    target: TargetRef,
    input: Type.Optional(Type.Unknown()),
  },
  Strict,
);
export type RuleConfig = Static<typeof RuleSchema>;

export const ScheduleSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    expression: Type.String({ description: 'EventBridge Scheduler cron(...), rate(...) or at(...)' }),
    timezone: Type.Optional(Type.String()),
    target: TargetRef,
    input: Type.Optional(Type.Unknown()),
    flexibleWindowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type ScheduleConfig = Static<typeof ScheduleSchema>;

export const ViewSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    database: Type.String(),
    sql: FilePath,
  },
  Strict,
);
export type ViewConfig = Static<typeof ViewSchema>;

export const ValidationSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    database: Type.String(),
    sql: FilePath,
    severity: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('warn')])),
    parameters: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'Positional values for the ? markers (Athena ExecutionParameters). May name run inputs as ${input.NAME}, or one UTC part of a timestamp input as ${input.NAME|year} (|month, |day, |hour: unpadded strings, for comparing partition columns).',
      }),
    ),
  },
  Strict,
);
export type ValidationConfig = Static<typeof ValidationSchema>;

export const SampleSchema = Type.Object(
  {
    generator: Type.Union([
      Type.Literal('clicks'),
      Type.Literal('customers'),
      Type.Literal('hits'),
      Type.Literal('sales'),
      Type.Literal('file'),
    ]),
    to: S3Uri,
    rows: Type.Optional(Type.Integer({ minimum: 1 })),
    seed: Type.Optional(Type.Integer()),
    format: Type.Optional(DataFormat),
    file: Type.Optional(FilePath),
    emitEvents: Type.Optional(Type.Boolean({ description: 'Land the files with S3 object events (default true).' })),
  },
  Strict,
);
export type SampleConfig = Static<typeof SampleSchema>;

// Data tests, dbt style (issue 17): per table, compiled by src/datatests/ into queries that return
// the violating rows, run by `lakeops check` next to the validations.
const ColumnTestSchema = Type.Union([
  Type.Literal('not_null'),
  Type.Literal('unique'),
  Type.Object({ accepted_values: Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1 }) }, Strict),
  Type.Object(
    {
      relationships: Type.Object(
        {
          to: Type.String({ description: 'The referenced table, database.table.' }),
          field: Type.String({ description: 'Its column every non-null value must appear in.' }),
        },
        Strict,
      ),
    },
    Strict,
  ),
  Type.Object({ expression: Type.String({ description: 'Athena SQL condition every row must satisfy.' }) }, Strict),
]);

export const TableTestsSchema = Type.Object(
  {
    severity: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('warn')])),
    columns: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.Array(ColumnTestSchema, { minItems: 1 }), {
        description: 'Tests per column: not_null, unique, accepted_values, relationships, expression.',
      }),
    ),
    row_count: Type.Optional(
      Type.Object(
        { min: Type.Optional(Type.Integer({ minimum: 0 })), max: Type.Optional(Type.Integer({ minimum: 0 })) },
        { ...Strict, minProperties: 1 },
      ),
    ),
    freshness: Type.Optional(
      Type.Object(
        {
          column: Type.String({ description: 'A timestamp column.' }),
          maxAge: Type.String({ description: 'Newest row at most this old: 90m, 2h, 48h.' }),
        },
        Strict,
      ),
    ),
    expression: Type.Optional(
      Type.Array(Type.String(), { description: 'Athena SQL conditions every row must satisfy.', minItems: 1 }),
    ),
  },
  Strict,
);
export type TableTestsConfig = Static<typeof TableTestsSchema>;

// Tables declared in the model (issue 13): created by deploy as Glue tables (Hive or Iceberg) and
// locally as DuckDB views over their location. Types are Athena/Hive DDL type strings.
const TableColumnSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    type: Type.String({
      minLength: 1,
      description: 'Athena/Hive type: bigint, string, decimal(10,2), array<string>, struct<a:int>...',
    }),
    comment: Type.Optional(Type.String()),
  },
  Strict,
);
export type TableColumn = Static<typeof TableColumnSchema>;

// https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
const ProjectionSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('enum'), Type.Literal('integer'), Type.Literal('date'), Type.Literal('injected')]),
    values: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'enum: the values.' })),
    range: Type.Optional(
      Type.String({ description: 'integer: "min,max"; date: "start,end" in format, or NOW[+-N UNIT].' }),
    ),
    format: Type.Optional(Type.String({ description: 'date: a Java DateTimeFormatter pattern, e.g. yyyy-MM-dd.' })),
    interval: Type.Optional(Type.Integer({ minimum: 1 })),
    unit: Type.Optional(
      Type.String({ description: 'date: interval unit (YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS).' }),
    ),
    digits: Type.Optional(Type.Integer({ minimum: 1, description: 'integer: zero-padded width.' })),
  },
  Strict,
);
export type ProjectionConfig = Static<typeof ProjectionSchema>;

export const TableSchema = Type.Object(
  {
    database: Type.String({ description: 'Logical database (of the project, or external).' }),
    location: S3Uri,
    format: Type.Union([
      Type.Literal('parquet'),
      Type.Literal('json'),
      Type.Literal('csv'),
      Type.Literal('orc'),
      Type.Literal('avro'),
      Type.Literal('iceberg'),
    ]),
    description: Type.Optional(Type.String()),
    columns: Type.Array(TableColumnSchema, { minItems: 1 }),
    partitionKeys: Type.Optional(
      Type.Array(TableColumnSchema, { description: 'Hive partition columns (not for iceberg: use partitionBy).' }),
    ),
    partitionBy: Type.Optional(
      Type.Array(Type.String(), {
        description: 'iceberg: partition transforms, e.g. ["day(ts)", "bucket(16, id)", "category"].',
      }),
    ),
    projection: Type.Optional(
      Dict(ProjectionSchema, 'Athena partition projection per partition key (Hive tables only).'),
    ),
    locationTemplate: Type.Optional(
      Type.String({ description: 'Partition projection storage.location.template, e.g. s3://${data}/orders/${dt}/.' }),
    ),
    csv: Type.Optional(
      Type.Object(
        {
          delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
          header: Type.Optional(Type.Boolean({ description: 'Skip one header line (skip.header.line.count=1).' })),
        },
        Strict,
      ),
    ),
    properties: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra TableParameters.' })),
    crawled: Type.Optional(
      Type.Boolean({
        description:
          'A crawler of the project also writes this table on purpose (schema updates); validate does not report it.',
      }),
    ),
  },
  Strict,
);
export type TableConfig = Static<typeof TableSchema>;

export const PipelineSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', description: 'Must equal the folder name.' }),
    description: Type.Optional(Type.String()),
    databases: Type.Optional(Dict(Type.Object({ description: Type.Optional(Type.String()) }, Strict))),
    jobs: Type.Optional(Dict(JobSchema)),
    connections: Type.Optional(Dict(ConnectionSchema, 'Glue connections (CreateConnection) the jobs use.')),
    crawlers: Type.Optional(Dict(CrawlerSchema)),
    stateMachine: Type.Optional(StateMachineSchema),
    workflow: Type.Optional(WorkflowSchema),
    eventBuses: Type.Optional(Dict(Type.Object({ description: Type.Optional(Type.String()) }, Strict))),
    rules: Type.Optional(Dict(RuleSchema)),
    schedules: Type.Optional(Dict(ScheduleSchema)),
    views: Type.Optional(Dict(ViewSchema)),
    tables: Type.Optional(Dict(TableSchema, 'Glue tables declared in the model (Hive or Iceberg), created by deploy.')),
    validations: Type.Optional(Dict(ValidationSchema)),
    tests: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*$' }), TableTestsSchema, {
        description: 'Data tests per table (database.table), run by lakeops check.',
      }),
    ),
    sample: Type.Optional(Type.Array(SampleSchema)),
    local: Type.Optional(
      Type.Object(
        {
          input: Type.Optional(Type.Unknown({ description: 'Default run input on the local target.' })),
          start: Type.Optional(
            Type.Union([Type.Literal('stateMachine'), Type.Literal('workflow'), Type.Literal('events')], {
              description:
                'How `lakeops run` starts it locally (default: the orchestration; events: land the sample and let rules fire).',
            }),
          ),
        },
        Strict,
      ),
    ),
    inputSchema: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema the run input must satisfy.' }),
    ),
    tags: Type.Optional(Tags),
  },
  { ...Strict, $id: 'https://lakeops.dev/schema/pipeline.schema.json', title: 'pipeline.yaml' },
);
export type PipelineConfig = Static<typeof PipelineSchema>;

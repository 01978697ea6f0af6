// Normalisation: what AWS returns (server-managed fields, documented defaults, JSON as text,
// reordered lists) equals what lakeops sends; real differences still show, field by field.
import { canonicalSql, normalise } from '../../src/planner/normalise.js';
import { fieldDiffs } from '../../src/planner/diff.js';

const desiredJob = {
  Description: 'hits',
  Role: 'glue-role',
  Command: { Name: 'glueetl', ScriptLocation: 's3://a/runner.py', PythonVersion: '3' },
  DefaultArguments: { '--b': '2', '--a': '1', '--lakeops_outputs': '[{"sql":"s3://a/x.sql","mode":"overwrite"}]' },
  GlueVersion: '5.0',
  WorkerType: 'G.1X',
  NumberOfWorkers: 2,
  Timeout: 2880,
  MaxRetries: 0,
  ExecutionProperty: { MaxConcurrentRuns: 1 },
};

// GetJob/BatchGetJobs shape (API reference: Job structure).
const readJob = {
  Name: 'dev-hits',
  Description: 'hits',
  Role: 'arn:aws:iam::123456789012:role/glue-role',
  CreatedOn: new Date(),
  LastModifiedOn: new Date(),
  ExecutionProperty: { MaxConcurrentRuns: 1 },
  Command: { Name: 'glueetl', ScriptLocation: 's3://a/runner.py', PythonVersion: '3', Runtime: undefined },
  DefaultArguments: { '--a': '1', '--lakeops_outputs': '[{"mode":"overwrite","sql":"s3://a/x.sql"}]', '--b': '2' },
  Connections: { Connections: [] },
  MaxRetries: 0,
  AllocatedCapacity: 2,
  Timeout: 2880,
  MaxCapacity: 2,
  WorkerType: 'G.1X',
  NumberOfWorkers: 2,
  GlueVersion: '5.0',
  ExecutionClass: 'STANDARD',
};

describe('normalise', () => {
  test('a job read back equals the job sent: server fields, derived capacity, role ARN, argument order', () => {
    expect(normalise('job', readJob)).toEqual(normalise('job', desiredJob));
  });

  test('AWS defaults fill in what was not sent (MaxRetries 0, Timeout 2880, MaxConcurrentRuns 1)', () => {
    const { Timeout: _t, MaxRetries: _m, ExecutionProperty: _e, ...sparse } = desiredJob;
    expect(normalise('job', sparse)).toEqual(normalise('job', desiredJob));
    expect(fieldDiffs(normalise('job', readJob), normalise('job', { ...desiredJob, Timeout: 60 }))).toEqual([
      { path: 'Timeout', before: 2880, after: 60 },
    ]);
  });

  test('runner declarations are compared as JSON, so a changed SQL location is one field', () => {
    const changed = {
      ...desiredJob,
      DefaultArguments: {
        ...desiredJob.DefaultArguments,
        '--lakeops_outputs': '[{"sql":"s3://a/y.sql","mode":"overwrite"}]',
      },
    };
    expect(fieldDiffs(normalise('job', readJob), normalise('job', changed))).toEqual([
      { path: 'DefaultArguments.--lakeops_outputs.0.sql', before: 's3://a/x.sql', after: 's3://a/y.sql' },
    ]);
  });

  test('state machine definitions compare as parsed JSON; logging and tracing defaults', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    const read = {
      stateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:x',
      name: 'x',
      status: 'ACTIVE',
      definition: '{\n  "States": {"A": {"End": true, "Type": "Pass"}},\n  "StartAt": "A"\n}',
      roleArn: 'arn:aws:iam::1:role/r',
      type: 'STANDARD',
      creationDate: new Date(),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      revisionId: 'abc',
    };
    expect(normalise('stateMachine', read)).toEqual(
      normalise('stateMachine', { definition: def, roleArn: 'arn:aws:iam::1:role/r' }),
    );
    const diffs = fieldDiffs(
      normalise('stateMachine', read),
      normalise('stateMachine', {
        definition: { ...def, States: { A: { Type: 'Pass', End: true, Comment: 'new' } } },
        roleArn: 'arn:aws:iam::1:role/r',
      }),
    );
    expect(diffs).toEqual([{ path: 'definition.States.A.Comment', after: 'new' }]);
  });

  test('crawler: GetCrawler shape with empty target lists, schedule object and default policies', () => {
    const read = {
      Name: 'c',
      Role: 'crawler-role',
      Targets: {
        S3Targets: [{ Path: 's3://d/x/', Exclusions: [] }],
        JdbcTargets: [],
        MongoDBTargets: [],
        DynamoDBTargets: [],
        CatalogTargets: [],
        DeltaTargets: [],
      },
      DatabaseName: 'db',
      Classifiers: [],
      RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
      SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DEPRECATE_IN_DATABASE' },
      LineageConfiguration: { CrawlerLineageSettings: 'DISABLE' },
      State: 'READY',
      Schedule: 'cron(10 * * * ? *)', // the reader maps {ScheduleExpression, State} to the expression
      CreationTime: new Date(),
      Version: 3,
    };
    const desired = {
      Role: 'crawler-role',
      DatabaseName: 'db',
      Targets: { S3Targets: [{ Path: 's3://d/x/' }] },
      Schedule: 'cron(10 * * * ? *)',
    };
    expect(normalise('crawler', read)).toEqual(normalise('crawler', desired));
  });

  test('trigger: Logical defaults to AND, conditions compare in any order, activation only where it matters', () => {
    const c1 = { JobName: 'a', State: 'SUCCEEDED' };
    const c2 = { CrawlerName: 'b', CrawlState: 'SUCCEEDED' };
    const read = {
      Name: 't',
      Id: 'tr-1',
      WorkflowName: 'w',
      Type: 'CONDITIONAL',
      State: 'ACTIVATED',
      Actions: [{ JobName: 'x' }],
      Predicate: {
        Conditions: [
          { ...c2, LogicalOperator: 'EQUALS' },
          { ...c1, LogicalOperator: 'EQUALS' },
        ],
      },
    };
    const desired = {
      WorkflowName: 'w',
      Type: 'CONDITIONAL',
      State: 'ACTIVATED',
      Actions: [{ JobName: 'x' }],
      Predicate: { Logical: 'AND', Conditions: [c1, c2] },
    };
    expect(normalise('trigger', read)).toEqual(normalise('trigger', desired));
    expect(normalise('trigger', { ...read, Type: 'EVENT', State: 'CREATED' })).toEqual(
      normalise('trigger', { ...desired, Type: 'EVENT', State: undefined }),
    );
  });

  test('schedule: default retry policy, action after completion and time zone are not differences', () => {
    const read = {
      Arn: 'arn:aws:scheduler:us-east-1:1:schedule/g/s',
      Name: 's',
      GroupName: 'g',
      State: 'ENABLED',
      ScheduleExpression: 'cron(0 * * * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: 'arn:sm',
        RoleArn: 'arn:role',
        Input: '{"a": 1}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
      ActionAfterCompletion: 'NONE',
      CreationDate: new Date(),
    };
    const desired = {
      GroupName: 'g',
      ScheduleExpression: 'cron(0 * * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:sm', RoleArn: 'arn:role', Input: '{"a":1}' },
    };
    expect(normalise('schedule', read)).toEqual(normalise('schedule', desired));
  });

  test('rule: event pattern as JSON, targets by id', () => {
    const read = {
      Name: 'r',
      Arn: 'arn',
      EventPattern: '{"source":["aws.s3"]}',
      State: 'ENABLED',
      EventBusName: 'default',
      Targets: [
        { Id: 'b', Arn: '2' },
        { Id: 'a', Arn: '1' },
      ],
    };
    const desired = {
      EventBusName: 'default',
      EventPattern: { source: ['aws.s3'] },
      State: 'ENABLED',
      Targets: [
        { Id: 'a', Arn: '1' },
        { Id: 'b', Arn: '2' },
      ],
    };
    expect(normalise('rule', read)).toEqual(normalise('rule', desired));
  });
});

describe('view SQL', () => {
  test('spacing, comments and keyword case do not count; a real change does', () => {
    const a = '-- top customers\nSELECT "c", "sum"(x) total\nFROM "t"\nGROUP BY 1';
    const b = 'select "c" , sum(x) AS total from "t" group by 1';
    expect(canonicalSql(a)).toBe(canonicalSql(b));
    expect(canonicalSql(a)).not.toBe(canonicalSql(b.replace('group by 1', 'group by 1 order by 2')));
  });

  test('SQL the parser cannot read compares by its whitespace-collapsed text', () => {
    expect(canonicalSql('SELEC  broken\n  FROM')).toBe('SELEC broken FROM');
  });
});

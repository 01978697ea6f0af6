// Which IAM permissions each AWS SDK v3 command needs. Most commands need the action of the same
// name; the exceptions are written out here, each with the reason (sources: the Service
// Authorization Reference, "Actions, resources, and condition keys for <service>", and the service
// guides cited below). The deploy role's policy is this table applied to the commands the AWS
// target and runner send (src/iam/sdk-commands.generated.ts, checked by test/iam against the code).

/**
 * What a permission applies to. src/iam/policies.ts turns each scope into ARNs of one environment
 * (name prefix, buckets, databases, workgroup, declared roles); `any` means the action supports no
 * resource-level permissions, so IAM only accepts Resource "*" for it.
 */
export type ResourceScope =
  | 'job'
  | 'crawler'
  | 'workflow'
  | 'trigger'
  /** Glue connections: the catalog and the environment's connections (both are resource types of the connection APIs). */
  | 'connection'
  /** The Data Catalog itself (CreateConnection's only resource type, "rootcatalog"). */
  | 'connectionCatalog'
  /** Glue tagging APIs: the ARN of any taggable Glue resource lakeops manages. */
  | 'glueTaggable'
  /** The Glue Data Catalog: catalog + the environment's databases + their tables. */
  | 'catalog'
  | 'stateMachine'
  | 'execution'
  | 'rule'
  | 'eventBus'
  | 'schedule'
  | 'scheduleGroup'
  | 'workgroup'
  | 'dataCatalog'
  /** Objects lakeops itself writes and reads: the artifacts prefix and sample-data landing prefixes. */
  | 's3Object'
  /** The buckets of s3Object, listable only under those prefixes (s3:prefix condition). */
  | 's3Bucket'
  /** Data Athena reads for lakeops' queries: every S3 location the pipelines declare. */
  | 'athenaData'
  | 'athenaDataBucket'
  /** The Athena query result location. */
  | 'athenaResults'
  | 'athenaResultsBucket'
  /** Glue's CloudWatch log streams (/aws-glue/jobs/*, /aws-glue/crawlers). */
  | 'glueLogStream'
  | 'glueLogGroup'
  /** Log groups lakeops creates for state machine logging. */
  | 'stateMachineLogGroup'
  /** iam:PassRole on the environment's declared roles for `passedTo`. */
  | 'passRole'
  /** The environment's declared service roles (preflight reads whom they trust). */
  | 'serviceRole'
  | 'any'
  /** Nothing to grant (e.g. sts:GetCallerIdentity needs no permission). */
  | 'none';

/** One AWS SDK command the code sends, and the files that send it. */
export interface SdkCommandUse {
  /** The SDK v3 client package, e.g. @aws-sdk/client-glue. */
  client: string;
  /** The command name without the "Command" suffix, e.g. BatchGetJobs. */
  command: string;
  files: readonly string[];
}

export interface Permission {
  action: string;
  scope: ResourceScope;
  /** iam:PassRole: the service principal the role is passed to (iam:PassedToService). */
  passedTo?: string;
  /** Why, when the action is not simply the command's own. */
  why?: string;
  /**
   * The request names a bucket but no key prefix (GetBucketLocation, HeadBucket), so a grant with
   * an s3:prefix condition would never match it: grant it on the bare bucket ARNs.
   */
  wholeBucket?: boolean;
  /**
   * Only lakeops' own view DDL (CREATE OR REPLACE VIEW / DROP VIEW, sent by deploy) needs it; the
   * read-only plan role, whose queries only SELECT, leaves it out.
   */
  viewDdl?: boolean;
}

const p = (action: string, scope: ResourceScope, why?: string): Permission => ({
  action,
  scope,
  ...(why ? { why } : {}),
});
const passRole = (service: string, why: string): Permission => ({
  action: 'iam:PassRole',
  scope: 'passRole',
  passedTo: service,
  why,
});
const star = (action: string, why: string): Permission => ({ action, scope: 'any', why });
const bucketLevel = (action: string, scope: ResourceScope, why: string): Permission => ({
  action,
  scope,
  why,
  wholeBucket: true,
});

const LIST_ONLY_STAR =
  'List/Get-all APIs have no resource types in the Service Authorization Reference, so only Resource "*" works';
const GLUE_TAG_ON_CREATE =
  'Glue: "to allow tagging of these AWS Glue resources, always include the glue:TagResource action" (Glue guide, AWS tags in AWS Glue); lakeops creates every resource with ownership tags';

// Athena runs a query with the caller's permissions on the Glue Data Catalog and S3 (Athena guide,
// "Identity and access management in Athena"): it reads table metadata and data, writes results,
// and lakeops' views are created with CREATE OR REPLACE VIEW (glue:CreateTable/UpdateTable) and
// dropped with DROP VIEW (glue:DeleteTable) when pruned.
const ATHENA_QUERY_EXTRAS: Permission[] = [
  ...['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'].map(
    (a) => p(a, 'catalog', "Athena reads table metadata from the Glue Data Catalog with the caller's permissions"),
  ),
  ...['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'].map((a) => ({
    ...p(
      a,
      'catalog',
      "lakeops views: CREATE OR REPLACE VIEW / DROP VIEW through Athena write the catalog with the caller's permissions",
    ),
    viewDdl: true,
  })),
  p('s3:GetObject', 'athenaData', "Athena reads table data with the caller's permissions"),
  p('s3:ListBucket', 'athenaDataBucket', "Athena lists table locations with the caller's permissions"),
  bucketLevel('s3:GetBucketLocation', 'athenaDataBucket', 'Athena looks up the region of the data buckets'),
  p('s3:PutObject', 'athenaResults', 'Athena writes query results to the result location as the caller'),
  p('s3:AbortMultipartUpload', 'athenaResults', 'Athena uploads large results in parts'),
  p('s3:ListMultipartUploadParts', 'athenaResults', 'Athena uploads large results in parts'),
  bucketLevel('s3:GetBucketLocation', 'athenaResultsBucket', "Athena checks the result bucket's region"),
  p('s3:ListBucket', 'athenaResultsBucket', 'Athena lists the result location'),
];

// A state machine's LoggingConfiguration is set up as a CloudWatch Logs vended-log delivery, with
// the permissions of the caller of Create/UpdateStateMachine (CloudWatch Logs guide, "Enabling
// logging from AWS services": the user setting up delivery needs these) and of the state machine
// role (Step Functions guide, "Using CloudWatch Logs to log execution history"). None of these
// actions has a resource type, so only Resource "*" works.
export const VENDED_LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
const VENDED_LOG_DELIVERY: Permission[] = VENDED_LOG_DELIVERY_ACTIONS.map((a) =>
  star(
    a,
    "state machine logging is a vended-log delivery set up with the caller's permissions; these actions have no resource types",
  ),
);

/** SDK client package -> command name (without the "Command" suffix) -> permissions. */
export const COMMAND_PERMISSIONS: Record<string, Record<string, Permission[]>> = {
  '@aws-sdk/client-glue': {
    // Jobs
    GetJob: [p('glue:GetJob', 'job')],
    BatchGetJobs: [p('glue:BatchGetJobs', 'job')],
    GetJobs: [star('glue:GetJobs', LIST_ONLY_STAR)],
    ListJobs: [star('glue:ListJobs', LIST_ONLY_STAR)],
    CreateJob: [
      p('glue:CreateJob', 'job'),
      p('glue:TagResource', 'job', GLUE_TAG_ON_CREATE),
      passRole('glue.amazonaws.com', 'CreateJob hands the job its Role'),
    ],
    UpdateJob: [p('glue:UpdateJob', 'job'), passRole('glue.amazonaws.com', 'UpdateJob may change the job Role')],
    DeleteJob: [p('glue:DeleteJob', 'job')],
    StartJobRun: [p('glue:StartJobRun', 'job')],
    GetJobRun: [p('glue:GetJobRun', 'job')],
    GetJobRuns: [p('glue:GetJobRuns', 'job')],
    BatchStopJobRun: [p('glue:BatchStopJobRun', 'job')],
    ResetJobBookmark: [
      star(
        'glue:ResetJobBookmark',
        'glue:ResetJobBookmark has no resource types in the Service Authorization Reference',
      ),
    ],
    // Connections
    GetConnection: [p('glue:GetConnection', 'connection')],
    GetConnections: [p('glue:GetConnections', 'connection')],
    CreateConnection: [
      p('glue:CreateConnection', 'connectionCatalog'),
      p('glue:TagResource', 'glueTaggable', GLUE_TAG_ON_CREATE),
    ],
    UpdateConnection: [p('glue:UpdateConnection', 'connection')],
    DeleteConnection: [p('glue:DeleteConnection', 'connection')],
    // Crawlers
    GetCrawler: [p('glue:GetCrawler', 'crawler')],
    BatchGetCrawlers: [p('glue:BatchGetCrawlers', 'crawler')],
    GetCrawlers: [star('glue:GetCrawlers', LIST_ONLY_STAR)],
    ListCrawlers: [star('glue:ListCrawlers', LIST_ONLY_STAR)],
    GetCrawlerMetrics: [star('glue:GetCrawlerMetrics', LIST_ONLY_STAR)],
    CreateCrawler: [
      // The Service Authorization Reference lists no resource type for glue:CreateCrawler.
      star('glue:CreateCrawler', 'glue:CreateCrawler has no resource types in the Service Authorization Reference'),
      p('glue:TagResource', 'crawler', GLUE_TAG_ON_CREATE),
      passRole('glue.amazonaws.com', 'CreateCrawler hands the crawler its Role'),
    ],
    UpdateCrawler: [
      p('glue:UpdateCrawler', 'crawler'),
      passRole('glue.amazonaws.com', 'UpdateCrawler may change the crawler Role'),
    ],
    DeleteCrawler: [p('glue:DeleteCrawler', 'crawler')],
    StartCrawler: [p('glue:StartCrawler', 'crawler')],
    StopCrawler: [p('glue:StopCrawler', 'crawler')],
    ListCrawls: [p('glue:ListCrawls', 'crawler')],
    // Workflows
    GetWorkflow: [p('glue:GetWorkflow', 'workflow')],
    BatchGetWorkflows: [p('glue:BatchGetWorkflows', 'workflow')],
    ListWorkflows: [star('glue:ListWorkflows', LIST_ONLY_STAR)],
    CreateWorkflow: [p('glue:CreateWorkflow', 'workflow'), p('glue:TagResource', 'workflow', GLUE_TAG_ON_CREATE)],
    UpdateWorkflow: [p('glue:UpdateWorkflow', 'workflow')],
    DeleteWorkflow: [p('glue:DeleteWorkflow', 'workflow')],
    StartWorkflowRun: [p('glue:StartWorkflowRun', 'workflow')],
    GetWorkflowRun: [p('glue:GetWorkflowRun', 'workflow')],
    GetWorkflowRuns: [p('glue:GetWorkflowRuns', 'workflow')],
    StopWorkflowRun: [p('glue:StopWorkflowRun', 'workflow')],
    ResumeWorkflowRun: [p('glue:ResumeWorkflowRun', 'workflow')],
    GetWorkflowRunProperties: [p('glue:GetWorkflowRunProperties', 'workflow')],
    PutWorkflowRunProperties: [p('glue:PutWorkflowRunProperties', 'workflow')],
    // Triggers
    GetTrigger: [p('glue:GetTrigger', 'trigger')],
    BatchGetTriggers: [p('glue:BatchGetTriggers', 'trigger')],
    GetTriggers: [star('glue:GetTriggers', LIST_ONLY_STAR)],
    ListTriggers: [star('glue:ListTriggers', LIST_ONLY_STAR)],
    CreateTrigger: [p('glue:CreateTrigger', 'trigger'), p('glue:TagResource', 'trigger', GLUE_TAG_ON_CREATE)],
    UpdateTrigger: [p('glue:UpdateTrigger', 'trigger')],
    DeleteTrigger: [p('glue:DeleteTrigger', 'trigger')],
    StartTrigger: [p('glue:StartTrigger', 'trigger')],
    StopTrigger: [p('glue:StopTrigger', 'trigger')],
    // Tags
    TagResource: [p('glue:TagResource', 'glueTaggable')],
    UntagResource: [p('glue:UntagResource', 'glueTaggable')],
    GetTags: [p('glue:GetTags', 'glueTaggable')],
    // Data Catalog (resource-level permissions need the catalog, database and table ARNs together)
    GetDatabase: [p('glue:GetDatabase', 'catalog')],
    GetDatabases: [p('glue:GetDatabases', 'catalog')],
    CreateDatabase: [p('glue:CreateDatabase', 'catalog'), p('glue:TagResource', 'catalog', GLUE_TAG_ON_CREATE)],
    UpdateDatabase: [p('glue:UpdateDatabase', 'catalog')],
    DeleteDatabase: [p('glue:DeleteDatabase', 'catalog')],
    GetTable: [p('glue:GetTable', 'catalog')],
    GetTables: [p('glue:GetTables', 'catalog')],
    CreateTable: [p('glue:CreateTable', 'catalog')],
    UpdateTable: [p('glue:UpdateTable', 'catalog')],
    DeleteTable: [p('glue:DeleteTable', 'catalog')],
    BatchDeleteTable: [p('glue:BatchDeleteTable', 'catalog')],
    GetPartition: [p('glue:GetPartition', 'catalog')],
    GetPartitions: [p('glue:GetPartitions', 'catalog')],
    BatchGetPartition: [p('glue:BatchGetPartition', 'catalog')],
    BatchCreatePartition: [p('glue:BatchCreatePartition', 'catalog')],
    CreatePartition: [p('glue:CreatePartition', 'catalog')],
    UpdatePartition: [p('glue:UpdatePartition', 'catalog')],
    DeletePartition: [p('glue:DeletePartition', 'catalog')],
    BatchDeletePartition: [p('glue:BatchDeletePartition', 'catalog')],
    GetTableVersions: [p('glue:GetTableVersions', 'catalog')],
  },
  '@aws-sdk/client-sfn': {
    CreateStateMachine: [
      p('states:CreateStateMachine', 'stateMachine'),
      passRole('states.amazonaws.com', 'CreateStateMachine hands the state machine its roleArn'),
      ...VENDED_LOG_DELIVERY,
    ],
    UpdateStateMachine: [
      p('states:UpdateStateMachine', 'stateMachine'),
      passRole('states.amazonaws.com', 'UpdateStateMachine may change the roleArn'),
      ...VENDED_LOG_DELIVERY,
    ],
    DeleteStateMachine: [p('states:DeleteStateMachine', 'stateMachine')],
    DescribeStateMachine: [p('states:DescribeStateMachine', 'stateMachine')],
    ListStateMachines: [star('states:ListStateMachines', LIST_ONLY_STAR)],
    ListStateMachineVersions: [p('states:ListStateMachineVersions', 'stateMachine')],
    PublishStateMachineVersion: [p('states:PublishStateMachineVersion', 'stateMachine')],
    ValidateStateMachineDefinition: [
      star('states:ValidateStateMachineDefinition', 'states:ValidateStateMachineDefinition has no resource types'),
    ],
    TagResource: [p('states:TagResource', 'stateMachine')],
    UntagResource: [p('states:UntagResource', 'stateMachine')],
    ListTagsForResource: [p('states:ListTagsForResource', 'stateMachine')],
    StartExecution: [p('states:StartExecution', 'stateMachine')],
    StartSyncExecution: [p('states:StartSyncExecution', 'stateMachine')],
    ListExecutions: [p('states:ListExecutions', 'stateMachine')],
    DescribeExecution: [p('states:DescribeExecution', 'execution')],
    DescribeStateMachineForExecution: [p('states:DescribeStateMachineForExecution', 'execution')],
    GetExecutionHistory: [p('states:GetExecutionHistory', 'execution')],
    StopExecution: [p('states:StopExecution', 'execution')],
    RedriveExecution: [p('states:RedriveExecution', 'execution')],
  },
  '@aws-sdk/client-eventbridge': {
    PutRule: [p('events:PutRule', 'rule')],
    DeleteRule: [p('events:DeleteRule', 'rule')],
    DescribeRule: [p('events:DescribeRule', 'rule')],
    EnableRule: [p('events:EnableRule', 'rule')],
    DisableRule: [p('events:DisableRule', 'rule')],
    ListRules: [star('events:ListRules', LIST_ONLY_STAR)],
    ListRuleNamesByTarget: [star('events:ListRuleNamesByTarget', LIST_ONLY_STAR)],
    PutTargets: [
      p('events:PutTargets', 'rule'),
      passRole('events.amazonaws.com', 'PutTargets hands each target its RoleArn'),
    ],
    RemoveTargets: [p('events:RemoveTargets', 'rule')],
    ListTargetsByRule: [p('events:ListTargetsByRule', 'rule')],
    CreateEventBus: [p('events:CreateEventBus', 'eventBus')],
    UpdateEventBus: [p('events:UpdateEventBus', 'eventBus')],
    DeleteEventBus: [p('events:DeleteEventBus', 'eventBus')],
    DescribeEventBus: [p('events:DescribeEventBus', 'eventBus')],
    ListEventBuses: [star('events:ListEventBuses', LIST_ONLY_STAR)],
    PutEvents: [p('events:PutEvents', 'eventBus')],
    TagResource: [p('events:TagResource', 'rule'), p('events:TagResource', 'eventBus')],
    UntagResource: [p('events:UntagResource', 'rule'), p('events:UntagResource', 'eventBus')],
    ListTagsForResource: [p('events:ListTagsForResource', 'rule'), p('events:ListTagsForResource', 'eventBus')],
  },
  '@aws-sdk/client-scheduler': {
    CreateSchedule: [
      p('scheduler:CreateSchedule', 'schedule'),
      passRole('scheduler.amazonaws.com', 'CreateSchedule hands the target its RoleArn'),
    ],
    UpdateSchedule: [
      p('scheduler:UpdateSchedule', 'schedule'),
      passRole('scheduler.amazonaws.com', 'UpdateSchedule hands the target its RoleArn'),
    ],
    DeleteSchedule: [p('scheduler:DeleteSchedule', 'schedule')],
    GetSchedule: [p('scheduler:GetSchedule', 'schedule')],
    ListSchedules: [star('scheduler:ListSchedules', LIST_ONLY_STAR)],
    ListScheduleGroups: [star('scheduler:ListScheduleGroups', LIST_ONLY_STAR)],
    CreateScheduleGroup: [p('scheduler:CreateScheduleGroup', 'scheduleGroup')],
    DeleteScheduleGroup: [p('scheduler:DeleteScheduleGroup', 'scheduleGroup')],
    GetScheduleGroup: [p('scheduler:GetScheduleGroup', 'scheduleGroup')],
    // EventBridge Scheduler tags schedule groups only; schedules have no tags.
    TagResource: [p('scheduler:TagResource', 'scheduleGroup')],
    UntagResource: [p('scheduler:UntagResource', 'scheduleGroup')],
    ListTagsForResource: [p('scheduler:ListTagsForResource', 'scheduleGroup')],
  },
  '@aws-sdk/client-s3': {
    // "To use tagging with PutObject ... you must have the s3:PutObjectTagging permission" (S3 API
    // reference, PutObject, x-amz-tagging); artifact uploads send Tagging (ownership tags).
    PutObject: [
      p('s3:PutObject', 's3Object'),
      p('s3:PutObjectTagging', 's3Object', 'PutObject with a Tagging header also needs s3:PutObjectTagging'),
    ],
    GetObject: [p('s3:GetObject', 's3Object')],
    // HEAD Object is authorised as s3:GetObject (S3 API reference, HeadObject "Permissions").
    HeadObject: [p('s3:GetObject', 's3Object', 'HeadObject is authorised as s3:GetObject')],
    CopyObject: [
      p('s3:GetObject', 's3Object', 'CopyObject reads the source object'),
      p('s3:PutObject', 's3Object', 'CopyObject writes the destination object'),
    ],
    DeleteObject: [p('s3:DeleteObject', 's3Object')],
    DeleteObjects: [p('s3:DeleteObject', 's3Object', 'DeleteObjects is authorised per object as s3:DeleteObject')],
    // Listing is an operation on the bucket ARN, authorised as s3:ListBucket (with s3:prefix).
    ListObjectsV2: [p('s3:ListBucket', 's3Bucket', 'ListObjectsV2 is authorised as s3:ListBucket on the bucket ARN')],
    ListObjects: [p('s3:ListBucket', 's3Bucket', 'ListObjects is authorised as s3:ListBucket on the bucket ARN')],
    HeadBucket: [
      bucketLevel('s3:ListBucket', 's3Bucket', 'HeadBucket is authorised as s3:ListBucket (and names no prefix)'),
    ],
    GetBucketLocation: [bucketLevel('s3:GetBucketLocation', 's3Bucket', 'GetBucketLocation names no prefix')],
    CreateMultipartUpload: [p('s3:PutObject', 's3Object', 'multipart uploads are authorised as s3:PutObject')],
    UploadPart: [p('s3:PutObject', 's3Object', 'multipart uploads are authorised as s3:PutObject')],
    CompleteMultipartUpload: [p('s3:PutObject', 's3Object', 'multipart uploads are authorised as s3:PutObject')],
    AbortMultipartUpload: [p('s3:AbortMultipartUpload', 's3Object')],
    ListParts: [p('s3:ListMultipartUploadParts', 's3Object', 'ListParts is authorised as s3:ListMultipartUploadParts')],
    GetObjectTagging: [p('s3:GetObjectTagging', 's3Object')],
    PutObjectTagging: [p('s3:PutObjectTagging', 's3Object')],
  },
  '@aws-sdk/client-athena': {
    StartQueryExecution: [p('athena:StartQueryExecution', 'workgroup'), ...ATHENA_QUERY_EXTRAS],
    GetQueryExecution: [p('athena:GetQueryExecution', 'workgroup')],
    BatchGetQueryExecution: [p('athena:BatchGetQueryExecution', 'workgroup')],
    StopQueryExecution: [p('athena:StopQueryExecution', 'workgroup')],
    GetQueryRuntimeStatistics: [p('athena:GetQueryRuntimeStatistics', 'workgroup')],
    ListQueryExecutions: [p('athena:ListQueryExecutions', 'workgroup')],
    GetQueryResults: [
      p('athena:GetQueryResults', 'workgroup'),
      p('s3:GetObject', 'athenaResults', "GetQueryResults reads the result file with the caller's permissions"),
    ],
    GetWorkGroup: [p('athena:GetWorkGroup', 'workgroup')],
    ListWorkGroups: [
      star('athena:ListWorkGroups', 'athena:ListWorkGroups has no resource types (Athena guide, workgroup policies)'),
    ],
    GetDataCatalog: [p('athena:GetDataCatalog', 'dataCatalog')],
    GetTableMetadata: [
      p('athena:GetTableMetadata', 'dataCatalog'),
      p('glue:GetTable', 'catalog', "Athena reads AwsDataCatalog metadata from Glue with the caller's permissions"),
    ],
    ListTableMetadata: [
      p('athena:ListTableMetadata', 'dataCatalog'),
      p('glue:GetTables', 'catalog', "Athena reads AwsDataCatalog metadata from Glue with the caller's permissions"),
    ],
    ListDatabases: [
      p('athena:ListDatabases', 'dataCatalog'),
      p('glue:GetDatabases', 'catalog', "Athena reads AwsDataCatalog metadata from Glue with the caller's permissions"),
    ],
  },
  '@aws-sdk/client-cloudwatch-logs': {
    // GetLogEvents is authorised on the log stream ARN (Service Authorization Reference: log-stream*).
    GetLogEvents: [p('logs:GetLogEvents', 'glueLogStream')],
    FilterLogEvents: [p('logs:FilterLogEvents', 'glueLogGroup')],
    DescribeLogStreams: [p('logs:DescribeLogStreams', 'glueLogGroup')],
    StartLiveTail: [p('logs:StartLiveTail', 'glueLogGroup')],
    DescribeLogGroups: [star('logs:DescribeLogGroups', LIST_ONLY_STAR)],
    CreateLogGroup: [
      p('logs:CreateLogGroup', 'stateMachineLogGroup'),
      // CloudWatch Logs API reference, CreateLogGroup: tagging at creation needs logs:TagResource.
      p('logs:TagResource', 'stateMachineLogGroup', 'CreateLogGroup with tags also needs logs:TagResource'),
    ],
    DeleteLogGroup: [p('logs:DeleteLogGroup', 'stateMachineLogGroup')],
    PutRetentionPolicy: [p('logs:PutRetentionPolicy', 'stateMachineLogGroup')],
    TagResource: [p('logs:TagResource', 'stateMachineLogGroup')],
    ListTagsForResource: [p('logs:ListTagsForResource', 'stateMachineLogGroup')],
  },
  '@aws-sdk/client-resource-groups-tagging-api': {
    // Plan reads owned ARNs and their tags by the ownership tags (src/targets/aws/read-tagging.ts).
    GetResources: [
      star('tag:GetResources', 'tag:GetResources has no resource types in the Service Authorization Reference'),
    ],
  },
  '@aws-sdk/client-iam': {
    // Preflight (src/targets/aws/preflight.ts) checks each declared role exists and trusts its service.
    GetRole: [p('iam:GetRole', 'serviceRole')],
  },
  '@aws-sdk/client-sts': {
    // "No permissions are required to perform this operation" (STS API reference, GetCallerIdentity).
    GetCallerIdentity: [],
  },
};

/** Commands that SDK helpers send on the caller's behalf (found by name in the code). */
export const HELPER_COMMANDS: Record<string, Record<string, string[]>> = {
  // @aws-sdk/lib-storage's Upload sends a PutObject, or a multipart upload for large bodies.
  '@aws-sdk/lib-storage': {
    Upload: ['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload'],
  },
};

/** The SDK client package a helper's commands belong to. */
export const HELPER_CLIENT: Record<string, string> = { '@aws-sdk/lib-storage': '@aws-sdk/client-s3' };

export function isSdkClientPackage(pkg: string): boolean {
  return /^@aws-sdk\/client-[a-z0-9-]+$/.test(pkg);
}

/** The permissions of one command, or undefined when the table does not know it. */
export function permissionsFor(clientPackage: string, command: string): Permission[] | undefined {
  const name = command.endsWith('Command') ? command.slice(0, -'Command'.length) : command;
  return COMMAND_PERMISSIONS[clientPackage]?.[name];
}

/** Step Functions' aws-sdk service integration names -> SDK v3 client packages. */
export const SFN_SDK_SERVICES: Record<string, string> = {
  glue: '@aws-sdk/client-glue',
  sfn: '@aws-sdk/client-sfn',
  s3: '@aws-sdk/client-s3',
  athena: '@aws-sdk/client-athena',
  eventbridge: '@aws-sdk/client-eventbridge',
  scheduler: '@aws-sdk/client-scheduler',
  cloudwatchlogs: '@aws-sdk/client-cloudwatch-logs',
};

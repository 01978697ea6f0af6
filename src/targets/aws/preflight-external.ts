// Preflight of `external:` (resources owned elsewhere): each must exist, checked with one read
// call, and a missing one is reported with the lakeops.yaml line that lists it. Nothing is written.
import { GetDatabaseCommand, GetJobCommand, GetTableCommand, type GlueClient } from '@aws-sdk/client-glue';
import { GetBucketLocationCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { partitionOf, type Environment } from '../../model/environment.js';
import type { ExternalResource } from '../../model/external.js';
import type { Project } from '../../model/project.js';

export interface ExternalCheckClients {
  glue: GlueClient;
  s3: S3Client;
  sfn: SFNClient;
}

export interface ExternalFinding {
  piece: string;
  problem: string;
  fix: string;
}

const errorName = (e: unknown) => (e as { name?: string }).name ?? '';
const httpStatus = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const NOT_FOUND = new Set(['EntityNotFoundException', 'StateMachineDoesNotExist', 'NoSuchBucket', 'NotFound']);

/** The physical resource an external entry names, as a readable piece. */
function describe(
  env: Environment,
  e: ExternalResource,
  account: string,
): { what: string; read: (c: ExternalCheckClients) => Promise<unknown> } {
  switch (e.kind) {
    case 'database':
      return { what: `glue database ${e.name}`, read: (c) => c.glue.send(new GetDatabaseCommand({ Name: e.name })) };
    case 'table': {
      const db = env.physicalName('database', e.logical.slice(0, e.logical.indexOf('.')));
      return {
        what: `glue table ${db}.${e.name}`,
        read: (c) => c.glue.send(new GetTableCommand({ DatabaseName: db, Name: e.name })),
      };
    }
    case 'job':
      return { what: `glue job ${e.name}`, read: (c) => c.glue.send(new GetJobCommand({ JobName: e.name })) };
    case 'stateMachine': {
      const arn = e.arn ?? `arn:${partitionOf(env.region)}:states:${env.region}:${account}:stateMachine:${e.name}`;
      return {
        what: `state machine ${arn}`,
        read: (c) => c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
      };
    }
    case 'bucket': {
      const bucket = env.bucket(e.logical);
      return { what: `bucket ${bucket}`, read: (c) => c.s3.send(new GetBucketLocationCommand({ Bucket: bucket })) };
    }
  }
}

export async function checkExternalResources(
  project: Project,
  env: Environment,
  clients: ExternalCheckClients,
  account: string,
): Promise<ExternalFinding[]> {
  const out: ExternalFinding[] = [];
  await Promise.all(
    [...env.external.values()].map(async (e) => {
      const { what, read } = describe(env, e, account);
      const where = `lakeops.yaml:${project.source.locate(e.path, { key: true }).line} ${e.path.join('.')}`;
      try {
        await read(clients);
      } catch (err) {
        // Another team's bucket may refuse GetBucketLocation (403): it exists.
        if (e.kind === 'bucket' && httpStatus(err) === 403) return;
        const missing = NOT_FOUND.has(errorName(err)) || httpStatus(err) === 404;
        out.push({
          piece: `external ${what} (${where})`,
          problem: missing
            ? 'does not exist; lakeops never creates an external resource'
            : `cannot be checked: ${(err as Error).message ?? String(err)}`,
          fix: missing
            ? `ask its owner to create it, or correct ${e.path.join('.')} in lakeops.yaml`
            : `grant the deploy role read access to it (lakeops iam --env ${env.name}), or correct ${e.path.join('.')}`,
        });
      }
    }),
  );
  return out.sort((a, b) => a.piece.localeCompare(b.piece));
}

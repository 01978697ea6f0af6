// Artifacts are content-addressed, so existence is all there is to know: one HeadObject per
// artifact. The deploy record (spec hashes of the last deploy) is one GetObject.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { DeployRecord } from '../../planner/diff.js';
import type { ActualResource } from '../../planner/types.js';
import { errorCode, isNotFound } from './errors.js';
import type { Reader } from './reader.js';

function explainForbidden(e: unknown, bucket: string, key: string): Error {
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 403 || errorCode(e) === 'Forbidden' || errorCode(e) === 'AccessDenied')
    return new Error(
      `access denied reading s3://${bucket}/${key}: the deploy role needs s3:GetObject on the artifacts prefix and ` +
        `s3:ListBucket on ${bucket} (without ListBucket S3 answers 403 instead of 404 for a missing key)`,
    );
  return e as Error;
}

export async function readArtifacts(r: Reader, bucket: string, keys: string[]): Promise<ActualResource[]> {
  const out: ActualResource[] = [];
  await Promise.all(
    keys.map(async (key) => {
      try {
        await r.send('s3:HeadObject', () => r.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
        out.push({ kind: 'artifact', name: key, spec: { Bucket: bucket, Key: key } });
      } catch (e) {
        if (isNotFound(e)) return;
        throw explainForbidden(e, bucket, key);
      }
    }),
  );
  return out;
}

export async function readDeployRecord(r: Reader, bucket: string, key: string): Promise<DeployRecord | undefined> {
  try {
    const out = await r.send('s3:GetObject', () =>
      r.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    );
    const text = (await out.Body?.transformToString('utf8')) ?? '';
    const record = JSON.parse(text) as DeployRecord;
    return record?.version === 1 && record.resources ? record : undefined;
  } catch (e) {
    if (isNotFound(e) || e instanceof SyntaxError) return undefined; // no record yet, or unreadable: no drift marks
    throw explainForbidden(e, bucket, key);
  }
}

// Artifacts are content-addressed, so existence is all there is to know: one HeadObject per
// artifact when there are few; with many, the artifact prefix is listed instead (1,000 keys a page,
// 16 listings in parallel, one per leading hex digit of the content hash). The deploy record
// (spec hashes of the last deploy) is one GetObject.
import { GetObjectCommand, HeadObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { DeployRecord } from '../../planner/record.js';
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

/** Above this many artifacts, listing the prefix takes fewer calls than a HeadObject each. */
export const LIST_ARTIFACTS_ABOVE = 64;

async function listArtifacts(r: Reader, bucket: string, prefix: string): Promise<Set<string>> {
  const keys = new Set<string>();
  await Promise.all(
    [...'0123456789abcdef'].map(async (digit) => {
      try {
        for await (const page of paginateListObjectsV2(
          { client: r.clients.s3, pageSize: 1000 },
          { Bucket: bucket, Prefix: `${prefix}${digit}` },
        )) {
          r.count('s3:ListObjectsV2');
          for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
        }
      } catch (e) {
        throw explainForbidden(e, bucket, prefix);
      }
    }),
  );
  return keys;
}

export async function readArtifacts(
  r: Reader,
  bucket: string,
  prefix: string,
  keys: string[],
): Promise<ActualResource[]> {
  const present = (key: string): ActualResource => ({
    kind: 'artifact',
    name: key,
    spec: { Bucket: bucket, Key: key },
  });
  if (keys.length > LIST_ARTIFACTS_ABOVE) {
    const listed = await listArtifacts(r, bucket, prefix);
    return keys.filter((k) => listed.has(k)).map(present);
  }
  const out: ActualResource[] = [];
  await Promise.all(
    keys.map(async (key) => {
      try {
        await r.send('s3:HeadObject', () => r.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
        out.push(present(key));
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
